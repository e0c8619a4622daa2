import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CubeCell } from '../../../engine/cube/types.js';
import { Decimal } from '../../../engine/money/decimal.js';
import type { PricingRule } from '../../../engine/policy/model.js';
import { buildReport, createRowPricer, prepareCube, pricePolicy } from '../../../engine/price/index.js';
import { A1, A2, A3, A4, cube, discount, flatFee, group, markup, percentFee, policy, tiering } from './fixtures.js';

/**
 * Properties, not figures: the fast per-edit totals, the per-service / per-account detail and the
 * row pricer are three computations of the same thing and must agree to the last digit, whatever
 * the data — including amounts too large for the double fast path (> 2^53 units).
 */
const amount = fc.oneof(
    fc.integer({ min: -5_000_000, max: 50_000_000 }).map((cents) => new Decimal(cents).dividedBy(100)),
    fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }).map((units) => new Decimal(units.toString()).dividedBy('1e10')),
    fc.bigInt({ min: 0n, max: 10n ** 24n }).map((units) => new Decimal(units.toString()).dividedBy('1e10')),
);
const accounts = [A1, A2, A3, A4];
const cellArbitrary = fc
    .record({
        period: fc.constantFrom('2026-01', '2026-02'),
        accountId: fc.constantFrom(...accounts),
        service: fc.constantFrom('AmazonEC2', 'AmazonS3', 'AWSSupportBusiness', 'prod-x'),
        usageType: fc.constantFrom('u1', 'u2'),
        operation: fc.constantFrom('o1', 'o2'),
        lineItemType: fc.constantFrom('Usage', 'Usage', 'Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation', 'RIFee', 'Tax', 'Credit', 'Mystery'),
        billingEntity: fc.constantFrom('AWS', 'AWS Marketplace'),
        commitmentOwnerId: fc.constantFrom('', ...accounts),
        unblendedCost: amount,
        publicOnDemandCost: amount,
        freeTierPublicCost: amount,
        unblendedWithoutPublicCost: amount,
        usageAmount: fc.integer({ min: 0, max: 1000 }).map((n) => new Decimal(n)),
    })
    .map((cell): CubeCell => ({ ...cell, currency: 'USD', rows: 1, rowsWithoutPublicCost: 0 }));

const rules: PricingRule[] = [
    markup('global', '7.25'),
    discount('ec2', '12.5', { service: 'AmazonEC2' }),
    markup('marketplace', '0', { billingEntity: 'AWS Marketplace' }),
    discount('sku', '33.33', { service: 'AmazonS3', usageType: 'u1' }),
    tiering('no-free-tier', { service: 'AmazonEC2', freeTier: false }),
];

describe('totals, detail and row pricing agree', () => {
    it('for random cubes', () => {
        fc.assert(
            fc.property(fc.array(cellArbitrary, { minLength: 1, maxLength: 40 }), fc.boolean(), (cellList, withTiers) => {
                const items = [
                    flatFee('flat', '12.34'),
                    percentFee('pct', '3.5', [{ kind: 'charges' }, { kind: 'lineItem', name: 'flat' }]),
                    percentFee('no-neg', '1.25', [{ kind: 'charges' }], { filters: [{ kind: 'excludeSavingsPlanNegation' }], type: 'CREDIT' }),
                    percentFee('s3', '10', [{ kind: 'charges' }], { filters: [{ kind: 'service', match: 'EQUAL', services: ['AmazonS3'] }] }),
                ];
                const tierRule = tiering('s3-tiers', {
                    service: 'AmazonS3',
                    customTiers: [
                        { beginInclusive: '0', endExclusive: '500', rate: '0.013' },
                        { beginInclusive: '500', rate: '0.0071' },
                    ],
                });
                const model = policy(withTiers ? [...rules, tierRule] : rules, [
                    group('g1', { primary: A1, members: [A1, `${A2} ..2026-02`], lineItems: items }),
                    group('g2', { primary: A3, members: [A3, `${A2} 2026-02..`] }),
                ]);
                const data = cube(cellList);
                const priced = pricePolicy(prepareCube(data), model);
                const report = buildReport(priced);
                const pricer = createRowPricer(priced);
                const sum = (values: readonly string[]) => values.reduce((total, value) => total.plus(value), new Decimal(0));

                report.groups.forEach((g, index) => {
                    const detail = priced.detail(index);
                    expect(new Decimal(g.charges).eq(sum([detail.charges.units.toString()]).dividedBy(new Decimal(10).pow(detail.charges.scale)))).toBe(true);
                    expect(sum(g.byService.map((line) => line.proformaCost)).eq(g.proformaCost)).toBe(true);
                    expect(sum(g.byAccount.map((line) => line.proformaCost)).eq(g.proformaCost)).toBe(true);
                    expect(sum(g.byService.map((line) => line.awsCost)).eq(g.awsCost)).toBe(true);
                    expect(sum(g.byAccount.map((line) => line.awsCost)).eq(g.awsCost)).toBe(true);
                    expect(sum(g.customLineItems.map((line) => line.amount)).plus(g.charges).eq(g.proformaCost)).toBe(true);
                    if (!withTiers) {
                        const rows = data.cells.filter((cell) => cell.period === g.period && pricer.groupOf(cell.period, cell.accountId) === priced.groups[index]!.groupIndex);
                        const rowTotal = rows.reduce((total, cell) => total.plus(pricer.price(cell).proformaCost), new Decimal(0));
                        expect(rowTotal.eq(g.charges)).toBe(true);
                    }
                });
                const awsTotal = data.cells.reduce((total, cell) => total.plus(cell.unblendedCost), new Decimal(0));
                expect(awsTotal.eq(report.total.awsCost)).toBe(true);
                expect(report.reconciliation.difference).toBe('0');
            }),
            { numRuns: 300 },
        );
    });
});
