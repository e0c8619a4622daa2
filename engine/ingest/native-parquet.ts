import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { CellTable } from './cell-table.js';
import {
    commitmentEligible, CommitmentLedgerSink, COUNTED_LINE_TYPES, countedLineEffect, type CountedLines, LEDGER_COMMITMENT_FIELDS, LEDGER_FIELDS, type LedgerAggregate,
    USAGE_TYPE_ELIGIBILITY_SERVICES,
} from './commitment-ledger-sink.js';
import { ScanState } from './csv-scanner.js';
import { CELL_FIELDS, CubeRowSink, periodNumberOfText, type RowAggregate, type ScaledSum } from './cube-row-sink.js';
import { Field, FIELD_COUNT, isProformaExportHeader, mapColumns } from './formats.js';
import { PRODUCT_MAP_KEYS, taskIssues, withoutProductMap, type TaskResult } from './ingest-task.js';
import { parquetHeader, valueText } from './parquet-reader.js';

/**
 * The optional native Parquet cube path (issue 15, goal 2): when `@duckdb/node-api` can be loaded (an optional
 * dependency of the npm CLI; never in the .vsix), DuckDB reads a Parquet file and aggregates the rows the commitment
 * ledger does not need by the fields `cellOf` reads (`CELL_FIELDS`) and by every condition `addRow` branches on, with
 * exact integer sums; each aggregate then goes through the same `CubeRowSink` (`cellOf` + `addAggregate`), so every
 * derivation of the cube stays in one place. With `BILLING_PARQUET_LEDGER=aggregate` the ledger's rows are aggregated
 * too, by every field the ledger reads (`LEDGER_FIELDS`), and fed to `CommitmentLedgerSink.addAggregate` (exact; see
 * ARCHITECTURE.md; off by default: not faster on the bench's daily lines). The aggregates cross as BLOBs of text
 * (`partText`); `BILLING_PARQUET_TRACE=sql` prints the aggregate query. The rows the ledger wants (by default), and rows with a measure DuckDB cannot sum
 * exactly as the JS reader would (a double whose shortest form has more than 9 decimals or is ≥ 2^20; FOCUS rows priced
 * from ListUnitPrice × PricingQuantity), are streamed one by one in file order and rendered as the JS reader renders
 * them (`valueText`) into the sink's ordinary `row`: the text fields (and TIMESTAMPs, as `toISOString` writes them)
 * joined by DuckDB into one string per row and cut by their byte lengths, the numbers rendered in JS.
 *
 * Anything it cannot prove it reads exactly as parquet-reader.ts does — a column type outside its list, a duplicated
 * column, an aggregate the ledger wants, any error (bad values, a mixed currency, a DuckDB error) — returns undefined:
 * the caller then reads the file with the JS reader, whose figures and located errors are the reference.
 */

type Value = unknown;
interface Vector { getItem(index: number): Value }
interface Chunk { rowCount: number; getColumnVector(index: number): Vector }
interface Result { fetchChunk(): Promise<Chunk | null> }
interface Connection { stream(sql: string): Promise<Result>; runAndReadAll(sql: string): Promise<{ getRows(): Value[][] }>; interrupt(): void }

interface DuckDB { readonly DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<unknown> }> } }

let enabled = false;
let connecting: Promise<Connection | undefined> | undefined;

/** Why the last native attempt fell back to the JS reader (bench and tests), or undefined when it did not. */
export let lastNativeFallback: string | undefined;
/** Why the last native attempt read the commitment ledger's rows one by one (tests), or undefined when it aggregated them. */
export let lastLedgerOneByOne: string | undefined;
/** How many rows of coarse periods the last native read counted for the ledger instead of reading them (tests). */
export let lastCountedRows = 0;

/** Lets `ingest` try the native reader for Parquet files (the CLI turns it on; the extension never does). */
export function enableNativeParquet(on = true): void {
    enabled = on;
}

/**
 * `BILLING_PARQUET_READER=js` forces the JS reader; `=native` forces the native one (even for files it would leave to
 * the JS reader, `MAX_SHARE_ONE_BY_ONE`); `=auto` chooses as the CLI does, also where the native reader is not enabled.
 */
export function nativeParquetWanted(): boolean {
    const choice = process.env.BILLING_PARQUET_READER;
    if (choice === 'js') return false;
    if (choice === 'native' || choice === 'auto') return true;
    return enabled;
}

async function connection(): Promise<Connection | undefined> {
    connecting ??= (async () => {
        try {
            // A fixed module name through require (no dynamic import in engine/: test/reliability/no-network.test.ts).
            const duckdb = createRequire(import.meta.url)('@duckdb/node-api') as DuckDB;
            const instance = await duckdb.DuckDBInstance.create(':memory:');
            return (await instance.connect()) as unknown as Connection;
        } catch {
            return undefined;
        }
    })();
    return connecting;
}

/**
 * `BILLING_PARQUET_LEDGER=aggregate`: DuckDB aggregates the commitment ledger's rows too (`CommitmentLedgerSink.
 * addAggregate`; exact, tested against the JS reader). Off by default: on the bench's files (daily lines, 2–4 rows per
 * ledger key and day) the wider GROUP BY and its 56,000–95,000 aggregates cost as much as the rows they replace
 * (bench/README.md, section 6).
 */
export function ledgerAggregatesWanted(): boolean {
    return process.env.BILLING_PARQUET_LEDGER === 'aggregate';
}

/** Whether the native reader can be loaded here. */
export async function nativeParquetAvailable(): Promise<boolean> {
    return (await connection()) !== undefined;
}

class Unsupported extends Error {}
/** The ledger's aggregates may depend on the rows' order (`aggregateConflict`): read its rows one by one instead. */
class LedgerOrder extends Unsupported {}

