import type { DataFormat } from '../cube/types.js';
import { readCsv } from './csv-reader.js';
import { fieldText, ScanState, type RowSink } from './csv-scanner.js';
import { isParquetPath } from './ingest-task.js';
import { focusBillingEntity, periodOf } from './focus-mapping.js';
import { Field, mapColumns, type ColumnMapping } from './formats.js';
import { readParquet, type KeyedRowSink } from './parquet-reader.js';
import { rowValues, type RowValues } from './row-key.js';

/**
 * Row-level streaming of one data file, for consumers that need every line item (the pro forma CUR
 * export, itemized line items): the raw header and each row's raw field values (header order, quotes
 * unescaped), with its cube key and measure texts. Slower than `ingest` (every field becomes a
 * string) and, like it, never holds the file in memory: rows are delivered chunk by chunk and
 * async callbacks are awaited (backpressure).
 */

export interface HeaderInfo {
    readonly format: DataFormat;
    readonly formatLabel: string;
    /** Column index of the public on-demand cost, or -1 when the file lacks it. */
    readonly publicCostColumn: number;
    /** Column index of each cube input in this file (-1 when absent), e.g. to rewrite costs in a pro forma export. */
    readonly columns: Readonly<Record<ColumnRole, number>>;
}

export type ColumnRole = 'period' | 'account' | 'accountName' | 'service' | 'usageType' | 'operation' | 'lineItemType' | 'billingEntity'
    | 'currency' | 'reservationArn' | 'savingsPlanArn' | 'unblendedCost' | 'publicOnDemandCost' | 'usageAmount';

const ROLE_FIELDS: Readonly<Record<ColumnRole, Field>> = {
    period: Field.Period, account: Field.Account, accountName: Field.AccountName, service: Field.Service, usageType: Field.UsageType,
    operation: Field.Operation, lineItemType: Field.LineItemType, billingEntity: Field.BillingEntity, currency: Field.Currency,
    reservationArn: Field.ReservationArn, savingsPlanArn: Field.SavingsPlanArn, unblendedCost: Field.UnblendedCost,
    publicOnDemandCost: Field.PublicCost, usageAmount: Field.UsageAmount,
};

export interface StreamedRow extends RowValues {
    readonly fields: readonly string[];
    /** 1-based data row. */
    readonly row: number;
    /** 1-based physical line where the row starts (CSV; equals `row` for Parquet). */
    readonly line: number;
}

export interface StreamRowsOptions {
    readonly signal?: AbortSignal;
    readonly periods?: readonly string[];
    /** Bytes read per chunk (default 1 MB; tests use tiny chunks to cross every boundary). */
    readonly chunkSize?: number;
    /**
     * Which rows to deliver, decided from the row's billing period, usage account and billing entity (a function:
     * read only if called, during the call), as the row's cube key has them, before any other field is decoded (a
     * group's export skips the other accounts' rows at the cost of two or three fields). True delivers the row, false skips it, 'once' delivers
     * it alone: on flat Parquet the answer is asked once per distinct (period, account, billing entity) codes of a
     * row group, at the first of its rows, and holds for all of them (the reader's keyed path: the other rows'
     * fields are never rendered), but for 'once', which delivers that first row only; on CSV it is asked once per
     * row ('once' is true). Either way the questions come in file order. Rows whose period text is not a date are
     * delivered unasked, so that `onRow` sees the error as without it.
     */
    readonly select?: (period: string, accountId: string, billingEntity: () => string) => boolean | 'once';
    /**
     * Calls `onRow` as each row is scanned, instead of after its chunk (CSV) or row group (Parquet); a promise it
     * returns is awaited after the chunk, so it must not need the next rows to wait for it (the export: a promise only
     * says a written chunk is on its way). A chunk's rows are then never held together: they die young, which spared
     * the export's pass most of its garbage collection. Rows still wait for an asynchronous `onHeader`.
     */
    readonly inScan?: boolean;
}

