import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ingest, streamRows } from '../../../engine/ingest/index.js';
import { prepareCube, priceReport } from '../../../engine/price/index.js';
import { tempDir } from '../ingest/helpers.js';
import { group, markup, policy } from './fixtures.js';

/**
 * FOCUS defines ListCost as ListUnitPrice × PricingQuantity. A FOCUS row whose ListCost is empty but which carries
 * both is priced from their product, as the CUR 2.0 row of the same line item is from pricing_public_on_demand_cost.
 * Expected figures by hand.
 */
const A1 = '111111111111';
const dir = tempDir('focus-list-unit-price');

// [usage type, service, billed, list unit price, pricing quantity]
const LINES: readonly [string, string, string, string, string][] = [
    ['BoxUsage:m5.large', 'AmazonEC2', '8', '0.1', '100'], // public 10
    ['USE1-BoxUsage:t3.micro', 'AmazonEC2', '0', '0.0104', '750'], // public 7.8, 12-month Free Tier: charged
    ['USE1-Lambda-GB-Second', 'AWSLambda', '0', '0.0000166667', '400000'], // public 6.66668, Always Free: stays free
];

function focusFile(): string {
    const file = path.join(dir, 'focus.csv');
    const header = 'BillingPeriodStart,SubAccountId,ServiceName,x_ServiceCode,x_UsageType,x_Operation,ChargeCategory,ChargeFrequency,ProviderName,PublisherName,InvoiceIssuerName,BillingCurrency,BilledCost,ListCost,ListUnitPrice,ConsumedQuantity,PricingQuantity';
    const rows = LINES.map(([usageType, service, billed, unitPrice, quantity]) =>
        `2026-01-01T00:00:00Z,${A1},${service},${service},${usageType},Op,Usage,Usage-Based,AWS,AWS,"Amazon Web Services, Inc.",USD,${billed},,${unitPrice},${quantity},${quantity}`);
    writeFileSync(file, [header, ...rows].join('\n') + '\n');
    return file;
}

function cur2File(): string {
    const file = path.join(dir, 'cur2.csv');
    const header = 'bill_billing_period_start_date,line_item_usage_account_id,line_item_line_item_type,line_item_product_code,line_item_usage_type,line_item_operation,line_item_currency_code,line_item_unblended_cost,pricing_public_on_demand_cost,line_item_usage_amount';
    const publicCost = ['10', '7.8', '6.66668'];
    const rows = LINES.map(([usageType, service, billed, , quantity], i) => `2026-01-01T00:00:00.000Z,${A1},Usage,${service},${usageType},Op,USD,${billed},${publicCost[i]},${quantity}`);
    writeFileSync(file, [header, ...rows].join('\n') + '\n');
    return file;
}

describe('FOCUS rows without ListCost: ListUnitPrice × PricingQuantity', () => {
    it('is the public base: markup, 12-month Free Tier charged, Always Free kept, and CUR 2.0 gives the same pro forma', async () => {
        const model = policy([markup('seven', '7')], [group('g', { primary: A1 })]);
        const fromFocus = priceReport(prepareCube(await ingest([focusFile()], { workers: 0 })), model);
        const fromCur2 = priceReport(prepareCube(await ingest([cur2File()], { workers: 0 })), model);
        // Base 10 + 7.8 (12-month, charged) = 17.8 (Lambda's 6.66668 Always Free removed); × 1.07 = 19.046.
        expect(fromFocus.groups[0]!.proformaCost).toBe('19.046');
        expect(fromCur2.groups[0]!.proformaCost).toBe('19.046');
        const codes = fromFocus.issues.map((issue) => issue.code);
        expect(codes).not.toContain('public-cost-missing');
        expect(codes).not.toContain('missing-public-on-demand-cost');
        expect(codes).not.toContain('focus-list-cost-is-billed-cost');
    });

    it('FOCUS Parquet gives the same pro forma: ListUnitPrice is read per row, not per key (the columnar reader groups rows by key)', async () => {
        // Two rows share one key (same account, service, usage type…) but differ in unit price and quantity:
        // 0.1 × 100 = 10 and 0.3 × 50 = 15 → base 25 (no free tier) × 1.07 = 26.75 (one price for both rows would give 20 or 30).
        const csv = path.join(dir, 'focus-same-key.csv');
        const header = 'BillingPeriodStart,SubAccountId,ServiceName,x_ServiceCode,x_UsageType,x_Operation,ChargeCategory,ChargeFrequency,ProviderName,PublisherName,InvoiceIssuerName,BillingCurrency,BilledCost,ListCost,ListUnitPrice,ConsumedQuantity,PricingQuantity';
        const line = (price: string, quantity: string) => `2026-01-01T00:00:00Z,${A1},AmazonEC2,AmazonEC2,BoxUsage:m5.large,Op,Usage,Usage-Based,AWS,AWS,AWS,USD,8,,${price},${quantity},${quantity}`;
        writeFileSync(csv, [header, line('0.1', '100'), line('0.3', '50')].join('\n') + '\n');
        const parquet = path.join(dir, 'focus-same-key.parquet');
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        try {
            await connection.run(`COPY (SELECT * FROM read_csv('${csv}', all_varchar = true)) TO '${parquet}' (FORMAT parquet)`);
        } finally {
            connection.closeSync();
        }
        const model = policy([markup('seven', '7')], [group('g', { primary: A1 })]);
        for (const file of [csv, parquet]) {
            expect(priceReport(prepareCube(await ingest([file], { workers: 0 })), model).groups[0]!.proformaCost).toBe('26.75');
        }
    });

    it('the rows streamed for an export carry the same public cost (0.1 × 100 = 10, 0.0104 × 750 = 7.8)', async () => {
        const publicCosts: string[] = [];
        await streamRows(focusFile(), () => undefined, (row) => { publicCosts.push(row.publicOnDemandCost ?? 'absent'); });
        expect(publicCosts).toEqual(['10', '7.8', '6.66668']);
    });
});
