import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportProformaCur, exportSpoolSpec, spoolCovers } from '../../engine/export/index.js';
import { ingest } from '../../engine/ingest/index.js';
import { prepareCube, pricePolicy } from '../../engine/price/index.js';
import { flatFee, group, markup, percentFee, policy } from './price/fixtures.js';
import { buildIngestWorker, tempDir } from './ingest/helpers.js';

/**
 * The export's row spool (engine/ingest/row-spool.ts): the ingest's tasks copy the rows a group's export may need
 * (its accounts' rows; per task, each period's first row and first AWS-sold row) to temporary files, and the export
 * streams those instead of the input. The file must be the one the full pass over the input writes, byte for byte,
 * when the template rows lie in different byte ranges of a split file, on gzip, and over several files whose
 * columns differ (CUR 1.0).
 *
 * The data: three periods, each block written in its own quarter of the file, so that with four byte ranges each
 * range holds other periods' first rows; every period opens with another group's Marketplace row (its first row: the
 * template of the itemized rows that come before its first AWS-sold row) and has its first AWS-sold row, of another
 * group too, after some of the group's rows. A quoted description holds a line break, and one holds quotes.
 */
const HEADER = 'bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,bill/BillingEntity,lineItem/LegalEntity,lineItem/UsageAccountId,'
    + 'lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,lineItem/UsageAmount,lineItem/LineItemDescription';
const row = (month: string, entity: string, legal: string, account: string, cost: string, description = ''): string =>
    `2026-${month}-01T00:00:00Z,2026-${month}-28T00:00:00Z,${entity},${legal},${account},Usage,AmazonEC2,BoxUsage,RunInstances,USD,${cost},1,${description}`;
const block = (month: string): string[] => [
    row(month, 'AWS Marketplace', `LE-${month}-first`, '333333333333', '1'),
    ...Array.from({ length: 300 }, (_x, i) => row(month, 'AWS Marketplace', `LE-${month}-333-mp-${i}`, '333333333333', '1')),
    row(month, 'AWS Marketplace', `LE-${month}-111-mp`, '111111111111', '10', '"a line\nbreak"'),
    ...Array.from({ length: 200 }, (_x, i) => row(month, 'AWS', `LE-${month}-444-${i}`, '444444444444', '1')),
    row(month, 'AWS', `LE-${month}-111-aws`, '111111111111', '20', '"said ""hi"""'),
    ...Array.from({ length: 300 }, (_x, i) => row(month, i % 2 ? 'AWS' : 'AWS Marketplace', `LE-${month}-222-${i}`, '222222222222', `0.${i + 1}`)),
    ...Array.from({ length: 300 }, (_x, i) => row(month, 'AWS', `LE-${month}-555-${i}`, '555555555555', '2')),
];

const model = policy([markup('m', '10')], [
    group('web', { primary: '111111111111', members: ['111111111111', '222222222222'], lineItems: [flatFee('ops', '5'), percentFee('tax', '10', [{ kind: 'charges' }], { computation: 'ITEMIZED' })] }),
    group('other', { primary: '333333333333', members: ['333333333333', '444444444444'], autoAssociate: true }),
]);

