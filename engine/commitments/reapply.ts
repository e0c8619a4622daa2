import type { HourUsage, LedgerCommitment, PeriodLedger } from '../cube/commitment-ledger.js';
import { inForce } from '../cube/commitment-ledger.js';
import { Decimal, ZERO } from '../money/decimal.js';
import {
    exactFitUnitsPerInstanceHour, reservationCapacity, reservationDemand, reservationFit, reservationOrder, savingsPlanApplies, savingsPlanOrder,
    savingsPlanRate, sizeFlexibilityUnmeasurable, usageOrderForReservation, usageOrderForSavingsPlan, usageQuantityCovered, type ReservationFit,
} from './matching.js';
import type { EligibleUsage, Reservation, SavingsPlan } from './terms.js';

/**
 * Re-application of Reserved Instances and Savings Plans inside each billing group of one billing
 * period, hour by hour, in the order of COMMITMENTS-SPEC / docs/semantics.md ("Reserved Instances and
 * Savings Plans"): a group's RIs first (zonal before regional, then by ARN), then its Savings Plans
 * (EC2 Instance before Compute, then by ARN); each serves its purchasing account's usage first, then
 * the group's other accounts pooled. A commitment owned outside the group gives the group nothing.
 * Pure: the ledger and who belongs to which group in, covered amounts and utilization out. Exact
 * decimals throughout (no intermediate rounding).
 */

/** Which group an account belongs to in the period (undefined: unassigned). */
export type GroupOf = (accountId: string) => number | undefined;

/** One account's eligible usage of one cube usage key over the period, as its on-demand equivalent. */
export interface ReappliedUsage {
    readonly groupIndex: number;
    readonly accountId: string;
    readonly service: string;
    readonly usageType: string;
    readonly operation: string;
    /** Σ public on-demand cost of the eligible usage. */
    readonly eligibleCost: Decimal;
    /** The part of it the group's commitments covered (publicOnDemandCost × covered / usage amount). */
    readonly coveredCost: Decimal;
    /**
     * Σ usage amount the group's commitments covered (usage units, not cost): custom tiers price only the rest
     * (docs/semantics.md, "Custom tiers").
     */
    readonly coveredQuantity: Decimal;
}

/** How much of one commitment the group used, in its own unit. */
export interface CommitmentUse {
    readonly arn: string;
    readonly kind: 'reservation' | 'savingsPlan';
    readonly ownerAccountId: string;
    /**
     * normalized-units (every RI whose size has a normalization factor: normalized unit-hours — an exact-fit RI's
     * instance-hours × its size's units), instance-hours (an RI of a size without a factor), commitment (Savings
     * Plan: money of the hourly commitment).
     */
    readonly unit: 'instance-hours' | 'normalized-units' | 'commitment';
    readonly used: Decimal;
    /** What the group bought over the period's hours in force (count or units × hours, commitment × hours). */
    readonly capacity: Decimal;
}

export interface GroupCommitments {
    readonly groupIndex: number;
    /** Σ eligible on-demand-equivalent cost of the group's accounts. */
    readonly eligibleCost: Decimal;
    readonly coveredCost: Decimal;
    /** The commitments owned by the group's accounts, by ARN ascending. */
    readonly commitments: readonly CommitmentUse[];
}

export interface ReapplyResult {
    readonly period: string;
    /** By group index, then account, service, usage type, operation. */
    readonly usage: readonly ReappliedUsage[];
    readonly groups: ReadonlyMap<number, GroupCommitments>;
    /** Eligible usage a group's Savings Plan could cover but for which the data shows no rate for that plan. */
    readonly missingRates: { readonly entries: number; readonly onDemandCost: Decimal };
    /** Eligible usage a group's size-flexible RI would cover but whose size (or the RI's) has no normalization factor. */
    readonly unmeasurable: { readonly entries: number; readonly onDemandCost: Decimal };
}

const MS_PER_HOUR = 3_600_000;

interface Demand {
    readonly usage: EligibleUsage;
    /** Quantity (usage units) not covered yet. */
    remaining: Decimal;
    missingRate: boolean;
    unmeasurable: boolean;
}

interface RiState {
    readonly ri: Reservation;
    readonly ledger: LedgerCommitment;
    /** Instance hours ('exact') or normalized units ('size-flexible') per hour (matching.ts `reservationCapacity`). */
    readonly fit: ReservationFit;
    readonly perHour: Decimal;
    used: Decimal;
}

interface SpState {
    readonly plan: SavingsPlan;
    readonly ledger: LedgerCommitment;
    used: Decimal;
}

