import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { csvLine, CUR1_COLUMNS, type Row } from './cur-columns.js';

/**
 * The "realistic" opt-in mode: a small delivery tree, as AWS writes it, holding every case of real exports that a
 * pro forma bill must get right (issue 10), each in few enough line items that a test can work the figures out by
 * hand. The default generator is not affected. The bundled sample carries the single-file cases (public cost 0, both
 * free tiers: `realExportCases` in sample.ts); the cases that need several files (two assemblies and a manifest, an
 * overlapping delivery, the FOCUS twin) are only here.
 *
 * - Spot, an idle Elastic IP and AWS Marketplace usage billed with a public on-demand cost of 0;
 * - 12-month Free Tier (t3.micro hours) and Always Free (Lambda) usage in the same month, billed 0;
 * - a credit and tax;
 * - a CUR 1.0 period folder with two assemblies (a stale and the current version of March) and the manifest
 *   naming the current one;
 * - an overlapping second delivery: the current March under another name, outside the S3 tree;
 * - AWS's FOCUS 1.0 export of the same month, with ListCost = BilledCost on every row.
 */

export const REALISTIC_PERIOD = '2026-03';
export const REALISTIC_PAYER = '999999999999';
export const REALISTIC_ACCOUNTS = ['111111111111', '222222222222'] as const;
export const STALE_ASSEMBLY = '5c0e9a6e-0000-4000-8000-00000000a001';
export const CURRENT_ASSEMBLY = '5c0e9a6e-0000-4000-8000-00000000a002';

/** Where each case is in the tree written by `writeRealisticCases` (paths relative to its folder). */
export const REALISTIC_PATHS = {
    /** The S3 copy of the CUR 1.0 report `acme`: read as a folder, the manifest's assembly only. */
    cur1Bucket: 'cur1',
    periodFolder: 'cur1/acme/20260301-20260401',
    manifest: 'cur1/acme/20260301-20260401/acme-Manifest.json',
    staleReport: `cur1/acme/20260301-20260401/${STALE_ASSEMBLY}/acme-1.csv.gz`,
    currentReport: `cur1/acme/20260301-20260401/${CURRENT_ASSEMBLY}/acme-1.csv.gz`,
    /** The current March delivered a second time under another name: with the bucket, an overlap. */
    redelivered: 'redelivered/acme-2026-03.csv',
    focus: 'focus/focus-2026-03.csv',
} as const;

interface Case {
    readonly id: string;
    readonly account: string;
    readonly type: 'Usage' | 'Credit' | 'Tax';
    readonly service: string;
    readonly usageType: string;
    readonly operation: string;
    readonly entity: 'AWS' | 'AWS Marketplace';
    readonly amount: string;
    readonly cost: string;
    readonly publicCost: string;
    readonly description: string;
}

const [A1, A2] = REALISTIC_ACCOUNTS;

/** The current March. The stale assembly differs only in the Spot line (an earlier, lower estimate). */
const CASES: readonly Case[] = [
    { id: 'r-ondemand', account: A1, type: 'Usage', service: 'AmazonEC2', usageType: 'USE1-BoxUsage:m5.large', operation: 'RunInstances', entity: 'AWS', amount: '1000', cost: '96', publicCost: '96', description: '$0.096 per On Demand Linux m5.large Instance Hour' },
    { id: 'r-spot', account: A1, type: 'Usage', service: 'AmazonEC2', usageType: 'USE1-SpotUsage:m5.large', operation: 'RunInstances:SV001', entity: 'AWS', amount: '800', cost: '28.8', publicCost: '0', description: '$0.036 per Linux m5.large Spot Instance-hour' },
    { id: 'r-eip', account: A1, type: 'Usage', service: 'AmazonEC2', usageType: 'USE1-ElasticIP:IdleAddress', operation: 'AssociateAddress', entity: 'AWS', amount: '720', cost: '3.6', publicCost: '0', description: '$0.005 per Elastic IP address not attached to a running instance per hour' },
    { id: 'r-marketplace', account: A2, type: 'Usage', service: 'prod-4xq7marketplace', usageType: 'USE1-MP:Subscription', operation: 'Unknown', entity: 'AWS Marketplace', amount: '1', cost: '50', publicCost: '0', description: 'Example Vendor firewall subscription' },
    { id: 'r-12month', account: A2, type: 'Usage', service: 'AmazonEC2', usageType: 'USE1-BoxUsage:t3.micro', operation: 'RunInstances', entity: 'AWS', amount: '720', cost: '0', publicCost: '7.488', description: '$0.00 per Linux t3.micro instance-hour (or partial hour) under monthly free tier' },
    { id: 'r-alwaysfree', account: A2, type: 'Usage', service: 'AWSLambda', usageType: 'USE1-Lambda-GB-Second', operation: 'Invoke', entity: 'AWS', amount: '400000', cost: '0', publicCost: '6.66668', description: 'AWS Lambda - Total Compute - US East (Northern Virginia) - 400,000 GB-seconds free tier' },
    { id: 'r-credit', account: A1, type: 'Credit', service: 'AmazonEC2', usageType: 'USE1-BoxUsage:m5.large', operation: 'RunInstances', entity: 'AWS', amount: '0', cost: '-10', publicCost: '0', description: 'AWS Promotional credit' },
    { id: 'r-tax', account: A1, type: 'Tax', service: 'AmazonEC2', usageType: '', operation: '', entity: 'AWS', amount: '0', cost: '5', publicCost: '0', description: 'Tax for product code AmazonEC2' },
];