let dir: string;
let worker: string;
const files: Record<string, string> = {};
beforeAll(async () => {
    dir = tempDir('export-spool');
    worker = await buildIngestWorker(dir);
    const text = [HEADER, ...block('01'), ...block('02'), ...block('03')].join('\n') + '\n';
    files.csv = path.join(dir, 'cur.csv');
    writeFileSync(files.csv, text);
    // A 60 KB quoted description of many lines across the first range boundary: the ranges do not meet, the file is
    // read again whole (split-read-fallback), and that read's spool is the one used.
    const long = row('01', 'AWS', 'LE-01-111-long', '111111111111', '3', `"${'many\nlines, '.repeat(5000)}"`);
    const lines = [HEADER, ...block('01'), ...block('02')];
    const total = Buffer.byteLength(lines.join('\n') + '\n') + Buffer.byteLength(long) + 1;
    // The row starts half its length before the first boundary (ingest.ts: ranges of ceil(size / 4) bytes).
    let at = 0;
    for (let offset = 0; at < lines.length && offset + Buffer.byteLength(long) / 2 < Math.ceil(total / 4); at++) offset += Buffer.byteLength(lines[at]!) + 1;
    files.straddle = path.join(dir, 'straddle.csv');
    writeFileSync(files.straddle, [...lines.slice(0, at), long, ...lines.slice(at)].join('\n') + '\n');
    files.gz = path.join(dir, 'cur.csv.gz');
    writeFileSync(files.gz, gzipSync(text));
    // Two deliveries of CUR 1.0 whose columns differ: the second has no legal entity and one more column.
    files.a = path.join(dir, 'a.csv');
    writeFileSync(files.a, [HEADER, ...block('01')].join('\n') + '\n');
    files.b = path.join(dir, 'b.csv');
    const header = HEADER.replace('lineItem/LegalEntity,', '') + ',lineItem/ResourceId';
    writeFileSync(files.b, [header, ...block('02').map((line) => line.replace(/,LE-[^,]*,/, ',') + ',i-1')].join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Exported { readonly text: string; readonly parts: readonly (readonly string[])[] }

/** The export of `group` from the full pass over the input (`spool` false) or from the ingest's spool (true). */
async function exported(inputs: readonly string[], groupIndex: number, spool: boolean, name: string): Promise<Exported> {
    const spoolDir = tempDir('export-spool-parts');
    try {
        let spools: ReadonlyMap<string, readonly string[]> | undefined;
        const cube = await ingest(inputs, {
            workers: 4, workerScript: worker, splitThreshold: 1,
            ...(spool && { spool: exportSpoolSpec(model.groups, groupIndex, spoolDir), onSpools: (found) => { spools = found; } }),
        });
        const output = path.join(dir, `${name}-${spool ? 'spool' : 'full'}.csv`);
        await exportProformaCur({ priced: pricePolicy(prepareCube(cube), model, {}), groupIndex, files: cube.sources, output, ...(spools && { spools }) });
        const parts = inputs.map((file) => spools?.get(file) ?? []);
        if (spool) expect(readdirSync(spoolDir).length).toBe(parts.flat().length);
        return { text: readFileSync(output, 'utf8'), parts: parts.map((list) => list.map((part) => readFileSync(part, 'utf8'))) };
    } finally {
        rmSync(spoolDir, { recursive: true, force: true });
    }
}

describe('export from the ingest\'s row spool', () => {
    it.each([
        ['web', 0],
        ['other (auto-associate)', 1],
    ])('group %s, plain CSV in four byte ranges: the same file as the full pass, each range spooling its own template rows', async (_name, groupIndex) => {
        const full = await exported([files.csv!], groupIndex, false, `csv-${groupIndex}`);
        const spooled = await exported([files.csv!], groupIndex, true, `csv-${groupIndex}`);
        expect(spooled.text).toBe(full.text);
        const ranges = spooled.parts[0]!;
        expect(ranges).toHaveLength(4);
        // Each range file is a CSV of its own: the header, then its rows.
        for (const part of ranges) expect((parse(part) as string[][])[0]!.join(',')).toBe(HEADER);
        const legal = ranges.map((part) => (parse(part) as string[][]).slice(1).map((record) => record[3]!));
        // The periods' first rows and first AWS-sold rows (other group's) are spooled by the range that holds them.
        const templates = ['01', '02', '03'].flatMap((month) => [`LE-${month}-first`, `LE-${month}-444-0`]);
        for (const template of templates) expect(legal.flat().filter((value) => value === template)).toHaveLength(1);
        expect(new Set(legal.map((values) => templates.filter((template) => values.includes(template)).join(' '))).size).toBeGreaterThan(2);
        if (groupIndex === 0) {
            // The other group's rows are not spooled, but for a range's first row of a period and first AWS-sold row.
            const others = legal.flat().filter((value) => !/-(111|222)-/.test(value));
            expect(others.length).toBeLessThanOrEqual(4 * 3 * 2);
            expect(parse(spooled.text).length).toBeGreaterThan(3 * 302);
        }
    });

    it('gzip (one task) and two deliveries whose columns differ: the same file as the full pass', async () => {
        for (const groupIndex of [0, 1]) {
            const gz = await exported([files.gz!], groupIndex, true, `gz-${groupIndex}`);
            expect(gz.text).toBe((await exported([files.csv!], groupIndex, false, `gz-${groupIndex}`)).text);
            expect(gz.parts[0]).toHaveLength(1);
            const two = await exported([files.a!, files.b!], groupIndex, true, `two-${groupIndex}`);
            expect(two.text).toBe((await exported([files.a!, files.b!], groupIndex, false, `two-${groupIndex}`)).text);
            expect(two.parts.map((parts) => parts.length)).toEqual([4, 4]);
        }
    });

    it('a file whose byte ranges do not meet (a quoted field across a boundary) is read whole: that read\'s spool, the same file', async () => {
        const cube = await ingest([files.straddle!], { workers: 4, workerScript: worker, splitThreshold: 1 });
        expect(cube.issues.map((issue) => issue.code)).toContain('split-read-fallback');
        for (const groupIndex of [0, 1]) {
            const spooled = await exported([files.straddle!], groupIndex, true, `straddle-${groupIndex}`);
            expect(spooled.parts[0]).toHaveLength(1);
            if (groupIndex === 0) expect(spooled.text).toContain('LE-01-111-long');
            expect(spooled.text).toBe((await exported([files.straddle!], groupIndex, false, `straddle-${groupIndex}`)).text);
        }
    });

    it('a spool that cannot be written (its folder is gone) is dropped: the ingest goes on, the export reads the input', async () => {
        let spools: ReadonlyMap<string, readonly string[]> | undefined;
        const gone = path.join(dir, 'no-such-folder');
        const cube = await ingest([files.csv!], {
            workers: 4, workerScript: worker, splitThreshold: 1, spool: exportSpoolSpec(model.groups, 0, gone), onSpools: (found) => { spools = found; },
        });
        expect(spools?.size).toBe(0);
        const output = path.join(dir, 'no-spool.csv');
        await exportProformaCur({ priced: pricePolicy(prepareCube(cube), model, {}), groupIndex: 0, files: cube.sources, output, spools });
        expect(readFileSync(output, 'utf8')).toBe((await exported([files.csv!], 0, false, 'no-spool')).text);
    });

    it('a spool that does not stream (a row the export cannot read) makes the export read the input: the error names the input\'s row', async () => {
        const cube = await ingest([files.csv!], { workers: 0 });
        const bad = path.join(dir, 'bad-part.csv');
        writeFileSync(bad, `${HEADER}\n${row('01', 'AWS', 'LE-x', '111111111111', '1')}\n${row('01', 'AWS', 'LE-y', '111111111111', 'one')}\n`);
        const output = path.join(dir, 'fallback.csv');
        const priced = pricePolicy(prepareCube(cube), model, {});
        await exportProformaCur({ priced, groupIndex: 0, files: cube.sources, output, spools: new Map([[files.csv!, [bad]]]) });
        const full = path.join(dir, 'fallback-full.csv');
        await exportProformaCur({ priced, groupIndex: 0, files: cube.sources, output: full });
        expect(readFileSync(output, 'utf8')).toBe(readFileSync(full, 'utf8'));
    });

    it('is used only where it covers the group as priced: every account the memberships gave it was spooled', async () => {
        const priced = pricePolicy(prepareCube(await ingest([files.csv!], { workers: 0 })), model, {});
        // web holds 111111111111 and 222222222222; other (auto-associate) holds 333333333333, 444444444444 and 555555555555.
        expect(spoolCovers(exportSpoolSpec(model.groups, 0, dir), priced, 0)).toBe(true);
        expect(spoolCovers(exportSpoolSpec(model.groups, 1, dir), priced, 1)).toBe(true);
        expect(spoolCovers({ dir, accounts: ['111111111111'], allAccounts: false, excluded: [] }, priced, 0)).toBe(false);
        expect(spoolCovers({ dir, accounts: [], allAccounts: true, excluded: ['555555555555'] }, priced, 1)).toBe(false);
        expect(spoolCovers({ dir, accounts: [], allAccounts: true, excluded: ['111111111111', '222222222222'] }, priced, 1)).toBe(true);
    });
});