const TYPE = /^(VARCHAR|DOUBLE|BIGINT|INTEGER|TIMESTAMP|TIMESTAMP WITH TIME ZONE|DECIMAL\((\d+),(\d+)\))$/;
const MEASURE_FIELDS = [Field.UnblendedCost, Field.PublicCost, Field.UsageAmount, Field.UsageAmountFallback, Field.ListUnitPrice] as const;
const INSTANCE_SERVICES = `'AmazonEC2','AmazonRDS','AmazonElastiCache','AmazonES','AmazonRedshift','AmazonSageMaker'`;
const LEDGER_TYPES = `'DiscountedUsage','SavingsPlanCoveredUsage','SavingsPlanNegation','RIFee','SavingsPlanRecurringFee'`;

interface Column {
    readonly name: string;
    readonly field: number;
    readonly slot: number;
    readonly expr: string;
    readonly type: string;
    readonly scale?: number;
}

/** Reads a whole Parquet file into a task result with DuckDB, or undefined (then read it with the JS reader). */
/**
 * Rows read one by one cost the native reader several µs each (one joined string per row from DuckDB, measures
 * rendered as text), more than the JS reader spends per FOCUS row: where more than this share of a FOCUS file's rows
 * would go that way, the JS reader is faster and reads the file, unless `BILLING_PARQUET_READER=native` asks for the
 * native reader anyway.
 */
export const MAX_SHARE_ONE_BY_ONE = 0.02;
/**
 * The same for a CUR 2.0 file (product MAP), whose JS reading is slower per row: at 19 % such rows (before a coarse
 * period's lines were counted) the native reader took 0.68× the JS reader's CPU (bench section 6); 35 % is a conservative cut below the ~50 % where
 * the measured per-row costs extrapolate to parity.
 */
export const MAX_SHARE_ONE_BY_ONE_CUR2 = 0.35;
/**
 * The same for a flat CUR 1.0 (Athena) file: the native reader takes ~1.2 s of CPU for the bench's 1M rows with none
 * one by one and ~3.3 µs more per such row, the JS reader ~2.4 s (bench section 6, load 11–14): parity near 36 %.
 * (Hourly CURs' eligible usage lines all go one by one; a daily or monthly CUR's are counted, `coarseLines`.)
 */
export const MAX_SHARE_ONE_BY_ONE_CUR1 = 0.2;
/** Rows read one by one up to which their query lists them by number (`detailSql`), else repeats the condition. */
const MAX_LISTED_ROWS = 100_000;

export async function nativeParquetTask(file: string, periods: readonly string[] | undefined, signal?: AbortSignal): Promise<TaskResult | undefined> {
    lastNativeFallback = undefined;
    lastLedgerOneByOne = undefined;
    lastCountedRows = 0;
    try {
        const aggregates = ledgerAggregatesWanted();
        const footer = await parquetHeader(file, PRODUCT_MAP_KEYS);
        const con = await connection();
        if (con === undefined) throw new Unsupported('@duckdb/node-api is not installed');
        if (signal?.aborted) throw new Unsupported('aborted');
        // A cancelled ingest (the CLI abandons a read started before the policy compiled, when the policy has errors)
        // stops DuckDB's query at once: the process must not wait for a scan whose result nobody reads.
        const interrupt = (): void => con.interrupt();
        signal?.addEventListener('abort', interrupt, { once: true });
        try {
            return await read(con, file, footer, periods, signal, aggregates);
        } catch (error) {
            if (!(error instanceof LedgerOrder) || signal?.aborted) throw error;
            lastLedgerOneByOne = error.message;
            // First-seen values differ between aggregates of one key: the ledger's rows one by one, in file order.
            if (process.env.BILLING_PARQUET_TRACE) process.stderr.write(`native Parquet: ledger rows one by one (${error.message})\n`);
            return await read(con, file, footer, periods, signal, false);
        } finally {
            signal?.removeEventListener('abort', interrupt);
        }
    } catch (error) {
        lastNativeFallback = error instanceof Error ? error.message : String(error);
        if (process.env.BILLING_PARQUET_TRACE) process.stderr.write(`native Parquet: ${file} read by the JS reader (${lastNativeFallback})\n`);
        return undefined;
    }
}

