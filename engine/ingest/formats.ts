import type { DataFormat } from '../cube/types.js';
import { IngestError, ingestError } from './errors.js';

/**
 * The columns each input format provides for the cube, found by header name (case-insensitively)
 * in every file: CUR 1.0 column sets differ between files and months, and CUR 2.0 / FOCUS column
 * orders are not guaranteed.
 *
 * | field           | CUR 1.0 (CSV)                 | CUR 2.0 / legacy Athena              | FOCUS 1.0–1.2                        |
 * |-----------------|-------------------------------|--------------------------------------|--------------------------------------|
 * | period          | bill/BillingPeriodStartDate   | bill_billing_period_start_date       | BillingPeriodStart                   |
 * | account         | lineItem/UsageAccountId       | line_item_usage_account_id           | SubAccountId                         |
 * | account name    | —                             | line_item_usage_account_name         | SubAccountName                       |
 * | service         | lineItem/ProductCode          | line_item_product_code               | x_ServiceCode, else ServiceName      |
 * | usage type      | lineItem/UsageType            | line_item_usage_type                 | x_UsageType (else '')                |
 * | operation       | lineItem/Operation            | line_item_operation                  | x_Operation (else '')                |
 * | line item type  | lineItem/LineItemType         | line_item_line_item_type             | derived, see focus-mapping.ts        |
 * | billing entity  | bill/BillingEntity ('AWS' when the column is absent) | bill_billing_entity | derived, see focus-mapping.ts |
 * | currency        | lineItem/CurrencyCode         | line_item_currency_code              | BillingCurrency                      |
 * | commitment ARN  | reservation/ReservationARN, savingsPlan/SavingsPlanARN | reservation_reservation_a_r_n, savings_plan_savings_plan_a_r_n | CommitmentDiscountId |
 * | unblended cost  | lineItem/UnblendedCost        | line_item_unblended_cost             | BilledCost                           |
 * | public OD cost  | pricing/publicOnDemandCost    | pricing_public_on_demand_cost        | ListCost                             |
 * | usage amount    | lineItem/UsageAmount          | line_item_usage_amount               | ConsumedQuantity, else PricingQuantity |
 * | line item id    | identity/LineItemId           | identity_line_item_id                | — (byte-identical files only)        |
 * | time interval   | identity/TimeInterval         | identity_time_interval               | —                                    |
 * | product name    | product/ProductName           | product_product_name, else the `product` map's `product_name` (CSV; Parquet: only its key/value chunks) | ServiceName (when x_ServiceCode is the service) |
 *
 * The product name is kept only for Marketplace products (engine/cube/product-names.ts): it becomes part of a
 * cell's key at ingest (as the account name) and leaves the key for `Cube.productNames` when the cube is built.
 *
 * Read for the commitment ledger only (commitment-ledger-sink.ts: RIs, Savings Plans and hourly
 * commitment-eligible usage, for re-application inside billing groups); FOCUS files carry too little
 * of it, so their commitments are not re-applied (a warning says so):
 *
 * | field               | CUR 1.0 (CSV)                               | CUR 2.0 / legacy Athena                               |
 * |---------------------|---------------------------------------------|-------------------------------------------------------|
 * | usage start / end   | lineItem/UsageStartDate, lineItem/UsageEndDate | line_item_usage_start_date, line_item_usage_end_date |
 * | instance type       | product/instanceType                        | product_instance_type                                 |
 * | region              | product/region (a code in CUR 1.0)          | product_region_code                                   |
 * | availability zone   | lineItem/AvailabilityZone                   | line_item_availability_zone                           |
 * | tenancy             | product/tenancy                             | — ('' = not known, matches any)                       |
 * | normalization factor| lineItem/NormalizationFactor                | line_item_normalization_factor                        |
 * | RI count            | reservation/NumberOfReservations            | reservation_number_of_reservations                    |
 * | RI zone             | reservation/AvailabilityZone                | reservation_availability_zone                         |
 * | SP rate             | savingsPlan/SavingsPlanRate                 | savings_plan_savings_plan_rate                        |
 * | SP commitment       | savingsPlan/TotalCommitmentToDate           | savings_plan_total_commitment_to_date                 |
 * | SP recurring        | savingsPlan/RecurringCommitmentForBillingPeriod | savings_plan_recurring_commitment_for_billing_period |
 * | SP offering         | savingsPlan/OfferingType                    | savings_plan_offering_type                            |
 * | SP region / family  | savingsPlan/Region, savingsPlan/InstanceTypeFamily | savings_plan_region, savings_plan_instance_type_family |
 * | RDS deployment      | product/deploymentOption                    | product_deployment_option, else the `product` map's `deployment_option` (CSV and Parquet; RIFee lines) |
 */

