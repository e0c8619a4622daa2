import { Decimal } from '../money/decimal.js';
import { allocateProportionally, onDemandUsage, tieredCost } from './custom-tiers.js';
import { DetailSink, type GroupDetail } from './group-detail.js';
import { ExactAccumulator, ExactProductSum } from './exact-accumulator.js';
import { fallbackPricing, type FallbackPricing } from './fallback-pricing.js';
import { passthroughDetail } from './passthrough.js';
import type { PlanLookup, PricingScales, ServiceRules } from './plan-lookup.js';
import {
    ClassCode, PAIR_BASE_OFF, PAIR_BASE_ON, PAIR_ENTITY, PAIR_ID, PAIR_OWNER, PAIR_STRIDE, SEG_BASE_OFF, SEG_BASE_ON, SEG_ENTITY, SEG_KIND, SEG_OWNER, SEG_ROWS,
    SEG_UNBLENDED, SEGMENT_STRIDE, SegmentKind, type PreparedAccount, type PreparedCube,
} from './prepare-cube.js';
import { MAX_OWNERS, otherOwners, RuleSums, type AccountBases, type BasesTable } from './rule-bases.js';
import type { TieringRule } from './rule-index.js';
import { addFixed, fixedFromDecimal, multiplyFixed, type Fixed } from './scaled.js';

/** Average custom-tier rate of a group for one (service, usage type), for row pricing. */
export interface TierRate {
    readonly service: string;
    readonly usageType: string;
    readonly rate: Decimal;
}


/** A period's cells by billing group, as the cell pricer reads them (one per period: nothing is made per group). */
export interface PeriodCells {
    /** The period's accounts with data, grouped by billing group (ascending id within a group). */
    readonly accountsByGroup: readonly PreparedAccount[];
    /** Group g's accounts are accountsByGroup[groupStart[g] .. groupStart[g + 1]). */
    readonly groupStart: Int32Array;
    /** Group index per prepared account index in this period (-1: none): is a commitment's owner in the same group? */
    readonly groupOfAccount: Int32Array;
    /** Each group's plan, compiled against the cube. */
    readonly lookups: readonly PlanLookup[];
    /** Each group is on ABC's Passthrough plan (passthrough.ts). */
    readonly passthrough: readonly boolean[];
    /** Each group's kept segment walks (its plan shape's table in `RuleBasesCache`); absent: every account is walked. */
    readonly bases?: readonly BasesTable[];
}

/**
 * The headline figures of one group in one period: what every policy edit needs. `totals` returns one
 * reused object (valid until its next call): thousands of groups are priced per edit, and the caller
 * keeps only the figures it stores.
 */
export interface GroupTotals {
    /** Σ unblended, data scale. */
    readonly awsCost: bigint;
    /** Repriced charges before custom line items. */
    readonly charges: Fixed;
    /** The kept SavingsPlanNegation part of `charges`, units of the pricing scale. */
    readonly savingsPlanNegationUnits: bigint;
    /** Rows priced from their unblended cost for want of a public price (0 for Passthrough: nothing is repriced). */
    readonly rowsWithoutPublicCost: number;
    /** Average custom-tier rates, when custom tiers priced cells. */
    readonly tierRates: readonly TierRate[] | undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface TierBucket {
    readonly cells: number[];
    readonly tiering: TieringRule;
}

/**
 * Prices the cells of one billing group in one period: the fast path's one face to price-policy.ts.
 * `totals` runs on every policy edit (a double addition per cell, nothing allocated per cell; the
 * exact sums become `Fixed` in one place, `fixedTotals`), `detail` when a report is written (per
 * service, per account, per rule, in BigInts), `fallback` only when the totals saw rows without a
 * public price. Passthrough groups are priced here too (passthrough.ts).
 */
export class GroupCellPricer {
    private readonly scratchProforma: bigint[];
    private readonly scratchNegation: bigint[];
    private readonly scratchAws: bigint[];
    private readonly seen: Uint8Array;
    private readonly touched: number[] = [];
    /** Kept costs at the pricing scale (made on the first detail run). */
    private keptCost: readonly bigint[] | undefined;
    /** The current group's sums, and one account's while its walk is first taken for `RuleBasesCache`. */
    private readonly group = new RuleSums();
    private readonly account = new RuleSums();
    /** Set by a walk that put cells in the group's custom-tier buckets (see `walk`). */
    private tierCells = false;
    private readonly products = new ExactProductSum();
    private readonly aws = new ExactAccumulator();
    /** What `totals` returns (reused). */
    private readonly result: Mutable<GroupTotals> = { awsCost: 0n, charges: { units: 0n, scale: 0 }, savingsPlanNegationUnits: 0n, rowsWithoutPublicCost: 0, tierRates: undefined };