async function read(con: Connection, file: string, footer: Awaited<ReturnType<typeof parquetHeader>>, periods: readonly string[] | undefined, signal: AbortSignal | undefined, ledgerAggregates: boolean): Promise<TaskResult> {
    const { header, virtual } = footer;
    const source = `read_parquet('${file.replace(/'/g, "''")}', file_row_number = true, binary_as_string = false)`;
    const described = await con.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    const types = new Map<string, string>();
    for (const row of described.getRows()) types.set(String(row[0]), String(row[1]));
    // Both readers must see one header (DuckDB renames a repeated name).
    const real = header.filter(name => !virtual.has(name));
    if (real.length + 1 !== types.size || real.some(name => !types.has(name))) throw new Unsupported('DuckDB sees other columns than the footer names');

    const mapping = withoutProductMap(mapColumns(header, file));
    if (mapping.duplicateColumns.length > 0) throw new Unsupported('duplicate columns');
    const proformaExport = isProformaExportHeader(header);
    const table = new CellTable();
    const ledger = mapping.format !== 'focus' ? new CommitmentLedgerSink(mapping) : undefined;
    const periodFilter = periods ? new Set(periods.map(periodNumberOfText)) : undefined;
    const maxShare = mapping.format === 'focus' ? MAX_SHARE_ONE_BY_ONE : virtual.size > 0 ? MAX_SHARE_ONE_BY_ONE_CUR2 : MAX_SHARE_ONE_BY_ONE_CUR1;
    const sink = new CubeRowSink(table, mapping, file, periodFilter, undefined, ledger);
    const state = new ScanState(file, mapping.columnField, FIELD_COUNT, 2, header);

    const columns: Column[] = [];
    header.forEach((name, i) => {
        const field = mapping.columnField[i];
        if (field < 0 || field === Field.ProductMap || field === Field.LineItemId || field === Field.TimeInterval) return;
        const spec = virtual.get(name);
        let type: string;
        let expr: string;
        if (spec) {
            const mapType = types.get(spec.map);
            if (mapType !== 'MAP(VARCHAR, VARCHAR)') throw new Unsupported(`map column ${spec.map} is ${mapType}`);
            type = 'VARCHAR';
            expr = `map_extract_value(${quote(spec.map)}, '${spec.key.replace(/'/g, "''")}')`;
        } else {
            type = types.get(name)!;
            expr = quote(name);
        }
        const m = TYPE.exec(type);
        if (!m) throw new Unsupported(`column ${name} is ${type}`);
        let scale: number | undefined;
        if (m[2] !== undefined) {
            scale = Number(m[3]);
            // More than 18 decimals, or more integer digits than an amount may have: the JS reader's own path.
            if (scale > 18 || Number(m[2]) - scale > 20) throw new Unsupported(`column ${name} is ${type}`);
        }
        columns.push({ name, field, slot: state.columnSlot[i], expr, type, scale });
    });
    const byField = new Map<number, Column>();
    for (const column of columns) byField.set(column.field, column);
    const text = (field: number): string => {
        const column = byField.get(field);
        if (column === undefined) return `''`;
        if (column.type !== 'VARCHAR') throw new Unsupported(`column ${column.name} is ${column.type}`);
        return `coalesce(${column.expr}, '')`;
    };

    // Per measure: can DuckDB sum it exactly as the JS reader adds it (else its rows are read one by one), and its units.
    const units = new Map<number, { sum: string; scale: number }>();
    const exactOf = (fields: readonly number[]): string[] => {
        const exact: string[] = [];
        for (const field of fields) {
            const column = byField.get(field);
            if (column === undefined || units.has(field)) continue;
            const e = column.expr;
            if (column.type === 'DOUBLE') {
                const { exact: x, sum } = doubleUnits(e);
                exact.push(`(${e} IS NULL OR ${x})`);
                units.set(field, { sum, scale: DOUBLE_SCALE });
            } else if (column.scale !== undefined) units.set(field, { sum: `sum(${e})`, scale: column.scale });
            else if (column.type === 'BIGINT' || column.type === 'INTEGER') units.set(field, { sum: `sum(CAST(${e} AS HUGEINT))`, scale: 0 });
            else throw new Unsupported(`measure column ${column.name} is ${column.type}`);
        }
        return exact;
    };
    const exact = exactOf(MEASURE_FIELDS);
    // The ledger's own amounts (a fee line's commitment): summed where they can be; a row with a value in a column of
    // another type (text, a timestamp) goes one by one, where the ledger reads it as the JS reader renders it.
    const ledgerExact: string[] = [];
    const nonEmpty = (column: Column): string => (column.type === 'VARCHAR' ? `coalesce(${column.expr}, '') <> ''` : `${column.expr} IS NOT NULL`);
    if (ledger && ledgerAggregates) {
        for (const field of LEDGER_COMMITMENT_FIELDS) {
            const column = byField.get(field);
            if (column === undefined) continue;
            if (column.type === 'DOUBLE' || column.scale !== undefined || column.type === 'BIGINT' || column.type === 'INTEGER') ledgerExact.push(...exactOf([field]));
            else ledgerExact.push(`NOT (${nonEmpty(column)})`);
        }
    }
    const perRow: string[] = [];
    if (exact.length > 0) perRow.push(`NOT (${exact.join(' AND ')})`);
    // The rows the commitment ledger may want (a superset: the ledger decides on each aggregate or row).
    // Computed once per row in a subquery (`__lw`), read by the conditions and the ledger's group columns.
    let wantedExpr = 'false';
    const wanted = '__lw';
    let coarse: CoarseLines | undefined;
    if (ledger) {
        const type = text(Field.LineItemType);
        const service = text(Field.Service);
        const usageType = text(Field.UsageType);
        wantedExpr = `coalesce(${type} IN (${LEDGER_TYPES}) OR (${type} = 'Usage' AND CASE WHEN ${text(Field.InstanceType)} <> '' THEN ${service} IN (${INSTANCE_SERVICES}) ` +
            `WHEN ${service} = 'AWSLambda' THEN contains(${usageType}, 'GB-Second') WHEN ${service} = 'AmazonECS' THEN contains(${usageType}, 'Fargate') ELSE false END), true)`;
        if (!ledgerAggregates) {
            const asked = performance.now();
            coarse = await coarseLines(con, `(SELECT *, ${wantedExpr} AS __lw FROM ${source})`, exact, byField, periodFilter);
            if (process.env.BILLING_PARQUET_TRACE) {
                process.stderr.write(`native Parquet: ${coarse.periods.size} periods coarser than hourly (${coarse.counted.length} kinds of counted lines, ` +
                    `${coarse.fedRows} of the ledger's rows to read one by one) ${Math.round(performance.now() - asked)} ms\n`);
            }
            // Hourly lines go one by one: where they alone pass the share (below), the JS reader reads the file, before
            // the aggregate query (count(*) comes from the Parquet footer).
            const total = Number((await con.runAndReadAll(`SELECT count(*) FROM ${source}`)).getRows()[0]![0]);
            if (process.env.BILLING_PARQUET_READER !== 'native' && coarse.fedRows > maxShare * total) {
                throw new Unsupported(`${coarse.fedRows} of ${total} rows would be read one by one (more than ${maxShare * 100} %): the JS reader is faster`);
            }
            // Lines of a coarse period the ledger only counts (`addCountedLines`) go with the cube's aggregates.
            perRow.push(coarse.periodValues.length === 0 ? wanted
                : `(${wanted} AND NOT (${type} IN (${COUNTED_LINE_TYPES.map(sqlText).join(',')}) AND ${coarse.periodExpr} IN (${coarse.periodValues.join(',')})))`);
        }
        // Only a Savings Plan's fee line reads them (its commitment).
        else if (ledgerExact.length > 0) perRow.push(`(${wanted} AND ${type} = 'SavingsPlanRecurringFee' AND NOT (${ledgerExact.join(' AND ')}))`);
    }
    if (ledger) ledger.checkFirstSeen = ledgerAggregates;
    const listPrice = byField.get(Field.ListUnitPrice);
    const fallback = byField.get(Field.UsageAmountFallback);
    if (mapping.format === 'focus' && listPrice && fallback) {
        const pub = byField.get(Field.PublicCost);
        perRow.push(`(${pub ? `${pub.expr} IS NULL AND ` : ''}${listPrice.expr} IS NOT NULL AND ${fallback.expr} IS NOT NULL)`);
    }
    const perRowExpr = perRow.length > 0 ? `coalesce(${perRow.join(' OR ')}, true)` : 'false';
    // `__pr`: the row is read one by one (computed once per row, read by the group column and the row numbers' list).
    const rows = `(SELECT *, ${perRowExpr} AS __pr FROM (SELECT *, ${wantedExpr} AS __lw FROM ${source}))`;

    // The aggregates: by the cell's fields and addRow's branch conditions, in the order of their first rows.
    const keyColumns = columns.filter(c => CELL_FIELDS.includes(c.field as Field));
    const unblended = byField.get(Field.UnblendedCost);
    const pub = byField.get(Field.PublicCost);
    const usage = byField.get(Field.UsageAmount);
    const sumOf = (field: number): string => units.get(field)?.sum ?? 'NULL';
    // The ledger's rows are grouped also by every other field it reads (NULL in the other rows), and by which field holds
    // a fee line's commitment (`LEDGER_COMMITMENT_FIELDS`: the first non-empty one).
    const ledgerColumns = ledgerAggregates ? columns.filter(c => LEDGER_FIELDS.includes(c.field as Field) && !keyColumns.includes(c)) : [];
    const commitmentFields = LEDGER_COMMITMENT_FIELDS.filter(f => byField.has(f));
    const choice = commitmentFields.length > 0 ? `CASE ${commitmentFields.map((f, i) => `WHEN ${nonEmpty(byField.get(f)!)} THEN ${i}`).join(' ')} ELSE -1 END` : '-1';
    const lw = ledgerAggregates ? wanted : 'false';
    const aggColumns = [...keyColumns.map(c => c.expr),
        `${unblended ? `coalesce(${unblended.expr} = 0, true)` : 'true'}`, `${pub ? `sign(${pub.expr})` : 'NULL'}`, `${usage ? `${usage.expr} IS NULL` : 'true'}`,
        'count(*)::BIGINT', 'min(file_row_number)',
        sumOf(Field.UnblendedCost), sumOf(Field.PublicCost), sumOf(Field.UsageAmount), sumOf(Field.UsageAmountFallback), '__pr',
        lw, `CASE WHEN ${lw} AND ${text(Field.LineItemType)} = 'SavingsPlanRecurringFee' THEN ${choice} END`, ...LEDGER_COMMITMENT_FIELDS.map(f => (f === Field.UnblendedCost ? 'NULL' : sumOf(f))),
        ...ledgerColumns.map(c => `CASE WHEN ${lw} THEN ${c.expr} END`),
        // The file row numbers of the rows read one by one: their query then reads only those (DuckDB skips the rest).
        'list(file_row_number ORDER BY file_row_number) FILTER (WHERE __pr)'];
    // The aggregates cross from DuckDB as a few BLOBs (DuckDB's values cost ~0.3 µs each through node-api, a string
    // ~3 µs): each aggregate is its values as text (`partText`) separated by U+0001, the aggregates of 65,536 rows
    // separated by U+0002, in the order of their first rows. A text holding U+0001 or U+0002 itself (never expected)
    // makes the count of parts differ, and the JS reader reads the file.
    const K = keyColumns.length;
    const LEDGER_AT = K + 12 + LEDGER_COMMITMENT_FIELDS.length;
    const groupColumns: (Column | undefined)[] = [...keyColumns, ...Array<undefined>(LEDGER_AT - K).fill(undefined), ...ledgerColumns, undefined];
    const ROW_NUMBERS_AT = groupColumns.length - 1;
    const aggSql = `SELECT b, encode(string_agg(j, chr(2) ORDER BY f)) FROM (SELECT g${K + 4} AS f, g${K + 4} // 65536 AS b, ` +
        `concat_ws(chr(1), ${groupColumns.map((c, i) => partText(`g${i}`, c?.type)).join(', ')}) AS j ` +
        // The rows read one by one are grouped too (per_row), only to count them: one scan decides and aggregates.
        `FROM (SELECT ${aggColumns.map((e, i) => `${e} AS g${i}`).join(', ')} FROM ${rows} GROUP BY ALL)) GROUP BY b ORDER BY b`;
    // The rows read one by one, in file order.
    // Per row, one string crosses from DuckDB: every VARCHAR field concatenated (decoded and encoded once, not once per
    // field), cut by the fields' byte lengths (strlen: bytes); the other fields come as typed values (`textOf`).
    // A TIMESTAMP is rendered there too, as `Date.toISOString` renders its milliseconds (the JS reader's text), where
    // both agree: from 1970 (BigInt division truncates towards zero, %g too) to 9999 (toISOString then writes +0…);
    // any other instant makes the query fail, and the JS reader reads the file.
    const asText = (c: Column): string => textAs(c.expr, c.type);
    const textColumns = columns.filter(c => c.type === 'VARCHAR' || c.type === 'TIMESTAMP');
    const typedColumns = columns.filter(c => !textColumns.includes(c));
    const joined = textColumns.length > 0 ? `concat(${textColumns.map(asText).join(', ')})` : `''`;
    // Up to `MAX_LISTED_ROWS` rows, listed by number: DuckDB reads their row groups only (the bench's 14 fee lines of
    // 1M rows: ~25 ms of CPU against ~350–550 ms for the condition over the whole file).
    const detailSql = (numbers: readonly number[]): string => `SELECT file_row_number, ${[joined, ...textColumns.map(c => `strlen(${asText(c)})::INTEGER`), ...typedColumns.map(c => c.expr)].join(', ')} ` +
        // ORDER BY: a streamed scan does not keep the file order (measured); the loop checks the order anyway.
        `FROM ${numbers.length <= MAX_LISTED_ROWS ? `${source} WHERE file_row_number IN (${numbers.join(',')})` : `${rows} WHERE __pr`} ORDER BY file_row_number`;

    // One query at a time: a second query on the connection would end the first's stream.
    const trace = process.env.BILLING_PARQUET_TRACE ? (what: string): void => { process.stderr.write(`native Parquet: ${what} ${Math.round(performance.now() - began)} ms\n`); } : undefined;
    const began = performance.now();
    const groupRows: Group[] = [];
    let oneByOne = 0;
    let all = 0;
    if (process.env.BILLING_PARQUET_TRACE === 'sql') process.stderr.write(`${aggSql}\n`);
    const rowNumbers: number[] = [];
    const aggResult = await con.runAndReadAll(aggSql);
    trace?.('aggregate query');
    const P = groupColumns.length;
    /** Value i of an aggregate, as node-api would give it. */
    const part = (group: Group, i: number): Value => valueOfPart(group.B.toString('utf8', group.bounds[2 * i], group.bounds[2 * i + 1]), groupColumns[i]);
    for (const [, blob] of aggResult.getRows()) {
        const bytes = (blob as { bytes?: unknown }).bytes;
        if (!(bytes instanceof Uint8Array)) throw new Unsupported('unexpected aggregates');
        const B = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        for (let at = 0; at <= B.length;) {
            let end = B.indexOf(2, at);
            if (end < 0) end = B.length;
            const bounds = new Int32Array(2 * P);
            for (let i = 0; i < P; i++) {
                let stop = B.indexOf(1, at);
                if (stop < 0 || stop > end) stop = end;
                if ((stop === end) !== (i === P - 1)) throw new Unsupported('an aggregate of other parts than expected');
                bounds[2 * i] = at;
                bounds[2 * i + 1] = stop;
                at = stop + 1;
            }
            const group: Group = { B, bounds, rows: 0, first: 0 };
            group.rows = Number(part(group, K + 3));
            group.first = Number(part(group, K + 4));
            all += group.rows;
            if (part(group, K + 9) === true) {
                oneByOne += group.rows;
                const list = B.toString('latin1', bounds[2 * ROW_NUMBERS_AT] + 1, bounds[2 * ROW_NUMBERS_AT + 1] - 1);
                for (const n of list.split(', ')) rowNumbers.push(Number(n));
            }
            else groupRows.push(group);
        }
    }
    trace?.(`${groupRows.length} aggregates, ${oneByOne} of ${all} rows to read one by one`);
    if (process.env.BILLING_PARQUET_READER !== 'native' && oneByOne > maxShare * all) {
        throw new Unsupported(`${oneByOne} of ${all} rows would be read one by one (more than ${maxShare * 100} %): the JS reader is faster`);
    }
    if (rowNumbers.length !== oneByOne || rowNumbers.some(n => !Number.isSafeInteger(n))) throw new Unsupported('unexpected row numbers');
    rowNumbers.sort((a, b) => a - b);
    if (process.env.BILLING_PARQUET_TRACE === 'sql') process.stderr.write(`${detailSql(rowNumbers)}\n`);
    const details = oneByOne > 0 ? await con.stream(detailSql(rowNumbers)) : undefined;
    trace?.('row query');
    let buf = Buffer.alloc(1 << 16);
    const scaleOf = (field: number): number => units.get(field)?.scale ?? 0;
    const sum = (value: Value, field: number): ScaledSum | undefined => {
        if (value === null || value === undefined) return undefined;
        if (typeof value === 'bigint') return { units: value, scale: scaleOf(field) };
        const decimal = value as { value?: unknown; scale?: unknown };
        if (typeof decimal.value === 'bigint' && typeof decimal.scale === 'number') return { units: decimal.value, scale: decimal.scale };
        throw new Unsupported(`unexpected sum ${String(value)}`);
    };
    const render = (values: readonly Value[], list: readonly Column[], offset: number, at0: number, clear = true): number => {
        let at = at0;
        if (clear) {
            state.start.fill(0);
            state.end.fill(0);
        }
        for (let k = 0; k < list.length; k++) {
            const t = textOf(values[offset + k], list[k]);
            if (at + t.length * 3 + 16 > buf.length) {
                const bigger = Buffer.alloc(Math.max(buf.length * 2, at + t.length * 3 + 16));
                buf.copy(bigger, 0, 0, at);
                buf = bigger;
                // Earlier fields point into the old buffer: render all again into the new one.
                return render(values, list, offset, at0, clear);
            }
            const slot = list[k].slot;
            state.start[slot] = at;
            at += buf.write(t, at);
            state.end[slot] = at;
        }
        return at;
    };
    /** `render` for an aggregate: its texts copied as they are, its other values as `textOf` renders them. */
    const renderGroup = (group: Group, list: readonly Column[], offset: number, at0: number, clear: boolean): number => {
        let at = at0;
        if (clear) {
            state.start.fill(0);
            state.end.fill(0);
        }
        const { B, bounds } = group;
        for (let k = 0; k < list.length; k++) {
            const column = list[k];
            const s = bounds[2 * (offset + k)];
            const e = bounds[2 * (offset + k) + 1];
            const t = column.type === 'VARCHAR' ? undefined : textOf(valueOfPart(B.toString('latin1', s, e), column), column);
            const need = t === undefined ? e - s : t.length * 3;
            if (at + need + 16 > buf.length) {
                const bigger = Buffer.alloc(Math.max(buf.length * 2, at + need + 16));
                buf.copy(bigger, 0, 0, at);
                buf = bigger;
            }
            state.start[column.slot] = at;
            at += t === undefined ? B.copy(buf, at, s, e) : buf.write(t, at);
            state.end[column.slot] = at;
        }
        return at;
    };

    let perRows = 0;
    let countedInAggregates = 0;
    // The ledger counts a coarse period's usage lines before any row of the file is fed (`addCountedLines`).
    if (coarse !== undefined) {
        for (const lines of coarse.counted) {
            ledger!.addCountedLines(lines);
            lastCountedRows += lines.rows;
        }
    }
    let lastRow = -1;
    let g = 0;
    const nextGroupFirst = (): number => (g < groupRows.length ? groupRows[g].first : Infinity);
    const feedGroupsBefore = (rn: number): void => {
        for (; g < groupRows.length && groupRows[g].first < rn; g++) {
            const group = groupRows[g];
            const row = (i: number): Value => part(group, i);
            const ledgerRows = row(K + 10) === true;
            const at = renderGroup(group, keyColumns, 0, 0, true);
            // The ledger's other fields after the key's (a grown buffer keeps what was rendered before them).
            if (ledgerRows) renderGroup(group, ledgerColumns, LEDGER_AT, at, false);
            state.row = group.first + 1;
            state.line = state.row;
            const cell = sink.cellOf(buf, state);
            if (cell < 0) continue;
            if (!ledgerRows && sink.keysFor(buf, state)) {
                // Only lines the ledger counts (a coarse period's usage lines, `coarseLines`), all of them (checked below).
                if (coarse === undefined || !coarse.periods.has(buf.toString('latin1', state.start[Field.Period], state.start[Field.Period] + 7))
                    || !COUNTED_LINE_TYPES.includes(buf.toString('utf8', state.start[Field.LineItemType], state.end[Field.LineItemType]))) {
                    throw new Unsupported('an aggregate holds rows the commitment ledger reads');
                }
                countedInAggregates += group.rows;
            }
            const ps = row(K + 1);
            const agg: RowAggregate = {
                rows: group.rows, unblendedZero: row(K) === true,
                publicSign: ps === null || ps === undefined ? undefined : (Math.sign(Number(ps)) as -1 | 0 | 1), usageEmpty: row(K + 2) === true,
                unblended: sum(row(K + 5), Field.UnblendedCost), publicCost: sum(row(K + 6), Field.PublicCost),
                usage: sum(row(K + 7), Field.UsageAmount), usageFallback: sum(row(K + 8), Field.UsageAmountFallback),
            };
            sink.addAggregate(cell, sink.isUsage(), agg);
            if (ledgerRows) {
                // The commitment's amount: Σ of the field the rows' commitment comes from (the unblended cost's sum is at K + 5).
                const lc = row(K + 11);
                const chosen = lc === null ? -1 : Number(lc);
                const field = chosen >= 0 ? commitmentFields[chosen] : undefined;
                const commitment = field === undefined ? undefined
                    : field === Field.UnblendedCost ? agg.unblended : sum(row(K + 12 + LEDGER_COMMITMENT_FIELDS.indexOf(field)), field);
                const ledgerAgg: LedgerAggregate = { rows: agg.rows, unblendedZero: agg.unblendedZero, usage: agg.usage, publicCost: agg.publicCost, commitment };
                ledger!.addAggregate(buf, state, ledgerAgg);
            }
        }
    };
    for (;;) {
        if (signal?.aborted) throw new Unsupported('aborted');
        if (details === undefined) break;
        const chunk = await details.fetchChunk();
        if (chunk === null || chunk.rowCount === 0) break;
        const rowNumbers = chunk.getColumnVector(0);
        const joinedTexts = chunk.getColumnVector(1);
        const lengths = textColumns.map((_c, k) => chunk.getColumnVector(2 + k));
        const typed = typedColumns.map((_c, k) => chunk.getColumnVector(2 + textColumns.length + k));
        for (let i = 0; i < chunk.rowCount; i++) {
            const rn = Number(rowNumbers.getItem(i));
            if (rn <= lastRow) throw new Unsupported('DuckDB did not keep the file order');
            lastRow = rn;
            if (rn > nextGroupFirst()) feedGroupsBefore(rn);
            const text = joinedTexts.getItem(i);
            if (typeof text !== 'string') throw new Unsupported('unexpected joined text');
            if (text.length * 3 + 1024 > buf.length) buf = Buffer.alloc(Math.max(buf.length * 2, text.length * 3 + 1024));
            state.start.fill(0);
            state.end.fill(0);
            const bytes = buf.write(text, 0);
            let at = 0;
            for (let k = 0; k < textColumns.length; k++) {
                const slot = textColumns[k].slot;
                state.start[slot] = at;
                at += lengths[k].getItem(i) as number;
                state.end[slot] = at;
            }
            // A joined text whose parts do not add up (never expected): not this path.
            if (at !== bytes) throw new Unsupported('joined text lengths do not add up');
            for (let k = 0; k < typedColumns.length; k++) {
                const t = textOf(typed[k].getItem(i), typedColumns[k]);
                if (at + t.length * 3 + 16 > buf.length) {
                    const bigger = Buffer.alloc(Math.max(buf.length * 2, at + t.length * 3 + 16));
                    buf.copy(bigger, 0, 0, at);
                    buf = bigger;
                }
                const slot = typedColumns[k].slot;
                state.start[slot] = at;
                at += buf.write(t, at);
                state.end[slot] = at;
            }
            state.row = rn + 1;
            state.line = state.row;
            sink.row(buf, state);
        }
        perRows += chunk.rowCount;
    }
    feedGroupsBefore(Infinity);
    if (perRows !== oneByOne) throw new Unsupported(`${perRows} rows read one by one, ${oneByOne} expected`);
    if (countedInAggregates !== (coarse?.keyedRows ?? 0)) throw new Unsupported(`${countedInAggregates} counted lines in the aggregates, ${coarse?.keyedRows ?? 0} expected`);
    const conflict = ledger?.aggregateConflict();
    if (conflict !== undefined) throw new LedgerOrder(conflict);
    trace?.(`${sink.rows} rows fed, ${perRows} one by one`);
    const size = (await stat(file)).size;
    return {
        file, format: mapping.format, formatLabel: mapping.formatLabel, cells: table.toPartial(), rows: sink.rows,
        currency: sink.currency, issues: taskIssues(file, mapping, proformaExport, 0), firstRowOffset: 0, stopOffset: size,
        ledger: ledger?.finish(),
    };
}

