import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDecimals, formatMoney, isZero, sumDecimals, toCents } from '../../client/preview/money.js';
import { plainMoney } from '../../engine/report/money-format.js';

/** The exact amount rounded half-even to cents, plain (the machine form of every view). */
const roundHalfEven = (amount: string): string => plainMoney(amount, 'USD');

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
        expect(formatMoney('12.5', 'EUR')).toBe('€12.50');
        expect(formatMoney('-12.5', 'CHF')).toBe('\u2212CHF 12.50');
        // Each currency's minor units: yen have none (1234.5 → 1234, half to even), dinars three.
        expect(formatMoney('1234.5', 'JPY')).toBe('¥1,234');
        expect(formatMoney('1235.5', 'JPY')).toBe('¥1,236');
        expect(formatMoney('-1.2345', 'KWD')).toBe('\u2212KWD 1.234');
        expect(formatMoney('1234.5', 'CNY')).toBe('CN¥1,234.50');
    });

    it('writes the same figure in a locale\'s notation (billing.numberFormat.locale)', () => {
        // 1234567.895 → 1,234,567.90 (half-even: 9 is odd, up); de-DE groups with "." and puts the symbol after.
        expect(formatMoney('1234567.895', 'EUR', 'de-DE').replace(/\s/g, ' ')).toBe('1.234.567,90 €');
        expect(formatMoney('-1234567.885', 'EUR', 'de-DE').replace(/\s/g, ' ')).toBe('\u22121.234.567,88 €');
        expect(formatMoney('1234.5', 'JPY', 'ja-JP')).toBe('￥1,234');
        expect(formatMoney('1234.5', 'USD', 'en-US')).toBe('$1,234.50');
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
