import { Decimal } from '../money/decimal.js';
import { allocateProportionally, onDemandUsage, tieredCost } from './custom-tiers.js';
import { ExactAccumulator, ExactProductSum, safeNumber } from './exact-accumulator.js';
import {
    ClassCode, PAIR_BASE_OFF, PAIR_BASE_ON, PAIR_ENTITY, PAIR_ID, PAIR_OWNER, PAIR_STRIDE, SEG_BASE_OFF, SEG_BASE_ON, SEG_ENTITY, SEG_KIND, SEG_OWNER, SEG_ROWS,
    SEG_UNBLENDED, SEGMENT_STRIDE, SegmentKind, type PreparedAccount, type PreparedCube,
} from './prepare-cube.js';
import type { PlanRules, RateRule, TieringRule } from './rule-index.js';
import { addFixed, fixedFromDecimal, multiplyFixed, toUnits, type Fixed } from './scaled.js';

/** A rate rule with its factor as an integer at the pricing's factor scale. */
export interface RateSlot {
    readonly rule: RateRule;
    readonly factorUnits: bigint;
    /** `factorUnits` as a double (a safe integer; else the product path uses the BigInt). */
    readonly factorNumber: number;
    /** Scratch of `GroupCellPricer.totals`: Σ bases this rule priced in the current group. */
    readonly accumulator: ExactAccumulator;
    touched: boolean;
}

/** The rules of a plan that can apply to one service, resolved against the cube's interned keys. */
export interface ServiceRules {
    /**
     * The SKU rule of each of the service's (usage type, operation) pairs, by service pair id
     * (`PreparedCells.servicePairId`); undefined when no pair of the data has one.
     */
    readonly sku: readonly (RateSlot | undefined)[] | undefined;
    /** The service pair ids that have a SKU rule, ascending (with `sku`). */
    readonly skuPairs: readonly number[] | undefined;
    /** The SERVICE rule, else null (then BILLING_ENTITY, then GLOBAL). */
    readonly serviceSlot: RateSlot | null;
    /** The rule of a cell without SKU rule, by billing entity id: SERVICE, else BILLING_ENTITY, else GLOBAL (or null). */
    readonly byEntity: readonly (RateSlot | null)[];
    /** The TIERING rule (SERVICE, else GLOBAL), else null. */
    readonly tiering: TieringRule | null;
    /** Usage is priced through custom tiers: the totals then go cell by cell instead of over the run's segments. */
    readonly perCell: boolean;
}

/**
 * A plan's rules compiled against a prepared cube: rule keys become the cube's interned integers,
 * so finding the rule of a cell is an array read and at most a few integer-keyed map lookups
 * (same precedence as `PlanRules.rateRuleFor`).
 */
export class PlanLookup {
    private readonly byServiceId: (ServiceRules | undefined)[] = [];
    private readonly entitySlots = new Map<number, RateSlot>();
    private readonly global: RateSlot | null;
    private readonly slots = new Map<RateRule, RateSlot>();

    constructor(
        readonly rules: PlanRules,
        private readonly prepared: PreparedCube,
        private readonly factorPlaces: number,
    ) {
        this.global = rules.global ? this.slotOf(rules.global) : null;
        for (const [entity, rule] of rules.byEntity) {
            const id = prepared.entityIndex.get(entity);
            if (id !== undefined) this.entitySlots.set(id, this.slotOf(rule));
        }
    }

    forService(serviceId: number): ServiceRules {
        let found = this.byServiceId[serviceId];
        if (found === undefined) {
            const service = this.prepared.services[serviceId]!;
            const rule = this.rules.byService.get(service);
            const sku = this.compileSku(serviceId, service);
            const tiering = this.rules.tieringRuleFor(service) ?? null;
            const skuPairs: number[] = [];
            if (sku) sku.forEach((slot, pair) => slot !== undefined && skuPairs.push(pair));
            const serviceSlot = rule ? this.slotOf(rule) : null;
            const byEntity: (RateSlot | null)[] = [];
            for (let entity = 0; entity < this.prepared.entityIndex.size; entity++) byEntity.push(serviceSlot ?? this.entitySlots.get(entity) ?? this.global);
            found = {
                sku,
                skuPairs: sku ? skuPairs : undefined,
                serviceSlot,
                byEntity,
                tiering,
                perCell: tiering !== null && tiering.customTiers !== undefined,
            };
            this.byServiceId[serviceId] = found;
        }
        return found;
    }