/** The scale of a DOUBLE measure's exact sums (`doubleUnits`). */
const DOUBLE_SCALE = 12;

/**
 * A DOUBLE `e` as exact units of 10^-12 of its shortest round-trip form (what `String(v)`, the JS reader's text,
 * writes), and the condition under which SQL can tell them: n = round(v × 10^k) with fl(n / 10^k) = v means that
 * n × 10^-k lies in v's rounding interval (the division is correctly rounded, n < 2^53 is exact), and where that
 * interval (one ulp wide) is narrower than 10^-k it holds no other multiple of 10^-k, so the shortest form, a multiple
 * of 10^-k, is n × 10^-k:
 * - k = 9 where |v| < 2^20 (ulp ≤ 2^-33; `shortScale` of parquet-reader.ts);
 * - k = 12 where |v| < 2^13 (ulp ≤ 2^-40 < 10^-12: CUR costs of 10 decimals);
 * - an integer v with |v| < 2^53 (ulp ≤ 1, so no other integer rounds to v: large usage amounts).
 * Any other double (and NaN, ±Infinity) is not `exact`, and its row is read one by one. `sum`: the exact sum of a
 * group's exact values (NULL where every value is NULL), per row in BIGINT (below 2^20 × 10^12, or an integer below
 * 2^53: HUGEINT arithmetic per row cost ~100 ms of CPU a million rows), scaled once per group.
 */
