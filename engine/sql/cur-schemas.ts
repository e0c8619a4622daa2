import type { SqlDialectName } from './sql-dialect.js';
import { sqlIdentifier } from './sql-dialect.js';

/** The layouts of billing data the query reads. */
export type SqlSchemaName = 'cur1' | 'cur2' | 'focus';
export const SQL_SCHEMAS: readonly SqlSchemaName[] = ['cur1', 'cur2', 'focus'];

/**
 * Expressions (over the table's columns) for every field the pricing needs, as text: keys as VARCHAR ('' when
 * empty), amounts as the text of the number (NULL when empty) so that the query can check they fit the decimal
 * type exactly before casting. The same fields, with the same derivations, as engine/ingest (formats.ts,
 * focus-mapping.ts, row-key.ts).
 */
export interface SchemaFields {
    readonly period: string;
    readonly accountId: string;
    readonly service: string;
    readonly usageType: string;
    readonly operation: string;
    readonly lineItemType: string;
    readonly billingEntity: string;
    readonly currency: string;
    readonly reservationArn: string;
    /** Absent: the schema has no second commitment column. */
    readonly savingsPlanArn?: string;
    readonly unblendedCost: string;
    readonly publicCost: string;
    readonly usageAmount: string;
    /** The columns read, as named in the table, for documentation and messages. */
    readonly columns: readonly string[];
    /** What the fields are selected from, given the table: the table itself, or a subquery naming its columns once. */
    from(table: string): string;
}

/** `CAST(column AS VARCHAR)`; FOCUS exports write nulls as the text NULL, read as empty (as the engine does). */
function text(column: string, focus: boolean): string {
    const value = `CAST(${column} AS VARCHAR)`;
    return focus ? `NULLIF(${value}, 'NULL')` : value;
}

const key = (column: string, focus = false): string => `COALESCE(${text(column, focus)}, '')`;
const amount = (column: string, focus = false): string => `NULLIF(trim(${text(column, focus)}), '')`;

/**
 * Column names per schema and dialect:
 * - cur1 with DuckDB: the CUR 1.0 CSV headers (`lineItem/UnblendedCost`).
 * - cur1 with Athena/Trino: the legacy CUR Athena integration's table, whose columns are snake_case
 *   (`line_item_unblended_cost`) — the same names CUR 2.0 uses for every column the query reads.
 * - cur1 with PostgreSQL/Redshift: the legacy CUR Redshift integration's table (AWS's generated CREATE TABLE names
 *   columns category_ColumnName, which both fold to lower case: `lineitem_unblendedcost`).
 * - cur2: the CUR 2.0 (Data Exports) columns, snake_case, in every dialect. Map columns (`product`,
 *   `resource_tags`, …) are not read.
 * - focus: FOCUS 1.x columns (PascalCase; Athena folds them to lower case, which matches).
 */
export function schemaFields(schema: SqlSchemaName, dialect: SqlDialectName): SchemaFields {
    if (schema === 'focus') return focusFields();
    const csv = schema === 'cur1' && dialect === 'duckdb';
    const redshiftCur1 = schema === 'cur1' && (dialect === 'postgres' || dialect === 'redshift');
    const c = (cur1Csv: string, snake: string): string =>
        (csv ? sqlIdentifier(cur1Csv) : redshiftCur1 ? cur1RedshiftColumn(cur1Csv) : snake);
    const columns = {
        period: c('bill/BillingPeriodStartDate', 'bill_billing_period_start_date'),
        account: c('lineItem/UsageAccountId', 'line_item_usage_account_id'),
        service: c('lineItem/ProductCode', 'line_item_product_code'),
        usageType: c('lineItem/UsageType', 'line_item_usage_type'),
        operation: c('lineItem/Operation', 'line_item_operation'),
        type: c('lineItem/LineItemType', 'line_item_line_item_type'),
        entity: c('bill/BillingEntity', 'bill_billing_entity'),
        currency: c('lineItem/CurrencyCode', 'line_item_currency_code'),
        reservation: c('reservation/ReservationARN', 'reservation_reservation_a_r_n'),
        savingsPlan: c('savingsPlan/SavingsPlanARN', 'savings_plan_savings_plan_a_r_n'),
        unblended: c('lineItem/UnblendedCost', 'line_item_unblended_cost'),
        publicCost: c('pricing/publicOnDemandCost', 'pricing_public_on_demand_cost'),
        usage: c('lineItem/UsageAmount', 'line_item_usage_amount'),
    };
    return {
        period: key(columns.period),
        accountId: key(columns.account),
        service: key(columns.service),
        usageType: key(columns.usageType),
        operation: key(columns.operation),
        lineItemType: key(columns.type),
        billingEntity: key(columns.entity),
        currency: key(columns.currency),
        reservationArn: key(columns.reservation),
        savingsPlanArn: key(columns.savingsPlan),
        unblendedCost: amount(columns.unblended),
        publicCost: amount(columns.publicCost),
        usageAmount: amount(columns.usage),
        columns: Object.values(columns),
        from: (table) => table,
    };
}