    /** The single most specific MARKUP/DISCOUNT rule of cell `i` (of a service with rules `service`). */
    rateFor(i: number, service: ServiceRules): RateSlot | null {
        if (service.sku !== undefined) {
            const slot = service.sku[this.prepared.cells.servicePairId[i]!];
            if (slot !== undefined) return slot;
        }
        return service.byEntity[this.prepared.cells.entityId[i]!]!;
    }

    /** The service's SKU rules resolved per (usage type, operation) pair of the data (same precedence as `PlanRules`). */
    private compileSku(serviceId: number, service: string): ServiceRules['sku'] {
        const sku = this.rules.bySku.get(service);
        if (!sku) return undefined;
        const { usageTypeId, operationId, pairId } = this.prepared.servicePairs[serviceId]!;
        const compile = (rules: Map<string, RateRule>, index: ReadonlyMap<string, number>): Map<number, RateRule> => {
            const compiled = new Map<number, RateRule>();
            for (const [key, rule] of rules) {
                const id = index.get(key);
                if (id !== undefined) compiled.set(id, rule);
            }
            return compiled;
        };
        const both = compile(sku.byUsageTypeAndOperation, this.prepared.usageTypeOperationIndex);
        const byUsageType = compile(sku.byUsageType, this.prepared.usageTypeIndex);
        const byOperation = compile(sku.byOperation, this.prepared.operationIndex);
        if (both.size + byUsageType.size + byOperation.size === 0) return undefined;
        const slots = new Array<RateSlot | undefined>(pairId.length).fill(undefined);
        let any = false;
        for (let p = 0; p < pairId.length; p++) {
            const rule = both.get(pairId[p]!) ?? byUsageType.get(usageTypeId[p]!) ?? byOperation.get(operationId[p]!);
            if (rule !== undefined) {
                slots[p] = this.slotOf(rule);
                any = true;
            }
        }
        return any ? slots : undefined;
    }

    private slotOf(rule: RateRule): RateSlot {
        let slot = this.slots.get(rule);
        if (!slot) {
            const factorUnits = toUnits(rule.factor, this.factorPlaces);
            const factorNumber = safeNumber(factorUnits);
            this.slots.set(rule, (slot = { rule, factorUnits, factorNumber: factorNumber === factorNumber ? factorNumber : Infinity, accumulator: new ExactAccumulator(), touched: false }));
        }
        return slot;
    }
}

/** What one rule did in a group and period. */
export interface RuleTotals {
    readonly rule: string;
    /** Position in the plan: rule effects are listed in the order the plan names the rules. */
    readonly order: number;
    readonly publicCost: Fixed;
    readonly proformaCost: Fixed;
    readonly cells: number;
}

/** A pro forma amount outside the plain cell sums: a custom-tier allocation to one cell. */
export interface Posting {
    readonly service: string;
    readonly accountId: string;
    readonly amount: Fixed;
}

/** Per-service, per-account and per-rule figures of a group in a period. */
export interface GroupDetail {
    /** Service ids (into `prepared.services`) with cells, ascending. */
    readonly serviceIds: readonly number[];
    /** Σ unblended per service, data scale. */
    readonly serviceAwsCost: readonly bigint[];
    /** Σ pro forma of the cells per service, pricing scale (custom-tier allocations are postings). */
    readonly serviceProforma: readonly bigint[];
    /** The kept SavingsPlanNegation part of `serviceProforma`, pricing scale. */
    readonly serviceNegation: readonly bigint[];
    /** Accounts with cells, ascending. */
    readonly accountIds: readonly string[];
    readonly accountAwsCost: readonly bigint[];
    /** Pricing scale, custom-tier allocations excluded (they are postings). */
    readonly accountProforma: readonly bigint[];
    readonly tierPostings: readonly Posting[];
    readonly rules: readonly RuleTotals[];
    /** Repriced charges (Σ of the above): equal to the totals run's charges. */
    readonly charges: Fixed;
}

