import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortScale, valueText, writeScaled } from '../../../engine/ingest/parquet-reader.js';
import { Decimal } from '../../../engine/money/decimal.js';

/** DECIMAL values stored as big-endian two's-complement bytes (FIXED_LEN_BYTE_ARRAY), rendered exactly. */
describe('Parquet DECIMAL bytes as text', () => {
    const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
    const pad = (fill: number, tail: number[], width = 9): Uint8Array => bytes(...Array<number>(width - tail.length).fill(fill), ...tail);
    it.each([
        // 9-byte DECIMAL(20,10): 1 unit = 0.0000000001
        [pad(0, [1]), 10, '0.0000000001'],
        [pad(0xff, [0xff]), 10, '-0.0000000001'],
        // 0x00 0x80 = +128 (the zero byte carries the sign and stays); 0xff 0x7f = 65407 − 65536 = −129
        [pad(0, [0x80]), 2, '1.28'],
        [pad(0xff, [0x7f]), 0, '-129'],
        // 2^47 − 1 = 140737488355327: the largest 6-byte positive
        [pad(0, [0x7f, 0xff, 0xff, 0xff, 0xff, 0xff]), 4, '14073748835.5327'],
        // 2^56 = 72057594037927936: 8 significant bytes, the BigInt path
        [pad(0, [0x01, 0, 0, 0, 0, 0, 0, 0]), 10, '7205759.4037927936'],
        // −2^56
        [pad(0xff, [0xff, 0, 0, 0, 0, 0, 0, 0]), 10, '-7205759.4037927936'],
        [bytes(0), 3, '0.000'],
    ])('%o at scale %i is %s', (value, scale, text) => {
        expect(valueText(value, { scale })).toBe(text);
    });
});

/**
 * Doubles and DECIMAL integers written as digits without a string (parquet-reader.ts): the value
 * must be the one of String(v) (JavaScript's shortest round-trip form, what a CSV export shows),
 * checked by decimal.js on the text, never by the code under test.
 */
describe('Parquet numbers written as digits', () => {
    const written = (unscaled: number, scale: number): string => {
        const buf = Buffer.alloc(64);
        return buf.toString('latin1', 0, writeScaled(buf, 0, unscaled, scale));
    };
    it.each([
        [0, 0, '0'], [5, 0, '5'], [-129, 0, '-129'], [5, 2, '0.05'], [-5, 2, '-0.05'], [12345, 2, '123.45'],
        [1, 10, '0.0000000001'], [-140737488355327, 4, '-14073748835.5327'], [10, 1, '1.0'],
    ])('%i at scale %i is %s', (unscaled, scale, text) => {
        expect(written(unscaled, scale)).toBe(text);
    });

    it('hand-picked doubles: the decimals of their shortest form, or -1 where it does not apply', () => {
        expect(shortScale(123.25)).toBe(2);
        expect(shortScale(0.1 + 0.2)).toBe(-1); // 0.30000000000000004: 17 decimals
        expect(shortScale(4e-7)).toBe(7);
        expect(shortScale(7e-10)).toBe(-1); // 10 decimals
        expect(shortScale(-0.000000001)).toBe(9);
        expect(shortScale(2 ** 20)).toBe(-1); // outside the range where one ulp is below 1e-9
        expect(shortScale(NaN)).toBe(-1);
        expect(shortScale(Infinity)).toBe(-1);
        expect(shortScale(-3)).toBe(0);
    });

    it('equals the value of String(v) for random doubles and for decimals of up to 9 places (property)', () => {
        const check = (v: number): void => {
            const s = shortScale(v);
            if (s < 0) return;
            const text = written(Math.round(v * 10 ** s), s);
            expect(new Decimal(text).eq(new Decimal(String(v)))).toBe(true);
        };
        fc.assert(fc.property(fc.double({ min: -(2 ** 20), max: 2 ** 20, noNaN: true }), v => { check(v); }), { numRuns: 20_000 });
        // Decimals as a CUR holds them (costs with up to 9 places): parsed to the nearest double, then written back.
        fc.assert(fc.property(fc.integer({ min: -(10 ** 15), max: 10 ** 15 }), fc.integer({ min: 0, max: 9 }), (n, places) => {
            const v = Number(new Decimal(n).div(new Decimal(10).pow(places + 6)).toFixed());
            check(v);
            if (Math.abs(v) < 2 ** 20 && String(v).replace(/^-?\d*\.?/, '').length <= 9 && !/e/.test(String(v))) expect(shortScale(v)).toBeGreaterThanOrEqual(0);
        }), { numRuns: 20_000 });
    });
});
