import type { GroupsResult, GroupSummary } from '../../server/protocol.js';

/*
 * The Billing view's tree as plain data: groups filtered and sorted, each with its figures, accounts and rules. Pure (no
 * VS Code import): groups-view.ts turns these nodes into TreeItems, and the tests run this directly.
 */

export type GroupSort = 'declaration' | 'name' | 'proformaCost' | 'awsCost' | 'margin' | 'marginPercent';

export const SORT_LABELS: Readonly<Record<GroupSort, string>> = {
    declaration: 'As declared',
    name: 'Name',
    proformaCost: 'Pro forma cost (highest first)',
    awsCost: 'AWS cost (highest first)',
    margin: 'Margin (lowest first)',
    marginPercent: 'Margin % (lowest first)',
};

export interface TreeNode {
    readonly id: string;
    readonly label: string;
    readonly description?: string;
    readonly tooltip?: string;
    readonly kind: 'group' | 'figure' | 'accounts' | 'account' | 'rules' | 'rule' | 'message';
    readonly icon?: string;
    /** The group a node belongs to: clicking reveals its declaration and preview section. */
    readonly group?: GroupSummary;
    readonly children?: readonly TreeNode[];
}

/** Whether a group matches the filter: its name, plan, a rule, or an account's id or name contains the text. */
export function matchesFilter(group: GroupSummary, filter: string): boolean {
    const needle = filter.trim().toLowerCase();
    if (!needle) return true;
    return [group.name, group.plan ?? '', ...group.rules, ...group.accounts.flatMap(account => [account.id, account.name ?? ''])]
        .some(text => text.toLowerCase().includes(needle));
}

/** Exact decimal strings compared without floating point (sign, then integer digits, then fraction). */
export function compareDecimal(a: string, b: string): number {
    const sign = (text: string) => (text.startsWith('-') ? -1 : /^[0.]*$/.test(text) ? 0 : 1);
    const [sa, sb] = [sign(a), sign(b)];
    if (sa !== sb) return sa - sb;
    const magnitude = (text: string) => text.replace(/^-/, '').split('.') as [string, string?];
    const [[ia, fa = ''], [ib, fb = '']] = [magnitude(a), magnitude(b)];
    const [na, nb] = [ia.replace(/^0+(?=\d)/, ''), ib.replace(/^0+(?=\d)/, '')];
    let order = na.length !== nb.length ? na.length - nb.length : na < nb ? -1 : na > nb ? 1 : 0;
    if (order === 0) {
        const width = Math.max(fa.length, fb.length);
        const [pa, pb] = [fa.padEnd(width, '0'), fb.padEnd(width, '0')];
        order = pa < pb ? -1 : pa > pb ? 1 : 0;
    }
    return Math.sign(order) * sa;
}

export function sortGroups(groups: readonly GroupSummary[], sort: GroupSort): GroupSummary[] {
    const indexed = groups.map((group, index) => ({ group, index }));
    const figure = (group: GroupSummary, key: 'awsCost' | 'proformaCost' | 'margin'): string | undefined => group.figures?.[key];
    const by = (a: GroupSummary, b: GroupSummary): number => {
        switch (sort) {
            case 'declaration': return 0;
            case 'name': return a.name.localeCompare(b.name);
            case 'proformaCost': case 'awsCost': return missingLast(figure(a, sort), figure(b, sort), (x, y) => compareDecimal(y, x));
            case 'margin': return missingLast(figure(a, 'margin'), figure(b, 'margin'), compareDecimal);
            case 'marginPercent': return missingLast(a.figures?.marginPercent ?? undefined, b.figures?.marginPercent ?? undefined, compareDecimal);
        }
    };
    return indexed.sort((a, b) => by(a.group, b.group) || a.index - b.index).map(entry => entry.group);
}

function missingLast(a: string | undefined, b: string | undefined, compare: (x: string, y: string) => number): number {
    if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
    return compare(a, b);
}

/** The tree's root nodes: a note (period, stale figures, why there are none), then the groups. */
export function buildTree(result: GroupsResult | undefined, filter: string, sort: GroupSort): TreeNode[] {
    if (!result) return [];
    const nodes: TreeNode[] = [];
    if (result.reason) nodes.push({ id: 'note', kind: 'message', label: result.reason, icon: 'info' });
    else if (result.stale) nodes.push({ id: 'note', kind: 'message', label: `Stale: ${result.stale}`, icon: 'warning' });
    const shown = sortGroups(result.groups.filter(group => matchesFilter(group, filter)), sort);
    if (filter.trim() && shown.length === 0) nodes.push({ id: 'none', kind: 'message', label: `No group matches '${filter.trim()}'`, icon: 'filter' });
    for (const group of shown) nodes.push(groupNode(group, result.period));
    return nodes;
}

function groupNode(group: GroupSummary, period: string | undefined): TreeNode {
    const id = `group:${group.location.uri}#${group.name}`;
    const f = group.figures;
    const children: TreeNode[] = [];
    if (f) {
        children.push(
            { id: `${id}/aws`, kind: 'figure', label: 'AWS cost', description: f.shown.awsCost, group },
            { id: `${id}/proforma`, kind: 'figure', label: 'Pro forma', description: f.shown.proformaCost, group },
            { id: `${id}/margin`, kind: 'figure', label: 'Margin', description: `${f.shown.margin} (${f.shown.marginPercent})`, group },
        );
    }
    children.push({
        id: `${id}/accounts`, kind: 'accounts', label: 'Accounts', description: String(group.accounts.length), icon: 'organization', group,
        children: group.accounts.map(account => ({
            id: `${id}/account/${account.id || account.name}`, kind: 'account' as const, label: account.name ?? account.id, description: account.name ? account.id : undefined, icon: 'account', group,
        })),
    });
    children.push({
        id: `${id}/rules`, kind: 'rules', label: 'Rules', description: group.plan ? `plan ${group.plan}` : 'no plan', icon: 'law', group,
        children: group.rules.map(rule => ({ id: `${id}/rule/${rule}`, kind: 'rule' as const, label: rule, icon: 'symbol-ruler', group })),
    });
    const description = !f ? 'no figures' : f.hasUsage ? `${f.shown.proformaCost} · margin ${f.shown.marginPercent}` : `${f.shown.proformaCost} · no usage`;
    return {
        id, kind: 'group', label: group.name, description, icon: 'symbol-namespace', group, children,
        tooltip: f ? `${group.name}${period ? ` · ${period}` : ''}: AWS ${f.shown.awsCost} → pro forma ${f.shown.proformaCost}, margin ${f.shown.margin} (${f.shown.marginPercent})` : group.name,
    };
}
