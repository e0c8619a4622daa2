import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest, IngestError } from '../../engine/ingest/index.js';
import { Decimal } from '../../engine/money/decimal.js';
import type { PolicyModel } from '../../engine/policy/model.js';
import { prepareCube, priceReport } from '../../engine/price/index.js';

/**
 * Mutation fuzzing of the data path: slices of the bundled sample CUR (and of a CUR 2.0 and a FOCUS fixture)
 * broken byte by byte — flipped, deleted, duplicated or inserted bytes, stray quotes, commas and line breaks,
 * truncation, gzip — go through ingest and pricing. Each input ends as a cube that prices and reconciles
 * exactly, or as an IngestError with a code and a location; never as another exception, and never as the
 * catch-all "internal error while reading".
 */

const SOURCES = ['examples/data/sample-cur.csv', 'test/server/fixtures/tiny-cur.csv', 'test/server/fixtures/catalogue-cur.csv']
    .map(file => readFileSync(file));
const INSERTS = [',', '"', '""', '\n', '\r\n', '\r', '\u0000', 'NULL', '1e400', '-', '.', 'E5', '\ufeff', 'ü', '\\'].map(text => Buffer.from(text));

const scratch = mkdtempSync(path.join(tmpdir(), 'billing-data-fuzz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const POLICY: PolicyModel = {
    accounts: [{ id: '111111111111' }],
    rules: [{ name: 'm', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: '7' }],
    plans: [{ name: 'p', rules: ['m'] }],
    groups: [{ name: 'g', primaryAccountId: '111111111111', members: [{ accountId: '111111111111' }], plan: 'p', autoAssociate: true, lineItems: [] }],
    dataPaths: [],
};

type Mutation = (bytes: Buffer) => Buffer;
const at = (bytes: Buffer, f: number): number => Math.floor(f * bytes.length);
const fraction = fc.integer({ min: 0, max: 1_000_000 }).map(n => n / 1_000_000);
const mutation: fc.Arbitrary<Mutation> = fc.tuple(fc.integer({ min: 0, max: 5 }), fraction, fc.integer({ min: 0, max: 255 }), fc.constantFrom(...INSERTS))
    .map(([kind, f, byte, insert]): Mutation => bytes => {
        const i = at(bytes, f);
        switch (kind) {
            case 0: return Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i + 1)]);
            case 1: return Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1 + (byte % 30))]);
            case 2: return Buffer.concat([bytes.subarray(0, i), insert, bytes.subarray(i)]);
            case 3: return bytes.subarray(0, i);
            case 4: return Buffer.concat([bytes.subarray(0, i), bytes.subarray(i, i + (byte % 80)), bytes.subarray(i)]);
            default: return Buffer.concat([bytes.subarray(0, i), insert, insert, bytes.subarray(i + 1)]);
        }
    });

/** The header and a slice of rows of one source: small inputs, every column kind. */
const slice = fc.tuple(fc.constantFrom(...SOURCES.keys()), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 2000 })).map(([source, count, start]) => {
    const lines = SOURCES[source]!.toString('utf8').split('\n');
    const body = lines.slice(1).filter(line => line !== '');
    const from = start % Math.max(1, body.length);
    return Buffer.from([lines[0], ...body.slice(from, from + count)].join('\n') + '\n');
});

describe('mutation fuzzing of the data path', () => {
    it('every broken CUR ingests to a cube that prices and reconciles, or fails with a located IngestError', async () => {
        let counter = 0;
        const outcomes = new Map<string, number>();
        await fc.assert(fc.asyncProperty(slice, fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), async (bytes, mutations, compressed) => {
            const data = mutations.reduce<Buffer>((b, m) => m(b), bytes);
            const file = path.join(scratch, `input-${++counter}.csv${compressed ? '.gz' : ''}`);
            writeFileSync(file, compressed ? gzipSync(data) : data);
            try {
                const cube = await ingest([file], { workers: 0 });
                const report = priceReport(prepareCube(cube), POLICY);
                const input = cube.cells.reduce((sum, cell) => sum.plus(cell.unblendedCost), new Decimal(0));
                expect(new Decimal(report.total.awsCost).eq(input)).toBe(true);
                expect(new Decimal(report.reconciliation.difference).isZero()).toBe(true);
                outcomes.set('ok', (outcomes.get('ok') ?? 0) + 1);
            } catch (error) {
                expect(error, String(error)).toBeInstanceOf(IngestError);
                const ingestError = error as IngestError;
                expect(ingestError.message).not.toMatch(/internal error/);
                expect(ingestError.file ?? ingestError.message).toBeTruthy();
                outcomes.set(ingestError.code, (outcomes.get(ingestError.code) ?? 0) + 1);
            } finally {
                rmSync(file, { force: true });
            }
        }), { numRuns: Number(process.env.DATA_FUZZ_RUNS ?? 400), seed: Number(process.env.DATA_FUZZ_SEED ?? 707) });
        if (process.env.DATA_FUZZ_RUNS) console.log(JSON.stringify(Object.fromEntries(outcomes)));
        // Both outcomes occur: the fuzz reaches pricing, and it breaks files.
        expect(outcomes.get('ok')).toBeGreaterThan(20);
        expect([...outcomes.keys()].length).toBeGreaterThan(3);
    }, 120_000);
});
