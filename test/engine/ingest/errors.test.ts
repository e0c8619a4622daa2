import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCur } from '../../../engine/generate/index.js';
import { ingest, IngestError } from '../../../engine/ingest/index.js';
import { buildIngestWorker, tempDir } from './helpers.js';

/** Every user error: a typed IngestError with its code, file, data row, line and column. */

const HEADER = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount';
const GOOD = '2026-01-01T00:00:00Z,111111111111,Usage,AmazonEC2,USE1-BoxUsage:m5.large,RunInstances,USD,0.096,0.096,1';

describe('ingest errors', () => {
    const dir = tempDir('errors');
    const write = (name: string, content: string | Buffer): string => {
        const file = path.join(dir, name);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, content);
        return file;
    };
    const fails = async (paths: string[], fields: Partial<IngestError>, options = {}): Promise<IngestError> => {
        const error = await ingest(paths, { workers: 0, ...options }).then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(IngestError);
        expect(error).toMatchObject(fields);
        expect((error as IngestError).message).not.toMatch(/^\s*at /m);
        return error as IngestError;
    };

    it('unterminated quote: file, row and line of the row that opens it', async () => {
        const file = write('unterminated.csv', `${HEADER}\n${GOOD}\n${GOOD}\n2026-01-01,111111111111,Usage,"AmazonEC2,x,y,USD,1,1,1\n${GOOD}\n`);
        await fails([file], { code: 'MALFORMED_CSV', file, row: 3, line: 4 });
    });

    it('closing quote followed by a character', async () => {
        const file = write('closing.csv', `${HEADER}\n${GOOD}\n2026-01-01,111111111111,Usage,"AmazonEC2"x,u,o,USD,1,1,1\n`);
        await fails([file], { code: 'MALFORMED_CSV', file, row: 2, line: 3, column: 'lineItem/ProductCode' });
    });

    it('ragged rows (too many and too few fields)', async () => {
        const more = write('ragged-more.csv', `${HEADER}\n${GOOD}\n${GOOD},extra\n`);
        await fails([more], { code: 'RAGGED_ROW', file: more, row: 2, line: 3, found: '11 fields' });
        const fewer = write('ragged-fewer.csv', `${HEADER}\r\n${GOOD}\r\n${GOOD}\r\n2026-01-01,1\r\n`);
        await fails([fewer], { code: 'RAGGED_ROW', file: fewer, row: 3, line: 4, found: '2 fields' });
    });

    it('missing required columns: all of them are listed', async () => {
        const file = write('missing.csv', 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/CurrencyCode,lineItem/UnblendedCost\n2026-01-01,1,Usage,USD,1\n');
        const error = await fails([file], { code: 'MISSING_COLUMNS', file, line: 1 });
        expect(error.column).toBe('lineItem/ProductCode, lineItem/UsageType, lineItem/Operation, lineItem/UsageAmount');
    });

    it('non-numeric costs name the column and the row', async () => {
        const file = write('nan.csv', `${HEADER}\n${GOOD}\n${GOOD.replace('0.096,0.096', '0.096,"12,5"')}\n`);
        await fails([file], { code: 'INVALID_NUMBER', file, row: 2, line: 3, column: 'pricing/publicOnDemandCost', found: '12,5' });
        const text = write('text.csv', `${HEADER}\n${GOOD.replace(',0.096,0.096,', ',USD 1,0.096,')}\n`);
        await fails([text], { code: 'INVALID_NUMBER', row: 1, column: 'lineItem/UnblendedCost', found: 'USD 1', expected: 'a decimal number' });
    });

    it('mixed currencies within a file name both currencies and where the second appeared', async () => {
        const file = write('currencies.csv', `${HEADER}\n${GOOD}\n${GOOD}\n${GOOD.replace('USD', 'EUR')}\n`);
        const error = await fails([file], { code: 'MIXED_CURRENCIES', file, row: 3, line: 4, expected: 'USD', found: 'EUR', column: 'lineItem/CurrencyCode' });
        expect(error.message).toContain(`${file}:2, data row 1`);
    });

    it('an empty or malformed currency is an error naming the row (never summed under currency "")', async () => {
        const expected = 'an ISO 4217 currency code (three capital letters, e.g. USD)';
        const empty = write('currency-empty.csv', `${HEADER}\n${GOOD}\n${GOOD.replace(',USD,', ',,')}\n`);
        await fails([empty], { code: 'INVALID_CURRENCY', file: empty, row: 2, line: 3, column: 'lineItem/CurrencyCode', found: '', expected });
        const first = write('currency-first-empty.csv', `${HEADER}\n${GOOD.replace(',USD,', ',,')}\n${GOOD}\n`);
        await fails([first], { code: 'INVALID_CURRENCY', row: 1, found: '' });
        for (const [name, code] of [['lower', 'usd'], ['markup', '<b>US</b>'], ['long', 'USDX']] as const) {
            const file = write(`currency-${name}.csv`, `${HEADER}\n${GOOD.replace(',USD,', `,"${code}",`)}\n`);
            await fails([file], { code: 'INVALID_CURRENCY', file, row: 1, found: code, expected });
        }
    });

    it('mixed currencies across files', async () => {
        const a = write('cur-a.csv', `${HEADER}\n${GOOD}\n`);
        const b = write('cur-b.csv', `${HEADER}\n${GOOD.replace('USD', 'JPY')}\n`);
        await fails([a, b], { code: 'MIXED_CURRENCIES', file: b, row: 1, expected: 'USD', found: 'JPY' });
    });

    it('truncated and corrupt gzip', async () => {
        const content = gzipSync(Buffer.from(`${HEADER}\n${GOOD}\n`.repeat(1) + `${GOOD}\n`.repeat(5000)));
        const truncated = write('truncated.csv.gz', content.subarray(0, Math.floor(content.length / 2)));
        await fails([truncated], { code: 'CORRUPT_GZIP', file: truncated });
        const garbage = write('garbage.csv.gz', Buffer.from(`${HEADER}\n${GOOD}\n`));
        await fails([garbage], { code: 'CORRUPT_GZIP', file: garbage });
    });

    it('empty files (no header)', async () => {
        await fails([write('empty.csv', '')], { code: 'EMPTY_FILE', line: 1 });
        await fails([write('blank.csv', '\uFEFF\r\n\n')], { code: 'EMPTY_FILE' });
        await fails([write('empty.csv.gz', gzipSync(Buffer.alloc(0)))], { code: 'EMPTY_FILE' });
    });

    it('unknown format names the columns each format expects', async () => {
        const file = write('unknown.csv', 'date,account,cost\n2026-01-01,1,2\n');
        const error = await fails([file], { code: 'UNKNOWN_FORMAT', file, line: 1 });
        expect(error.expected).toContain('lineItem/UsageAccountId');
        expect(error.expected).toContain('line_item_usage_account_id');
        expect(error.expected).toContain('BilledCost');
    });

    it('invalid billing period', async () => {
        const file = write('period.csv', `${HEADER}\n${GOOD.replace('2026-01-01T00:00:00Z', '01/01/2026')}\n`);
        await fails([file], { code: 'INVALID_PERIOD', row: 1, column: 'bill/BillingPeriodStartDate', found: '01/01/2026' });
        await expect(ingest([file], { periods: ['2026-1'] })).rejects.toMatchObject({ code: 'INVALID_PERIOD', found: '2026-1' });
    });

    it('mixed formats', async () => {
        const cur1 = write('mixed/a.csv', `${HEADER}\n${GOOD}\n`);
        const focus = write('mixed/b.csv', 'BillingPeriodStart,SubAccountId,ServiceName,ChargeCategory,BillingCurrency,BilledCost\n2026-01-01,1,S,Usage,USD,1\n');
        await fails([cur1, focus], { code: 'MIXED_FORMATS', file: focus, expected: 'CUR 1.0', found: 'FOCUS' });
    });

    it('missing files and empty directories', async () => {
        await fails([path.join(dir, 'nope.csv')], { code: 'FILE_NOT_FOUND' });
        mkdirSync(path.join(dir, 'empty-dir'), { recursive: true });
        write('empty-dir/readme.txt', 'x');
        await fails([path.join(dir, 'empty-dir')], { code: 'NO_DATA_FILES' });
        await fails([path.join(dir, 'nothing-*.csv')], { code: 'NO_DATA_FILES' });
    });

    it('a missing public on-demand cost column is a warning, once per file, with the unblended fallback', async () => {
        const header = HEADER.replace(',pricing/publicOnDemandCost', '');
        const good = GOOD.replace('0.096,0.096', '0.096');
        const a = write('nopublic/a.csv', `${header}\n${good}\n${good}\n`);
        const b = write('nopublic/b.csv', `${header}\n${good}\n`);
        const cube = await ingest([a, b], { workers: 0 });
        expect(cube.issues.map(i => [i.severity, i.code, i.file])).toEqual([
            ['warning', 'missing-public-on-demand-cost', a], ['warning', 'missing-public-on-demand-cost', b],
        ]);
        expect(cube.cells).toHaveLength(1);
        expect(cube.cells[0].rowsWithoutPublicCost).toBe(3);
        expect(cube.cells[0].unblendedWithoutPublicCost.toFixed()).toBe('0.288');
        expect(cube.cells[0].publicOnDemandCost.toFixed()).toBe('0');
    });

    it('no line items (header only, or none in the periods asked for) is a warning', async () => {
        const file = write('header-only.csv', `${HEADER}\n`);
        const empty = await ingest([file], { workers: 0 });
        expect(empty.cells).toEqual([]);
        expect(empty.issues.map(i => [i.severity, i.code])).toEqual([['warning', 'no-line-items']]);
        const other = write('january.csv', `${HEADER}\n${GOOD}\n`);
        const filtered = await ingest([other], { workers: 0, periods: ['2026-05'] });
        expect(filtered.rows).toBe(0);
        expect(filtered.issues[0]).toMatchObject({ code: 'no-line-items', message: 'the data has no line item in the period 2026-05' });
    });

    it('a cancelled ingest rejects with ABORTED', async () => {
        const file = write('abort.csv', `${HEADER}\n${GOOD}\n`);
        const controller = new AbortController();
        controller.abort();
        await fails([file], { code: 'ABORTED' }, { signal: controller.signal });
    });

    describe('with worker threads', () => {
        let worker: string;
        let big: string;
        beforeAll(async () => {
            worker = await buildIngestWorker(dir);
            big = path.join(dir, 'big.csv');
            await generateCur({ output: big, rows: 6000, seed: 3 });
        });

        it('an error in the second byte range still names its exact row and line', async () => {
            const lines = readFileSync(big, 'utf8').split('\n');
            const at = 5000;
            const fields = (parse(lines[at]) as string[][])[0];
            expect(fields.length).toBe(lines[0].split(',').length);
            fields[lines[0].split(',').indexOf('lineItem/UnblendedCost')] = 'oops';
            lines[at] = fields.map(f => (/[",]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
            const bad = write('big-bad.csv', lines.join('\n'));
            await fails([bad], { code: 'INVALID_NUMBER', file: bad, row: at, line: at + 1, column: 'lineItem/UnblendedCost', found: 'oops' },
                { workers: 2, workerScript: worker, splitThreshold: 1 });
        });

        it('cancelling while workers run rejects with ABORTED and stops them', async () => {
            const copy = big.replace('big.csv', 'big-copy.csv');
            // Not byte-identical (a byte-identical copy is refused before any row is read).
            writeFileSync(copy, Buffer.concat([readFileSync(big), Buffer.from('\n')]));
            const controller = new AbortController();
            const started = Date.now();
            const running = ingest([big, copy], { workers: 2, workerScript: worker, signal: controller.signal, onProgress: () => controller.abort() });
            await expect(running).rejects.toMatchObject({ code: 'ABORTED' });
            expect(Date.now() - started).toBeLessThan(10_000);
        });

        it('a currency change in the second byte range is located exactly', async () => {
            const lines = readFileSync(big, 'utf8').split('\n');
            expect(lines[4500]).toContain(',USD,');
            lines[4500] = lines[4500].replace(',USD,', ',EUR,');
            const bad = write('big-eur.csv', lines.join('\n'));
            await fails([bad], { code: 'MIXED_CURRENCIES', file: bad, row: 4500, line: 4501, found: 'EUR' },
                { workers: 2, workerScript: worker, splitThreshold: 1 });
        });
    });
});