    constructor(
        private readonly prepared: PreparedCube,
        private readonly scales: PricingScales,
    ) {
        const serviceCount = prepared.services.length;
        this.scratchProforma = new Array<bigint>(serviceCount).fill(0n);
        this.scratchNegation = new Array<bigint>(serviceCount).fill(0n);
        this.scratchAws = new Array<bigint>(serviceCount).fill(0n);
        this.seen = new Uint8Array(serviceCount);
    }

    /**
     * Prices the group's cells, totals only: the path run on every policy edit. By linearity, the
     * charges are Σ over rules of factor × Σ bases the rule priced, plus the kept costs and the bases
     * no rule priced; so each cell costs one exact addition (in doubles while exact, see
     * `ExactAccumulator`) and the multiplications happen once per rule and group.
     *
     * Passthrough groups run the same loop with an empty plan (their kept SavingsPlanNegation is the
     * line items' base); their charges are their AWS cost.
     */
    totals(period: PeriodCells, groupIndex: number): GroupTotals {
        const { accountsByGroup: accounts, groupOfAccount } = period;
        const start = period.groupStart[groupIndex]!;
        const end = period.groupStart[groupIndex + 1]!;
        const lookup = period.lookups[groupIndex]!;
        const table = period.bases?.[groupIndex];
        const { group: sums, account: accountSums, aws } = this;
        sums.ensure(lookup.rules.ruleCount);
        accountSums.ensure(lookup.rules.ruleCount);
        let rowsWithoutPublic = 0;
        this.tierBuckets = undefined;

        for (let a = start; a < end; a++) {
            const account = accounts[a]!;
            aws.add(account.awsCostNumber, account.awsCost);
            if (table === undefined) {
                rowsWithoutPublic += this.walk(account, lookup, groupIndex, groupOfAccount, sums);
                continue;
            }
            let walks = table.walks[account.index];
            if (walks === undefined) {
                const owners = otherOwners(this.prepared, account);
                walks = table.walks[account.index] = owners.length > MAX_OWNERS ? null : { owners, variants: new Array<AccountBases | undefined>(1 << owners.length) };
            }
            if (walks === null) {
                rowsWithoutPublic += this.walk(account, lookup, groupIndex, groupOfAccount, sums);
                continue;
            }
            const owners = walks.owners;
            let variant = 0;
            for (let k = 0; k < owners.length; k++) if (groupOfAccount[owners[k]!] === groupIndex) variant |= 1 << k;
            let bases = walks.variants[variant];
            if (bases === undefined) {
                // First walk of the account in this variant: summed apart, then kept (unless custom tiers took cells).
                this.tierCells = false;
                bases = accountSums.take(this.walk(account, lookup, groupIndex, groupOfAccount, accountSums), table);
                if (this.tierCells) table.walks[account.index] = null;
                else walks.variants[variant] = bases;
            }
            rowsWithoutPublic += sums.add(table, bases);
        }

        return this.fixedTotals(lookup, period.passthrough[groupIndex]!, rowsWithoutPublic);
    }