/** Source fields a row reader extracts (one slot each). */
export const enum Field {
    Period = 0,
    Account,
    AccountName,
    Service,
    ServiceFallback,
    UsageType,
    Operation,
    LineItemType,
    BillingEntity,
    Currency,
    ReservationArn,
    SavingsPlanArn,
    UnblendedCost,
    PublicCost,
    UsageAmount,
    UsageAmountFallback,
    // FOCUS-only inputs of the derived line item type and billing entity.
    ChargeCategory,
    CommitmentStatus,
    CommitmentType,
    ChargeFrequency,
    ProviderName,
    PublisherName,
    InvoiceIssuer,
    // A line item's identity (overlapping deliveries, line-item-identity.ts).
    LineItemId,
    TimeInterval,
    /** FOCUS: `ListUnitPrice`; with `PricingQuantity`, the public base of a row whose `ListCost` is empty. */
    ListUnitPrice,
    // The commitment ledger (commitment-ledger-sink.ts).
    UsageStart,
    UsageEnd,
    InstanceType,
    Region,
    AvailabilityZone,
    Tenancy,
    NormalizationFactor,
    ReservationCount,
    ReservationZone,
    SavingsPlanRate,
    SavingsPlanCommitment,
    SavingsPlanRecurring,
    SavingsPlanOffering,
    SavingsPlanRegion,
    SavingsPlanFamily,
    /** RDS reservations: Single-AZ, Multi-AZ, Multi-AZ (readable standbys). */
    DeploymentOption,
    /** CUR 2.0 CSV: the `product` map (JSON text), read for its `deployment_option` key on RIFee lines only. */
    ProductMap,
    /** A Marketplace product's readable name (engine/cube/product-names.ts); FOCUS reads it from `ServiceName`. */
    ProductName,
}
export const FIELD_COUNT = Field.ProductName + 1;

interface FieldSpec {
    readonly field: Field;
    readonly column: string;
    readonly required: boolean;
}

interface FormatSpec {
    readonly format: DataFormat;
    readonly label: string;
    /** A header with any of these columns is of this format. */
    readonly signature: readonly string[];
    readonly fields: readonly FieldSpec[];
}

const req = (field: Field, column: string): FieldSpec => ({ field, column, required: true });
const opt = (field: Field, column: string): FieldSpec => ({ field, column, required: false });