export function doubleUnits(e: string): { exact: string; sum: string } {
    const k9 = `(abs(${e}) < 1048576.0::DOUBLE AND round(${e} * 1000000000.0::DOUBLE) / 1000000000.0::DOUBLE = ${e})`;
    const k12 = `(abs(${e}) < 8192.0::DOUBLE AND round(${e} * 1000000000000.0::DOUBLE) / 1000000000000.0::DOUBLE = ${e})`;
    // Integers below 2^20 pass k9 (v × 10^9 and back are exact).
    const large = `(abs(${e}) >= 1048576.0::DOUBLE AND abs(${e}) < 9007199254740992.0::DOUBLE)`;
    const small = `CASE WHEN ${k9} THEN CAST(round(${e} * 1000000000.0::DOUBLE) AS BIGINT) * 1000 WHEN ${k12} THEN CAST(round(${e} * 1000000000000.0::DOUBLE) AS BIGINT) END`;
    return {
        exact: `(isfinite(${e}) AND (${k9} OR ${k12} OR (${large} AND round(${e}) = ${e})))`,
        sum: `CASE WHEN count(${e}) = 0 THEN NULL ELSE coalesce(sum(${small}), 0) + coalesce(sum(CASE WHEN ${large} THEN CAST(${e} AS BIGINT) END), 0)::HUGEINT * 1000000000000 END`,
    };
}

