import { Decimal } from '../money/decimal.js';
import type { BillingGroup, PolicyModel } from '../policy/model.js';
import { policyInForce } from '../policy/versions.js';
import type { CostReport, GroupReport, Money } from '../report/types.js';

/** A group × period whose pro forma cost exceeds the group's monthly budget. */
export interface BudgetBreach {
    readonly kind: 'budget';
    readonly group: string;
    readonly period: string;
    /** The report's currency (ISO 4217), for presenting the figures. */
    readonly currency: string;
    /** The budget as written in the policy. */
    readonly budget: string;
    readonly proformaCost: Money;
    /** proformaCost − budget, exact (> 0). */
    readonly over: Money;
}

/** A group × period whose margin % is below its floor (the group's own, else its plan's). */
export interface MarginBreach {
    readonly kind: 'margin';
    readonly group: string;
    readonly period: string;
    /** The report's currency (ISO 4217), for presenting the figures. */
    readonly currency: string;
    /** The floor as written (`"5"` for `min-margin 5%`). */
    readonly minMarginPercent: string;
    /** Where the floor comes from: the group's own `min-margin`, or its plan's. */
    readonly floorFrom: 'group' | 'plan';
    readonly plan: string;
    /** The report's margin % (2 decimals); null when the pro forma cost is 0. */
    readonly marginPercent: string | null;
    readonly margin: Money;
    readonly proformaCost: Money;
}

export type Breach = BudgetBreach | MarginBreach;
export type BreachKind = Breach['kind'];
export const BREACH_KINDS: readonly BreachKind[] = ['budget', 'margin'];

/** The margin floor that applies to a group, and where it comes from; undefined when none does. */
export function marginFloorOf(policy: PolicyModel, group: BillingGroup): { readonly percent: string; readonly from: 'group' | 'plan' } | undefined {
    if (group.minMarginPercent !== undefined) return { percent: group.minMarginPercent, from: 'group' };
    const planFloor = policy.plans.find((plan) => plan.name === group.plan)?.minMarginPercent;
    return planFloor === undefined ? undefined : { percent: planFloor, from: 'plan' };
}

/**
 * Budget and margin-floor breaches of every group × period of a report, in report order (periods
 * ascending, groups in policy order; the budget breach before the margin breach of a group).
 *
 * - Budget: the exact pro forma cost is greater than the budget (a budget is a limit on the true cost).
 * - Margin: the report's margin % (margin ÷ pro forma × 100, rounded half-even to 2 decimals — the
 *   figure users see, so a check never disagrees with the bill) is below the floor. With a pro forma
 *   cost of 0 the margin % is undefined: the period breaches when the margin is negative (the group's
 *   accounts cost something and the group is billed nothing).
 */
export function findBreaches(policy: PolicyModel, report: CostReport): Breach[] {
    // Effective-dated budgets and floors: each period is checked against the versions in force in it.
    const byPeriod = new Map<string, { policy: PolicyModel; groups: Map<string, BillingGroup> }>();
    const inForce = (period: string): { policy: PolicyModel; groups: Map<string, BillingGroup> } => {
        let found = byPeriod.get(period);
        if (!found) {
            const model = policyInForce(policy, period);
            const groups = new Map<string, BillingGroup>();
            for (const group of model.groups) if (!groups.has(group.name)) groups.set(group.name, group);
            byPeriod.set(period, (found = { policy: model, groups }));
        }
        return found;
    };
    const breaches: Breach[] = [];
    for (const line of report.groups) {
        const { policy: model, groups } = inForce(line.period);
        const group = groups.get(line.name);
        if (!group) continue;
        const budget = budgetBreach(group, line, report.currency);
        if (budget) breaches.push(budget);
        const margin = marginBreach(model, group, line, report.currency);
        if (margin) breaches.push(margin);
    }
    return breaches;
}

function budgetBreach(group: BillingGroup, line: GroupReport, currency: string): BudgetBreach | undefined {
    if (group.budget === undefined) return undefined;
    const budget = parse(group.budget);
    if (!budget) return undefined;
    const proforma = new Decimal(line.proformaCost);
    if (!proforma.gt(budget)) return undefined;
    return { kind: 'budget', group: line.name, period: line.period, currency, budget: group.budget, proformaCost: line.proformaCost, over: proforma.minus(budget).toFixed() };
}

function marginBreach(policy: PolicyModel, group: BillingGroup, line: GroupReport, currency: string): MarginBreach | undefined {
    const floor = marginFloorOf(policy, group);
    if (!floor) return undefined;
    const floorValue = parse(floor.percent);
    if (!floorValue) return undefined;
    const below = line.marginPercent === null ? new Decimal(line.margin).lt(0) : new Decimal(line.marginPercent).lt(floorValue);
    if (!below) return undefined;
    return {
        kind: 'margin', group: line.name, period: line.period, currency, minMarginPercent: floor.percent, floorFrom: floor.from, plan: group.plan,
        marginPercent: line.marginPercent, margin: line.margin, proformaCost: line.proformaCost,
    };
}

function parse(text: string): Decimal | undefined {
    try {
        const value = new Decimal(text);
        return value.isFinite() ? value : undefined;
    } catch {
        return undefined;
    }
}