const STALE_SPOT_COST = '20';

function cur1Row(line: Case): Row {
    return {
        'identity/LineItemId': line.id, 'identity/TimeInterval': '2026-03-01T00:00:00Z/2026-04-01T00:00:00Z',
        'bill/InvoicingEntity': 'Amazon Web Services, Inc.', 'bill/BillingEntity': line.entity, 'bill/BillType': 'Anniversary',
        'bill/PayerAccountId': REALISTIC_PAYER, 'bill/BillingPeriodStartDate': '2026-03-01T00:00:00Z', 'bill/BillingPeriodEndDate': '2026-04-01T00:00:00Z',
        'lineItem/UsageAccountId': line.account, 'lineItem/LineItemType': line.type,
        'lineItem/UsageStartDate': '2026-03-01T00:00:00Z', 'lineItem/UsageEndDate': '2026-04-01T00:00:00Z',
        'lineItem/ProductCode': line.service, 'lineItem/UsageType': line.usageType, 'lineItem/Operation': line.operation,
        'lineItem/UsageAmount': line.amount, 'lineItem/CurrencyCode': 'USD', 'lineItem/UnblendedCost': line.cost, 'lineItem/BlendedCost': line.cost,
        'lineItem/LineItemDescription': line.description, 'pricing/publicOnDemandCost': line.publicCost,
    };
}

function cur1Csv(lines: readonly Case[]): string {
    return CUR1_COLUMNS.join(',') + '\n' + lines.map((line) => csvLine(cur1Row(line))).join('');
}

const FOCUS_COLUMNS = ['BillingPeriodStart', 'BillingPeriodEnd', 'BillingAccountId', 'SubAccountId', 'ServiceName', 'x_ServiceCode', 'x_UsageType',
    'x_Operation', 'ChargeCategory', 'ChargeFrequency', 'ChargeDescription', 'ProviderName', 'PublisherName', 'InvoiceIssuerName', 'BillingCurrency',
    'BilledCost', 'ListCost', 'EffectiveCost', 'ConsumedQuantity', 'PricingQuantity'];

/** AWS's FOCUS 1.0 export of the same month: ListCost = BilledCost on every row (no public price). */
function focusCsv(lines: readonly Case[]): string {
    const quote = (value: string): string => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
    const rows = lines.map((line) => [
        '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', REALISTIC_PAYER, line.account, line.service, line.service, line.usageType, line.operation,
        line.type, line.type === 'Usage' ? 'Usage-Based' : 'One-Time', line.description, 'AWS',
        line.entity === 'AWS Marketplace' ? 'Example Vendor' : 'AWS', 'Amazon Web Services, Inc.', 'USD', line.cost, line.cost, line.cost, line.amount, line.amount,
    ].map(quote).join(','));
    return FOCUS_COLUMNS.join(',') + '\n' + rows.join('\n') + '\n';
}

function manifest(assemblyId: string): string {
    return JSON.stringify({
        assemblyId, account: REALISTIC_PAYER, bucket: 'acme-cur', reportName: 'acme', compression: 'GZIP', contentType: 'text/csv',
        billingPeriod: { start: '20260301T000000.000Z', end: '20260401T000000.000Z' },
        reportKeys: [`cur1/acme/20260301-20260401/${assemblyId}/acme-1.csv.gz`],
    }, null, 2);
}

/** The files of the realistic mode, relative path → content (deterministic: the same bytes every time). */
export function realisticCaseFiles(): ReadonlyMap<string, string | Buffer> {
    const stale = CASES.map((line) => (line.id === 'r-spot' ? { ...line, cost: STALE_SPOT_COST } : line));
    const current = cur1Csv(CASES);
    // gzip's header carries no time when none is given (mtime 0): the same bytes on every run.
    const gzip = (text: string): Buffer => gzipSync(text, { level: 9 });
    return new Map<string, string | Buffer>([
        [REALISTIC_PATHS.manifest, manifest(CURRENT_ASSEMBLY)],
        [REALISTIC_PATHS.staleReport, gzip(cur1Csv(stale))],
        [`${REALISTIC_PATHS.periodFolder}/${STALE_ASSEMBLY}/acme-Manifest.json`, manifest(STALE_ASSEMBLY)],
        [REALISTIC_PATHS.currentReport, gzip(current)],
        [`${REALISTIC_PATHS.periodFolder}/${CURRENT_ASSEMBLY}/acme-Manifest.json`, manifest(CURRENT_ASSEMBLY)],
        [REALISTIC_PATHS.redelivered, current],
        [REALISTIC_PATHS.focus, focusCsv(CASES)],
    ]);
}

/** Writes the realistic mode's tree below `folder` (created if needed); returns the files written, absolute. */
export async function writeRealisticCases(folder: string): Promise<string[]> {
    const written: string[] = [];
    for (const [relative, content] of realisticCaseFiles()) {
        const file = path.join(folder, ...relative.split('/'));
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, content);
        written.push(file);
    }
    return written;
}