/** The lines of the file's periods coarser than hourly that the commitment ledger counts instead of reading (`coarseLines`). */
interface CoarseLines {
    /** The periods (YYYY-MM, as the ledger names them) coarser than hourly, after the period filter. */
    readonly periods: ReadonlySet<string>;
    /** The period column (a TIMESTAMP's epoch µs: compared as numbers, ~100 ms of CPU less than as text) and its values (SQL literals) in those periods. */
    readonly periodExpr: string;
    readonly periodValues: readonly string[];
    /** The lines to count (`CommitmentLedgerSink.addCountedLines`): rows with exact measures, of `COUNTED_LINE_TYPES`, in those periods. */
    readonly counted: readonly CountedLines[];
    /** How many of their rows the ledger wants (`wantsKey`): the aggregates of those rows must hold as many. */
    readonly keyedRows: number;
    /** The other rows the ledger may want (read one by one). */
    readonly fedRows: number;
}

/**
 * One small query over the rows the ledger may want: grouped by the period, the line item type, the eligibility's
 * inputs (the usage type only where `commitmentEligible` reads it), the interval texts and whether billed at zero,
 * which is what the ledger reads of a usage line in a coarse period. The ledger's own rules (`countedLineEffect`)
 * then decide which periods are coarser than hourly (an eligible line without an interval of at most an hour), so
 * that their usage lines need not be read one by one: on daily or monthly CURs nearly all of the ledger's rows.
 */
