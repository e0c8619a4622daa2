import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../engine/money/decimal.js';
import { placesOf, unitsOf } from '../../../engine/price/decimal-units.js';
import { ExactAccumulator, ExactColumn, ExactColumnBuilder, ExactProductSum } from '../../../engine/price/exact-accumulator.js';
import { divideHalfEven, marginPercent } from '../../../engine/price/margin-percent.js';
import { rescale, toUnits, unitsToString, type Fixed } from '../../../engine/price/scaled.js';

/**
 * The fast paths of pricing against plain BigInt / Decimal arithmetic (the reference): Decimal →
 * units from decimal.js's digits, sums kept in doubles while exact, products split at 2^26.
 */
const digits = fc.stringMatching(/^[0-9]{1,30}$/);
const decimalText = fc
    .tuple(fc.boolean(), digits, fc.option(fc.stringMatching(/^[0-9]{1,22}$/), { nil: undefined }))
    .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction !== undefined ? `.${fraction}` : ''}`);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

describe('Decimal → units', () => {
    it('places and units agree with decimal.js and the text path', () => {
        fc.assert(
            fc.property(decimalText, fc.integer({ min: 0, max: 6 }), (text, extra) => {
                const value = new Decimal(text);
                const places = placesOf(value);
                expect(places).toBe(value.decimalPlaces());
                const scale = places + extra;
                const exact = toUnits(value, scale);
                const fast = unitsOf(value, scale);
                if (exact <= MAX_SAFE && exact >= -MAX_SAFE) expect(fast).toBe(Number(exact));
                else expect(fast).toBeNaN();
            }),
            { numRuns: 3000 },
        );
    });

    it('handle zero, tiny and exponent-sized values', () => {
        for (const [text, scale, units] of [['0', 0, 0], ['-0', 3, 0], ['1e-18', 18, 1], ['1234567.000000001', 9, 1234567000000001], ['12345678.000000001', 9, NaN], ['10000000', 0, 10000000], ['0.1234567', 7, 1234567]] as const) {
            expect(unitsOf(new Decimal(text), scale)).toBe(units);
        }
        expect(placesOf(new Decimal('1.2300000'))).toBe(2);
        expect(placesOf(new Decimal('4.1E-5'))).toBe(6);
    });

    it('refuse a value that does not fit the scale', () => {
        expect(() => unitsOf(new Decimal('0.001'), 2)).toThrow();
        expect(() => unitsOf(new Decimal('12345678.000000001'), 8)).toThrow();
    });
});

const safeOrHuge = fc.oneof(
    fc.integer({ min: -1_000_000, max: 1_000_000 }).map(BigInt),
    fc.bigInt({ min: -MAX_SAFE, max: MAX_SAFE }),
    fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }),
);

function column(values: readonly bigint[]): ExactColumn {
    const builder = new ExactColumnBuilder(values.length);
    values.forEach((value, i) => {
        if (value <= MAX_SAFE && value >= -MAX_SAFE) builder.set(i, Number(value));
        else builder.set(i, NaN, value);
    });
    return builder.finish(values.length);
}

describe('exact sums and products', () => {
    it('accumulate, subtract and build columns exactly', () => {
        fc.assert(
            fc.property(fc.array(safeOrHuge, { minLength: 1, maxLength: 80 }), fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }), (values, signs) => {
                const values2 = column(values);
                const accumulator = new ExactAccumulator();
                const summed = new ExactColumnBuilder(1);
                let expected = 0n;
                values.forEach((value, i) => {
                    if (signs[i]) {
                        accumulator.subtractAt(values2, i);
                        expected -= value;
                    } else {
                        accumulator.addAt(values2, i);
                        expected += value;
                    }
                    summed.addFrom(0, values2, i);
                });
                expect(accumulator.take()).toBe(expected);
                expect(accumulator.take()).toBe(0n);
                expect(summed.finish(1).at(0)).toBe(values.reduce((a, b) => a + b, 0n));
                expect(values2.all()).toEqual(values);
            }),
            { numRuns: 500 },
        );
    });

    it('sum products exactly, whatever the factor', () => {
        const factor = fc.oneof(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 2 ** 40 }), fc.constant(1_048_575), fc.constant(1_048_576));
        fc.assert(
            fc.property(fc.array(fc.tuple(safeOrHuge, factor), { minLength: 1, maxLength: 200 }), (terms) => {
                const product = new ExactProductSum();
                const accumulator = new ExactAccumulator();
                let expected = 0n;
                for (const [value, f] of terms) {
                    const safe = value <= MAX_SAFE && value >= -MAX_SAFE;
                    accumulator.add(safe ? Number(value) : NaN, value);
                    accumulator.drainTimes(product, f, BigInt(f));
                    expected += value * BigInt(f);
                }
                expect(product.take()).toBe(expected);
                expect(product.take()).toBe(0n);
            }),
            { numRuns: 500 },
        );
    });
});

describe('units → text', () => {
    it('writes the exact value without trailing zeros, as Decimal does', () => {
        fc.assert(
            fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: 0, max: 30 }), (units, scale) => {
                const expected = new Decimal(units.toString()).dividedBy(new Decimal(10).pow(scale)).toFixed();
                expect(unitsToString(units, scale)).toBe(expected);
            }),
            { numRuns: 3000 },
        );
        expect(unitsToString(0n, 5)).toBe('0');
        expect(unitsToString(-1000n, 3)).toBe('-1');
        expect(unitsToString(-5n, 3)).toBe('-0.005');
        expect(unitsToString(1234500n, 2)).toBe('12345');
    });
});

describe('margin percent', () => {
    /** The exact definition: margin ÷ pro forma × 100, half-even to 2 decimals, on integers. */
    const reference = (margin: Fixed, proforma: Fixed): string | null => {
        const scale = Math.max(margin.scale, proforma.scale);
        const denominator = rescale(proforma, scale);
        if (denominator === 0n) return null;
        const hundredths = divideHalfEven(rescale(margin, scale) * 10_000n, denominator);
        const negative = hundredths < 0n;
        const digits = (negative ? -hundredths : hundredths).toString().padStart(3, '0');
        return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
    };
    const fixed = (units: bigint, scale: number): Fixed => ({ units, scale });

    it('agrees with exact integer division, ties and huge amounts included', () => {
        const scale = fc.integer({ min: 0, max: 24 });
        fc.assert(
            fc.property(safeOrHuge, fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), scale, scale, (m, p, ms, ps) => {
                expect(marginPercent(fixed(m, ms), fixed(p, ps))).toBe(reference(fixed(m, ms), fixed(p, ps)));
            }),
            { numRuns: 5000 },
        );
        fc.assert(
            fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: -100_000, max: 100_000 }), scale, (t, h, s) => {
                // margin ÷ pro forma × 10,000 = h + ½ exactly: the half-even tie.
                const margin = fixed(t * BigInt(2 * h + 1), s);
                const proforma = fixed(t * 20_000n, s);
                expect(marginPercent(margin, proforma)).toBe(reference(margin, proforma));
            }),
            { numRuns: 2000 },
        );
        expect(marginPercent(fixed(1n, 0), fixed(4000n, 0))).toBe('0.02'); // 2.5 hundredths → 2 (even)
        expect(marginPercent(fixed(3n, 0), fixed(4000n, 0))).toBe('0.08'); // 7.5 → 8
        expect(marginPercent(fixed(-1n, 0), fixed(4000n, 0))).toBe('-0.02');
        expect(marginPercent(fixed(5n, 0), fixed(0n, 3))).toBeNull();
    });
});
