import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DataFormat } from '../../../engine/cube/types.js';
import { ingest } from '../../../engine/ingest/index.js';
import { prepareCube, priceReport } from '../../../engine/price/index.js';
import { tempDir } from '../ingest/helpers.js';
import { group, markup, policy, tiering } from './fixtures.js';

/**
 * Cases seen on real AWS exports, written as the same line items in CUR 1.0, CUR 2.0 and FOCUS files:
 * every format must give the same pro forma. Expected figures are worked out by hand in each test.
 */

const A1 = '111111111111';

interface Line {
    readonly type: 'Usage' | 'Credit' | 'Tax';
    readonly service: string;
    readonly usageType: string;
    readonly cost: string;
    readonly publicCost: string;
    readonly entity?: string;
    readonly description?: string;
}

/** Spot, an idle Elastic IP and AWS Marketplace usage: billed, with a public on-demand cost of 0. */
const ZERO_PUBLIC: readonly Line[] = [
    { type: 'Usage', service: 'AmazonEC2', usageType: 'BoxUsage:m5.large', cost: '8', publicCost: '10' },
    { type: 'Usage', service: 'AmazonEC2', usageType: 'SpotUsage:m5.large', cost: '3.5', publicCost: '0' },
    { type: 'Usage', service: 'AmazonEC2', usageType: 'ElasticIP:IdleAddress', cost: '3.6', publicCost: '0' },
    { type: 'Usage', service: 'prod-abc123', usageType: 'USE1-MP:Subscription', cost: '12', publicCost: '0', entity: 'AWS Marketplace' },
    { type: 'Credit', service: 'AmazonEC2', usageType: 'BoxUsage:m5.large', cost: '-2', publicCost: '0' },
    { type: 'Tax', service: 'AmazonEC2', usageType: '', cost: '1.5', publicCost: '0' },
];

