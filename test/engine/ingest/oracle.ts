import { DuckDBInstance } from '@duckdb/node-api';
import { expect } from 'vitest';
import type { Cube, CubeCell } from '../../../engine/cube/types.js';
import { Decimal } from '../../../engine/money/decimal.js';

/**
 * The independent oracle of the ingest tests: DuckDB SQL over the same files (every column read as
 * VARCHAR, sums as DECIMAL(38,18) — exact for every value in the test data), grouped by the cube key.
 * The FOCUS derivations are written again here in SQL, from the mapping table, not from the code.
 */

export interface OracleCell {
    readonly key: string;
    readonly unblendedCost: string;
    readonly publicOnDemandCost: string;
    readonly freeTierPublicCost: string;
    readonly unblendedWithoutPublicCost: string;
    readonly usageAmount: string;
    readonly rows: number;
    readonly rowsWithoutPublicCost: number;
}

export type OracleFormat = 'cur1' | 'cur2' | 'focus';

const D = 'DECIMAL(38,18)';
const num = (column: string): string => `CAST(coalesce(nullif(nullif(trim(${column}), ''), 'NULL'), '0') AS ${D})`;
const blank = (column: string): string => `(${column} IS NULL OR trim(${column}) = '' OR ${column} = 'NULL')`;
const owner = (arn: string): string => `regexp_extract(coalesce(${arn}, ''), '^arn:[^:]*:[^:]*:[^:]*:([0-9]+):', 1)`;

function columnsOf(format: OracleFormat, hasPublic: boolean, hasEntity = true, hasArns = true): Record<string, string> {
    if (format === 'cur1') {
        return {
            period: 'substr("bill/BillingPeriodStartDate", 1, 7)', account: '"lineItem/UsageAccountId"', service: '"lineItem/ProductCode"',
            usageType: '"lineItem/UsageType"', operation: '"lineItem/Operation"', type: '"lineItem/LineItemType"',
            entity: hasEntity ? '"bill/BillingEntity"' : `'AWS'`, currency: '"lineItem/CurrencyCode"',
            owner: hasArns ? `coalesce(nullif(${owner('"reservation/ReservationARN"')}, ''), ${owner('"savingsPlan/SavingsPlanARN"')})` : `''`,
            unblended: '"lineItem/UnblendedCost"', public: hasPublic ? '"pricing/publicOnDemandCost"' : 'NULL', usage: '"lineItem/UsageAmount"',
        };
    }
    if (format === 'cur2') {
        return {
            period: 'substr(bill_billing_period_start_date, 1, 7)', account: 'line_item_usage_account_id', service: 'line_item_product_code',
            usageType: 'line_item_usage_type', operation: 'line_item_operation', type: 'line_item_line_item_type',
            entity: 'bill_billing_entity', currency: 'line_item_currency_code',
            owner: `coalesce(nullif(${owner('reservation_reservation_a_r_n')}, ''), ${owner('savings_plan_savings_plan_a_r_n')})`,
            unblended: 'line_item_unblended_cost', public: hasPublic ? 'pricing_public_on_demand_cost' : 'NULL', usage: 'line_item_usage_amount',
        };
    }
    const v = (c: string): string => `nullif(${c}, 'NULL')`;
    // FOCUS → CUR line item type, straight from the table in engine/ingest/focus-mapping.ts's doc comment.
    const commitment = `CASE WHEN lower(coalesce(${v('CommitmentDiscountType')}, '')) LIKE '%savings%' THEN 'sp'
        WHEN lower(coalesce(${v('CommitmentDiscountType')}, '')) LIKE '%reserv%' THEN 'ri' ELSE '' END`;
    const status = `lower(coalesce(${v('CommitmentDiscountStatus')}, ''))`;
    const type = `CASE lower(ChargeCategory)
        WHEN 'usage' THEN CASE
            WHEN ${commitment} = 'ri' AND ${status} = 'used' THEN 'DiscountedUsage'
            WHEN ${commitment} = 'ri' AND ${status} = 'unused' THEN 'RIFee'
            WHEN ${commitment} = 'sp' AND ${status} = 'used' THEN 'SavingsPlanCoveredUsage'
            WHEN ${commitment} = 'sp' AND ${status} = 'unused' THEN 'SavingsPlanRecurringFee'
            ELSE 'Usage' END
        WHEN 'purchase' THEN CASE
            WHEN ${commitment} = 'ri' THEN CASE WHEN lower(ChargeFrequency) = 'one-time' THEN 'Fee' ELSE 'RIFee' END
            WHEN ${commitment} = 'sp' THEN CASE WHEN lower(ChargeFrequency) = 'one-time' THEN 'SavingsPlanUpfrontFee' ELSE 'SavingsPlanRecurringFee' END
            ELSE 'Fee' END
        WHEN 'tax' THEN 'Tax' WHEN 'credit' THEN 'Credit' WHEN 'adjustment' THEN 'Refund' WHEN 'refund' THEN 'Refund'
        ELSE ChargeCategory END`;
    const isAws = (c: string): string => `(lower(${c}) = 'aws' OR lower(${c}) LIKE 'aws %' OR lower(${c}) LIKE 'amazon web services%' OR lower(${c}) LIKE 'amazon internet services%')`;
    const entity = `CASE WHEN coalesce(${v('ProviderName')}, '') <> '' AND NOT ${isAws('ProviderName')} THEN ProviderName
        WHEN coalesce(${v('PublisherName')}, '') <> '' AND NOT ${isAws('PublisherName')} THEN 'AWS Marketplace'
        WHEN lower(coalesce(InvoiceIssuerName, '')) LIKE '%amazon internet services%' THEN 'AISPL' ELSE 'AWS' END`;
    return {
        period: 'substr(BillingPeriodStart, 1, 7)', account: `coalesce(${v('SubAccountId')}, '')`, service: `coalesce(${v('ServiceName')}, '')`,
        usageType: `''`, operation: `''`, type, entity, currency: 'BillingCurrency', owner: owner(v('CommitmentDiscountId')),
        unblended: 'BilledCost', public: hasPublic ? 'ListCost' : 'NULL',
        usage: `coalesce(nullif(nullif(trim(ConsumedQuantity), ''), 'NULL'), PricingQuantity)`,
    };
}

