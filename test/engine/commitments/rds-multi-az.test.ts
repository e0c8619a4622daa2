/**
 * RDS Multi-AZ reservations read from the data (`product/deploymentOption` of the RIFee line; CUR 2.0: a flat
 * `product_deployment_option`, or the `product` map's `deployment_option`, in CSV and, since issue 11, in Parquet — test/engine/ingest/parquet-product-map.test.ts), re-applied hour by hour with
 * AWS's rule "Multi-AZ normalized units" = 2 × Single-AZ (RDS User Guide, size-flexible reserved DB instances:
 * "large | 4 | 8"). Figures worked by hand below.
 *
 * Account A (group alpha, markup 10 %) owns one MySQL (CreateDBInstance:0002) db.r5.large Multi-AZ reservation in
 * us-east-1: RIFee January, 744 h × 0.10 = 74.40. Capacity: 1 × 4 (db.r5.large) × 2 (Multi-AZ) = 8 units an hour.
 * A's usage, on-demand in the billable bill (billed = public):
 *   hour 0  Multi-AZ  db.r5.large  1 h, 0.50 → asks 1 × 4 × 2 = 8 units: all covered (8 of 8).
 *   hour 1  Single-AZ db.r5.xlarge 1 h, 0.48 → asks 1 × 8 = 8 units: all covered.
 *   hour 2  Multi-AZ  db.r5.xlarge 1 h, 1.00 → asks 1 × 8 × 2 = 16 units, gets 8: half covered, 0.50 on-demand.
 * Pro forma alpha = 74.40 + 0.50 × 1.10 = 74.40 + 0.55 = 74.95; AWS cost = 74.40 + 0.50 + 0.48 + 1.00 = 76.38.
 * Utilization: 8 + 8 + 8 = 24 of 8 × 744 = 5952 normalized unit-hours. Eligible 1.98, covered 0.50 + 0.48 + 0.50 = 1.48.
 * (Read as Single-AZ, the RI would reserve 4 units: 0.25 + 0.24 + 0.75 = 1.24 uncovered, pro forma 75.764.)
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../../engine/ingest/index.js';
import { prepareCube, priceReport } from '../../../engine/price/index.js';
import { buildIngestWorker, tempDir } from '../ingest/helpers.js';
import { group, markup, policy } from '../price/fixtures.js';

const A = '111111111111';
const RI = `arn:aws:rds:us-east-1:${A}:ri:multi-az-r5`;
const MYSQL = 'CreateDBInstance:0002';
const MONTH = ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'] as const;
const hour = (h: number): readonly [string, string] => [`2026-01-01T0${h}:00:00Z`, `2026-01-01T0${h + 1}:00:00Z`];

interface Line { type: string; when: readonly [string, string]; usageType: string; instance: string; amount: string; cost: string; pub: string; deployment: string; ri: string; count: string }
const LINES: Line[] = [
    { type: 'RIFee', when: MONTH, usageType: 'USE1-HeavyUsage:db.r5.large', instance: 'db.r5.large', amount: '744', cost: '74.40', pub: '', deployment: 'Multi-AZ', ri: RI, count: '1' },
    { type: 'Usage', when: hour(0), usageType: 'USE1-Multi-AZUsage:db.r5.large', instance: 'db.r5.large', amount: '1', cost: '0.50', pub: '0.50', deployment: 'Multi-AZ', ri: '', count: '' },
    { type: 'Usage', when: hour(1), usageType: 'USE1-InstanceUsage:db.r5.xlarge', instance: 'db.r5.xlarge', amount: '1', cost: '0.48', pub: '0.48', deployment: 'Single-AZ', ri: '', count: '' },
    { type: 'Usage', when: hour(2), usageType: 'USE1-Multi-AZUsage:db.r5.xlarge', instance: 'db.r5.xlarge', amount: '1', cost: '1.00', pub: '1.00', deployment: 'Multi-AZ', ri: '', count: '' },
];
const values = (l: Line): string[] => ['2026-01-01T00:00:00Z', A, l.type, l.when[0], l.when[1], 'AmazonRDS', l.usageType, MYSQL, 'USD', l.amount, l.cost, l.pub, l.instance, 'us-east-1', l.ri, l.count];
const COMMON_CUR1 = ['bill/BillingPeriodStartDate', 'lineItem/UsageAccountId', 'lineItem/LineItemType', 'lineItem/UsageStartDate', 'lineItem/UsageEndDate',
    'lineItem/ProductCode', 'lineItem/UsageType', 'lineItem/Operation', 'lineItem/CurrencyCode', 'lineItem/UsageAmount', 'lineItem/UnblendedCost',
    'pricing/publicOnDemandCost', 'product/instanceType', 'product/region', 'reservation/ReservationARN', 'reservation/NumberOfReservations'];
const COMMON_CUR2 = ['bill_billing_period_start_date', 'line_item_usage_account_id', 'line_item_line_item_type', 'line_item_usage_start_date', 'line_item_usage_end_date',
    'line_item_product_code', 'line_item_usage_type', 'line_item_operation', 'line_item_currency_code', 'line_item_usage_amount', 'line_item_unblended_cost',
    'pricing_public_on_demand_cost', 'product_instance_type', 'product_region_code', 'reservation_reservation_a_r_n', 'reservation_number_of_reservations'];
const csvField = (text: string): string => (/[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const csv = (header: readonly string[], rows: readonly string[][]): string => [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';

const POLICY = policy([markup('global', '10')], [group('alpha', { primary: A })]);

async function alphaOf(file: string, options: Parameters<typeof ingest>[1] = { workers: 0 }) {
    const report = priceReport(prepareCube(await ingest([file], options)), POLICY);
    return report.groups.find((g) => g.name === 'alpha')!;
}

describe('RDS Multi-AZ reservations: the deployment option read from the data, ×2 normalized units', () => {
    const dir = tempDir('rds-multi-az');
    const files = {
        cur1: path.join(dir, 'cur1.csv'),
        cur2Map: path.join(dir, 'cur2-map.csv'),
        cur2Flat: path.join(dir, 'cur2-flat.csv'),
        singleAz: path.join(dir, 'cur1-no-deployment.csv'),
    };
    writeFileSync(files.cur1, csv([...COMMON_CUR1, 'product/deploymentOption'], LINES.map((l) => [...values(l), l.deployment])));
    writeFileSync(files.cur2Map, csv([...COMMON_CUR2, 'product'], LINES.map((l) => [...values(l), JSON.stringify({ database_engine: 'MySQL', deployment_option: l.deployment })])));
    writeFileSync(files.cur2Flat, csv([...COMMON_CUR2, 'product_deployment_option'], LINES.map((l) => [...values(l), l.deployment])));
    writeFileSync(files.singleAz, csv(COMMON_CUR1, LINES.map(values)));

    it('CUR 1.0 CSV (product/deploymentOption): pro forma 74.95, utilization 24 / 5952 normalized units', async () => {
        const alpha = await alphaOf(files.cur1);
        expect(alpha.proformaCost).toBe('74.95');
        expect(alpha.awsCost).toBe('76.38');
        expect(alpha.commitments).toMatchObject({ eligibleCost: '1.98', coveredCost: '1.48' });
        expect(alpha.commitments!.commitments).toEqual([
            { arn: RI, kind: 'reservation', ownerAccountId: A, unit: 'normalized-units', used: '24', capacity: '5952', utilizationPercent: '0.40' },
        ]);
    });

    it('CUR 2.0 CSV: the product map\'s deployment_option, or a flat product_deployment_option; through the workers too', async () => {
        expect((await alphaOf(files.cur2Map)).proformaCost).toBe('74.95');
        expect((await alphaOf(files.cur2Flat)).proformaCost).toBe('74.95');
        const workerScript = await buildIngestWorker(dir);
        expect((await alphaOf(files.cur2Map, { workers: 2, workerScript, splitThreshold: 1 })).proformaCost).toBe('74.95');
    });

    it('CUR 2.0 Parquet with a flat product_deployment_option (the columnar path renders it per row)', async () => {
        const parquet = path.join(dir, 'cur2-flat.parquet');
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        try {
            await connection.run(`COPY (SELECT * FROM read_csv('${files.cur2Flat}', all_varchar = true)) TO '${parquet}' (FORMAT PARQUET)`);
        } finally { connection.closeSync(); }
        expect((await alphaOf(parquet)).proformaCost).toBe('74.95');
    });

    it('without a deployment option the reservation counts as Single-AZ (4 units an hour): 75.764', async () => {
        // Uncovered: hour 0 half of 0.50 = 0.25, hour 1 half of 0.48 = 0.24, hour 2 three quarters of 1.00 = 0.75;
        // 1.24 × 1.10 = 1.364; 74.40 + 1.364 = 75.764.
        expect((await alphaOf(files.singleAz)).proformaCost).toBe('75.764');
    });
});
