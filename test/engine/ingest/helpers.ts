import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';

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