export async function streamRows(
    file: string,
    onHeader: (header: readonly string[], info: HeaderInfo) => void | Promise<void>,
    onRow: (row: StreamedRow) => void | Promise<void>,
    options: StreamRowsOptions = {},
): Promise<{ readonly rows: number }> {
    let mapping: ColumnMapping | undefined;
    let headerDone: Promise<void> | void;
    let pending: StreamedRow[] = [];
    /** With `inScan`: what the chunk's `onRow` calls returned. */
    let waits: Promise<void>[] = [];
    const inScan = options.inScan === true;
    let delivered = 0;
    const periods = options.periods ? new Set(options.periods) : undefined;
    const select = options.select;
    let periodColumn = -1;
    let accountColumn = -1;
    /** The columns the billing entity is made of (FOCUS: provider, publisher, invoice issuer; -1 where absent). */
    let entityColumns: readonly number[] = [];
    let focus = false;
    /** A key field as `rowValues` reads it ('' when absent; FOCUS "NULL" is ''). */
    const text = (buf: Buffer, st: ScanState, column: number): string => {
        if (column < 0 || column >= st.columns) return '';
        const value = fieldText(buf, st.start[column], st.end[column], st.escaped[column]);
        return focus && value === 'NULL' ? '' : value;
    };
    /** `select`'s answer for the row, from its period, account and billing entity fields alone (true: no selection). */
    const selected = (buf: Buffer, st: ScanState): boolean | 'once' => {
        if (select === undefined || periodColumn < 0 || periodColumn >= st.columns) return true;
        const periodText = fieldText(buf, st.start[periodColumn], st.end[periodColumn], st.escaped[periodColumn]);
        const period = periodOf(periodText);
        if (period === undefined || periodText.slice(0, 7) !== period) return true;
        if (periods && !periods.has(period)) return false;
        // As rowValues derives it (row-key.ts).
        const entity = (): string => (focus ? focusBillingEntity(text(buf, st, entityColumns[0]!), text(buf, st, entityColumns[1]!), text(buf, st, entityColumns[2]!))
            : entityColumns[0]! >= 0 ? text(buf, st, entityColumns[0]!) : 'AWS');
        return select(period, text(buf, st, accountColumn), entity);
    };
    /** CSV: the row's bytes are its text (`rowStart`, `rowEnd`); Parquet: its fields are rendered next to each other. */
    let rowText = false;
    const deliver = (buf: Buffer, st: ScanState): void => {
        const fields = rowText ? cutFields(buf, st, st.rowStart, st.rowEnd) : renderedFields(buf, st);
        const values = rowValues(mapping!, fields, { file, row: st.row, line: st.line });
        if (periods && !periods.has(values.key.period)) return;
        const row: StreamedRow = { ...values, fields, row: st.row, line: st.line };
        if (!inScan || headerDone !== undefined || pending.length > 0) {
            pending.push(row);
            return;
        }
        const wait = onRow(row);
        delivered++;
        if (wait) waits.push(wait);
    };
    const sink: RowSink = {
        row(buf: Buffer, st: ScanState): void {
            if (selected(buf, st) !== false) deliver(buf, st);
        },
    };
    const flush = async (): Promise<void> => {
        if (waits.length > 0) {
            const chunk = waits;
            waits = [];
            await Promise.all(chunk);
        }
        await headerDone;
        const rows = pending;
        pending = [];
        for (const row of rows) {
            await onRow(row);
            delivered++;
        }
    };
    const open = (header: string[]): ScanState => {
        mapping = mapColumns(header, file);
        periodColumn = mapping.fieldColumn[Field.Period];
        accountColumn = mapping.fieldColumn[Field.Account];
        focus = mapping.format === 'focus';
        const column = mapping.fieldColumn;
        entityColumns = focus ? [column[Field.ProviderName], column[Field.PublisherName], column[Field.InvoiceIssuer]] : [column[Field.BillingEntity]];
        headerDone = onHeader(header, {
            format: mapping.format, formatLabel: mapping.formatLabel,
            publicCostColumn: mapping.fieldColumn[Field.PublicCost],
            columns: Object.fromEntries(Object.entries(ROLE_FIELDS).map(([role, field]) => [role, mapping!.fieldColumn[field]])) as Record<ColumnRole, number>,
        });
        const identity = Int32Array.from(header, (_h, i) => i);
        return new ScanState(file, identity, header.length, 2, header);
    };
    if (isParquetPath(file)) {
        let afterRowGroup = flush;
        await readParquet(file, {
            signal: options.signal,
            onHeader: header => {
                const state = open(header);
                if (select === undefined || periodColumn < 0) return { columns: header, state, sink };
                // With a selection, the period, account and billing entity columns are the reader's key: it decides once
                // per distinct key of a row group whether its rows are wanted, and renders only the wanted rows' fields.
                // Cell 0: every row of the key; n > 0: its first row only (the n-th 'once' answer of the row group).
                const keySlots = new Set([periodColumn, accountColumn, ...entityColumns]);
                let onces = 0;
                const onceDelivered = new Set<number>();
                const keyed: KeyedRowSink = {
                    perRowSlots: header.flatMap((_name, slot) => (keySlots.has(slot) ? [] : [slot])),
                    keysPerRow: true,
                    cellOf: (buf, st) => {
                        const answer = selected(buf, st);
                        return answer === false ? -1 : answer === 'once' ? ++onces : 0;
                    },
                    isUsage: () => false,
                    addRow: (cell, _usage, buf, st) => {
                        if (cell > 0) {
                            if (onceDelivered.has(cell)) return;
                            onceDelivered.add(cell);
                        }
                        deliver(buf, st);
                    },
                };
                afterRowGroup = () => { onces = 0; onceDelivered.clear(); return flush(); };
                return { columns: header, state, sink, keyed };
            },
            afterRowGroup: () => afterRowGroup(),
        });
    } else {
        rowText = true;
        await readCsv(file, {
            chunkSize: options.chunkSize ?? 1 << 20, signal: options.signal,
            onHeader: (header, firstLine) => {
                const state = open(header);
                state.line = firstLine;
                return { state, sink };
            },
            afterChunk: flush,
        });
    }
    await flush();
    return { rows: delivered };
}

