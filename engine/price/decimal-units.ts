import type { Decimal } from '../money/decimal.js';
import { fixedFromDecimal, rescale } from './scaled.js';

/**
 * Exact conversions of a Decimal's value to integer units without going through its text, for the
 * once-per-cube preparation of hundreds of thousands of cells.
 *
 * decimal.js documents a Decimal's value as the properties `d` (digits in base 1e7 words, most
 * significant first, trailing zero words removed), `e` (base-10 exponent of the most significant
 * digit) and `s` (sign). Words are aligned on the decimal point: word k counts units of
 * 10^(7·floor(e/7) − 7k).
 */

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const POW10 = Array.from({ length: 23 }, (_x, n) => 10 ** n);

interface DecimalParts {
    readonly d: readonly number[] | null;
    readonly e: number;
    readonly s: number;
}

/** Decimal places of the value (as `Decimal.decimalPlaces()`: trailing zeros do not count). */
export function placesOf(value: Decimal): number {
    const { d, e } = value as unknown as DecimalParts;
    if (!d) throw new Error(`internal: ${value.toString()} is not a finite amount`);
    const n = d.length;
    let last = d[n - 1]!;
    if (last === 0) return 0;
    let zeros = 0;
    while (last % 10 === 0) {
        last /= 10;
        zeros++;
    }
    const lowest = 7 * Math.floor(e / 7) - 7 * (n - 1) + zeros;
    return lowest < 0 ? -lowest : 0;
}

/**
 * The value in units of 10^-scale as a double when that is a safe integer, else NaN (then use
 * `bigUnitsOf`). Throws if the value has more than `scale` decimal places (a caller bug).
 */
export function unitsOf(value: Decimal, scale: number): number {
    const { d, e, s } = value as unknown as DecimalParts;
    if (!d) throw new Error(`internal: ${value.toString()} is not a finite amount`);
    const top = 7 * Math.floor(e / 7) + scale;
    let units = 0;
    for (let k = 0; k < d.length; k++) {
        const word = d[k]!;
        if (word === 0) continue;
        const x = top - 7 * k;
        let term: number;
        if (x >= 0) {
            if (x > 22) return NaN;
            term = word * POW10[x]!;
            if (term > MAX_SAFE) return NaN;
        } else {
            if (x < -7) throw notAtScale(value, scale);
            term = word / POW10[-x]!;
            if (!Number.isInteger(term)) throw notAtScale(value, scale);
        }
        units += term;
    }
    if (units > MAX_SAFE) return NaN;
    return s < 0 && units !== 0 ? -units : units;
}

/** The value in units of 10^-scale as a BigInt (any size). */
export function bigUnitsOf(value: Decimal, scale: number): bigint {
    return rescale(fixedFromDecimal(value), scale);
}

function notAtScale(value: Decimal, scale: number): Error {
    return new Error(`internal: ${value.toFixed()} does not fit ${scale} decimal places`);
}

/** a + b for safe-integer doubles, NaN when the exact sum is not a safe integer (or an input is NaN). */
export function addSafe(a: number, b: number): number {
    const sum = a + b;
    return sum <= MAX_SAFE && sum >= -MAX_SAFE ? sum : NaN;
}
