import { describe, expect, it } from 'vitest';
import type { GroupsResult, GroupSummary } from '../../server/protocol.js';
import { buildTree, compareDecimal, matchesFilter, sortGroups } from '../../client/groups/group-tree-model.js';

const group = (name: string, proformaCost: string | undefined, margin = '0', marginPercent: string | null = '0', extra: Partial<GroupSummary> = {}): GroupSummary => ({
    name, location: { uri: 'file:///p.billing', line: 1, character: 6 }, plan: 'standard', rules: ['base-markup'],
    accounts: [{ id: '111111111111', name: `${name}-prod` }],
    ...(proformaCost === undefined ? {} : {
        figures: { awsCost: proformaCost, proformaCost, margin, marginPercent, hasUsage: true, shown: { awsCost: `$${proformaCost}`, proformaCost: `$${proformaCost}`, margin: `$${margin}`, marginPercent: `${marginPercent}%` } },
    }),
    ...extra,
});

describe('the Billing view model', () => {
    const groups = [group('web', '162.2', '32.2', '19.85'), group('data', '55', '-5', '-9.09'), group('ops', '1000.01', '1', '0.1'), group('new', undefined)];

    it('compares exact decimals, not floats', () => {
        expect(compareDecimal('1000.01', '999.999')).toBe(1);
        expect(compareDecimal('-5', '0')).toBe(-1);
        expect(compareDecimal('-10.5', '-9')).toBe(-1);
        expect(compareDecimal('0.10', '0.1')).toBe(0);
        expect(compareDecimal('12345678901234567890.01', '12345678901234567890.001')).toBe(1);
    });

    it('sorts by pro forma cost (highest first), margin (lowest first), name; groups without figures last', () => {
        expect(sortGroups(groups, 'proformaCost').map(g => g.name)).toEqual(['ops', 'web', 'data', 'new']);
        expect(sortGroups(groups, 'margin').map(g => g.name)).toEqual(['data', 'ops', 'web', 'new']);
        expect(sortGroups(groups, 'marginPercent').map(g => g.name)).toEqual(['data', 'ops', 'web', 'new']);
        expect(sortGroups(groups, 'name').map(g => g.name)).toEqual(['data', 'new', 'ops', 'web']);
        expect(sortGroups(groups, 'declaration').map(g => g.name)).toEqual(['web', 'data', 'ops', 'new']);
    });

    it('filters on the name, plan, rules and accounts (id or name)', () => {
        expect(groups.filter(g => matchesFilter(g, 'WEB')).map(g => g.name)).toEqual(['web']);
        expect(groups.filter(g => matchesFilter(g, 'ops-prod')).map(g => g.name)).toEqual(['ops']);
        expect(groups.filter(g => matchesFilter(g, '1111')).length).toBe(4);
        expect(groups.filter(g => matchesFilter(g, '  ')).length).toBe(4);
    });

    it('builds group nodes with figures, accounts and rules, each revealing its group', () => {
        const result: GroupsResult = { groups: [groups[0]!], period: '2026-03', currency: 'USD' };
        const [web] = buildTree(result, '', 'declaration');
        expect(web).toMatchObject({ kind: 'group', label: 'web', description: '$162.2 · margin 19.85%' });
        expect(web!.children!.map(node => `${node.label}: ${node.description}`)).toEqual([
            'AWS cost: $162.2', 'Pro forma: $162.2', 'Margin: $32.2 (19.85%)', 'Accounts: 1', 'Rules: plan standard',
        ]);
        expect(web!.children![3]!.children!.map(node => `${node.label} ${node.description}`)).toEqual(['web-prod 111111111111']);
        expect(web!.children![4]!.children!.map(node => node.label)).toEqual(['base-markup']);
        expect(web!.children!.every(node => node.group === groups[0])).toBe(true);
    });

    it('says why there are no figures, that they are stale, or that nothing matches', () => {
        expect(buildTree({ groups: [], reason: 'no data loaded' }, '', 'name')[0]).toMatchObject({ kind: 'message', label: 'no data loaded' });
        expect(buildTree({ groups, stale: 'the policy has 1 error' }, '', 'name')[0]).toMatchObject({ kind: 'message', label: 'Stale: the policy has 1 error' });
        expect(buildTree({ groups }, 'zzz', 'name')).toEqual([{ id: 'none', kind: 'message', label: "No group matches 'zzz'", icon: 'filter' }]);
        expect(buildTree({ groups: [groups[3]!] }, '', 'name')[0]!.description).toBe('no figures');
    });
});
