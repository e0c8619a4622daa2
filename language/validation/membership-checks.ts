import type { ValidationAcceptor } from 'langium';
import type { AccountRef, AutoAssociate, Group, Membership } from '../generated/ast.js';
import { accountIdOf, describeAccountId } from './accounts.js';
import { Issues } from './issue-codes.js';
import type { PolicyContext } from './policy-context.js';
import { describeOverlap, isEmptyRange, rangesOverlap } from './periods.js';
import { othersOf, relatedAt, relatedCapped, reportIssue } from './report.js';

interface MembershipEntry {
    readonly group: Group;
    readonly membership: Membership;
    readonly ref: AccountRef;
    readonly id: string;
}

/**
 * An account may be in at most one group per billing period. Every membership that overlaps another
 * (in another group, or again in the same group) is reported, so both places get a diagnostic.
 */
export function checkOverlappingMemberships(context: PolicyContext, accept: ValidationAcceptor): void {
    const all = membershipEntries(context.policy.groups);
    const byId = new Map<string, MembershipEntry[]>();
    for (const entry of all) {
        const list = byId.get(entry.id) ?? [];
        list.push(entry);
        byId.set(entry.id, list);
    }
    const ownGroups = new Set(context.own.groups);
    for (const entry of all) {
        if (!ownGroups.has(entry.group)) continue;
        const others = (byId.get(entry.id) ?? []).filter(other => other !== entry && rangesOverlap(entry.membership, other.membership));
        const [first] = others;
        if (!first) continue;
        const where = first.group === entry.group ? 'this group (another `accounts` entry)' : `group '${first.group.name}'`;
        reportIssue(accept, Issues.overlappingMembership, {
            node: entry.ref,
            relatedInformation: relatedCapped(others, other => relatedAt(other.ref, `also a member of group '${other.group.name}' here`)),
        }, describeAccountId(entry.id, context.policy.accounts), where, describeOverlap(entry.membership, first.membership));
    }
}

function membershipEntries(groups: readonly Group[]): MembershipEntry[] {
    const entries: MembershipEntry[] = [];
    for (const group of groups) {
        for (const member of group.members) {
            if (member.$type !== 'Membership' || isEmptyRange(member)) continue;
            for (const ref of member.accounts) {
                const id = accountIdOf(ref);
                if (id !== undefined) entries.push({ group, membership: member, ref, id });
            }
        }
    }
    return entries;
}

/** At most one group of a policy has `auto-associate`; reported at each one. */
export function checkAutoAssociateGroups(context: PolicyContext, accept: ValidationAcceptor): void {
    const withAuto = context.policy.groups
        .map(group => ({ group, auto: group.members.find((m): m is AutoAssociate => m.$type === 'AutoAssociate') }))
        .filter((entry): entry is { group: Group; auto: AutoAssociate } => entry.auto !== undefined);
    if (withAuto.length < 2) return;
    const ownGroups = new Set(context.own.groups);
    for (const entry of withAuto) {
        if (!ownGroups.has(entry.group)) continue;
        const { others, total } = othersOf(withAuto, entry);
        reportIssue(accept, Issues.multipleAutoAssociate, {
            node: entry.auto,
            relatedInformation: relatedCapped(others, other => relatedAt(other.auto, `group '${other.group.name}' has auto-associate too`), total),
        }, others[0].group.name);
    }
}
