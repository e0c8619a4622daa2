import { MARKETPLACE, type MarketplaceProduct } from './catalog.js';
import { applyReservation, applySavingsPlan, type Reservation, type SavingsPlan } from './commitments.js';
import { floorQuantity, type Quantity } from './fixed-point.js';
import type { CreditProgram } from './organisation.js';
import type { AccountModel, PeriodBudgets, UsageKey } from './usage-model.js';

/**
 * What one billing period holds, before any row is written: the streams of usage (each becomes one
 * or more line items, the split of its quantity over the month) and the monthly line items (fees,
 * support, credits, refunds, discounts, taxes), with exactly as many rows as asked for.
 */

export type Stream =
    /** On-demand usage of a key (cost: its on-demand USD). */
    | { readonly kind: 'usage'; readonly account: number; readonly key: UsageKey; readonly cost: number; lines: number }
    /** Usage the free tier covers (billed 0 at a public cost). */
    | { readonly kind: 'free'; readonly account: number; readonly key: UsageKey; readonly quantity: Quantity; readonly cost: number; lines: number }
    /** Instance hours an RI covers (DiscountedUsage). */
    | { readonly kind: 'reserved'; readonly account: number; readonly reservation: Reservation; readonly quantity: Quantity; readonly cost: number; lines: number }
    /** Usage a Savings Plan covers: each line is a SavingsPlanCoveredUsage row and its SavingsPlanNegation. */
    | { readonly kind: 'savingsPlan'; readonly account: number; readonly key: UsageKey; readonly plan: SavingsPlan; readonly quantity: Quantity; readonly cost: number; lines: number }
    | { readonly kind: 'marketplace'; readonly account: number; readonly product: MarketplaceProduct; readonly quantity: Quantity; readonly cost: number; lines: number };

export type MonthlyItem =
    | { readonly kind: 'riUpfront'; readonly reservation: Reservation }
    | { readonly kind: 'riFee'; readonly reservation: Reservation }
    | { readonly kind: 'spFee'; readonly plan: SavingsPlan }
    | { readonly kind: 'support'; readonly account: number }
    | { readonly kind: 'credit'; readonly account: number; readonly service: string; readonly program: CreditProgram }
    | { readonly kind: 'refund'; readonly account: number; readonly service: string }
    | { readonly kind: 'edp'; readonly account: number; readonly service: string }
    | { readonly kind: 'tax'; readonly account: number; readonly service: string };

export interface PeriodPlan {
    readonly streams: readonly Stream[];
    readonly monthly: readonly MonthlyItem[];
}

export interface PlanInput {
    readonly accounts: readonly AccountModel[];
    /** This period's budgets (copied: the plan carves coverage out of them). */
    readonly budgets: PeriodBudgets;
    readonly periodIndex: number;
    readonly hours: number;
    readonly reservations: readonly Reservation[];
    readonly savingsPlans: readonly SavingsPlan[];
    /** The period in which the refund is made. */
    readonly refundPeriod: number;
    readonly rows: number;
}

/** Monthly items take at most this share of a period's rows; usage takes the rest. */
const MONTHLY_SHARE = 0.3;
export const SUPPORT_SERVICE = 'AWSSupportBusiness';
export const SAVINGS_PLAN_SERVICE = 'ComputeSavingsPlans';

