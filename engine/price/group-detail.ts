// The per-service, per-account and per-rule figures of a group in a period, and their collector (detail runs of group-cells.ts).
import type { TieringRule } from './rule-index.js';
import type { RateSlot } from './plan-lookup.js';
import { addFixed, type Fixed } from './scaled.js';

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


/** Collects a group's detail during a detail run. */
export class DetailSink {
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
