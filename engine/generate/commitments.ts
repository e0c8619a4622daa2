import { findUsage, REGIONS, type ServiceSpec } from './catalog.js';
import { floorQuantity, type Quantity } from './fixed-point.js';
import type { Prng } from './prng.js';
import { usageKey, type AccountModel, type PeriodBudgets, type UsageKey } from './usage-model.js';

/**
 * Reserved Instances and Savings Plans, sized the way a FinOps team buys them: on the usage they
 * are meant to cover, so that they are 80–100 % utilised, and applied the way AWS applies them —
 * to the owner account's usage first, then to the other accounts of the organisation.
 */

export type PaymentOption = 'No Upfront' | 'Partial Upfront' | 'All Upfront';

export interface Reservation {
    readonly arn: string;
    /** Account index of the owner. */
    readonly owner: number;
    /** The instance type, platform and region it covers. */
    readonly key: UsageKey;
    readonly count: number;
    readonly payment: PaymentOption;
    /** Recurring fee per instance-hour (decimal text). */
    readonly recurringRate: string;
    /** Upfront payment per instance for the one-year term, USD (decimal text). */
    readonly upfrontPerInstance: string;
    /** Index of the first billing period it covers. */
    readonly firstPeriod: number;
    /** Bought in its first period (its upfront Fee is in the data) rather than before the data starts. */
    readonly boughtInWindow: boolean;
    readonly subscriptionId: string;
}

export interface SavingsPlan {
    readonly arn: string;
    readonly owner: number;
    /** USD per hour (decimal text, 3 decimals). */
    readonly hourlyCommitment: string;
}

export const HOURS_PER_YEAR = 8760;

interface ReservationSpec {
    readonly usageId: string;
    readonly payment: PaymentOption;
    /**
     * baseline: `share` of the owner's own usage (fully utilised, the owner keeps some on-demand);
     * spill: all of the owner's usage plus `share` of the other accounts' (fully utilised, shared);
     * headroom: everything the organisation runs, at `share` utilisation in the first month.
     */
    readonly sizing: 'baseline' | 'spill' | 'headroom';
    readonly share: number;
    readonly boughtInWindow?: boolean;
}

const RESERVATIONS: readonly ReservationSpec[] = [
    { usageId: 'rds.db.m5.large', payment: 'All Upfront', sizing: 'baseline', share: 0.85 },
    { usageId: 'ec2.r5.2xlarge', payment: 'No Upfront', sizing: 'spill', share: 0.1 },
    { usageId: 'ec2.m5.xlarge', payment: 'No Upfront', sizing: 'headroom', share: 0.93 },
    { usageId: 'ec2.c5.xlarge', payment: 'Partial Upfront', sizing: 'spill', share: 0.04, boughtInWindow: true },
];

/** One-year standard RI: effective hourly cost against on-demand, and the part of it paid upfront. */
const EFFECTIVE_RATE: Record<PaymentOption, number> = { 'No Upfront': 0.64, 'Partial Upfront': 0.61, 'All Upfront': 0.59 };
const UPFRONT_PART: Record<PaymentOption, number> = { 'No Upfront': 0, 'Partial Upfront': 0.5, 'All Upfront': 1 };

/** The Savings Plan covers its owner's eligible compute and this share of everyone else's. */
const SAVINGS_PLAN_SPILL = 0.12;

/** Eligible whole hours of `key` per account. */
function eligibleHours(budgets: PeriodBudgets, key: UsageKey): number[] {
    const rate = Number(key.usage.rate);
    return budgets.map(b => Math.floor((b.get(key.id) ?? 0) / rate));
}

export function sizeReservations(
    rng: Prng, accounts: readonly AccountModel[], owner: number, services: readonly ServiceSpec[],
    budgets: readonly PeriodBudgets[], periodHours: readonly number[],
): Reservation[] {
    const out: Reservation[] = [];
    const ownerId = accounts[owner]!.id;
    for (const spec of RESERVATIONS) {
        const found = findUsage(spec.usageId);
        if (!found || !services.some(s => s.code === found.service.code)) continue;
        const key = usageKey(found.service, found.usage, REGIONS[0]!);
        const firstPeriod = spec.boughtInWindow ? Math.min(1, budgets.length - 1) : 0;
        const hours = periodHours[firstPeriod]!;
        const eligible = eligibleHours(budgets[firstPeriod]!, key);
        const own = eligible[owner]! / hours;
        const others = (eligible.reduce((s, h) => s + h, 0) - eligible[owner]!) / hours;
        const count = spec.sizing === 'baseline' ? Math.floor((own > 0 ? own : others) * spec.share)
            : spec.sizing === 'spill' ? Math.round(own + spec.share * others)
            : Math.ceil((own + others) / spec.share);
        if (count < 1) continue;
        const rate = Number(found.usage.rate);
        const effective = rate * EFFECTIVE_RATE[spec.payment];
        const upfrontPart = UPFRONT_PART[spec.payment];
        const arn = found.service.code === 'AmazonRDS'
            ? `arn:aws:rds:${key.region.region}:${ownerId}:ri:ri-${rng.hex(12)}`
            : `arn:aws:ec2:${key.region.region}:${ownerId}:reserved-instances/${uuid(rng)}`;
        out.push({
            arn, owner, key, count, payment: spec.payment,
            recurringRate: trimZeros((effective * (1 - upfrontPart)).toFixed(4)),
            upfrontPerInstance: String(Math.round(effective * upfrontPart * HOURS_PER_YEAR)),
            firstPeriod, boughtInWindow: spec.boughtInWindow === true,
            subscriptionId: String(rng.int(100000000, 999999999)),
        });
    }
    return out;
}

