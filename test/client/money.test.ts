import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportionCents, compareDecimals, formatMoney, isZero, roundHalfEven, sumDecimals, toCents } from '../../client/preview/money.js';

describe('preview money: half-even rounding of exact decimal strings', () => {
    it('rounds ties to the even cent', () => {
        expect(roundHalfEven('2.345')).toBe('2.34');
        expect(roundHalfEven('2.355')).toBe('2.36');
        expect(roundHalfEven('2.3450000001')).toBe('2.35');
        expect(roundHalfEven('-2.345')).toBe('-2.34');
        expect(roundHalfEven('-2.355')).toBe('-2.36');
        expect(roundHalfEven('0.005')).toBe('0.00');
        expect(roundHalfEven('0.015')).toBe('0.02');
        expect(roundHalfEven('1212.805')).toBe('1212.80');
    });

    it('reads integers, signs, exponents and long fractions', () => {
        expect(roundHalfEven('500')).toBe('500.00');
        expect(roundHalfEven('+7.1')).toBe('7.10');
        expect(roundHalfEven('4e-7')).toBe('0.00');
        expect(roundHalfEven('1.2345e3')).toBe('1234.50');
        expect(roundHalfEven('.5')).toBe('0.50');
        expect(roundHalfEven('123456789012.3456789012345678901234567890')).toBe('123456789012.35');
        expect(() => roundHalfEven('abc')).toThrow(/not a decimal/);
        expect(() => roundHalfEven('')).toThrow(/not a decimal/);
    });

    it('never shows a negative zero', () => {
        expect(roundHalfEven('-0.004')).toBe('0.00');
        expect(formatMoney('-0.001')).toBe('$0.00');
    });

    it('formats with the currency symbol and thousands separators', () => {
        expect(formatMoney('1234567.891')).toBe('$1,234,567.89');
        expect(formatMoney('-55.7235475')).toBe('\u2212$55.72');
        expect(formatMoney('999.995')).toBe('$1,000.00');
        expect(formatMoney('12.5', 'EUR')).toBe('EUR 12.50');
        expect(formatMoney('-12.5', 'CHF')).toBe('\u2212CHF 12.50');
    });

    it('agrees with decimal.js ROUND_HALF_EVEN on random amounts (independent implementation)', () => {
        const amount = fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
            .map(([units, scale]) => new Decimal(units.toString()).div(new Decimal(10).pow(scale)).toFixed(scale));
        fc.assert(fc.property(amount, (text) => {
            expect(roundHalfEven(text)).toBe(new Decimal(text).toFixed(2, Decimal.ROUND_HALF_EVEN).replace(/^-(0\.00)$/, '$1'));
        }), { numRuns: 2000 });
    });

    it('exact helpers: zero test, sum, difference, comparison', () => {
        expect(isZero('-0.000')).toBe(true);
        expect(isZero('0e5')).toBe(true);
        expect(isZero('0.0001')).toBe(false);
        expect(sumDecimals(['0.1', '0.2', '-0.3'])).toBe('0.0');
        expect(sumDecimals(['1114.47095', '500', '32.289419', '-55.7235475'])).toBe('1591.0368215');
        expect(compareDecimals('10.5', '9.99')).toBe(1);
        expect(compareDecimals('-1', '0')).toBe(-1);
        expect(compareDecimals('2.50', '2.5')).toBe(0);
        expect(toCents('-3.455')).toBe(-346n);
    });
});

describe('largest-remainder rounding of parts (as the CLI table)', () => {
    it('makes rounded parts add up to the rounded total', () => {
        // 0.333 + 0.333 + 0.334 = 1.000; each rounds to 0.33 (Σ 0.99); the largest remainder (0.334) takes the cent.
        expect(apportionCents(['0.333', '0.333', '0.334'], 100n)).toEqual([33n, 33n, 34n]);
        // 0.005 + 0.005 = 0.01: each rounds (half-even) to 0.00; the first of equal remainders takes the cent.
        expect(apportionCents(['0.005', '0.005'], 1n)).toEqual([1n, 0n]);
        // Taking away: 0.006 × 3 = 0.018 → 0.02, parts round to 0.01 each (Σ 0.03): the first of equals drops a cent.
        expect(apportionCents(['0.006', '0.006', '0.006'], 2n)).toEqual([0n, 1n, 1n]);
    });

    it('leaves parts alone when they already add up; a zero part never receives a cent', () => {
        expect(apportionCents(['1000.125', '200.335'], 120046n)).toEqual([100012n, 20034n]);
        expect(apportionCents(['0', '0.004', '0.004'], 1n)).toEqual([0n, 1n, 0n]);
        expect(apportionCents(['0', '0'], 1n)).toEqual([0n, 0n]);
    });

    it('always reconciles on random parts, moving each part at most one cent', () => {
        const part = fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => (n / 1000).toFixed(3));
        fc.assert(fc.property(fc.array(part, { minLength: 1, maxLength: 12 }), (parts) => {
            const total = toCents(sumDecimals(parts));
            const rounded = apportionCents(parts, total);
            expect(rounded.reduce((a, b) => a + b, 0n)).toBe(total);
            rounded.forEach((cents, i) => expect(cents - toCents(parts[i]) <= 1n && toCents(parts[i]) - cents <= 1n).toBe(true));
        }), { numRuns: 1000 });
    });
});
