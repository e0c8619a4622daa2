import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellTable, KEY_SLOTS, M_UNBLENDED, STRIDE } from '../../../engine/ingest/cell-table.js';
import type { TaskResult } from '../../../engine/ingest/ingest-task.js';
import { mergeResults } from '../../../engine/ingest/merge-cube.js';
import {
    NUM_EMPTY, NUM_EXOTIC, NUM_INVALID, NUM_OK, normalizeTriple, parseDecimalString, scaledToDecimal, tripleToScaled,
} from '../../../engine/ingest/scaled-decimal.js';
import { Decimal } from '../../../engine/money/decimal.js';

/** The exact-money primitives against decimal.js. */
describe('scaled decimals', () => {
    const valueOf = (text: string): Decimal => {
        const out = new Float64Array(3);
        const status = parseDecimalString(text, out);
        expect(status).toBe(NUM_OK);
        return scaledToDecimal(tripleToScaled(out, 0));
    };

    it('parses plain, signed, exponent and padded texts exactly', () => {
        for (const [text, expected] of [
            ['0.096', '0.096'], ['-1.5', '-1.5'], ['+2', '2'], ['1.2E-5', '0.000012'], ['4.12e-7', '0.000000412'], ['-3E+2', '-300'],
            ['12.000000000000000001', '12.000000000000000001'], [' 7.25 ', '7.25'], ['.5', '0.5'], ['5.', '5'], ['123456789.123456789', '123456789.123456789'],
            ['1E-18', '0.000000000000000001'], ['0E-0', '0'],
        ]) expect(valueOf(text).eq(expected), text).toBe(true);
    });

    it('flags what the fast path cannot hold, and what is not a number', () => {
        const out = new Float64Array(3);
        expect(parseDecimalString('', out)).toBe(NUM_EMPTY);
        expect(parseDecimalString('1234567890.5', out)).toBe(NUM_EXOTIC);
        expect(parseDecimalString('0.0000000000000000001', out)).toBe(NUM_EXOTIC);
        expect(parseDecimalString('1E-19', out)).toBe(NUM_EXOTIC);
        expect(parseDecimalString('1E+12', out)).toBe(NUM_EXOTIC);
        for (const bad of ['abc', '1,5', '--1', '1e', 'e5', '.', '-', '1.2.3', '$1', 'NaN', 'Infinity']) expect(parseDecimalString(bad, out), bad).toBe(NUM_INVALID);
    });

    it('agrees with decimal.js on random decimals (property)', () => {
        const digits = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
        fc.assert(fc.property(fc.constantFrom('', '-'), digits(1, 9), digits(0, 18), fc.integer({ min: -9, max: 8 }), fc.boolean(), (sign, int, frac, exp, useExp) => {
            const text = `${sign}${int}${frac ? '.' + frac : ''}${useExp ? `E${exp}` : ''}`;
            const out = new Float64Array(3);
            const status = parseDecimalString(text, out);
            if (status === NUM_EXOTIC) return;
            expect(status).toBe(NUM_OK);
            expect(scaledToDecimal(tripleToScaled(out, 0)).eq(new Decimal(text))).toBe(true);
        }), { numRuns: 2000 });
    });

    it('normalising a triple keeps its value', () => {
        const acc = Float64Array.from([3, 2_500_000_000, -1_700_000_000_000]);
        const before = tripleToScaled(acc, 0);
        normalizeTriple(acc, 0);
        expect(tripleToScaled(acc, 0)).toBe(before);
        expect(Math.abs(acc[1])).toBeLessThan(1e9);
        expect(Math.abs(acc[2])).toBeLessThan(1e9);
    });

    it('merging partial cubes stays exact beyond 2^53 (BigInt overflow of large integer parts)', () => {
        const table = new CellTable();
        for (let k = 0; k < KEY_SLOTS; k++) table.setConst(k, Buffer.from(k === 0 ? '2026-01' : `k${k}`));
        const cell = table.findCell();
        table.countRow(cell);
        // As if 2^22 rows of 999,999,999.999999999 had been added: integer part ≈ 4.19e15 (near 2^52).
        table.acc[cell * STRIDE + M_UNBLENDED * 3] = 999_999_999 * 2 ** 22;
        table.acc[cell * STRIDE + M_UNBLENDED * 3 + 1] = 999_999_999 * 2 ** 22;
        const partial = table.toPartial();
        const result = (): TaskResult => ({ file: 'f', format: 'cur1', formatLabel: 'CUR 1.0', cells: partial, rows: 1, issues: [], firstRowOffset: 0, stopOffset: 0 });
        const cube = mergeResults(Array.from({ length: 5 }, result), Array.from({ length: 5 }, () => partial), ['f'], []);
        const one = new Decimal('999999999.999999999').times(2 ** 22);
        expect(cube.cells[0].unblendedCost.eq(one.times(5))).toBe(true);
        expect(cube.cells[0].rows).toBe(5);
    });
});
