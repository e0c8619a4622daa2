import { Decimal, ZERO } from '../money/decimal.js';
import type { CubeCell } from '../cube/types.js';
import { classifyLineItem, treatmentOf, type LineItemClass, type Treatment } from './line-item-class.js';
import { resolveMembership, type PeriodMembership } from './membership.js';
import { onDemandUsage } from './custom-tiers.js';
import { alwaysFreePublicCost } from './free-tier-offers.js';
import { isPassthrough } from './passthrough.js';
import { tierRateKey, type PricedPolicy } from './price-policy.js';
import { PlanRules } from './rule-index.js';

const ONE = new Decimal(1);

/** How one line item (a row, or a whole cell) is priced in the pro forma bill. */
export interface RowPrice {
    /** Index of the row's billing group in `policy.groups`; undefined when the account is unassigned. */
    readonly groupIndex: number | undefined;
    readonly lineItemClass: LineItemClass;
    readonly treatment: Treatment;
    /** The MARKUP/DISCOUNT rule that priced a repriced row, if any. */
    readonly rule?: string;
    /** The TIERING rule that chose the row's base, if any. */
    readonly tieringRule?: string;
    /**
     * What `factor` multiplies: for repriced rows the public on-demand base (after free tier, with the
     * unblended fallback) or, under custom tiers, on-demand usage × the group's average tier rate; for kept rows
     * the unblended cost; 0 for dropped rows.
     */
    readonly base: Decimal;
    readonly factor: Decimal;
    readonly proformaCost: Decimal;
}

export interface RowPricer {
    /** The billing group index an account belongs to in a period, or undefined (unassigned). */
    groupOf(period: string, accountId: string): number | undefined;
    /** Prices one row (or cell): its key and measures, in the context of its group and period. */
    price(row: CubeCell): RowPrice;
}

/**
 * Prices single rows with exactly the decisions `priceReport` makes for cells, for writers that stream
 * rows (the pro forma CUR export). For rows under custom tiers the base is the row's on-demand usage
 * (its usage amount less what its group's own commitments covered, `coveredUsageAmount`) × the
 * group's average tier rate for that usage type and period (the cube allocates the tiered cost to cells
 * in proportion to on-demand usage, which is the same rate), so rows may differ from the cell's allocation in far
 * decimal places only.
 */
export function createRowPricer(priced: PricedPolicy): RowPricer {
    const { policy, prepared } = priced;
    const memberships = new Map(priced.memberships);
    const emptyPlan = new PlanRules('', [], []);
    // Effective-dated pricing: the plans and groups in force in the row's period (one entry when nothing is dated).
    const inForce = new Map<string, { planOf: PlanRules[]; passthrough: boolean[] }>();
    const inForceAt = (period: string): { planOf: PlanRules[]; passthrough: boolean[] } => {
        let found = inForce.get(period);
        if (!found) {
            const model = priced.policyAt(period);
            const plans = priced.plansAt(period);
            found = { planOf: model.groups.map((group) => plans.get(group.plan) ?? emptyPlan), passthrough: model.groups.map((group) => isPassthrough(group, model)) };
            inForce.set(period, found);
        }
        return found;
    };

    const membershipOf = (period: string): PeriodMembership => {
        let membership = memberships.get(period);
        if (!membership) {
            const accounts = prepared.byPeriod.get(period)?.accounts.map((account) => account.accountId) ?? [];
            membership = resolveMembership(policy.groups, period, accounts, [], prepared.accountIndex, policy.payer?.id);
            memberships.set(period, membership);
        }
        return membership;
    };
    const groupOf = (period: string, accountId: string): number | undefined => membershipOf(period).groupOf(accountId);

    const price = (row: CubeCell): RowPrice => {
        const groupIndex = groupOf(row.period, row.accountId);
        const lineItemClass = classifyLineItem(row.lineItemType, row.service);
        const { planOf, passthrough } = inForceAt(row.period);
        const ownerInGroup = groupIndex !== undefined && row.commitmentOwnerId !== '' && groupOf(row.period, row.commitmentOwnerId) === groupIndex;
        // Passthrough (ABC's AWS-managed plan): every line item of the group kept at its billed cost.
        const treatment = groupIndex !== undefined && passthrough[groupIndex] ? 'kept' : treatmentOf(lineItemClass, ownerInGroup);
        if (groupIndex === undefined || treatment === 'dropped') {
            return { groupIndex, lineItemClass, treatment: groupIndex === undefined ? 'dropped' : treatment, base: ZERO, factor: ONE, proformaCost: ZERO };
        }
        if (treatment === 'kept') {
            return { groupIndex, lineItemClass, treatment, base: row.unblendedCost, factor: ONE, proformaCost: row.unblendedCost };
        }
        const plan = planOf[groupIndex]!;
        const tiering = plan.tieringRuleFor(row.service);
        let base: Decimal;
        if (tiering?.customTiers) {
            const rate = priced.tierRates.get(tierRateKey(groupIndex, row.period, row.service, row.usageType)) ?? ZERO;
            // Covered usage (re-applied periods) is not tiered: only the on-demand quantity takes the tier rate.
            base = onDemandUsage(row).times(rate);
        } else {
            base = row.publicOnDemandCost.plus(row.unblendedWithoutPublicCost);
            if (tiering?.freeTier !== false) base = base.minus(alwaysFreePublicCost(row));
        }
        const rule = plan.rateRuleFor(row);
        const factor = rule?.factor ?? ONE;
        return {
            groupIndex,
            lineItemClass,
            treatment,
            ...(rule && { rule: rule.name }),
            ...(tiering && { tieringRule: tiering.name }),
            base,
            factor,
            proformaCost: base.times(factor),
        };
    };
    return { groupOf, price };
}
