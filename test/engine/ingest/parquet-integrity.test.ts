import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest, IngestError } from '../../../engine/ingest/index.js';
import { parquetMetadata, type ColumnChunk, type FileMetaData } from 'hyparquet';
import { BOUNDED_COMPRESSORS, checkFooter, MAX_PAGE_BYTES, zstdContentSize } from '../../../engine/ingest/parquet-integrity.js';
import { repoRoot } from '../../cli/cli-harness.js';
import { craftParquet, cur2Columns, type CraftOptions } from './parquet-craft.js';

/**
 * Parquet files whose footer contradicts their pages (issue 17, item 6) and decompression bombs
 * (issue 18, item 11), written byte by byte by parquet-craft.ts. Each must be a located
 * PARQUET_ERROR — never a bill of the footer's invented rows, never gigabytes of memory.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'billing-parquet-integrity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, options: CraftOptions): string {
    const target = path.join(dir, name);
    writeFileSync(target, craftParquet(options));
    return target;
}

async function parquetError(target: string): Promise<IngestError> {
    const error = await ingest([target], { workers: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).code).toBe('PARQUET_ERROR');
    expect((error as IngestError).file).toBe(target);
    expect((error as IngestError).message.startsWith(target)).toBe(true);
    return error as IngestError;
}

describe('an honest crafted file (the control: the writer is right)', () => {
    it('2,000 rows costing (i+1)/4 read as 2,000 line items summing to 500,250', async () => {
        // Σ_{i=1}^{2000} i/4 = (2000·2001/2)/4 = 2001000/4 = 500250.00
        for (const gzip of [false, true]) {
            const cube = await ingest([file(`honest-${gzip}.parquet`, { columns: cur2Columns(2000), gzip })], { workers: 0 });
            expect(cube.rows).toBe(2000);
            expect(cube.cells).toHaveLength(1);
            expect(cube.cells[0].unblendedCost.toFixed()).toBe('500250');
        }
        // DuckDB reads the crafted file as the same rows: the writer makes valid Parquet.
        const connection = await (await DuckDBInstance.create(':memory:')).connect();
        const reader = await connection.runAndReadAll(`SELECT count(*)::VARCHAR, sum(CAST(line_item_unblended_cost AS DECIMAL(38,10)))::VARCHAR
            FROM read_parquet('${path.join(dir, 'honest-true.parquet')}')`);
        expect(reader.getRowsJson()[0]).toEqual(['2000', '500250.0000000000']);
        connection.closeSync();
    });
});

describe('footers that contradict themselves (issue 17.6)', () => {
    it('a row group that declares 3 rows over pages of 2,000 is an error naming the row group and column', async () => {
        const error = await parquetError(file('three-rows.parquet', { columns: cur2Columns(2000), groupRows: 3 }));
        expect(error.message).toContain('row group 1');
        expect(error.message).toContain('declares 3 rows');
        expect(error.message).toContain('hold 2000');
        expect(error.column).toBe('bill_billing_period_start_date');
    });

    it('a row group that declares more rows than its pages hold is an error too', async () => {
        const error = await parquetError(file('more-rows.parquet', { columns: cur2Columns(10), groupRows: 11 }));
        expect(error.message).toContain('declares 11 rows');
    });

    it('num_rows = -1 is an error, not an empty bill', async () => {
        const error = await parquetError(file('minus-one.parquet', { columns: cur2Columns(5), footerRows: -1 }));
        expect(error.message).toContain('the footer declares -1 rows');
    });

    it('a negative row group count is an error', async () => {
        const error = await parquetError(file('group-minus-one.parquet', { columns: cur2Columns(5), groupRows: -1, footerRows: -1 }));
        expect(error.message).toMatch(/declares -1 rows/);
    });

    it('a file row count that is not the sum of its row groups is an error', async () => {
        const error = await parquetError(file('sum.parquet', { columns: cur2Columns(5), footerRows: 7 }));
        expect(error.message).toContain('declares 7 rows but its row groups add up to 5');
    });

    it.each([2, 1000])('the same row group listed %i times (same byte ranges) is rejected, not counted again', async (times) => {
        const error = await parquetError(file(`repeat-${times}.parquet`, { columns: cur2Columns(4), repeatGroup: times }));
        expect(error.message).toContain('row group 2');
        expect(error.message).toContain('repeats row group 1');
        expect(error.message).toContain('count its rows twice');
    });
});

/** A gzip stream of `bytes` zeros (multi-member: 64 MB members, each ~65 KB). */
function zeroBomb(bytes: number): Buffer {
    const member = gzipSync(Buffer.alloc(64 << 20), { level: 9 });
    return Buffer.concat(Array.from({ length: Math.ceil(bytes / (64 << 20)) }, () => member));
}

