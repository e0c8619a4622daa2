import type { BillingGroup, BillingGroupStatus } from '../policy/model.js';
import type { PeriodMembership } from './membership.js';
import type { PreparedPeriod } from './prepare-cube.js';

/** A group's ABC status in one period, and why when it is not ACTIVE. */
export interface GroupStatus {
    readonly status: BillingGroupStatus;
    readonly reason?: string;
}

export const ACTIVE: GroupStatus = Object.freeze({ status: 'ACTIVE' });

/**
 * The status ABC reports for a group (`Status`), derived from the policy and the data of one period:
 * PENDING while a billing transfer has not started (`transfer "…" from P`, periods before P);
 * PRIMARY_ACCOUNT_MISSING when the group has accounts in the period but its primary is not one of them, or
 * has line items in it but none of the primary's (the data cannot tell an account that left the organization
 * from one that left no trace, so an idle primary of a busy group counts as missing); ACTIVE otherwise, also
 * for a group with no account or no usage at all in the period. A billing-transfer group without a primary
 * is ACTIVE once its transfer has started.
 */
export function groupStatus(group: BillingGroup, groupIndex: number, period: string, membership: PeriodMembership, data: PreparedPeriod | undefined, hasUsage: boolean): GroupStatus {
    const from = group.transfer?.from;
    if (from !== undefined && period < from) return { status: 'PENDING', reason: `the billing transfer starts in ${from}` };
    const primary = group.primaryAccountId;
    if (primary === '') return ACTIVE;
    if (membership.groupOf(primary) !== groupIndex) {
        if (membership.accountsOf[groupIndex]!.length === 0) return ACTIVE;
        return { status: 'PRIMARY_ACCOUNT_MISSING', reason: `the primary account ${primary} is not a member of the group in ${period}` };
    }
    if (hasUsage && !data?.accountById.has(primary)) return { status: 'PRIMARY_ACCOUNT_MISSING', reason: `the primary account ${primary} has no line item in ${period}` };
    return ACTIVE;
}

/**
 * The common case of `groupStatus` without its lookups, for pricing thousands of groups per edit: a group whose
 * transfer (if any) has started and whose primary is one of `accounts[start, end)` (the group's accounts with line
 * items in the period, from its membership) is ACTIVE. False: ask `groupStatus`.
 */
export function activeByData(group: BillingGroup, period: string, accounts: readonly { readonly accountId: string }[], start: number, end: number): boolean {
    const from = group.transfer?.from;
    if (from !== undefined && period < from) return false;
    const primary = group.primaryAccountId;
    if (primary === '') return false;
    for (let a = start; a < end; a++) if (accounts[a]!.accountId === primary) return true;
    return false;
}