const CUR1: FormatSpec = {
    format: 'cur1',
    label: 'CUR 1.0',
    signature: ['lineItem/UsageAccountId', 'lineItem/LineItemType', 'lineItem/UnblendedCost'],
    fields: [
        req(Field.Period, 'bill/BillingPeriodStartDate'),
        req(Field.Account, 'lineItem/UsageAccountId'),
        req(Field.Service, 'lineItem/ProductCode'),
        req(Field.UsageType, 'lineItem/UsageType'),
        req(Field.Operation, 'lineItem/Operation'),
        req(Field.LineItemType, 'lineItem/LineItemType'),
        opt(Field.BillingEntity, 'bill/BillingEntity'),
        req(Field.Currency, 'lineItem/CurrencyCode'),
        opt(Field.ReservationArn, 'reservation/ReservationARN'),
        opt(Field.SavingsPlanArn, 'savingsPlan/SavingsPlanARN'),
        req(Field.UnblendedCost, 'lineItem/UnblendedCost'),
        opt(Field.PublicCost, 'pricing/publicOnDemandCost'),
        req(Field.UsageAmount, 'lineItem/UsageAmount'),
        opt(Field.LineItemId, 'identity/LineItemId'),
        opt(Field.TimeInterval, 'identity/TimeInterval'),
        opt(Field.UsageStart, 'lineItem/UsageStartDate'),
        opt(Field.UsageEnd, 'lineItem/UsageEndDate'),
        opt(Field.InstanceType, 'product/instanceType'),
        opt(Field.Region, 'product/region'),
        opt(Field.AvailabilityZone, 'lineItem/AvailabilityZone'),
        opt(Field.Tenancy, 'product/tenancy'),
        opt(Field.NormalizationFactor, 'lineItem/NormalizationFactor'),
        opt(Field.ReservationCount, 'reservation/NumberOfReservations'),
        opt(Field.ReservationZone, 'reservation/AvailabilityZone'),
        opt(Field.SavingsPlanRate, 'savingsPlan/SavingsPlanRate'),
        opt(Field.SavingsPlanCommitment, 'savingsPlan/TotalCommitmentToDate'),
        opt(Field.SavingsPlanRecurring, 'savingsPlan/RecurringCommitmentForBillingPeriod'),
        opt(Field.SavingsPlanOffering, 'savingsPlan/OfferingType'),
        opt(Field.SavingsPlanRegion, 'savingsPlan/Region'),
        opt(Field.SavingsPlanFamily, 'savingsPlan/InstanceTypeFamily'),
        opt(Field.DeploymentOption, 'product/deploymentOption'),
        opt(Field.ProductName, 'product/ProductName'),
    ],
};

const CUR2: FormatSpec = {
    format: 'cur2',
    label: 'CUR 2.0',
    signature: ['line_item_usage_account_id', 'line_item_line_item_type', 'line_item_unblended_cost'],
    fields: [
        req(Field.Period, 'bill_billing_period_start_date'),
        req(Field.Account, 'line_item_usage_account_id'),
        opt(Field.AccountName, 'line_item_usage_account_name'),
        req(Field.Service, 'line_item_product_code'),
        req(Field.UsageType, 'line_item_usage_type'),
        req(Field.Operation, 'line_item_operation'),
        req(Field.LineItemType, 'line_item_line_item_type'),
        opt(Field.BillingEntity, 'bill_billing_entity'),
        req(Field.Currency, 'line_item_currency_code'),
        opt(Field.ReservationArn, 'reservation_reservation_a_r_n'),
        opt(Field.SavingsPlanArn, 'savings_plan_savings_plan_a_r_n'),
        req(Field.UnblendedCost, 'line_item_unblended_cost'),
        opt(Field.PublicCost, 'pricing_public_on_demand_cost'),
        req(Field.UsageAmount, 'line_item_usage_amount'),
        opt(Field.LineItemId, 'identity_line_item_id'),
        opt(Field.TimeInterval, 'identity_time_interval'),
        opt(Field.UsageStart, 'line_item_usage_start_date'),
        opt(Field.UsageEnd, 'line_item_usage_end_date'),
        opt(Field.InstanceType, 'product_instance_type'),
        opt(Field.Region, 'product_region_code'),
        opt(Field.AvailabilityZone, 'line_item_availability_zone'),
        opt(Field.NormalizationFactor, 'line_item_normalization_factor'),
        opt(Field.ReservationCount, 'reservation_number_of_reservations'),
        opt(Field.ReservationZone, 'reservation_availability_zone'),
        opt(Field.SavingsPlanRate, 'savings_plan_savings_plan_rate'),
        opt(Field.SavingsPlanCommitment, 'savings_plan_total_commitment_to_date'),
        opt(Field.SavingsPlanRecurring, 'savings_plan_recurring_commitment_for_billing_period'),
        opt(Field.SavingsPlanOffering, 'savings_plan_offering_type'),
        opt(Field.SavingsPlanRegion, 'savings_plan_region'),
        opt(Field.SavingsPlanFamily, 'savings_plan_instance_type_family'),
        opt(Field.DeploymentOption, 'product_deployment_option'),
        opt(Field.ProductMap, 'product'),
        opt(Field.ProductName, 'product_product_name'),
    ],
};