    /**
     * Sums one account's cells into `sums` through its runs' segments (cell by cell where SKU rules or custom tiers
     * need it); returns the rows without a public price. Besides the account's cells and the plan's shape, its
     * decisions read only whether a commitment's owner is in the group (see `AccountWalks`), and it sets `tierCells`
     * when custom tiers took cells (their buckets are the group's).
     */
    private walk(account: PreparedAccount, lookup: PlanLookup, groupIndex: number, groupOfAccount: Int32Array, sums: RuleSums): number {
        const { runs, records } = this.prepared;
        const { serviceId: runService, first: runFirst, end: runEnd, recordStart, pairStart } = runs;
        const data = records.numbers;
        const { plain, negation } = sums;
        let rowsWithoutPublic = 0;
        for (let r = account.firstRun; r < account.endRun; r++) {
            const serviceRules = lookup.forService(runService[r]!);
            if (serviceRules.perCell) {
                rowsWithoutPublic += this.totalsOfCells(runFirst[r]!, runEnd[r]!, serviceRules, groupIndex, groupOfAccount, lookup, sums);
                continue;
            }
            const tiering = serviceRules.tiering;
            const base = tiering !== null && !tiering.freeTier ? SEG_BASE_OFF : SEG_BASE_ON;
            const byEntity = serviceRules.byEntity;
            const segmentEnd = pairStart[r]!;
            for (let at = recordStart[r]!; at < segmentEnd; at += SEGMENT_STRIDE) {
                const kind = data[at + SEG_KIND]!;
                if (kind !== SegmentKind.Usage) {
                    if (kind === SegmentKind.Fixed) {
                        plain.addAt(records, at + SEG_UNBLENDED);
                        continue;
                    }
                    const owner = data[at + SEG_OWNER]!;
                    if (owner >= 0 && groupOfAccount[owner] === groupIndex) {
                        plain.addAt(records, at + SEG_UNBLENDED);
                        if (kind === SegmentKind.Negation) negation.addAt(records, at + SEG_UNBLENDED);
                        continue;
                    }
                    if (kind === SegmentKind.Negation) continue;
                }
                // Repriced: usage, or covered usage whose commitment is owned outside the group.
                rowsWithoutPublic += data[at + SEG_ROWS]!;
                const slot = byEntity[data[at + SEG_ENTITY]!]!;
                if (slot === null) {
                    plain.addAt(records, at + base);
                    continue;
                }
                sums.of(slot.order).addAt(records, at + base);
            }
            if (serviceRules.skuPairs !== undefined) this.moveToSkuRules(r, serviceRules, groupIndex, groupOfAccount, sums);
        }
        return rowsWithoutPublic;
    }

    /**
     * The one place where the totals run's exact sums become `Fixed` at the pricing scale: Σ factor ×
     * bases per rule (and the plain bases and kept costs × 10^factorPlaces), then the custom-tier
     * buckets' allocations; resets the accumulators for the next group.
     */
    private fixedTotals(lookup: PlanLookup, passthrough: boolean, rowsWithoutPublic: number): GroupTotals {
        const { scaleUp, scaleUpNumber, scale } = this.scales;
        const { products, group: sums } = this;
        sums.plain.drainTimes(products, scaleUpNumber, scaleUp);
        for (let t = 0; t < sums.touchedCount; t++) {
            const slot = lookup.slotAt(sums.touched[t]!);
            sums.release(t).drainTimes(products, slot.factorNumber, slot.factorUnits);
        }
        sums.touchedCount = 0;
        let charges: Fixed = { units: products.take(), scale };
        let tierRates: TierRate[] | undefined;
        const tierBuckets = this.takeTierBuckets();
        if (tierBuckets) {
            tierRates = [];
            for (const bucket of tierBuckets.values()) charges = this.priceTierBucket(bucket, lookup, charges, tierRates, undefined);
        }
        const awsCost = this.aws.take();
        sums.negation.drainTimes(products, scaleUpNumber, scaleUp);
        const result = this.result;
        result.awsCost = awsCost;
        result.savingsPlanNegationUnits = products.take();
        result.tierRates = tierRates;
        // Passthrough: the billable figures unchanged, every line item at its billed cost.
        result.charges = passthrough ? { units: awsCost * scaleUp, scale } : charges;
        result.rowsWithoutPublicCost = passthrough ? 0 : rowsWithoutPublic;
        return result;
    }

