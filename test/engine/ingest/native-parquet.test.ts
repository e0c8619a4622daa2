import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckContender } from '../../../bench/duck-contender.js';
import { cachedParquet, PARQUET_KINDS } from '../../../bench/parquet-data.js';
import { generateCur } from '../../../engine/generate/index.js';
import { ingest } from '../../../engine/ingest/index.js';
import { lastCountedRows, lastLedgerOneByOne, lastNativeFallback, nativeParquetTask } from '../../../engine/ingest/native-parquet.js';
import { HEADER, LINES, row, type Line } from '../commitments/hourly-fixture.js';
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

/**
 * Native and JS give the same cube (`eligibleRows` of a coarse period compared as > 0: `coarseCounted`); the native
 * reader really read the file (no fallback).
 */
async function expectSame(file: string, periods?: string[]): Promise<void> {
    const expected = coarseCounted(await outcome('js', file, periods));
    const native = await withReader('native', () => nativeParquetTask(file, periods));
    expect(lastNativeFallback, file).toBeUndefined();
    expect(native, file).toBeDefined();
    expect(coarseCounted(await outcome('native', file, periods)), file).toEqual(expected);
}

afterEach(() => { delete process.env.BILLING_PARQUET_READER; delete process.env.BILLING_PARQUET_LEDGER; });

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
            // Unforced, every kind is read natively: the generated lines are daily, so the ledger counts them.
            expect(await nativeParquetTask(file, undefined), file).toBeDefined();
            if (kind !== 'focus') expect(lastCountedRows, file).toBeGreaterThan(0);
            process.env.BILLING_PARQUET_LEDGER = 'aggregate';
            expect(await nativeParquetTask(file, undefined), file).toBeDefined();
            await expectSame(file);
            delete process.env.BILLING_PARQUET_LEDGER;
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
        // Unforced, hourly lines the ledger reads (4 of every 7 rows here) go one by one: the JS reader reads the file.
        expect(await withReader('auto', () => nativeParquetTask(typed, undefined))).toBeUndefined();
        expect(lastNativeFallback).toMatch(/rows would be read one by one/);
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
        const separator = path.join(dir, 'separator.parquet');
        try {
            const columns = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${copy}')`)).getRows().map(r => String(r[0]));
            const cost = columns.find(c => /usage_amount$/i.test(c))!;
            const currency = columns.find(c => /currency_code$/i.test(c))!;
            await connection.run(`COPY (SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 1 THEN 'NaN'::DOUBLE ELSE ${cost} END AS ${cost}) FROM read_parquet('${copy}', file_row_number = true)) TO '${bad}' (FORMAT PARQUET)`);
            await connection.run(`COPY (SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 1 THEN 'EUR' ELSE ${currency} END AS ${currency}) FROM read_parquet('${copy}', file_row_number = true)) TO '${mixed}' (FORMAT PARQUET)`);
            // A text holding the aggregates' separator (U+0001): not read natively, the same cube from the JS reader.
            const usageType = columns.find(c => /line_item_usage_type$/i.test(c))!;
            await connection.run(`COPY (SELECT * EXCLUDE (file_row_number) REPLACE (CASE WHEN file_row_number = 1 THEN 'a' || chr(1) || 'b' ELSE ${usageType} END AS ${usageType}) FROM read_parquet('${copy}', file_row_number = true)) TO '${separator}' (FORMAT PARQUET)`);
        } finally { connection.closeSync(); }
        expect(await withReader('native', () => nativeParquetTask(separator, undefined))).toBeUndefined();
        expect(lastNativeFallback).toMatch(/other parts than expected/);
        expect(await outcome('native', separator)).toEqual(await outcome('js', separator));
        for (const file of [bad, mixed]) {
            const expected = await outcome('js', file) as { error?: string };
            expect(expected.error, file).toBeDefined();
            expect(await withReader('native', () => nativeParquetTask(file, undefined)), file).toBeUndefined();
            expect(await outcome('native', file), file).toEqual(expected);
        }
    });
});