async function coarseLines(con: Connection, rows: string, exact: readonly string[], byField: ReadonlyMap<number, Column>, periodFilter: ReadonlySet<number> | undefined): Promise<CoarseLines> {
    const column = (field: number): Column | undefined => byField.get(field);
    const text = (field: number): string => (column(field) === undefined ? `''` : textAs(column(field)!.expr, 'VARCHAR'));
    const part = (field: number): string => (column(field) === undefined ? `''` : partText(column(field)!.expr, column(field)!.type));
    const period = column(Field.Period);
    const timestamp = period?.type === 'TIMESTAMP' || period?.type === 'TIMESTAMP WITH TIME ZONE';
    const none: CoarseLines = { periods: new Set(), periodExpr: '', periodValues: [], counted: [], keyedRows: 0, fedRows: 0 };
    if (period === undefined || !(timestamp || period.type === 'VARCHAR')) return none;
    const periodExpr = part(Field.Period);
    for (const field of [Field.LineItemType, Field.Service, Field.InstanceType, Field.UsageType]) {
        if (column(field) !== undefined && column(field)!.type !== 'VARCHAR') return none;
    }
    const unblended = column(Field.UnblendedCost);
    const sql = `SELECT ${periodExpr}, ${text(Field.LineItemType)}, ${text(Field.Service)}, ${text(Field.InstanceType)} <> '', ` +
        `CASE WHEN ${text(Field.InstanceType)} = '' AND ${text(Field.Service)} IN (${USAGE_TYPE_ELIGIBILITY_SERVICES.map(sqlText).join(',')}) THEN ${text(Field.UsageType)} ELSE '' END, ` +
        `${part(Field.UsageStart)}, ${part(Field.UsageEnd)}, ${unblended ? `coalesce(${unblended.expr} = 0, true)` : 'true'}, ` +
        `${exact.length > 0 ? `coalesce(NOT (${exact.join(' AND ')}), true)` : 'false'}, count(*)::BIGINT FROM ${rows} WHERE __lw GROUP BY ALL`;
    if (process.env.BILLING_PARQUET_TRACE === 'sql') process.stderr.write(`${sql}\n`);
    const start = column(Field.UsageStart);
    const end = column(Field.UsageEnd);
    const instantText = (value: string, c: Column | undefined): string => (c === undefined ? '' : textOf(valueOfPart(value, c), c));
    const groups: { part: string; lines: CountedLines; measuresPerRow: boolean }[] = [];
    for (const r of (await con.runAndReadAll(sql)).getRows()) {
        const whole = textOf(valueOfPart(String(r[0]), period), period);
        const ym = periodNumberOfText(whole.slice(0, 7));
        // Rows the cube would drop or fail on are left to the rows' own path.
        if (ym < 0 || (periodFilter !== undefined && !periodFilter.has(ym)) || (timestamp && !/^-?\d+$/.test(String(r[0])))) continue;
        groups.push({
            part: String(r[0]), measuresPerRow: r[8] === true,
            lines: {
                period: whole.slice(0, 7), type: String(r[1]), service: String(r[2]), hasInstanceType: r[3] === true, usageType: String(r[4]),
                start: instantText(String(r[5]), start), end: instantText(String(r[6]), end), unblendedZero: r[7] === true, rows: Number(r[9]),
            },
        });
    }
    const periods = new Set<string>();
    for (const g of groups) if (countedLineEffect(g.lines)?.coarse) periods.add(g.lines.period);
    const periodParts = new Set<string>();
    const counted: CountedLines[] = [];
    let keyedRows = 0;
    let fedRows = 0;
    for (const g of groups) {
        if (!periods.has(g.lines.period)) {
            fedRows += g.lines.rows;
            continue;
        }
        periodParts.add(g.part);
        if (g.measuresPerRow || !COUNTED_LINE_TYPES.includes(g.lines.type)) {
            fedRows += g.lines.rows;
            continue;
        }
        counted.push(g.lines);
        // `wantsKey`: every counted type but Usage, and Usage where eligible.
        if (g.lines.type !== 'Usage' || commitmentEligible(g.lines.service, g.lines.hasInstanceType, () => g.lines.usageType)) keyedRows += g.lines.rows;
    }
    return {
        periods, periodExpr: timestamp ? `epoch_us(${period.expr})` : periodExpr, counted, keyedRows, fedRows,
        periodValues: [...periodParts].map(value => (timestamp ? value : sqlText(value))),
    };
}

