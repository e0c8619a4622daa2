import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cube } from '../../../engine/cube/types.js';
import { ingest, streamRows, type StreamedRow } from '../../../engine/ingest/index.js';
import { Decimal } from '../../../engine/money/decimal.js';
import { buildIngestWorker, tempDir } from './helpers.js';

/**
 * The byte scanner against csv-parse (the reference parser) on the same bytes: quotes, doubled quotes,
 * commas and line breaks inside quoted fields, CRLF, a BOM, a missing final newline, read in chunks
 * of every small size. The cube is checked against sums computed here from csv-parse's records.
 */

const HEADER = [
    'identity/LineItemId', 'bill/BillingPeriodStartDate', 'lineItem/UsageAccountId', 'lineItem/LineItemType', 'lineItem/ProductCode',
    'lineItem/UsageType', 'lineItem/Operation', 'lineItem/CurrencyCode', 'lineItem/UnblendedCost', 'pricing/publicOnDemandCost',
    'lineItem/UsageAmount', 'lineItem/LineItemDescription', 'bill/BillingEntity', 'reservation/ReservationARN',
];

const tricky = fc.constantFrom('plain', 'a,b', 'say "hi"', 'two\nlines', 'crlf\r\ninside', '', 'ünïcødé €', '"', ',', '""', ' spaced ');
const text = fc.oneof(tricky, fc.string({ maxLength: 12 }), fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', 'é', ' '), maxLength: 10 }));
const digits = (min: number, max: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const decimalText = fc.oneof(
    fc.tuple(fc.constantFrom('', '-'), digits(1, 12), fc.option(digits(1, 22), { nil: undefined }))
        .map(([sign, int, frac]) => `${sign}${int}${frac !== undefined ? '.' + frac : ''}`),
    fc.tuple(fc.constantFrom('', '-'), digits(1, 1), digits(0, 5), fc.constantFrom('E', 'e'), fc.constantFrom('-', '+', ''), fc.integer({ min: 0, max: 25 }))
        // Positive exponents stop at 19: the ingest rejects magnitudes of 10^20 and more (scaled-decimal.ts MAX_INTEGER_DIGITS).
        .map(([sign, lead, frac, e, expSign, exp]) => `${sign}${lead}${frac ? '.' + frac : ''}${e}${expSign}${expSign === '-' ? exp : Math.min(exp, 19)}`),
);
const row = fc.record({
    id: text,
    period: fc.constantFrom('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'),
    account: fc.oneof(fc.constantFrom('111111111111', '222222222222'), tricky),
    type: fc.constantFrom('Usage', 'Credit', 'DiscountedUsage'),
    service: fc.oneof(fc.constantFrom('AmazonEC2', 'AmazonS3'), tricky),
    usageType: text,
    operation: text,
    unblended: fc.oneof(decimalText, fc.constant('0'), fc.constant('')),
    public: fc.oneof(decimalText, fc.constant('')),
    usage: fc.oneof(decimalText, fc.constant('')),
    description: text,
    entity: fc.constantFrom('AWS', 'AWS Marketplace', 'AISPL'),
    arn: fc.constantFrom('', 'arn:aws:ec2:us-east-1:333333333333:reserved-instances/x', 'arn:aws:ec2:us-east-1:notdigits:ri', 'not-an-arn'),
});
type Row = typeof row extends fc.Arbitrary<infer R> ? R : never;

function fieldsOf(r: Row): string[] {
    return [r.id, r.period, r.account, r.type, r.service, r.usageType, r.operation, 'USD', r.unblended, r.public, r.usage, r.description, r.entity, r.arn];
}

function encode(fields: readonly string[], quoteAll: boolean): string {
    return fields.map(f => (quoteAll || /[",\r\n]/.test(f) || f.startsWith(' ') ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
}

/** Independent cube: sums with Decimal over csv-parse's records. */
function expectedCube(records: string[][]): Map<string, { unblended: Decimal; public: Decimal; free: Decimal; noPublic: Decimal; usage: Decimal; rows: number; rowsNoPublic: number }> {
    const out = new Map<string, { unblended: Decimal; public: Decimal; free: Decimal; noPublic: Decimal; usage: Decimal; rows: number; rowsNoPublic: number }>();
    const dec = (s: string): Decimal => (s.trim() === '' ? new Decimal(0) : new Decimal(s.trim()));
    for (const f of records) {
        const arn = /^arn:[^:]*:[^:]*:[^:]*:(\d+):/.exec(f[13]);
        const key = [f[1].slice(0, 7), f[2], f[4], f[5], f[6], f[3], f[12], f[7], arn ? arn[1] : ''].join('|');
        let cell = out.get(key);
        if (!cell) {
            cell = { unblended: new Decimal(0), public: new Decimal(0), free: new Decimal(0), noPublic: new Decimal(0), usage: new Decimal(0), rows: 0, rowsNoPublic: 0 };
            out.set(key, cell);
        }
        const unblended = dec(f[8]);
        cell.unblended = cell.unblended.plus(unblended);
        cell.usage = cell.usage.plus(dec(f[10]));
        cell.rows++;
        // No public price: an empty cell, or 0 on a billed row (docs/semantics.md).
        if (f[9].trim() === '' || (dec(f[9]).isZero() && !unblended.isZero())) {
            cell.rowsNoPublic++;
            cell.noPublic = cell.noPublic.plus(unblended);
        }
        if (f[9].trim() !== '') {
            const pub = dec(f[9]);
            cell.public = cell.public.plus(pub);
            if (f[3] === 'Usage' && unblended.isZero() && pub.gt(0)) cell.free = cell.free.plus(pub);
        }
    }
    return out;
}

function expectCube(cube: Cube, records: string[][]): void {
    const expected = expectedCube(records);
    const actual = new Map(cube.cells.map(c => [[c.period, c.accountId, c.service, c.usageType, c.operation, c.lineItemType, c.billingEntity, c.currency, c.commitmentOwnerId].join('|'), c]));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, want] of expected) {
        const got = actual.get(key)!;
        expect(got.unblendedCost.toFixed(), key).toBe(want.unblended.toFixed());
        expect(got.publicOnDemandCost.toFixed(), key).toBe(want.public.toFixed());
        expect(got.freeTierPublicCost.toFixed(), key).toBe(want.free.toFixed());
        expect(got.unblendedWithoutPublicCost.toFixed(), key).toBe(want.noPublic.toFixed());
        expect(got.usageAmount.toFixed(), key).toBe(want.usage.toFixed());
        expect([got.rows, got.rowsWithoutPublicCost], key).toEqual([want.rows, want.rowsNoPublic]);
    }
}

async function collect(file: string, chunkSize?: number): Promise<StreamedRow[]> {
    const rows: StreamedRow[] = [];
    await streamRows(file, () => undefined, r => { rows.push(r); }, { chunkSize });
    return rows;
}

describe('CSV scanner vs csv-parse', () => {
    const dir = tempDir('csv-edge');
    let n = 0;

    it('random files: same fields as csv-parse, cube equal to Decimal sums of its records, any chunk size', async () => {
        await fc.assert(fc.asyncProperty(
            fc.array(row, { minLength: 1, maxLength: 25 }), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 70 }),
            async (rows, crlf, bom, quoteAll, finalNewline, chunkSize) => {
                const eol = crlf ? '\r\n' : '\n';
                const lines = [encode(HEADER, quoteAll), ...rows.map(r => encode(fieldsOf(r), quoteAll))];
                const content = (bom ? '\uFEFF' : '') + lines.join(eol) + (finalNewline ? eol : '');
                const file = path.join(dir, `random-${n++}.csv`);
                writeFileSync(file, content);
                const records = parse(content, { bom: true, relax_quotes: false }) as string[][];
                expect(records[0]).toEqual(HEADER);
                const data = records.slice(1);

                const streamed = await collect(file, chunkSize);
                expect(streamed.map(r => r.fields)).toEqual(data);
                // The streamed key of each row is the row-level twin of the cube's key.
                expect(streamed.map(r => r.key.accountId)).toEqual(data.map(f => f[2]));

                expectCube(await ingest([file], { workers: 0, chunkSize }), data);
                const gz = `${file}.gz`;
                writeFileSync(gz, gzipSync(content));
                expect((await collect(gz, chunkSize)).map(r => r.fields)).toEqual(data);
                expectCube(await ingest([gz], { workers: 0 }), data);
            }), { numRuns: 120 });
    });

    it('unescapes long quoted key fields exactly (beyond the 64 KB scratch)', async () => {
        const file = path.join(dir, 'long-key.csv');
        const usageType = 'say "hi" '.repeat(12_000);
        const fields = ['x', '2026-01-01', '111111111111', 'Usage', 'AmazonEC2', usageType, 'op "1"', 'USD', '1', '1', '1', 'd', 'AWS', ''];
        writeFileSync(file, [encode(HEADER, false), encode(fields, false), encode(fields, true)].join('\n'));
        const cube = await ingest([file], { workers: 0 });
        expect(cube.cells).toHaveLength(1);
        expect(cube.cells[0].usageType).toBe(usageType);
        expect(cube.cells[0].operation).toBe('op "1"');
        expect(cube.cells[0].rows).toBe(2);
    });

    it('counts physical lines after quoted line breaks (errors name the line and the data row)', async () => {
        const file = path.join(dir, 'lines.csv');
        const good = ['x', '2026-01-01', '111111111111', 'Usage', 'AmazonEC2', 'u', 'o', 'USD', '1', '1', '1', 'a\nb\nc', 'AWS', ''];
        const bad = [...good];
        bad[8] = 'abc';
        writeFileSync(file, [encode(HEADER, false), encode(good, false), encode(bad, false)].join('\n') + '\n');
        await expect(ingest([file], { workers: 0 })).rejects.toMatchObject({ code: 'INVALID_NUMBER', row: 2, line: 5, column: 'lineItem/UnblendedCost' });
        const rows = await collect(file);
        expect(rows.map(r => [r.row, r.line])).toEqual([[1, 2], [2, 5]]);
    });
});

describe('byte-range splitting with quoted line breaks', () => {
    const dir = tempDir('split');
    let worker: string;
    beforeAll(async () => { worker = await buildIngestWorker(dir); });

    it('falls back to reading the file whole when a range boundary falls inside a quoted field', async () => {
        const file = path.join(dir, 'quoted-newlines.csv');
        const line = (i: number, description: string): string => encode(['id' + i, '2026-01-01', '111111111111', 'Usage', 'AmazonEC2', 'u' + (i % 7), 'o', 'USD', '0.1', '0.2', '1', description, 'AWS', ''], false);
        const rows: string[] = [];
        for (let i = 0; i < 2000; i++) rows.push(line(i, i === 1000 ? 'x\n'.repeat(200_000) : 'row, with comma'));
        writeFileSync(file, [encode(HEADER, false), ...rows].join('\n') + '\n');
        const whole = await ingest([file], { workers: 0 });
        const split = await ingest([file], { workers: 2, workerScript: worker, splitThreshold: 1 });
        expect(split.issues.map(i => i.code)).toContain('split-read-fallback');
        expect(split.cells.map(c => [c.usageType, c.unblendedCost.toFixed(), c.rows])).toEqual(whole.cells.map(c => [c.usageType, c.unblendedCost.toFixed(), c.rows]));
        expect(whole.rows).toBe(2000);
        expect(whole.cells.find(c => c.usageType === 'u0')!.unblendedCost.toFixed()).toBe(new Decimal('0.1').times(286).toFixed());
    });
});