/**
 * Hourly commitment data over three periods, as CUR 1.0 CSV (then typed, Athena and CUR 2.0 MAP Parquet): 2026-01
 * with monthly RI and SP fee lines, 2026-02 with hourly fee lines (a commitment's hours and intervals from hundreds of
 * aggregates), 2026-03 daily (coarser than hourly) after a few hourly lines. Several rows per usage key and hour, free
 * tier, Lambda, rows of the ledger with measures DuckDB cannot sum exactly (read one by one among the aggregates).
 */
function commitmentLines(variant: 'plain' | 'rate' | 'count' | 'coarse-rate'): { period: string; line: Line }[] {
    const out: { period: string; line: Line }[] = [];
    const at = (p: string, line: Line): void => { out.push({ period: `${p}-01T00:00:00Z`, line }); };
    const hour = (m: number, h: number): readonly [string, string] => [new Date(Date.UTC(2026, m, 1, h)).toISOString().replace('.000', ''), new Date(Date.UTC(2026, m, 1, h + 1)).toISOString().replace('.000', '')];
    const day = (m: number, d: number): readonly [string, string] => [new Date(Date.UTC(2026, m, 1 + d)).toISOString().replace('.000', ''), new Date(Date.UTC(2026, m, 2 + d)).toISOString().replace('.000', '')];
    const ri2 = `arn:aws:ec2:us-east-1:${LINES[0]!.ri!.split(':')[4]}:reserved-instances/ri-2`;
    const sp = LINES[1]!.sp!;
    for (const l of LINES) at('2026-01', l);
    for (let h = 2; h < 40; h++) {
        const when = hour(0, h);
        at('2026-01', { account: '222222222222', type: 'Usage', when, instance: 'm5.large', amount: '1', cost: '0.096', pub: '0.096' });
        at('2026-01', { account: '222222222222', type: 'Usage', when, instance: 'm5.large', amount: '2', cost: '0.192', pub: '0.192' });
        at('2026-01', { account: '111111111111', type: 'DiscountedUsage', when, instance: 'm5.large', amount: '1', cost: '0', pub: '0.096', ri: LINES[0]!.ri });
        at('2026-01', { account: '333333333333', type: 'SavingsPlanCoveredUsage', when, instance: 'c5.large', amount: '1', cost: '0.085', pub: '0.085', sp, rate: variant === 'rate' && h === 17 ? '0.051' : '0.05' });
        at('2026-01', { account: '333333333333', type: 'SavingsPlanNegation', when, instance: 'c5.large', amount: '0', cost: '-0.085', sp });
        at('2026-01', { account: '222222222222', type: 'Usage', when, service: 'AWSLambda', usageType: 'Lambda-GB-Second', operation: 'Invoke', amount: '100', cost: '0.0000016667', pub: '0.0000016667' });
        // Free tier (billed at zero): not eligible; a cost with 13 decimals: this row goes one by one.
        at('2026-01', { account: '333333333333', type: 'Usage', when, instance: 't3.micro', amount: '1', cost: '0', pub: '0.0104' });
        at('2026-01', { account: '333333333333', type: 'Usage', when, instance: 'c5.large', amount: '1', cost: '0.0850000000001', pub: '0.085' });
        at('2026-01', { account: '333333333333', type: 'Usage', when, service: 'AmazonS3', usageType: 'Requests', operation: 'Get', amount: '3', cost: '0', pub: '0.0000004' });
    }
    for (let h = 0; h < 48; h++) {
        const when = hour(1, h);
        at('2026-02', { account: '111111111111', type: 'RIFee', when, usageType: 'USE1-HeavyUsage:m5.large', instance: 'm5.large', amount: '2', cost: '0.10', ri: ri2, count: variant === 'count' && h === 30 ? '3' : '2' });
        // Hour 10's fee in two lines alike but for their amounts (one aggregate of two rows: 49 fee hours).
        for (const commitment of h === 10 ? ['0.04', '0.06'] : ['0.10']) {
            at('2026-02', { account: '111111111111', type: 'SavingsPlanRecurringFee', when, service: 'ComputeSavingsPlans', usageType: 'ComputeSP:1yrNoUpfront', operation: '', amount: '1', cost: commitment, sp, commitment, offering: 'ComputeSavingsPlans' });
        }
        at('2026-02', { account: '333333333333', type: 'DiscountedUsage', when, instance: 'm5.large', amount: '2', cost: '0', pub: '0.192', ri: ri2 });
        at('2026-02', { account: '222222222222', type: 'SavingsPlanCoveredUsage', when, instance: 'c5.large', amount: '1', cost: '0.085', pub: '0.085', sp, rate: '0.05' });
        at('2026-02', { account: '222222222222', type: 'Usage', when, instance: 'm5.large', amount: `${h % 3}.25`, cost: '0.12', pub: '0.12' });
    }
    // 2026-03: hourly lines first, then daily ones (the period is coarser than hourly), then hourly again.
    for (let h = 0; h < 5; h++) at('2026-03', { account: '222222222222', type: 'Usage', when: hour(2, h), instance: 'm5.large', amount: '1', cost: '0.096', pub: '0.096' });
    for (let d = 0; d < 10; d++) {
        at('2026-03', { account: '222222222222', type: 'Usage', when: day(2, d), instance: 'm5.large', amount: '24', cost: '2.304', pub: '2.304' });
        at('2026-03', { account: '333333333333', type: 'SavingsPlanCoveredUsage', when: day(2, d), instance: 'c5.large', amount: '24', cost: '2.04', pub: '2.04', sp, rate: variant === 'coarse-rate' && d === 4 ? '0.07' : '0.05' });
        at('2026-03', { account: '222222222222', type: 'Usage', when: hour(2, 200 + d), instance: 'm5.large', amount: '1', cost: '0.096', pub: '0.096' });
    }
    // A coarse period's line with a cost of 13 decimals (read one by one) and one of 10 decimals (summed in 1e-12 units).
    at('2026-03', { account: '222222222222', type: 'Usage', when: day(2, 11), instance: 'm5.large', amount: '24', cost: '2.3040000000001', pub: '2.304' });
    at('2026-03', { account: '222222222222', type: 'Usage', when: day(2, 12), instance: 'm5.large', amount: '24', cost: '2.3040000001', pub: '2.304' });
    at('2026-03', { account: '111111111111', type: 'RIFee', when: ['2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'], usageType: 'USE1-HeavyUsage:m5.large', instance: 'm5.large', amount: '744', cost: '37.20', ri: ri2, count: '1' });
    return out;
}

