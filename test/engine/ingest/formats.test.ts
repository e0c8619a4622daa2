import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cube } from '../../../engine/cube/types.js';
import { generateCur } from '../../../engine/generate/index.js';
import { ingest, streamRows } from '../../../engine/ingest/index.js';
import { focusBillingEntity, focusLineItemType } from '../../../engine/ingest/focus-mapping.js';
import { Decimal } from '../../../engine/money/decimal.js';
import { buildIngestWorker, tempDir } from './helpers.js';
import { cellKey, expectCubeMatchesOracle, oracleCube } from './oracle.js';

async function duck(sql: string): Promise<void> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try { await connection.run(sql); } finally { connection.closeSync(); }
}

/** Cube rebuilt from streamRows: the row-level key and measures must sum to the fast ingest's cube. */
async function cubeFromStream(files: readonly string[]): Promise<Map<string, { unblended: Decimal; rows: number; usage: Decimal }>> {
    const out = new Map<string, { unblended: Decimal; rows: number; usage: Decimal }>();
    for (const file of files) {
        await streamRows(file, () => undefined, row => {
            const k = row.key;
            const key = [k.period, k.accountId, k.service, k.usageType, k.operation, k.lineItemType, k.billingEntity, k.currency, k.commitmentOwnerId].join('|');
            const cell = out.get(key) ?? { unblended: new Decimal(0), rows: 0, usage: new Decimal(0) };
            cell.unblended = cell.unblended.plus(row.unblendedCost || 0);
            cell.usage = cell.usage.plus(row.usageAmount || 0);
            cell.rows++;
            out.set(key, cell);
        });
    }
    return out;
}

function expectStreamMatches(cube: Cube, stream: Map<string, { unblended: Decimal; rows: number; usage: Decimal }>): void {
    expect(stream.size).toBe(cube.cells.length);
    for (const cell of cube.cells) {
        const s = stream.get(cellKey(cell));
        expect(s, cellKey(cell)).toBeDefined();
        expect([s!.unblended.toFixed(), s!.usage.toFixed(), s!.rows]).toEqual([cell.unblendedCost.toFixed(), cell.usageAmount.toFixed(), cell.rows]);
    }
}

describe('CUR 1.0 files whose columns change between months', () => {
    const dir = tempDir('columns');
    const january = path.join(dir, '2026-01.csv');
    const february = path.join(dir, '2026-02.csv');

    beforeAll(async () => {
        const full = path.join(dir, 'full.csv');
        await generateCur({ output: full, rows: 6000, seed: 11, accounts: 12, periods: ['2026-01', '2026-02'] });
        // January: the generator's columns minus the savings plan columns, in reverse order.
        await duck(`COPY (SELECT * EXCLUDE ("savingsPlan/SavingsPlanARN", "savingsPlan/SavingsPlanEffectiveCost", "savingsPlan/SavingsPlanRate")
                     FROM read_csv('${full}', all_varchar = true, header = true) WHERE "bill/BillingPeriodStartDate" LIKE '2026-01%')
                    TO '${january}' (HEADER, DELIMITER ',')`);
        // February: no reservation columns, no billing entity, an extra tag column, and another order.
        await duck(`COPY (SELECT "lineItem/UnblendedCost", 'x' AS "resourceTags/user:Team", "lineItem/LineItemType", "lineItem/UsageAmount", "pricing/publicOnDemandCost",
                            "bill/BillingPeriodStartDate", "lineItem/CurrencyCode", "lineItem/ProductCode", "lineItem/UsageType", "lineItem/Operation",
                            "lineItem/UsageAccountId", "savingsPlan/SavingsPlanARN", "lineItem/LineItemDescription"
                     FROM read_csv('${full}', all_varchar = true, header = true) WHERE "bill/BillingPeriodStartDate" LIKE '2026-02%')
                    TO '${february}' (HEADER, DELIMITER ',')`);
    });

    it('maps columns by name in each file', async () => {
        const cube = await ingest([january, february], { workers: 0 });
        const jan = await oracleCube([january], { format: 'cur1', absentColumns: ['savingsPlan/SavingsPlanARN'] });
        const feb = await oracleCube([february], { format: 'cur1', hasBillingEntity: false, absentColumns: ['reservation/ReservationARN'] });
        expectCubeMatchesOracle(cube, new Map([...jan, ...feb]));
        expect(cube.cells.some(c => c.period === '2026-02' && c.commitmentOwnerId !== '')).toBe(true);
        expect(cube.cells.filter(c => c.period === '2026-02').every(c => c.billingEntity === 'AWS')).toBe(true);
    });

    it('streamRows gives the same keys and sums', async () => {
        const cube = await ingest([january, february], { workers: 0 });
        expectStreamMatches(cube, await cubeFromStream([january, february]));
    });
});