export function planPeriod(input: PlanInput): PeriodPlan {
    const budgets = input.budgets.map(b => new Map(b));
    const streams: Stream[] = [];
    freeTier(input.accounts, budgets, streams);
    for (const ri of input.reservations) {
        if (ri.firstPeriod > input.periodIndex) continue;
        const rate = Number(ri.key.usage.rate);
        for (const { account, hours } of applyReservation(ri, budgets, input.hours)) {
            streams.push({ kind: 'reserved', account, reservation: ri, quantity: { units: BigInt(hours), scale: 0 }, cost: hours * rate, lines: 0 });
        }
    }
    for (const plan of input.savingsPlans) {
        const commitment = Number(plan.hourlyCommitment) * input.hours;
        for (const { account, key, quantity } of applySavingsPlan(plan, input.accounts, budgets, commitment)) {
            streams.push({ kind: 'savingsPlan', account, key, plan, quantity, cost: Number(quantity.units) / 10 ** quantity.scale * Number(key.usage.rate), lines: 0 });
        }
    }
    input.accounts.forEach((account, a) => {
        for (const { product, units } of account.profile.marketplace ?? []) {
            const item = MARKETPLACE[product]!;
            const hours = units * input.hours;
            streams.push({ kind: 'marketplace', account: a, product: item, quantity: { units: BigInt(hours), scale: 0 }, cost: hours * Number(item.rate), lines: 0 });
        }
        for (const { key } of account.keys) {
            const cost = budgets[a]!.get(key.id) ?? 0;
            if (cost >= 0.01) streams.push({ kind: 'usage', account: a, key, cost, lines: 0 });
        }
    });

    // Which streams get rows: first with the most monthly items there could be, then with those that
    // the kept streams actually need, the rows saved going to the kept streams.
    const first = monthlyItems(input, streams, streams.map(() => true));
    const kept = keepStreams(streams, input.rows - first.length);
    const monthly = monthlyItems(input, streams, kept);
    allocateLines(streams, kept, input.rows - monthly.length);
    // Grouped by account, as the usage of one account reads in a CUR.
    const written = streams.filter(s => s.lines > 0).sort((x, y) => x.account - y.account);
    return { streams: written, monthly };
}

/**
 * Always Free allowances once per organisation (on the account that uses the most), and the
 * 12-month free tier of new accounts.
 */
function freeTier(accounts: readonly AccountModel[], budgets: PeriodBudgets, streams: Stream[]): void {
    const grant = (a: number, key: UsageKey, allowance: number): void => {
        const cost = budgets[a]!.get(key.id) ?? 0;
        const rate = Number(key.usage.rate);
        const quantity = floorQuantity(Math.min(allowance, 0.8 * cost / rate), key.usage.decimals);
        if (quantity.units <= 0n) return;
        const free = Number(quantity.units) / 10 ** quantity.scale * rate;
        budgets[a]!.set(key.id, cost - free);
        streams.push({ kind: 'free', account: a, key, quantity, cost: free, lines: 0 });
    };
    const best = new Map<string, { account: number; key: UsageKey; cost: number }>();
    accounts.forEach((account, a) => {
        for (const { key } of account.keys) {
            const tier = key.usage.freeTier;
            if (!tier) continue;
            if (tier.newAccountsOnly) {
                if (account.profile.newAccount) grant(a, key, tier.allowance);
                continue;
            }
            const cost = budgets[a]!.get(key.id) ?? 0;
            const current = best.get(key.usage.id);
            if (cost > 0 && (!current || cost > current.cost)) best.set(key.usage.id, { account: a, key, cost });
        }
    });
    for (const { account, key } of best.values()) grant(account, key, key.usage.freeTier!.allowance);
}