export function reapplyCommitments(ledger: PeriodLedger, groupOf: GroupOf): ReapplyResult {
    const ris = new Map<number, RiState[]>();
    const sps = new Map<number, SpState[]>();
    for (const entry of ledger.commitments) {
        const c = entry.commitment;
        const group = groupOf(c.ownerAccountId);
        if (group === undefined) continue;
        if (c.kind === 'reservation') {
            const { fit, perHour } = reservationCapacity(c);
            push(ris, group, { ri: c, ledger: entry, fit, perHour, used: ZERO });
        } else push(sps, group, { plan: c, ledger: entry, used: ZERO });
    }
    for (const list of ris.values()) list.sort((a, b) => reservationOrder(a.ri, b.ri));
    for (const list of sps.values()) list.sort((a, b) => savingsPlanOrder(a.plan, b.plan));

    const totals = new Map<string, { groupIndex: number; usage: EligibleUsage; eligible: Decimal; covered: Decimal; quantity: Decimal }>();
    let missingEntries = 0;
    let missingCost = ZERO;
    let unmeasurableEntries = 0;
    let unmeasurableCost = ZERO;
    for (const hour of ledger.hours) {
        const byGroup = demandsByGroup(hour, groupOf);
        for (const [group, demands] of byGroup) {
            for (const state of ris.get(group) ?? []) if (inForce(state.ledger, hour.hour)) applyReservation(state, demands);
            for (const state of sps.get(group) ?? []) if (inForce(state.ledger, hour.hour)) applySavingsPlan(state, demands);
            for (const d of demands) {
                const u = d.usage;
                const quantity = u.usageAmount.minus(d.remaining);
                const covered = u.usageAmount.isZero() ? ZERO : u.publicOnDemandCost.times(quantity).div(u.usageAmount);
                if (d.missingRate && d.remaining.gt(0)) {
                    missingEntries++;
                    missingCost = missingCost.plus(u.publicOnDemandCost.minus(covered));
                }
                if (d.unmeasurable && d.remaining.gt(0)) {
                    unmeasurableEntries++;
                    unmeasurableCost = unmeasurableCost.plus(u.publicOnDemandCost.minus(covered));
                }
                const key = `${u.accountId}\u0000${u.service}\u0000${u.usageType}\u0000${u.operation}`;
                const total = totals.get(key);
                if (total) { total.eligible = total.eligible.plus(u.publicOnDemandCost); total.covered = total.covered.plus(covered); total.quantity = total.quantity.plus(quantity); }
                else totals.set(key, { groupIndex: group, usage: u, eligible: u.publicOnDemandCost, covered, quantity });
            }
        }
    }

    const usage: ReappliedUsage[] = [...totals.values()].map(t => ({
        groupIndex: t.groupIndex, accountId: t.usage.accountId, service: t.usage.service, usageType: t.usage.usageType,
        operation: t.usage.operation, eligibleCost: t.eligible, coveredCost: t.covered, coveredQuantity: t.quantity,
    }));
    usage.sort((a, b) => a.groupIndex - b.groupIndex || compare(a.accountId, b.accountId) || compare(a.service, b.service)
        || compare(a.usageType, b.usageType) || compare(a.operation, b.operation));

    const groups = new Map<number, GroupCommitments>();
    const groupOfFigures = (g: number): { eligibleCost: Decimal; coveredCost: Decimal; commitments: CommitmentUse[] } => {
        let found = groups.get(g) as { eligibleCost: Decimal; coveredCost: Decimal; commitments: CommitmentUse[] } | undefined;
        if (!found) groups.set(g, (found = { groupIndex: g, eligibleCost: ZERO, coveredCost: ZERO, commitments: [] } as GroupCommitments & { commitments: CommitmentUse[] }));
        return found;
    };
    for (const u of usage) {
        const f = groupOfFigures(u.groupIndex);
        f.eligibleCost = f.eligibleCost.plus(u.eligibleCost);
        f.coveredCost = f.coveredCost.plus(u.coveredCost);
    }
    for (const [g, list] of ris) {
        for (const s of list) {
            const capacity = s.perHour.times(hoursInForce(s.ledger, ledger.period));
            // One unit for every RI (normalized units), as AWS reports RI utilization in units; an exact-fit RI
            // counts its instance-hours × its size's units; a size without a factor stays in instance-hours.
            const perInstanceHour = s.fit === 'exact' ? exactFitUnitsPerInstanceHour(s.ri) : undefined;
            const inUnits = s.fit === 'size-flexible' || perInstanceHour !== undefined;
            groupOfFigures(g).commitments.push({
                arn: s.ri.arn, kind: 'reservation', ownerAccountId: s.ri.ownerAccountId, unit: inUnits ? 'normalized-units' : 'instance-hours',
                used: perInstanceHour ? s.used.times(perInstanceHour) : s.used,
                capacity: perInstanceHour ? capacity.times(perInstanceHour) : capacity,
            });
        }
    }
    for (const [g, list] of sps) {
        for (const s of list) {
            groupOfFigures(g).commitments.push({
                arn: s.plan.arn, kind: 'savingsPlan', ownerAccountId: s.plan.ownerAccountId, unit: 'commitment',
                used: s.used, capacity: s.plan.hourlyCommitment.times(hoursInForce(s.ledger, ledger.period)),
            });
        }
    }
    for (const f of groups.values()) (f.commitments as CommitmentUse[]).sort((a, b) => compare(a.arn, b.arn));
    return { period: ledger.period, usage, groups, missingRates: { entries: missingEntries, onDemandCost: missingCost },
        unmeasurable: { entries: unmeasurableEntries, onDemandCost: unmeasurableCost } };
}

