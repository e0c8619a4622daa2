import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import type { BenchFormat, DuckContender } from './duck-contender.js';

/**
 * The bench's Parquet inputs, written by DuckDB (`COPY … TO … (FORMAT PARQUET)`, its default
 * row groups and Snappy) from the generated CUR 1.0 CSV, so that the figures do not depend on the
 * engine's own writer and every format holds the same line items:
 *
 * - `athena`: legacy CUR 1.0 for Athena — every CSV column under its Athena name
 *   (`lineItem/UsageAccountId` → `line_item_usage_account_id`), dates as TIMESTAMP, costs, rates and
 *   amounts as DOUBLE;
 * - `cur2`: CUR 2.0 (Data Exports) — the same flat columns for line item, bill, pricing, reservation and
 *   savings plan, and `product` and `resource_tags` as MAP(VARCHAR, VARCHAR) columns;
 * - `focus`: FOCUS 1.0 — the FOCUS columns derived from the CUR (ChargeCategory, CommitmentDiscount…,
 *   ProviderName…), costs as DECIMAL(20,10), quantities as DECIMAL(30,10).
 */

export type ParquetKind = 'athena' | 'cur2' | 'focus';
export const PARQUET_KINDS: readonly { readonly kind: ParquetKind; readonly format: BenchFormat; readonly label: string }[] = [
    { kind: 'athena', format: 'cur2', label: 'CUR 1.0 Athena Parquet' },
    { kind: 'cur2', format: 'cur2', label: 'CUR 2.0 Parquet with MAP columns' },
    { kind: 'focus', format: 'focus', label: 'FOCUS 1.0 Parquet' },
];

