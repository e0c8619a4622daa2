import { ingestError, type IngestError } from './errors.js';

/**
 * Longest row accepted (docs/data-ingest.md): CUR rows are a few KB; a longer one is an error at its row. It also
 * bounds the re-scan of a row that spans read chunks (at most MAX_ROW_BYTES / chunk passes over it).
 */
export const MAX_ROW_BYTES = 16 << 20;

export function rowTooLongError(file: string, row: number, line: number): IngestError {
    return ingestError('ROW_TOO_LONG', `data row ${row} is longer than ${MAX_ROW_BYTES / (1 << 20)} MB (the longest row read); CUR rows are a few KB`, {
        file, row, line, expected: `a row of at most ${MAX_ROW_BYTES} bytes`,
    });
}

/**
 * The hot loop of the CSV ingest: finds field boundaries in raw bytes (RFC 4180: `,` delimiter,
 * `"` quoting with `""` escapes, quoted fields may hold commas and newlines; LF or CRLF row ends)
 * and hands only the needed fields to a row sink as byte ranges. No string is made for a field.
 *
 * Leniencies (documented): a quote inside an unquoted field is data; empty lines are skipped.
 */

export interface RowSink {
    /** Called once per complete data row; field bounds are in `state.start/end/escaped` by slot. */
    row(buf: Buffer, state: ScanState): void;
}

export class ScanState {
    /** Data rows completed so far (the header excluded). */
    row = 0;
    /** 1-based physical line of the next row's start. */
    line: number;
    readonly columns: number;
    /** Slot of each column, or -1 when the column is not needed. */
    readonly columnSlot: Int32Array;
    /** Field bounds by slot (quotes excluded); escaped[slot] = 1 when the field holds `""`. */
    readonly start: Int32Array;
    readonly end: Int32Array;
    readonly escaped: Uint8Array;
    /**
     * A columnar reader's measures handed over as numbers, not text (parquet-reader.ts, only to a sink that asks
     * for them): parsed[slot] = 1 when numbers[slot * 3 .. slot * 3 + 2] hold the field's exact value as the
     * triple `parseDecimalBytes` gives for its text (the field's bounds are then empty). Always 0 for CSV.
     */
    readonly parsed: Uint8Array;
    readonly numbers: Float64Array;
    /** Byte bounds in `buf` of the row being handed to the sink (CSV: its raw text, line break included). */
    rowStart = 0;
    rowEnd = 0;
    constructor(readonly file: string, columnSlot: Int32Array, slots: number, firstLine: number, readonly header: readonly string[]) {
        this.columns = columnSlot.length;
        this.columnSlot = columnSlot;
        this.start = new Int32Array(slots);
        this.end = new Int32Array(slots);
        this.escaped = new Uint8Array(slots);
        this.parsed = new Uint8Array(slots);
        this.numbers = new Float64Array(slots * 3);
        this.line = firstLine;
    }
}

/**
 * Scans complete rows in buf[pos, end). buf[end] must be writable: it receives a LF sentinel.
 * Returns the offset of the first byte not consumed (the start of an incomplete last row), so the
 * caller carries buf[result, end) over to the next chunk. At the end of the data the caller supplies
 * a missing final newline; a row still incomplete then is an unterminated quote.
 * Rows starting at or after `stopAt` are left unconsumed (byte-range splitting).
 */
export function scanCsv(buf: Buffer, pos: number, end: number, state: ScanState, sink: RowSink, stopAt = Infinity): number {
    buf[end] = 10;
    const columns = state.columns;
    const columnSlot = state.columnSlot;
    const fStart = state.start;
    const fEnd = state.end;
    const fEscaped = state.escaped;
    let line = state.line;
    while (pos < end && pos < stopAt) {
        const rowStart = pos;
        let c = buf[pos];
        if (c === 10) { pos++; line++; continue; }
        if (c === 13) {
            if (pos + 1 >= end) break;
            if (buf[pos + 1] === 10) { pos += 2; line++; continue; }
        }
        let col = 0;
        let newlinesInQuotes = 0;
        let complete = false;
        for (;;) {
            let s: number;
            let e: number;
            let escaped = 0;
            c = buf[pos];
            if (c === 34) {
                s = ++pos;
                for (;;) {
                    while (pos < end && (c = buf[pos]) !== 34) {
                        if (c === 10) newlinesInQuotes++;
                        pos++;
                    }
                    if (pos + 1 >= end) { e = -1; break; }
                    if (buf[pos + 1] === 34) { escaped = 1; pos += 2; continue; }
                    e = pos;
                    pos++;
                    break;
                }
                if (e < 0) break;
                c = buf[pos];
                if (c === 13) {
                    if (pos + 1 >= end) break;
                    if (buf[pos + 1] === 10) { pos++; c = 10; }
                }
                if (c !== 44 && c !== 10) {
                    state.line = line;
                    throw ingestError('MALFORMED_CSV', `a closing quote is followed by ${JSON.stringify(String.fromCharCode(c))}; expected a comma or the end of the row`, {
                        file: state.file, row: state.row + 1, line: line + newlinesInQuotes, column: state.header[col],
                        expected: 'a comma or a line break after a closing quote',
                    });
                }
            } else {
                s = pos;
                while ((c = buf[pos]) !== 44 && c !== 10) pos++;
                if (pos >= end) break;
                e = pos;
                if (c === 10 && e > s && buf[e - 1] === 13) e--;
            }
            if (col < columns) {
                const slot = columnSlot[col];
                if (slot >= 0) { fStart[slot] = s; fEnd[slot] = e; fEscaped[slot] = escaped; }
            }
            col++;
            pos++;
            if (c === 10) { complete = true; break; }
        }
        if (!complete) { state.line = line; return rowStart; }
        if (pos - rowStart > MAX_ROW_BYTES) { state.line = line; throw rowTooLongError(state.file, state.row + 1, line); }
        if (col !== columns) {
            state.line = line;
            throw ingestError('RAGGED_ROW', `the row has ${col} field${col === 1 ? '' : 's'} but the header has ${columns}`, {
                file: state.file, row: state.row + 1, line, expected: `${columns} fields like the header`, found: `${col} fields`,
            });
        }
        state.row++;
        state.line = line;
        state.rowStart = rowStart;
        state.rowEnd = pos;
        sink.row(buf, state);
        line += 1 + newlinesInQuotes;
    }
    state.line = line;
    return pos;
}

/** Copies a field's value with `""` unescaped into `into` at `at`; returns the end offset. */
export function unescapeField(buf: Buffer, s: number, e: number, into: Buffer, at: number): number {
    let o = at;
    for (let i = s; i < e; i++) {
        const c = buf[i];
        into[o++] = c;
        if (c === 34) i++;
    }
    return o;
}

/** Field text (quotes unescaped). */
export function fieldText(buf: Buffer, s: number, e: number, escaped: number): string {
    const text = buf.toString('utf8', s, e);
    return escaped ? text.replace(/""/g, '"') : text;
}
