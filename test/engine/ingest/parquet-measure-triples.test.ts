import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measureTriple, shortScale, valueText } from '../../../engine/ingest/parquet-reader.js';
import { NUM_OK, parseDecimalString, scaledToDecimal, tripleOfScaled, tripleToScaled } from '../../../engine/ingest/scaled-decimal.js';
import { Decimal } from '../../../engine/money/decimal.js';

/**
 * Parquet measures handed to the cube sink as exact triples instead of text (parquet-reader.ts `measureTriple`,
 * scaled-decimal.ts `tripleOfScaled`). Checked against decimal.js on the value's text (`String(v)` for a double,
 * the unscaled integer × 10^-scale for a DECIMAL), never against the code under test; and against the text path
 * (the triple `parseDecimalString` gives for the same text), so that every cube figure stays identical.
 */
const MAX = Number.MAX_SAFE_INTEGER;

function triple(value: unknown, scale: number | undefined): number[] | undefined {
    const out = new Float64Array(3);
    return measureTriple(value, scale === undefined ? undefined : { scale }, out, 0) ? Array.from(out) : undefined;
}

/** The triple's value (decimal.js), the text path's triple for `text`, and no negative zero. */
function expectExact(got: number[], text: string): void {
    expect(scaledToDecimal(tripleToScaled(got, 0)).eq(new Decimal(text)), `${got.join(',')} for ${text}`).toBe(true);
    const parsed = new Float64Array(3);
    expect(parseDecimalString(text, parsed)).toBe(NUM_OK);
    expect(got).toEqual(Array.from(parsed, x => x + 0));
    for (const part of got) expect(Object.is(part, -0)).toBe(false);
}

/** The expected text of a DECIMAL, from decimal.js alone. */
function decimalText(unscaled: number, scale: number): string {
    return new Decimal(unscaled).div(new Decimal(10).pow(scale)).toFixed(scale);
}

describe('Parquet measures as exact triples', () => {
    it.each([
        [0, undefined], [-0, undefined], [0.1, undefined], [-0.1, undefined], [1e-9, undefined], [-1e-9, undefined], [123.25, undefined],
        [2 ** 20 - 0.5, undefined], [5e-7, undefined],
        [0, 10], [-0, 10], [1, 10], [-1, 10], [MAX, 10], [-MAX, 10], [MAX, 18], [-MAX, 7], [999_999_999, 0], [-999_999_999, 0],
        [123456789012345, 15], [1, 18], [-1, 18], [5, 2],
    ])('%d (scale %s) is the value of its text', (value, scale) => {
        const got = triple(value, scale);
        expect(got).toBeDefined();
        expectExact(got!, scale === undefined ? String(value) : decimalText(value, scale));
    });

    it.each([
        // Text path, not a fast triple: an integer part of ten digits, scale beyond 18, no exact short form, not finite.
        [1e9, 0], [-1e9, 0], [MAX, 6], [1, 19], [1, -1], [MAX + 1, 10],
        [0.1 + 0.2, undefined], [7e-10, undefined], [2 ** 20, undefined], [1e21, undefined], [NaN, undefined], [Infinity, undefined],
    ])('%d (scale %s) takes the text path', (value, scale) => {
        expect(triple(value, scale)).toBeUndefined();
    });

    it('DECIMAL(p, s) unscaled integers below 2^53 (property)', () => {
        const unscaled = fc.oneof(
            fc.integer({ min: -MAX, max: MAX }),
            fc.integer({ min: -1000, max: 1000 }),
            fc.integer({ min: 0, max: 1000 }).map(d => MAX - d),
            fc.integer({ min: 0, max: 1000 }).map(d => d - MAX),
            fc.tuple(fc.integer({ min: -999_999, max: 999_999 }), fc.integer({ min: 0, max: 9 })).map(([m, e]) => m * 10 ** e),
        );
        fc.assert(fc.property(unscaled, fc.integer({ min: 0, max: 20 }), (n, scale) => {
            const got = triple(n, scale);
            const text = decimalText(n, scale);
            // Falls back only where the text path would not give a fast triple either.
            const fast = scale <= 18 && new Decimal(text).abs().lt(1e9);
            expect(got !== undefined).toBe(fast);
            if (got !== undefined) expectExact(got, text);
            // The same value from the reader's own text of the unscaled integer (as it renders it otherwise).
            if (got !== undefined) expect(new Decimal(valueText(n, { scale })).eq(new Decimal(text))).toBe(true);
        }), { numRuns: 20_000 });
    });

    it('doubles: random, 1e-10 steps, more than 9 decimals, exponents, near 2^20 and 2^53 (property)', () => {
        const double = fc.oneof(
            fc.double({ noNaN: true }),
            fc.double({ min: -(2 ** 20), max: 2 ** 20, noNaN: true }),
            fc.integer({ min: -(10 ** 15), max: 10 ** 15 }).map(k => k * 1e-10),
            fc.tuple(fc.integer({ min: -(10 ** 9), max: 10 ** 9 }), fc.integer({ min: 0, max: 12 })).map(([m, e]) => m / 10 ** e),
            fc.tuple(fc.integer({ min: -99, max: 99 }), fc.integer({ min: -30, max: 25 })).map(([m, e]) => Number(`${m}e${e}`)),
            fc.integer({ min: 0, max: 1000 }).map(d => MAX - d),
            fc.constantFrom(-0, 0, 2 ** 20 - 2 ** -32, -(2 ** 20) + 2 ** -32, 1e-9, 9.999999999e-1),
        );
        fc.assert(fc.property(double, v => {
            const got = triple(v, undefined);
            // Taken for every double with a short exact form (else the text path: same figures, by the text).
            expect(got !== undefined).toBe(shortScale(v) >= 0);
            if (got !== undefined) expectExact(got, String(v));
        }), { numRuns: 30_000 });
    });

    it('DECIMAL bytes (FIXED_LEN_BYTE_ARRAY, two\'s complement) of ≤ 6 significant bytes; BigInt values below 2^53', () => {
        fc.assert(fc.property(fc.integer({ min: -(2 ** 47), max: 2 ** 47 - 1 }), fc.integer({ min: 0, max: 18 }), (n, scale) => {
            const bytes = new Uint8Array(9);
            let v = BigInt.asUintN(72, BigInt(n));
            for (let i = 8; i >= 0; i--) { bytes[i] = Number(v & 0xffn); v >>= 8n; }
            const text = decimalText(n, scale);
            const got = triple(bytes, scale);
            expect(got !== undefined).toBe(new Decimal(text).abs().lt(1e9));
            if (got !== undefined) expectExact(got, text);
            const big = triple(BigInt(n), scale);
            expect(big).toEqual(got);
        }), { numRuns: 10_000 });
        expect(triple(2n ** 53n, 10)).toBeUndefined();
    });

    it('tripleOfScaled refuses what is no safe integer or scale', () => {
        const out = new Float64Array(3);
        expect(tripleOfScaled(0.5, 2, out, 0)).toBe(false);
        expect(tripleOfScaled(1, 2.5, out, 0)).toBe(false);
        expect(tripleOfScaled(2 ** 53, 10, out, 0)).toBe(false);
    });
});