    /** The rows of the group priced from their billed cost for want of a public price (fallback-pricing.ts). */
    fallback(period: PeriodCells, groupIndex: number): FallbackPricing {
        const { accountsByGroup, groupStart, groupOfAccount, lookups } = period;
        return fallbackPricing(this.prepared, groupIndex, accountsByGroup, groupStart[groupIndex]!, groupStart[groupIndex + 1]!, groupOfAccount, lookups[groupIndex]!);
    }

    /**
     * The segments of run r priced every repriced cell by its billing entity; the cells whose
     * (usage type, operation) has a SKU rule move from that rule to the SKU rule (exact integers:
     * subtracting is exact), found by binary search among the run's cells ordered by pair.
     */
    private moveToSkuRules(r: number, serviceRules: ServiceRules, groupIndex: number, groupOfAccount: Int32Array, sums: RuleSums): void {
        const { pairStart, recordStart } = this.prepared.runs;
        const records = this.prepared.records;
        const data = records.numbers;
        const tiering = serviceRules.tiering;
        const base = tiering !== null && !tiering.freeTier ? PAIR_BASE_OFF : PAIR_BASE_ON;
        const { plain } = sums;
        const sku = serviceRules.sku!;
        const skuPairs = serviceRules.skuPairs!;
        const byEntity = serviceRules.byEntity;
        const first = pairStart[r]!;
        const count = (recordStart[r + 1]! - first) / PAIR_STRIDE;
        for (let q = 0; q < skuPairs.length; q++) {
            const pair = skuPairs[q]!;
            let low = 0;
            let high = count;
            while (low < high) {
                const middle = (low + high) >>> 1;
                if (data[first + middle * PAIR_STRIDE + PAIR_ID]! < pair) low = middle + 1;
                else high = middle;
            }
            const slot = sku[pair]!;
            for (let at = first + low * PAIR_STRIDE; low < count && data[at + PAIR_ID] === pair; low++, at += PAIR_STRIDE) {
                const owner = data[at + PAIR_OWNER]!;
                // Covered usage whose commitment is owned in the group is kept, not priced by a rule.
                if (owner >= 0 && groupOfAccount[owner] === groupIndex) continue;
                const previous = byEntity[data[at + PAIR_ENTITY]!]!;
                if (previous === slot) continue;
                (previous === null ? plain : sums.of(previous.order)).subtractAt(records, at + base);
                sums.of(slot.order).addAt(records, at + base);
            }
        }
    }

    /** Scratch of `totals`: cells priced through custom tiers, by (service, usage type). */
    private tierBuckets: Map<number, TierBucket> | undefined;

    private takeTierBuckets(): Map<number, TierBucket> | undefined {
        const buckets = this.tierBuckets;
        this.tierBuckets = undefined;
        return buckets;
    }