const FOCUS: FormatSpec = {
    format: 'focus',
    label: 'FOCUS',
    signature: ['BilledCost', 'ChargeCategory', 'SubAccountId'],
    fields: [
        req(Field.Period, 'BillingPeriodStart'),
        req(Field.Account, 'SubAccountId'),
        opt(Field.AccountName, 'SubAccountName'),
        opt(Field.Service, 'x_ServiceCode'),
        req(Field.ServiceFallback, 'ServiceName'),
        opt(Field.UsageType, 'x_UsageType'),
        opt(Field.Operation, 'x_Operation'),
        req(Field.ChargeCategory, 'ChargeCategory'),
        opt(Field.CommitmentStatus, 'CommitmentDiscountStatus'),
        opt(Field.CommitmentType, 'CommitmentDiscountType'),
        opt(Field.ChargeFrequency, 'ChargeFrequency'),
        opt(Field.ProviderName, 'ProviderName'),
        opt(Field.PublisherName, 'PublisherName'),
        opt(Field.InvoiceIssuer, 'InvoiceIssuerName'),
        req(Field.Currency, 'BillingCurrency'),
        opt(Field.ReservationArn, 'CommitmentDiscountId'),
        req(Field.UnblendedCost, 'BilledCost'),
        opt(Field.PublicCost, 'ListCost'),
        opt(Field.ListUnitPrice, 'ListUnitPrice'),
        opt(Field.UsageAmount, 'ConsumedQuantity'),
        opt(Field.UsageAmountFallback, 'PricingQuantity'),
    ],
};

const FORMATS: readonly FormatSpec[] = [CUR1, CUR2, FOCUS];

/** How a file's columns map onto the source fields. */
export interface ColumnMapping {
    readonly format: DataFormat;
    readonly formatLabel: string;
    readonly header: readonly string[];
    /** For each column index, the Field it feeds, or -1. */
    readonly columnField: Int32Array;
    /** For each Field, its column index, or -1 when the file lacks that column. */
    readonly fieldColumn: Int32Array;
    /** The header name of each Field's column, for messages ('' when absent). */
    readonly fieldName: readonly string[];
    /** The file has a public on-demand cost column. */
    readonly hasPublicCost: boolean;
    /** Header name of the public on-demand cost column of this format (present or not). */
    readonly publicCostColumn: string;
    /** Columns billing does not read that the header names more than once (a warning; the bill is not affected). */
    readonly duplicateColumns: readonly string[];
    /** The file has both line item identity columns (a line item id and its time interval). */
    readonly hasIdentity: boolean;
}

export function formatLabel(format: DataFormat): string {
    return FORMATS.find(f => f.format === format)!.label;
}

/**
 * Detects the format from a header and maps the needed columns by name.
 * Throws UNKNOWN_FORMAT (naming what each format expects) or MISSING_COLUMNS (listing all missing).
 */
