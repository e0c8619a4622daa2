import { parse } from 'csv-parse/sync';
import { copyFileSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCur } from '../../../engine/generate/index.js';
import { ingest, IngestError } from '../../../engine/ingest/index.js';
import { Decimal } from '../../../engine/money/decimal.js';
import { buildIngestWorker, tempDir } from './helpers.js';

/**
 * Overlapping deliveries (issue 10 item 3, issue 17 item 7): two files that deliver the same line items
 * (identity/LineItemId + identity/TimeInterval, or identity_line_item_id + identity_time_interval) are an error
 * naming both files and the first repeated line item; byte-identical copies too; `onOverlap: 'latest'` keeps the
 * file modified last. Expected totals are sums of the CSV text with csv-parse and Decimal, not the engine.
 */

let dir: string;
let worker: string;
let header: string;
let lines: string[];
let records: Record<string, string>[];

function write(name: string, rows: readonly string[]): string {
    const file = path.join(dir, name);
    writeFileSync(file, [header, ...rows].join('\n') + '\n');
    return file;
}

function sumOf(rows: readonly Record<string, string>[]): string {
    return rows.reduce((sum, row) => sum.plus(new Decimal(row['lineItem/UnblendedCost']!)), new Decimal(0)).toFixed();
}

async function cubeTotal(files: readonly string[], options: Parameters<typeof ingest>[1] = {}): Promise<string> {
    const cube = await ingest(files, options);
    return cube.cells.reduce((sum, cell) => sum.plus(cell.unblendedCost), new Decimal(0)).toFixed();
}

async function failure(promise: Promise<unknown>): Promise<IngestError> {
    try {
        await promise;
    } catch (error) {
        if (error instanceof IngestError) return error;
        throw error;
    }
    throw new Error('expected an IngestError');
}

beforeAll(async () => {
    dir = tempDir('overlap');
    worker = await buildIngestWorker(dir);
    const source = path.join(dir, 'source.csv');
    await generateCur({ output: source, rows: 1200, seed: 11, accounts: 6, periods: ['2026-01'] });
    const text = readFileSync(source, 'utf8').trimEnd();
    [header, ...lines] = text.split('\n') as [string, ...string[]];
    records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records.length).toBe(lines.length);
    rmSync(source);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('overlapping deliveries', () => {
    it.each([0, 2])('a stale and a fresh delivery sharing rows: an error naming both files and the first repeated line item (%i workers)', async (workers) => {
        const stale = write(`stale-${workers}.csv`, lines.slice(0, 700));
        const fresh = write(`fresh-${workers}.csv`, lines.slice(500));
        const error = await failure(ingest([stale, fresh], { workers, workerScript: worker, splitThreshold: 1 }));
        expect(error.code).toBe('OVERLAPPING_DELIVERIES');
        // The first row of the later file that the earlier one delivers too: fresh's data row 1 (source row 501).
        const first = records[500]!;
        expect(error.message).toContain(`${stale} and ${fresh} deliver the same line items`);
        expect(error.message).toContain(`line item ${first['identity/LineItemId']}, time interval ${first['identity/TimeInterval']}: data row 501 of ${stale} and data row 1 of ${fresh}`);
        expect(error.file).toBe(fresh);
        expect(error.row).toBe(1);
    });

    it('one repeated line item among many is found', async () => {
        const a = write('a.csv', lines.slice(0, 600));
        const b = write('b.csv', [...lines.slice(600), lines[123]!]);
        const error = await failure(ingest([a, b]));
        expect(error.code).toBe('OVERLAPPING_DELIVERIES');
        expect(error.message).toContain(`line item ${records[123]!['identity/LineItemId']}, time interval ${records[123]!['identity/TimeInterval']}: data row 124 of ${a} and data row 601 of ${b}`);
    });

    it('files that do not overlap are read as one, their costs summed once', async () => {
        const a = write('part-1.csv', lines.slice(0, 600));
        const b = write('part-2.csv', lines.slice(600));
        expect(await cubeTotal([a, b])).toBe(sumOf(records));
    });

    it('a byte-identical copy under another name ("sample-cur (1).csv") is an error naming both', async () => {
        const original = write('sample-cur.csv', lines);
        const copy = path.join(dir, 'sample-cur (1).csv');
        copyFileSync(original, copy);
        const error = await failure(ingest([original, copy]));
        expect(error.code).toBe('DUPLICATE_FILES');
        expect(error.message).toBe(`${original} and ${copy} are byte-identical copies of one delivery: reading both would count its costs twice; pass one of them, or --on-overlap latest to keep the file modified last`);
    });

    it("onOverlap 'latest' keeps the file modified last and warns naming the one dropped", async () => {
        const stale = write('latest-stale.csv', lines.slice(0, 700));
        const fresh = write('latest-fresh.csv', lines.slice(300));
        utimesSync(stale, new Date('2026-02-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z'));
        utimesSync(fresh, new Date('2026-02-03T00:00:00Z'), new Date('2026-02-03T00:00:00Z'));
        const cube = await ingest([fresh, stale], { onOverlap: 'latest' });
        expect(cube.sources).toEqual([fresh]);
        expect(cube.cells.reduce((sum, cell) => sum.plus(cell.unblendedCost), new Decimal(0)).toFixed()).toBe(sumOf(records.slice(300)));
        const warning = cube.issues.find((issue) => issue.code === 'overlapping-deliveries');
        expect(warning?.file).toBe(stale);
        expect(warning?.message).toContain(`${stale} was not read: it delivers line items that ${fresh} delivers too`);

        const copy = path.join(dir, 'latest-copy.csv');
        copyFileSync(fresh, copy);
        utimesSync(copy, new Date('2026-02-05T00:00:00Z'), new Date('2026-02-05T00:00:00Z'));
        const copies = await ingest([fresh, copy], { onOverlap: 'latest' });
        expect(copies.sources).toEqual([copy]);
        expect(copies.issues.find((issue) => issue.code === 'overlapping-deliveries')?.message).toContain(`${fresh} was not read: it is a byte-identical copy of ${copy}`);
    });
});