    /**
     * `totals` for the cells [first, end) of one service run, one by one (SKU rules or custom tiers);
     * returns the rows priced from their unblended cost for want of a public price.
     */
    private totalsOfCells(first: number, end: number, serviceRules: ServiceRules, groupIndex: number, groupOfAccount: Int32Array, lookup: PlanLookup, sums: RuleSums): number {
        const { classCode, ownerIndex, tierKeyId, unblended, baseFreeTierOn, baseFreeTierOff, rowsWithoutPublicCost } = this.prepared.cells;
        const { plain, negation } = sums;
        const tiering = serviceRules.tiering;
        const customTiers = tiering !== null && tiering.customTiers !== undefined;
        const bases = tiering !== null && !tiering.freeTier ? baseFreeTierOff : baseFreeTierOn;
        let rowsWithoutPublic = 0;
        for (let i = first; i < end; i++) {
            const code = classCode[i]!;
            if (code !== ClassCode.Usage) {
                if (code === ClassCode.Covered || code === ClassCode.Negation) {
                    const owner = ownerIndex[i]!;
                    if (owner >= 0 && groupOfAccount[owner] === groupIndex) {
                        plain.addAt(unblended, i);
                        if (code === ClassCode.Negation) negation.addAt(unblended, i);
                        continue;
                    }
                    if (code === ClassCode.Negation) continue;
                } else if (code === ClassCode.Excluded) {
                    continue;
                } else {
                    // Commitment fees and unknown types: kept at their billed cost.
                    plain.addAt(unblended, i);
                    continue;
                }
            }
            // Repriced: usage, or covered usage whose commitment is owned outside the group.
            if (customTiers) {
                // The buckets are the group's: a walk that fills them is not the account's alone.
                this.tierCells = true;
                const buckets = (this.tierBuckets ??= new Map());
                const bucket = buckets.get(tierKeyId[i]!);
                if (bucket) bucket.cells.push(i);
                else buckets.set(tierKeyId[i]!, { cells: [i], tiering: tiering! });
                continue;
            }
            rowsWithoutPublic += rowsWithoutPublicCost[i]!;
            const slot = lookup.rateFor(i, serviceRules);
            if (slot === null) {
                plain.addAt(bases, i);
                continue;
            }
            sums.of(slot.order).addAt(bases, i);
        }
        return rowsWithoutPublic;
    }

    /**
     * Prices the group's cells with per-service, per-account and per-rule detail (when a report is
     * written). Plain BigInt arithmetic; `totals` must agree with it to the last digit (tested).
     */
    detail(period: PeriodCells, groupIndex: number): GroupDetail {
        const { accountsByGroup: accounts, groupOfAccount } = period;
        const start = period.groupStart[groupIndex]!;
        const end = period.groupStart[groupIndex + 1]!;
        if (period.passthrough[groupIndex]) return passthroughDetail(this.prepared, this.scales, accounts, start, end);
        const lookup = period.lookups[groupIndex]!;
        const sink = new DetailSink();
        const cells = this.prepared.cells;
        const { classCode, serviceId, ownerIndex, tierKeyId } = cells;
        const baseFreeTierOn = cells.baseFreeTierOn.all();
        const baseFreeTierOff = cells.baseFreeTierOff.all();
        const { runs } = this.prepared;
        const { scaleUp, scale } = this.scales;
        const keptCost = (this.keptCost ??= this.prepared.unblendedAt(this.scales.factorPlaces));
        const { scratchProforma, scratchNegation, scratchAws, seen, touched } = this;
        let chargesUnits = 0n;
        let tierBuckets: Map<number, TierBucket> | undefined;

        for (let a = start; a < end; a++) {
            const account = accounts[a]!;
            let accountProforma = 0n;
            let runService = -1;
            let runProforma = 0n;
            let runNegation = 0n;
            let serviceRules: ServiceRules | undefined;
            for (let i = account.first; i < account.end; i++) {
                const sid = serviceId[i]!;
                if (sid !== runService) {
                    if (runService >= 0) {
                        scratchProforma[runService] += runProforma;
                        scratchNegation[runService] += runNegation;
                        accountProforma += runProforma;
                        runProforma = 0n;
                        runNegation = 0n;
                    }
                    runService = sid;
                    serviceRules = lookup.forService(sid);
                    if (seen[sid] === 0) {
                        seen[sid] = 1;
                        touched.push(sid);
                    }
                }
                const code = classCode[i]!;
                if (code !== ClassCode.Usage) {
                    if (code === ClassCode.Covered || code === ClassCode.Negation) {
                        const owner = ownerIndex[i]!;
                        if (owner >= 0 && groupOfAccount[owner] === groupIndex) {
                            runProforma += keptCost[i]!;
                            if (code === ClassCode.Negation) runNegation += keptCost[i]!;
                            continue;
                        }
                        if (code === ClassCode.Negation) continue;
                    } else if (code === ClassCode.Excluded) {
                        continue;
                    } else {
                        runProforma += keptCost[i]!;
                        continue;
                    }
                }
                const tiering = serviceRules!.tiering;
                let base = baseFreeTierOn[i]!;
                if (tiering !== null) {
                    if (tiering.customTiers) {
                        tierBuckets ??= new Map();
                        const bucket = tierBuckets.get(tierKeyId[i]!);
                        if (bucket) bucket.cells.push(i);
                        else tierBuckets.set(tierKeyId[i]!, { cells: [i], tiering });
                        continue;
                    }
                    if (!tiering.freeTier) base = baseFreeTierOff[i]!;
                    sink.tiering(tiering, baseFreeTierOn[i]!, base);
                }
                const slot = lookup.rateFor(i, serviceRules!);
                if (slot === null) {
                    runProforma += base * scaleUp;
                } else {
                    runProforma += base * slot.factorUnits;
                    sink.rate(slot, base);
                }
            }
            if (runService >= 0) {
                scratchProforma[runService] += runProforma;
                scratchNegation[runService] += runNegation;
                accountProforma += runProforma;
            }
            for (let r = account.firstRun; r < account.endRun; r++) scratchAws[runs.serviceId[r]!] += runs.awsCost.at(r);
            sink.account(account.accountId, account.awsCost, accountProforma);
            chargesUnits += accountProforma;
        }

        let charges: Fixed = { units: chargesUnits, scale };
        if (tierBuckets) {
            for (const bucket of tierBuckets.values()) charges = this.priceTierBucket(bucket, lookup, charges, [], sink);
        }
        touched.sort((a, b) => a - b);
        for (const sid of touched) {
            sink.service(sid, scratchAws[sid]!, scratchProforma[sid]!, scratchNegation[sid]!);
            scratchAws[sid] = 0n;
            scratchProforma[sid] = 0n;
            scratchNegation[sid] = 0n;
            seen[sid] = 0;
        }
        touched.length = 0;
        sink.finish(scaleUp, scale, charges);
        return sink.detail!;
    }

