/**
 * Engine benchmark (`npm run bench`, after `npm run build`): prints figures, asserts nothing.
 *
 * 1. Ingest: 1M rows of generated CUR 1.0 CSV (46 columns, cached in .bench/), read by the engine (a
 *    fresh child process per round, so that its peak RSS is its own) and by DuckDB computing the same
 *    cube (GROUP BY the cube key, exact DECIMAL(38,10) sums) from the same file, alternating round by
 *    round so that both see the same machine load. Wall and CPU time, ratio, rows/s, peak RSS.
 * 2. Report after ingest: in the same child, the first report of the ingested cube with
 *    examples/acme.billing (prepareCube once, then the full priceReport and the headline report).
 * 3. Re-pricing with 5,000 groups (what an editor edit costs): 1M generated rows over 10,000 accounts in
 *    one billing period, a 5,000-group policy (bench/reprice-policy.ts) rebuilt for every edit;
 *    pricePolicy + headline report (detail: false) of the period, p50/p95 wall and CPU over many edits.
 * 4. The same ingest comparison on the gzip of the 1M-row file.
 * 5. Peak RSS of a 10M-row ingest (a child process that loads only the ingest).
 *
 * The machine may be shared: every section prints the load average, CPU times are printed next to
 * wall times (CPU time is what a busy machine inflates least), and medians are taken over rounds.
 *
 * 6. Parquet (CUR 1.0 Athena, CUR 2.0 with MAP columns, FOCUS; written by DuckDB from the CSV) against
 *    DuckDB read_parquet with the same GROUP BY. 7. Whole `billing bill` processes against a DuckDB process.
 *
 * Options: --rows N (default 1000000), --runs N (ingest rounds, default 3), --edits N (re-pricing
 * edits, default 60), --workers N, --skip-ingest, --skip-reprice, --skip-gzip, --skip-parquet, --skip-process,
 * --skip-export, --skip-export-parquet, --skip-10m, --large-rows N (section 5; 100000000 is the opt-in 100M-row run); with --child-reprice FILE,
 * --profile-edits writes a CPU profile of the edits to .bench/reprice-edits.cpuprofile (--profile-out FILE: elsewhere);
 * --heap-profile-edits a sampling allocation profile of the edits (objects scavenged too) to .bench/reprice-edits.heapprofile.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import * as os from 'node:os';
import * as path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { generateCur } from '../engine/generate/index.js';
import { SAMPLE_CUR_OPTIONS } from '../engine/generate/sample.js';
import { ingest, INGEST_WORKER_FILE } from '../engine/ingest/index.js';
import { lastNativeFallback } from '../engine/ingest/native-parquet.js';
import { prepareCube, pricePolicy, buildReport, priceReport } from '../engine/price/index.js';
import { repricePolicy } from './reprice-policy.js';
import { cubeQuery, DuckContender, type BenchFormat } from './duck-contender.js';
import { cachedParquet, PARQUET_KINDS } from './parquet-data.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? Number(args[at + 1]) : fallback;
};
const workersOption = args.includes('--workers') ? option('workers', 2) : undefined;

interface IngestFigures {
    readonly ingestMs: number;
    /** CPU time of the whole process (every thread) during the ingest. */
    readonly ingestCpuMs: number;
    readonly rows: number;
    readonly cells: number;
    /** Peak RSS of the process when the ingest returned (before pricing loads the language). */
    readonly maxRssMb: number;
    readonly report?: ReportFigures;
    /** Parquet: `native` when DuckDB read the file (native-parquet.ts), else why the JS reader did. */
    readonly reader?: string;
}

interface ReportFigures {
    readonly note: string;
    readonly prepareMs: number;
    readonly prepareCpuMs: number;
    /** First full report (every group's detail) after prepareCube. */
    readonly fullMs: number;
    readonly fullCpuMs: number;
    /** Medians of later reports, full and headline (detail: false). */
    readonly fullWarmMs: number;
    readonly headlineWarmMs: number;
}

interface RepriceFigures {
    readonly rows: number;
    readonly cells: number;
    readonly periodCells: number;
    readonly accounts: number;
    readonly groups: number;
    readonly ingestMs: number;
    readonly prepareMs: number;
    readonly prepareCpuMs: number;
    readonly edits: number;
    /** Per edit: pricePolicy + buildReport(detail: false), wall and CPU. */
    readonly wall: readonly number[];
    readonly cpu: readonly number[];
    readonly pricePolicyWall: readonly number[];
    /** Per edit: milliseconds of garbage collection (V8's GC performance entries) inside the edit. */
    readonly gc: readonly number[];
    readonly fullReportMs: number;
    /** Heap in use at the end of the edits, garbage included. */
    readonly heapMb: number;
    /** After a full collection: what the cube, the prepared cube and the memos keep (JS heap, and typed arrays). */
    readonly liveHeapMb: number;
    readonly arrayBuffersMb: number;
    readonly rssMb: number;
    readonly load: number;
    readonly cpuSource: string;
}

