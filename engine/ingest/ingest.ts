import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Cube } from '../cube/types.js';
import type { ReportIssue } from '../report/types.js';
import { CellTable } from './cell-table.js';
import { isGzipPath, openRegularFile } from './csv-reader.js';
import { IngestError, ingestError } from './errors.js';
import { nativeParquetTask, nativeParquetWanted } from './native-parquet.js';
import { isParquetPath, runIngestTask, type IngestTask, type TaskResult } from './ingest-task.js';
import { mergeResults } from './merge-cube.js';
import { findRepeatedIdentities, identityHashOfText } from './line-item-identity.js';
import { resolveDataPathsDetailed } from './resolve-paths.js';
import type { SpoolSpec } from './row-spool.js';
import { streamRows } from './stream-rows.js';
import { defaultWorkerScript, IngestWorkerPool } from './worker-pool.js';

export interface IngestOptions {
    /** Progress in bytes read from disk (compressed bytes for .gz) against the total size of the inputs. */
    readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
    readonly signal?: AbortSignal;
    /** Keep only these billing periods (`YYYY-MM`). */
    readonly periods?: readonly string[];
    /**
     * Worker threads. Default: one per core when the input is larger than 32 MB and the bundled
     * worker script is found; 0 reads in the calling thread.
     */
    readonly workers?: number;
    /** Path of the bundled worker script (default: `ingest-worker.cjs` next to the running bundle). */
    readonly workerScript?: string;
    /** Plain CSV files at least this large are split into byte ranges across workers (default 64 MB). */
    readonly splitThreshold?: number;
    /** Bytes per read (default 4 MB; tests use tiny chunks to cross every boundary). */
    readonly chunkSize?: number;
    /**
     * Files that deliver the same line items (overlapping deliveries): `error` (default) stops with an
     * OVERLAPPING_DELIVERIES error naming both files and the first repeated line item; `latest` keeps, of
     * two overlapping files, the one modified last and says which it dropped (a warning).
     */
    readonly onOverlap?: 'error' | 'latest';
    /**
     * Spool the rows a group's pro forma CUR export may need (row-spool.ts) while the CSV files are read: each CSV
     * input's spool files (in file order) are handed to `onSpools` before the cube is returned. Parquet inputs are not spooled.
     */
    readonly spool?: SpoolSpec;
    readonly onSpools?: (spools: ReadonlyMap<string, readonly string[]>) => void;
}

const AUTO_WORKERS_MIN_BYTES = 32 << 20;
const DEFAULT_SPLIT_THRESHOLD = 64 << 20;
/** A Parquet byte holds about as many line items as this many CSV bytes (for the thresholds above). */
const PARQUET_DENSITY = 8;

/**
 * Reads CUR 1.0 / CUR 2.0 / FOCUS data (files, directories, globs, manifests) into the cube.
 * Throws an IngestError naming file, row/line and column for bad input; never returns a partial cube.
 */
export async function ingest(paths: readonly string[], options: IngestOptions = {}): Promise<Cube> {
    for (const period of options.periods ?? []) {
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) {
            throw new IngestError('INVALID_PERIOD', `the period filter ${JSON.stringify(period)} is not a month YYYY-MM`, { expected: 'YYYY-MM', found: period });
        }
    }
    const resolved = await resolveDataPathsDetailed(paths);
    return ingestFiles(resolved.files, resolved.issues, options);
}