export interface OracleOptions {
    readonly format: OracleFormat;
    readonly hasPublicCost?: boolean;
    readonly hasBillingEntity?: boolean;
    readonly hasArns?: boolean;
    readonly periods?: readonly string[];
    /** CUR 1.0 columns the files lack (read as NULL). */
    readonly absentColumns?: readonly string[];
}

/** DuckDB's cube of the given CSV files (same column set per call). */
export async function oracleCube(files: readonly string[], options: OracleOptions): Promise<Map<string, OracleCell>> {
    const c = columnsOf(options.format, options.hasPublicCost ?? true, options.hasBillingEntity ?? true, options.hasArns ?? true);
    for (const absent of options.absentColumns ?? []) {
        for (const k of Object.keys(c)) c[k] = c[k].split(`"${absent}"`).join('CAST(NULL AS VARCHAR)');
    }
    const list = files.map(f => `'${f.replace(/'/g, "''")}'`).join(', ');
    const source = `read_csv([${list}], all_varchar = true, header = true, union_by_name = true, quote = '"', escape = '"', strict_mode = true)`;
    const where = options.periods ? `WHERE ${c.period} IN (${options.periods.map(p => `'${p}'`).join(', ')})` : '';
    // No public price: the cell is empty, or 0 while the row is billed (Spot, Marketplace, idle Elastic IPs).
    const noPublic = `(${blank(c.public)} OR (${num(c.public)} = 0 AND ${num(c.unblended)} <> 0))`;
    const sql = `
        SELECT ${c.period} AS period, coalesce(${c.account}, '') AS account, coalesce(${c.service}, '') AS service,
               coalesce(${c.usageType}, '') AS usage_type, coalesce(${c.operation}, '') AS operation, ${c.type} AS type,
               coalesce(${c.entity}, '') AS entity, coalesce(${c.currency}, '') AS currency, coalesce(${c.owner}, '') AS owner,
               sum(${num(c.unblended)})::VARCHAR AS unblended,
               coalesce(sum(CASE WHEN NOT ${blank(c.public)} THEN ${num(c.public)} END), 0)::VARCHAR AS public,
               coalesce(sum(CASE WHEN ${c.type} = 'Usage' AND ${num(c.unblended)} = 0 AND NOT ${blank(c.public)} AND ${num(c.public)} > 0
                                 THEN ${num(c.public)} END), 0)::VARCHAR AS free_tier,
               coalesce(sum(CASE WHEN ${noPublic} THEN ${num(c.unblended)} END), 0)::VARCHAR AS unblended_no_public,
               sum(${num(c.usage)})::VARCHAR AS usage,
               count(*)::INTEGER AS n,
               count(*) FILTER (WHERE ${noPublic})::INTEGER AS n_no_public
        FROM ${source} ${where}
        GROUP BY ALL`;
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
        const reader = await connection.runAndReadAll(sql);
        const out = new Map<string, OracleCell>();
        for (const row of reader.getRowsJson()) {
            const r = row as (string | number)[];
            const key = r.slice(0, 9).join('|');
            out.set(key, {
                key, unblendedCost: String(r[9]), publicOnDemandCost: String(r[10]), freeTierPublicCost: String(r[11]),
                unblendedWithoutPublicCost: String(r[12]), usageAmount: String(r[13]), rows: Number(r[14]), rowsWithoutPublicCost: Number(r[15]),
            });
        }
        return out;
    } finally {
        connection.closeSync();
    }
}

