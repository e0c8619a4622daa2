import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { doubleUnits } from '../../../engine/ingest/native-parquet.js';
import { Decimal } from '../../../engine/money/decimal.js';

/**
 * The native Parquet reader sums a DOUBLE measure in DuckDB as units of 10^-12 (`doubleUnits`) where SQL can prove them
 * to be the double's shortest round-trip form, the text the JS reader parses. The oracle is decimal.js on `String(v)`:
 * wherever DuckDB says exact, the units must be that decimal × 10^12 to the last digit; and the forms the bench's CUR
 * files hold (costs of 10 decimals below 8192, integer usage amounts up to 2^53) must be found exact.
 */

async function evaluate(values: readonly number[]): Promise<{ exact: boolean; units: string | null }[]> {
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const { exact, sum } = doubleUnits('v');
    // Each double enters as its shortest text, which DuckDB's correctly rounding parser reads back to the same double.
    const rows = values.map((v, i) => `(${i}, '${String(v)}'::DOUBLE)`).join(', ');
    // One group per value: its sum is the value's units.
    const result = await con.runAndReadAll(`SELECT i, coalesce(${exact}, false), CAST(${sum} AS VARCHAR) FROM (VALUES ${rows}) t(i, v) GROUP BY i, v ORDER BY i`);
    return result.getRows().map(r => ({ exact: r[1] === true, units: r[2] === null ? null : String(r[2]) }));
}

function unitsOfText(v: number): Decimal {
    return new Decimal(String(v)).times('1e12');
}

describe('DOUBLE measures as exact units of 1e-12 (native Parquet)', () => {
    it('are the shortest form\'s decimal wherever SQL says exact (random doubles)', async () => {
        const values = fc.sample(fc.oneof(
            fc.double({ noNaN: true, noDefaultInfinity: true }),
            fc.double({ min: -9000, max: 9000, noNaN: true }),
            fc.integer({ min: -(10 ** 13), max: 10 ** 13 }).map(n => n / 1e10),
            fc.integer({ min: -(10 ** 15), max: 10 ** 15 }).map(n => n / 1e12),
            fc.integer({ min: -(10 ** 15), max: 10 ** 15 }).map(n => n / 1e9),
            fc.constantFrom(8191.999999999999, 8192.000000000001, 2 ** 20 - 2 ** -32, 2 ** 53 - 1, 2 ** 53, 1e-12, 3e-13, 0.1 + 0.2, -0, 1e300),
        ), { numRuns: 3000, seed: 15 });
        const got = await evaluate(values);
        let exact = 0;
        values.forEach((v, i) => {
            const { exact: isExact, units } = got[i]!;
            if (!isExact) return;
            exact++;
            const expected = unitsOfText(v);
            expect(expected.isInteger(), String(v)).toBe(true);
            expect(units, String(v)).toBe(expected.toFixed());
        });
        expect(exact).toBeGreaterThan(1000);
    });

    it('holds the bench\'s forms: costs of up to 12 decimals below 8192, integers below 2^53', async () => {
        const values = [0.1807061447, -0.1807061447, 1655.6407061867, -1280.2376705598, 0.0000000167, 8191.9999999999, 2312116, 10200626, 2 ** 53 - 1, 0.000000000001];
        const got = await evaluate(values);
        values.forEach((v, i) => {
            expect(got[i]!.exact, String(v)).toBe(true);
            expect(got[i]!.units, String(v)).toBe(unitsOfText(v).toFixed());
        });
        // Beyond what the rules prove: read one by one (the JS reader's text), not summed.
        const beyond = await evaluate([0.1 + 0.2, 2 ** 53, 8192.0000000001, 1e-13, Number.MIN_VALUE]);
        expect(beyond.map(r => r.exact)).toEqual([false, false, false, false, false]);
    });
});
