import type { BillingGroup, PeriodRange } from '../policy/model.js';
import type { ReportIssue } from '../report/types.js';

/** Whether `period` (YYYY-MM) lies in the half-open range [from, until); an absent side is open. */
export function inPeriodRange(range: PeriodRange, period: string): boolean {
    return (range.from === undefined || range.from <= period) && (range.until === undefined || period < range.until);
}

/** Who belongs to which billing group in one billing period. */
export interface PeriodMembership {
    readonly period: string;
    /** Index (into the policy's groups) of the group each account belongs to in this period. */
    readonly groupOf: ReadonlyMap<string, number>;
    /** Per group index: its accounts in this period (listed members, then auto-associated ones), sorted. */
    readonly accountsOf: readonly (readonly string[])[];
    /** Accounts present in the data in this period that no group claims (no auto-associate group). */
    readonly unassigned: readonly string[];
}

/**
 * Membership per billing period (ABC recomputes a whole period on the final association state):
 * an account belongs to group G in period P when a membership of G lists it with P in [from, until).
 * Accounts present in the data that no group claims go to the first auto-associate group, if any.
 * A primary account the members list does not name (validation normally prevents it) is a member of
 * its group in every period.
 */
export function resolveMembership(
    groups: readonly BillingGroup[],
    period: string,
    presentAccounts: Iterable<string>,
    issues: ReportIssue[],
): PeriodMembership {
    const groupOf = new Map<string, number>();
    const accountsOf: string[][] = groups.map(() => []);
    const claim = (accountId: string, groupIndex: number): void => {
        const existing = groupOf.get(accountId);
        if (existing === undefined) {
            groupOf.set(accountId, groupIndex);
            accountsOf[groupIndex]!.push(accountId);
        } else if (existing !== groupIndex) {
            issues.push({
                severity: 'warning',
                code: 'account-in-several-groups',
                message: `Account ${accountId} is a member of both ${groups[existing]!.name} and ${groups[groupIndex]!.name} in ${period}; it is billed in ${groups[existing]!.name} (defined first).`,
            });
        }
    };
    groups.forEach((group, index) => {
        let primaryListed = false;
        for (const membership of group.members) {
            if (membership.accountId === group.primaryAccountId) primaryListed = true;
            if (inPeriodRange(membership, period)) claim(membership.accountId, index);
        }
        if (!primaryListed) claim(group.primaryAccountId, index);
    });

    const autoIndex = groups.findIndex((group) => group.autoAssociate);
    const unassigned: string[] = [];
    for (const accountId of presentAccounts) {
        if (groupOf.has(accountId)) continue;
        if (autoIndex >= 0) claim(accountId, autoIndex);
        else unassigned.push(accountId);
    }
    for (const accounts of accountsOf) accounts.sort();
    unassigned.sort();
    return { period, groupOf, accountsOf, unassigned };
}
