import type { DataFormat } from '../cube/types.js';

/**
 * Which columns of each input format a pro forma export rewrites, and which it fills on the rows of
 * custom line items. Names are matched case-insensitively, like the ingest does.
 */
export interface ExportColumns {
    /** Set to the row's pro forma cost on every row (the cost side: unblended, blended, net). */
    readonly cost: readonly string[];
    /** Also set to the pro forma cost, but on repriced rows only (kept rows keep their amortized figures). */
    readonly repricedCost: readonly string[];
    /** Per-unit rates set to the pro forma rate on repriced rows (kept rows keep their unblended rate). */
    readonly rate: readonly string[];
    /** The public on-demand rate a repriced row's rate is derived from. */
    readonly publicRate: string;
    /** The unblended rate (the rate of rows priced from their unblended cost, for lack of a public one). */
    readonly unblendedRate: string;
    /** Billing period bounds (custom line item rows span the whole period). */
    readonly periodStart: string;
    readonly periodEnd: string;
    /** Columns emptied on every row: the invoice id (pro forma data has none), discounts, split cost allocation. */
    readonly cleared: (lowerCaseName: string) => boolean;
    /** What the rows of custom line items carry, by column. */
    readonly lineItem: LineItemColumns;
}

export interface LineItemColumns {
    readonly id?: string;
    readonly timeInterval?: string;
    readonly billType?: string;
    readonly billingEntity?: string;
    readonly account: string;
    readonly accountName?: string;
    /** CUR line item type (`Fee`, `Proforma_Credit` …) or, for FOCUS, the charge category. */
    readonly type: string;
    readonly chargeFrequency?: string;
    readonly usageStart: string;
    readonly usageEnd: string;
    readonly product: readonly string[];
    readonly productName?: string;
    readonly usageAmount: readonly string[];
    readonly description: string;
    /** Copied from a line item of the same billing period: payer, invoicing entity, period bounds, currency. */
    readonly fromPeriod: readonly string[];
    /** Itemized rows also copy these from the line item they accompany. */
    readonly fromLineItem: readonly string[];
}

const CUR1: ExportColumns = {
    cost: ['lineItem/UnblendedCost', 'lineItem/BlendedCost', 'lineItem/NetUnblendedCost'],
    repricedCost: [],
    rate: ['lineItem/UnblendedRate', 'lineItem/BlendedRate', 'lineItem/NetUnblendedRate'],
    publicRate: 'pricing/publicOnDemandRate',
    unblendedRate: 'lineItem/UnblendedRate',
    periodStart: 'bill/BillingPeriodStartDate',
    periodEnd: 'bill/BillingPeriodEndDate',
    cleared: (name) => name === 'bill/invoiceid' || name.startsWith('discount/'),
    lineItem: {
        id: 'identity/LineItemId',
        timeInterval: 'identity/TimeInterval',
        billType: 'bill/BillType',
        billingEntity: 'bill/BillingEntity',
        account: 'lineItem/UsageAccountId',
        type: 'lineItem/LineItemType',
        usageStart: 'lineItem/UsageStartDate',
        usageEnd: 'lineItem/UsageEndDate',
        product: ['lineItem/ProductCode', 'product/servicecode'],
        productName: 'product/ProductName',
        usageAmount: ['lineItem/UsageAmount'],
        description: 'lineItem/LineItemDescription',
        fromPeriod: ['bill/PayerAccountId', 'bill/InvoicingEntity', 'bill/BillingPeriodStartDate', 'bill/BillingPeriodEndDate', 'lineItem/CurrencyCode', 'lineItem/LegalEntity'],
        fromLineItem: ['identity/TimeInterval', 'lineItem/UsageStartDate', 'lineItem/UsageEndDate', 'lineItem/UsageType', 'lineItem/Operation', 'lineItem/ResourceId', 'lineItem/AvailabilityZone', 'product/region'],
    },
};

const CUR2: ExportColumns = {
    cost: ['line_item_unblended_cost', 'line_item_blended_cost', 'line_item_net_unblended_cost'],
    repricedCost: [],
    rate: ['line_item_unblended_rate', 'line_item_blended_rate', 'line_item_net_unblended_rate'],
    publicRate: 'pricing_public_on_demand_rate',
    unblendedRate: 'line_item_unblended_rate',
    periodStart: 'bill_billing_period_start_date',
    periodEnd: 'bill_billing_period_end_date',
    cleared: (name) => name === 'bill_invoice_id' || name === 'discount' || name.startsWith('discount_') || name.startsWith('split_line_item_'),
    lineItem: {
        id: 'identity_line_item_id',
        timeInterval: 'identity_time_interval',
        billType: 'bill_bill_type',
        billingEntity: 'bill_billing_entity',
        account: 'line_item_usage_account_id',
        accountName: 'line_item_usage_account_name',
        type: 'line_item_line_item_type',
        usageStart: 'line_item_usage_start_date',
        usageEnd: 'line_item_usage_end_date',
        product: ['line_item_product_code', 'product_servicecode'],
        usageAmount: ['line_item_usage_amount'],
        description: 'line_item_line_item_description',
        fromPeriod: ['bill_payer_account_id', 'bill_payer_account_name', 'bill_invoicing_entity', 'bill_billing_period_start_date', 'bill_billing_period_end_date', 'line_item_currency_code', 'line_item_legal_entity'],
        fromLineItem: ['identity_time_interval', 'line_item_usage_start_date', 'line_item_usage_end_date', 'line_item_usage_type', 'line_item_operation', 'line_item_resource_id', 'line_item_availability_zone', 'product_region_code'],
    },
};

const FOCUS: ExportColumns = {
    cost: ['BilledCost'],
    // Pro forma has no negotiated and no amortized view of repriced usage: they equal the billed cost.
    repricedCost: ['EffectiveCost', 'ContractedCost'],
    rate: ['ContractedUnitPrice'],
    publicRate: 'ListUnitPrice',
    unblendedRate: 'ContractedUnitPrice',
    periodStart: 'BillingPeriodStart',
    periodEnd: 'BillingPeriodEnd',
    cleared: (name) => name === 'invoiceid' || name === 'x_discounts',
    lineItem: {
        account: 'SubAccountId',
        accountName: 'SubAccountName',
        type: 'ChargeCategory',
        chargeFrequency: 'ChargeFrequency',
        usageStart: 'ChargePeriodStart',
        usageEnd: 'ChargePeriodEnd',
        product: ['x_ServiceCode', 'ServiceName'],
        usageAmount: ['ConsumedQuantity', 'PricingQuantity'],
        description: 'ChargeDescription',
        fromPeriod: ['BillingAccountId', 'BillingAccountName', 'BillingPeriodStart', 'BillingPeriodEnd', 'BillingCurrency', 'InvoiceIssuerName', 'ProviderName', 'PublisherName'],
        fromLineItem: ['ChargePeriodStart', 'ChargePeriodEnd', 'ResourceId', 'RegionId', 'RegionName', 'AvailabilityZone', 'x_UsageType', 'x_Operation'],
    },
};

export function exportColumns(format: DataFormat): ExportColumns {
    return format === 'cur1' ? CUR1 : format === 'cur2' ? CUR2 : FOCUS;
}