/** Average custom-tier rate of a group for one (service, usage type), for row pricing. */
export interface TierRate {
    readonly service: string;
    readonly usageType: string;
    readonly rate: Decimal;
}

/** Scales of one pricing run. */
export interface PricingScales {
    /** Decimal places of AWS-cost units (the prepared cube's scale). */
    readonly dataScale: number;
    /** Decimal places of the rule factors. */
    readonly factorPlaces: number;
    /** dataScale + factorPlaces: the scale of cell pro forma units. */
    readonly scale: number;
    /** 10^factorPlaces. */
    readonly scaleUp: bigint;
    /** `scaleUp` as a double (Infinity when it is not a safe integer). */
    readonly scaleUpNumber: number;
}

interface TierBucket {
    readonly cells: number[];
    readonly tiering: TieringRule;
}

/**
 * Prices the cells of one billing group in one period. The same loop runs in two modes:
 * totals only (every policy edit: a handful of BigInt operations per cell, nothing allocated per
 * cell), and with detail (per service, per account, per rule; run when a report is written).
 */
export class GroupCellPricer {
    private readonly scratchProforma: bigint[];
    private readonly scratchNegation: bigint[];
    private readonly scratchAws: bigint[];
    private readonly seen: Uint8Array;
    private readonly touched: number[] = [];
    /** Kept costs at the pricing scale (made on the first detail run). */
    private keptCost: readonly bigint[] | undefined;
    private readonly plain = new ExactAccumulator();
    private readonly negation = new ExactAccumulator();
    private readonly products = new ExactProductSum();
    private readonly aws = new ExactAccumulator();
    /** Rate slots used by the current group: [0, touchedCount) (a reused array: never shrunk, so pushing allocates nothing). */
    private readonly touchedSlots: RateSlot[] = [];
    private touchedCount = 0;

    private touch(slot: RateSlot): void {
        slot.touched = true;
        this.touchedSlots[this.touchedCount++] = slot;
    }

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

    // Totals of the last `totals` run (fields rather than a result object: the editor path allocates little).
    /** Σ unblended, data scale. */
    awsCost = 0n;
    /** Repriced charges before custom line items. */
    charges: Fixed = { units: 0n, scale: 0 };
    /** The kept SavingsPlanNegation part of `charges`. */
    savingsPlanNegation: Fixed = { units: 0n, scale: 0 };
    /** Rows priced from their unblended cost for want of a public price. */
    rowsWithoutPublicCost = 0;
    tierRates: TierRate[] | undefined;