async function main(): Promise<void> {
    if (args[0] === '--child') return childIngest(args[1]!, args.includes('--report'));
    if (args[0] === '--child-export') return childExport(args[1]!, args[2]!, args[3]!, args[4]!);
    if (args[0] === '--child-reprice') return childReprice(args[1]!, option('edits', 60));
    const rows = option('rows', 1_000_000);
    const runs = option('runs', 3);
    const dir = path.resolve('.bench');
    await mkdir(dir, { recursive: true });

    console.log(`Engine benchmark — ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, load average ${loadText()}`);
    const worker = path.join(path.dirname(process.argv[1]!), INGEST_WORKER_FILE);
    console.log(existsSync(worker)
        ? `Ingest workers: ${workersOption ?? `default (${os.availableParallelism()} on inputs ≥ 32 MB)`}, script ${worker}`
        : `No ${worker}: the ingest runs in one thread (run npm run build first)`);

    const file = await cachedCur(path.join(dir, `cur1-${rows}.csv`), rows, benchAccounts(), 3);
    await warm(file);
    const duck = await DuckContender.open();

    // 1 + 2. Ingest rounds, each followed (in the engine's child) by the first report.
    const engine: IngestFigures[] = [];
    if (!args.includes('--skip-ingest')) {
        heading(`1. Ingest: ${rows.toLocaleString('en-US')} rows of CUR 1.0 CSV (${file}), ${runs} rounds`);
        console.log(`   each round: the engine in a fresh process, then DuckDB (${await duck.threads()} threads): the needed columns typed at read, exact DECIMAL(38,10) sums, the same GROUP BY`);
        if (!(await duck.fitsDecimal18(file))) console.log('   WARNING: some amounts do not fit DECIMAL(18,10): DuckDB\'s sums below are not exact');
        const exact: { ms: number; cpuMs: number; groups: number }[] = [];
        for (let i = 0; i < runs; i++) {
            const figures = runChild(['--child', file, '--report']) as IngestFigures;
            engine.push(figures);
            const d = await duck.run(file, 'cur1', 'typed');
            exact.push(d);
            console.log(`   round ${i + 1}: engine ${figures.ingestMs} ms (CPU ${figures.ingestCpuMs} ms, ${figures.cells} cells, peak RSS ${figures.maxRssMb} MB), ` +
                `DuckDB ${d.ms} ms (CPU ${d.cpuMs} ms, ${d.groups} groups): ratio ${(figures.ingestMs / d.ms).toFixed(2)}, CPU ratio ${(figures.ingestCpuMs / d.cpuMs).toFixed(2)}; load ${loadText()}`);
        }
        const varchar = await duck.run(file, 'cur1', 'varchar');
        const double = await duck.run(file, 'cur1', 'double');
        const ingestMs = engine.map(f => f.ingestMs);
        const duckMs = exact.map(d => d.ms);
        console.log('   summary:');
        console.log(`     engine  median ${median(ingestMs)} ms (best ${Math.min(...ingestMs)}), CPU median ${median(engine.map(f => f.ingestCpuMs))} ms, ` +
            `${rate(rows, median(ingestMs))} rows/s, peak RSS ${Math.max(...engine.map(f => f.maxRssMb))} MB, ${engine[0]!.cells} cells`);
        console.log(`     DuckDB  median ${median(duckMs)} ms (best ${Math.min(...duckMs)}), CPU median ${median(exact.map(d => d.cpuMs))} ms, ${rate(rows, median(duckMs))} rows/s, ${exact[0]!.groups} groups`);
        console.log(`     extras (labelled, not the anchor): DuckDB reading every column as text and casting in the query ${varchar.ms} ms (CPU ${varchar.cpuMs} ms); ` +
            `typed with inexact DOUBLE sums ${double.ms} ms (CPU ${double.cpuMs} ms)`);
        console.log(`     ratio engine / DuckDB: median of rounds ${median(engine.map((f, i) => f.ingestMs / exact[i]!.ms)).toFixed(2)} (target ≤ 1.0), ` +
            `best/best ${(Math.min(...ingestMs) / Math.min(...duckMs)).toFixed(2)}, CPU ${median(engine.map((f, i) => f.ingestCpuMs / exact[i]!.cpuMs)).toFixed(2)}`);
    }

    const reports = engine.flatMap(f => (f.report ? [f.report] : []));
    const ingestMs = engine.map(f => f.ingestMs);
    if (engine.length > 0) heading('2. Report after ingest (examples/acme.billing on the ingested cube, in the ingest child)');
    if (engine.length === 0) { /* section 1 skipped */ } else if (reports.length === 0) console.log('   no report figures');
    else {
        console.log(`   ${reports[0]!.note}`);
        console.log(`   prepareCube (once per cube)  median ${median(reports.map(r => r.prepareMs))} ms, CPU ${median(reports.map(r => r.prepareCpuMs))} ms`);
        console.log(`   first full report            median ${median(reports.map(r => r.fullMs))} ms, CPU ${median(reports.map(r => r.fullCpuMs))} ms`);
        console.log(`   = report time after ingest   median ${median(reports.map(r => r.prepareMs + r.fullMs))} ms (vs ingest median ${median(ingestMs)} ms)`);
        console.log(`   later reports: full ${median(reports.map(r => r.fullWarmMs))} ms, headline (detail: false) ${median(reports.map(r => r.headlineWarmMs))} ms`);
    }

    if (!args.includes('--skip-reprice')) {
        const manyAccounts = await cachedCur(path.join(dir, 'cur1-1000000-10000-accounts.csv'), 1_000_000, syntheticAccounts(10_000), 1);
        heading(`3. Re-pricing with 5,000 groups (${manyAccounts})`);
        const r = runChild(['--child-reprice', manyAccounts, '--edits', String(option('edits', 60))]) as RepriceFigures;
        console.log(`   data: ${r.rows.toLocaleString('en-US')} rows, ${r.accounts.toLocaleString('en-US')} accounts, ${r.cells.toLocaleString('en-US')} cells (${r.periodCells.toLocaleString('en-US')} in the period priced); ` +
            `ingest ${r.ingestMs} ms, prepareCube ${r.prepareMs} ms (CPU ${r.prepareCpuMs} ms; target ≤ 1 s)`);
        console.log(`   memory after the edits: live heap ${r.liveHeapMb} MB + typed arrays ${r.arrayBuffersMb} MB = ${r.liveHeapMb + r.arrayBuffersMb} MB after a full GC (target heap ≤ 400 MB); ` +
            `heap in use before it ${r.heapMb} MB (garbage included), RSS ${r.rssMb} MB`);
        console.log(`   policy: ${r.groups.toLocaleString('en-US')} groups on 50 plans (bench/reprice-policy.ts), rebuilt for each of ${r.edits} edits`);
        console.log(`   per edit, pricePolicy + headline report (detail: false):`);
        console.log(`     wall p50 ${fixed(quantile(r.wall, 0.5))} ms, p95 ${fixed(quantile(r.wall, 0.95))} ms, min ${fixed(Math.min(...r.wall))} ms (target ≤ 20 ms)`);
        console.log(`     CPU  p50 ${fixed(quantile(r.cpu, 0.5))} ms, p95 ${fixed(quantile(r.cpu, 0.95))} ms, min ${fixed(Math.min(...r.cpu))} ms (${r.cpuSource})`);
        console.log(`     of which pricePolicy: wall p50 ${fixed(quantile(r.pricePolicyWall, 0.5))} ms`);
        console.log(`     of which garbage collection: p50 ${fixed(quantile(r.gc, 0.5))} ms, p95 ${fixed(quantile(r.gc, 0.95))} ms (${r.gc.filter(ms => ms === 0).length} of ${r.edits} edits without a collection; ` +
            `wall minus GC p50 ${fixed(quantile(r.wall.map((ms, i) => ms - r.gc[i]!), 0.5))} ms)`);
        console.log(`   full report of the period (every group's detail), for reference: ${r.fullReportMs} ms`);
        console.log(`   load average during the edits ${r.load.toFixed(2)} (now ${loadText()})`);
        // The young generation's size decides how often an edit pays a scavenge; a language server can choose it.
        const tuned = runChild(['--child-reprice', manyAccounts, '--edits', String(option('edits', 60))], ['--max-semi-space-size=64']) as RepriceFigures;
        console.log(`   the same edits in a process started with --max-semi-space-size=64 (V8's young generation; for reference, not the default):`);
        console.log(`     wall p50 ${fixed(quantile(tuned.wall, 0.5))} ms, p95 ${fixed(quantile(tuned.wall, 0.95))} ms; CPU p50 ${fixed(quantile(tuned.cpu, 0.5))} ms; GC p50 ${fixed(quantile(tuned.gc, 0.5))} ms; load ${tuned.load.toFixed(2)}`);
    }

    if (!args.includes('--skip-gzip')) {
        const gz = await cachedGzip(file);
        await warm(gz);
        heading(`4. Gzip (${gz})`);
        const figures = runChild(['--child', gz]) as IngestFigures;
        const duckGz = await duck.run(gz, 'cur1', 'typed');
        console.log(`   engine ${figures.ingestMs} ms (CPU ${figures.ingestCpuMs} ms, peak RSS ${figures.maxRssMb} MB), DuckDB typed exact ${duckGz.ms} ms (CPU ${duckGz.cpuMs} ms): ` +
            `ratio ${(figures.ingestMs / duckGz.ms).toFixed(2)} (target ≤ 1.0); load ${loadText()}`);
    }

    if (!args.includes('--skip-parquet')) {
        heading(`6. Parquet: the same ${rows.toLocaleString('en-US')} line items written by DuckDB (COPY … (FORMAT PARQUET), Snappy, its default row groups), ${runs} rounds`);
        console.log('   each round, alternating: the engine with the native reader (DuckDB aggregates, forced: BILLING_PARQUET_READER=native) and with the JS reader');
        console.log('   (hyparquet, BILLING_PARQUET_READER=js), each in a fresh process, then DuckDB read_parquet with the same GROUP BY and exact DECIMAL(38,10) sums');
        const readerEnv = (reader: string): NodeJS.ProcessEnv => ({ ...process.env, BILLING_PARQUET_READER: reader });
        for (const { kind, format, label } of PARQUET_KINDS) {
            const parquet = await cachedParquet(duck, file, kind);
            await warm(parquet);
            const pairs: { native: IngestFigures; js: IngestFigures; duck: { ms: number; cpuMs: number; groups: number } }[] = [];
            for (let i = 0; i < runs; i++) {
                const native = runChild(['--child', parquet], [], readerEnv('native')) as IngestFigures;
                const js = runChild(['--child', parquet], [], readerEnv('js')) as IngestFigures;
                pairs.push({ native, js, duck: await duck.run(parquet, format, 'typed') });
            }
            const d = pairs.map(p => p.duck.ms);
            const line = (name: string, pick: (p: typeof pairs[number]) => IngestFigures): string => {
                const f = pairs.map(pick);
                return `${name} median ${median(f.map(x => x.ingestMs))} ms (CPU ${median(f.map(x => x.ingestCpuMs))} ms, peak RSS ${Math.max(...f.map(x => x.maxRssMb))} MB, ` +
                    `${f[0]!.cells} cells, reader ${f[0]!.reader}): ratio to DuckDB median of rounds ${median(pairs.map(p => pick(p).ingestMs / p.duck.ms)).toFixed(2)}`;
            };
            console.log(`   ${label} (${parquet}, ${Math.round(statSize(parquet) / 1048576)} MB): DuckDB median ${median(d)} ms (CPU ${median(pairs.map(p => p.duck.cpuMs))} ms, ${pairs[0]!.duck.groups} groups)`);
            console.log(`     engine, ${line('native reader', p => p.native)}`);
            console.log(`     engine, ${line('JS reader', p => p.js)} (target ≤ 1.5, stretch 1.0); load ${loadText()}`);
            // Unforced (what \`billing bill\` does), a file with many rows the ledger reads one by one goes to the JS reader.
            const auto = runChild(['--child', parquet], [], { ...process.env, BILLING_PARQUET_READER: 'auto' }) as IngestFigures;
            console.log(`     unforced (the CLI's choice): reader ${auto.reader}, ${auto.ingestMs} ms (CPU ${auto.ingestCpuMs} ms)`);
        }
    }

    if (!args.includes('--skip-process')) {
        heading(`7. Whole processes: \`billing bill examples/acme.billing --data FILE --format json\` against a Node process running the DuckDB query (${runs} rounds, alternating)`);
        const inputs: { file: string; format: BenchFormat; label: string }[] = [{ file, format: 'cur1', label: 'CUR 1.0 CSV' }];
        for (const { kind, format, label } of PARQUET_KINDS) {
            const parquet = file.replace(/\.csv$/, `-${kind}.parquet`);
            if (existsSync(parquet)) inputs.push({ file: parquet, format, label });
        }
        for (const input of inputs) {
            const parquet = /\.parquet$/.test(input.file);
            const pairs: { bill: ProcessFigures; js?: ProcessFigures; duck: ProcessFigures }[] = [];
            for (let i = 0; i < runs; i++) {
                pairs.push({ bill: billProcess(input.file), ...(parquet && { js: billProcess(input.file, 'js') }), duck: duckProcess(input.file, input.format) });
            }
            console.log(`   ${input.label}: billing bill median ${median(pairs.map(p => p.bill.ms))} ms (peak RSS ${Math.max(...pairs.map(p => p.bill.maxRssMb))} MB), ` +
                `DuckDB process median ${median(pairs.map(p => p.duck.ms))} ms (peak RSS ${Math.max(...pairs.map(p => p.duck.maxRssMb))} MB): ` +
                `ratio median of rounds ${median(pairs.map(p => p.bill.ms / p.duck.ms)).toFixed(2)}; load ${loadText()}`);
            if (parquet) {
                console.log(`     the same with BILLING_PARQUET_READER=js: median ${median(pairs.map(p => p.js!.ms))} ms (peak RSS ${Math.max(...pairs.map(p => p.js!.maxRssMb))} MB): ` +
                    `ratio median of rounds ${median(pairs.map(p => p.js!.ms / p.duck.ms)).toFixed(2)}`);
            }
        }
    }
    // Section 8's inputs: the CSV and, made by DuckDB before it closes (cached), its CUR 1.0 Athena Parquet.
    const exportInputs: { file: string; label: string }[] = [{ file, label: 'CUR 1.0 CSV' }];
    if (!args.includes('--skip-export') && !args.includes('--skip-export-parquet')) {
        exportInputs.push({ file: await cachedParquet(duck, file, 'athena'), label: 'CUR 1.0 Athena Parquet' });
    }
    duck.close();

    if (!args.includes('--skip-export')) {
        const policy = 'bench/export-policy.billing';
        heading(`8. Export: the pro forma CUR of group web (${policy}: itemized items) against \`billing bill\` of the same policy, ${rows.toLocaleString('en-US')} input rows, ${runs} rounds, alternating`);
        console.log('   per round, each a fresh process: `billing bill POLICY --data FILE --format json`, then `billing export POLICY --group web --out .bench/export-web.csv --data FILE`;');
        console.log('   then the export\'s phases in a bench child (the ingest that prices it, the streaming pass that writes the file). Rates are input rows per second of wall time.');
        const out = path.join(dir, 'export-web.csv');
        for (const input of exportInputs) {
            console.log(`   ${input.label} (${input.file}), load before ${loadText()}:`);
            const pairs: { bill: ProcessFigures; exported: ProcessFigures; phases: ExportFigures }[] = [];
            for (let i = 0; i < runs; i++) {
                const bill = timedProcess([path.resolve('bin/billing.cjs'), 'bill', policy, '--data', input.file, '--format', 'json']);
                const exported = timedProcess([path.resolve('bin/billing.cjs'), 'export', policy, '--group', 'web', '--out', out, '--data', input.file]);
                const phases = runChild(['--child-export', input.file, policy, 'web', out]) as ExportFigures;
                pairs.push({ bill, exported, phases });
                console.log(`     round ${i + 1}: billing bill ${bill.ms} ms (${rate(rows, bill.ms)} rows/s, peak RSS ${bill.maxRssMb} MB); billing export ${exported.ms} ms (${rate(rows, exported.ms)} rows/s, peak RSS ${exported.maxRssMb} MB); ` +
                    `export phases: ingest ${phases.ingestMs} ms (CPU ${phases.ingestCpuMs} ms), stream + write ${phases.streamMs} ms (CPU ${phases.streamCpuMs} ms, ${rate(phases.inputRows, phases.streamMs)} rows/s; ` +
                    `${phases.rows.toLocaleString('en-US')} line items + ${phases.lineItemRows.toLocaleString('en-US')} custom line item rows written, peak RSS ${phases.maxRssMb} MB, ${phases.ingestMaxRssMb} MB before the pass); load ${loadText()}`);
            }
            const billMs = median(pairs.map(p => p.bill.ms));
            const exportMs = median(pairs.map(p => p.exported.ms));
            const streamMs = median(pairs.map(p => p.phases.streamMs));
            console.log(`     summary: billing bill median ${billMs} ms = ${rate(rows, billMs)} rows/s, peak RSS ${Math.max(...pairs.map(p => p.bill.maxRssMb))} MB; ` +
                `billing export median ${exportMs} ms = ${rate(rows, exportMs)} rows/s, peak RSS ${Math.max(...pairs.map(p => p.exported.maxRssMb))} MB`);
            console.log(`       whole processes, export / bill rows/s (median of rounds): ${median(pairs.map(p => p.bill.ms / p.exported.ms)).toFixed(2)} (goal ≥ 1.0); ` +
                `the export's streaming pass alone ${streamMs} ms = ${rate(rows, streamMs)} rows/s, against bill ${median(pairs.map(p => p.bill.ms / p.phases.streamMs)).toFixed(2)}; load ${loadText()}`);
        }
    }

    if (!args.includes('--skip-10m')) {
        // --large-rows 100000000 is the opt-in 100M-row month: from 50M rows on, one billing period written as gzip CSV
        // (about 5.6 GB in .bench/ instead of 62 GB of plain CSV; the ingest then also pays the inflate).
        const largeRows = option('large-rows', 10_000_000);
        const month = largeRows >= 50_000_000;
        const big = await cachedCur(path.join(dir, month ? `cur1-${largeRows}-month.csv.gz` : `cur1-${largeRows}.csv`), largeRows, benchAccounts(), month ? 1 : 3);
        heading(`5. Peak RSS at ${largeRows.toLocaleString('en-US')} rows (${big}, ingest only, fresh process)`);
        const figures = runChild(['--child', big]) as IngestFigures;
        console.log(`   ingest ${figures.ingestMs} ms (CPU ${figures.ingestCpuMs} ms, ${rate(figures.rows, figures.ingestMs)} rows/s), ${figures.cells} cells, ` +
            `peak RSS ${figures.maxRssMb} MB (target ≤ ${largeRows >= 100_000_000 ? '1 GB' : '300 MB'}); load ${loadText()}`);
    }
}

