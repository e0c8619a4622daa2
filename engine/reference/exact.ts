import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The reference pricer's number type: decimal.js with 200 significant digits, on purpose not the engine's
 * `engine/money/decimal.ts` (60 digits). An oracle that shared the engine's precision could not see a sum or a
 * product the engine rounds; with 200 digits every sum and product of CUR amounts (at most 20 integer and 40
 * fractional digits each) is exact, and a quotient (custom-tier allocation, margin %) is close enough to its exact
 * value to be rounded once, correctly: a quotient a/b with b below 10^100 that is not itself a rounding tie lies
 * farther than 10^-100 from one.
 */
export const Exact = DecimalJs.clone({ precision: 200, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });
export type Exact = DecimalJs;

export const ROUND_HALF_EVEN = DecimalJs.ROUND_HALF_EVEN;

/** The value of a number text of the data; an empty cell counts 0. */
export function exactOf(text: string | undefined): Exact {
    return text === undefined || text === '' ? new Exact(0) : new Exact(text);
}

/** A plain decimal text of the policy (`12`, `-0.5`, `.25`, `7.`), else undefined: the policy's numbers that count 0 when invalid. */
export function plainDecimal(text: string): Exact | undefined {
    const trimmed = text.trim();
    return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(trimmed) ? new Exact(trimmed) : undefined;
}

/** The report's form of money: the exact decimal, no exponent, no trailing zeros, `0` rather than `-0`. */
export function moneyText(value: Exact): string {
    return value.isZero() ? '0' : value.toFixed();
}
