import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../engine/money/decimal.js';
import { allocateProportionally, prepareCube, priceReport, tieredCost } from '../../../engine/price/index.js';
import { A1, A2, cells, cube, group, markup, policy, tiering } from './fixtures.js';

describe('free tier', () => {
    // Always Free offers (docs/semantics.md's table). Lambda: public 10 of which 4 was covered by the free tier
    // (billed 6). DynamoDB: public 20 of which 5 free (billed 15).
    const data = cube(
        cells(`
            2026-01 ${A1} AWSLambda Usage cost=6 pub=10 free=4
            2026-01 ${A1} AmazonDynamoDB Usage cost=15 pub=20 free=5
        `),
    );

    it('is active by default: the free-tier part is not charged', () => {
        // Lambda 10 − 4 = 6; DynamoDB 20 − 5 = 15 → 21
        expect(priceReport(prepareCube(data), policy([], [group('g', { primary: A1 })])).groups[0]!.proformaCost).toBe('21');
    });

    it('free-tier off charges the whole public cost; the markup applies on top', () => {
        // Lambda 10 × 1.1 = 11; DynamoDB 20 × 1.1 = 22 → 33
        const rules = [tiering('no-free-tier', { freeTier: false }), markup('global', '10')];
        const g = priceReport(prepareCube(data), policy(rules, [group('g', { primary: A1 })])).groups[0]!;
        expect(g.proformaCost).toBe('33');
        // The tiering rule's effect: from 6 + 15 = 21 (free tier on) to 10 + 20 = 30; the markup's: 30 → 33.
        expect(g.rules).toEqual([
            { rule: 'no-free-tier', publicCost: '21', proformaCost: '30', effect: '9', cells: 2 },
            { rule: 'global', publicCost: '30', proformaCost: '33', effect: '3', cells: 2 },
        ]);
    });

    it('a SERVICE tiering rule beats the GLOBAL one', () => {
        // GLOBAL off, SERVICE AWSLambda on: Lambda 6, DynamoDB 20 → 26
        const rules = [tiering('global-off', { freeTier: false }), tiering('lambda-on', { service: 'AWSLambda', freeTier: true })];
        expect(priceReport(prepareCube(data), policy(rules, [group('g', { primary: A1 })])).groups[0]!.proformaCost).toBe('26');
    });

    it('the 12-month Free Tier is charged at its public cost whatever the tiering rule (ABC removes it)', () => {
        // EC2 (12-month): public 20, 5 of it free → charged 20 with the free tier on; Lambda (Always Free) 10 − 4 = 6 → 26.
        const twelveMonth = cube(cells(`
            2026-01 ${A1} AWSLambda Usage cost=6 pub=10 free=4
            2026-01 ${A1} AmazonEC2 Usage cost=15 pub=20 free=5 ut=USE1-BoxUsage:t3.micro
        `));
        expect(priceReport(prepareCube(twelveMonth), policy([], [group('g', { primary: A1 })])).groups[0]!.proformaCost).toBe('26');
    });
});

