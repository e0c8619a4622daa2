import type { CubeKey } from '../cube/types.js';
import type { RowValues } from '../ingest/row-key.js';
import { streamRows } from '../ingest/stream-rows.js';
import { Exact, exactOf } from './exact.js';

/**
 * One line item of the data as the reference pricer reads it: its key (the dimensions a rule or the report can
 * see) and its raw measure texts, exactly what `streamRows` delivers per row. No aggregation: the reference prices
 * row by row.
 */
export type LineItem = Pick<RowValues, 'key' | 'accountName' | 'unblendedCost' | 'publicOnDemandCost' | 'usageAmount'> & {
    /** The columns commitment re-application reads (docs/semantics.md, "Hourly data"), as written ('' when absent). */
    readonly detail?: CommitmentColumns;
    /**
     * The row's readable product name as written (CUR 1.0 `product/ProductName`, CUR 2.0 `product_product_name`, else
     * the `product` map's `product_name`; FOCUS `ServiceName` when `x_ServiceCode` is the service); '' or absent: none.
     */
    readonly productName?: string;
};

/** The raw texts of the commitment columns of a CUR 1.0 / 2.0 row. */
export interface CommitmentColumns {
    readonly timeInterval: string;
    readonly usageStart: string;
    readonly usageEnd: string;
    readonly instanceType: string;
    readonly region: string;
    readonly availabilityZone: string;
    readonly tenancy: string;
    readonly normalizationFactor: string;
    readonly reservationArn: string;
    readonly numberOfReservations: string;
    readonly reservationZone: string;
    /**
     * RDS: `product/deploymentOption` (Single-AZ, Multi-AZ, Multi-AZ (readable standbys)); CUR 2.0: a flat
     * `product_deployment_option`, else, in CSV, the `product` map's `deployment_option` (see `deploymentOptionOf`).
     */
    readonly deploymentOption: string;
    readonly savingsPlanArn: string;
    readonly savingsPlanRate: string;
    readonly savingsPlanCommitment: string;
    readonly savingsPlanOffering: string;
}

/** CUR 1.0 and CUR 2.0 names of the commitment columns (docs/cli.md's column table), read by name, plainly. */
const DETAIL_COLUMNS: Readonly<Record<keyof CommitmentColumns, readonly [string, string]>> = {
    timeInterval: ['identity/TimeInterval', 'identity_time_interval'],
    usageStart: ['lineItem/UsageStartDate', 'line_item_usage_start_date'],
    usageEnd: ['lineItem/UsageEndDate', 'line_item_usage_end_date'],
    instanceType: ['product/instanceType', 'product_instance_type'],
    region: ['product/region', 'product_region_code'],
    availabilityZone: ['lineItem/AvailabilityZone', 'line_item_availability_zone'],
    tenancy: ['product/tenancy', 'product_tenancy'],
    normalizationFactor: ['lineItem/NormalizationFactor', 'line_item_normalization_factor'],
    reservationArn: ['reservation/ReservationARN', 'reservation_reservation_a_r_n'],
    numberOfReservations: ['reservation/NumberOfReservations', 'reservation_number_of_reservations'],
    reservationZone: ['reservation/AvailabilityZone', 'reservation_availability_zone'],
    deploymentOption: ['product/deploymentOption', 'product_deployment_option'],
    savingsPlanArn: ['savingsPlan/SavingsPlanARN', 'savings_plan_savings_plan_a_r_n'],
    savingsPlanRate: ['savingsPlan/SavingsPlanRate', 'savings_plan_savings_plan_rate'],
    savingsPlanCommitment: ['savingsPlan/TotalCommitmentToDate', 'savings_plan_total_commitment_to_date'],
    savingsPlanOffering: ['savingsPlan/OfferingType', 'savings_plan_offering_type'],
};

/** Every line item of the files (periods restricted if asked), in file and row order. */
export async function readLineItems(files: readonly string[], periods?: readonly string[]): Promise<LineItem[]> {
    const items: LineItem[] = [];
    for (const file of files) {
        let columns: [keyof CommitmentColumns, number][] = [];
        let nameOf: (fields: readonly string[]) => string = () => '';
        let productMap = -1;
        await streamRows(file, (header, info) => {
            nameOf = productNameReader(header, info.format);
            const cur2 = info.format === 'cur2' ? 1 : 0;
            columns = info.format === 'focus' ? [] : (Object.keys(DETAIL_COLUMNS) as (keyof CommitmentColumns)[]).map((name) => [name, header.indexOf(DETAIL_COLUMNS[name][cur2])]);
            productMap = info.format === 'cur2' ? header.indexOf('product') : -1;
        }, (row) => {
            const raw = columns.length === 0 ? undefined
                : Object.fromEntries(columns.map(([name, column]) => [name, column >= 0 ? row.fields[column] ?? '' : ''])) as unknown as CommitmentColumns;
            const detail = raw && { ...raw, deploymentOption: deploymentOptionOf(raw.deploymentOption, productMap >= 0 ? row.fields[productMap] ?? '' : '') };
            items.push({
                key: row.key, accountName: row.accountName, unblendedCost: row.unblendedCost, publicOnDemandCost: row.publicOnDemandCost, usageAmount: row.usageAmount,
                ...(detail && { detail }),
                productName: nameOf(row.fields),
            });
        }, periods ? { periods } : {});
    }
    return items;
}

/**
 * docs/semantics.md, "Hourly data" (approximations): "An RDS reservation's deployment is its RIFee line's
 * `product/deploymentOption` (CUR 2.0: a flat `product_deployment_option`, else, in CSV, the `product` map's
 * `deployment_option`; in Parquet the nested `product` map's `deployment_option` likewise)".
 * `map` is the row's `product` cell ('' for CUR 1.0): JSON text of the map (a Parquet MAP is streamed as JSON too).
 */
