import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportProformaCur } from '../../engine/export/index.js';
import { ingest, streamRows } from '../../engine/ingest/index.js';
import { prepareCube, pricePolicy } from '../../engine/price/index.js';
import { flatFee, group, markup, percentFee, policy } from './price/fixtures.js';
import { tempDir } from './ingest/helpers.js';

/**
 * A custom line item row copies its period's columns (payer, legal entity…) from a template row: the period's
 * first row, then its first AWS-sold row, whichever group they belong to. The streaming pass skips other groups'
 * rows from their period, account and billing entity (`streamRows`' select, 'once' for a template row), so the
 * template rows must still reach it, on CSV and on Parquet, where the other rows of their key must not.
 *
 * The data (one period): 333 (group other) sold by AWS Marketplace first, then a web row, then 333's first AWS-sold
 * row, then another web row; each row's legal entity names it.
 */
const HEADER = 'bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,bill/BillingEntity,lineItem/LegalEntity,lineItem/UsageAccountId,'
    + 'lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,lineItem/UsageAmount,lineItem/LineItemDescription';
const line = (entity: string, legal: string, account: string, cost: string): string =>
    `2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,${entity},${legal},${account},Usage,AmazonEC2,BoxUsage,RunInstances,USD,${cost},1,`;
const ROWS = [
    line('AWS Marketplace', 'LE-first', '333333333333', '1'),
    ...Array.from({ length: 2100 }, (_x, i) => line('AWS Marketplace', `LE-333-mp-${i}`, '333333333333', '1')),
    line('AWS Marketplace', 'LE-111-mp', '111111111111', '10'),
    line('AWS', 'LE-aws-333', '333333333333', '1'),
    ...Array.from({ length: 2100 }, (_x, i) => line('AWS', `LE-333-aws-${i}`, '333333333333', '1')),
    line('AWS', 'LE-111-aws', '111111111111', '20'),
    ...Array.from({ length: 50 }, (_x, i) => line('AWS', `LE-444-${i}`, '444444444444', '1')),
];

let dir: string;
const files: Record<string, string> = {};
beforeAll(async () => {
    dir = tempDir('export-templates');
    files.csv = path.join(dir, 'cur.csv');
    writeFileSync(files.csv, [HEADER, ...ROWS].join('\n') + '\n');
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    try {
        await connection.run('SET threads = 1');
        for (const [name, size] of [['one-group', 100_000], ['small-groups', 2048]] as const) {
            files[name] = path.join(dir, `${name}.parquet`);
            await connection.run(`COPY (SELECT * FROM read_csv('${files.csv}', all_varchar = true, header = true))
                                  TO '${files[name]}' (FORMAT parquet, ROW_GROUP_SIZE ${size})`);
        }
    } finally {
        connection.closeSync();
    }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const model = policy([markup('m', '10')], [
    group('web', { primary: '111111111111', lineItems: [flatFee('ops', '5'), percentFee('tax', '10', [{ kind: 'charges' }], { computation: 'ITEMIZED' })] }),
    group('other', { primary: '333333333333', members: ['333333333333', '444444444444'] }),
]);

async function exported(file: string, output: string): Promise<string> {
    const cube = await ingest([file], { workers: 0 });
    await exportProformaCur({ priced: pricePolicy(prepareCube(cube), model, {}), groupIndex: 0, files: cube.sources, output });
    return readFileSync(output, 'utf8');
}

describe('export template rows', () => {
    it.each(['csv', 'one-group', 'small-groups'])('%s: itemized rows copy the template of their time, the flat fee the AWS-sold one; the same file from CSV and Parquet', async (name) => {
        const text = await exported(files[name]!, path.join(dir, `${name}-out.csv`));
        const [header, ...records] = parse(text) as string[][];
        const at = (column: string): number => header!.indexOf(column);
        const rows = records.map((record) => [record[at('lineItem/LineItemDescription')], record[at('lineItem/UnblendedCost')], record[at('lineItem/LegalEntity')]]);
        // Hand-worked: usage 10 and 20 × 1.10 = 11 and 22 (their own legal entity); tax 10 % of each, itemized: 1.1 when the
        // template was the period's first row (333, Marketplace), 2.2 once 333's AWS-sold row was seen; ops 5 after the pass.
        expect(rows.sort()).toEqual([
            ['', '11', 'LE-111-mp'],
            ['', '22', 'LE-111-aws'],
            ['ops', '5', 'LE-aws-333'],
            ['tax', '1.1', 'LE-first'],
            ['tax', '2.2', 'LE-aws-333'],
        ].sort());
        if (name !== 'csv') expect(text).toBe(readFileSync(path.join(dir, 'csv-out.csv'), 'utf8'));
    });

    it("streamRows select: asked in file order with the row's billing entity; 'once' delivers one row of its key per Parquet row group", async () => {
        const run = async (file: string): Promise<{ asked: string[]; got: string[] }> => {
            const asked: string[] = [];
            const got: string[] = [];
            await streamRows(file, () => undefined, (row) => { got.push(`${row.key.accountId} ${row.fields[3]}`); }, {
                select: (period, account, entity) => {
                    asked.push(`${period} ${account} ${entity()}`);
                    return account === '111111111111' || 'once';
                },
            });
            return { asked, got };
        };
        const csv = await run(files.csv!);
        expect(csv.asked).toHaveLength(ROWS.length);
        expect(csv.got).toHaveLength(ROWS.length);
        const parquet = await run(files['one-group']!);
        expect(parquet.asked).toEqual(['2026-01 333333333333 AWS Marketplace', '2026-01 111111111111 AWS Marketplace', '2026-01 333333333333 AWS', '2026-01 111111111111 AWS', '2026-01 444444444444 AWS']);
        expect(parquet.got).toEqual(['333333333333 LE-first', '111111111111 LE-111-mp', '333333333333 LE-aws-333', '111111111111 LE-111-aws', '444444444444 LE-444-0']);
        // Row groups of 2,048 rows (0-based rows 0, 2048, 4096): each key's first row in each row group — row 2048 is
        // Marketplace row 2047, the AWS-sold block starts at row 2102 (LE-aws-333, then aws-0 at row 2103), row 4096 is aws-1993.
        const small = await run(files['small-groups']!);
        expect(small.got.filter((row) => row.startsWith('333333333333'))).toEqual(['LE-first', 'LE-333-mp-2047', 'LE-aws-333', 'LE-333-aws-1993'].map((legal) => `333333333333 ${legal}`));
    });
});
