import type { PeriodRange, PolicyModel } from '../policy/model.js';

/** docs/semantics.md, "Membership": "P lies in the membership's range [from, until) — from inclusive, until exclusive, either side open when absent". */
export function inRange(range: PeriodRange, period: string): boolean {
    return (range.from === undefined || range.from <= period) && (range.until === undefined || period < range.until);
}

export interface Members {
    /** Group index of each account that belongs to a group in the period. */
    readonly groupOf: ReadonlyMap<string, number>;
    /** Per group: its accounts in the period, ascending. */
    readonly accountsOf: readonly string[][];
}

/**
 * docs/semantics.md, "Membership", one sentence per step:
 * - a membership of G lists the account and P is in its range;
 * - "the primary counts as a member in every period" when the members list does not name it;
 * - "an account that two groups claim for the same period is billed in the group defined first";
 * - "accounts present in the data in P that no group claims go to the auto-associate group", except the payer.
 */
export function membersIn(policy: PolicyModel, period: string, present: readonly string[]): Members {
    const groupOf = new Map<string, number>();
    const accountsOf: string[][] = policy.groups.map(() => []);
    const claim = (accountId: string, group: number): void => {
        if (groupOf.has(accountId)) return;
        groupOf.set(accountId, group);
        accountsOf[group]!.push(accountId);
    };
    policy.groups.forEach((group, g) => {
        for (const member of group.members) if (inRange(member, period)) claim(member.accountId, g);
        if (!group.members.some((member) => member.accountId === group.primaryAccountId)) claim(group.primaryAccountId, g);
    });
    const auto = policy.groups.findIndex((group) => group.autoAssociate);
    if (auto >= 0) for (const accountId of present) if (accountId !== policy.payer?.id) claim(accountId, auto);
    for (const accounts of accountsOf) accounts.sort();
    return { groupOf, accountsOf };
}
