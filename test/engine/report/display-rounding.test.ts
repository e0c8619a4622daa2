import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../engine/money/decimal.js';
import { formatCents, percentOf, summarize, toCents } from '../../../engine/report/index.js';
import { groupLine, reportOf } from './report-fixture.js';

describe('cents', () => {
    it('round half-even', () => {
        expect(['0.005', '0.015', '0.025', '-0.005', '-0.015', '1.2350001', '2.675', '0.0049999'].map((value) => toCents(value))).toEqual([0n, 2n, 2n, 0n, -2n, 124n, 268n, 0n]);
    });

    it('format with thousands separators', () => {
        expect([123456789n, -5n, 0n, 100n, -123456n].map((cents) => formatCents(cents))).toEqual(['1,234,567.89', '-0.05', '0.00', '1.00', '-1,234.56']);
    });

    it('percent of exact strings, half-even', () => {
        // 24.69 / 200 = 12.345% → 12.34; 1/3 → 33.33; 0 → null
        expect(percentOf('24.69', '200')).toBe('12.34');
        expect(percentOf('1', '3')).toBe('33.33');
        expect(percentOf('-2', '3')).toBe('-66.67');
        expect(percentOf('5', '0')).toBeNull();
    });
});

describe('one rounding per figure, and a visible Rounding line', () => {
    it('each row is its exact value rounded once; the Rounding row makes every column add up to the exact total rounded', () => {
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
                // The oracle: decimal.js's own half-even rounding, not the code under test.
                const halfEven = (value: Decimal) => BigInt(value.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).times(100).toFixed(0));
                const body = summary.rows.filter((row) => row.kind !== 'total');
                const total = summary.rows.find((row) => row.kind === 'total')!;
                const rounding = summary.rows.filter((row) => row.kind === 'rounding');
                expect(rounding.length).toBeLessThanOrEqual(1);
                expect(body.reduce((s, row) => s + cents(row.awsCost), 0n)).toBe(cents(total.awsCost));
                expect(body.reduce((s, row) => s + cents(row.proformaCost), 0n)).toBe(cents(total.proformaCost));
                expect(body.reduce((s, row) => s + cents(row.margin), 0n)).toBe(cents(total.margin));
                expect(cents(total.awsCost)).toBe(halfEven(totalAws));
                expect(cents(total.proformaCost)).toBe(halfEven(totalProforma));
                const groupRows = body.filter((row) => row.kind === 'group');
                groupRows.forEach((row, n) => {
                    const g = lines[n]!;
                    if (g.hasUsage) expect(cents(row.awsCost)).toBe(halfEven(new Decimal(g.awsCost)));
                    if (row.proformaCost !== 'no usage') {
                        expect(cents(row.proformaCost)).toBe(halfEven(new Decimal(g.proformaCost)));
                        expect(cents(row.margin)).toBe(halfEven(new Decimal(g.margin)));
                    }
                });
                // A Rounding row appears exactly when independently rounded rows do not add up.
                const independent = groupRows.reduce((s, row) => s + cents(row.awsCost), 0n) + body.filter((row) => row.kind === 'unassigned').reduce((s, row) => s + cents(row.awsCost), 0n);
                expect(rounding.length === 1).toBe(
                    independent !== halfEven(totalAws) ||
                        groupRows.reduce((s, row) => s + cents(row.proformaCost), 0n) !== halfEven(totalProforma) ||
                        groupRows.reduce((s, row) => s + cents(row.margin), 0n) !== halfEven(totalProforma.minus(groupsAws)),
                );
            }),
            { numRuns: 500 },
        );
    });
});
