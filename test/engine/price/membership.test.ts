import { describe, expect, it } from 'vitest';
import { prepareCube, priceReport } from '../../../engine/price/index.js';
import type { CostReport } from '../../../engine/report/types.js';
import { A1, A2, A3, A4, A5, A6, cells, cube, group, policy } from './fixtures.js';

const figures = (report: CostReport) => report.groups.map((g) => [g.period, g.name, g.accountIds.join(','), g.awsCost, g.hasUsage]);

describe('membership per billing period (abc-semantics §9.1)', () => {
    // Six accounts, $200 each per month in 2026-01 and 2026-02. Account 3 moves from A to B in 2026-02
    // (ABC recomputes the whole month on the final association, so it is in B for all of February).
    const data = cube(
        cells(
            ['2026-01', '2026-02']
                .flatMap((period) => [A1, A2, A3, A4, A5, A6].map((account) => `${period} ${account} AmazonEC2 Usage cost=200 pub=200`))
                .join('\n'),
        ),
    );
    const groups = [
        group('A', { primary: A1, members: [A1, A2, `${A3} ..2026-02`] }),
        group('B', { primary: A4, members: [A4, A5, A6, `${A3} 2026-02..`] }),
    ];

    it('moves an account between groups by period range; earlier months are unchanged', () => {
        const report = priceReport(prepareCube(data), policy([], groups));
        // 2026-01: A = 1,2,3 → 600; B = 4,5,6 → 600. 2026-02: A = 1,2 → 400; B = 3,4,5,6 → 800.
        expect(figures(report)).toEqual([
            ['2026-01', 'A', [A1, A2, A3].join(','), '600', true],
            ['2026-01', 'B', [A4, A5, A6].join(','), '600', true],
            ['2026-02', 'A', [A1, A2].join(','), '400', true],
            ['2026-02', 'B', [A3, A4, A5, A6].join(','), '800', true],
        ]);
        expect(report.unassigned.awsCost).toBe('0');
        expect(report.total.awsCost).toBe('2400'); // 6 × 200 × 2
    });

    it('the periods option selects periods; a period not in the data is reported', () => {
        const report = priceReport(prepareCube(data), policy([], groups), { periods: ['2026-02', '2027-01'] });
        expect(report.periods).toEqual(['2026-02']);
        expect(figures(report).map((row) => row.slice(0, 2))).toEqual([
            ['2026-02', 'A'],
            ['2026-02', 'B'],
        ]);
        expect(report.total.awsCost).toBe('1200'); // 6 × 200, February only
        expect(report.issues.map((issue) => issue.code)).toContain('period-not-in-data');
    });
});

