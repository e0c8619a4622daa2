import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, type Compressors, type FileMetaData, type SchemaElement } from 'hyparquet';
import { ScanState, type RowSink } from './csv-scanner.js';
import { IngestError, ingestError } from './errors.js';
import { checkAbort } from './csv-reader.js';

/**
 * Reads a Parquet file row group by row group, only the needed columns (hyparquet), and feeds each
 * row to the same row sink as the CSV scanner by writing the needed values into a small row buffer.
 *
 * Exactness: DECIMAL columns are read as their unscaled integers (hyparquet's own conversion goes
 * through binary floating point) and rendered as exact decimal text. DOUBLE columns (CUR 2.0 writes
 * costs as double) are rendered with JavaScript's shortest round-trip form — the same digits a CSV
 * export of that double shows.
 */

/** Snappy is built into hyparquet; AWS also writes GZIP. Node's zlib covers GZIP and BROTLI. */
const COMPRESSORS: Compressors = {
    GZIP: input => new Uint8Array(gunzipSync(input)),
    BROTLI: input => new Uint8Array(brotliDecompressSync(input)),
};

export interface ParquetReadOptions {
    readonly signal?: AbortSignal;
    readonly onBytes?: (bytes: number) => void;
    /** Gets the top-level column names; returns the names to read (in slot order), the scan state and the sink. */
    readonly onHeader: (header: string[]) => { columns: readonly string[]; state: ScanState; sink: RowSink };
    readonly afterRowGroup?: () => Promise<void> | void;
}

interface DecimalColumn { readonly scale: number }

export async function readParquet(file: string, options: ParquetReadOptions): Promise<{ header: readonly string[] }> {
    let metadata: FileMetaData;
    let asyncFile;
    try {
        asyncFile = await asyncBufferFromFile(file);
        metadata = await parquetMetadataAsync(asyncFile);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw ingestError('FILE_NOT_FOUND', 'no such file', { file });
        throw ingestError('PARQUET_ERROR', `not a readable Parquet file (${(error as Error).message})`, { file, expected: 'a Parquet file' });
    }
    const { header, decimals, schema } = plainSchema(metadata);
    if (header.length === 0) throw ingestError('EMPTY_FILE', 'the Parquet file has no columns', { file });
    const { columns, state, sink } = options.onHeader(header);
    const slotOfColumn = columns.map(name => state.columnSlot[header.indexOf(name)]);
    const decimalOfColumn = columns.map(name => decimals.get(name));
    const patched: FileMetaData = { ...metadata, schema };
    const totalRows = Number(metadata.num_rows);
    const fileSize = asyncFile.byteLength;
    let rowBuf = Buffer.alloc(1 << 12);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
        checkAbort(options.signal, file);
        const rowEnd = rowStart + Number(group.num_rows);
        let rows: unknown[][] = [];
        try {
            await parquetRead({
                file: asyncFile, metadata: patched, columns: [...columns], rowStart, rowEnd, compressors: COMPRESSORS, utf8: false,
                onComplete: (data: unknown[][]) => { rows = data; },
            });
        } catch (error) {
            throw ingestError('PARQUET_ERROR', `cannot read row group at row ${rowStart + 1}: ${(error as Error).message}` +
                (/compression|codec/i.test(String(error)) ? ' (supported codecs: UNCOMPRESSED, SNAPPY, GZIP, BROTLI)' : ''),
            { file, row: rowStart + 1 });
        }
        for (const row of rows) {
            let used = 0;
            for (let c = 0; c < columns.length; c++) {
                const slot = slotOfColumn[c];
                if (slot < 0) continue;
                const text = valueText(row[c], decimalOfColumn[c]);
                const need = used + Buffer.byteLength(text) + 1;
                if (need > rowBuf.length) {
                    const bigger = Buffer.alloc(Math.max(need * 2, rowBuf.length * 2));
                    rowBuf.copy(bigger, 0, 0, used);
                    rowBuf = bigger;
                }
                state.start[slot] = used;
                used += rowBuf.write(text, used);
                state.end[slot] = used;
                state.escaped[slot] = 0;
            }
            state.row++;
            state.line = state.row;
            sink.row(rowBuf, state);
        }
        options.onBytes?.(totalRows > 0 ? Math.round(fileSize * (rowEnd - rowStart) / totalRows) : fileSize);
        rowStart = rowEnd;
        await options.afterRowGroup?.();
    }
    return { header };
}

/** Top-level column names, DECIMAL columns with their scale, and a schema whose DECIMALs stay unscaled integers. */
function plainSchema(metadata: FileMetaData): { header: string[]; decimals: Map<string, DecimalColumn>; schema: SchemaElement[] } {
    const header: string[] = [];
    const decimals = new Map<string, DecimalColumn>();
    const schema = metadata.schema.map(element => ({ ...element }));
    // schema[0] is the root; walk its direct children (nested groups are skipped with their descendants).
    let i = 1;
    const skip = (index: number): number => {
        let next = index + 1;
        for (let k = 0; k < (schema[index].num_children ?? 0); k++) next = skip(next);
        return next;
    };
    while (i < schema.length) {
        const element = schema[i];
        header.push(element.name);
        const isDecimal = element.converted_type === 'DECIMAL' || element.logical_type?.type === 'DECIMAL';
        if (isDecimal && !element.num_children) {
            const logical = element.logical_type as { type: string; scale?: number } | undefined;
            decimals.set(element.name, { scale: element.scale ?? logical?.scale ?? 0 });
            delete (element as { converted_type?: unknown }).converted_type;
            delete (element as { logical_type?: unknown }).logical_type;
        }
        i = skip(i);
    }
    return { header, decimals, schema };
}

const decoder = new TextDecoder();

/** The text a CSV export would hold for a Parquet value. */
export function valueText(value: unknown, decimal?: DecimalColumn): string {
    if (value === null || value === undefined) return '';
    if (decimal) return unscaledText(value, decimal.scale);
    switch (typeof value) {
        case 'string': return value;
        // NaN and ±Infinity stay visible ("NaN", "Infinity"): in a measure they are an INVALID_NUMBER, never an empty cell.
        case 'number': return String(value);
        case 'bigint': return value.toString();
        case 'boolean': return value ? 'true' : 'false';
        default:
            if (value instanceof Date) return value.toISOString();
            if (value instanceof Uint8Array) return decoder.decode(value);
            return JSON.stringify(value, (_k, v: unknown) => typeof v === 'bigint' ? v.toString() : v);
    }
}

function unscaledText(value: unknown, scale: number): string {
    let unscaled: bigint;
    if (typeof value === 'bigint') unscaled = value;
    else if (typeof value === 'number') unscaled = BigInt(value);
    else if (value instanceof Uint8Array) {
        unscaled = 0n;
        for (const byte of value) unscaled = (unscaled << 8n) | BigInt(byte);
        if (value.length > 0 && value[0] & 0x80) unscaled -= 1n << BigInt(value.length * 8);
    } else throw new IngestError('PARQUET_ERROR', `unexpected DECIMAL value ${String(value)}`);
    if (scale <= 0) return (unscaled * 10n ** BigInt(-scale)).toString();
    const negative = unscaled < 0n;
    const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
    return (negative ? '-' : '') + digits.slice(0, -scale) + '.' + digits.slice(-scale);
}
