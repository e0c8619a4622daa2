import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../engine/money/decimal.js';
import { buildReport, createRowPricer, prepareCube, pricePolicy } from '../../../engine/price/index.js';
import { A1, A2, A3, cells, cube, discount, group, markup, policy, tiering } from './fixtures.js';

describe('row pricer', () => {
    const data = cube(
        cells(`
            2026-01 ${A1} AmazonEC2 Usage cost=90 pub=100
            2026-01 ${A1} AmazonEC2 RIFee cost=60
            2026-01 ${A2} AmazonEC2 DiscountedUsage cost=0 pub=40 owner=${A1}
            2026-01 ${A2} AmazonEC2 SavingsPlanCoveredUsage cost=30 pub=30 owner=${A3}
            2026-01 ${A2} AmazonEC2 SavingsPlanNegation cost=-30 owner=${A3}
            2026-01 ${A2} AmazonS3 Usage cost=6 pub=10 free=4
            2026-01 ${A2} AmazonS3 Tax cost=1
            2026-01 ${A3} ComputeSavingsPlans SavingsPlanRecurringFee cost=25
        `),
    );
    const rules = [markup('global', '10'), discount('ec2', '5', { service: 'AmazonEC2' }), tiering('no-free', { freeTier: false })];
    const groups = [group('g', { primary: A1, members: [A1, A2] })];

    it('prices each cell as the report does', () => {
        const priced = pricePolicy(prepareCube(data), policy(rules, groups));
        const pricer = createRowPricer(priced);
        const prices = data.cells.map((cell) => pricer.price(cell));
        expect(prices.map((price) => [price.treatment, price.rule ?? '', price.proformaCost.toFixed()])).toEqual([
            ['repriced', 'ec2', '95'], // 100 × 0.95
            ['kept', '', '60'], // RI fee
            ['kept', '', '0'], // RI owned by A1, in g
            ['repriced', 'ec2', '28.5'], // SP owned by A3 (unassigned): 30 × 0.95
            ['dropped', '', '0'], // its negation
            ['repriced', 'global', '11'], // free tier off: 10 × 1.1
            ['dropped', '', '0'], // tax
            ['dropped', '', '0'], // A3 is in no group
        ]);
        // Σ rows of g = the group's charges: 95 + 60 + 0 + 28.5 + 11 = 194.5
        const sum = prices.filter((price) => price.groupIndex === 0).reduce((total, price) => total.plus(price.proformaCost), new Decimal(0));
        expect(sum.toFixed()).toBe('194.5');
        expect(buildReport(priced).groups[0]!.charges).toBe('194.5');
        expect(pricer.groupOf('2026-01', A3)).toBeUndefined();
        expect(pricer.groupOf('2026-01', A2)).toBe(0);
    });

    it('prices custom-tier rows at the group average tier rate', () => {
        // Usage 60 + 90 = 150 through [0,100) @0.10, [100,∞) @0.05 → 10 + 2.5 = 12.5 → average 1/12 per unit.
        // Rows: 60 × 12.5/150 = 5, 90 × 12.5/150 = 7.5
        const tiered = cube(
            cells(`
                2026-01 ${A1} AmazonS3 Usage usage=60 ut=T
                2026-01 ${A1} AmazonS3 Usage usage=90 ut=T op=x
            `),
        );
        const tierRule = tiering('t', {
            customTiers: [
                { beginInclusive: '0', endExclusive: '100', rate: '0.10' },
                { beginInclusive: '100', rate: '0.05' },
            ],
        });
        const pricer = createRowPricer(pricePolicy(prepareCube(tiered), policy([tierRule], [group('g', { primary: A1 })])));
        const prices = tiered.cells.map((cell) => pricer.price(cell).proformaCost.toDecimalPlaces(20).toFixed());
        expect(prices).toEqual(['5', '7.5']);
    });
});