function csv(rows: readonly (readonly string[])[]): string {
    return rows.map((row) => row.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\n') + '\n';
}

function write(dir: string, format: DataFormat, lines: readonly Line[]): string {
    const file = path.join(dir, `${format}.csv`);
    if (format === 'cur1') {
        const header = ['bill/BillingPeriodStartDate', 'bill/BillingEntity', 'lineItem/UsageAccountId', 'lineItem/LineItemType', 'lineItem/ProductCode',
            'lineItem/UsageType', 'lineItem/Operation', 'lineItem/CurrencyCode', 'lineItem/UnblendedCost', 'pricing/publicOnDemandCost',
            'lineItem/UsageAmount', 'lineItem/LineItemDescription'];
        writeFileSync(file, csv([header, ...lines.map((l) => ['2026-01-01T00:00:00Z', l.entity ?? 'AWS', A1, l.type, l.service, l.usageType, 'Op', 'USD', l.cost, l.publicCost, '1', l.description ?? ''])]));
    } else if (format === 'cur2') {
        const header = ['bill_billing_period_start_date', 'bill_billing_entity', 'line_item_usage_account_id', 'line_item_line_item_type', 'line_item_product_code',
            'line_item_usage_type', 'line_item_operation', 'line_item_currency_code', 'line_item_unblended_cost', 'pricing_public_on_demand_cost',
            'line_item_usage_amount', 'line_item_line_item_description'];
        writeFileSync(file, csv([header, ...lines.map((l) => ['2026-01-01T00:00:00.000Z', l.entity ?? 'AWS', A1, l.type, l.service, l.usageType, 'Op', 'USD', l.cost, l.publicCost, '1', l.description ?? ''])]));
    } else {
        const header = ['BillingPeriodStart', 'SubAccountId', 'ServiceName', 'x_ServiceCode', 'x_UsageType', 'x_Operation', 'ChargeCategory', 'ChargeFrequency',
            'ProviderName', 'PublisherName', 'InvoiceIssuerName', 'BillingCurrency', 'BilledCost', 'ListCost', 'ConsumedQuantity', 'PricingQuantity', 'ChargeDescription'];
        writeFileSync(file, csv([header, ...lines.map((l) => ['2026-01-01T00:00:00Z', A1, l.service, l.service, l.usageType, 'Op', l.type, 'Usage-Based',
            'AWS', l.entity === 'AWS Marketplace' ? 'Example Vendor' : 'AWS', 'Amazon Web Services, Inc.', 'USD', l.cost, l.publicCost, '1', '1', l.description ?? ''])]));
    }
    return file;
}

const FORMATS: readonly DataFormat[] = ['cur1', 'cur2', 'focus'];

describe('billed usage whose public on-demand cost is 0 (Spot, idle Elastic IP, Marketplace)', () => {
    let dir: string;
    beforeAll(() => { dir = tempDir('zero-public'); });

    for (const format of FORMATS) {
        it(`${format}: is priced at its billed cost, under the rule, with one warning giving rows and cost`, async () => {
            const cube = await ingest([write(dir, format, ZERO_PUBLIC)], { workers: 0 });
            const report = priceReport(prepareCube(cube), policy([markup('seven', '7')], [group('g', { primary: A1 })]));
            const g = report.groups[0]!;
            // AWS cost: 8 + 3.5 + 3.6 + 12 − 2 + 1.5 = 26.6 (every line item).
            expect(g.awsCost).toBe('26.6');
            // Base: on-demand 10 (public) + Spot 3.5 + idle EIP 3.6 + Marketplace 12 (billed: no public price) = 29.1;
            // credit and tax are excluded. × 1.07 = 31.137.
            expect(g.proformaCost).toBe('31.137');
            const warnings = report.issues.filter((issue) => issue.code === 'public-cost-missing');
            // 3 rows (Spot, EIP, Marketplace), 3.5 + 3.6 + 12 = 19.1 priced from their billed cost.
            expect(warnings).toMatchObject([{ severity: 'warning', group: 'g', period: '2026-01', rows: 3, cost: '19.1' }]);
            expect(warnings[0]!.message).toContain('3 line items have no public on-demand price');
        });
    }

    it('a usage row with public cost 0 that is billed 0 is not a fallback (nothing to price)', async () => {
        const lines: Line[] = [{ type: 'Usage', service: 'AmazonEC2', usageType: 'BoxUsage:m5.large', cost: '0', publicCost: '0' }];
        const cube = await ingest([write(dir, 'cur2', lines)], { workers: 0 });
        const report = priceReport(prepareCube(cube), policy([markup('seven', '7')], [group('g', { primary: A1 })]));
        expect(report.groups[0]!.proformaCost).toBe('0');
        expect(report.issues.filter((issue) => issue.code === 'public-cost-missing')).toEqual([]);
    });
});

/** 12-month and Always Free usage in the same month (all billed 0 with a positive public cost). */
const FREE_TIERS: readonly Line[] = [
    { type: 'Usage', service: 'AmazonEC2', usageType: 'BoxUsage:m5.large', cost: '8', publicCost: '10' },
    { type: 'Usage', service: 'AmazonEC2', usageType: 'USE1-BoxUsage:t3.micro', cost: '0', publicCost: '7.8' },
    { type: 'Usage', service: 'AmazonRDS', usageType: 'USE1-InstanceUsage:db.t3.micro', cost: '0', publicCost: '12.75' },
    { type: 'Usage', service: 'AWSLambda', usageType: 'USE1-Lambda-GB-Second', cost: '0', publicCost: '6.66668' },
    { type: 'Usage', service: 'AmazonEC2', usageType: 'USE1-DataTransfer-Out-Bytes', cost: '0', publicCost: '9' },
];

describe('12-month Free Tier versus Always Free', () => {
    let dir: string;
    beforeAll(() => { dir = tempDir('free-tiers'); });

    for (const format of FORMATS) {
        it(`${format}: the 12-month offers are charged; the Always Free ones stay free unless free-tier off`, async () => {
            const prepared = prepareCube(await ingest([write(dir, format, FREE_TIERS)], { workers: 0 }));
            const on = priceReport(prepared, policy([markup('ten', '10')], [group('g', { primary: A1 })])).groups[0]!;
            // Free tier on (ABC's default): m5.large 10 + t3.micro 7.8 + db.t3.micro 12.75 (12-month: charged) = 30.55;
            // Lambda and EC2 data transfer out (Always Free) stay free. × 1.1 = 33.605.
            expect(on.proformaCost).toBe('33.605');
            const off = priceReport(prepared, policy([markup('ten', '10'), tiering('off', { freeTier: false })], [group('g', { primary: A1 })])).groups[0]!;
            // Free tier off: + Lambda 6.66668 + data transfer 9 = 46.21668; × 1.1 = 50.838348.
            expect(off.proformaCost).toBe('50.838348');
            // AWS billed only the m5.large hours.
            expect(on.awsCost).toBe('8');
        });
    }
});

describe("FOCUS cost basis: AWS's FOCUS export writes ListCost = BilledCost", () => {
    let dir: string;
    beforeAll(() => { dir = tempDir('focus-basis'); });
    // The same month as CUR 2.0 (public cost) and as AWS's FOCUS export (ListCost = BilledCost, free tier included).
    const cur2: Line[] = [
        { type: 'Usage', service: 'AmazonEC2', usageType: 'BoxUsage:m5.large', cost: '8', publicCost: '10' },
        { type: 'Usage', service: 'AWSLambda', usageType: 'USE1-Lambda-GB-Second', cost: '0', publicCost: '6.5' },
    ];
    const focus: Line[] = cur2.map((line) => ({ ...line, publicCost: line.cost }));

    it('warns once that the free tier and the public-rate base are not available; CUR 2.0 of the same month does not', async () => {
        const rules = [markup('ten', '10'), tiering('off', { freeTier: false })];
        const fromFocus = priceReport(prepareCube(await ingest([write(dir, 'focus', focus)], { workers: 0 })), policy(rules, [group('g', { primary: A1 })]));
        // FOCUS: base = billed 8 (ListCost), Lambda 0 → 8 × 1.1 = 8.8.
        expect(fromFocus.groups[0]!.proformaCost).toBe('8.8');
        expect(fromFocus.issues.filter((issue) => issue.code === 'focus-list-cost-is-billed-cost')).toHaveLength(1);
        expect(fromFocus.issues.find((issue) => issue.code === 'focus-list-cost-is-billed-cost')!.message).toContain('FOCUS ListCost equals BilledCost: free tier and public-rate base not available');
        const fromCur2 = priceReport(prepareCube(await ingest([write(dir, 'cur2', cur2)], { workers: 0 })), policy(rules, [group('g', { primary: A1 })]));
        // CUR 2.0: (10 + 6.5) × 1.1 = 18.15, and no such warning.
        expect(fromCur2.groups[0]!.proformaCost).toBe('18.15');
        expect(fromCur2.issues.map((issue) => issue.code)).not.toContain('focus-list-cost-is-billed-cost');
    });

    it('a FOCUS file with public prices (ListCost ≠ BilledCost somewhere) gives the CUR 2.0 figure and no warning', async () => {
        const rules = [markup('ten', '10'), tiering('off', { freeTier: false })];
        const report = priceReport(prepareCube(await ingest([write(dir, 'focus', cur2)], { workers: 0 })), policy(rules, [group('g', { primary: A1 })]));
        expect(report.groups[0]!.proformaCost).toBe('18.15');
        expect(report.issues.map((issue) => issue.code)).not.toContain('focus-list-cost-is-billed-cost');
    });
});
