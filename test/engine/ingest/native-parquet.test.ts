import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckContender } from '../../../bench/duck-contender.js';
import { cachedParquet, PARQUET_KINDS } from '../../../bench/parquet-data.js';
import { generateCur } from '../../../engine/generate/index.js';
import { ingest } from '../../../engine/ingest/index.js';
import { lastNativeFallback, nativeParquetTask } from '../../../engine/ingest/native-parquet.js';
import { LINES, type Line } from '../commitments/hourly-fixture.js';
import { hourlyCsvAndParquet, tempDir } from './helpers.js';

/**
 * The native Parquet reader (DuckDB aggregates, native-parquet.ts) against the JS reader (hyparquet, the reference):
 * the whole cube — cells, exact sums, row counts, the commitment ledger, issues — must be the same, and where the
 * native reader cannot be exact it must fall back so that the error is the JS reader's, word for word.
 */

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v instanceof Map ? [...v] : typeof v === 'bigint' ? String(v) : v)));

async function withReader<T>(reader: 'js' | 'native' | 'auto', run: () => Promise<T>): Promise<T> {
    const before = process.env.BILLING_PARQUET_READER;
    process.env.BILLING_PARQUET_READER = reader;
    try {
        return await run();
    } finally {
        if (before === undefined) delete process.env.BILLING_PARQUET_READER;
        else process.env.BILLING_PARQUET_READER = before;
    }
}

async function outcome(reader: 'js' | 'native' | 'auto', file: string, periods?: string[]): Promise<unknown> {
    return withReader(reader, async () => {
        try {
            return plain(await ingest([file], { workers: 0, periods }));
        } catch (error) {
            const e = error as { code?: string; message: string; location?: unknown };
            return { error: e.code, message: e.message, location: plain(e.location ?? null) };
        }
    });
}

/** Native and JS give the same cube; the native reader really read the file (no fallback). */
async function expectSame(file: string, periods?: string[]): Promise<void> {
    const expected = await outcome('js', file, periods);
    const native = await withReader('native', () => nativeParquetTask(file, periods));
    expect(lastNativeFallback, file).toBeUndefined();
    expect(native, file).toBeDefined();
    expect(await outcome('native', file, periods), file).toEqual(expected);
}

afterEach(() => { delete process.env.BILLING_PARQUET_READER; });

