import { describe, expect, it } from 'vitest';
import { valueText } from '../../../engine/ingest/parquet-reader.js';

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