/** The row's fields, each decoded on its own. */
function fieldsOf(buf: Buffer, st: ScanState): string[] {
    const fields = new Array<string>(st.columns);
    for (let i = 0; i < st.columns; i++) fields[i] = fieldText(buf, st.start[i], st.end[i], st.escaped[i]);
    return fields;
}

/** A Parquet row's fields (rendered by the reader into one buffer): cut from the bytes they span when these are few. */
function renderedFields(buf: Buffer, st: ScanState): string[] {
    let from = Infinity;
    let to = 0;
    let bytes = 0;
    for (let i = 0; i < st.columns; i++) {
        const s = st.start[i]!;
        const e = st.end[i]!;
        if (e <= s) continue;
        if (s < from) from = s;
        if (e > to) to = e;
        bytes += e - s;
    }
    if (bytes === 0 || to - from > 2 * bytes + 256) return fieldsOf(buf, st);
    return cutFields(buf, st, from, to);
}

/**
 * A row's fields cut from the bytes `from`–`to` that hold them, decoded once (one native call per row instead of one per
 * field). Only when the text has as many characters as those bytes: every byte is then one character (ASCII, or an
 * invalid byte alone as U+FFFD), so a string index is a byte offset and each field's text is what decoding its bytes
 * alone gives (a byte that would combine with a neighbour's makes the text shorter). Else each field is decoded alone.
 */
function cutFields(buf: Buffer, st: ScanState, from: number, to: number): string[] {
    const text = buf.toString('utf8', from, to);
    if (text.length !== to - from) return fieldsOf(buf, st);
    const fields = new Array<string>(st.columns);
    const start = st.start;
    const end = st.end;
    const escaped = st.escaped;
    for (let i = 0; i < st.columns; i++) {
        if (end[i]! <= start[i]!) {
            fields[i] = '';
            continue;
        }
        const value = text.slice(start[i]! - from, end[i]! - from);
        fields[i] = escaped[i] ? value.replace(/""/g, '"') : value;
    }
    return fields;
}
