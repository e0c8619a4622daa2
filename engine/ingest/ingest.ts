import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Cube } from '../cube/types.js';
import type { ReportIssue } from '../report/types.js';
import { CellTable } from './cell-table.js';
import { isGzipPath } from './csv-reader.js';
import { IngestError, ingestError } from './errors.js';
import { isParquetPath, runIngestTask, type IngestTask, type TaskResult } from './ingest-task.js';
import { mergeResults } from './merge-cube.js';
import { resolveDataPathsDetailed } from './resolve-paths.js';
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
    const files = resolved.files;
    const sizes = await Promise.all(files.map(f => stat(f).then(s => s.size, () => 0)));
    const totalBytes = sizes.reduce((a, b) => a + b, 0);
    let bytesRead = 0;
    const onBytes = (n: number): void => {
        bytesRead = Math.min(totalBytes, bytesRead + n);
        options.onProgress?.(bytesRead, totalBytes);
    };

    const script = options.workerScript ?? defaultWorkerScript();
    const weighted = sizes.reduce((sum, size, i) => sum + size * (isParquetPath(files[i]) ? PARQUET_DENSITY : 1), 0);
    let workers = options.workers ?? (weighted >= AUTO_WORKERS_MIN_BYTES ? availableParallelism() : 0);
    if (!script) workers = 0;
    const periods = options.periods ? [...options.periods] : undefined;
    const splitThreshold = options.splitThreshold ?? DEFAULT_SPLIT_THRESHOLD;

    const plan: { file: string; tasks: IngestTask[] }[] = files.map((file, i) => {
        const parquet = isParquetPath(file);
        const splittable = workers >= 2 && !isGzipPath(file) && sizes[i] * (parquet ? PARQUET_DENSITY : 1) >= splitThreshold;
        const chunkSize = options.chunkSize;
        if (!splittable) return { file, tasks: [{ file, periods, chunkSize, shared: true }] };
        const parts = workers;
        // A Parquet file is split by row groups (each worker reads the footer and its share).
        if (parquet) return { file, tasks: Array.from({ length: parts }, (_x, index) => ({ file, periods, rowGroups: { index, count: parts } })) };
        const step = Math.ceil(sizes[i] / parts);
        const tasks: IngestTask[] = [];
        for (let k = 0; k < parts; k++) {
            tasks.push({ file, periods, chunkSize, range: { start: k * step, end: k === parts - 1 ? sizes[i] : (k + 1) * step } });
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
            if (tasks.length === 1) return [await run(tasks[0])];
            // A split file: ranges must meet exactly, else a boundary fell inside a quoted field (or a
            // range failed, possibly because of that): read the file again as a whole.
            const settled = await Promise.allSettled(tasks.map(run));
            const results = settled.flatMap(s => (s.status === 'fulfilled' ? [s.value] : []));
            const meet = results.length === tasks.length && results.every((r, k) => k === 0 || results[k - 1].stopOffset === r.firstRowOffset);
            if (meet && sameCurrency(results)) return results;
            if (options.signal?.aborted) throw aborted();
            const whole = await run({ file, periods, chunkSize: options.chunkSize, shared: true });
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
        const rows = results.reduce((n, r) => n + r.rows, 0);
        if (rows === 0) {
            notes.push({
                severity: 'warning', code: 'no-line-items',
                message: options.periods
                    ? `the data has no line item in the period${options.periods.length > 1 ? 's' : ''} ${options.periods.join(', ')}`
                    : 'the data files hold no line item (header only)',
            });
        }
        return mergeResults(results, partials, files, [...resolved.issues, ...notes]);
    } catch (error) {
        if (options.signal?.aborted) throw aborted();
        throw error instanceof IngestError ? error : ingestError('READ_ERROR', `internal error while reading: ${(error as Error).message}`, {});
    } finally {
        options.signal?.removeEventListener('abort', onAbort);
        await pool?.close();
    }
}

/** Ranges of one file agree on the currency (else re-read whole, so the error names the exact row). */
function sameCurrency(results: readonly TaskResult[]): boolean {
    const currencies = new Set(results.flatMap(r => (r.currency ? [r.currency.currency] : [])));
    return currencies.size <= 1;
}

function aborted(): IngestError {
    return new IngestError('ABORTED', 'the ingest was cancelled');
}
