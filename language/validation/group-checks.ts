import { type AstNode, AstUtils, type ValidationAcceptor, type ValidationChecks } from 'langium';
import { PASSTHROUGH_PLAN } from '../../engine/policy/model.js';
import { BUILT_IN_PLANS_URI } from '../scoping/built-in-plans.js';
import type { AccountRef, AllocatedAccount, BillingAstType, Group, GroupMember, LineItem, Membership, PlanUse, Policy, Transfer } from '../generated/ast.js';
import { accountIdOf } from './accounts.js';
import { anyDated, type DatedClause } from './dated-clauses.js';
import { Issues, Limits } from './issue-codes.js';
import { isFilter } from './line-item-checks.js';
import { describeRange, isEmptyRange } from './periods.js';
import { reportIssue } from './report.js';

/** One billing group on its own: its clauses, primary, quotas and line item allocation. */
export function groupChecks(): ValidationChecks<BillingAstType> {
    return {
        Group: [checkClauses, checkPrimaryIsMember, checkAccountCount, checkLineItemQuotas, checkAllocatedAccounts, checkTransfer],
        Policy: [checkRepeatedTransfers],
    };
}

/** How messages show an account reference: `111111111111`, or `222222222222 ("web-dev")` when written by name. */
export function describeAccountRef(ref: AccountRef): string {
    const id = accountIdOf(ref);
    if (ref.id !== undefined || !ref.account) return id ?? '?';
    return `${id ?? '?'} ("${ref.account.$refText}")`;
}

/** Ids of the accounts the group's `accounts` lines name, whatever their periods. */
export function memberIds(group: Group): Set<string> {
    const ids = new Set<string>();
    for (const membership of memberships(group)) {
        for (const ref of membership.accounts) {
            const id = accountIdOf(ref);
            if (id !== undefined) ids.add(id);
        }
    }
    return ids;
}

function memberships(group: Group): Membership[] {
    return group.members.filter((member): member is Membership => member.$type === 'Membership');
}

const CLAUSES = [
    ['Primary', 'primary', Issues.missingPrimary],
    ['PlanUse', 'plan', Issues.missingPlan],
    ['AutoAssociate', 'auto-associate', undefined],
    ['Budget', 'budget', undefined],
    ['MinMargin', 'min-margin', undefined],
    ['Transfer', 'transfer', undefined],
] as const;

/** Group clauses that may be effective-dated. */
const DATABLE: ReadonlySet<string> = new Set(['PlanUse', 'Budget', 'MinMargin']);

/** The group's `transfer` clause: a billing-transfer group (ABC TRANSFER_BILLING). */
export function transferOf(group: Group): Transfer | undefined {
    return group.members.find((member): member is Transfer => member.$type === 'Transfer');
}

function checkClauses(group: Group, accept: ValidationAcceptor): void {
    // ABC: a billing-transfer group needs no primary (`ResponsibilityTransferArn` given: `PrimaryAccountId` not required).
    const transfer = transferOf(group) !== undefined;
    for (const [type, keyword, missing] of CLAUSES) {
        const clauses = group.members.filter((member: GroupMember) => member.$type === type);
        if (clauses.length === 0 && missing && group.name !== undefined && !(transfer && missing === Issues.missingPrimary)) {
            reportIssue(accept, missing, { node: group, property: 'name' }, group.name);
        }
        // Dated `plan`, `budget` and `min-margin` clauses are versions of one value (version-checks.ts).
        if (DATABLE.has(type) && anyDated(clauses as DatedClause[])) continue;
        for (const extra of clauses.slice(1)) {
            reportIssue(accept, Issues.repeatedGroupClause, { node: extra }, keyword);
        }
    }
}

function checkPrimaryIsMember(group: Group, accept: ValidationAcceptor): void {
    const primary = group.members.find(member => member.$type === 'Primary');
    const id = accountIdOf(primary?.account);
    if (!primary?.account || id === undefined || group.name === undefined) return;
    if (!memberIds(group).has(id)) {
        reportIssue(accept, Issues.primaryNotMember, { node: primary.account }, describeAccountRef(primary.account), group.name);
        return;
    }
    const gap = primaryGap(group, id);
    if (gap) reportIssue(accept, Issues.primaryNotMemberInPeriod, { node: primary.account }, describeAccountRef(primary.account), group.name, describeRange(gap));
}

/**
 * The first stretch of periods in which some account is a member of the group but the primary is not. The
 * ranges' bounds cut time into stretches on which every range is constant; '' stands for "before any bound".
 */
function primaryGap(group: Group, primaryId: string): { from?: string; until?: string } | undefined {
    const ranges = memberships(group).filter((membership) => !isEmptyRange(membership));
    const primaryRanges = ranges.filter((membership) => membership.accounts.some((ref) => accountIdOf(ref) === primaryId));
    const bounds = [...new Set(['', ...ranges.flatMap((range) => [range.from, range.until].filter((bound): bound is string => bound !== undefined))])].sort();
    const covers = (range: Membership, at: string): boolean =>
        (range.from === undefined || (at !== '' && range.from <= at)) && (range.until === undefined || (at === '' ? true : at < range.until));
    for (let i = 0; i < bounds.length; i++) {
        const at = bounds[i]!;
        if (!ranges.some((range) => covers(range, at)) || primaryRanges.some((range) => covers(range, at))) continue;
        const until = bounds[i + 1];
        return { ...(at !== '' && { from: at }), ...(until !== undefined && { until }) };
    }
    return undefined;
}

