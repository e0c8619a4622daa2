import { describe, expect, it } from 'vitest';
import { prepareCube, priceReport } from '../../../engine/price/index.js';
import type { CostReport, GroupReport } from '../../../engine/report/types.js';
import { A1, A2, cells, cube, flatFee, group, percentFee, policy } from './fixtures.js';

const groupIn = (report: CostReport, name: string, period: string): GroupReport => {
    const found = report.groups.find((g) => g.name === name && g.period === period);
    if (!found) throw new Error(`no group ${name} in ${period}`);
    return found;
};

/**
 * §9.4 data: a group whose charges are $1,000.00 and include an in-group Savings Plan:
 *   Usage public 1000                                      → 1000
 *   SavingsPlanCoveredUsage 200 (SP owned by A1, in group) → kept 200
 *   SavingsPlanNegation −200 (same SP)                     → kept −200
 * charges = 1000 + 200 − 200 = 1000; without the negation: 1200.
 */
const worked = cube(
    cells(`
        2026-01 ${A1} AmazonEC2 Usage cost=900 pub=1000
        2026-01 ${A1} AmazonEC2 SavingsPlanCoveredUsage cost=200 pub=200 owner=${A1}
        2026-01 ${A1} AmazonEC2 SavingsPlanNegation cost=-200 owner=${A1}
    `),
);