describe('accounts no group claims', () => {
    // A1 in group g (100); A5 (30) and A6 (20) in no group.
    const data = cube(
        cells(`
            2026-01 ${A1} AmazonS3 Usage cost=100 pub=100
            2026-01 ${A5} AmazonS3 Usage cost=30 pub=30
            2026-01 ${A6} AmazonS3 Usage cost=20 pub=20
            2026-02 ${A6} AmazonS3 Usage cost=7 pub=7
        `),
        { [A5]: 'sandbox' },
    );

    it('are unassigned when no group auto-associates', () => {
        const report = priceReport(prepareCube(data), policy([], [group('g', { primary: A1 })]));
        // unassigned: 2026-01 30 + 20 = 50, 2026-02 7; A6 over both periods 27
        expect(report.unassigned).toEqual({
            awsCost: '57',
            byPeriod: [
                { period: '2026-01', awsCost: '50', accountIds: [A5, A6] },
                { period: '2026-02', awsCost: '7', accountIds: [A6] },
            ],
            accounts: [
                { accountId: A5, accountName: 'sandbox', awsCost: '30' },
                { accountId: A6, awsCost: '27' },
            ],
        });
        expect(report.total.awsCost).toBe('157');
        expect(report.reconciliation).toEqual({ groupsAwsCost: '100', unassignedAwsCost: '57', inputAwsCost: '157', difference: '0' });
        // Pro forma and margin are over billing groups only: 100 − 100 = 0 (unassigned cost is nobody's margin).
        expect(report.total.proformaCost).toBe('100');
        expect(report.total.margin).toBe('0');
        expect(report.issues.map((issue) => issue.code)).toContain('unassigned-accounts');
        // g has no data in 2026-02 but still appears
        expect(figures(report)).toEqual([
            ['2026-01', 'g', A1, '100', true],
            ['2026-02', 'g', A1, '0', false],
        ]);
    });

    it('go to the auto-associate group, per period', () => {
        const groups = [group('g', { primary: A1 }), group('catch-all', { primary: A2, autoAssociate: true })];
        const report = priceReport(prepareCube(data), policy([], groups));
        expect(report.unassigned.awsCost).toBe('0');
        expect(report.unassigned.accounts).toEqual([]);
        expect(figures(report)).toEqual([
            ['2026-01', 'g', A1, '100', true],
            ['2026-01', 'catch-all', [A2, A5, A6].join(','), '50', true],
            ['2026-02', 'g', A1, '0', false],
            ['2026-02', 'catch-all', [A2, A6].join(','), '7', true],
        ]);
        expect(report.issues.map((issue) => issue.code)).not.toContain('unassigned-accounts');
    });

    it('an account listed by two groups for the same period is billed once, in the first, and reported', () => {
        const groups = [group('first', { primary: A1, members: [A1, A5] }), group('second', { primary: A6, members: [A6, A5] })];
        const report = priceReport(prepareCube(data), policy([], groups), { periods: ['2026-01'] });
        expect(figures(report)).toEqual([
            ['2026-01', 'first', [A1, A5].join(','), '130', true],
            ['2026-01', 'second', A6, '20', true],
        ]);
        expect(report.issues.map((issue) => issue.code)).toContain('account-in-several-groups');
    });

    it('names accounts from the policy first, then from the data', () => {
        const report = priceReport(prepareCube(data), policy([], [group('g', { primary: A1, members: [A1, A5] })], { accounts: [{ id: A1, name: 'web-prod' }] }));
        const g = report.groups[0]!;
        expect(g.byAccount.map((line) => [line.accountId, line.accountName])).toEqual([
            [A1, 'web-prod'],
            [A5, 'sandbox'],
        ]);
    });
});

describe('auto-associate and the payer', () => {
    it('the auto-associate group never takes the declared payer: its cost is unassigned, with a warning', () => {
        // A1 (group A) 200, A2 (no group: auto-associated) 50, A6 the payer (no group) 30.
        const data = cube(cells(`
            2026-01 ${A1} AmazonEC2 Usage cost=200 pub=200
            2026-01 ${A2} AmazonEC2 Usage cost=50 pub=50
            2026-01 ${A6} AmazonEC2 Usage cost=30 pub=30
        `));
        const groups = [group('A', { primary: A1 }), group('new', { primary: A3, autoAssociate: true })];
        const report = priceReport(prepareCube(data), policy([], groups, { payer: { id: A6, name: 'management' } }));
        // new = A3 (no data) + A2 → 50; the payer's 30 is unassigned; 200 + 50 + 30 = 280 reconciles.
        expect(figures(report)).toEqual([
            ['2026-01', 'A', A1, '200', true],
            ['2026-01', 'new', [A2, A3].join(','), '50', true],
        ]);
        expect(report.unassigned.awsCost).toBe('30');
        expect(report.issues.filter((issue) => issue.code === 'payer-not-auto-associated')).toMatchObject([{ severity: 'warning', period: '2026-01' }]);
        // Without a declared payer, A6 is just a new account: auto-associated (50 + 30 = 80).
        const without = priceReport(prepareCube(data), policy([], groups));
        expect(without.groups.find((g) => g.name === 'new')!.awsCost).toBe('80');
    });
});
