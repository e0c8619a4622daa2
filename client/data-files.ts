import * as fs from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { BUNDLED_SAMPLE_CHOICE } from '../server/protocol.js';

/**
 * CUR / FOCUS files of the workspace for the data picker (issue 11, defect 8): found by extension, then recognised by
 * a cheap look at their header (the first bytes of a CSV, gzip-inflated for .csv.gz; the footer of a Parquet file,
 * where the column names are; the keys of a CUR manifest). Bounded: the first MAX_CANDIDATES files found, HEAD_BYTES
 * read from each. Pure Node (no VS Code import): unit-tested on files.
 */
export const DATA_FILE_GLOB = '**/*.{csv,csv.gz,parquet,json}';
export const MAX_CANDIDATES = 60;
const HEAD_BYTES = 16 * 1024;
const TAIL_BYTES = 64 * 1024;

/** The columns that name a format (engine/ingest/formats.ts signatures), lower case. */
const SIGNATURES: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['CUR 1.0', ['lineitem/unblendedcost', 'lineitem/usageaccountid']],
    ['CUR 2.0', ['line_item_unblended_cost', 'line_item_usage_account_id']],
    ['FOCUS', ['billedcost', 'chargecategory']],
];

/** The format a file's first bytes (or a Parquet footer) show, if any. */
export function formatOfText(text: string): string | undefined {
    const lower = text.toLowerCase();
    return SIGNATURES.find(([, columns]) => columns.every((column) => lower.includes(column)))?.[0];
}

/** The data format of a file, by a look at its header; undefined: not CUR/FOCUS (or unreadable). */
export async function sniffDataFile(file: string): Promise<string | undefined> {
    const lower = file.toLowerCase();
    let handle: fs.FileHandle | undefined;
    try {
        handle = await fs.open(file, 'r');
        const { size } = await handle.stat();
        if (lower.endsWith('.parquet')) {
            const length = Math.min(size, TAIL_BYTES);
            const tail = Buffer.alloc(length);
            await handle.read(tail, 0, length, size - length);
            if (tail.subarray(length - 4).toString('latin1') !== 'PAR1') return undefined;
            return formatOfText(tail.toString('latin1'));
        }
        const length = Math.min(size, HEAD_BYTES);
        const head = Buffer.alloc(length);
        await handle.read(head, 0, length, 0);
        if (lower.endsWith('.gz')) {
            const text = zlib.gunzipSync(head, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString('utf8');
            return formatOfText(firstLine(text));
        }
        const text = head.toString('utf8');
        if (lower.endsWith('.json')) return /"reportKeys"\s*:|"columns"\s*:\s*\[\s*\{\s*"category"/.test(text) ? 'CUR manifest' : undefined;
        return formatOfText(firstLine(text));
    } catch {
        return undefined;
    } finally {
        await handle?.close().catch(() => undefined);
    }
}

function firstLine(text: string): string {
    const end = text.indexOf('\n');
    return end < 0 ? text : text.slice(0, end);
}

/** An extension's bundled sample path (any version's install folder) → the symbolic choice; other paths unchanged. */
export function symbolicSample(entry: string): string {
    return /[\\/]billing-conductor\.billing-conductor-[^\\/]+[\\/]examples[\\/]data[\\/]sample-cur\.csv$/.test(entry) ? BUNDLED_SAMPLE_CHOICE : entry;
}