/**
 * `eligibleRows` of a period coarser than hourly depends on the reading order (the JS reader stops counting a period's
 * Usage rows once it knows it is coarse; the aggregates count them all): only whether it is > 0 is used.
 */
function coarseCounted(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(coarseCounted);
    if (value === null || typeof value !== 'object') return value;
    const object = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, coarseCounted(v)]));
    if (object.granularity === 'coarser' && typeof object.eligibleRows === 'number') object.eligibleRows = object.eligibleRows > 0;
    return object;
}

describe('native Parquet reader: a coarse period\'s usage lines counted for the ledger', () => {
    it('counts them instead of reading them one by one, with the JS reader\'s cube and ledger (typed, Athena, CUR 2.0 MAP)', async () => {
        const dir = tempDir('native-parquet-coarse');
        const duck = await DuckContender.open();
        try {
            const csv = path.join(dir, 'plain.csv');
            writeFileSync(csv, [HEADER, ...commitmentLines('plain').map(({ period, line }) => row(line).replace(/^2026-01-01T00:00:00Z/, period))].join('\n') + '\n');
            // The oracle: DuckDB counts 2026-03's usage lines (the period is daily after a few hourly lines) but the one
            // whose cost has 13 decimals (read one by one, as the fee line is).
            const oracle = await (await DuckDBInstance.create(':memory:')).connect();
            const [[expected]] = (await oracle.runAndReadAll(`SELECT count(*)::INTEGER FROM read_csv('${csv}', all_varchar = true) WHERE "bill/BillingPeriodStartDate" LIKE '2026-03%' ` +
                `AND "lineItem/LineItemType" IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation') AND "lineItem/UnblendedCost" <> '2.3040000000001'`)).getRows() as [[number]];
            expect(expected).toBe(36);
            const typed = path.join(dir, 'plain-typed.parquet');
            await duck.sql(`COPY (SELECT * FROM read_csv('${csv}')) TO '${typed}' (FORMAT PARQUET, ROW_GROUP_SIZE 100)`);
            for (const file of [typed, await cachedParquet(duck, csv, 'athena'), await cachedParquet(duck, csv, 'cur2')]) {
                await expectSame(file);
                // CUR 2.0 keeps the instance type in the product map, which the readers take only product names and
                // deployment options from (PRODUCT_MAP_KEYS): no line of 2026-03 is eligible there, so it is not coarse.
                expect(lastCountedRows, file).toBe(file.endsWith('cur2.parquet') ? 0 : expected);
                // 2026-02 alone is hourly: nothing is counted.
                await expectSame(file, ['2026-02']);
                expect(lastCountedRows, file).toBe(0);
            }
        } finally { duck.close(); }
    }, 120_000);
});

