import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { Account, AccountRef, BillingAstType } from '../generated/ast.js';
import { accountIdOf, describeAccountId, isValidAccountId } from './accounts.js';
import { Issues } from './issue-codes.js';
import type { PolicyContext } from './policy-context.js';
import { groupsSeeing } from './policy-view.js';
import { MAX_RELATED, othersOf, relatedAt, relatedCapped, reportIssue } from './report.js';

/** Account ids wherever they are written. */
export function accountChecks(): ValidationChecks<BillingAstType> {
    return {
        Account: checkDeclaredId,
        AccountRef: checkWrittenId,
    };
}

function checkDeclaredId(account: Account, accept: ValidationAcceptor): void {
    if (account.id !== undefined && !isValidAccountId(account.id)) {
        reportIssue(accept, Issues.invalidAccountId, { node: account, property: 'id' }, account.id);
    }
}

function checkWrittenId(ref: AccountRef, accept: ValidationAcceptor): void {
    if (ref.id !== undefined && !isValidAccountId(ref.id)) {
        reportIssue(accept, Issues.invalidAccountId, { node: ref, property: 'id' }, ref.id);
    }
}

/** Accounts declared twice (by id or by name) across the policy; more than one payer. Linear in the accounts. */
export function checkAccountDeclarations(context: PolicyContext, accept: ValidationAcceptor): void {
    const all = context.policy.accounts;
    const byId = groupBy(all, account => account.id);
    // Per name, the accounts of each id: "same name, another id" without rescanning the accounts of this id.
    const byName = new Map<string, Map<string | undefined, Account[]>>();
    const namedCount = new Map<string, number>();
    for (const account of all) {
        if (account.name === undefined) continue;
        const ids = byName.get(account.name) ?? new Map<string | undefined, Account[]>();
        byName.set(account.name, ids);
        const list = ids.get(account.id) ?? [];
        list.push(account);
        ids.set(account.id, list);
        namedCount.set(account.name, (namedCount.get(account.name) ?? 0) + 1);
    }
    // The first payer, and the first with another id: the "other payer" of any payer in constant time.
    const firstPayer = all.find(account => account.payer && account.id !== undefined);
    const secondPayer = firstPayer && all.find(account => account.payer && account.id !== undefined && account.id !== firstPayer.id);
    for (const account of context.own.accounts) {
        if (account.id !== undefined) {
            const { others, total } = othersOf(byId.get(account.id)!, account);
            if (total > 0) {
                reportIssue(accept, Issues.duplicateAccountId, {
                    node: account, property: 'id',
                    relatedInformation: relatedCapped(others, other => relatedAt(other, 'also declared here', 'id'), total),
                }, account.id);
            }
        }
        if (account.name !== undefined) {
            const ids = byName.get(account.name)!;
            const total = (namedCount.get(account.name) ?? 0) - ids.get(account.id)!.length;
            const others: Account[] = [];
            for (const [id, accounts] of ids) {
                if (others.length > MAX_RELATED) break;
                if (id !== account.id) others.push(...accounts.slice(0, MAX_RELATED + 1 - others.length));
            }
            if (others.length > 0) {
                reportIssue(accept, Issues.duplicateAccountName, {
                    node: account, property: 'name',
                    relatedInformation: relatedCapped(others, other => relatedAt(other, `also the name of ${other.id}`, 'name'), total),
                }, account.name);
            }
        }
        if (account.payer && account.id !== undefined) {
            const otherPayer = account.id === firstPayer?.id ? secondPayer : firstPayer;
            if (otherPayer) {
                reportIssue(accept, Issues.multiplePayers, {
                    node: account, keyword: 'payer',
                    relatedInformation: [relatedAt(otherPayer, 'the other payer', 'id')],
                }, account.id, otherPayer.id);
            }
        }
    }
}

/**
 * A declared account that no group names is unmonitored, unless an `auto-associate` group receives it.
 * Groups of every file importing this one count, so that a shared accounts file is not flagged.
 */
export function checkUnassignedAccounts(context: PolicyContext, accept: ValidationAcceptor): void {
    const payerIds = new Set(context.policy.accounts.filter(account => account.payer).map(account => account.id));
    const candidates = context.own.accounts.filter(account => account.id !== undefined && !payerIds.has(account.id));
    if (candidates.length === 0) return;
    // Indexed once per version of the import graph (policy-view.ts), not the groups of every importer per document.
    const seeing = groupsSeeing(context.document, context.services);
    if (seeing.autoAssociate) return;
    for (const account of candidates) {
        if (!seeing.names(account.id)) {
            reportIssue(accept, Issues.unassignedAccount, { node: account, property: 'id' },
                describeAccountId(account.id, [account]));
        }
    }
}

/** Primaries of this document's groups that are the policy's payer. */
export function checkPayerAsPrimary(context: PolicyContext, accept: ValidationAcceptor): void {
    const payerIds = new Set(context.policy.accounts.filter(account => account.payer).map(account => account.id));
    if (payerIds.size === 0) return;
    for (const group of context.own.groups) {
        for (const member of group.members) {
            if (member.$type !== 'Primary') continue;
            const id = accountIdOf(member.account);
            if (id !== undefined && payerIds.has(id)) {
                reportIssue(accept, Issues.payerAsPrimary, { node: member.account }, describeAccountId(id, context.policy.accounts));
            }
        }
    }
}

function groupBy<T, K>(elements: readonly T[], key: (element: T) => K | undefined): Map<K, T[]> {
    const groups = new Map<K, T[]>();
    for (const element of elements) {
        const k = key(element);
        if (k === undefined) continue;
        const list = groups.get(k) ?? [];
        list.push(element);
        groups.set(k, list);
    }
    return groups;
}