export function mapColumns(header: readonly string[], file: string): ColumnMapping {
    const index = new Map<string, number>();
    /** Every position of each (case-insensitive) name. */
    const positions = new Map<string, number[]>();
    header.forEach((name, i) => {
        const key = name.trim().toLowerCase();
        if (!index.has(key)) index.set(key, i);
        positions.set(key, [...(positions.get(key) ?? []), i]);
    });
    const spec = FORMATS.find(f => f.signature.some(column => index.has(column.toLowerCase())));
    if (!spec) {
        const expected = FORMATS.map(f => `${f.label}: ${f.fields.filter(x => x.required).map(x => x.column).join(', ')}`).join('; ');
        throw ingestError('UNKNOWN_FORMAT',
            `the header matches no known format (CUR 1.0, CUR 2.0, FOCUS 1.x); expected columns — ${expected}`,
            { file, line: 1, expected, found: header.slice(0, 8).join(',') });
    }
    const columnField = new Int32Array(header.length).fill(-1);
    const fieldColumn = new Int32Array(FIELD_COUNT).fill(-1);
    const fieldName: string[] = new Array<string>(FIELD_COUNT).fill('');
    const missing: string[] = [];
    for (const { column } of spec.fields) {
        const at = positions.get(column.toLowerCase()) ?? [];
        if (at.length < 2) continue;
        // Two columns for one input: which one holds the amount is a guess, and a guess is no bill.
        const where = at.map(i => `${i + 1} (${JSON.stringify(header[i])})`).join(' and ');
        throw new IngestError('DUPLICATE_COLUMN',
            `${file}:1: the header has column ${column} ${at.length} times, at positions ${where}: which one to read is ambiguous; remove or rename the extra column${at.length > 2 ? 's' : ''}`,
            { file, line: 1, column: header[at[1]], expected: `column ${column} once`, found: `${at.length} columns` });
    }
    for (const { field, column, required } of spec.fields) {
        const at = index.get(column.toLowerCase());
        if (at === undefined) {
            if (required) missing.push(column);
            continue;
        }
        fieldColumn[field] = at;
        columnField[at] = field;
        fieldName[field] = header[at];
    }
    if (missing.length > 0) {
        throw new IngestError('MISSING_COLUMNS',
            `${file}:1: ${spec.label} file lacks required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
            { file, line: 1, column: missing.join(', '), expected: missing.join(', ') });
    }
    const publicCost = spec.fields.find(f => f.field === Field.PublicCost)!;
    return {
        format: spec.format,
        formatLabel: spec.format === 'cur2' && isAthenaCur1(index) ? 'CUR 1.0 Athena' : spec.label,
        header,
        columnField,
        fieldColumn,
        fieldName,
        // FOCUS defines ListCost as ListUnitPrice × PricingQuantity: either gives the public base.
        hasPublicCost: fieldColumn[Field.PublicCost] >= 0 || (fieldColumn[Field.ListUnitPrice] >= 0 && fieldColumn[Field.UsageAmountFallback] >= 0),
        publicCostColumn: publicCost.column,
        duplicateColumns: [...new Set(header.filter((name, i) => header.indexOf(name) !== i && name !== ''))],
        hasIdentity: fieldColumn[Field.LineItemId] >= 0 && fieldColumn[Field.TimeInterval] >= 0,
    };
}

/**
 * CUR 1.0 delivered for Athena (Parquet) has CUR 2.0's snake_case names for the columns the engine reads, so both
 * are read alike; what tells them apart is CUR 2.0's MAP columns (`product`, `resource_tags`, `cost_category`,
 * `discount`) against CUR 1.0's flat `product_…` / `resource_tags_…` ones. Only the label says which.
 */
function isAthenaCur1(index: ReadonlyMap<string, number>): boolean {
    if (['product', 'resource_tags', 'cost_category', 'discount'].some(name => index.has(name))) return false;
    for (const name of index.keys()) if (name.startsWith('product_') || name.startsWith('resource_tags_')) return true;
    return false;
}

/**
 * The column `billing export` adds to every row of a pro forma CUR (value: the billing group), in each
 * format's naming style (FOCUS: an `x_` custom column). Reading such a file back as data is warned about:
 * its costs are pro forma, not what AWS billed.
 */
export const PROFORMA_MARKER_COLUMN: Readonly<Record<DataFormat, string>> = {
    cur1: 'billingConductor/ProformaBillingGroup',
    cur2: 'billing_conductor_proforma_billing_group',
    focus: 'x_BillingConductorProformaBillingGroup',
};

const PROFORMA_MARKERS = new Set(Object.values(PROFORMA_MARKER_COLUMN).map(name => name.toLowerCase()));

export function isProformaExportHeader(header: readonly string[]): boolean {
    return header.some(name => PROFORMA_MARKERS.has(name.trim().toLowerCase()));
}