/** `lineItem/UsageAccountId` → `line_item_usage_account_id`, as Athena names CUR 1.0 columns. */
export function athenaName(column: string): string {
    const snake = (part: string): string => part.replace(/[:\s-]/g, '_').replace(/([A-Z])/g, '_$1').toLowerCase().replace(/^_/, '').replace(/__+/g, '_');
    const [category, ...rest] = column.split('/');
    return rest.length === 0 ? snake(category) : `${snake(category)}_${snake(rest.join('/'))}`;
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const isDate = (column: string): boolean => /Date$/.test(column);
const isNumber = (column: string): boolean => /(Cost|Amount|Rate|Fee|Quantity|Factor|Units|ToDate|Commitment|ForBillingPeriod|ForUsage)$/.test(column) && !isDate(column);

function typed(column: string): string {
    if (isDate(column)) return `TRY_CAST(nullif(${q(column)}, '') AS TIMESTAMP)`;
    if (isNumber(column)) return `TRY_CAST(nullif(${q(column)}, '') AS DOUBLE)`;
    return `nullif(${q(column)}, '')`;
}

function selectFor(kind: ParquetKind, csv: string): string {
    const header = firstLine(csv).split(',');
    const source = `read_csv('${csv.replace(/'/g, "''")}', all_varchar = true, header = true)`;
    if (kind === 'athena') return `SELECT ${header.map(c => `${typed(c)} AS ${q(athenaName(c))}`).join(', ')} FROM ${source}`;
    if (kind === 'cur2') {
        const flat = header.filter(c => !c.startsWith('product/') && !c.startsWith('resourceTags/'));
        const map = (prefix: string, keyOf: (c: string) => string): string => {
            const columns = header.filter(c => c.startsWith(prefix));
            return `MAP([${columns.map(c => literal(keyOf(c))).join(', ')}], [${columns.map(c => `nullif(${q(c)}, '')`).join(', ')}])`;
        };
        return `SELECT ${flat.map(c => `${typed(c)} AS ${q(athenaName(c))}`).join(', ')},
            ${map('product/', c => athenaName(c).replace(/^product_/, ''))} AS product,
            ${map('resourceTags/', c => c.slice('resourceTags/'.length))} AS resource_tags
            FROM ${source}`;
    }
    const lit = q('lineItem/LineItemType');
    return `SELECT CAST(${q('bill/BillingPeriodStartDate')} AS TIMESTAMP) AS BillingPeriodStart,
            CAST(${q('bill/BillingPeriodEndDate')} AS TIMESTAMP) AS BillingPeriodEnd,
            CAST(${q('lineItem/UsageStartDate')} AS TIMESTAMP) AS ChargePeriodStart,
            CAST(${q('lineItem/UsageEndDate')} AS TIMESTAMP) AS ChargePeriodEnd,
            ${q('bill/PayerAccountId')} AS BillingAccountId, ${q('lineItem/UsageAccountId')} AS SubAccountId,
            ${q('lineItem/ProductCode')} AS x_ServiceCode, ${q('product/ProductName')} AS ServiceName,
            ${q('lineItem/UsageType')} AS x_UsageType, ${q('lineItem/Operation')} AS x_Operation,
            CASE WHEN ${lit} IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage') THEN 'Usage' WHEN ${lit} = 'Tax' THEN 'Tax'
                 WHEN ${lit} = 'Credit' THEN 'Credit' WHEN ${lit} = 'Refund' THEN 'Adjustment' ELSE 'Purchase' END AS ChargeCategory,
            CASE WHEN ${lit} IN ('DiscountedUsage', 'SavingsPlanCoveredUsage') THEN 'Used'
                 WHEN ${lit} IN ('RIFee', 'SavingsPlanRecurringFee') THEN 'Unused' END AS CommitmentDiscountStatus,
            CASE WHEN nullif(${q('reservation/ReservationARN')}, '') IS NOT NULL THEN 'Reserved Instance'
                 WHEN nullif(${q('savingsPlan/SavingsPlanARN')}, '') IS NOT NULL THEN 'Savings Plan' END AS CommitmentDiscountType,
            coalesce(nullif(${q('reservation/ReservationARN')}, ''), nullif(${q('savingsPlan/SavingsPlanARN')}, '')) AS CommitmentDiscountId,
            CASE WHEN ${lit} IN ('Fee', 'SavingsPlanUpfrontFee') THEN 'One-Time' WHEN ${lit} IN ('RIFee', 'SavingsPlanRecurringFee') THEN 'Recurring'
                 ELSE 'Usage-Based' END AS ChargeFrequency,
            'AWS' AS ProviderName,
            CASE WHEN ${q('bill/BillingEntity')} = 'AWS Marketplace' THEN 'Marketplace Vendor' ELSE 'AWS' END AS PublisherName,
            'Amazon Web Services, Inc.' AS InvoiceIssuerName,
            ${q('lineItem/CurrencyCode')} AS BillingCurrency,
            CAST(${q('lineItem/UnblendedCost')} AS DECIMAL(20,10)) AS BilledCost,
            CAST(nullif(${q('pricing/publicOnDemandCost')}, '') AS DECIMAL(20,10)) AS ListCost,
            CAST(nullif(${q('lineItem/UsageAmount')}, '') AS DECIMAL(30,10)) AS ConsumedQuantity,
            ${q('pricing/unit')} AS ConsumedUnit, ${q('product/region')} AS RegionId, ${q('lineItem/ResourceId')} AS ResourceId,
            ${q('lineItem/LineItemDescription')} AS ChargeDescription, ${q('product/sku')} AS SkuId
        FROM ${source}`;
}

function firstLine(file: string): string {
    const fd = openSync(file, 'r');
    try {
        const buffer = Buffer.alloc(1 << 16);
        const read = readSync(fd, buffer, 0, buffer.length, 0);
        return buffer.toString('utf8', 0, read).split('\n')[0]!.replace(/\r$/, '');
    } finally {
        closeSync(fd);
    }
}

/** The Parquet file of `kind` made from `csv` (cached next to it). */
export async function cachedParquet(duck: DuckContender, csv: string, kind: ParquetKind): Promise<string> {
    const file = csv.replace(/\.csv$/, `-${kind}.parquet`);
    if (existsSync(file)) return file;
    const started = Date.now();
    process.stdout.write(`Writing ${file} with DuckDB (cached for later runs)… `);
    const temporary = `${file}.partial-${process.pid}.parquet`;
    await duck.sql(`COPY (${selectFor(kind, csv)}) TO '${temporary.replace(/'/g, "''")}' (FORMAT PARQUET)`);
    await rename(temporary, file);
    console.log(`${Math.round((Date.now() - started) / 1000)} s`);
    return file;
}
