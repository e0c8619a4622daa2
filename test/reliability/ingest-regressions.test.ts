import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest, IngestError, resolveDataPaths } from '../../engine/ingest/index.js';
import { valueText } from '../../engine/ingest/parquet-reader.js';
import { NUM_EXOTIC, NUM_OK, NUM_OUT_OF_RANGE, parseDecimalString } from '../../engine/ingest/scaled-decimal.js';

/**
 * Regressions of the reliability work on the ingest: numbers outside the range of bill amounts are an
 * INVALID_NUMBER error (a cost of `1e9999999999` used to hang the bill while its 10-billion-digit
 * expansion was built), non-finite Parquet doubles are reported instead of read as empty cells, and one
 * file reached twice is read once (a report and its decompressed copy used to be summed twice).
 */

const dir = mkdtempSync(path.join(tmpdir(), 'billing-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/LineItemType,lineItem/CurrencyCode,lineItem/UnblendedCost,lineItem/UsageAmount';
function cur(name: string, cost: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, `${HEADER}\n2026-01-01T00:00:00Z,111111111111,AmazonEC2,BoxUsage,RunInstances,Usage,USD,1.00,1\n2026-01-01T00:00:00Z,111111111111,AmazonEC2,BoxUsage,RunInstances,Usage,USD,${cost},1\n`);
    return file;
}

describe('number range of the ingest', () => {
    const out = new Float64Array(3);
    it('accepts magnitudes below 10^20 with up to 40 decimals, in any notation', () => {
        for (const text of ['99999999999999999999', '9.99E19', '1E-40', '0.' + '0'.repeat(39) + '1', '000000000000000000000000012.5', '-12345678901234567890e-1']) {
            expect([NUM_OK, NUM_EXOTIC], text).toContain(parseDecimalString(text, out));
        }
    });
    it('rejects what lies outside: 10^20 and more, a digit beyond the 40th decimal, huge exponents', () => {
        for (const text of ['100000000000000000000', '1e20', '1E-41', '0.' + '0'.repeat(40) + '1', '1e9999999999', '-1e-9999999999', '12345678901234567890123.5']) {
            expect(parseDecimalString(text, out), text).toBe(NUM_OUT_OF_RANGE);
        }
    });
    it.each(['1e9999999999', '1e-9999999999', '-5E+400'])('a cost of %s fails at once with INVALID_NUMBER naming row and column', async (cost) => {
        const started = performance.now();
        const error = await ingest([cur(`cost-${cost}.csv`, cost)], { workers: 0 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(IngestError);
        expect((error as IngestError).code).toBe('INVALID_NUMBER');
        expect((error as IngestError).row).toBe(2);
        expect((error as IngestError).column).toBe('lineItem/UnblendedCost');
        expect((error as IngestError).message).toContain('out of range');
        expect(performance.now() - started).toBeLessThan(5000);
    });
    it('a non-finite Parquet double is text the measure parser rejects, not an empty cell', () => {
        expect(valueText(Number.NaN)).toBe('NaN');
        expect(valueText(Number.POSITIVE_INFINITY)).toBe('Infinity');
        expect(valueText(1.5)).toBe('1.5');
        expect(valueText(null)).toBe('');
    });
});

describe('each report counts once', () => {
    it('a file named twice, through a symbolic link or a folder and its own path, is read once', async () => {
        const folder = path.join(dir, 'once');
        mkdirSync(folder);
        const file = cur('once/cur.csv', '2.00');
        symlinkSync(file, path.join(folder, 'link.csv'));
        expect(await resolveDataPaths([folder, file, path.join(folder, '..', 'once', 'cur.csv')])).toEqual([file]);
        const cube = await ingest([folder, file], { workers: 0 });
        expect(cube.rows).toBe(2);
    });

    it('a report next to its compressed copy is an error naming both (DUPLICATE_FILES), also inside a folder', async () => {
        const folder = path.join(dir, 'twins');
        mkdirSync(folder);
        const plain = cur('twins/cur.csv', '2.00');
        writeFileSync(`${plain}.gz`, gzipSync(readFileSync(plain)));
        for (const paths of [[folder], [plain, `${plain}.gz`]]) {
            const error = await ingest(paths, { workers: 0 }).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(IngestError);
            expect((error as IngestError).code).toBe('DUPLICATE_FILES');
            expect((error as IngestError).message).toContain('cur.csv and ');
        }
    });
});