async function ingestFiles(files: readonly string[], resolvedIssues: readonly ReportIssue[], options: IngestOptions): Promise<Cube> {
    const identities = files.length > 1;
    const sizes = await Promise.all(files.map(f => stat(f).then(s => s.size, () => 0)));
    if (identities) {
        const copy = await identicalCopy(files, sizes, options.signal);
        if (copy) {
            if (options.onOverlap !== 'latest') {
                throw new IngestError('DUPLICATE_FILES',
                    `${copy[0]} and ${copy[1]} are byte-identical copies of one delivery: reading both would count its costs twice; pass one of them, or --on-overlap latest to keep the file modified last`,
                    { file: copy[1], expected: 'each delivery once', found: `${copy[0]}, ${copy[1]}` });
            }
            const older = await olderOf(copy[0], copy[1]);
            const dropped: ReportIssue = {
                severity: 'warning', code: 'overlapping-deliveries', file: older,
                message: `${older} was not read: it is a byte-identical copy of ${older === copy[0] ? copy[1] : copy[0]}; --on-overlap latest keeps the file modified last`,
            };
            return ingestFiles(files.filter(file => file !== older), [...resolvedIssues, dropped], options);
        }
    }
    const totalBytes = sizes.reduce((a, b) => a + b, 0);
    let bytesRead = 0;
    const onBytes = (n: number): void => {
        bytesRead = Math.min(totalBytes, bytesRead + n);
        options.onProgress?.(bytesRead, totalBytes);
    };

    // The native Parquet reader (native-parquet.ts) reads a single file whole (several files need line item identities,
    // which only the JS readers collect); where it cannot, the file is read below as ever.
    const native = new Map<string, TaskResult>();
    if (!identities && nativeParquetWanted()) {
        for (const file of files) {
            if (!isParquetPath(file)) continue;
            if (options.signal?.aborted) throw aborted();
            const result = await nativeParquetTask(file, options.periods, options.signal);
            if (result) { native.set(file, result); onBytes(sizes[files.indexOf(file)]); }
        }
    }

    // Cancelled while DuckDB read (its query was interrupted): no worker is started for the file.
    if (options.signal?.aborted) throw aborted();
    const script = options.workerScript ?? defaultWorkerScript();
    const weighted = sizes.reduce((sum, size, i) => sum + (native.has(files[i]) ? 0 : size * (isParquetPath(files[i]) ? PARQUET_DENSITY : 1)), 0);
    let workers = options.workers ?? (weighted >= AUTO_WORKERS_MIN_BYTES ? availableParallelism() : 0);
    if (!script) workers = 0;
    const periods = options.periods ? [...options.periods] : undefined;
    const splitThreshold = options.splitThreshold ?? DEFAULT_SPLIT_THRESHOLD;

    const plan: { file: string; tasks: IngestTask[] }[] = files.map((file, i) => {
        const parquet = isParquetPath(file);
        const spool = parquet ? undefined : options.spool;
        const splittable = workers >= 2 && !isGzipPath(file) && sizes[i] * (parquet ? PARQUET_DENSITY : 1) >= splitThreshold;
        const chunkSize = options.chunkSize;
        if (!splittable) return { file, tasks: [{ file, periods, chunkSize, shared: true, identities, spool }] };
        const parts = workers;
        // A Parquet file is split by row groups (each worker reads the footer and its share).
        if (parquet) return { file, tasks: Array.from({ length: parts }, (_x, index) => ({ file, periods, rowGroups: { index, count: parts } })) };
        const step = Math.ceil(sizes[i] / parts);
        const tasks: IngestTask[] = [];
        for (let k = 0; k < parts; k++) {
            tasks.push({ file, periods, chunkSize, identities, spool, range: { start: k * step, end: k === parts - 1 ? sizes[i] : (k + 1) * step } });
        }
        return { file, tasks };
    });

    const pool = workers > 0 ? new IngestWorkerPool(script!, workers) : undefined;
    // Whole-file tasks add to one table per thread (see IngestTask.shared); byte ranges keep their own.
    const sharedTable = pool ? undefined : new CellTable();
    // In the calling thread, tasks run one after another (in file order).
    let inThread: Promise<unknown> = Promise.resolve();
    const run = (task: IngestTask): Promise<TaskResult> => {
        if (options.signal?.aborted) return Promise.reject(aborted());
        if (pool) return pool.run(task, onBytes);
        const next = inThread.then(() => runIngestTask(task, { signal: options.signal, onBytes }, sharedTable));
        inThread = next.catch(() => undefined);
        return next;
    };
    const notes: ReportIssue[] = [];
    const onAbort = (): void => { void pool?.close(); };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
        const perFile = await Promise.all(plan.map(async ({ file, tasks }) => {
            const read = native.get(file);
            if (read) return [read];
            if (tasks.length === 1) return [await run(tasks[0])];
            // A split file: ranges must meet exactly, else a boundary fell inside a quoted field (or a
            // range failed, possibly because of that): read the file again as a whole.
            const settled = await Promise.allSettled(tasks.map(run));
            const results = settled.flatMap(s => (s.status === 'fulfilled' ? [s.value] : []));
            const meet = results.length === tasks.length && results.every((r, k) => k === 0 || results[k - 1].stopOffset === r.firstRowOffset);
            if (meet && sameCurrency(results)) return results;
            if (options.signal?.aborted) throw aborted();
            // The ranges' spool files are replaced by the whole read's.
            for (const result of results) if (result.spool) rmSync(result.spool, { force: true });
            const whole = await run({ file, periods, chunkSize: options.chunkSize, shared: true, identities, spool: isParquetPath(file) ? undefined : options.spool });
            notes.push({
                severity: 'info', code: 'split-read-fallback', file,
                message: `${file} was read again as a whole: its parallel byte ranges did not meet at row boundaries (a quoted field holds a line break)`,
            });
            return [whole];
        }));
        if (options.signal?.aborted) throw aborted();
        const results = perFile.flat();
        if (results.length === 0) throw new IngestError('NO_DATA_FILES', 'no data file to read');
        const partials = [
            ...results.flatMap(r => (r.cells ? [r.cells] : [])),
            ...(pool ? await pool.flush() : [sharedTable!.toPartial()]),
        ];
        // The workers' memory is released before the merge builds the cube (it sets the peak RSS).
        await pool?.close();
        if (identities) {
            const overlap = await findOverlap(files, perFile.map(fileResults => fileResults.flatMap(r => (r.identities ? [r.identities] : []))), options.signal);
            if (overlap) {
                if (options.onOverlap !== 'latest') throw overlapError(overlap);
                const older = await olderOf(overlap.first.file, overlap.second.file);
                const dropped: ReportIssue = {
                    severity: 'warning', code: 'overlapping-deliveries', file: older,
                    message: `${older} was not read: it delivers line items that ${older === overlap.first.file ? overlap.second.file : overlap.first.file} delivers too (${describeLineItem(overlap)}); --on-overlap latest keeps the file modified last`,
                };
                return ingestFiles(files.filter(file => file !== older), [...resolvedIssues, dropped], options);
            }
        }
        if (options.spool && options.onSpools) {
            const spools = new Map<string, readonly string[]>();
            plan.forEach(({ file }, i) => {
                const parts = perFile[i]!.map(r => r.spool);
                if (parts.length > 0 && parts.every(part => part !== undefined)) spools.set(file, parts as string[]);
            });
            options.onSpools(spools);
        }
        const rows = results.reduce((n, r) => n + r.rows, 0);
        if (rows === 0) {
            notes.push({
                severity: 'warning', code: 'no-line-items',
                message: options.periods
                    ? `the data has no line item in the period${options.periods.length > 1 ? 's' : ''} ${options.periods.join(', ')}`
                    : 'the data files hold no line item (header only)',
            });
        }
        return mergeResults(results, partials, files, [...resolvedIssues, ...notes]);
    } catch (error) {
        if (options.signal?.aborted) throw aborted();
        throw error instanceof IngestError ? error : ingestError('READ_ERROR', `internal error while reading: ${(error as Error).message}`, {});
    } finally {
        options.signal?.removeEventListener('abort', onAbort);
        await pool?.close();
    }
}

