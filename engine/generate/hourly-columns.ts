import { CUR1_COLUMNS } from './cur-columns.js';

/**
 * The columns of the generator's hourly mode (hourly-commitments.ts): CUR 1.0 names, and their CUR 2.0
 * (Data Exports) form. Reservation and Savings Plans columns are the ones re-applying commitments needs
 * (reservation/NumberOfReservations, TotalReservedNormalizedUnits, savingsPlan/SavingsPlanRate, …): the default
 * generator's columns up to the line item description, then product, pricing and commitment detail.
 */
export const HOURLY_CUR1_COLUMNS = [
    ...CUR1_COLUMNS.slice(0, CUR1_COLUMNS.indexOf('lineItem/LineItemDescription')),
    'lineItem/LineItemDescription', 'lineItem/LegalEntity',
    'product/ProductName', 'product/instanceType', 'product/instanceFamily', 'product/operatingSystem', 'product/tenancy',
    'product/productFamily', 'product/region', 'product/regionCode', 'product/servicecode', 'product/sku',
    'pricing/publicOnDemandCost', 'pricing/publicOnDemandRate', 'pricing/term', 'pricing/purchaseOption', 'pricing/unit',
    'reservation/ReservationARN', 'reservation/AvailabilityZone', 'reservation/NumberOfReservations',
    'reservation/NormalizedUnitsPerReservation', 'reservation/TotalReservedUnits', 'reservation/TotalReservedNormalizedUnits',
    'reservation/UnusedQuantity', 'reservation/UnusedNormalizedUnitQuantity', 'reservation/EffectiveCost',
    'reservation/RecurringFeeForUsage', 'reservation/UnusedRecurringFee',
    'savingsPlan/SavingsPlanARN', 'savingsPlan/OfferingType', 'savingsPlan/PaymentOption', 'savingsPlan/PurchaseTerm',
    'savingsPlan/Region', 'savingsPlan/InstanceTypeFamily', 'savingsPlan/SavingsPlanRate', 'savingsPlan/SavingsPlanEffectiveCost',
    'savingsPlan/TotalCommitmentToDate', 'savingsPlan/UsedCommitment', 'savingsPlan/RecurringCommitmentForBillingPeriod',
] as const;

export type HourlyColumn = typeof HOURLY_CUR1_COLUMNS[number];
export type HourlyRow = Partial<Record<HourlyColumn, string>>;

/**
 * CUR 2.0 keeps these product attributes as flattened columns; the others go into the `product` map
 * (a JSON object in CSV, keys in the legacy Athena form), as a real Data Export has them.
 */
const FLAT_PRODUCT = new Set<HourlyColumn>(['product/instanceType', 'product/instanceFamily', 'product/productFamily', 'product/regionCode', 'product/servicecode', 'product/sku']);

/** `lineItem/UsageAccountId` → `line_item_usage_account_id`; `reservation/ReservationARN` → `reservation_reservation_a_r_n`. */
export function cur2Name(column: string): string {
    const [category, name] = column.split('/') as [string, string];
    return `${snake(category)}_${snake(name)}`;
}

function snake(name: string): string {
    return name.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? '' : '_') + c.toLowerCase());
}

export const HOURLY_CUR2_COLUMNS: readonly string[] = [
    ...HOURLY_CUR1_COLUMNS.filter(c => !c.startsWith('product/') || FLAT_PRODUCT.has(c)).map(cur2Name),
    'product',
];

function csvField(value: string): string {
    return /[",\n\r]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
}

export function hourlyHeader(format: 'cur1' | 'cur2'): string {
    return (format === 'cur1' ? HOURLY_CUR1_COLUMNS : HOURLY_CUR2_COLUMNS).map(csvField).join(',') + '\n';
}

/** One CSV line of `row` in the format's columns. */
export function hourlyCsvLine(row: HourlyRow, format: 'cur1' | 'cur2'): string {
    if (format === 'cur1') return HOURLY_CUR1_COLUMNS.map(c => csvField(row[c] ?? '')).join(',') + '\n';
    const fields: string[] = [];
    const product: Record<string, string> = {};
    for (const column of HOURLY_CUR1_COLUMNS) {
        const value = row[column] ?? '';
        if (column.startsWith('product/') && !FLAT_PRODUCT.has(column)) {
            if (value !== '') product[snake(column.slice('product/'.length))] = value;
            continue;
        }
        fields.push(csvField(value));
    }
    fields.push(csvField(JSON.stringify(product)));
    return fields.join(',') + '\n';
}