export function cellKey(cell: CubeCell): string {
    return [cell.period, cell.accountId, cell.service, cell.usageType, cell.operation, cell.lineItemType, cell.billingEntity, cell.currency, cell.commitmentOwnerId].join('|');
}

/** Asserts that every cube cell equals DuckDB's group to the last decimal, and that both have the same keys. */
export function expectCubeMatchesOracle(cube: Cube, oracle: Map<string, OracleCell>): void {
    const mismatches: string[] = [];
    const seen = new Set<string>();
    for (const cell of cube.cells) {
        const key = cellKey(cell);
        seen.add(key);
        const expected = oracle.get(key);
        if (!expected) { mismatches.push(`extra cell ${key}`); continue; }
        const pairs: [string, Decimal, string][] = [
            ['unblendedCost', cell.unblendedCost, expected.unblendedCost],
            ['publicOnDemandCost', cell.publicOnDemandCost, expected.publicOnDemandCost],
            ['freeTierPublicCost', cell.freeTierPublicCost, expected.freeTierPublicCost],
            ['unblendedWithoutPublicCost', cell.unblendedWithoutPublicCost, expected.unblendedWithoutPublicCost],
            ['usageAmount', cell.usageAmount, expected.usageAmount],
        ];
        for (const [name, actual, want] of pairs) {
            if (!actual.eq(new Decimal(want))) mismatches.push(`${key} ${name}: ${actual.toFixed()} ≠ ${want}`);
        }
        if (cell.rows !== expected.rows) mismatches.push(`${key} rows: ${cell.rows} ≠ ${expected.rows}`);
        if (cell.rowsWithoutPublicCost !== expected.rowsWithoutPublicCost) mismatches.push(`${key} rowsWithoutPublicCost: ${cell.rowsWithoutPublicCost} ≠ ${expected.rowsWithoutPublicCost}`);
    }
    for (const key of oracle.keys()) if (!seen.has(key)) mismatches.push(`missing cell ${key}`);
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(cube.cells.length).toBe(oracle.size);
}

/** Σ of a measure over the cube, optionally filtered. */
export function total(cube: Cube, measure: 'unblendedCost' | 'publicOnDemandCost' | 'freeTierPublicCost' | 'usageAmount', filter: (c: CubeCell) => boolean = () => true): Decimal {
    return cube.cells.filter(filter).reduce((sum, c) => sum.plus(c[measure]), new Decimal(0));
}