interface Overlap {
    readonly first: OverlapRow;
    readonly second: OverlapRow;
    readonly id: string;
    readonly interval: string;
}

interface OverlapRow {
    readonly file: string;
    readonly row: number;
    readonly line: number;
}

/**
 * Two files' rows with the same line item identity, or undefined: of the first two files found to share
 * identity hashes, the first row of the later file whose identity the earlier file holds too (hash matches
 * confirmed on the text of both rows).
 */
async function findOverlap(files: readonly string[], perFile: readonly (readonly Float64Array[])[], signal: AbortSignal | undefined): Promise<Overlap | undefined> {
    const joined = perFile.map(parts => {
        const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
        let at = 0;
        for (const part of parts) { all.set(part, at); at += part.length; }
        return all;
    });
    for (const candidate of findRepeatedIdentities(joined)) {
        const [a, b] = candidate.files;
        const inA = new Set(joined[a]);
        const shared = new Set<number>();
        for (const hash of joined[b]!) if (inA.has(hash)) shared.add(hash);
        for (let attempt = 0; attempt < 16 && shared.size > 0; attempt++) {
            const second = await rowWithIdentity(files[b]!, (hash) => shared.has(hash), signal);
            if (!second) break;
            const first = await rowWithIdentity(files[a]!, (hash, id, interval) => hash === second.hash && id === second.id && interval === second.interval, signal);
            if (first) return { first: first.at, second: second.at, id: second.id, interval: second.interval };
            shared.delete(second.hash); // a hash collision, not a repeated line item
        }
    }
    return undefined;
}