/** The hour's usage with positive demand, by group (accounts in no group are not re-applied to). */
function demandsByGroup(hour: HourUsage, groupOf: GroupOf): Map<number, Demand[]> {
    const out = new Map<number, Demand[]>();
    for (const usage of hour.usage) {
        const group = groupOf(usage.accountId);
        if (group === undefined) continue;
        push(out, group, { usage, remaining: usage.usageAmount, missingRate: false, unmeasurable: false });
    }
    return out;
}

/** The demands in a commitment's usage order (purchasing account first, then the others pooled; order.ts). */
function inOrder(demands: readonly Demand[], order: (a: EligibleUsage, b: EligibleUsage) => number): Demand[] {
    return [...demands].sort((a, b) => order(a.usage, b.usage));
}

function applyReservation(state: RiState, demands: readonly Demand[]): void {
    const { ri, fit } = state;
    let capacity = state.perHour;
    for (const d of inOrder(demands, usageOrderForReservation(ri.ownerAccountId))) {
        if (capacity.lte(0)) break;
        if (d.remaining.lte(0)) continue;
        const usageFit = reservationFit(ri, d.usage);
        if (usageFit === undefined) {
            if (sizeFlexibilityUnmeasurable(ri, d.usage)) d.unmeasurable = true;
            continue;
        }
        if (usageFit !== fit) continue;
        // Demand of what is left of the usage, in the reservation's unit (the remaining share of its full demand).
        const full = reservationDemand(fit, d.usage);
        const demand = d.remaining.eq(d.usage.usageAmount) ? full : full.times(d.remaining).div(d.usage.usageAmount);
        const units = Decimal.min(demand, capacity);
        const quantity = units.eq(demand) ? d.remaining : usageQuantityCovered(fit, d.usage, units);
        d.remaining = d.remaining.minus(quantity);
        capacity = capacity.minus(units);
        state.used = state.used.plus(units);
    }
}

function applySavingsPlan(state: SpState, demands: readonly Demand[]): void {
    const { plan } = state;
    const candidates: Demand[] = [];
    for (const d of demands) {
        if (d.remaining.lte(0) || !savingsPlanApplies(plan, d.usage)) continue;
        if (savingsPlanRate(plan, d.usage) === undefined) { d.missingRate = true; continue; }
        candidates.push(d);
    }
    let commitment = plan.hourlyCommitment;
    for (const d of inOrder(candidates, usageOrderForSavingsPlan(plan))) {
        if (commitment.lte(0)) break;
        const rate = savingsPlanRate(plan, d.usage)!;
        const q = rate.isZero() ? d.remaining : Decimal.min(d.remaining, commitment.div(rate));
        const spent = Decimal.min(q.times(rate), commitment);
        d.remaining = d.remaining.minus(q);
        commitment = commitment.minus(spent);
        state.used = state.used.plus(spent);
    }
}

/** Hours of the period in which the commitment is in force (its fee lines' intervals, clipped to the period). */
function hoursInForce(entry: LedgerCommitment, period: string): Decimal {
    const [y, m] = period.split('-').map(Number) as [number, number];
    const start = Date.UTC(y, m - 1, 1);
    const end = Date.UTC(y, m, 1);
    let ms = 0;
    for (const [s, e] of entry.intervals) ms += Math.max(0, Math.min(e, end) - Math.max(s, start));
    return new Decimal(ms).div(MS_PER_HOUR);
}

function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
}