describe('Parquet', () => {
    const dir = tempDir('parquet');
    const csv = path.join(dir, 'cur1.csv');
    const cur2Select = (decimalType: string): string => `
        SELECT CAST("bill/BillingPeriodStartDate" AS TIMESTAMP) AS bill_billing_period_start_date,
               "lineItem/UsageAccountId" AS line_item_usage_account_id, 'acct-' || "lineItem/UsageAccountId" AS line_item_usage_account_name,
               "lineItem/ProductCode" AS line_item_product_code, "lineItem/UsageType" AS line_item_usage_type,
               "lineItem/Operation" AS line_item_operation, "lineItem/LineItemType" AS line_item_line_item_type,
               "bill/BillingEntity" AS bill_billing_entity, "lineItem/CurrencyCode" AS line_item_currency_code,
               "reservation/ReservationARN" AS reservation_reservation_a_r_n, "savingsPlan/SavingsPlanARN" AS savings_plan_savings_plan_a_r_n,
               CAST("lineItem/UnblendedCost" AS ${decimalType}) AS line_item_unblended_cost,
               CAST(nullif("pricing/publicOnDemandCost", '') AS ${decimalType}) AS pricing_public_on_demand_cost,
               CAST("lineItem/UsageAmount" AS ${decimalType}) AS line_item_usage_amount,
               MAP {'product_name': "product/ProductName"} AS product
        FROM read_csv('${csv}', all_varchar = true, header = true)`;

    beforeAll(async () => {
        await generateCur({ output: csv, rows: 20_000, seed: 21, accounts: 15, periods: 2 });
        // The same data as CUR 2.0 CSV: the oracle for every Parquet variant.
        await duck(`COPY (${cur2Select('VARCHAR').replace(/CAST\(("[^"]+"|nullif\([^)]*\)) AS VARCHAR\)/g, '$1').replace("MAP {'product_name': \"product/ProductName\"}", 'NULL')})
                    TO '${path.join(dir, 'cur2.csv')}' (HEADER, DELIMITER ',')`);
        for (const [name, type, codec, extra] of [['double-snappy', 'DOUBLE', 'snappy', ''], ['decimal-gzip', 'DECIMAL(20,10)', 'gzip', ''], ['decimal-zstd', 'DECIMAL(38,10)', 'zstd', ''],
            ['decimal-lz4', 'DECIMAL(20,10)', 'lz4', ''],
            // Version 2 pages and encodings; no dictionary at all (every page PLAIN, as writers fall back to for large dictionaries).
            ['double-v2', 'DOUBLE', 'snappy', ', PARQUET_VERSION V2'], ['double-plain', 'DOUBLE', 'snappy', ', DICTIONARY_SIZE_LIMIT 1']] as const) {
            await duck(`COPY (${cur2Select(type)}) TO '${path.join(dir, `${name}.parquet`)}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 4096${extra})`);
        }
    });

    it('CUR 2.0 Parquet with DOUBLE costs (snappy, several row groups) equals the CSV cube', async () => {
        const cube = await ingest([path.join(dir, 'double-snappy.parquet')], { workers: 0 });
        expect(cube.format).toBe('cur2');
        expect(cube.rows).toBe(20_000);
        expectCubeMatchesOracle(cube, await oracleCube([path.join(dir, 'cur2.csv')], { format: 'cur2' }));
        expect(cube.accountNames.size).toBe(15);
    });

    it('a Parquet file split by row groups across two workers gives the same cube', async () => {
        const worker = await buildIngestWorker(dir);
        const cube = await ingest([path.join(dir, 'double-snappy.parquet')], { workers: 2, workerScript: worker, splitThreshold: 1 });
        expect(cube.rows).toBe(20_000);
        expectCubeMatchesOracle(cube, await oracleCube([path.join(dir, 'cur2.csv')], { format: 'cur2' }));
    });

    it('streamRows on Parquet: each row\'s fields as written, ASCII rows cut from one decode, others (é, €, an emoji) decoded field by field, with and without select', async () => {
        const source = path.join(dir, 'texts.csv');
        const header = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,lineItem/UsageAmount,lineItem/LineItemDescription';
        const rows = [
            ['2026-01-01T00:00:00Z', '111', 'Usage', 'AmazonS3', 'TimedStorage', 'PutObject', 'USD', '1.5', '2', 'plain text'],
            ['2026-01-01T00:00:00Z', '111', 'Usage', 'AmazonS3', 'TimedStorage', '', 'USD', '2', '1', 'café à 2 €'],
            ['2026-01-01T00:00:00Z', '222', 'Usage', 'AmazonEC2', 'BoxUsage', 'RunInstances', 'USD', '3', '1', 'emoji 😀 here'],
            ['2026-01-01T00:00:00Z', '111', 'Usage', 'AmazonEC2', 'BoxUsage', 'RunInstances', 'USD', '4', '1', ''],
        ];
        writeFileSync(source, [header, ...rows.map(fields => fields.join(','))].join('\n') + '\n');
        const file = path.join(dir, 'texts.parquet');
        await duck(`COPY (SELECT * FROM read_csv('${source}', all_varchar = true, header = true)) TO '${file}' (FORMAT parquet)`);
        const got: (readonly string[])[] = [];
        await streamRows(file, () => undefined, row => { got.push(row.fields); });
        expect(got).toEqual(rows);
        const selected: (readonly string[])[] = [];
        await streamRows(file, () => undefined, row => { selected.push(row.fields); }, { select: (_period, account) => account === '111', inScan: true });
        expect(selected).toEqual([rows[0], rows[1], rows[3]]);
    });

    it('streamRows select on flat Parquet: asked per distinct (period, account) codes of a row group, the rows of the CSV it was written from', async () => {
        // No MAP column: the reader's keyed path (key = period and account columns) serves the selection.
        const file = path.join(dir, 'flat-select.parquet');
        await duck(`COPY (${cur2Select('DOUBLE').replace(/,\s*MAP \{'product_name': "product\/ProductName"\} AS product/, '')}) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 4096)`);
        const wanted = new Set<string>();
        const oracle: string[] = [];
        const line = (row: { row: number; key: object; unblendedCost: string; publicOnDemandCost?: string; usageAmount: string }): string =>
            [row.row, JSON.stringify(row.key), new Decimal(row.unblendedCost || 0).toFixed(), new Decimal(row.publicOnDemandCost || 0).toFixed(), new Decimal(row.usageAmount || 0).toFixed()].join(' ');
        // The oracle: every row of the CSV (the row path), those of two accounts in January and one in every period kept here.
        await streamRows(path.join(dir, 'cur2.csv'), () => undefined, row => {
            if (wanted.size < 2 && !wanted.has(row.key.accountId)) wanted.add(row.key.accountId);
            const [first, second] = [...wanted];
            if (row.key.accountId === first || (row.key.accountId === second && row.key.period === '2026-01')) oracle.push(line(row));
        });
        const [first, second] = [...wanted];
        let asked = 0;
        const got: string[] = [];
        const result = await streamRows(file, () => undefined, row => { got.push(line(row)); }, {
            select: (period, account) => { asked++; return account === first || (account === second && period === '2026-01'); },
        });
        expect(oracle.length).toBeGreaterThan(100);
        expect(got).toEqual(oracle);
        expect(result.rows).toBe(oracle.length);
        // Asked once per distinct tuple of the two columns' codes in a row group (a timestamp column may give one value
        // several codes): far fewer questions than the 20,000 rows (the row path asks once per row).
        expect(asked).toBeLessThan(20_000 / 4);
    });

    it('CUR 2.0 Parquet with DECIMAL costs (gzip) is exact', async () => {
        const cube = await ingest([path.join(dir, 'decimal-gzip.parquet')], { workers: 0 });
        expectCubeMatchesOracle(cube, await oracleCube([path.join(dir, 'cur2.csv')], { format: 'cur2' }));
        expectStreamMatches(cube, await cubeFromStream([path.join(dir, 'decimal-gzip.parquet')]));
    });

    it('DOUBLE values printed in exponent form (4e-7) are read exactly, whatever field follows', async () => {
        const file = path.join(dir, 'tiny.parquet');
        await duck(`COPY (SELECT TIMESTAMP '2026-01-01' AS bill_billing_period_start_date, '111111111111' AS line_item_usage_account_id,
                            'AmazonS3' AS line_item_product_code, 'Requests-Tier2' AS line_item_usage_type, 'GetObject' AS line_item_operation,
                            'Usage' AS line_item_line_item_type, 'USD' AS line_item_currency_code, u AS line_item_unblended_cost,
                            p AS pricing_public_on_demand_cost, q AS line_item_usage_amount
                     FROM (VALUES (4e-7::DOUBLE, 5e-7::DOUBLE, 1::DOUBLE), (1.5e-8, 2.5e-9, 12), (123.25, 7e-10, 3e-7)) t(u, p, q))
                    TO '${file}' (FORMAT parquet)`);
        const cube = await ingest([file], { workers: 0 });
        expect(cube.cells).toHaveLength(1);
        expect(cube.cells[0].unblendedCost.toFixed()).toBe('123.250000415');
        expect(cube.cells[0].publicOnDemandCost.toFixed()).toBe('0.0000005032');
        expect(cube.cells[0].usageAmount.toFixed()).toBe('13.0000003');
    });

    it('CUR 2.0 Parquet with ZSTD pages (as Data Exports may write them) is exact', async () => {
        const cube = await ingest([path.join(dir, 'decimal-zstd.parquet')], { workers: 0 });
        expectCubeMatchesOracle(cube, await oracleCube([path.join(dir, 'cur2.csv')], { format: 'cur2' }));
    });

    it.each(['double-v2', 'double-plain'])('%s.parquet (other page versions and encodings) equals the CSV cube', async name => {
        const cube = await ingest([path.join(dir, `${name}.parquet`)], { workers: 0 });
        expect(cube.rows).toBe(20_000);
        expectCubeMatchesOracle(cube, await oracleCube([path.join(dir, 'cur2.csv')], { format: 'cur2' }));
    });

    it('an unsupported codec (LZ4) is a clear PARQUET_ERROR naming the file, row group and column', async () => {
        const file = path.join(dir, 'decimal-lz4.parquet');
        const error = await ingest([file], { workers: 0 }).then(() => undefined, (e: unknown) => e);
        expect(error).toMatchObject({ code: 'PARQUET_ERROR', file, row: 1 });
        expect((error as Error).message).toMatch(/row group 1, column \w+: .*supported codecs: UNCOMPRESSED, SNAPPY, GZIP, BROTLI, ZSTD/);
    });

    it('a file that is not Parquet', async () => {
        const file = path.join(dir, 'fake.parquet');
        writeFileSync(file, 'not parquet at all');
        await expect(ingest([file], { workers: 0 })).rejects.toMatchObject({ code: 'PARQUET_ERROR', file });
    });

    const focusSample = path.resolve('../shared/data/focus-1.0-sample/focus_sample.csv');
    it('FOCUS Parquet (DECIMAL costs, real nulls) equals the FOCUS CSV cube', async () => {
        const source = existsSync(focusSample) ? focusSample : undefined;
        if (!source) { expect(process.env.CI ?? '').toBe(''); return; }
        const file = path.join(dir, 'focus.parquet');
        await duck(`COPY (SELECT * REPLACE (CAST(nullif(BilledCost, 'NULL') AS DECIMAL(30,12)) AS BilledCost, CAST(nullif(ListCost, 'NULL') AS DECIMAL(30,12)) AS ListCost,
                                            CAST(nullif(ConsumedQuantity, 'NULL') AS DECIMAL(38,15)) AS ConsumedQuantity,
                                            CAST(BillingPeriodStart AS TIMESTAMP) AS BillingPeriodStart,
                                            nullif(CommitmentDiscountId, 'NULL') AS CommitmentDiscountId, nullif(CommitmentDiscountType, 'NULL') AS CommitmentDiscountType,
                                            nullif(CommitmentDiscountStatus, 'NULL') AS CommitmentDiscountStatus)
                     FROM read_csv('${source}', all_varchar = true, header = true)) TO '${file}' (FORMAT parquet)`);
        const fromParquet = await ingest([file], { workers: 0 });
        const fromCsv = await ingest([source], { workers: 0 });
        const view = (cube: Cube): string[] => cube.cells.map(c => `${cellKey(c)} ${c.unblendedCost.toFixed()} ${c.publicOnDemandCost.toFixed()} ${c.usageAmount.toFixed()} ${c.rows}`);
        expect(view(fromParquet)).toEqual(view(fromCsv));
    });

    it('FOCUS Parquet rows without ListCost are priced from DECIMAL ListUnitPrice × PricingQuantity as in CSV', async () => {
        const source = existsSync(focusSample) ? focusSample : undefined;
        if (!source) { expect(process.env.CI ?? '').toBe(''); return; }
        // Every third row loses its ListCost: its public base is then the product (measures handed over as numbers).
        const query = `SELECT * REPLACE (CAST(nullif(BilledCost, 'NULL') AS DECIMAL(30,12)) AS BilledCost,
                           CASE WHEN row_number() OVER () % 3 = 0 THEN NULL ELSE CAST(nullif(ListCost, 'NULL') AS DECIMAL(30,12)) END AS ListCost,
                           CAST(nullif(ListUnitPrice, 'NULL') AS DECIMAL(30,12)) AS ListUnitPrice, CAST(nullif(PricingQuantity, 'NULL') AS DECIMAL(38,15)) AS PricingQuantity)
                       FROM read_csv('${source}', all_varchar = true, header = true)`;
        const file = path.join(dir, 'focus-list-price.parquet');
        const csv = path.join(dir, 'focus-list-price.csv');
        await duck(`COPY (${query}) TO '${file}' (FORMAT parquet)`);
        await duck(`COPY (${query}) TO '${csv}' (HEADER)`);
        const view = (cube: Cube): string[] => cube.cells.map(c => `${cellKey(c)} ${c.unblendedCost.toFixed()} ${c.publicOnDemandCost.toFixed()} ${c.usageAmount.toFixed()} ${c.rows}`);
        const fromParquet = view(await ingest([file], { workers: 0 }));
        expect(fromParquet).toEqual(view(await ingest([csv], { workers: 0 })));
        expect(fromParquet).not.toEqual(view(await ingest([source], { workers: 0 })));
    });
});

