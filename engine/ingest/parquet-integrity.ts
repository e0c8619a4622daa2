import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import type { Compressors, FileMetaData } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { snappyUncompress } from 'hyparquet/src/snappy.js';
import { ingestError, IngestError } from './errors.js';

/**
 * What a Parquet footer and its page headers must agree on before a value is decoded. A footer is
 * written by whoever writes the bucket: it can claim any row count and point any row group at any
 * bytes, and a page header can claim any inflated size. Believed, a footer that says 3 rows over
 * pages of 2,000 bills 3 rows, `num_rows = -1` bills nothing, and one row group listed 1,000 times
 * counts every row 1,000 times; a 1.5 MB GZIP page can inflate to gigabytes. So:
 *
 * - footer: row counts are ≥ 0 and add up; every column chunk lies inside the file's data, once
 *   (no two chunks, of any row groups, share a byte);
 * - pages: walked header by header over each chunk read, they end exactly where the chunk ends and
 *   their rows add up to the row group's (flat columns; a nested column's rows are not in v1 page
 *   headers); no page inflates beyond {@link MAX_PAGE_BYTES}, one row group's needed pages beyond
 *   {@link MAX_ROW_GROUP_BYTES} in all, and no page beyond its own declared size (the inflaters stop there).
 */

/** The largest inflated page read (writers use about 1 MB; DuckDB, Spark and Arrow stay far below). */
export const MAX_PAGE_BYTES = 256 << 20;
/** The largest inflated size of one row group's needed column chunks (what is decoded at once). */
export const MAX_ROW_GROUP_BYTES = 1 << 30;

export interface ChunkRange {
    readonly group: number;
    readonly column: string;
    readonly start: number;
    readonly end: number;
}

/** 1-based first row of each row group, and the file's row count; throws on contradictions. */
export function checkFooter(metadata: FileMetaData, fileSize: number, file: string): { firstRow: number[]; chunks: ChunkRange[][] } {
    const declared = Number(metadata.num_rows);
    if (!Number.isSafeInteger(declared) || declared < 0) {
        throw footerError(file, `the footer declares ${metadata.num_rows} rows`, 'a row count ≥ 0');
    }
    const firstRow: number[] = [];
    let rows = 0;
    metadata.row_groups.forEach((group, g) => {
        const n = Number(group.num_rows);
        if (!Number.isSafeInteger(n) || n < 0) throw footerError(file, `row group ${g + 1} declares ${group.num_rows} rows`, 'a row count ≥ 0');
        firstRow.push(rows + 1);
        rows += n;
    });
    if (rows !== declared) {
        throw footerError(file, `the footer declares ${declared} rows but its row groups add up to ${rows}`, 'the row groups\' rows adding up to the file\'s');
    }
    // Column chunks live between the leading magic and the footer.
    const dataEnd = fileSize - 8;
    const chunks: ChunkRange[][] = [];
    const all: ChunkRange[] = [];
    metadata.row_groups.forEach((group, g) => {
        const ranges: ChunkRange[] = [];
        for (const chunk of group.columns) {
            const meta = chunk.meta_data;
            const column = meta?.path_in_schema.join('.') ?? '?';
            if (!meta) throw footerError(file, `row group ${g + 1} has a column chunk without metadata`, 'column chunk metadata');
            if (chunk.file_path) throw footerError(file, `row group ${g + 1}'s column ${column} lies in another file (${chunk.file_path})`, 'every column chunk in this file');
            const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
            const end = start + Number(meta.total_compressed_size);
            if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 4 || end <= start || end > dataEnd) {
                throw footerError(file, `row group ${g + 1}'s column ${column} claims bytes ${start}–${end} of a ${fileSize}-byte file`, 'a column chunk inside the file');
            }
            const range = { group: g, column, start, end };
            ranges.push(range);
            all.push(range);
        }
        chunks.push(ranges);
    });
    all.sort((a, b) => a.start - b.start);
    for (let i = 1; i < all.length; i++) {
        const [before, after] = [all[i - 1], all[i]];
        if (after.start < before.end) {
            const same = after.start === before.start && after.end === before.end;
            throw footerError(file,
                `row group ${after.group + 1}'s column ${after.column} (bytes ${after.start}–${after.end}) ${same ? 'repeats' : 'overlaps'} ` +
                `row group ${before.group + 1}'s column ${before.column} (bytes ${before.start}–${before.end})` +
                (same ? ': the footer lists the same data twice, which would count its rows twice' : ''),
                'each column chunk at its own byte range');
        }
    }
    return { firstRow, chunks };
}

/**
 * Walks the page headers of one column chunk (its bytes as read) and checks them against the row
 * group: returns the sum of the declared inflated page sizes. `flat` says whether a v1 data page's
 * value count is its row count.
 */