/** The first row of `file` whose identity `wanted` accepts (the error path only: it reads the file again). */
async function rowWithIdentity(
    file: string, wanted: (hash: number, id: string, interval: string) => boolean, signal: AbortSignal | undefined,
): Promise<{ at: OverlapRow; id: string; interval: string; hash: number } | undefined> {
    let idColumn = -1;
    let intervalColumn = -1;
    let found: { at: OverlapRow; id: string; interval: string; hash: number } | undefined;
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
        await streamRows(file, header => {
            const lower = header.map(name => name.trim().toLowerCase());
            idColumn = lower.findIndex(name => name === 'identity/lineitemid' || name === 'identity_line_item_id');
            intervalColumn = lower.findIndex(name => name === 'identity/timeinterval' || name === 'identity_time_interval');
        }, row => {
            if (found || idColumn < 0 || intervalColumn < 0) return;
            const id = row.fields[idColumn] ?? '';
            const interval = row.fields[intervalColumn] ?? '';
            if (id === '') return;
            const hash = identityHashOfText(id, interval);
            if (wanted(hash, id, interval)) {
                found = { at: { file, row: row.row, line: row.line }, id, interval, hash };
                stop.abort();
            }
        }, { signal: stop.signal });
    } catch (error) {
        if (!found) throw error;
    } finally {
        signal?.removeEventListener('abort', onAbort);
    }
    return found;
}

function describeLineItem(overlap: Overlap): string {
    return `line item ${overlap.id}, time interval ${overlap.interval}: data row ${overlap.first.row} of ${overlap.first.file} and data row ${overlap.second.row} of ${overlap.second.file}`;
}

function overlapError(overlap: Overlap): IngestError {
    return new IngestError('OVERLAPPING_DELIVERIES',
        `${overlap.first.file} and ${overlap.second.file} deliver the same line items (overlapping deliveries, or one file copied under another name): ` +
        `the first repeated one is ${describeLineItem(overlap)}. Reading both would count their costs twice; pass one of them, ` +
        `or --on-overlap latest to keep the file modified last`,
        { file: overlap.second.file, row: overlap.second.row, line: overlap.second.line, expected: 'each line item in one file', found: `${overlap.first.file}, ${overlap.second.file}` });
}

/** Two files with the same bytes (same size, then the same SHA-256), in input order, or undefined. */
async function identicalCopy(files: readonly string[], sizes: readonly number[], signal: AbortSignal | undefined): Promise<[string, string] | undefined> {
    const bySize = new Map<number, number[]>();
    sizes.forEach((size, i) => bySize.set(size, [...(bySize.get(size) ?? []), i]));
    for (const group of bySize.values()) {
        if (group.length < 2) continue;
        const seen = new Map<string, number>();
        for (const i of group) {
            const digest = await digestOf(files[i]!, signal);
            const first = seen.get(digest);
            if (first !== undefined) return [files[first]!, files[i]!];
            seen.set(digest, i);
        }
    }
    return undefined;
}

async function digestOf(file: string, signal: AbortSignal | undefined): Promise<string> {
    const hash = createHash('sha256');
    // Opened like every reader opens (non-blocking, regular files only): a FIFO of size 0 is compared too.
    const handle = await openRegularFile(file);
    try {
        for await (const chunk of handle.createReadStream({ signal })) hash.update(chunk as Buffer);
    } catch (error) {
        if (signal?.aborted) throw aborted();
        throw ingestError('READ_ERROR', `cannot read the file: ${(error as Error).message}`, { file });
    }
    return hash.digest('hex');
}

async function olderOf(a: string, b: string): Promise<string> {
    const [ta, tb] = await Promise.all([stat(a).then(s => s.mtimeMs), stat(b).then(s => s.mtimeMs)]);
    // Same time: the later in the input order is taken as the newer delivery.
    return ta <= tb ? a : b;
}

/** Ranges of one file agree on the currency (else re-read whole, so the error names the exact row). */
function sameCurrency(results: readonly TaskResult[]): boolean {
    const currencies = new Set(results.flatMap(r => (r.currency ? [r.currency.currency] : [])));
    return currencies.size <= 1;
}

function aborted(): IngestError {
    return new IngestError('ABORTED', 'the ingest was cancelled');
}
