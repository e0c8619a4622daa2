import { describe, expect, it } from 'vitest';
import { classifyLineItem, prepareCube, priceReport } from '../../../engine/price/index.js';
import { A1, cells, cube, group, markup, policy } from './fixtures.js';

describe('line items left out of the pro forma bill', () => {
    it('credits, tax, refunds, non-public discounts and support count in AWS cost only', () => {
        // Pro forma: Usage 100 × 1.1 = 110, nothing else.
        // AWS cost: 100 − 10 + 8 − 3 − 7 − 2 − 1 − 4 − 0.5 − 0.25 − 0.125 + 29 + 15 + 5 + 1 = 130.125
        const data = cube(
            cells(`
                2026-01 ${A1} AmazonEC2 Usage cost=100 pub=100
                2026-01 ${A1} AmazonEC2 Credit cost=-10
                2026-01 ${A1} AmazonEC2 Tax cost=8
                2026-01 ${A1} AmazonEC2 Refund cost=-3
                2026-01 ${A1} AmazonEC2 EdpDiscount cost=-7
                2026-01 ${A1} AmazonEC2 PrivateRateDiscount cost=-2
                2026-01 ${A1} AWSWAF BundledDiscount cost=-1
                2026-01 ${A1} AmazonEC2 RiVolumeDiscount cost=-4
                2026-01 ${A1} AmazonEC2 SppDiscount cost=-0.5
                2026-01 ${A1} AmazonEC2 DistributorDiscount cost=-0.25
                2026-01 ${A1} AmazonEC2 Discount cost=-0.125
                2026-01 ${A1} AWSSupportBusiness Usage cost=29 pub=29
                2026-01 ${A1} AWSSupportEnterprise Fee cost=15
                2026-01 ${A1} OCBPremiumSupport Usage cost=5 pub=5
                2026-01 ${A1} AWSSupportSomethingNew Usage cost=1 pub=1
            `),
        );
        const g = priceReport(prepareCube(data), policy([markup('global', '10')], [group('g', { primary: A1 })])).groups[0]!;
        expect(g.proformaCost).toBe('110');
        expect(g.awsCost).toBe('130.125');
        expect(g.margin).toBe('-20.125');
        expect(g.byService.map((line) => [line.service, line.awsCost, line.proformaCost])).toEqual([
            ['AWSSupportBusiness', '29', '0'],
            ['AWSSupportEnterprise', '15', '0'],
            ['AWSSupportSomethingNew', '1', '0'],
            ['AWSWAF', '-1', '0'],
            ['AmazonEC2', '81.125', '110'], // 100 − 10 + 8 − 3 − 7 − 2 − 4 − 0.5 − 0.25 − 0.125 = 81.125
            ['OCBPremiumSupport', '5', '0'],
        ]);
    });

    it('classifies every type named by the product decisions', () => {
        expect(
            ['Credit', 'Tax', 'Refund', 'EdpDiscount', 'PrivateRateDiscount', 'BundledDiscount', 'RiVolumeDiscount', 'SppDiscount', 'DistributorDiscount', 'Discount', 'SomeFutureDiscount'].map((type) =>
                classifyLineItem(type, 'AmazonEC2'),
            ),
        ).toEqual(Array(11).fill('excluded'));
        expect(['AWSSupportBusiness', 'AWSSupportEnterprise', 'AWSSupportDeveloper', 'AWSDeveloperSupport', 'OCBPremiumSupport', 'AWSSupportEnterpriseOnRamp'].map((service) => classifyLineItem('Usage', service))).toEqual(
            Array(6).fill('excluded'),
        );
        expect(['Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation', 'RIFee', 'Fee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee', 'Proforma_Fee'].map((type) => classifyLineItem(type, 'AmazonEC2'))).toEqual([
            'usage',
            'covered',
            'covered',
            'negation',
            'fee',
            'fee',
            'fee',
            'fee',
            'unknown',
        ]);
    });

    it('an unknown line item type passes through at its unblended cost, with one warning per type', () => {
        // Usage 100 × 1.1 = 110 + unknown 12 + 0.5 (kept, no rule) = 122.5
        const data = cube(
            cells(`
                2026-01 ${A1} AmazonEC2 Usage cost=100 pub=100
                2026-01 ${A1} AmazonEC2 BrandNewType cost=12 pub=40
                2026-01 ${A1} AmazonS3 BrandNewType cost=0.5
            `),
        );
        const report = priceReport(prepareCube(data), policy([markup('global', '10')], [group('g', { primary: A1 })]));
        expect(report.groups[0]!.proformaCost).toBe('122.5');
        const unknown = report.issues.filter((issue) => issue.code === 'unknown-line-item-type');
        expect(unknown).toHaveLength(1);
        expect(unknown[0]!.severity).toBe('warning');
    });

    it('usage without a public price falls back to its unblended cost, with a warning per group and period', () => {
        // public 100 + fallback (unblended of rows without public cost) 20 = 120 × 1.1 = 132
        const data = cube(cells(`2026-01 ${A1} AmazonEC2 Usage cost=95 pub=100 nopub=20 rows=5 nopubRows=2`));
        const report = priceReport(prepareCube(data), policy([markup('global', '10')], [group('g', { primary: A1 })]));
        expect(report.groups[0]!.proformaCost).toBe('132');
        expect(report.issues.filter((issue) => issue.code === 'public-cost-missing').map((issue) => issue.severity)).toEqual(['warning']);
    });
});