/** The most accounts the group has in any one billing period. */
export function maxConcurrentAccounts(group: Group): number {
    const entries: { id: string; from?: string; until?: string }[] = [];
    for (const membership of memberships(group)) {
        if (isEmptyRange(membership)) continue;
        for (const ref of membership.accounts) {
            const id = accountIdOf(ref);
            if (id !== undefined) entries.push({ id, from: membership.from, until: membership.until });
        }
    }
    const all = new Set(entries.map(entry => entry.id)).size;
    if (all <= Limits.accountsPerGroup) return all;
    // Membership counts only change where a range starts: look at each start and at "before any start".
    const starts = new Set<string | undefined>([undefined, ...entries.map(entry => entry.from)]);
    let max = 0;
    for (const period of starts) {
        const active = new Set<string>();
        for (const entry of entries) {
            const started = entry.from === undefined || (period !== undefined && entry.from <= period);
            const notEnded = entry.until === undefined || period === undefined || period < entry.until;
            if (started && notEnded) active.add(entry.id);
        }
        max = Math.max(max, active.size);
    }
    return max;
}

function checkAccountCount(group: Group, accept: ValidationAcceptor): void {
    const count = maxConcurrentAccounts(group);
    if (count > Limits.accountsPerGroup && group.name !== undefined) {
        reportIssue(accept, Issues.tooManyAccounts, { node: group, property: 'name' }, count);
    }
}

function lineItems(group: Group): LineItem[] {
    return group.members.filter((member): member is LineItem => member.$type === 'LineItem');
}

function checkLineItemQuotas(group: Group, accept: ValidationAcceptor): void {
    if (group.name === undefined) return;
    const items = lineItems(group);
    const filtered = items.filter(item => item.options.some(isFilter)).length;
    if (filtered > Limits.filteredLineItemsPerGroup) {
        reportIssue(accept, Issues.tooManyFilteredLineItems, { node: group, property: 'name' }, filtered);
    }
    const itemized = items.filter(item => item.options.some(option => option.$type === 'Itemized')).length;
    if (itemized > Limits.itemizedLineItemsPerGroup) {
        reportIssue(accept, Issues.tooManyItemizedLineItems, { node: group, property: 'name' }, itemized);
    }
}

function checkAllocatedAccounts(group: Group, accept: ValidationAcceptor): void {
    if (group.name === undefined) return;
    const members = memberIds(group);
    for (const item of lineItems(group)) {
        const allocated = item.options.find((option): option is AllocatedAccount => option.$type === 'AllocatedAccount');
        const id = accountIdOf(allocated?.account);
        if (allocated?.account && id !== undefined && !members.has(id)) {
            reportIssue(accept, Issues.allocatedAccountNotMember, { node: allocated.account }, describeAccountRef(allocated.account), group.name);
        }
    }
}

/** ABC's `ResponsibilityTransferArn` pattern (API reference, AccountGrouping). */
const TRANSFER_ARN = /^arn:[a-z0-9][a-z0-9-.]{0,62}:organizations::\d{12}:transfer\/o-[a-z0-9]{10,32}\/(billing)\/(inbound|outbound)\/rt-[0-9a-z]{8,32}$/;

/** A `transfer` ARN ABC would accept; `plan Passthrough` only on a billing-transfer group. */
function checkTransfer(group: Group, accept: ValidationAcceptor): void {
    const transfer = transferOf(group);
    if (transfer?.arn !== undefined && !TRANSFER_ARN.test(transfer.arn)) reportIssue(accept, Issues.invalidTransferArn, { node: transfer, property: 'arn' }, transfer.arn);
    const planUse = group.members.find((member): member is PlanUse => member.$type === 'PlanUse');
    const plan = planUse?.plan?.ref;
    // The built-in plan (not a declared one of that name, which BIL096 reports).
    if (!transfer && group.name !== undefined && plan?.name === PASSTHROUGH_PLAN && isBuiltInPlan(plan)) {
        reportIssue(accept, Issues.passthroughNeedsTransfer, { node: planUse!, property: 'plan' }, group.name);
    }
}

function isBuiltInPlan(plan: AstNode): boolean {
    return AstUtils.findRootNode(plan).$document?.uri.toString() === BUILT_IN_PLANS_URI;
}

/** One billing group per billing transfer (ABC maps a transfer's organization to exactly one group). */
function checkRepeatedTransfers(policy: Policy, accept: ValidationAcceptor): void {
    const seen = new Map<string, string>();
    for (const statement of policy.statements) {
        if (statement.$type !== 'Group') continue;
        const group = statement as Group;
        const transfer = transferOf(group);
        if (transfer?.arn === undefined || group.name === undefined) continue;
        const other = seen.get(transfer.arn);
        if (other !== undefined) reportIssue(accept, Issues.repeatedTransfer, { node: transfer, property: 'arn' }, transfer.arn, other);
        else seen.set(transfer.arn, group.name);
    }
}
