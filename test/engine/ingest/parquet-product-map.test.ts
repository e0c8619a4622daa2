/**
 * Issue 11: the CUR 2.0 `product` MAP column of a Parquet file, read by the columnar ingest for the two keys the cube
 * uses — `product_name` (readable Marketplace names) and `deployment_option` (RDS Multi-AZ reservations) — without the
 * flat `product_product_name` / `product_deployment_option` columns. Each Parquet file is written by DuckDB from the
 * CSV it is compared with; the figures are hand-worked or the CSV path's.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../../engine/ingest/index.js';
import { prepareCube, priceReport } from '../../../engine/price/index.js';
import { renderCsv } from '../../../engine/report/render-csv.js';
import { readLineItems, referenceBill } from '../../../engine/reference/index.js';
import { buildIngestWorker, tempDir } from './helpers.js';
import { group, markup, policy } from '../price/fixtures.js';

const A = '111111111111';
const CODE = 'prod-4dx5bqf7ab2ek';
const OTHER = 'prod-7ghq2xw4mkz9a';
const POLICY = policy([markup('global', '10')], [group('alpha', { primary: A })]);

async function duck(sql: string): Promise<void> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try { await connection.run(sql); } finally { connection.closeSync(); }
}

describe('CUR 2.0 Parquet: the product map\'s product_name and deployment_option', () => {
    const dir = tempDir('parquet-product-map');
    const names = { csv: path.join(dir, 'names.csv'), parquet: path.join(dir, 'names.parquet'), plain: path.join(dir, 'names-plain-v2.parquet') };
    const rds = { csv: path.join(dir, 'rds.csv'), parquet: path.join(dir, 'rds.parquet') };

    beforeAll(async () => {
        // 10,000 rows, 5 row groups (ROW_GROUP_SIZE 2048): an AWS service (its name not kept), two Marketplace products
        // whose maps hold other keys too (key order varies), a row without a map and one with an empty map.
        const header = 'bill_billing_period_start_date,bill_billing_entity,line_item_usage_account_id,line_item_product_code,line_item_usage_type,line_item_operation,line_item_line_item_type,line_item_currency_code,line_item_unblended_cost,pricing_public_on_demand_cost,line_item_usage_amount,product';
        const lines = [header];
        for (let i = 0; i < 10_000; i++) {
            const kind = i % 5;
            const map = kind === 0 ? { region: 'us-east-1', product_name: 'Amazon Simple Storage Service' }
                : kind === 1 ? { product_name: 'Acme Scanner', region: 'us-east-1', sku: `S${i % 7}` }
                    : kind === 2 ? { sku: 'X', product_name: 'Widget Pro' } : kind === 3 ? undefined : {};
            const code = kind === 0 ? 'AmazonS3' : kind === 1 || kind === 4 ? CODE : OTHER;
            const entity = kind === 0 ? 'AWS' : 'AWS Marketplace';
            lines.push(`2026-03-01T00:00:00Z,${entity},${A},${code},MP:Software,Subscribe,Usage,USD,0.25,,1,${map === undefined ? '' : `"${JSON.stringify(map).replace(/"/g, '""')}"`}`);
        }
        writeFileSync(names.csv, lines.join('\n') + '\n');
        // The map from its JSON text (NULL stays NULL): DuckDB's MAP(VARCHAR, VARCHAR).
        const select = `SELECT * EXCLUDE (product), CAST(json_transform(product, '"MAP(VARCHAR, VARCHAR)"') AS MAP(VARCHAR, VARCHAR)) AS product
                        FROM read_csv('${names.csv}', all_varchar = true, header = true)`;
        await duck(`COPY (${select}) TO '${names.parquet}' (FORMAT PARQUET, ROW_GROUP_SIZE 2048)`);
        await duck(`COPY (${select}) TO '${names.plain}' (FORMAT PARQUET, ROW_GROUP_SIZE 2048, PARQUET_VERSION V2, DICTIONARY_SIZE_LIMIT 1)`);

        // RDS Multi-AZ, figures of test/engine/commitments/rds-multi-az.test.ts (hand-worked there):
        // RIFee 744 h × 0.10 = 74.40 for a db.r5.large Multi-AZ reservation (8 normalized units an hour);
        // usage hour 0 Multi-AZ large 0.50 (8 units, covered), hour 1 Single-AZ xlarge 0.48 (8 units, covered),
        // hour 2 Multi-AZ xlarge 1.00 (16 units, 8 covered: 0.50 on-demand). Pro forma = 74.40 + 0.50 × 1.10 = 74.95.
        // Read as Single-AZ (no deployment option: the old Parquet path) the RI covers 4 units an hour: 75.764.
        const ri = `arn:aws:rds:us-east-1:${A}:ri:multi-az-r5`;
        const rdsHeader = 'bill_billing_period_start_date,line_item_usage_account_id,line_item_line_item_type,line_item_usage_start_date,line_item_usage_end_date,line_item_product_code,line_item_usage_type,line_item_operation,line_item_currency_code,line_item_usage_amount,line_item_unblended_cost,pricing_public_on_demand_cost,product_instance_type,product_region_code,reservation_reservation_a_r_n,reservation_number_of_reservations,product';
        const map = (deployment: string): string => `"${JSON.stringify({ database_engine: 'MySQL', deployment_option: deployment, product_name: 'Amazon Relational Database Service' }).replace(/"/g, '""')}"`;
        const hour = (h: number): string => `2026-01-01T0${h}:00:00Z,2026-01-01T0${h + 1}:00:00Z`;
        writeFileSync(rds.csv, [rdsHeader,
            `2026-01-01T00:00:00Z,${A},RIFee,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,AmazonRDS,USE1-HeavyUsage:db.r5.large,CreateDBInstance:0002,USD,744,74.40,,db.r5.large,us-east-1,${ri},1,${map('Multi-AZ')}`,
            `2026-01-01T00:00:00Z,${A},Usage,${hour(0)},AmazonRDS,USE1-Multi-AZUsage:db.r5.large,CreateDBInstance:0002,USD,1,0.50,0.50,db.r5.large,us-east-1,,,${map('Multi-AZ')}`,
            `2026-01-01T00:00:00Z,${A},Usage,${hour(1)},AmazonRDS,USE1-InstanceUsage:db.r5.xlarge,CreateDBInstance:0002,USD,1,0.48,0.48,db.r5.xlarge,us-east-1,,,`,
            `2026-01-01T00:00:00Z,${A},Usage,${hour(2)},AmazonRDS,USE1-Multi-AZUsage:db.r5.xlarge,CreateDBInstance:0002,USD,1,1.00,1.00,db.r5.xlarge,us-east-1,,,${map('Multi-AZ')}`,
        ].join('\n') + '\n');
        await duck(`COPY (SELECT * EXCLUDE (product), CAST(json_transform(product, '"MAP(VARCHAR, VARCHAR)"') AS MAP(VARCHAR, VARCHAR)) AS product
                          FROM read_csv('${rds.csv}', all_varchar = true, header = true)) TO '${rds.parquet}' (FORMAT PARQUET)`);
    });

    it('Marketplace names: the same as the CSV path (cube, report byService, bill CSV service_name), with dictionary and with plain v2 pages', async () => {
        const csvCube = await ingest([names.csv], { workers: 0 });
        // Hand-written: the AWS service's name is not kept; rows without the key add nothing.
        expect([...csvCube.productNames!]).toEqual([[CODE, 'Acme Scanner'], [OTHER, 'Widget Pro']]);
        const csvReport = priceReport(prepareCube(csvCube), POLICY);
        for (const file of [names.parquet, names.plain]) {
            const cube = await ingest([file], { workers: 0 });
            expect(cube.rows, file).toBe(10_000);
            expect([...cube.productNames!], file).toEqual([...csvCube.productNames!]);
            const report = priceReport(prepareCube(cube), POLICY);
            expect(report.groups[0]!.byService, file).toEqual(csvReport.groups[0]!.byService);
            expect(renderCsv(report, { detail: true }), file).toBe(renderCsv(csvReport, { detail: true }));
        }
        // Hand-worked: 2,000 rows × 0.25 = 500 per product code group of rows (CODE has kinds 1 and 4: 1,000).
        const byService = Object.fromEntries(csvReport.groups[0]!.byService.map(line => [line.service, [line.serviceName, line.awsCost]]));
        expect(byService).toEqual({ AmazonS3: [undefined, '500'], [CODE]: ['Acme Scanner', '1000'], [OTHER]: ['Widget Pro', '1000'] });
        expect(renderCsv(csvReport, { detail: true }).split('\n').filter(line => line.startsWith('service,')).map(line => line.split(',').at(-1)).sort()).toEqual(['', 'Acme Scanner', 'Widget Pro']);
    });

    it('split by row groups across two workers: the same names', async () => {
        const workerScript = await buildIngestWorker(dir);
        const cube = await ingest([names.parquet], { workers: 2, workerScript, splitThreshold: 1 });
        expect([...cube.productNames!]).toEqual([[CODE, 'Acme Scanner'], [OTHER, 'Widget Pro']]);
    });

    it('RDS Multi-AZ reservation from the map\'s deployment_option: pro forma 74.95 as the CSV (not 75.764)', async () => {
        const csvAlpha = priceReport(prepareCube(await ingest([rds.csv], { workers: 0 })), POLICY).groups[0]!;
        const alpha = priceReport(prepareCube(await ingest([rds.parquet], { workers: 0 })), POLICY).groups[0]!;
        expect(csvAlpha.proformaCost).toBe('74.95');
        expect(alpha.proformaCost).toBe('74.95');
        expect(alpha.commitments).toEqual(csvAlpha.commitments);
        expect(alpha.commitments!.commitments[0]).toMatchObject({ used: '24', capacity: '5952' });
        // The independent reference pricer reads the map from the Parquet file's rows itself: the same 74.95.
        const reference = referenceBill(await readLineItems([rds.parquet]), POLICY).groups[0]!;
        expect(reference.proformaCost).toBe('74.95');
    });

    it('the reference pricer reads the Marketplace names from the Parquet map as from the CSV', async () => {
        const namesIn = (file: string) => readLineItems([file]).then(items => [...new Set(items.map(item => item.productName).filter(name => name !== ''))].sort());
        expect(await namesIn(names.parquet)).toEqual(['Acme Scanner', 'Amazon Simple Storage Service', 'Widget Pro']);
        expect(await namesIn(names.parquet)).toEqual(await namesIn(names.csv));
    });
});
