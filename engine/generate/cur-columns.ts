/** The CUR 1.0 columns the generator writes, in order. */
export const CUR1_COLUMNS = [
    'identity/LineItemId', 'identity/TimeInterval', 'bill/InvoiceId', 'bill/InvoicingEntity', 'bill/BillingEntity',
    'bill/BillType', 'bill/PayerAccountId', 'bill/BillingPeriodStartDate', 'bill/BillingPeriodEndDate',
    'lineItem/UsageAccountId', 'lineItem/LineItemType', 'lineItem/UsageStartDate', 'lineItem/UsageEndDate',
    'lineItem/ProductCode', 'lineItem/UsageType', 'lineItem/Operation', 'lineItem/AvailabilityZone', 'lineItem/ResourceId',
    'lineItem/UsageAmount', 'lineItem/NormalizationFactor', 'lineItem/NormalizedUsageAmount', 'lineItem/CurrencyCode',
    'lineItem/UnblendedRate', 'lineItem/UnblendedCost', 'lineItem/BlendedRate', 'lineItem/BlendedCost',
    'lineItem/LineItemDescription', 'lineItem/TaxType', 'lineItem/LegalEntity', 'product/ProductName',
    'product/instanceType', 'product/productFamily', 'product/region', 'product/servicecode', 'product/sku',
    'pricing/publicOnDemandCost', 'pricing/publicOnDemandRate', 'pricing/term', 'pricing/purchaseOption', 'pricing/unit',
    'reservation/EffectiveCost', 'reservation/ReservationARN',
    'reservation/AmortizedUpfrontCostForUsage', 'reservation/RecurringFeeForUsage',
    'reservation/AmortizedUpfrontFeeForBillingPeriod', 'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod',
    'reservation/UnusedRecurringFee', 'reservation/UnusedQuantity', 'reservation/TotalReservedUnits',
    'savingsPlan/SavingsPlanARN', 'savingsPlan/SavingsPlanEffectiveCost', 'savingsPlan/SavingsPlanRate',
    'savingsPlan/TotalCommitmentToDate', 'savingsPlan/UsedCommitment', 'savingsPlan/RecurringCommitmentForBillingPeriod',
    'resourceTags/user:Environment', 'resourceTags/user:Cost Center',
] as const;

export type Column = typeof CUR1_COLUMNS[number];
export type Row = Partial<Record<Column, string>>;

const NEEDS_QUOTES = /[",\n\r]/;

/** The row as one CSV line (RFC 4180 quoting), newline included. */
export function csvLine(row: Row): string {
    let line = '';
    for (let i = 0; i < CUR1_COLUMNS.length; i++) {
        const value = row[CUR1_COLUMNS[i]!];
        if (i > 0) line += ',';
        // A third of a row's columns are empty: no test for them.
        if (value === undefined || value === '') continue;
        line += NEEDS_QUOTES.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
    }
    return line + '\n';
}
