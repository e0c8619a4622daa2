import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../engine/money/decimal.js';
import { divideHalfEven } from '../../../engine/price/margin-percent.js';
import { toUnits, unitsToString } from '../../../engine/price/scaled.js';

describe('scaled integers', () => {
    it('convert decimals exactly both ways', () => {
        expect(toUnits(new Decimal('12.5'), 3)).toBe(12500n);
        expect(toUnits(new Decimal('-0.001'), 3)).toBe(-1n);
        expect(toUnits(new Decimal('0'), 0)).toBe(0n);
        expect(unitsToString(12500n, 3)).toBe('12.5');
        expect(unitsToString(-1n, 3)).toBe('-0.001');
        expect(unitsToString(0n, 5)).toBe('0');
        expect(unitsToString(100n, 2)).toBe('1');
        expect(unitsToString(7n, 0)).toBe('7');
        expect(unitsToString(-120n, 1)).toBe('-12');
    });

    it('refuse a value that does not fit the scale', () => {
        expect(() => toUnits(new Decimal('0.001'), 2)).toThrow();
    });

    it('divide with half-even rounding', () => {
        expect(divideHalfEven(5n, 2n)).toBe(2n); // 2.5 → 2
        expect(divideHalfEven(7n, 2n)).toBe(4n); // 3.5 → 4
        expect(divideHalfEven(-5n, 2n)).toBe(-2n);
        expect(divideHalfEven(-7n, 2n)).toBe(-4n);
        expect(divideHalfEven(5n, -2n)).toBe(-2n);
        expect(divideHalfEven(10n, 3n)).toBe(3n);
        expect(divideHalfEven(11n, 3n)).toBe(4n); // 3.67
        expect(divideHalfEven(-11n, 3n)).toBe(-4n);
    });
});