describe('format labels', () => {
    const athena = 'bill_billing_period_start_date,line_item_usage_account_id,line_item_line_item_type,line_item_product_code,line_item_usage_type,line_item_operation,line_item_currency_code,line_item_unblended_cost,pricing_public_on_demand_cost,line_item_usage_amount';
    const row = '2026-01-01T00:00:00Z,111111111111,Usage,AmazonEC2,USE1-BoxUsage:m5.large,RunInstances,USD,0.096,0.096,1';

    it('CUR 1.0 for Athena (flat product_ columns, no MAP columns) is read as CUR 2.0 and labelled CUR 1.0 Athena; mixed files have no label', async () => {
        const dir = tempDir('labels');
        const write = (name: string, header: string, fields: string): string => {
            const file = path.join(dir, name);
            writeFileSync(file, `${header}\n${fields}\n`);
            return file;
        };
        const cur1Athena = write('athena.csv', `${athena},product_instance_type,resource_tags_user_team`, `${row},m5.large,web`);
        const cur2 = write('cur2.csv', `${athena},product`, `${row},"{""instance_type"":""m5.large""}"`);
        const cur2NoMaps = write('cur2-selected.csv', athena, row);
        const label = async (files: string[]): Promise<[string, string | undefined]> => {
            const cube = await ingest(files, { workers: 0 });
            return [cube.format, cube.formatLabel];
        };
        expect(await label([cur1Athena])).toEqual(['cur2', 'CUR 1.0 Athena']);
        expect(await label([cur2])).toEqual(['cur2', 'CUR 2.0']);
        expect(await label([cur2NoMaps])).toEqual(['cur2', 'CUR 2.0']);
        expect(await label([cur1Athena, cur2])).toEqual(['cur2', undefined]);
    });
});

