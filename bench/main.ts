/**
 * Ingest benchmark (`npm run bench`, after `npm run build`): prints figures, asserts nothing.
 *
 * 1. Generates 1M rows of CUR 1.0 CSV (46 columns) into .bench/ (cached between runs), and 10M rows
 *    once for the memory figure.
 * 2. Times the engine's ingest of the 1M-row file (a child process per run, so that its peak RSS is
 *    its own) and the pricing of the resulting cube with examples/acme.billing.
 * 3. Times DuckDB computing the same cube from the same file in the same run, alternating with the engine
 *    round by round so that both see the same machine load: GROUP BY the cube key
 *    with exact DECIMAL(38,10) sums (and, for reference only, with inexact DOUBLE sums).
 * 4. Prints both times, the ratio, rows/s and peak RSS; then the same comparison on the gzip of the
 *    file, and the peak RSS of a 10M-row ingest.
 *
 * Options: --rows N (default 1000000), --runs N (default 3), --skip-gzip, --skip-10m, --workers N.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateCur } from '../engine/generate/index.js';
import { SAMPLE_CUR_OPTIONS } from '../engine/generate/sample.js';
import { ingest, INGEST_WORKER_FILE } from '../engine/ingest/index.js';
import { priceCube } from './price-hook.js';

interface ChildFigures {
    readonly ingestMs: number;
    readonly priceMs?: number;
    readonly priceNote?: string;
    readonly rows: number;
    readonly cells: number;
    /** Peak RSS of the process when the ingest returned (before pricing loads the language). */
    readonly maxRssMb: number;
    readonly maxRssAfterPriceMb?: number;
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? Number(args[at + 1]) : fallback;
};

async function main(): Promise<void> {
    if (args[0] === '--child') return child(args[1], args[2] === 'price', args[3] !== undefined ? Number(args[3]) : undefined);
    const rows = option('rows', 1_000_000);
    const runs = option('runs', 3);
    const workers = args.includes('--workers') ? option('workers', 2) : undefined;
    const dir = path.resolve('.bench');
    await mkdir(dir, { recursive: true });

    const file = await cachedCur(dir, rows);
    await warm(file);
    const worker = path.join(path.dirname(process.argv[1]), INGEST_WORKER_FILE);
    console.log(existsSync(worker)
        ? `Ingest workers: ${workers ?? `default (${os.availableParallelism()} on inputs ≥ 32 MB)`}, script ${worker}`
        : `No ${worker}: the ingest runs in one thread (run npm run build first)`);
    console.log(`\n${rows.toLocaleString('en-US')} rows (${file}), ${runs} rounds; each round runs the engine (fresh process) then DuckDB (same cube key, exact DECIMAL(38,10) sums), so both see the same machine load:`);
    const duck = await DuckContender.open();
    console.log(`  (DuckDB ${await duck.threads()} threads)`);
    const engine: ChildFigures[] = [];
    const exact: number[] = [];
    let groups = 0;
    for (let i = 0; i < runs; i++) {
        const figures = runChild(file, true, workers);
        engine.push(figures);
        const d = await duck.run(file, 'DECIMAL(38,10)');
        exact.push(d.ms);
        groups = d.groups;
        console.log(`  round ${i + 1}: engine ${figures.ingestMs} ms (${figures.cells} cells, peak RSS ${figures.maxRssMb} MB), DuckDB ${d.ms} ms (${d.groups} groups): ratio ${(figures.ingestMs / d.ms).toFixed(2)}` +
            (figures.priceMs !== undefined ? `; then pricing ${figures.priceMs} ms` : '') + (figures.priceNote ? ` — ${figures.priceNote}` : ''));
    }
    const double = (await duck.run(file, 'DOUBLE')).ms;
    const best = Math.min(...engine.map(f => f.ingestMs));
    const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const duckBest = Math.min(...exact);
    const pairRatio = median(engine.map((f, i) => f.ingestMs / exact[i]));

    console.log('\nSummary');
    console.log(`  engine ingest best ${best} ms (median ${median(engine.map(f => f.ingestMs))} ms) = ${Math.round(rows / (best / 1000)).toLocaleString('en-US')} rows/s, peak RSS ${Math.max(...engine.map(f => f.maxRssMb))} MB, ${engine[0].cells} cells`);
    console.log(`  duckdb exact  best ${duckBest} ms (median ${median(exact)} ms) = ${Math.round(rows / (duckBest / 1000)).toLocaleString('en-US')} rows/s, ${groups} groups`);
    console.log(`  duckdb double ${double} ms (inexact sums, for reference only)`);
    console.log(`  ratio engine / duckdb(exact): best/best ${(best / duckBest).toFixed(2)}, median of rounds ${pairRatio.toFixed(2)} (target ≤ 1.5); engine best / duckdb(double) ${(best / double).toFixed(2)}`);
    console.log(`  machine: ${os.cpus().length} cores, load average ${os.loadavg().map(l => l.toFixed(2)).join(' ')}`);

    if (!args.includes('--skip-gzip')) {
        const gz = await cachedGzip(file);
        await warm(gz);
        const figures = runChild(gz, false, workers);
        const duckGz = await duck.run(gz, 'DECIMAL(38,10)');
        console.log(`\nGzip (${gz}): engine ${figures.ingestMs} ms, DuckDB exact ${duckGz.ms} ms: ratio ${(figures.ingestMs / duckGz.ms).toFixed(2)}; peak RSS ${figures.maxRssMb} MB`);
    }
    duck.close();

    if (!args.includes('--skip-10m')) {
        const big = await cachedCur(dir, 10_000_000);
        const figures = runChild(big, false, workers);
        console.log(`\n10M rows: ingest ${figures.ingestMs} ms (${Math.round(figures.rows / (figures.ingestMs / 1000)).toLocaleString('en-US')} rows/s), ${figures.cells} cells, peak RSS ${figures.maxRssMb} MB`);
    }
}