describe('custom line items (abc-semantics §9.4)', () => {
    it('flat $10 and percentages of the charges, of a flat item, and without SP negation', () => {
        const items = [
            flatFee('platform', '10'),
            // 10% × 1000 = 100 (the flat item is not in the group's charges)
            percentFee('on-charges', '10', [{ kind: 'charges' }]),
            // 10% × (1000 + 10) = 101
            percentFee('on-charges-and-platform', '10', [{ kind: 'charges' }, { kind: 'lineItem', name: 'platform' }]),
            // 10% × (1000 − (−200)) = 10% × 1200 = 120
            percentFee('without-negation', '10', [{ kind: 'charges' }], { filters: [{ kind: 'excludeSavingsPlanNegation' }] }),
        ];
        const report = priceReport(prepareCube(worked), policy([], [group('g', { primary: A1, lineItems: items })]));
        const g = groupIn(report, 'g', '2026-01');
        expect(g.charges).toBe('1000');
        expect(g.customLineItems.map((line) => [line.name, line.amount, line.base, line.percent])).toEqual([
            ['platform', '10', undefined, undefined],
            ['on-charges', '100', '1000', '10'],
            ['on-charges-and-platform', '101', '1010', '10'],
            ['without-negation', '120', '1200', '10'],
        ]);
        // 1000 + 10 + 100 + 101 + 120 = 1331
        expect(g.proformaCost).toBe('1331');
        // AWS cost: 900 + 200 − 200 = 900; margin 1331 − 900 = 431
        expect(g.awsCost).toBe('900');
        expect(g.margin).toBe('431');
        // Posted to the primary account, under AWSBillingConductor
        expect(g.byAccount).toEqual([{ accountId: A1, awsCost: '900', proformaCost: '1331', margin: '431' }]);
        expect(g.byService).toEqual([
            { service: 'AWSBillingConductor', awsCost: '0', proformaCost: '331', margin: '331' },
            { service: 'AmazonEC2', awsCost: '900', proformaCost: '1000', margin: '100' },
        ]);
    });

    it('credits are negative; ITEMIZED computes the same amount as CONSOLIDATED', () => {
        // CREDIT 5% × 1000 = −50 (both), flat CREDIT 20 = −20 → 1000 − 50 − 50 − 20 = 880
        const items = [
            percentFee('credit-consolidated', '5', [{ kind: 'charges' }], { type: 'CREDIT' }),
            percentFee('credit-itemized', '5', [{ kind: 'charges' }], { type: 'CREDIT', computation: 'ITEMIZED' }),
            flatFee('flat-credit', '20', { type: 'CREDIT' }),
        ];
        const g = groupIn(priceReport(prepareCube(worked), policy([], [group('g', { primary: A1, lineItems: items })])), 'g', '2026-01');
        expect(g.customLineItems.map((line) => [line.name, line.type, line.amount, line.computation])).toEqual([
            ['credit-consolidated', 'CREDIT', '-50', 'CONSOLIDATED'],
            ['credit-itemized', 'CREDIT', '-50', 'ITEMIZED'],
            ['flat-credit', 'CREDIT', '-20', 'CONSOLIDATED'],
        ]);
        expect(g.proformaCost).toBe('880');
    });

    it('a percentage of a flat CREDIT takes its (unsigned) value as base', () => {
        // flat credit 40 → −40; fee 10% of the credit's value 40 = 4 → 1000 − 40 + 4 = 964
        const items = [flatFee('rebate', '40', { type: 'CREDIT' }), percentFee('handling', '10', [{ kind: 'lineItem', name: 'rebate' }])];
        const g = groupIn(priceReport(prepareCube(worked), policy([], [group('g', { primary: A1, lineItems: items })])), 'g', '2026-01');
        expect(g.customLineItems.map((line) => line.amount)).toEqual(['-40', '4']);
        expect(g.proformaCost).toBe('964');
    });

    it('service filters restrict (EQUAL) or exclude (NOT_EQUAL) the charges base', () => {
        // Charges: EC2 300, S3 100, RDS 50 (public cost, no rule)
        // EQUAL [AmazonEC2]: 10% × 300 = 30; NOT_EQUAL [AmazonEC2]: 10% × 150 = 15; EQUAL [AmazonS3, AmazonRDS]: 10% × 150 = 15
        const data = cube(
            cells(`
                2026-01 ${A1} AmazonEC2 Usage cost=300 pub=300
                2026-01 ${A1} AmazonS3 Usage cost=100 pub=100
                2026-01 ${A1} AmazonRDS Usage cost=50 pub=50
            `),
        );
        const items = [
            percentFee('ec2-only', '10', [{ kind: 'charges' }], { filters: [{ kind: 'service', match: 'EQUAL', services: ['AmazonEC2'] }] }),
            percentFee('not-ec2', '10', [{ kind: 'charges' }], { filters: [{ kind: 'service', match: 'NOT_EQUAL', services: ['AmazonEC2'] }] }),
            percentFee('storage-db', '10', [{ kind: 'charges' }], { filters: [{ kind: 'service', match: 'EQUAL', services: ['AmazonS3', 'AmazonRDS'] }] }),
        ];
        const g = groupIn(priceReport(prepareCube(data), policy([], [group('g', { primary: A1, lineItems: items })])), 'g', '2026-01');
        expect(g.customLineItems.map((line) => [line.name, line.base, line.amount])).toEqual([
            ['ec2-only', '300', '30'],
            ['not-ec2', '150', '15'],
            ['storage-db', '150', '15'],
        ]);
        expect(g.proformaCost).toBe('510'); // 450 + 30 + 15 + 15
    });

    it('period ranges: from inclusive, until exclusive; a flat base outside its range counts 0', () => {
        // Usage 100 in each of 2025-12, 2026-01, 2026-02, 2026-03.
        // support: flat 250 from 2026-01 until 2026-03 → active 2026-01 and 2026-02 only.
        // handling: 10% of support → 25 while support is active, 0 otherwise (its own range is open).
        // onboarding: flat 5 until 2026-01 → 2025-12 only.
        const data = cube(
            cells(`
                2025-12 ${A1} AmazonS3 Usage cost=100 pub=100
                2026-01 ${A1} AmazonS3 Usage cost=100 pub=100
                2026-02 ${A1} AmazonS3 Usage cost=100 pub=100
                2026-03 ${A1} AmazonS3 Usage cost=100 pub=100
            `),
        );
        const items = [
            flatFee('support', '250', { periods: { from: '2026-01', until: '2026-03' } }),
            percentFee('handling', '10', [{ kind: 'lineItem', name: 'support' }]),
            flatFee('onboarding', '5', { periods: { until: '2026-01' } }),
        ];
        const report = priceReport(prepareCube(data), policy([], [group('g', { primary: A1, lineItems: items })]));
        const amounts = (period: string) => groupIn(report, 'g', period).customLineItems.map((line) => [line.name, line.amount]);
        expect(amounts('2025-12')).toEqual([
            ['handling', '0'],
            ['onboarding', '5'],
        ]);
        expect(amounts('2026-01')).toEqual([
            ['support', '250'],
            ['handling', '25'],
        ]);
        expect(amounts('2026-02')).toEqual([
            ['support', '250'],
            ['handling', '25'],
        ]);
        expect(amounts('2026-03')).toEqual([['handling', '0']]);
        expect(['2025-12', '2026-01', '2026-02', '2026-03'].map((period) => groupIn(report, 'g', period).proformaCost)).toEqual(['105', '375', '375', '100']);
        expect(report.issues.filter((issue) => issue.code === 'line-item-base-invalid')).toEqual([]);
    });

    it('an allocated account receives the amount in byAccount; a presentation service is a byService line', () => {
        // A1 usage 100, A2 usage 50. support: flat 250 on A2 presented under AWSSupportBusiness;
        // ops: 10% of charges (150) = 15 on the primary A1, default presentation service.
        const data = cube(
            cells(`
                2026-01 ${A1} AmazonS3 Usage cost=100 pub=100
                2026-01 ${A2} AmazonS3 Usage cost=50 pub=50
            `),
        );
        const items = [
            flatFee('support', '250', { accountId: A2, presentationService: 'AWSSupportBusiness' }),
            percentFee('ops', '10', [{ kind: 'charges' }]),
        ];
        const g = groupIn(priceReport(prepareCube(data), policy([], [group('g', { primary: A1, members: [A1, A2], lineItems: items })])), 'g', '2026-01');
        expect(g.byAccount).toEqual([
            { accountId: A1, awsCost: '100', proformaCost: '115', margin: '15' },
            { accountId: A2, awsCost: '50', proformaCost: '300', margin: '250' },
        ]);
        expect(g.byService.map((line) => [line.service, line.proformaCost])).toEqual([
            ['AWSBillingConductor', '15'],
            ['AWSSupportBusiness', '250'],
            ['AmazonS3', '150'],
        ]);
        expect(g.customLineItems.map((line) => [line.name, line.accountId, line.presentationService])).toEqual([
            ['support', A2, 'AWSSupportBusiness'],
            ['ops', A1, 'AWSBillingConductor'],
        ]);
        expect(g.proformaCost).toBe('415'); // 150 + 250 + 15
    });

    it('an allocated account without data of its own still gets an account line', () => {
        // A2 is a member with no line item this period; the fee of 30 posted to it shows as its pro forma.
        const data = cube(cells(`2026-01 ${A1} AmazonS3 Usage cost=100 pub=100`));
        const g = groupIn(
            priceReport(prepareCube(data), policy([], [group('g', { primary: A1, members: [A1, A2], lineItems: [flatFee('fee', '30', { accountId: A2 })] })])),
            'g',
            '2026-01',
        );
        expect(g.byAccount).toEqual([
            { accountId: A1, awsCost: '100', proformaCost: '100', margin: '0' },
            { accountId: A2, awsCost: '0', proformaCost: '30', margin: '30' },
        ]);
    });

    it('a group with no data in a period still appears, with its flat fees and hasUsage false', () => {
        // Data only for A1 (group "busy"). Group "idle" (A2) has a flat fee 10 and a 10% fee on charges (0).
        const data = cube(cells(`2026-01 ${A1} AmazonS3 Usage cost=100 pub=100`));
        const idle = group('idle', { primary: A2, lineItems: [flatFee('base', '10'), percentFee('pct', '10', [{ kind: 'charges' }])] });
        const report = priceReport(prepareCube(data), policy([], [group('busy', { primary: A1 }), idle]));
        const g = groupIn(report, 'idle', '2026-01');
        expect(g.hasUsage).toBe(false);
        expect(g.awsCost).toBe('0');
        expect(g.charges).toBe('0');
        expect(g.proformaCost).toBe('10');
        expect(g.margin).toBe('10');
        expect(g.marginPercent).toBe('100.00');
        expect(g.customLineItems.map((line) => line.amount)).toEqual(['10', '0']);
        expect(groupIn(report, 'busy', '2026-01').hasUsage).toBe(true);
    });

    it('a percentage base naming a percentage item counts 0 and is reported (no loop)', () => {
        // a: 10% of charges (1000) = 100; b: 10% of "a" (a percentage item) → base 0 → 0
        const items = [percentFee('a', '10', [{ kind: 'charges' }]), percentFee('b', '10', [{ kind: 'lineItem', name: 'a' }])];
        const report = priceReport(prepareCube(worked), policy([], [group('g', { primary: A1, lineItems: items })]));
        expect(groupIn(report, 'g', '2026-01').customLineItems.map((line) => line.amount)).toEqual(['100', '0']);
        expect(report.issues.map((issue) => issue.code)).toContain('line-item-base-invalid');
    });

    it('a percentage with awkward decimals is exact', () => {
        // charges 0.07 → fee 0.07 × 3.33 / 100 = 0.002331 (exact, not rounded to cents) → pro forma 0.072331
        const data = cube(cells(`2026-01 ${A1} AmazonS3 Usage cost=0.07 pub=0.07`));
        const g = groupIn(priceReport(prepareCube(data), policy([], [group('g', { primary: A1, lineItems: [percentFee('p', '3.33', [{ kind: 'charges' }])] })])), 'g', '2026-01');
        expect(g.customLineItems[0]!.amount).toBe('0.002331');
        expect(g.proformaCost).toBe('0.072331');
    });
});
