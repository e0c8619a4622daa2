/**
 * Errors of the data ingest. Every user-facing problem is an `IngestError` carrying where it
 * happened (file, data row and/or physical line, column) and what was expected, so that the CLI and
 * the language server can print it without a stack trace. An ingest that throws returns no cube:
 * there are never partial results.
 */

export type IngestErrorCode =
    /** A path given to the ingest does not exist. */
    | 'FILE_NOT_FOUND'
    /** A directory or glob matched no .csv, .csv.gz or .parquet file. */
    | 'NO_DATA_FILES'
    /** A manifest is not valid JSON or has neither `reportKeys` (CUR 1.0) nor `dataFiles` (Data Exports). */
    | 'INVALID_MANIFEST'
    /** Files listed by a manifest were not found locally. */
    | 'MANIFEST_FILES_MISSING'
    /** One report given twice, compressed and not (`x.csv` and `x.csv.gz`): its costs would count twice. */
    | 'DUPLICATE_FILES'
    /** The file is empty: not even a header line. */
    | 'EMPTY_FILE'
    /** The header matches none of CUR 1.0, CUR 2.0, FOCUS. */
    | 'UNKNOWN_FORMAT'
    /** Files of different formats were given to one ingest. */
    | 'MIXED_FORMATS'
    /** The header lacks columns the format requires (all of them are listed). */
    | 'MISSING_COLUMNS'
    /** The header names a column billing reads more than once (case-insensitively): which one to read is ambiguous. */
    | 'DUPLICATE_COLUMN'
    /** A quoted field is not terminated, or a closing quote is followed by something else than a delimiter. */
    | 'MALFORMED_CSV'
    /** A row has more or fewer fields than the header. */
    | 'RAGGED_ROW'
    /** A money or quantity field is not a decimal number. */
    | 'INVALID_NUMBER'
    /** A billing period field is not an ISO date. */
    | 'INVALID_PERIOD'
    /** A second currency appeared. */
    | 'MIXED_CURRENCIES'
    /** A currency field is empty or not an ISO 4217 code (three capital letters). */
    | 'INVALID_CURRENCY'
    /** A gzip stream is truncated or corrupt. */
    | 'CORRUPT_GZIP'
    /** A data file changed between two reads of one command (export: pricing, then streaming the rows). */
    | 'DATA_CHANGED'
    /** A data path names something other than a regular file (a device such as /dev/zero, a FIFO, a socket). */
    | 'NOT_A_REGULAR_FILE'
    /** A row is longer than the ingest's maximum row length (csv-reader.ts MAX_ROW_BYTES). */
    | 'ROW_TOO_LONG'
    /** Two files deliver the same line item (line item id and time interval): overlapping deliveries would count it twice. */
    | 'OVERLAPPING_DELIVERIES'
    /** A Parquet file cannot be read (corrupt, or a compression codec that is not supported). */
    | 'PARQUET_ERROR'
    /** A file could not be read (permissions, I/O). */
    | 'READ_ERROR'
    /** The ingest was cancelled through its AbortSignal. */
    | 'ABORTED';

export interface IngestErrorDetails {
    readonly file?: string;
    /** 1-based data row (the header is not counted; row 1 is the first line item). */
    readonly row?: number;
    /** 1-based physical line in the (decompressed) file; differs from `row + 1` when quoted fields hold newlines. */
    readonly line?: number;
    /** Column name as written in the file's header. */
    readonly column?: string;
    /** What was expected there, in words (e.g. "a decimal number", "44 fields like the header"). */
    readonly expected?: string;
    /** What was found (shortened). */
    readonly found?: string;
}

export class IngestError extends Error implements IngestErrorDetails {
    override readonly name = 'IngestError';
    readonly code: IngestErrorCode;
    readonly file?: string;
    readonly row?: number;
    readonly line?: number;
    readonly column?: string;
    readonly expected?: string;
    readonly found?: string;

    constructor(code: IngestErrorCode, message: string, details: IngestErrorDetails = {}) {
        super(message);
        this.code = code;
        this.file = details.file;
        this.row = details.row;
        this.line = details.line;
        this.column = details.column;
        this.expected = details.expected;
        this.found = details.found;
    }

    /** "file:line (row N), column C" — the location prefix used by `message`. */
    static location(details: IngestErrorDetails): string {
        const parts: string[] = [];
        if (details.file !== undefined) parts.push(details.file + (details.line !== undefined ? `:${details.line}` : ''));
        if (details.row !== undefined) parts.push(`data row ${details.row}`);
        if (details.column !== undefined) parts.push(`column ${details.column}`);
        return parts.join(', ');
    }

    /** Plain-data form, to cross a worker_threads boundary. */
    toJSON(): SerializedIngestError {
        return {
            code: this.code, message: this.message, file: this.file, row: this.row, line: this.line,
            column: this.column, expected: this.expected, found: this.found,
        };
    }

    static fromJSON(data: SerializedIngestError): IngestError {
        return new IngestError(data.code, data.message, data);
    }
}

export interface SerializedIngestError extends IngestErrorDetails {
    readonly code: IngestErrorCode;
    readonly message: string;
}

/** Builds an error whose message starts with its location. */
export function ingestError(code: IngestErrorCode, what: string, details: IngestErrorDetails): IngestError {
    const where = IngestError.location(details);
    return new IngestError(code, where ? `${where}: ${what}` : what, details);
}

/** Shortens a found value for messages. */
export function shorten(value: string, max = 60): string {
    return value.length <= max ? value : value.slice(0, max - 1) + '…';
}