/** A CUR 1.0 header as the CUR Redshift integration's table names it: `lineItem/UnblendedCost` → `lineitem_unblendedcost`. */
export function cur1RedshiftColumn(header: string): string {
    return header.replace(/[/:]/g, '_').toLowerCase();
}

/**
 * FOCUS: the columns are read once in a subquery (texts, "NULL" as empty, the derivations' inputs trimmed and
 * lower-cased), then the line item type and billing entity are derived as engine/ingest/focus-mapping.ts does.
 */
function focusFields(): SchemaFields {
    const k = (column: string) => key(column, true);
    const lower = (column: string) => `lower(trim(${k(column)}))`;
    const commitmentType = lower('CommitmentDiscountType');
    const columns: readonly [string, string][] = [
        ['period', k('BillingPeriodStart')],
        ['account_id', k('SubAccountId')],
        ['service', `COALESCE(NULLIF(${k('x_ServiceCode')}, ''), ${k('ServiceName')})`],
        ['usage_type', k('x_UsageType')],
        ['operation', k('x_Operation')],
        ['charge_category', k('ChargeCategory')],
        ['commitment_status', lower('CommitmentDiscountStatus')],
        ['commitment_kind', `CASE WHEN ${commitmentType} = '' THEN '' WHEN ${commitmentType} LIKE '%savings%' THEN 'sp' ` +
            `WHEN ${commitmentType} LIKE '%reserv%' OR ${commitmentType} = 'ri' THEN 'ri' ELSE '' END`],
        ['one_time', `${lower('ChargeFrequency')} = 'one-time'`],
        ['provider', `trim(${k('ProviderName')})`],
        ['publisher', `trim(${k('PublisherName')})`],
        ['invoice_issuer', `lower(${k('InvoiceIssuerName')})`],
        ['currency', k('BillingCurrency')],
        ['commitment_id', k('CommitmentDiscountId')],
        ['billed_cost', amount('BilledCost', true)],
        ['list_cost', amount('ListCost', true)],
        ['usage_amount', `COALESCE(${amount('ConsumedQuantity', true)}, ${amount('PricingQuantity', true)})`],
    ];
    const category = 'lower(trim(charge_category))';
    const lineItemType = `CASE ${category}
            WHEN 'usage' THEN CASE commitment_kind
                WHEN 'ri' THEN CASE commitment_status WHEN 'unused' THEN 'RIFee' WHEN 'used' THEN 'DiscountedUsage' ELSE 'Usage' END
                WHEN 'sp' THEN CASE commitment_status WHEN 'unused' THEN 'SavingsPlanRecurringFee' WHEN 'used' THEN 'SavingsPlanCoveredUsage' ELSE 'Usage' END
                ELSE 'Usage' END
            WHEN 'purchase' THEN CASE commitment_kind
                WHEN 'ri' THEN CASE WHEN one_time THEN 'Fee' ELSE 'RIFee' END
                WHEN 'sp' THEN CASE WHEN one_time THEN 'SavingsPlanUpfrontFee' ELSE 'SavingsPlanRecurringFee' END
                ELSE 'Fee' END
            WHEN 'tax' THEN 'Tax'
            WHEN 'credit' THEN 'Credit'
            WHEN 'adjustment' THEN 'Refund'
            WHEN 'refund' THEN 'Refund'
            ELSE trim(charge_category) END`;
    const isAws = (name: string) =>
        `(lower(${name}) = 'aws' OR lower(${name}) LIKE 'aws %' OR lower(${name}) LIKE 'amazon web services%' OR lower(${name}) LIKE 'amazon internet services%')`;
    const billingEntity = `CASE
            WHEN provider <> '' AND NOT ${isAws('provider')} THEN provider
            WHEN publisher <> '' AND NOT ${isAws('publisher')} THEN 'AWS Marketplace'
            WHEN invoice_issuer LIKE '%amazon internet services%' THEN 'AISPL'
            ELSE 'AWS' END`;
    return {
        period: 'period',
        accountId: 'account_id',
        service: 'service',
        usageType: 'usage_type',
        operation: 'operation',
        lineItemType,
        billingEntity,
        currency: 'currency',
        reservationArn: 'commitment_id',
        unblendedCost: 'billed_cost',
        publicCost: 'list_cost',
        usageAmount: 'usage_amount',
        columns: [
            'BillingPeriodStart', 'SubAccountId', 'x_ServiceCode', 'ServiceName', 'x_UsageType', 'x_Operation', 'ChargeCategory',
            'CommitmentDiscountStatus', 'CommitmentDiscountType', 'ChargeFrequency', 'ProviderName', 'PublisherName', 'InvoiceIssuerName',
            'BillingCurrency', 'CommitmentDiscountId', 'BilledCost', 'ListCost', 'ConsumedQuantity', 'PricingQuantity',
        ],
        from: (table) => `(\n        SELECT\n            ${columns.map(([name, expression]) => `${expression} AS ${name}`).join(',\n            ')}\n        FROM ${table}\n    ) focus`,
    };
}
