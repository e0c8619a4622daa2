/**
 * DuckDB computing the engine's cube from the same file: the contender of `npm run bench`.
 *
 * The anchor ('typed') is the query a competent DuckDB user writes: only the needed columns, typed at
 * read (CSV: `types={…}` with costs as DECIMAL(18,10), so each value is parsed once, exactly; Parquet:
 * the file's own types), exact DECIMAL(38,10) sums, the engine's GROUP BY (period, account, service,
 * usage type, operation, line item type, billing entity, currency, commitment owner). 'varchar' reads
 * every column as text and casts in the query (the old, weaker anchor, kept as a labelled extra);
 * 'double' sums inexact doubles (reference only).
 */

export type DuckVariant = 'typed' | 'varchar' | 'double';
export type BenchFormat = 'cur1' | 'cur2' | 'focus';

/** Column names of the cube's inputs in each format (CUR 2.0 names are also legacy Athena CUR 1.0's). */
const COLUMNS: Record<BenchFormat, Record<'period' | 'account' | 'service' | 'usageType' | 'operation' | 'lineItemType' | 'entity' | 'currency' | 'reservation' | 'savingsPlan' | 'unblended' | 'publicCost' | 'usage', string>> = {
    cur1: {
        period: 'bill/BillingPeriodStartDate', account: 'lineItem/UsageAccountId', service: 'lineItem/ProductCode', usageType: 'lineItem/UsageType',
        operation: 'lineItem/Operation', lineItemType: 'lineItem/LineItemType', entity: 'bill/BillingEntity', currency: 'lineItem/CurrencyCode',
        reservation: 'reservation/ReservationARN', savingsPlan: 'savingsPlan/SavingsPlanARN', unblended: 'lineItem/UnblendedCost',
        publicCost: 'pricing/publicOnDemandCost', usage: 'lineItem/UsageAmount',
    },
    cur2: {
        period: 'bill_billing_period_start_date', account: 'line_item_usage_account_id', service: 'line_item_product_code', usageType: 'line_item_usage_type',
        operation: 'line_item_operation', lineItemType: 'line_item_line_item_type', entity: 'bill_billing_entity', currency: 'line_item_currency_code',
        reservation: 'reservation_reservation_a_r_n', savingsPlan: 'savings_plan_savings_plan_a_r_n', unblended: 'line_item_unblended_cost',
        publicCost: 'pricing_public_on_demand_cost', usage: 'line_item_usage_amount',
    },
    // FOCUS derives line item type and billing entity from several columns: grouped by those inputs.
    focus: {
        period: 'BillingPeriodStart', account: 'SubAccountId', service: 'x_ServiceCode', usageType: 'x_UsageType',
        operation: 'x_Operation', lineItemType: 'ChargeCategory', entity: 'PublisherName', currency: 'BillingCurrency',
        reservation: 'CommitmentDiscountId', savingsPlan: 'CommitmentDiscountType', unblended: 'BilledCost',
        publicCost: 'ListCost', usage: 'ConsumedQuantity',
    },
};

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** The cube's GROUP BY over one file, as SQL. */
export function cubeQuery(file: string, format: BenchFormat, variant: DuckVariant): string {
    const c = COLUMNS[format];
    const parquet = /\.parquet$/i.test(file);
    const money = variant === 'double' ? 'DOUBLE' : 'DECIMAL(18,10)';
    // DECIMAL(18,10) holds every generated amount exactly (below 10^8, at most 10 decimals; the bench data is checked for it).
    const quantity = variant === 'double' ? 'DOUBLE' : 'DECIMAL(18,10)';
    let source: string;
    let value: (column: string, type: string) => string;
    if (parquet) {
        source = `read_parquet(${literal(file)})`;
        value = (column, type) => (variant === 'typed' ? `CAST(${q(column)} AS ${type})` : `CAST(CAST(${q(column)} AS VARCHAR) AS ${type})`);
    } else if (variant === 'typed') {
        const types = [c.unblended, c.publicCost].map(n => `${literal(n)}: 'DECIMAL(18,10)'`).concat(`${literal(c.usage)}: 'DECIMAL(18,10)'`,
            ...[c.period, c.account, c.service, c.usageType, c.operation, c.lineItemType, c.entity, c.currency, c.reservation, c.savingsPlan].map(n => `${literal(n)}: 'VARCHAR'`));
        source = `read_csv(${literal(file)}, header = true, types = {${types.join(', ')}})`;
        value = column => q(column);
    } else {
        source = `read_csv(${literal(file)}, all_varchar = true, header = true)`;
        value = (column, type) => `CAST(nullif(${q(column)}, '') AS ${type})`;
    }
    const u = value(c.unblended, money);
    const p = value(c.publicCost, money);
    const commitment = format === 'focus'
        ? `split_part(${q(c.reservation)}, ':', 5), ${q(c.savingsPlan)}`
        : `coalesce(nullif(split_part(${q(c.reservation)}, ':', 5), ''), split_part(${q(c.savingsPlan)}, ':', 5))`;
    const key = `substr(CAST(${q(c.period)} AS VARCHAR), 1, 7), ${q(c.account)}, ${q(c.service)}, ${q(c.usageType)}, ${q(c.operation)},
        ${q(c.lineItemType)}, ${q(c.entity)}, ${q(c.currency)}, ${commitment}`;
    const sums = `sum(${u}), sum(${p}), sum(${p}) FILTER (WHERE ${q(c.lineItemType)} = 'Usage' AND ${u} = 0 AND ${p} > 0),
        sum(${u}) FILTER (WHERE ${p} IS NULL), sum(${value(c.usage, quantity)}), count(*), count(*) FILTER (WHERE ${p} IS NULL)`;
    return `SELECT ${key}, ${sums} FROM ${source} GROUP BY ALL`;
}