function sqlText(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
}

/**
 * A VARCHAR or TIMESTAMP value as the JS reader's text ('' for NULL). A TIMESTAMP as `Date.toISOString` renders its
 * milliseconds (the JS reader's text), where both agree: from 1970 (BigInt division truncates towards zero, %g too)
 * to 9999 (toISOString then writes +0…); any other instant makes the query fail, and the JS reader reads the file.
 */
function textAs(expr: string, type: string): string {
    return type === 'VARCHAR' ? `coalesce(${expr}, '')`
        : `CASE WHEN ${expr} IS NULL THEN '' WHEN ${expr} >= TIMESTAMP '1970-01-01' AND year(${expr}) <= 9999 THEN strftime(${expr}, '%Y-%m-%dT%H:%M:%S.%gZ') ` +
          `ELSE error('an instant outside 1970-9999') END`;
}

/**
 * A value of an aggregate as text, read back by `valueOfPart`: VARCHAR as it is; an instant as its epoch µs; a DOUBLE
 * as DuckDB's shortest text where that parses back to the same double (both parsers round correctly: JS's Number
 * then gives the value node-api gives), else the query fails and the JS reader reads the file; other numbers as text.
 * `type` undefined: a flag, count or sum.
 */
function partText(expr: string, type: string | undefined): string {
    if (type === 'VARCHAR') return `coalesce(${expr}, '')`;
    if (type === 'TIMESTAMP' || type === 'TIMESTAMP WITH TIME ZONE') return `coalesce(CAST(epoch_us(${expr}) AS VARCHAR), '')`;
    if (type === 'DOUBLE') {
        return `CASE WHEN ${expr} IS NULL THEN '' WHEN isfinite(${expr}) AND CAST(CAST(${expr} AS VARCHAR) AS DOUBLE) = ${expr} THEN CAST(${expr} AS VARCHAR) ` +
            `ELSE error('a double without an exact text') END`;
    }
    return `coalesce(CAST(${expr} AS VARCHAR), '')`;
}

/** A value of `partText` as node-api gives it (what `textOf` renders). */
function valueOfPart(part: string, column: Column | undefined): Value {
    if (column === undefined) return numberOfPart(part);
    if (column.type === 'VARCHAR') return part;
    if (part === '') return null;
    if (column.type === 'DOUBLE' || column.type === 'INTEGER') return Number(part);
    if (column.type === 'BIGINT') return BigInt(part);
    if (column.scale !== undefined) {
        const value = numberOfPart(part);
        return typeof value === 'bigint' ? { value, scale: 0 } : value;
    }
    return { micros: BigInt(part) };
}

/**
 * An aggregate's flag, count or sum from its text: '' → null, true/false, an integer → bigint, a decimal → its units
 * and scale (as node-api gives a DECIMAL).
 */
function numberOfPart(part: string): Value {
    if (part === '') return null;
    if (part === 'true') return true;
    if (part === 'false') return false;
    const dot = part.indexOf('.');
    if (dot < 0) return BigInt(part);
    return { value: BigInt(part.slice(0, dot) + part.slice(dot + 1)), scale: part.length - dot - 1 };
}

/** An aggregate: its values' texts in `B` (`partText`), value i at bounds[2i] … bounds[2i + 1]. */
interface Group { readonly B: Buffer; readonly bounds: Int32Array; rows: number; first: number }

/** A DuckDB value as the JS reader renders the same Parquet value (`valueText`). */
const instants = new Map<bigint, string>();

function textOf(value: Value, column: Column): string {
    if (value === null || value === undefined) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return valueText(value);
    if (typeof value === 'bigint') return value.toString();
    const object = value as { micros?: unknown; value?: unknown; scale?: unknown };
    if (typeof object.micros === 'bigint') {
        let text = instants.get(object.micros);
        if (text === undefined) {
            text = valueText(new Date(Number(object.micros / 1000n)));
            if (instants.size > 100_000) instants.clear();
            instants.set(object.micros, text);
        }
        return text;
    }
    if (typeof object.value === 'bigint' && column.scale !== undefined && object.scale === column.scale) return valueText(object.value, { scale: column.scale });
    throw new Unsupported(`unexpected value of ${column.name}`);
}

function quote(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
}
