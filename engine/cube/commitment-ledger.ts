import type { Commitment, EligibleUsage } from '../commitments/terms.js';

/**
 * What the re-application of Reserved Instances and Savings Plans needs from the data, collected at
 * ingest next to the cube (docs/semantics.md, "Reserved Instances and Savings Plans"): per billing
 * period, the commitments and each hour's commitment-eligible usage. Only periods whose data is hourly
 * keep their hours; the cube itself stays as it is (the ledger is small next to it: eligible usage and
 * commitments only, by account and usage key).
 */
export interface CommitmentLedger {
    /** By billing period `YYYY-MM`, ascending; only periods holding commitment lines or eligible usage. */
    readonly periods: ReadonlyMap<string, PeriodLedger>;
}

export interface PeriodLedger {
    readonly period: string;
    /**
     * 'hourly' when the period has commitment-eligible usage and every such line spans at most one hour;
     * 'coarser' otherwise (daily or monthly data, or no eligible usage to re-apply to): commitments are then
     * not re-applied.
     */
    readonly granularity: 'hourly' | 'coarser';
    /** Commitment-eligible usage lines of the period (0: nothing a commitment could cover, nothing to warn of). */
    readonly eligibleRows: number;
    /** Commitment lines of the period (covered usage, negations, RIFee, Savings Plan fees). */
    readonly commitmentLines: number;
    /** RIs and Savings Plans with a fee line in the period, by ARN ascending. */
    readonly commitments: readonly LedgerCommitment[];
    /** Hourly periods only: each hour's eligible usage, hours ascending (empty for coarser data). */
    readonly hours: readonly HourUsage[];
}

export interface LedgerCommitment {
    readonly commitment: Commitment;
    /** The hours it is in force: [start, end) in epoch milliseconds, from its fee lines' intervals. */
    readonly intervals: readonly (readonly [number, number])[];
}

export interface HourUsage {
    /** Start of the hour, epoch milliseconds (UTC). */
    readonly hour: number;
    /** By account, then usage key; one entry per distinct (account, usage key) of the hour. */
    readonly usage: readonly EligibleUsage[];
}

/** Whether a commitment is in force in the hour starting at `hour`. */
export function inForce(commitment: LedgerCommitment, hour: number): boolean {
    for (const [start, end] of commitment.intervals) if (start <= hour && hour < end) return true;
    return false;
}