describe('native Parquet reader (DuckDB) equals the JS reader', () => {
    it('on generated CUR 1.0 Athena, CUR 2.0 (MAP product) and FOCUS Parquet, with commitments', async () => {
        const dir = tempDir('native-parquet-gen');
        const csv = path.join(dir, 'cur.csv');
        await generateCur({ output: csv, rows: 30000, seed: 4242, accounts: ['111111111111', '222222222222', '333333333333', '444444444444'], periods: 2, startPeriod: '2026-01' });
        const duck = await DuckContender.open();
        for (const { kind } of PARQUET_KINDS) {
            const file = await cachedParquet(duck, csv, kind);
            await expectSame(file);
            await expectSame(file, ['2026-02']);
            if (kind === 'focus') {
                // The shipped CLI reads it natively (unforced) and prints the JS reader's bill to the last digit.
                const bill = (env: NodeJS.ProcessEnv): { stdout: string; stderr: string } => {
                    const run = spawnSync(process.execPath, ['bin/billing.cjs', 'bill', 'examples/acme.billing', '--data', file, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, ...env } });
                    expect(run.status, run.stderr).toBe(0);
                    return { stdout: run.stdout, stderr: run.stderr };
                };
                const natively = bill({ BILLING_PARQUET_TRACE: '1', BILLING_PARQUET_READER: '' });
                expect(natively.stderr).toMatch(/native Parquet: \d+ rows fed/);
                expect(natively.stdout).toBe(bill({ BILLING_PARQUET_READER: 'js' }).stdout);
                // A second currency far into the file: the native reader falls back, the error is the JS reader's.
                const mixed = path.join(dir, 'focus-mixed.parquet');
                await duck.sql(`COPY (SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 20000 THEN 'EUR' ELSE BillingCurrency END AS BillingCurrency) FROM read_parquet('${file}', file_row_number = true)) TO '${mixed}' (FORMAT PARQUET)`);
                const expected = await outcome('js', mixed) as { error?: string };
                expect(expected.error).toBe('MIXED_CURRENCIES');
                expect(await nativeParquetTask(mixed, undefined)).toBeUndefined();
                expect(await outcome('auto', mixed)).toEqual(expected);
            }
            // Unforced, a flat CUR 1.0 Athena file (its ledger rows read one by one) goes to the faster JS reader;
            // FOCUS and CUR 2.0 (product MAP) files are read natively.
            const auto = await nativeParquetTask(file, undefined);
            if (kind === 'athena') expect(lastNativeFallback, file).toMatch(/a CUR file with flat product columns/);
            else expect(auto, file).toBeDefined();
        }
    }, 120_000);

    it('on the Parquet fixtures of the corpus (figures and located errors)', async () => {
        const root = path.resolve('test/corpus/data');
        for (const name of readdirSync(root).filter(n => n.startsWith('parquet'))) {
            for (const file of readdirSync(path.join(root, name)).filter(f => f.endsWith('.parquet'))) {
                const at = path.join(root, name, file);
                expect(await outcome('native', at), at).toEqual(await outcome('js', at));
            }
        }
    });

    it('on hourly commitment data (typed and all-text Parquet, small row groups)', async () => {
        const dir = tempDir('native-parquet-hourly');
        const lines: Line[] = [...LINES];
        for (let h = 2; h < 30; h++) {
            const hour = (n: number): string => new Date(Date.UTC(2026, 0, 1, n)).toISOString().replace('.000', '');
            const when = [hour(h), hour(h + 1)] as const;
            lines.push(
                { account: '222222222222', type: 'Usage', when, instance: 'm5.large', amount: '1', cost: '0.096', pub: '0.096' },
                { account: '333333333333', type: 'Usage', when, service: 'AmazonS3', usageType: 'TimedStorage-ByteHrs', operation: 'StandardStorage', amount: `${h}.5`, cost: `0.0${h}`, pub: `0.0${h}` },
                { account: '222222222222', type: 'Usage', when, instance: 'm5.large', amount: '2', cost: '0.192', pub: '0.192' },
                { account: '111111111111', type: 'Tax', when, service: 'AmazonEC2', usageType: '', operation: '', amount: '0', cost: '0.01' },
                { account: '111111111111', type: 'DiscountedUsage', when, instance: 'm5.large', amount: '1', cost: '0', pub: '0.096', ri: LINES[0]!.ri },
                { account: '222222222222', type: 'Usage', when, service: 'AWSLambda', usageType: 'Lambda-GB-Second', operation: 'Invoke', amount: '100', cost: '0.0000016667', pub: '0.0000016667' },
                { account: '333333333333', type: 'Usage', when, service: 'AmazonS3', usageType: 'Requests', operation: 'Get', amount: '3', cost: '0', pub: '0.0000004' },
            );
        }
        const { typed, text } = await hourlyCsvAndParquet(dir, lines, 50);
        await expectSame(typed);
        // Costs as text: the native reader does not sum strings, the JS reader reads that file.
        expect(await withReader('native', () => nativeParquetTask(text, undefined))).toBeUndefined();
        expect(await outcome('native', text)).toEqual(await outcome('js', text));
    });

    it('falls back to the JS reader where a value is not a number (the located error is the JS reader\'s)', async () => {
        const dir = tempDir('native-parquet-bad');
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        const source = path.resolve('test/corpus/data/parquet-complete/cur2.parquet');
        const copy = path.join(dir, 'ok.parquet');
        copyFileSync(source, copy);
        const bad = path.join(dir, 'nan.parquet');
        const mixed = path.join(dir, 'mixed.parquet');
        try {
            const columns = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${copy}')`)).getRows().map(r => String(r[0]));
            const cost = columns.find(c => /usage_amount$/i.test(c))!;
            const currency = columns.find(c => /currency_code$/i.test(c))!;
            await connection.run(`COPY (SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 1 THEN 'NaN'::DOUBLE ELSE ${cost} END AS ${cost}) FROM read_parquet('${copy}', file_row_number = true)) TO '${bad}' (FORMAT PARQUET)`);
            await connection.run(`COPY (SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 1 THEN 'EUR' ELSE ${currency} END AS ${currency}) FROM read_parquet('${copy}', file_row_number = true)) TO '${mixed}' (FORMAT PARQUET)`);
        } finally { connection.closeSync(); }
        for (const file of [bad, mixed]) {
            const expected = await outcome('js', file) as { error?: string };
            expect(expected.error, file).toBeDefined();
            expect(await withReader('native', () => nativeParquetTask(file, undefined)), file).toBeUndefined();
            expect(await outcome('native', file), file).toEqual(expected);
        }
    });
});
