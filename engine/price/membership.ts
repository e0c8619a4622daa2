import type { BillingGroup } from '../policy/model.js';
import type { ReportIssue } from '../report/types.js';

// The one range test of the engine lives with the model (engine/policy/versions.ts), which dated pricing uses too.
export { inPeriodRange } from '../policy/versions.js';

function isSorted(values: readonly string[]): boolean {
    for (let i = 1; i < values.length; i++) if (values[i - 1]! > values[i]!) return false;
    return true;
}

/** Who belongs to which billing group in one billing period. */
export interface PeriodMembership {
    readonly period: string;
    /** Group index per account index of the directory (-1: in no group). */
    readonly groupOfIndex: Int32Array;
    /** Per group index: its accounts in this period (listed members and auto-associated ones), ascending. */
    readonly accountsOf: readonly (readonly string[])[];
    /** Accounts present in the data in this period that no group claims (no auto-associate group), ascending. */
    readonly unassigned: readonly string[];
    /** Index (into the policy's groups) of the group an account belongs to in this period. */
    groupOf(accountId: string): number | undefined;
}

/**
 * Membership per billing period (ABC recomputes a whole period on the final association state):
 * an account belongs to group G in period P when a membership of G lists it with P in [from, until).
 * Accounts present in the data that no group claims go to the first auto-associate group, if any,
 * except the payer (`payerAccountId`), which stays unassigned with a warning.
 * A primary account the members list does not name (validation normally prevents it) is a member of
 * its group in every period. An account two groups claim for the same period stays in the first.
 * A billing-transfer group before its transfer's first period (PENDING) claims no account, and the
 * auto-associate group does not take its accounts either: they are another organization's until then.
 *
 * `accountIndex` numbers the accounts the caller works with (e.g. a prepared cube's); accounts
 * outside it are tracked by id.
 */
export function resolveMembership(
    groups: readonly BillingGroup[],
    period: string,
    presentAccounts: readonly string[],
    issues: ReportIssue[],
    accountIndex: ReadonlyMap<string, number> = new Map(presentAccounts.map((accountId, index) => [accountId, index])),
    payerAccountId?: string,
): PeriodMembership {
    const groupOfIndex = new Int32Array(accountIndex.size).fill(-1);
    const groupOfOther = new Map<string, number>();
    const accountsOf: string[][] = new Array(groups.length);

    /** Takes the account for the group if no earlier group did; true when it is the group's now. */
    const claim = (accountId: string, groupIndex: number): boolean => {
        const index = accountIndex.get(accountId);
        const existing = index === undefined ? groupOfOther.get(accountId) : groupOfIndex[index]!;
        if (existing === undefined || existing < 0) {
            if (index === undefined) groupOfOther.set(accountId, groupIndex);
            else groupOfIndex[index] = groupIndex;
            return true;
        }
        if (existing !== groupIndex) {
            issues.push({
                severity: 'warning',
                code: 'account-in-several-groups',
                message: `Account ${accountId} is a member of both ${groups[existing]!.name} and ${groups[groupIndex]!.name} in ${period}; it is billed in ${groups[existing]!.name} (defined first).`,
            });
        }
        return false;
    };

    // Each group's list is collected in one scratch array and copied out at its exact size: thousands of
    // groups per edit, where growing an empty array by push would reserve room for many more.
    const scratch: string[] = [];
    let pendingTransfer: Set<string> | undefined;
    for (let groupIndex = 0; groupIndex < groups.length; groupIndex++) {
        const group = groups[groupIndex]!;
        if (group.transfer?.from !== undefined && period < group.transfer.from) {
            accountsOf[groupIndex] = [];
            pendingTransfer ??= new Set();
            for (const membership of group.members) pendingTransfer.add(membership.accountId);
            if (group.primaryAccountId !== '') pendingTransfer.add(group.primaryAccountId);
            continue;
        }
        let primaryListed = false;
        let count = 0;
        const members = group.members;
        for (let m = 0; m < members.length; m++) {
            const membership = members[m]!;
            if (membership.accountId === group.primaryAccountId) primaryListed = true;
            if ((membership.from === undefined || membership.from <= period) && (membership.until === undefined || period < membership.until)) {
                if (claim(membership.accountId, groupIndex)) scratch[count++] = membership.accountId;
            }
        }
        // A billing-transfer group needs no primary ('').
        if (!primaryListed && group.primaryAccountId !== '' && claim(group.primaryAccountId, groupIndex)) scratch[count++] = group.primaryAccountId;
        accountsOf[groupIndex] = scratch.slice(0, count);
    }

    const autoIndex = groups.findIndex((group) => group.autoAssociate);
    const unassigned: string[] = [];
    for (const accountId of presentAccounts) {
        const index = accountIndex.get(accountId);
        if (index !== undefined ? groupOfIndex[index]! >= 0 : groupOfOther.has(accountId)) continue;
        if (autoIndex >= 0 && accountId !== payerAccountId && !pendingTransfer?.has(accountId)) {
            if (claim(accountId, autoIndex)) accountsOf[autoIndex]!.push(accountId);
        } else {
            unassigned.push(accountId);
            // ABC's auto-associate receives new member accounts; the management account is never one by accident.
            if (autoIndex >= 0 && accountId === payerAccountId) {
                issues.push({
                    severity: 'warning',
                    code: 'payer-not-auto-associated',
                    message: `The payer ${accountId} has line items in ${period} but no group lists it; the auto-associate group ${groups[autoIndex]!.name} does not take the payer, so its cost is unassigned (list it in a group to bill it).`,
                    period,
                });
            }
        }
    }
    for (const accounts of accountsOf) if (!isSorted(accounts)) accounts.sort();
    if (!isSorted(unassigned)) unassigned.sort();

    return {
        period,
        groupOfIndex,
        accountsOf,
        unassigned,
        groupOf(accountId: string): number | undefined {
            const index = accountIndex.get(accountId);
            if (index === undefined) return groupOfOther.get(accountId);
            const group = groupOfIndex[index]!;
            return group < 0 ? undefined : group;
        },
    };
}