describe('decompression bombs (issue 18.11)', () => {
    it('a page that inflates beyond its declared size stops there: a located error', async () => {
        const stored = gzipSync(Buffer.alloc(4 << 20));
        const error = await parquetError(file('beyond-declared.parquet', {
            columns: cur2Columns(4), page: { column: 'line_item_product_code', stored, declaredSize: 64 },
        }));
        expect(error.message).toContain('row group 1');
        expect(error.message).toContain('more than the 64 bytes its header declares');
        expect(error.row).toBe(1);
    });

    it('a page that declares more than the global limit is rejected before anything is inflated', async () => {
        const error = await parquetError(file('declared-huge.parquet', {
            columns: cur2Columns(4), page: { column: 'line_item_operation', stored: gzipSync(Buffer.alloc(16)), declaredSize: MAX_PAGE_BYTES + 1 },
        }));
        expect(error.message).toContain('more than the limit');
        expect(error.column).toBe('line_item_operation');
    });

    it('a 1.5 MB file whose page inflates to 1.5 GB: billing bill exits 2 under --max-old-space-size=512, with bounded memory', () => {
        const bomb = zeroBomb(1536 << 20);
        expect(bomb.length).toBeLessThan(2 << 20);
        // Declared honestly (1.5 GB): the global page limit refuses it.
        const honest = file('bomb-declared.parquet', { columns: cur2Columns(4), page: { column: 'line_item_usage_type', stored: bomb, declaredSize: 1536 << 20 } });
        // Declared small: inflation stops at the declared 1 MB.
        const lying = file('bomb-lying.parquet', { columns: cur2Columns(4), page: { column: 'line_item_usage_type', stored: bomb, declaredSize: 1 << 20 } });
        const policy = path.join(dir, 'bomb.billing');
        writeFileSync(policy, 'account 111111111111 "prod"\nrule markup-5 { markup 5% }\nplan p { rules markup-5 }\ngroup g {\n  primary 111111111111\n  accounts 111111111111\n  plan p\n}\n');
        for (const [target, why] of [[honest, 'more than the limit'], [lying, 'more than the 1,048,576 bytes its header declares']]) {
            const run = spawnSync(process.execPath, ['--max-old-space-size=512', '--require', path.join(here, 'max-rss-preload.cjs'), path.join(repoRoot, 'bin', 'billing.cjs'), 'bill', policy, '--data', target],
                { encoding: 'utf8', timeout: 60_000 });
            expect(run.status, run.stderr).toBe(2);
            expect(run.stdout).toBe('');
            expect(run.stderr).toContain(target);
            expect(run.stderr).toContain('row group 1');
            expect(run.stderr).toContain(why);
            expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
            const rssKb = Number(/maxrss-kb=(\d+)/.exec(run.stderr)?.[1]);
            expect(rssKb).toBeGreaterThan(0);
            expect(rssKb).toBeLessThan(400 * 1024);
        }
    }, 120_000);
});