    /**
     * Custom tiers: the group's on-demand usage of one usage type in the period (what its own commitments
     * did not cover), priced through the tiers and allocated back to the cells in proportion to their
     * on-demand usage (the parts sum exactly to the whole);
     * the cell's markup/discount rule then applies to its part.
     */
    private priceTierBucket(bucket: TierBucket, lookup: PlanLookup, charges: Fixed, tierRates: TierRate[], sink: DetailSink | undefined): Fixed {
        const { source, serviceId } = this.prepared.cells;
        const baseFreeTierOn = this.prepared.cells.baseFreeTierOn;
        const { cells, tiering } = bucket;
        // Usage its group's own RIs and Savings Plans covered (re-applied periods) keeps its commitment-priced cost:
        // it is neither tiered nor counted toward the thresholds (docs/semantics.md, "Custom tiers").
        const weights = cells.map((i) => onDemandUsage(source[i]!));
        const usage = weights.reduce((sum, weight) => sum.plus(weight), new Decimal(0));
        const cost = tieredCost(usage, tiering.customTiers!);
        const first = source[cells[0]!]!;
        if (!usage.isZero()) tierRates.push({ service: first.service, usageType: first.usageType, rate: cost.dividedBy(usage) });
        const parts = allocateProportionally(cost, weights);
        cells.forEach((i, n) => {
            const part = fixedFromDecimal(parts[n]!);
            const slot = lookup.rateFor(i, lookup.forService(serviceId[i]!));
            const proforma = slot ? multiplyFixed(part, { units: slot.factorUnits, scale: this.scales.factorPlaces }) : part;
            charges = addFixed(charges, proforma);
            sink?.tieredCell(tiering, slot, baseFreeTierOn.at(i), part, proforma, source[i]!.service, source[i]!.accountId);
        });
        return charges;
    }
}