function monthlyItems(input: PlanInput, streams: readonly Stream[], kept: readonly boolean[]): MonthlyItem[] {
    const p = input.periodIndex;
    const items: MonthlyItem[] = [];
    // Charges per account and service, to order the per-service items by what they weigh.
    const charges = new Map<string, { account: number; service: string; cost: number }>();
    const charge = (account: number, service: string, cost: number): void => {
        const id = `${account} ${service}`;
        const entry = charges.get(id);
        if (entry) entry.cost += cost; else charges.set(id, { account, service, cost });
    };
    streams.forEach((s, i) => {
        if (!kept[i] || s.kind === 'marketplace' || s.kind === 'savingsPlan' || s.kind === 'free') return;
        charge(s.account, s.kind === 'reserved' ? s.reservation.key.service.code : s.key.service.code, s.kind === 'reserved' ? 0 : s.cost);
    });
    for (const ri of input.reservations) {
        if (ri.firstPeriod > p) continue;
        if (ri.boughtInWindow && ri.firstPeriod === p && ri.payment !== 'No Upfront') items.push({ kind: 'riUpfront', reservation: ri });
        items.push({ kind: 'riFee', reservation: ri });
        charge(ri.owner, ri.key.service.code, ri.count * input.hours * Number(ri.recurringRate));
    }
    for (const plan of input.savingsPlans) {
        items.push({ kind: 'spFee', plan });
        charge(plan.owner, SAVINGS_PLAN_SERVICE, Number(plan.hourlyCommitment) * input.hours);
    }
    input.accounts.forEach((account, a) => {
        if (!account.profile.businessSupport) return;
        items.push({ kind: 'support', account: a });
        charge(a, SUPPORT_SERVICE, 1);
    });
    const byAccount = (a: number): { service: string; cost: number }[] => [...charges.values()].filter(c => c.account === a);
    if (p === input.refundPeriod && input.accounts.length > 0) {
        const services = byAccount(0).filter(c => c.service !== SUPPORT_SERVICE).sort((x, y) => y.cost - x.cost);
        const service = services.find(c => c.service === 'AmazonEC2') ?? services[0];
        if (service) items.push({ kind: 'refund', account: 0, service: service.service });
    }
    input.accounts.forEach((account, a) => {
        const program = account.profile.credit;
        if (!program) return;
        for (const c of byAccount(a)) if (program.services.includes(c.service)) items.push({ kind: 'credit', account: a, service: c.service, program });
    });
    const cap = Math.floor(input.rows * MONTHLY_SHARE);
    const out = items.slice(0, cap);
    for (const c of [...charges.values()].sort((x, y) => y.cost - x.cost || x.account - y.account || (x.service < y.service ? -1 : 1))) {
        if (c.cost <= 0) continue;
        if (c.service !== SUPPORT_SERVICE && out.length < cap) out.push({ kind: 'edp', account: c.account, service: c.service });
        if (input.accounts[c.account]!.profile.taxPercent > 0 && out.length < cap) out.push({ kind: 'tax', account: c.account, service: c.service });
    }
    return out;
}

function rowsPerLine(stream: Stream): number {
    return stream.kind === 'savingsPlan' ? 2 : 1;
}

/** All streams when each can have a row; else the costliest that fit. */
function keepStreams(streams: readonly Stream[], rows: number): boolean[] {
    const needed = streams.reduce((sum, s) => sum + rowsPerLine(s), 0);
    if (needed <= rows) return streams.map(() => true);
    const kept = streams.map(() => false);
    let left = rows;
    for (const i of byCost(streams)) {
        const size = rowsPerLine(streams[i]!);
        if (size <= left) {
            kept[i] = true;
            left -= size;
        }
    }
    return kept;
}

/**
 * One line per kept stream, then the remaining rows in proportion to √cost (big streams are split
 * over more days), by largest remainder; exactly `rows` rows in total.
 */
function allocateLines(streams: Stream[], kept: readonly boolean[], rows: number): void {
    let left = rows;
    streams.forEach((s, i) => {
        s.lines = kept[i] && rowsPerLine(s) <= left ? 1 : 0;
        left -= s.lines * rowsPerLine(s);
    });
    const active = streams.map((_, i) => i).filter(i => streams[i]!.lines > 0);
    const weights = active.map(i => Math.sqrt(streams[i]!.cost));
    const total = weights.reduce((s, w) => s + w, 0);
    if (left > 0 && total > 0) {
        const ideal = active.map((i, k) => left * weights[k]! / total / rowsPerLine(streams[i]!));
        active.forEach((i, k) => {
            const extra = Math.floor(ideal[k]!);
            streams[i]!.lines += extra;
            left -= extra * rowsPerLine(streams[i]!);
        });
        const order = active.map((i, k) => ({ i, remainder: ideal[k]! - Math.floor(ideal[k]!) }))
            .sort((x, y) => y.remainder - x.remainder || x.i - y.i);
        for (const { i } of order) {
            if (left <= 0) break;
            const size = rowsPerLine(streams[i]!);
            if (size <= left) {
                streams[i]!.lines++;
                left -= size;
            }
        }
    }
    if (left > 0) {
        // Only two-row streams could take more: give the last row to the costliest one-row stream.
        const single = byCost(streams).find(i => rowsPerLine(streams[i]!) === 1);
        if (single === undefined) throw new Error('the generator cannot fill the rows asked for');
        streams[single]!.lines += left;
    }
}

function byCost(streams: readonly Stream[]): number[] {
    return streams.map((_, i) => i).sort((a, b) => streams[b]!.cost - streams[a]!.cost || a - b);
}