/** Accounts of the bench data: the sample's (so the example policy has usage) plus made-up ones, 50 in all. */
function benchAccounts(): string[] {
    const accounts = [...(SAMPLE_CUR_OPTIONS.accounts as readonly string[])];
    for (let i = accounts.length; i < 50; i++) accounts.push(String(500000000000 + i * 7919));
    return accounts;
}

async function cachedCur(dir: string, rows: number): Promise<string> {
    const file = path.join(dir, `cur1-${rows}.csv`);
    if (existsSync(file)) return file;
    const started = Date.now();
    process.stdout.write(`Generating ${rows.toLocaleString('en-US')} rows into ${file} (cached for later runs)… `);
    await generateCur({ output: file, rows, seed: 424242, accounts: benchAccounts(), periods: 3, startPeriod: '2026-01' });
    console.log(`${Math.round((Date.now() - started) / 1000)} s`);
    return file;
}

async function cachedGzip(file: string): Promise<string> {
    const gz = `${file}.gz`;
    if (existsSync(gz)) return gz;
    process.stdout.write(`Compressing ${file} (gzip level 1, cached)… `);
    const temporary = `${gz}.partial-${process.pid}`;
    await pipeline(createReadStream(file), createGzip({ level: 1 }), createWriteStream(temporary));
    await rename(temporary, gz);
    console.log('done');
    return gz;
}

/** Reads the file once so that both contenders find it in the page cache. */
async function warm(file: string): Promise<void> {
    for await (const _chunk of createReadStream(file, { highWaterMark: 8 << 20 })) { /* read */ }
}

function runChild(file: string, price: boolean, workers?: number): ChildFigures {
    const result = spawnSync(process.execPath, [...process.execArgv, process.argv[1], '--child', file, price ? 'price' : 'ingest', ...(workers !== undefined ? [String(workers)] : [])], {
        encoding: 'utf8', maxBuffer: 1 << 20,
    });
    if (result.status !== 0) throw new Error(`bench child failed:\n${result.stderr}`);
    return JSON.parse(result.stdout.trim().split('\n').pop()!) as ChildFigures;
}

async function child(file: string, price: boolean, workers?: number): Promise<void> {
    const started = performance.now();
    const cube = await ingest([file], { workers });
    const ingestMs = Math.round(performance.now() - started);
    const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    let priceMs: number | undefined;
    let priceNote: string | undefined;
    if (price) {
        const priced = await priceCube(cube);
        priceMs = priced.ms;
        priceNote = priced.note;
    }
    const figures: ChildFigures = {
        ingestMs, priceMs, priceNote, rows: cube.rows, cells: cube.cells.length, maxRssMb,
        maxRssAfterPriceMb: price ? Math.round(process.resourceUsage().maxRSS / 1024) : undefined,
    };
    console.log(JSON.stringify(figures));
}

/** DuckDB computing the cube: GROUP BY the cube key over the same file, every column read as text. */
class DuckContender {
    private constructor(private readonly connection: import('@duckdb/node-api').DuckDBConnection) {}

    static async open(): Promise<DuckContender> {
        const { DuckDBInstance } = await import('@duckdb/node-api');
        const instance = await DuckDBInstance.create(':memory:');
        return new DuckContender(await instance.connect());
    }

    async threads(): Promise<string> {
        return String((await this.connection.runAndReadAll(`SELECT current_setting('threads')`)).getRowsJson()[0][0]);
    }

    async run(file: string, type: string): Promise<{ ms: number; groups: number }> {
        const source = `read_csv('${file.replace(/'/g, "''")}', all_varchar = true, header = true)`;
        const key = `substr("bill/BillingPeriodStartDate", 1, 7), "lineItem/UsageAccountId", "lineItem/ProductCode", "lineItem/UsageType",
            "lineItem/Operation", "lineItem/LineItemType", "bill/BillingEntity", "lineItem/CurrencyCode",
            coalesce(nullif(split_part("reservation/ReservationARN", ':', 5), ''), split_part("savingsPlan/SavingsPlanARN", ':', 5))`;
        const sums = `sum(CAST("lineItem/UnblendedCost" AS ${type})), sum(CAST("pricing/publicOnDemandCost" AS ${type})),
            sum(CASE WHEN "lineItem/LineItemType" = 'Usage' AND CAST("lineItem/UnblendedCost" AS ${type}) = 0 AND CAST("pricing/publicOnDemandCost" AS ${type}) > 0
                THEN CAST("pricing/publicOnDemandCost" AS ${type}) END),
            sum(CASE WHEN coalesce("pricing/publicOnDemandCost", '') = '' THEN CAST("lineItem/UnblendedCost" AS ${type}) END),
            sum(CAST("lineItem/UsageAmount" AS ${type})), count(*), count(*) FILTER (WHERE coalesce("pricing/publicOnDemandCost", '') = '')`;
        const started = performance.now();
        const reader = await this.connection.runAndReadAll(`SELECT ${key}, ${sums} FROM ${source} GROUP BY ALL`);
        return { ms: Math.round(performance.now() - started), groups: reader.currentRowCount };
    }

    close(): void {
        this.connection.closeSync();
    }
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
});