describe('FOCUS derivations', () => {
    it('maps charge category and commitment columns onto CUR line item types', () => {
        expect(focusLineItemType('Usage', 'NULL'.replace('NULL', ''), '', 'Usage-Based')).toBe('Usage');
        expect(focusLineItemType('Usage', 'Used', 'Savings Plan', 'Usage-Based')).toBe('SavingsPlanCoveredUsage');
        expect(focusLineItemType('Usage', 'Used', 'Reservation', 'Usage-Based')).toBe('DiscountedUsage');
        expect(focusLineItemType('Usage', 'Unused', 'Reserved Instance', 'Recurring')).toBe('RIFee');
        expect(focusLineItemType('Usage', 'Unused', 'Savings Plan', 'Recurring')).toBe('SavingsPlanRecurringFee');
        expect(focusLineItemType('Purchase', '', 'Savings Plan', 'Recurring')).toBe('SavingsPlanRecurringFee');
        expect(focusLineItemType('Purchase', '', 'Savings Plan', 'One-Time')).toBe('SavingsPlanUpfrontFee');
        expect(focusLineItemType('Purchase', '', 'Reservation', 'Recurring')).toBe('RIFee');
        expect(focusLineItemType('Purchase', '', 'Reservation', 'One-Time')).toBe('Fee');
        expect(focusLineItemType('Purchase', '', '', 'One-Time')).toBe('Fee');
        expect(focusLineItemType('Tax', '', '', 'Usage-Based')).toBe('Tax');
        expect(focusLineItemType('Credit', '', '', 'One-Time')).toBe('Credit');
        expect(focusLineItemType('Adjustment', '', '', 'One-Time')).toBe('Refund');
    });

    it('derives the billing entity from provider, publisher and invoice issuer', () => {
        expect(focusBillingEntity('AWS', 'Amazon Web Services, Inc.', 'Amazon Web Services, Inc.')).toBe('AWS');
        expect(focusBillingEntity('AWS', 'Amazon Web Services EMEA SARL', 'Amazon Web Services EMEA SARL')).toBe('AWS');
        expect(focusBillingEntity('AWS', 'Red Hat Inc.', 'Amazon Web Services, Inc.')).toBe('AWS Marketplace');
        expect(focusBillingEntity('AWS', 'Amazon Web Services, Inc.', 'Amazon Internet Services Pvt. Ltd')).toBe('AISPL');
        expect(focusBillingEntity('Microsoft', 'Microsoft', 'Microsoft')).toBe('Microsoft');
        expect(focusBillingEntity('', '', '')).toBe('AWS');
    });
});