/** A DuckDB connection in this process, timing each query (wall and this process's CPU: DuckDB's threads run in it). */
export class DuckContender {
    private constructor(private readonly connection: import('@duckdb/node-api').DuckDBConnection) {}

    static async open(): Promise<DuckContender> {
        const { DuckDBInstance } = await import('@duckdb/node-api');
        const instance = await DuckDBInstance.create(':memory:');
        return new DuckContender(await instance.connect());
    }

    async threads(): Promise<string> {
        return String((await this.connection.runAndReadAll(`SELECT current_setting('threads')`)).getRowsJson()[0]![0]);
    }

    async sql(text: string): Promise<void> {
        await this.connection.run(text);
    }

    /** Whether every cost and usage amount of a CUR 1.0 CSV fits DECIMAL(18,10) exactly (below 10^8, ≤ 10 decimals). */
    async fitsDecimal18(file: string): Promise<boolean> {
        const c = COLUMNS.cur1;
        const checks = [c.unblended, c.publicCost, c.usage].map(n => `bool_and(coalesce(${q(n)}, '') = '' OR (abs(CAST(${q(n)} AS DOUBLE)) < 1e8 AND length(split_part(${q(n)}, '.', 2)) <= 10))`);
        const reader = await this.connection.runAndReadAll(`SELECT ${checks.join(' AND ')} FROM read_csv(${literal(file)}, all_varchar = true, header = true)`);
        return reader.getRowsJson()[0]![0] === true;
    }

    async run(file: string, format: BenchFormat, variant: DuckVariant): Promise<{ ms: number; cpuMs: number; groups: number }> {
        const cpu = process.cpuUsage();
        const started = performance.now();
        const reader = await this.connection.runAndReadAll(cubeQuery(file, format, variant));
        const used = process.cpuUsage(cpu);
        return { ms: Math.round(performance.now() - started), cpuMs: Math.round((used.user + used.system) / 1000), groups: reader.currentRowCount };
    }

    close(): void {
        this.connection.closeSync();
    }
}