describe('custom tiers', () => {
    it('graduated cost: usage in [begin, end) at the tier rate', () => {
        const tiers = [
            { beginInclusive: '0', endExclusive: '100', rate: '0.10' },
            { beginInclusive: '100', rate: '0.05' },
        ];
        // 180 units: 100 × 0.10 + 80 × 0.05 = 10 + 4 = 14; 50 units: 5; exactly 100: 10; 0: 0
        expect(tieredCost(new Decimal(180), tiers).toFixed()).toBe('14');
        expect(tieredCost(new Decimal(50), tiers).toFixed()).toBe('5');
        expect(tieredCost(new Decimal(100), tiers).toFixed()).toBe('10');
        expect(tieredCost(new Decimal(0), tiers).toFixed()).toBe('0');
    });

    it('proportional allocation sums exactly to the whole; the last part takes the remainder', () => {
        // 14 × 30/180 = 2.3333… → 2.33333333333333333333 (20 places, half-even)
        // 14 × 60/180 = 4.6666… → 4.66666666666666666667
        // last = 14 − 2.33333333333333333333 − 4.66666666666666666667 = 7
        const parts = allocateProportionally(new Decimal(14), [new Decimal(30), new Decimal(60), new Decimal(90)]).map((part) => part.toFixed());
        expect(parts).toEqual(['2.33333333333333333333', '4.66666666666666666667', '7']);
        // No weight at all: the last part takes everything.
        expect(allocateProportionally(new Decimal(5), [new Decimal(0), new Decimal(0)]).map((part) => part.toFixed())).toEqual(['0', '5']);
    });

    it('price the group usage of one usage type through the tiers, allocate exactly, then apply the markup', () => {
        // S3 TimedStorage: A1 30 units, A2 60 + 90 units → group usage 180 → 14 (see above); public cost ignored.
        // S3 Requests: A1 50 units → 5, priced separately (another usage type).
        // Markup 10% on top: storage parts × 1.1:
        //   A1 2.33333333333333333333 × 1.1 = 2.566666666666666666663
        //   A2 (4.66666666666666666667 + 7) × 1.1 = 11.66666666666666666667 × 1.1 = 12.833333333333333333337
        //   requests 5 × 1.1 = 5.5
        // EC2 (no tiering rule for EC2): 40 × 1.1 = 44
        // Σ S3 = 15.4 + 5.5 = 20.9; charges = 64.9
        const data = cube(
            cells(`
                2026-01 ${A1} AmazonS3 Usage cost=3 pub=999 usage=30 ut=TimedStorage
                2026-01 ${A1} AmazonS3 Usage cost=5 pub=999 usage=50 ut=Requests
                2026-01 ${A2} AmazonS3 Usage cost=6 pub=999 usage=60 ut=TimedStorage op=a
                2026-01 ${A2} AmazonS3 Usage cost=9 pub=999 usage=90 ut=TimedStorage op=b
                2026-01 ${A2} AmazonEC2 Usage cost=40 pub=40 usage=10
            `),
        );
        const rules = [
            tiering('s3-tiers', {
                service: 'AmazonS3',
                customTiers: [
                    { beginInclusive: '0', endExclusive: '100', rate: '0.10' },
                    { beginInclusive: '100', rate: '0.05' },
                ],
            }),
            markup('global', '10'),
        ];
        const g = priceReport(prepareCube(data), policy(rules, [group('g', { primary: A1, members: [A1, A2] })])).groups[0]!;
        expect(g.byAccount.map((line) => [line.accountId, line.proformaCost])).toEqual([
            [A1, '8.066666666666666666663'], // 2.566666666666666666663 + 5.5
            [A2, '56.833333333333333333337'], // 12.833333333333333333337 + 44
        ]);
        expect(g.byService.map((line) => [line.service, line.proformaCost])).toEqual([
            ['AmazonEC2', '44'],
            ['AmazonS3', '20.9'],
        ]);
        expect(g.charges).toBe('64.9');
        // s3-tiers: public 999 × 4 = 3996 → tiered 14 + 5 = 19; global: 19 + 40 = 59 → 64.9
        expect(g.rules.map((rule) => [rule.rule, rule.publicCost, rule.proformaCost, rule.effect, rule.cells])).toEqual([
            ['s3-tiers', '3996', '19', '-3977', 4],
            ['global', '59', '64.9', '5.9', 5],
        ]);
        // margin: 64.9 − (3 + 5 + 6 + 9 + 40 = 63) = 1.9; 1.9 / 64.9 × 100 = 2.9275… → 2.93
        expect(g.margin).toBe('1.9');
        expect(g.marginPercent).toBe('2.93');
    });

    it('usage accrues per group: the same usage in two groups is tiered separately', () => {
        // Tiers: first 100 at 0.10, then 0.05. One group with 80 + 80 = 160 → 10 + 3 = 13.
        // Two groups with 80 each → 8 + 8 = 16.
        const data = cube(
            cells(`
                2026-01 ${A1} AmazonS3 Usage usage=80 ut=TimedStorage
                2026-01 ${A2} AmazonS3 Usage usage=80 ut=TimedStorage
            `),
        );
        const rules = [
            tiering('tiers', {
                customTiers: [
                    { beginInclusive: '0', endExclusive: '100', rate: '0.10' },
                    { beginInclusive: '100', rate: '0.05' },
                ],
            }),
        ];
        const one = priceReport(prepareCube(data), policy(rules, [group('g', { primary: A1, members: [A1, A2] })]));
        expect(one.total.proformaCost).toBe('13');
        expect(one.groups[0]!.byAccount.map((line) => line.proformaCost)).toEqual(['6.5', '6.5']);
        const two = priceReport(prepareCube(data), policy(rules, [group('g1', { primary: A1 }), group('g2', { primary: A2 })]));
        expect(two.total.proformaCost).toBe('16');
    });
});
