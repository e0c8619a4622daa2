import { Decimal } from '../money/decimal.js';
import { allocateProportionally, tieredCost } from './custom-tiers.js';
import { ExactAccumulator } from './exact-accumulator.js';
import { ClassCode, type PreparedAccount, type PreparedCube } from './prepare-cube.js';
import type { PlanRules, RateRule, TieringRule } from './rule-index.js';
import { addFixed, fixedFromDecimal, multiplyFixed, toUnits, type Fixed } from './scaled.js';

/** A rate rule with its factor as an integer at the pricing's factor scale. */
export interface RateSlot {
    readonly rule: RateRule;
    readonly factorUnits: bigint;
    /** Scratch of `GroupCellPricer.totals`: Σ bases this rule priced in the current group. */
    readonly accumulator: ExactAccumulator;
    touched: boolean;
}

/** The rules of a plan that can apply to one service, resolved against the cube's interned keys. */
export interface ServiceRules {
    /** SKU rules of the service, keyed by interned (usage type, operation), usage type, operation. */
    readonly sku: { readonly both: Map<number, RateSlot>; readonly usageType: Map<number, RateSlot>; readonly operation: Map<number, RateSlot> } | undefined;
    /** The SERVICE rule, else null (then BILLING_ENTITY, then GLOBAL). */
    readonly serviceSlot: RateSlot | null;
    /** The TIERING rule (SERVICE, else GLOBAL), else null. */
    readonly tiering: TieringRule | null;
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
            found = {
                sku: this.compileSku(service),
                serviceSlot: rule ? this.slotOf(rule) : null,
                tiering: this.rules.tieringRuleFor(service) ?? null,
            };
            this.byServiceId[serviceId] = found;
        }
        return found;
    }

    /** The single most specific MARKUP/DISCOUNT rule of cell `i` (of a service with rules `service`). */
    rateFor(i: number, service: ServiceRules): RateSlot | null {
        if (service.sku !== undefined) {
            const cells = this.prepared.cells;
            const slot = service.sku.both.get(cells.usageTypeOperationId[i]!) ?? service.sku.usageType.get(cells.usageTypeId[i]!) ?? service.sku.operation.get(cells.operationId[i]!);
            if (slot !== undefined) return slot;
        }
        if (service.serviceSlot !== null) return service.serviceSlot;
        if (this.entitySlots.size > 0) {
            const slot = this.entitySlots.get(this.prepared.cells.entityId[i]!);
            if (slot !== undefined) return slot;
        }
        return this.global;
    }

    private compileSku(service: string): ServiceRules['sku'] {
        const sku = this.rules.bySku.get(service);
        if (!sku) return undefined;
        const compile = (rules: Map<string, RateRule>, index: ReadonlyMap<string, number>): Map<number, RateSlot> => {
            const compiled = new Map<number, RateSlot>();
            for (const [key, rule] of rules) {
                const id = index.get(key);
                if (id !== undefined) compiled.set(id, this.slotOf(rule));
            }
            return compiled;
        };
        return {
            both: compile(sku.byUsageTypeAndOperation, this.prepared.usageTypeOperationIndex),
            usageType: compile(sku.byUsageType, this.prepared.usageTypeIndex),
            operation: compile(sku.byOperation, this.prepared.operationIndex),
        };
    }

    private slotOf(rule: RateRule): RateSlot {
        let slot = this.slots.get(rule);
        if (!slot) this.slots.set(rule, (slot = { rule, factorUnits: toUnits(rule.factor, this.factorPlaces), accumulator: new ExactAccumulator(), touched: false }));
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
    private readonly keptCost: readonly bigint[];
    private readonly plain = new ExactAccumulator();
    private readonly aws = new ExactAccumulator();
    private readonly touchedSlots: RateSlot[] = [];

    constructor(
        private readonly prepared: PreparedCube,
        private readonly scales: PricingScales,
    ) {
        const serviceCount = prepared.services.length;
        this.scratchProforma = new Array<bigint>(serviceCount).fill(0n);
        this.scratchNegation = new Array<bigint>(serviceCount).fill(0n);
        this.scratchAws = new Array<bigint>(serviceCount).fill(0n);
        this.seen = new Uint8Array(serviceCount);
        this.keptCost = prepared.unblendedAt(scales.factorPlaces);
    }

    // Totals of the last `totals` run (fields rather than a result object: the editor path allocates little).
    /** Σ unblended, data scale. */
    awsCost = 0n;
    /** Repriced charges before custom line items. */
    charges: Fixed = { units: 0n, scale: 0 };
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
        const { classCode, serviceId, ownerIndex, tierKeyId, unblended, unblendedNumber, baseFreeTierOn, baseFreeTierOnNumber, baseFreeTierOff, baseFreeTierOffNumber, rowsWithoutPublicCost } =
            this.prepared.cells;
        const { plain, aws, touchedSlots } = this;
        let rowsWithoutPublic = 0;
        let tierBuckets: Map<number, TierBucket> | undefined;
        let rulesService = -1;
        let serviceRules: ServiceRules | undefined;

        for (let a = start; a < end; a++) {
            const account = accounts[a]!;
            aws.add(account.awsCostNumber, account.awsCost);
            for (let i = account.first; i < account.end; i++) {
                const code = classCode[i]!;
                if (code !== ClassCode.Usage) {
                    if (code === ClassCode.Covered || code === ClassCode.Negation) {
                        const owner = ownerIndex[i]!;
                        if (owner >= 0 && groupOfAccount[owner] === groupIndex) {
                            plain.add(unblendedNumber[i]!, unblended[i]!);
                            continue;
                        }
                        if (code === ClassCode.Negation) continue;
                    } else if (code === ClassCode.Excluded) {
                        continue;
                    } else {
                        // Commitment fees and unknown types: kept at their billed cost.
                        plain.add(unblendedNumber[i]!, unblended[i]!);
                        continue;
                    }
                }
                // Repriced: usage, or covered usage whose commitment is owned outside the group.
                if (serviceId[i] !== rulesService) {
                    rulesService = serviceId[i]!;
                    serviceRules = lookup.forService(rulesService);
                }
                const tiering = serviceRules!.tiering;
                let freeTierOff = false;
                if (tiering !== null) {
                    if (tiering.customTiers) {
                        tierBuckets ??= new Map();
                        const bucket = tierBuckets.get(tierKeyId[i]!);
                        if (bucket) bucket.cells.push(i);
                        else tierBuckets.set(tierKeyId[i]!, { cells: [i], tiering });
                        continue;
                    }
                    freeTierOff = !tiering.freeTier;
                }
                rowsWithoutPublic += rowsWithoutPublicCost[i]!;
                const slot = lookup.rateFor(i, serviceRules!);
                let accumulator = plain;
                if (slot !== null) {
                    accumulator = slot.accumulator;
                    if (!slot.touched) {
                        slot.touched = true;
                        touchedSlots.push(slot);
                    }
                }
                if (freeTierOff) accumulator.add(baseFreeTierOffNumber[i]!, baseFreeTierOff[i]!);
                else accumulator.add(baseFreeTierOnNumber[i]!, baseFreeTierOn[i]!);
            }
        }

        const { scaleUp, scale } = this.scales;
        let chargesUnits = plain.take() * scaleUp;
        for (const slot of touchedSlots) {
            chargesUnits += slot.accumulator.take() * slot.factorUnits;
            slot.touched = false;
        }
        touchedSlots.length = 0;
        let charges: Fixed = { units: chargesUnits, scale };
        let tierRates: TierRate[] | undefined;
        if (tierBuckets) {
            tierRates = [];
            for (const bucket of tierBuckets.values()) charges = this.priceTierBucket(bucket, lookup, charges, tierRates, undefined);
        }
        this.awsCost = aws.take();
        this.charges = charges;
        this.rowsWithoutPublicCost = rowsWithoutPublic;
        this.tierRates = tierRates;
    }

    /**
     * Prices the group's cells with per-service, per-account and per-rule detail (when a report is
     * written). Plain BigInt arithmetic; `totals` must agree with it to the last digit (tested).
     */
    detail(groupIndex: number, accounts: readonly PreparedAccount[], start: number, end: number, groupOfAccount: Int32Array, lookup: PlanLookup): GroupDetail {
        const sink = new DetailSink();
        const { classCode, serviceId, ownerIndex, tierKeyId, baseFreeTierOn, baseFreeTierOff } = this.prepared.cells;
        const { scaleUp, scale } = this.scales;
        const keptCost = this.keptCost;
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
            for (const line of account.awsByService) scratchAws[line.serviceId] += line.awsCost;
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
     * Custom tiers: the group's usage of one usage type in the period, priced through the tiers and
     * allocated back to the cells in proportion to their usage (the parts sum exactly to the whole);
     * the cell's markup/discount rule then applies to its part.
     */
    private priceTierBucket(bucket: TierBucket, lookup: PlanLookup, charges: Fixed, tierRates: TierRate[], sink: DetailSink | undefined): Fixed {
        const { usageAmount, source, serviceId, baseFreeTierOn } = this.prepared.cells;
        const { cells, tiering } = bucket;
        const weights = cells.map((i) => usageAmount[i]!);
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
            sink?.tieredCell(tiering, slot, baseFreeTierOn[i]!, part, proforma, source[i]!.service, source[i]!.accountId);
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