describe('column chunk ranges of the footer', () => {
    const honest = craftParquet({ columns: cur2Columns(3) });
    const shifted = (change: (chunks: ColumnChunk[]) => void): FileMetaData => {
        const metadata = parquetMetadata(new Uint8Array(honest).buffer);
        change(metadata.row_groups[0].columns);
        return metadata;
    };
    it('accepts the honest layout', () => {
        expect(checkFooter(shifted(() => undefined), honest.length, 'f.parquet').firstRow).toEqual([1]);
    });
    it('a chunk that starts inside the previous one is an overlap, named with both byte ranges', () => {
        const metadata = shifted(chunks => { chunks[1].meta_data!.data_page_offset = chunks[0].meta_data!.data_page_offset + 1n; });
        expect(() => checkFooter(metadata, honest.length, 'f.parquet')).toThrow(/column line_item_usage_account_id \(bytes \d+–\d+\) overlaps row group 1's column bill_billing_period_start_date/);
    });
    it('a chunk beyond the end of the file, or inside the footer, is an error', () => {
        const beyond = shifted(chunks => { chunks[8].meta_data!.data_page_offset = BigInt(honest.length); });
        expect(() => checkFooter(beyond, honest.length, 'f.parquet')).toThrow(/claims bytes .* of a \d+-byte file/);
        const magic = shifted(chunks => { chunks[0].meta_data!.data_page_offset = 0n; });
        expect(() => checkFooter(magic, honest.length, 'f.parquet')).toThrow(/claims bytes 0–/);
    });
});

/**
 * ZSTD pages: a frame (RFC 8878) written byte by byte — magic, a single-segment descriptor with a
 * 4-byte Frame_Content_Size, then blocks (3-byte header: last flag, type 0 raw / 1 RLE, size).
 */
describe('ZSTD pages', () => {
    const frame = (contentSize: number, ...blocks: { type: 0 | 1; size: number; bytes: number[]; last?: boolean }[]): Uint8Array => {
        const out = [0x28, 0xb5, 0x2f, 0xfd, 0xa0, contentSize & 0xff, (contentSize >>> 8) & 0xff, (contentSize >>> 16) & 0xff, contentSize >>> 24];
        blocks.forEach((block, i) => {
            const header = ((i === blocks.length - 1 ? 1 : 0) | (block.type << 1) | (block.size << 3)) >>> 0;
            out.push(header & 0xff, (header >>> 8) & 0xff, (header >>> 16) & 0xff, ...block.bytes);
        });
        return Uint8Array.from(out);
    };
    const zstd = BOUNDED_COMPRESSORS.ZSTD!;
    const hello = [...Buffer.from('hello')];

    it('reads its declared content size from the frame header', () => {
        expect(zstdContentSize(frame(5, { type: 0, size: 5, bytes: hello }))).toBe(5);
        expect(zstdContentSize(Uint8Array.from([1, 2, 3, 4, 5, 6]))).toBeUndefined();
    });

    it('an honest page decodes to its bytes', () => {
        expect(Buffer.from(zstd(frame(5, { type: 0, size: 5, bytes: hello }), 5)).toString()).toBe('hello');
        // An RLE block: one byte repeated 4 times, after the raw block.
        expect(Buffer.from(zstd(frame(9, { type: 0, size: 5, bytes: hello }, { type: 1, size: 4, bytes: [0x21] }), 9)).toString()).toBe('hello!!!!');
    });

    it('a frame declaring more than the page header (a 1 GB RLE bomb in 12 bytes) is rejected before anything is inflated', () => {
        const bomb = frame(2 ** 30, { type: 1, size: 100_000, bytes: [0] });
        expect(() => zstd(bomb, 100)).toThrow(/declares 1,073,741,824 bytes where the page header declares 100/);
    });

    it('a frame declaring less than the page header is an error too (no zero-filled tail)', () => {
        expect(() => zstd(frame(5, { type: 0, size: 5, bytes: hello }), 40)).toThrow(/declares 5 bytes where the page header declares 40/);
    });
});