    /**
     * Prices the group's cells, totals only: the path run on every policy edit. By linearity, the
     * charges are Σ over rules of factor × Σ bases the rule priced, plus the kept costs and the bases
     * no rule priced; so each cell costs one exact addition (in doubles while exact, see
     * `ExactAccumulator`) and the multiplications happen once per rule and group.
     *
     * `accounts[start..end)`: the group's accounts with data; `groupOfAccount`: group index per prepared
     * account index in this period (-1: none), to decide
     * whether a commitment's owner is in the same group.
     */
    totals(groupIndex: number, accounts: readonly PreparedAccount[], start: number, end: number, groupOfAccount: Int32Array, lookup: PlanLookup): void {
        const { runs, records } = this.prepared;
        const { serviceId: runService, first: runFirst, end: runEnd, recordStart, pairStart } = runs;
        const data = records.numbers;
        const { plain, aws } = this;
        let rowsWithoutPublic = 0;
        this.tierBuckets = undefined;

        for (let a = start; a < end; a++) {
            const account = accounts[a]!;
            aws.add(account.awsCostNumber, account.awsCost);
            for (let r = account.firstRun; r < account.endRun; r++) {
                const serviceRules = lookup.forService(runService[r]!);
                if (serviceRules.perCell) {
                    rowsWithoutPublic += this.totalsOfCells(runFirst[r]!, runEnd[r]!, serviceRules, groupIndex, groupOfAccount, lookup);
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
                            if (kind === SegmentKind.Negation) this.negation.addAt(records, at + SEG_UNBLENDED);
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
                    if (!slot.touched) this.touch(slot);
                    slot.accumulator.addAt(records, at + base);
                }
                if (serviceRules.skuPairs !== undefined) this.moveToSkuRules(r, serviceRules, groupIndex, groupOfAccount);
            }
        }

        const { scaleUp, scaleUpNumber, scale } = this.scales;
        const products = this.products;
        plain.drainTimes(products, scaleUpNumber, scaleUp);
        for (let t = 0; t < this.touchedCount; t++) {
            const slot = this.touchedSlots[t]!;
            slot.accumulator.drainTimes(products, slot.factorNumber, slot.factorUnits);
            slot.touched = false;
        }
        this.touchedCount = 0;
        let charges: Fixed = { units: products.take(), scale };
        let tierRates: TierRate[] | undefined;
        const tierBuckets = this.takeTierBuckets();
        if (tierBuckets) {
            tierRates = [];
            for (const bucket of tierBuckets.values()) charges = this.priceTierBucket(bucket, lookup, charges, tierRates, undefined);
        }
        this.awsCost = aws.take();
        this.charges = charges;
        this.negation.drainTimes(products, scaleUpNumber, scaleUp);
        this.savingsPlanNegation = { units: products.take(), scale };
        this.rowsWithoutPublicCost = rowsWithoutPublic;
        this.tierRates = tierRates;
    }

    /**
     * The segments of run r priced every repriced cell by its billing entity; the cells whose
     * (usage type, operation) has a SKU rule move from that rule to the SKU rule (exact integers:
     * subtracting is exact), found by binary search among the run's cells ordered by pair.
     */
    private moveToSkuRules(r: number, serviceRules: ServiceRules, groupIndex: number, groupOfAccount: Int32Array): void {
        const { pairStart, recordStart } = this.prepared.runs;
        const records = this.prepared.records;
        const data = records.numbers;
        const tiering = serviceRules.tiering;
        const base = tiering !== null && !tiering.freeTier ? PAIR_BASE_OFF : PAIR_BASE_ON;
        const { plain } = this;
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
                (previous === null ? plain : previous.accumulator).subtractAt(records, at + base);
                if (!slot.touched) this.touch(slot);
                slot.accumulator.addAt(records, at + base);
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
    private totalsOfCells(first: number, end: number, serviceRules: ServiceRules, groupIndex: number, groupOfAccount: Int32Array, lookup: PlanLookup): number {
        const { classCode, ownerIndex, tierKeyId, unblended, baseFreeTierOn, baseFreeTierOff, rowsWithoutPublicCost } = this.prepared.cells;
        const { plain } = this;
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
                        if (code === ClassCode.Negation) this.negation.addAt(unblended, i);
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
            if (!slot.touched) this.touch(slot);
            slot.accumulator.addAt(bases, i);
        }
        return rowsWithoutPublic;
    }