function deploymentOptionOf(flat: string, map: string): string {
    if (flat !== '' || !map.trimStart().startsWith('{')) return flat;
    try {
        const value = (JSON.parse(map) as Record<string, unknown>).deployment_option;
        return typeof value === 'string' ? value : '';
    } catch {
        return '';
    }
}

/**
 * docs/semantics.md, "Line item treatment" (the table), restated here rather than imported from engine/price:
 * the oracle must not share the classification it checks.
 */
export type LineItemKind = 'usage' | 'covered' | 'negation' | 'fee' | 'excluded' | 'unknown';

const SUPPORT = ['AWSSupportBusiness', 'AWSSupportEnterprise', 'AWSSupportDeveloper', 'AWSDeveloperSupport', 'OCBPremiumSupport', 'AWSSupportEnterpriseOnRamp'];
const EXCLUDED = ['Credit', 'Tax', 'Refund', 'EdpDiscount', 'PrivateRateDiscount', 'BundledDiscount', 'RiVolumeDiscount', 'SppDiscount', 'DistributorDiscount', 'Discount'];

export function kindOf(key: Pick<CubeKey, 'lineItemType' | 'service'>): LineItemKind {
    const type = key.lineItemType;
    // "Support (service codes …, and any code starting with AWSSupport), whatever the line item type: 0 (excluded)".
    if (SUPPORT.includes(key.service) || key.service.startsWith('AWSSupport')) return 'excluded';
    if (type === 'Usage') return 'usage';
    if (type === 'DiscountedUsage' || type === 'SavingsPlanCoveredUsage') return 'covered';
    if (type === 'SavingsPlanNegation') return 'negation';
    if (type === 'RIFee' || type === 'Fee' || type === 'SavingsPlanRecurringFee' || type === 'SavingsPlanUpfrontFee') return 'fee';
    // "Credit, Tax, Refund, … and any other type ending in Discount: 0 (excluded)".
    if (EXCLUDED.includes(type) || type.endsWith('Discount')) return 'excluded';
    // "Any other (unknown) line item type: unblended cost".
    return 'unknown';
}

export function unblendedOf(item: LineItem): Exact {
    return exactOf(item.unblendedCost);
}

/**
 * docs/semantics.md, "Repricing usage": "A row has no public price when its public on-demand cost is empty, or 0
 * while the row is billed (unblended cost ≠ 0)." A file without the column has no public price on any row.
 */
export function hasPublicPrice(item: LineItem): boolean {
    const text = item.publicOnDemandCost;
    if (text === undefined || text === '') return false;
    return !new Exact(text).isZero() || unblendedOf(item).isZero();
}

/**
 * "The free-tier public cost is the public on-demand cost of usage rows billed at zero although their public cost
 * is positive (usage the AWS Free Tier covered)." Usage rows only: covered usage is never free tier.
 */
export function freeTierPublicCost(item: LineItem): Exact {
    if (item.key.lineItemType !== 'Usage' || !unblendedOf(item).isZero()) return new Exact(0);
    const publicCost = exactOf(item.publicOnDemandCost);
    return publicCost.gt(0) ? publicCost : new Exact(0);
}

/**
 * docs/semantics.md, "Free tier": which offer covered a free-tier row, the table of the docs as written there
 * ("first match wins"; a row no line matches counts as Always Free).
 */
const TWELVE_MONTH_SERVICES = ['AmazonS3', 'AmazonRDS', 'AmazonElastiCache', 'AWSELB', 'AmazonES', 'AmazonApiGateway', 'AmazonEFS', 'AmazonECR'];

export function isTwelveMonthOffer(service: string, usageType: string): boolean {
    if (usageType.includes('DataTransfer') || usageType.endsWith('-Out-Bytes')) return false;
    if (service === 'AmazonEC2') return true;
    if (service === 'AmazonVPC' && usageType.includes('PublicIPv4')) return true;
    // The Always Free services of the table (Lambda, DynamoDB, …) and every unlisted one: Always Free.
    return TWELVE_MONTH_SERVICES.includes(service);
}

/** The text that identifies a line item's cube cell: rows with equal keys are one "line item" of the cube. */
export function cellKeyOf(key: CubeKey): string {
    return [key.period, key.accountId, key.service, key.usageType, key.operation, key.lineItemType, key.billingEntity, key.currency, key.commitmentOwnerId].join('\u0000');
}

/**
 * The product name of a row, read plainly from its own columns (found by name, case-insensitively, as docs/cli.md
 * says): restated here rather than taken from the ingest's column map.
 */
function productNameReader(header: readonly string[], format: 'cur1' | 'cur2' | 'focus'): (fields: readonly string[]) => string {
    const at = (name: string): number => header.findIndex((column) => column.trim().toLowerCase() === name.toLowerCase());
    if (format === 'focus') {
        const code = at('x_ServiceCode');
        const name = at('ServiceName');
        const value = (fields: readonly string[], i: number): string => (i >= 0 && fields[i] !== 'NULL' ? (fields[i] ?? '').trim() : '');
        return (fields) => (code >= 0 && value(fields, code) !== '' ? value(fields, name) : '');
    }
    const flat = at(format === 'cur1' ? 'product/ProductName' : 'product_product_name');
    const map = format === 'cur2' ? at('product') : -1;
    return (fields) => {
        const name = flat >= 0 ? (fields[flat] ?? '').trim() : '';
        if (name !== '' || map < 0 || !(fields[map] ?? '').startsWith('{')) return name;
        try {
            const value = (JSON.parse(fields[map]!) as Record<string, unknown>).product_name;
            return typeof value === 'string' ? value.trim() : '';
        } catch {
            return '';
        }
    };
}
