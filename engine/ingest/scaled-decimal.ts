import { Decimal } from '../money/decimal.js';

/**
 * Exact decimal numbers without a Decimal object per row.
 *
 * A value is split into three safe integers: the integer part, the first nine fractional digits
 * (units of 1e-9) and the next nine (units of 1e-18), all carrying the value's sign. Sums of such
 * triples stay exact as long as every part stays below 2^53, which `normalizeTriple` guarantees by
 * carrying fractional overflow into the next part. Values outside the fast range (more than nine
 * integer digits, or a non-zero digit beyond 1e-18) are reported as EXOTIC and summed with Decimal
 * by the caller: exact either way.
 */

export const NUM_EMPTY = 0;
export const NUM_OK = 1;
export const NUM_EXOTIC = 2;
export const NUM_INVALID = 3;
/** A well-formed number outside the range of bill amounts (see MAX_INTEGER_DIGITS, MAX_DECIMALS). */
export const NUM_OUT_OF_RANGE = 4;
export type NumStatus = typeof NUM_EMPTY | typeof NUM_OK | typeof NUM_EXOTIC | typeof NUM_INVALID | typeof NUM_OUT_OF_RANGE;

/**
 * The range of amounts and quantities the ingest accepts: magnitude below 10^20 and no non-zero digit
 * beyond the 40th decimal. Anything outside (`1e400`, `1e-9999999999`) is no bill amount, and its
 * exact decimal expansion is unbounded: it would stall or exhaust memory when rendered, or break the
 * 60-digit exact arithmetic of the engine. Such a value is an INVALID_NUMBER error, never rounded.
 */
export const MAX_INTEGER_DIGITS = 20;
export const MAX_DECIMALS = 40;

export const FRAC_UNIT = 1e9;
const MAX_FAST_INT_DIGITS = 9;

/** W1[k] = 10^(9-k): weight of the k-th fractional digit in 1e-9 units (k = 1..9). */
const W1 = [0, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];
/** W2[k-9] = 10^(18-k): weight of the k-th fractional digit in 1e-18 units (k = 10..18). */
const W2 = [0, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/**
 * Parses the ASCII decimal in bytes [s, e) into out[0..2] (integer, 1e-9 units, 1e-18 units).
 * Accepts an optional sign, digits with an optional point, an optional exponent (`1.2E-5`) and
 * surrounding spaces. Returns NUM_EMPTY for an empty field.
 */
export function parseDecimalBytes(b: Uint8Array, s: number, e: number, out: Float64Array): NumStatus {
    while (s < e && b[s] === 32) s++;
    while (e > s && b[e - 1] === 32) e--;
    if (s === e) return NUM_EMPTY;
    let neg = false;
    let c = b[s];
    if (c === 45) { neg = true; s++; } else if (c === 43) s++;
    let ip = 0;
    let i = s;
    let leadingZeros = 0;
    for (; i < e; i++) {
        c = b[i] - 48;
        if (c < 0 || c > 9) break;
        if (ip === 0 && c === 0) leadingZeros++;
        ip = ip * 10 + c;
    }
    const intDigits = i - s;
    let f1 = 0;
    let f2 = 0;
    let fracDigits = 0;
    let lastNonZero = 0;
    let exotic = intDigits > MAX_FAST_INT_DIGITS;
    if (i < e && b[i] === 46) {
        i++;
        const fs = i;
        for (; i < e; i++) {
            c = b[i] - 48;
            if (c < 0 || c > 9) break;
            const k = i - fs + 1;
            if (k <= 9) f1 += c * W1[k];
            else if (k <= 18) f2 += c * W2[k - 9];
            else if (c !== 0) { exotic = true; lastNonZero = k; }
        }
        fracDigits = i - fs;
    }
    if (intDigits + fracDigits === 0) return NUM_INVALID;
    if (i < e) {
        c = b[i];
        if (c !== 69 && c !== 101) return NUM_INVALID;
        return parseWithExponent(b, s, i, e, intDigits, neg, out);
    }
    if (intDigits - leadingZeros > MAX_INTEGER_DIGITS || lastNonZero > MAX_DECIMALS) return NUM_OUT_OF_RANGE;
    if (exotic) return NUM_EXOTIC;
    if (neg) { out[0] = -ip; out[1] = -f1; out[2] = -f2; } else { out[0] = ip; out[1] = f1; out[2] = f2; }
    return NUM_OK;
}

/** Mantissa in [s, m) (digits with an optional point, sign already consumed), exponent in (m, e). */
function parseWithExponent(b: Uint8Array, s: number, m: number, e: number, intDigits: number, neg: boolean, out: Float64Array): NumStatus {
    let i = m + 1;
    let expNeg = false;
    if (i < e && (b[i] === 45 || b[i] === 43)) { expNeg = b[i] === 45; i++; }
    if (i === e) return NUM_INVALID;
    let exp = 0;
    for (; i < e; i++) {
        const c = b[i] - 48;
        if (c < 0 || c > 9) return NUM_INVALID;
        if (exp < 100000) exp = exp * 10 + c;
    }
    if (expNeg) exp = -exp;
    // Digit j of the mantissa (point skipped) has power q-1-j where q = intDigits + exp.
    const q = intDigits + exp;
    let ip = 0;
    let f1 = 0;
    let f2 = 0;
    let j = 0;
    let exotic = false;
    for (let p = s; p < m; p++) {
        const c = b[p] - 48;
        if (c === 46 - 48) continue;
        const power = q - 1 - j;
        j++;
        if (c === 0) continue;
        if (power >= MAX_INTEGER_DIGITS || power < -MAX_DECIMALS) return NUM_OUT_OF_RANGE;
        if (exotic) continue;
        if (power >= 0) {
            if (power >= MAX_FAST_INT_DIGITS) exotic = true;
            else ip += c * POW10[power];
        } else if (power >= -9) f1 += c * W1[-power];
        else if (power >= -18) f2 += c * W2[-power - 9];
        else exotic = true;
    }
    if (exotic) return NUM_EXOTIC;
    if (neg) { out[0] = -ip; out[1] = -f1; out[2] = -f2; } else { out[0] = ip; out[1] = f1; out[2] = f2; }
    return NUM_OK;
}

const POW10_18 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18];

