import type { Decimal } from '../money/decimal.js';
import type { EligibleUsage, Reservation, SavingsPlan, SavingsPlanOffering } from './terms.js';

/**
 * The orders of re-application (COMMITMENTS-SPEC.md, steps 3 and 4), as comparators for
 * Array.prototype.sort, so that reapply.ts and the oracle share one definition. Every order ends in
 * a total order over the usage key (account, usage type, operation, region, zone, instance type,
 * tenancy), so the result never depends on input order. Strings compare by UTF-16 code unit, which
 * for the ASCII keys of a CUR is byte order (as DuckDB sorts VARCHAR).
 */

type Comparator<T> = (a: T, b: T) => number;

/** Zonal reservations before regional ones (AWS applies them first), then by ARN ascending. */
export function reservationOrder(a: Reservation, b: Reservation): number {
    const zonal = Number(b.availabilityZone !== '') - Number(a.availabilityZone !== '');
    return zonal !== 0 ? zonal : text(a.arn, b.arn);
}

const OFFERING_RANK: Readonly<Record<SavingsPlanOffering, number>> = {
    EC2InstanceSavingsPlans: 0,
    ComputeSavingsPlans: 1,
    SageMakerSavingsPlans: 2,
};

/**
 * EC2 Instance Savings Plans before Compute Savings Plans ("EC2 Instance Savings Plans are applied
 * before Compute Savings Plans because Compute Savings Plans have broader applicability");
 * SageMaker plans, which cover only SageMaker, last; then by ARN ascending.
 */
export function savingsPlanOrder(a: SavingsPlan, b: SavingsPlan): number {
    const rank = OFFERING_RANK[a.offering] - OFFERING_RANK[b.offering];
    return rank !== 0 ? rank : text(a.arn, b.arn);
}

/**
 * The order in which a reservation owned by `ownerAccountId` covers usage: the purchasing
 * account's usage first, then the other accounts pooled; within each, normalization factor
 * ascending ("applied from the smallest to the largest instance size within the instance family"),
 * then account id, usage type, instance type, and the rest of the usage key.
 */
export function usageOrderForReservation(ownerAccountId: string): Comparator<EligibleUsage> {
    return (a, b) =>
        ownerFirst(ownerAccountId, a, b)
        || a.normalizationFactor.cmp(b.normalizationFactor)
        || text(a.accountId, b.accountId)
        || text(a.usageType, b.usageType)
        || text(a.instanceType, b.instanceType)
        || restOfKey(a, b);
}

/**
 * The order in which a Savings Plan covers usage: the purchasing account's usage first, then the
 * other accounts pooled; within each, savings percentage descending ("Your Savings Plans are
 * applied to your highest savings percentage first"; usage without a known rate for the plan
 * last), then account id, usage type, and the rest of the usage key.
 */
export function usageOrderForSavingsPlan(plan: SavingsPlan): Comparator<EligibleUsage> {
    const percent = new Map<EligibleUsage, Decimal | undefined>();
    const of = (u: EligibleUsage): Decimal | undefined => {
        if (!percent.has(u)) percent.set(u, savingsPercent(plan, u));
        return percent.get(u);
    };
    return (a, b) =>
        ownerFirst(plan.ownerAccountId, a, b)
        || descendingKnownFirst(of(a), of(b))
        || text(a.accountId, b.accountId)
        || text(a.usageType, b.usageType)
        || text(a.instanceType, b.instanceType)
        || restOfKey(a, b);
}

/**
 * (on-demand rate − plan rate) / on-demand rate, where on-demand rate = publicOnDemandCost /
 * usageAmount; undefined when the data has no rate of this plan for the usage, or the usage has
 * no quantity or no on-demand cost.
 */
export function savingsPercent(plan: SavingsPlan, usage: EligibleUsage): Decimal | undefined {
    const rate = usage.savingsPlanRates.get(plan.arn);
    if (rate === undefined || !usage.usageAmount.gt(0) || !usage.publicOnDemandCost.gt(0)) return undefined;
    const onDemandRate = usage.publicOnDemandCost.div(usage.usageAmount);
    return onDemandRate.minus(rate).div(onDemandRate);
}

function ownerFirst(owner: string, a: EligibleUsage, b: EligibleUsage): number {
    return Number(b.accountId === owner) - Number(a.accountId === owner);
}

function descendingKnownFirst(a: Decimal | undefined, b: Decimal | undefined): number {
    if (a === undefined || b === undefined) return Number(a === undefined) - Number(b === undefined);
    return b.cmp(a);
}

function restOfKey(a: EligibleUsage, b: EligibleUsage): number {
    return text(a.operation, b.operation)
        || text(a.region, b.region)
        || text(a.availabilityZone, b.availabilityZone)
        || text(a.tenancy, b.tenancy);
}

function text(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