export function checkChunkPages(bytes: ArrayBuffer, rows: number, flat: boolean, where: PageLocation): number {
    const reader = { view: new DataView(bytes), offset: 0 };
    let pageRows = 0;
    let countable = true;
    let inflated = 0;
    while (reader.offset < bytes.byteLength) {
        const at = reader.offset;
        let header;
        try {
            header = parquetHeader(reader);
        } catch (error) {
            throw pageError(where, `an unreadable page header at byte ${at} of the chunk (${(error as Error).message})`, 'a page header');
        }
        const compressed = Number(header.compressed_page_size);
        const size = Number(header.uncompressed_page_size);
        if (!Number.isSafeInteger(compressed) || compressed < 0 || reader.offset + compressed > bytes.byteLength) {
            throw pageError(where, `a page of ${header.compressed_page_size} bytes runs past the end of its column chunk`, 'pages inside the column chunk');
        }
        if (!Number.isSafeInteger(size) || size < 0) throw pageError(where, `a page declares ${header.uncompressed_page_size} inflated bytes`, 'a page size ≥ 0');
        if (size > MAX_PAGE_BYTES) {
            throw pageError(where, `a page declares ${size.toLocaleString('en-US')} bytes once inflated, more than the limit of ${MAX_PAGE_BYTES.toLocaleString('en-US')}`,
                `pages of at most ${MAX_PAGE_BYTES >> 20} MB`);
        }
        inflated += size;
        if (header.type === 'DATA_PAGE') {
            const n = Number(header.data_page_header?.num_values);
            if (!Number.isSafeInteger(n) || n < 0) throw pageError(where, `a data page declares ${header.data_page_header?.num_values} values`, 'a value count ≥ 0');
            if (flat) pageRows += n;
            else countable = false;
        } else if (header.type === 'DATA_PAGE_V2') {
            const n = Number(header.data_page_header_v2?.num_rows);
            if (!Number.isSafeInteger(n) || n < 0) throw pageError(where, `a data page declares ${header.data_page_header_v2?.num_rows} rows`, 'a row count ≥ 0');
            pageRows += n;
        }
        reader.offset += compressed;
    }
    if (countable && pageRows !== rows) {
        throw pageError(where, `the footer declares ${rows} rows for the row group but this column's pages hold ${pageRows}`,
            'the row group\'s row count in its pages');
    }
    return inflated;
}

export interface PageLocation {
    readonly file: string;
    readonly group: number;
    readonly column: string;
    /** 1-based first row of the row group. */
    readonly row: number;
}

/**
 * GZIP, Brotli, Snappy and ZSTD inflaters that never produce more than the page's declared size (which
 * {@link checkChunkPages} bounded): a page that inflates beyond it is a PARQUET_ERROR, not memory.
 */
export const BOUNDED_COMPRESSORS: Compressors = {
    GZIP: (input, outputLength) => new Uint8Array(bounded(() => gunzipSync(input, { maxOutputLength: Math.max(1, outputLength) }), outputLength)),
    BROTLI: (input, outputLength) => new Uint8Array(bounded(() => brotliDecompressSync(input, { maxOutputLength: Math.max(1, outputLength) }), outputLength)),
    SNAPPY: (input, outputLength) => {
        const output = new Uint8Array(outputLength);
        snappyUncompress(input, output);
        return output;
    },
    ZSTD: (input, outputLength) => {
        // fzstd decodes into the buffer it is given (memory bounded by the page's declared size) but
        // neither fills nor overruns it with an error; the frame's own content size must agree first.
        const declared = zstdContentSize(input);
        if (declared !== outputLength) {
            throw new InflateLimitError(declared === undefined
                ? 'a ZSTD page frame does not declare its content size (expected the page size its header declares)'
                : `a ZSTD page frame declares ${declared.toLocaleString('en-US')} bytes where the page header declares ${outputLength.toLocaleString('en-US')} (a decompression bomb or a corrupt page)`);
        }
        try {
            return zstdDecompress(input, new Uint8Array(outputLength));
        } catch (error) {
            if (error instanceof RangeError) throw new InflateLimitError(`a page inflates to more than the ${outputLength.toLocaleString('en-US')} bytes its header declares (a decompression bomb or a corrupt page)`);
            throw new Error(`ZSTD: ${(error as Error).message}`);
        }
    },
};

/** Frame_Content_Size of a ZSTD frame (RFC 8878 §3.1.1.1), or undefined when absent or not a ZSTD frame. */
export function zstdContentSize(frame: Uint8Array): number | undefined {
    if (frame.length < 6 || frame[0] !== 0x28 || frame[1] !== 0xb5 || frame[2] !== 0x2f || frame[3] !== 0xfd) return undefined;
    const descriptor = frame[4];
    const fcsFlag = descriptor >> 6;
    const singleSegment = (descriptor >> 5) & 1;
    const dictionaryBytes = [0, 1, 2, 4][descriptor & 3];
    const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag];
    if (fcsBytes === 0) return undefined;
    const at = 5 + (singleSegment ? 0 : 1) + dictionaryBytes;
    if (at + fcsBytes > frame.length) return undefined;
    let size = 0;
    for (let i = fcsBytes - 1; i >= 0; i--) size = size * 256 + frame[at + i];
    return fcsBytes === 2 ? size + 256 : size;
}

/** Thrown by an inflater; the reader adds where it happened. */
export class InflateLimitError extends Error {}

function bounded(inflate: () => Buffer, declared: number): Buffer {
    try {
        return inflate();
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
            throw new InflateLimitError(`a page inflates to more than the ${declared.toLocaleString('en-US')} bytes its header declares (a decompression bomb or a corrupt page)`);
        }
        throw error;
    }
}

function footerError(file: string, what: string, expected: string): IngestError {
    return ingestError('PARQUET_ERROR', `contradictory Parquet footer: ${what}`, { file, expected });
}

function pageError(where: PageLocation, what: string, expected: string): IngestError {
    return ingestError('PARQUET_ERROR', `row group ${where.group + 1}: ${what}`, { file: where.file, row: where.row, column: where.column, expected });
}