/** trunc(n / p) exactly, for a safe integer n and p = 10^k (the float quotient corrected by its remainder). */
function quotient(n: number, p: number): number {
    let q = Math.trunc(n / p);
    const r = n - q * p;
    if (n >= 0) { if (r < 0) q--; else if (r >= p) q++; } else if (r > 0) q++; else if (r <= -p) q--;
    return q;
}

/**
 * unscaled × 10^-scale (a safe integer, 0 ≤ scale ≤ 18) as the exact triple `parseDecimalBytes` gives for its
 * decimal text, written to out[o..o+2] without the text; false where that text would not parse as NUM_OK (an
 * integer part of more than nine digits) or the arguments are outside that range: the caller then takes the text path.
 */
export function tripleOfScaled(unscaled: number, scale: number, out: Float64Array, o: number): boolean {
    if (!Number.isSafeInteger(unscaled) || !(scale >= 0 && scale <= 18) || (scale | 0) !== scale) return false;
    const p = POW10_18[scale];
    const ip = quotient(unscaled, p);
    if (ip >= FRAC_UNIT || ip <= -FRAC_UNIT) return false;
    const r = unscaled - ip * p;
    let f1: number;
    let f2 = 0;
    if (scale <= 9) f1 = r * POW10_18[9 - scale];
    else {
        const d = POW10_18[scale - 9];
        f1 = quotient(r, d);
        f2 = (r - f1 * d) * POW10_18[18 - scale];
    }
    // + 0: no negative zero (the text path's -0 parts add nothing either).
    out[o] = ip + 0; out[o + 1] = f1 + 0; out[o + 2] = f2 + 0;
    return true;
}

const scratch = Buffer.alloc(256);

/** String form of `parseDecimalBytes` (for Parquet values and tests). */
export function parseDecimalString(text: string, out: Float64Array): NumStatus {
    const len = Buffer.byteLength(text, 'latin1');
    if (len > scratch.length) {
        const big = Buffer.from(text, 'latin1');
        return parseDecimalBytes(big, 0, big.length, out);
    }
    scratch.write(text, 0, len, 'latin1');
    return parseDecimalBytes(scratch, 0, len, out);
}

const BIG_E9 = 1_000_000_000n;
const BIG_E18 = BIG_E9 * BIG_E9;

/** Keeps both fractional parts of an accumulated triple below one unit of the next part (exact). */
export function normalizeTriple(acc: Float64Array, o: number): void {
    let carry = Math.trunc(acc[o + 2] / FRAC_UNIT);
    if (carry !== 0) { acc[o + 2] -= carry * FRAC_UNIT; acc[o + 1] += carry; }
    carry = Math.trunc(acc[o + 1] / FRAC_UNIT);
    if (carry !== 0) { acc[o + 1] -= carry * FRAC_UNIT; acc[o] += carry; }
}

/** The triple at acc[o..o+2] as an integer count of 1e-18 units. */
export function tripleToScaled(acc: ArrayLike<number>, o: number): bigint {
    return BigInt(acc[o]) * BIG_E18 + BigInt(acc[o + 1]) * BIG_E9 + BigInt(acc[o + 2]);
}

/** An integer count of 1e-18 units as an exact Decimal. */
export function scaledToDecimal(scaled: bigint): Decimal {
    const neg = scaled < 0n;
    const digits = (neg ? -scaled : scaled).toString().padStart(19, '0');
    const text = digits.slice(0, -18) + '.' + digits.slice(-18);
    return new Decimal(neg ? '-' + text : text);
}

/** Exact Decimal of a decimal text (used for exotic values); throws nothing for texts the byte parser accepted. */
export function decimalOfText(text: string): Decimal {
    return new Decimal(text.trim());
}