describe('native Parquet reader: the commitment ledger from aggregates', () => {
    it('equals the JS reader on hourly RI and SP data over several periods (typed, Athena, CUR 2.0 MAP)', async () => {
        const dir = tempDir('native-parquet-ledger');
        const duck = await DuckContender.open();
        process.env.BILLING_PARQUET_LEDGER = 'aggregate';
        try {
            for (const variant of ['plain', 'rate', 'count', 'coarse-rate'] as const) {
                const csv = path.join(dir, `${variant}.csv`);
                const lines = commitmentLines(variant);
                writeFileSync(csv, [HEADER, ...lines.map(({ period, line }) => row(line).replace(/^2026-01-01T00:00:00Z/, period))].join('\n') + '\n');
                const typed = path.join(dir, `${variant}-typed.parquet`);
                await duck.sql(`COPY (SELECT * FROM read_csv('${csv}')) TO '${typed}' (FORMAT PARQUET, ROW_GROUP_SIZE 100)`);
                for (const file of [typed, await cachedParquet(duck, csv, 'athena'), await cachedParquet(duck, csv, 'cur2')]) {
                    const expected = coarseCounted(await outcome('js', file));
                    expect(JSON.stringify(expected), file).toMatch(/"granularity":"hourly"/);
                    expect(JSON.stringify(expected), file).toMatch(/"granularity":"coarser"/);
                    const native = await withReader('native', () => nativeParquetTask(file, undefined));
                    expect(lastNativeFallback, file).toBeUndefined();
                    expect(native, file).toBeDefined();
                    // A first-seen value that differs between rows of one key where it is used: the ledger's rows one by one.
                    if (variant === 'rate' && !file.endsWith('cur2.parquet')) expect(lastLedgerOneByOne, file).toMatch(/Savings Plan rate/);
                    else if (variant === 'count') expect(lastLedgerOneByOne, file).toMatch(/description of a commitment/);
                    else expect(lastLedgerOneByOne, file).toBeUndefined();
                    expect(coarseCounted(await outcome('native', file)), `${variant} ${file}`).toEqual(expected);
                    expect(coarseCounted(await outcome('native', file, ['2026-02'])), file).toEqual(coarseCounted(await outcome('js', file, ['2026-02'])));
                    // The default path (the ledger's rows one by one) agrees too.
                    delete process.env.BILLING_PARQUET_LEDGER;
                    expect(coarseCounted(await outcome('native', file)), file).toEqual(expected);
                    process.env.BILLING_PARQUET_LEDGER = 'aggregate';
                }
            }
        } finally { duck.close(); }
    }, 120_000);
});

describe('native Parquet reader: a cancelled ingest (the CLI abandons a read started before the policy compiled)', () => {
    it('rejects with ABORTED, cancelled before or just after the start, and DuckDB reads exactly afterwards', async () => {
        const file = path.resolve('test/corpus/data/parquet-complete/cur2.parquet');
        await withReader('native', async () => {
            expect(await nativeParquetTask(file, undefined, AbortSignal.abort())).toBeUndefined();
            expect(lastNativeFallback).toBe('aborted');
            await expect(ingest([file], { workers: 0, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
            const controller = new AbortController();
            const running = ingest([file], { workers: 0, signal: controller.signal });
            controller.abort();
            await expect(running).rejects.toMatchObject({ code: 'ABORTED' });
        });
        // The shared connection was left usable: the native reader still reads the file, as the JS reader does.
        await expectSame(file);
    });
});
