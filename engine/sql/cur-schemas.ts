import type { SqlDialectName } from './sql-dialect.js';
import { sqlIdentifier, sqlString } from './sql-dialect.js';

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
    readonly savingsPlanArn: string;
    readonly unblendedCost: string;
    readonly publicCost: string;
    readonly usageAmount: string;
    /** The columns read, as named in the table, for documentation and messages. */
    readonly columns: readonly string[];
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
 * - cur2: the CUR 2.0 (Data Exports) columns, snake_case, in every dialect. Map columns (`product`,
 *   `resource_tags`, …) are not read.
 * - focus: FOCUS 1.x columns (PascalCase; Athena folds them to lower case, which matches).
 */
export function schemaFields(schema: SqlSchemaName, dialect: SqlDialectName): SchemaFields {
    if (schema === 'focus') return focusFields();
    const csv = schema === 'cur1' && dialect === 'duckdb';
    const c = (cur1Csv: string, snake: string): string => (csv ? sqlIdentifier(cur1Csv) : snake);
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
    };
}

/** FOCUS: the line item type and billing entity are derived as engine/ingest/focus-mapping.ts derives them. */
function focusFields(): SchemaFields {
    const k = (column: string) => key(column, true);
    const lower = (column: string) => `lower(trim(${k(column)}))`;
    const category = lower('ChargeCategory');
    const status = lower('CommitmentDiscountStatus');
    const commitmentType = lower('CommitmentDiscountType');
    const commitment = `CASE WHEN ${commitmentType} = '' THEN '' WHEN ${commitmentType} LIKE '%savings%' THEN 'sp' ` +
        `WHEN ${commitmentType} LIKE '%reserv%' OR ${commitmentType} = 'ri' THEN 'ri' ELSE '' END`;
    const oneTime = `${lower('ChargeFrequency')} = 'one-time'`;
    const lineItemType = `CASE ${category}
            WHEN 'usage' THEN CASE ${commitment}
                WHEN 'ri' THEN CASE ${status} WHEN 'unused' THEN 'RIFee' WHEN 'used' THEN 'DiscountedUsage' ELSE 'Usage' END
                WHEN 'sp' THEN CASE ${status} WHEN 'unused' THEN 'SavingsPlanRecurringFee' WHEN 'used' THEN 'SavingsPlanCoveredUsage' ELSE 'Usage' END
                ELSE 'Usage' END
            WHEN 'purchase' THEN CASE ${commitment}
                WHEN 'ri' THEN CASE WHEN ${oneTime} THEN 'Fee' ELSE 'RIFee' END
                WHEN 'sp' THEN CASE WHEN ${oneTime} THEN 'SavingsPlanUpfrontFee' ELSE 'SavingsPlanRecurringFee' END
                ELSE 'Fee' END
            WHEN 'tax' THEN 'Tax'
            WHEN 'credit' THEN 'Credit'
            WHEN 'adjustment' THEN 'Refund'
            WHEN 'refund' THEN 'Refund'
            ELSE trim(${k('ChargeCategory')}) END`;
    const isAws = (name: string) =>
        `(lower(${name}) = 'aws' OR lower(${name}) LIKE 'aws %' OR lower(${name}) LIKE 'amazon web services%' OR lower(${name}) LIKE 'amazon internet services%')`;
    const provider = `trim(${k('ProviderName')})`;
    const publisher = `trim(${k('PublisherName')})`;
    const billingEntity = `CASE
            WHEN ${provider} <> '' AND NOT ${isAws(provider)} THEN ${provider}
            WHEN ${publisher} <> '' AND NOT ${isAws(publisher)} THEN 'AWS Marketplace'
            WHEN lower(${k('InvoiceIssuerName')}) LIKE '%amazon internet services%' THEN 'AISPL'
            ELSE 'AWS' END`;
    return {
        period: k('BillingPeriodStart'),
        accountId: k('SubAccountId'),
        service: `COALESCE(NULLIF(${k('x_ServiceCode')}, ''), ${k('ServiceName')})`,
        usageType: k('x_UsageType'),
        operation: k('x_Operation'),
        lineItemType,
        billingEntity,
        currency: k('BillingCurrency'),
        reservationArn: k('CommitmentDiscountId'),
        savingsPlanArn: sqlString(''),
        unblendedCost: amount('BilledCost', true),
        publicCost: amount('ListCost', true),
        usageAmount: `COALESCE(${amount('ConsumedQuantity', true)}, ${amount('PricingQuantity', true)})`,
        columns: [
            'BillingPeriodStart', 'SubAccountId', 'x_ServiceCode', 'ServiceName', 'x_UsageType', 'x_Operation', 'ChargeCategory',
            'CommitmentDiscountStatus', 'CommitmentDiscountType', 'ChargeFrequency', 'ProviderName', 'PublisherName', 'InvoiceIssuerName',
            'BillingCurrency', 'CommitmentDiscountId', 'BilledCost', 'ListCost', 'ConsumedQuantity', 'PricingQuantity',
        ],
    };
}
