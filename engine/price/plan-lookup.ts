// A plan's rules compiled against a prepared cube: the rule lookup of the cell pricers (group-cells.ts, fallback-pricing.ts).
import { safeNumber } from './exact-accumulator.js';
import type { PreparedCube } from './prepare-cube.js';
import type { PlanRules, RateRule, TieringRule } from './rule-index.js';
import { toUnits } from './scaled.js';
import type { Decimal } from '../money/decimal.js';

/** A rate rule with its factor as an integer at the pricing's factor scale. */
export interface RateSlot {
    readonly rule: RateRule;
    readonly factorUnits: bigint;
    /** `factorUnits` as a double (a safe integer; else the product path uses the BigInt). */
    readonly factorNumber: number;
    /** The rule's position in its plan (`RateRule.order`): where `GroupCellPricer.totals` sums its bases (`RuleSums`). */
    readonly order: number;
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
    /** Each rate rule's slot by its order (undefined for TIERING rules and ignored ones). */
    private readonly byOrder: (RateSlot | undefined)[];

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
        this.byOrder = new Array<RateSlot | undefined>(rules.ruleCount).fill(undefined);
        for (const rule of rules.rateRules) this.byOrder[rule.order] = this.slotOf(rule);
    }

    /** The slot of the rate rule at `order` in the plan (one the plan's sums were taken by). */
    slotAt(order: number): RateSlot {
        return this.byOrder[order]!;
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
            const factorUnits = factorUnitsOf(rule.factor, this.factorPlaces);
            const factorNumber = safeNumber(factorUnits);
            this.slots.set(rule, (slot = { rule, factorUnits, factorNumber: factorNumber === factorNumber ? factorNumber : Infinity, order: rule.order }));
        }
        return slot;
    }
}

/** A factor's units at a number of places, by factor (ruleFactor's memoised Decimals: the same objects on every edit). */
const unitsByFactor = new WeakMap<Decimal, { readonly places: number; readonly units: bigint }>();

function factorUnitsOf(factor: Decimal, places: number): bigint {
    const known = unitsByFactor.get(factor);
    if (known !== undefined && known.places === places) return known.units;
    const units = toUnits(factor, places);
    unitsByFactor.set(factor, { places, units });
    return units;
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

