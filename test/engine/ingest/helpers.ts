import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { build } from 'esbuild';
import { HEADER, row, type Line } from '../commitments/hourly-fixture.js';

/** A fresh temporary directory for one test file. */
export function tempDir(prefix: string): string {
    return mkdtempSync(path.join(tmpdir(), `billing-${prefix}-`));
}

/** Bundles the ingest worker (as scripts/bundle.mjs does) so that tests exercise worker_threads. */
export async function buildIngestWorker(dir: string): Promise<string> {
    const out = path.join(dir, 'ingest-worker.cjs');
    await build({
        entryPoints: [path.resolve('engine/ingest/ingest-worker.ts')], outfile: out, bundle: true, format: 'cjs',
        platform: 'node', target: 'node20', logLevel: 'error',
    });
    return out;
}

/**
 * The hourly fixture's lines as a CUR 1.0 CSV and, written by DuckDB from it, a typed Parquet file (row groups of
 * `rowGroupSize` rows) and an all-text one (every column VARCHAR).
 */
export async function hourlyCsvAndParquet(dir: string, lines: readonly Line[], rowGroupSize: number): Promise<{ csv: string; typed: string; text: string }> {
    const csv = path.join(dir, 'cur.csv');
    writeFileSync(csv, [HEADER, ...lines.map(row)].join('\n') + '\n');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const typed = path.join(dir, 'typed.parquet');
    const text = path.join(dir, 'text.parquet');
    try {
        await connection.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${typed}' (FORMAT PARQUET, ROW_GROUP_SIZE ${rowGroupSize})`);
        await connection.run(`COPY (SELECT * FROM read_csv('${csv}', all_varchar = true)) TO '${text}' (FORMAT PARQUET)`);
    } finally { connection.closeSync(); }
    return { csv, typed, text };
}
