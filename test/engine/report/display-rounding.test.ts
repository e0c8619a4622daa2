import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../engine/money/decimal.js';
import { apportionCents, formatCents, percentOf, summarize, toCents } from '../../../engine/report/index.js';
import { groupLine, reportOf } from './report-fixture.js';

describe('cents', () => {
    it('round half-even', () => {
        expect(['0.005', '0.015', '0.025', '-0.005', '-0.015', '1.2350001', '2.675', '0.0049999'].map((value) => toCents(value))).toEqual([0n, 2n, 2n, 0n, -2n, 124n, 268n, 0n]);
    });

    it('format with thousands separators', () => {
        expect([123456789n, -5n, 0n, 100n, -123456n].map(formatCents)).toEqual(['1,234,567.89', '-0.05', '0.00', '1.00', '-1,234.56']);
    });

    it('percent of exact strings, half-even', () => {
        // 24.69 / 200 = 12.345% → 12.34; 1/3 → 33.33; 0 → null
        expect(percentOf('24.69', '200')).toBe('12.34');
        expect(percentOf('1', '3')).toBe('33.33');
        expect(percentOf('-2', '3')).toBe('-66.67');
        expect(percentOf('5', '0')).toBeNull();
    });
});

describe('largest remainder', () => {
    it('leaves independently rounded parts alone when they add up', () => {
        // 1.115 → 1.12 (half-even), 2.225 → 2.22; total 3.34 ✓
        expect(apportionCents(['1.115', '2.225'], 334n)).toEqual({ cents: [112n, 222n], adjusted: false });
    });

    it('gives the missing cent to the largest remainder', () => {
        // 0.333 + 0.333 + 0.334 = 1.000 → 100; each rounds to 33 → 99; remainders 0.3, 0.3, 0.4 cents → the third gets +1
        expect(apportionCents(['0.333', '0.333', '0.334'], 100n)).toEqual({ cents: [33n, 33n, 34n], adjusted: true });
    });

    it('breaks ties by order, and takes cents back from the smallest remainder', () => {
        // 3 × 0.005: each rounds to 0 (half-even); total 0.015 → 2 cents; equal remainders → first two
        expect(apportionCents(['0.005', '0.005', '0.005'], 2n).cents).toEqual([1n, 1n, 0n]);
        // 3 × 0.016: each rounds to 2 → 6; total 0.048 → 5; equal remainders −0.4 → the first loses one
        expect(apportionCents(['0.016', '0.016', '0.016'], 5n).cents).toEqual([1n, 2n, 2n]);
    });

    it('never gives a cent to a part that is exactly zero', () => {
        // 0 + 0.004 + 0.004 = 0.008 → 1 cent; rounded parts 0, 0, 0 → the cent goes to the first non-zero part
        expect(apportionCents(['0', '0.004', '0.004'], 1n).cents).toEqual([0n, 1n, 0n]);
    });

    it('shown group and unassigned figures always add up to the shown totals', () => {
        const money = fc.bigInt({ min: -(10n ** 9n), max: 10n ** 12n }).map((units) => new Decimal(units.toString()).dividedBy(1000));
        fc.assert(
            fc.property(fc.array(fc.record({ aws: money, proforma: money, hasUsage: fc.boolean() }), { minLength: 1, maxLength: 12 }), fc.array(money, { maxLength: 2 }), (groups, unassigned) => {
                const lines = groups.map((g, n) => {
                    const aws = g.hasUsage ? g.aws : new Decimal(0);
                    return groupLine(`g${n}`, {
                        awsCost: aws.toFixed(),
                        proformaCost: g.proforma.toFixed(),
                        margin: g.proforma.minus(aws).toFixed(),
                        marginPercent: null,
                        hasUsage: g.hasUsage,
                    });
                });
                const sum = (values: Decimal[]) => values.reduce((total, value) => total.plus(value), new Decimal(0));
                const groupsAws = sum(lines.map((g) => new Decimal(g.awsCost)));
                const totalAws = groupsAws.plus(sum(unassigned));
                const totalProforma = sum(lines.map((g) => new Decimal(g.proformaCost)));
                const report = reportOf(
                    lines,
                    { awsCost: totalAws.toFixed(), proformaCost: totalProforma.toFixed(), margin: totalProforma.minus(groupsAws).toFixed() },
                    unassigned.map((value, n) => ({ period: `2026-0${n + 1}`, awsCost: value.toFixed(), accountIds: ['999999999999'] })),
                );
                const summary = summarize(report);
                const cents = (text: string) => (text === 'no usage' || text === '—' ? 0n : BigInt(text.replace(/[,.]/g, '')));
                const body = summary.rows.filter((row) => row.kind !== 'total');
                const total = summary.rows.find((row) => row.kind === 'total')!;
                expect(body.reduce((s, row) => s + cents(row.awsCost), 0n)).toBe(cents(total.awsCost));
                expect(body.reduce((s, row) => s + cents(row.proformaCost), 0n)).toBe(cents(total.proformaCost));
                expect(body.reduce((s, row) => s + cents(row.margin), 0n)).toBe(cents(total.margin));
                expect(cents(total.awsCost)).toBe(toCents(totalAws));
                expect(cents(total.proformaCost)).toBe(toCents(totalProforma));
                for (const row of body) if (row.kind === 'group') expect(cents(row.proformaCost) - cents(row.awsCost)).toBe(cents(row.margin));
            }),
            { numRuns: 500 },
        );
    });
});