/** Covers the reservation's key in `budgets` (owner first), removing what it covers; whole hours per account. */
export function applyReservation(ri: Reservation, budgets: PeriodBudgets, hours: number): { account: number; hours: number }[] {
    let capacity = ri.count * hours;
    const eligible = eligibleHours(budgets, ri.key);
    const covered = eligible.map(() => 0);
    covered[ri.owner] = Math.min(eligible[ri.owner]!, capacity);
    capacity -= covered[ri.owner]!;
    const othersTotal = eligible.reduce((s, h, a) => s + (a === ri.owner ? 0 : h), 0);
    for (let a = 0; a < eligible.length && capacity > 0; a++) {
        if (a === ri.owner) continue;
        covered[a] = othersTotal <= capacity ? eligible[a]! : Math.floor(capacity * eligible[a]! / othersTotal);
    }
    const rate = Number(ri.key.usage.rate);
    const out: { account: number; hours: number }[] = [];
    covered.forEach((h, a) => {
        if (h <= 0) return;
        const left = (budgets[a]!.get(ri.key.id) ?? 0) - h * rate;
        // Less than an hour left on demand: the RI covers the instance all month.
        budgets[a]!.set(ri.key.id, left < rate ? 0 : left);
        out.push({ account: a, hours: h });
    });
    return out;
}

/** Compute Savings Plan sized on the first period's eligible usage left after the RIs. */
export function sizeSavingsPlan(rng: Prng, accounts: readonly AccountModel[], owner: number, budgets: PeriodBudgets, hours: number): SavingsPlan | undefined {
    let own = 0;
    let others = 0;
    forEachEligible(accounts, budgets, (a, _key, cost, discount) => {
        if (a === owner) own += cost * (1 - discount);
        else others += cost * (1 - discount);
    });
    const hourly = Math.floor((own + SAVINGS_PLAN_SPILL * others) / hours * 1000) / 1000;
    if (hourly <= 0) return undefined;
    return { arn: `arn:aws:savingsplans::${accounts[owner]!.id}:savingsplan/${uuid(rng)}`, owner, hourlyCommitment: hourly.toFixed(3) };
}

export interface SavingsPlanCoverage {
    readonly account: number;
    readonly key: UsageKey;
    readonly quantity: Quantity;
}

/**
 * Covers eligible usage at Savings Plan rates up to `commitment` USD (owner first, then the others
 * in proportion), removing the covered on-demand cost from `budgets`.
 */
export function applySavingsPlan(plan: SavingsPlan, accounts: readonly AccountModel[], budgets: PeriodBudgets, commitment: number): SavingsPlanCoverage[] {
    let own = 0;
    let others = 0;
    forEachEligible(accounts, budgets, (a, _key, cost, discount) => {
        if (a === plan.owner) own += cost * (1 - discount);
        else others += cost * (1 - discount);
    });
    // A cent of headroom: the covered lines are rounded, their sum must never exceed the commitment.
    const target = Math.max(0, commitment - 0.01);
    const ownShare = own > 0 ? Math.min(1, target / own) : 0;
    const left = target - ownShare * own;
    const othersShare = others > 0 ? Math.min(1, left / others) : 0;
    const out: SavingsPlanCoverage[] = [];
    forEachEligible(accounts, budgets, (a, key, cost) => {
        const share = a === plan.owner ? ownShare : othersShare;
        const rate = Number(key.usage.rate);
        const quantity = floorQuantity(cost * share / rate, key.usage.decimals);
        if (quantity.units <= 0n) return;
        const rest = cost - Number(quantity.units) / 10 ** quantity.scale * rate;
        budgets[a]!.set(key.id, rest < 0.01 ? 0 : rest);
        out.push({ account: a, key, quantity });
    });
    return out;
}

function forEachEligible(accounts: readonly AccountModel[], budgets: PeriodBudgets, visit: (account: number, key: UsageKey, cost: number, discount: number) => void): void {
    accounts.forEach((account, a) => {
        for (const { key } of account.keys) {
            const discount = key.usage.spDiscount;
            const cost = budgets[a]!.get(key.id) ?? 0;
            if (discount !== undefined && cost > 0) visit(a, key, cost, discount);
        }
    });
}

function trimZeros(text: string): string {
    return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

function uuid(rng: Prng): string {
    const h = rng.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