    /**
     * Prices the group's cells with per-service, per-account and per-rule detail (when a report is
     * written). Plain BigInt arithmetic; `totals` must agree with it to the last digit (tested).
     */
    detail(groupIndex: number, accounts: readonly PreparedAccount[], start: number, end: number, groupOfAccount: Int32Array, lookup: PlanLookup): GroupDetail {
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

/** Collects a group's detail during a detail run. */
class DetailSink {
    detail: GroupDetail | undefined;
    private readonly serviceIds: number[] = [];
    private readonly serviceAwsCost: bigint[] = [];
    private readonly serviceProforma: bigint[] = [];
    private readonly serviceNegation: bigint[] = [];
    private readonly accountIds: string[] = [];
    private readonly accountAwsCost: bigint[] = [];
    private readonly accountProforma: bigint[] = [];
    private readonly tierPostings: Posting[] = [];
    private readonly ruleAccumulators = new Map<number, { name: string; slot: RateSlot | undefined; base: bigint; after: bigint; cells: number; extraPublic: Fixed | undefined; extraProforma: Fixed | undefined }>();

    private accumulator(order: number, name: string, slot: RateSlot | undefined) {
        let accumulator = this.ruleAccumulators.get(order);
        if (!accumulator) this.ruleAccumulators.set(order, (accumulator = { name, slot, base: 0n, after: 0n, cells: 0, extraPublic: undefined, extraProforma: undefined }));
        return accumulator;
    }

    /** A tiering rule chose the base of a cell: `before` with AWS defaults, `after` with the rule. */
    tiering(rule: TieringRule, before: bigint, after: bigint): void {
        const accumulator = this.accumulator(rule.order, rule.name, undefined);
        accumulator.base += before;
        accumulator.after += after;
        accumulator.cells++;
    }

    rate(slot: RateSlot, base: bigint): void {
        const accumulator = this.accumulator(slot.rule.order, slot.rule.name, slot);
        accumulator.base += base;
        accumulator.cells++;
    }

    tieredCell(tiering: TieringRule, slot: RateSlot | null, publicBase: bigint, part: Fixed, proforma: Fixed, service: string, accountId: string): void {
        const tieringAccumulator = this.accumulator(tiering.order, tiering.name, undefined);
        tieringAccumulator.base += publicBase;
        tieringAccumulator.extraProforma = tieringAccumulator.extraProforma ? addFixed(tieringAccumulator.extraProforma, part) : part;
        tieringAccumulator.cells++;
        if (slot) {
            const accumulator = this.accumulator(slot.rule.order, slot.rule.name, slot);
            accumulator.extraPublic = accumulator.extraPublic ? addFixed(accumulator.extraPublic, part) : part;
            accumulator.extraProforma = accumulator.extraProforma ? addFixed(accumulator.extraProforma, proforma) : proforma;
            accumulator.cells++;
        }
        this.tierPostings.push({ service, accountId, amount: proforma });
    }

    account(accountId: string, awsCost: bigint, proforma: bigint): void {
        this.accountIds.push(accountId);
        this.accountAwsCost.push(awsCost);
        this.accountProforma.push(proforma);
    }

    service(serviceId: number, awsCost: bigint, proforma: bigint, negation: bigint): void {
        this.serviceIds.push(serviceId);
        this.serviceAwsCost.push(awsCost);
        this.serviceProforma.push(proforma);
        this.serviceNegation.push(negation);
    }

    finish(scaleUp: bigint, scale: number, charges: Fixed): void {
        const rules = [...this.ruleAccumulators.entries()]
            .sort((a, b) => a[0] - b[0])
            .map(([order, accumulator]): RuleTotals => {
                let publicCost: Fixed = { units: accumulator.base * scaleUp, scale };
                // Tiering rules: base after the rule; rate rules: base × factor.
                let proformaCost: Fixed = { units: accumulator.slot ? accumulator.base * accumulator.slot.factorUnits : accumulator.after * scaleUp, scale };
                if (accumulator.extraPublic) publicCost = addFixed(publicCost, accumulator.extraPublic);
                if (accumulator.extraProforma) proformaCost = addFixed(proformaCost, accumulator.extraProforma);
                return { rule: accumulator.name, order, publicCost, proformaCost, cells: accumulator.cells };
            });
        this.detail = {
            serviceIds: this.serviceIds,
            serviceAwsCost: this.serviceAwsCost,
            serviceProforma: this.serviceProforma,
            serviceNegation: this.serviceNegation,
            accountIds: this.accountIds,
            accountAwsCost: this.accountAwsCost,
            accountProforma: this.accountProforma,
            tierPostings: this.tierPostings,
            rules,
            charges,
        };
    }
}