/** Accounts of the main bench data: the sample's (so the example policy has usage) plus made-up ones, 50 in all. */
function benchAccounts(): string[] {
    const accounts = [...(SAMPLE_CUR_OPTIONS.accounts as readonly string[])];
    for (let i = accounts.length; i < 50; i++) accounts.push(String(500000000000 + i * 7919));
    return accounts;
}

function syntheticAccounts(count: number): string[] {
    return Array.from({ length: count }, (_x, i) => String(100000000000 + i * 7919));
}

async function cachedCur(file: string, rows: number, accounts: readonly string[], periods: number): Promise<string> {
    if (existsSync(file)) return file;
    const started = Date.now();
    process.stdout.write(`Generating ${rows.toLocaleString('en-US')} rows into ${file} (cached for later runs)… `);
    await generateCur({ output: file, rows, seed: 424242, accounts, periods, startPeriod: periods === 1 ? '2026-03' : '2026-01' });
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

interface ProcessFigures { readonly ms: number; readonly maxRssMb: number }

interface ExportFigures {
    readonly inputRows: number;
    readonly ingestMs: number;
    /** CPU of the whole process (the ingest's worker threads included). */
    readonly ingestCpuMs: number;
    readonly streamMs: number;
    readonly streamCpuMs: number;
    readonly rows: number;
    readonly lineItemRows: number;
    readonly maxRssMb: number;
    /** Peak RSS before the streaming pass (the ingest and pricing): a larger `maxRssMb` is the pass's. */
    readonly ingestMaxRssMb: number;
}

/** The export's phases in one process: the ingest that prices it, then the streaming pass that writes the file. */
async function childExport(file: string, policyFile: string, groupName: string, out: string): Promise<void> {
    const { loadExamplePolicy } = await import('./example-policy.js');
    const { exportProformaCur, exportSpoolSpec } = await import('../engine/export/index.js');
    const policy = await loadExamplePolicy(policyFile);
    if (typeof policy === 'string') throw new Error(policy);
    // As `billing export` does: the ingest spools the group's rows (and template candidates), the pass streams the spool.
    const groupIndex = policy.groups.findIndex(group => group.name === groupName);
    const spoolDir = mkdtempSync(path.join(os.tmpdir(), 'billing-bench-export-'));
    let spools: ReadonlyMap<string, readonly string[]> | undefined;
    try {
        const cpuMs = (since: NodeJS.CpuUsage): number => { const used = process.cpuUsage(since); return Math.round((used.user + used.system) / 1000); };
        const started = performance.now();
        const ingestCpu = process.cpuUsage();
        const cube = await ingest([file], { workers: workersOption, spool: exportSpoolSpec(policy.groups, groupIndex, spoolDir), onSpools: found => { spools = found; } });
        const ingestMs = Math.round(performance.now() - started);
        const ingestCpuMs = cpuMs(ingestCpu);
        const priced = pricePolicy(prepareCube(cube), policy);
        const ingestMaxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
        const streamStarted = performance.now();
        const streamCpu = process.cpuUsage();
        const result = await exportProformaCur({ priced, groupIndex, files: cube.sources, output: out, spools });
        const streamMs = Math.round(performance.now() - streamStarted);
        const figures: ExportFigures = {
            inputRows: cube.rows, ingestMs, ingestCpuMs, streamMs, streamCpuMs: cpuMs(streamCpu), rows: result.rows, lineItemRows: result.lineItemRows,
            maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ingestMaxRssMb,
        };
        console.log(JSON.stringify(figures));
    } finally {
        rmSync(spoolDir, { recursive: true, force: true });
    }
}

/** Peak RSS of a child process, printed by a preloaded script at its exit (no /usr/bin/time needed). */
const RSS_PRELOAD = `process.on('exit', () => process.stderr.write('maxrss-kb=' + process.resourceUsage().maxRSS + '\\n'))`;

function timedProcess(command: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): ProcessFigures {
    const started = performance.now();
    const result = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(RSS_PRELOAD)}`, ...command],
        { encoding: 'utf8', maxBuffer: 256 << 20, cwd, env });
    const ms = Math.round(performance.now() - started);
    if (result.status !== 0) throw new Error(`${command.join(' ')} failed (${result.status}):\n${result.stderr}`);
    const kb = Number(/maxrss-kb=(\d+)/.exec(result.stderr)?.[1] ?? 0);
    return { ms, maxRssMb: Math.round(kb / 1024) };
}

/** The whole `billing bill` a user waits for: start, ingest, price, JSON report. */
function billProcess(file: string, reader?: 'js'): ProcessFigures {
    const env = { ...process.env };
    if (reader) env.BILLING_PARQUET_READER = reader;
    else delete env.BILLING_PARQUET_READER;
    return timedProcess([path.resolve('bin/billing.cjs'), 'bill', 'examples/acme.billing', '--data', file, '--format', 'json'], process.cwd(), env);
}

/** A Node process that loads @duckdb/node-api, runs the anchor query and prints its result as JSON. */
function duckProcess(file: string, format: BenchFormat): ProcessFigures {
    const script = `const { DuckDBInstance } = require('@duckdb/node-api');
        (async () => { const c = await (await DuckDBInstance.create(':memory:')).connect();
          const r = await c.runAndReadAll(${JSON.stringify(cubeQuery(file, format, 'typed'))});
          process.stdout.write(JSON.stringify(r.getRowsJson())); })();`;
    return timedProcess(['-e', script]);
}

function statSize(file: string): number {
    return statSync(file).size;
}

/** Reads the file once so that both contenders find it in the page cache. */
async function warm(file: string): Promise<void> {
    for await (const _chunk of createReadStream(file, { highWaterMark: 8 << 20 })) { /* read */ }
}

function runChild(childArgs: string[], nodeOptions: string[] = [], env: NodeJS.ProcessEnv = process.env): unknown {
    const workers = workersOption !== undefined ? ['--workers', String(workersOption)] : [];
    const result = spawnSync(process.execPath, [...process.execArgv, ...nodeOptions, process.argv[1]!, ...childArgs, ...workers], { encoding: 'utf8', maxBuffer: 64 << 20, env });
    if (result.status !== 0) throw new Error(`bench child ${childArgs.join(' ')} failed:\n${result.stderr}`);
    return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

/**
 * Wall and CPU milliseconds of a synchronous run. CPU time is the calling thread's own where Linux
 * tells it (/proc/thread-self/schedstat: time on CPU in ns), so that V8's concurrent GC threads and
 * other processes do not count; else the process's (every thread).
 */
function measure<T>(run: () => T): { value: T; ms: number; cpuMs: number } {
    const cpu = process.cpuUsage();
    const thread = threadCpuNs();
    const started = performance.now();
    const value = run();
    const ms = performance.now() - started;
    const threadAfter = threadCpuNs();
    const used = process.cpuUsage(cpu);
    const cpuMs = thread !== undefined && threadAfter !== undefined ? Number(threadAfter - thread) / 1e6 : (used.user + used.system) / 1000;
    return { value, ms, cpuMs };
}

let schedstat = existsSync('/proc/thread-self/schedstat');

function threadCpuNs(): bigint | undefined {
    if (!schedstat) return undefined;
    try {
        return BigInt(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]!);
    } catch {
        schedstat = false;
        return undefined;
    }
}

async function childIngest(file: string, report: boolean): Promise<void> {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const cube = await ingest([file], { workers: workersOption });
    const ingestMs = Math.round(performance.now() - started);
    const used = process.cpuUsage(cpu);
    const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    let reportFigures: ReportFigures | undefined;
    if (report) {
        // Loaded only here, so that an ingest-only child never has the language in memory.
        const { loadExamplePolicy } = await import('./example-policy.js');
        const loaded = await loadExamplePolicy('examples/acme.billing');
        if (typeof loaded === 'string') reportFigures = { note: loaded, prepareMs: 0, prepareCpuMs: 0, fullMs: 0, fullCpuMs: 0, fullWarmMs: 0, headlineWarmMs: 0 };
        else {
            const prepared = measure(() => prepareCube(cube));
            const full = measure(() => priceReport(prepared.value, loaded));
            const fullWarm: number[] = [];
            const headlineWarm: number[] = [];
            for (let i = 0; i < 9; i++) {
                fullWarm.push(measure(() => priceReport(prepared.value, loaded)).ms);
                headlineWarm.push(measure(() => priceReport(prepared.value, loaded, { detail: false })).ms);
            }
            reportFigures = {
                note: `examples/acme.billing: ${full.value.groups.length} group-periods, ${cube.cells.length} cells, pro forma total ${full.value.total.proformaCost}`,
                prepareMs: Math.round(prepared.ms), prepareCpuMs: Math.round(prepared.cpuMs),
                fullMs: Math.round(full.ms), fullCpuMs: Math.round(full.cpuMs),
                fullWarmMs: round1(median(fullWarm)), headlineWarmMs: round1(median(headlineWarm)),
            };
        }
    }
    const figures: IngestFigures = {
        ingestMs, ingestCpuMs: Math.round((used.user + used.system) / 1000), rows: cube.rows, cells: cube.cells.length, maxRssMb,
        ...(reportFigures && { report: reportFigures }),
        ...(/\.parquet$/i.test(file) && { reader: process.env.BILLING_PARQUET_READER === 'js' ? 'js' : lastNativeFallback === undefined ? 'native' : `js (${lastNativeFallback})` }),
    };
    console.log(JSON.stringify(figures));
}

async function childReprice(file: string, edits: number): Promise<void> {
    const started = performance.now();
    const cube = await ingest([file], { workers: workersOption });
    const ingestMs = Math.round(performance.now() - started);
    const prepared = measure(() => prepareCube(cube));
    const period = prepared.value.periods[prepared.value.periods.length - 1]!;
    const accounts = prepared.value.byPeriod.get(period)!.accounts.map(account => account.accountId);
    const options = { periods: [period], detail: false } as const;
    const groupCount = 5_000;
    // Warm-up edits (the optimiser's, not the data's).
    for (let i = 0; i < 5; i++) priceReport(prepared.value, repricePolicy(accounts, groupCount, 1000 + i), options);
    const wall: number[] = [];
    const cpu: number[] = [];
    const pricePolicyWall: number[] = [];
    const loadBefore = os.loadavg()[0]!;
    const profile = args.includes('--profile-edits') ? await startProfile() : args.includes('--heap-profile-edits') ? await startProfile('heap') : undefined;
    const collections: { start: number; duration: number }[] = [];
    const observer = new PerformanceObserver(list => {
        for (const entry of list.getEntries()) collections.push({ start: entry.startTime, duration: entry.duration });
    });
    observer.observe({ entryTypes: ['gc'] });
    const windows: [number, number][] = [];
    for (let edit = 0; edit < edits; edit++) {
        const policy = repricePolicy(accounts, groupCount, edit);
        const started = performance.now();
        const run = measure(() => {
            const priced = measure(() => pricePolicy(prepared.value, policy, options));
            pricePolicyWall.push(priced.ms);
            return buildReport(priced.value, options);
        });
        windows.push([started, performance.now()]);
        wall.push(run.ms);
        cpu.push(run.cpuMs);
    }
    if (profile) await profile.stop(args.includes('--profile-out') ? args[args.indexOf('--profile-out') + 1]! : args.includes('--heap-profile-edits') ? '.bench/reprice-edits.heapprofile' : '.bench/reprice-edits.cpuprofile');
    await new Promise(resolve => setTimeout(resolve, 50)); // GC entries arrive asynchronously
    observer.disconnect();
    const gc = windows.map(([from, to]) => collections.filter(c => c.start >= from && c.start < to).reduce((ms, c) => ms + c.duration, 0));
    const full = measure(() => priceReport(prepared.value, repricePolicy(accounts, groupCount, 0), { periods: [period] }));
    const figures: RepriceFigures = {
        rows: cube.rows, cells: cube.cells.length, periodCells: cube.cells.filter(c => c.period === period).length,
        accounts: accounts.length, groups: Math.min(groupCount, accounts.length), ingestMs,
        prepareMs: Math.round(prepared.ms), prepareCpuMs: Math.round(prepared.cpuMs), edits, wall, cpu, pricePolicyWall, gc,
        fullReportMs: Math.round(full.ms), ...memoryFigures(),
        load: (loadBefore + os.loadavg()[0]!) / 2,
        cpuSource: schedstat ? 'main thread' : 'whole process',
    };
    console.log(JSON.stringify(figures));
}

/** Heap in use now, then what a full collection leaves (the bench runs with --expose-gc). */
function memoryFigures(): Pick<RepriceFigures, 'heapMb' | 'liveHeapMb' | 'arrayBuffersMb' | 'rssMb'> {
    const mb = (bytes: number): number => Math.round(bytes / 1048576);
    const heapMb = mb(process.memoryUsage().heapUsed);
    (globalThis as { gc?: () => void }).gc?.();
    const after = process.memoryUsage();
    return { heapMb, liveHeapMb: mb(after.heapUsed), arrayBuffersMb: mb(after.arrayBuffers), rssMb: mb(after.rss) };
}

/** A V8 CPU profile of the edits only (`--profile-edits`; open the file in Chrome DevTools or VS Code). */
async function startProfile(kind: 'cpu' | 'heap' = 'cpu'): Promise<{ stop(file: string): Promise<void> }> {
    const { Session } = await import('node:inspector');
    const { writeFile } = await import('node:fs/promises');
    const session = new Session();
    session.connect();
    const post = (method: string, params?: object): Promise<unknown> =>
        new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
    if (kind === 'heap') {
        await post('HeapProfiler.enable');
        await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    } else {
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 100 });
        await post('Profiler.start');
    }
    return {
        async stop(file: string): Promise<void> {
            const { profile } = (await post(kind === 'heap' ? 'HeapProfiler.stopSampling' : 'Profiler.stop')) as { profile: unknown };
            await writeFile(file, JSON.stringify(profile));
            session.disconnect();
        },
    };
}

function heading(text: string): void {
    console.log(`\n${text}`);
}

function loadText(): string {
    return os.loadavg().map(l => l.toFixed(2)).join(' ');
}

function median(values: readonly number[]): number {
    return quantile(values, 0.5);
}

/** Nearest-rank quantile. */
function quantile(values: readonly number[], q: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function rate(rows: number, ms: number): string {
    return Math.round(rows / (ms / 1000)).toLocaleString('en-US');
}

function fixed(ms: number): string {
    return ms.toFixed(1);
}

function round1(ms: number): number {
    return Math.round(ms * 10) / 10;
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
});
