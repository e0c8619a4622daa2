import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { MAX_ROW_BYTES, rowTooLongError, scanCsv, type RowSink, type ScanState } from './csv-scanner.js';
import { IngestError, ingestError } from './errors.js';

/**
 * Streams a CSV file (plain or gzip) through the byte scanner in chunks: the file is never held
 * whole. A plain file can be read as a byte range [start, end) of rows (rows *starting* in the range)
 * so that several workers share one big file; the reader reports where its first row started and
 * where it stopped, and the caller checks that neighbouring ranges meet (a range boundary inside a
 * quoted field breaks that and triggers a sequential re-read).
 */

export interface CsvReadOptions {
    /** Byte range of rows to read (plain files only); the header is always read from the file start. */
    readonly range?: { readonly start: number; readonly end: number };
    readonly chunkSize?: number;
    readonly signal?: AbortSignal;
    /** Called with the number of (compressed) bytes read since the previous call. */
    readonly onBytes?: (bytes: number) => void;
    /** Receives the header; returns the scan state and sink for the data rows. */
    readonly onHeader: (header: string[], dataFirstLine: number) => { state: ScanState; sink: RowSink };
    /** Awaited after each chunk (lets a consumer with async output apply backpressure). */
    readonly afterChunk?: () => Promise<void> | void;
}

export interface CsvReadResult {
    readonly header: readonly string[];
    /** Absolute offset of the first data row read (plain files). */
    readonly firstRowOffset: number;
    /** Absolute offset where reading stopped: the start of the first row not read, or the file size. */
    readonly stopOffset: number;
}

const DEFAULT_CHUNK = 4 << 20;
/** Longest header accepted (AWS headers are a few KB): beyond it the "header" is not a CUR (/dev/zero, a binary file). */
export const MAX_HEADER_BYTES = 1 << 20;
export { MAX_ROW_BYTES } from './csv-scanner.js';

export function isGzipPath(file: string): boolean {
    return /\.gz$/i.test(file);
}

/** Growable byte window: data in [0, len), one spare byte for the scanner's sentinel. */
class Window {
    buf: Buffer;
    len = 0;
    constructor(size: number) { this.buf = Buffer.allocUnsafe(size + 1); }
    /** Room for at least `n` more bytes (plus the sentinel). */
    ensure(n: number): void {
        if (this.len + n + 1 <= this.buf.length) return;
        const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n + 1));
        this.buf.copy(bigger, 0, 0, this.len);
        this.buf = bigger;
    }
    /** Drops the first `n` bytes. */
    consume(n: number): void {
        if (n === 0) return;
        this.buf.copy(this.buf, 0, n, this.len);
        this.len -= n;
    }
}

export async function readCsv(file: string, options: CsvReadOptions): Promise<CsvReadResult> {
    return isGzipPath(file) ? readGzip(file, options) : readPlain(file, options);
}

async function readPlain(file: string, options: CsvReadOptions): Promise<CsvReadResult> {
    const chunk = options.chunkSize ?? DEFAULT_CHUNK;
    const handle = await openRegularFile(file);
    try {
        const size = (await handle.stat()).size;
        const w = new Window(chunk);
        let filePos = 0;
        const fill = async (): Promise<number> => {
            if (w.len + 1 >= w.buf.length) w.ensure(Math.max(chunk, w.buf.length));
            const room = Math.min(w.buf.length - 1 - w.len, chunk);
            const { bytesRead } = await handle.read(w.buf, w.len, room, filePos);
            filePos += bytesRead;
            w.len += bytesRead;
            options.onBytes?.(bytesRead);
            return bytesRead;
        };
        checkAbort(options.signal, file);
        // Header from the file start.
        let header: HeaderParse | undefined;
        for (;;) {
            checkAbort(options.signal, file);
            const n = await fill();
            header = parseHeader(w.buf, w.len, n === 0);
            if (header) break;
            if (n === 0) throw emptyFile(file);
            if (w.len > MAX_HEADER_BYTES) throw headerTooLong(file);
        }
        const { state, sink } = options.onHeader(header.fields, 1 + header.lines);
        let firstRowOffset = header.next;
        let rangeEnd = Infinity;
        if (options.range && options.range.start > 0) {
            rangeEnd = options.range.end;
            // A range that begins inside the header reads nothing: the neighbour check then fails and
            // the caller re-reads the file sequentially.
            if (options.range.start <= header.next) return { header: header.fields, firstRowOffset: header.next, stopOffset: header.next };
            // Rows starting in the range: the first starts after the first newline at or after start - 1.
            w.len = 0;
            filePos = options.range.start - 1;
            for (;;) {
                const n = await fill();
                const nl = w.buf.indexOf(10, 0);
                if (nl >= 0 && nl < w.len) { firstRowOffset = filePos - w.len + nl + 1; w.consume(nl + 1); break; }
                if (n === 0) return { header: header.fields, firstRowOffset: size, stopOffset: size };
                w.len = 0;
            }
        } else {
            if (options.range) rangeEnd = options.range.end;
            w.consume(header.next);
        }
        for (;;) {
            checkAbort(options.signal, file);
            const bufStart = filePos - w.len;
            const consumed = scanCsv(w.buf, 0, w.len, state, sink, rangeEnd - bufStart);
            if (bufStart + consumed >= rangeEnd) return { header: header.fields, firstRowOffset, stopOffset: bufStart + consumed };
            w.consume(consumed);
            if (w.len > MAX_ROW_BYTES) throw rowTooLong(file, state);
            await options.afterChunk?.();
            const n = await fill();
            if (n === 0) {
                finishData(w, state, sink, file);
                return { header: header.fields, firstRowOffset, stopOffset: size };
            }
        }
    } finally {
        await handle.close();
    }
}

async function readGzip(file: string, options: CsvReadOptions): Promise<CsvReadResult> {
    // The stream reads the handle checked to be a regular file (opening the path again could open a FIFO put there since).
    const handle = await openRegularFile(file);
    const chunk = options.chunkSize ?? DEFAULT_CHUNK;
    const input = handle.createReadStream({ highWaterMark: 1 << 20 });
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    let lastBytes = 0;
    input.on('data', () => {
        options.onBytes?.(input.bytesRead - lastBytes);
        lastBytes = input.bytesRead;
    });
    input.on('error', error => gunzip.destroy(error));
    input.pipe(gunzip);
    const w = new Window(chunk);
    let header: HeaderParse | undefined;
    let state: ScanState | undefined;
    let sink: RowSink | undefined;
    try {
        for await (const data of gunzip as AsyncIterable<Buffer>) {
            checkAbort(options.signal, file);
            w.ensure(data.length);
            data.copy(w.buf, w.len);
            w.len += data.length;
            if (!header) {
                header = parseHeader(w.buf, w.len, false);
                if (!header) {
                    if (w.len > MAX_HEADER_BYTES) throw headerTooLong(file);
                    continue;
                }
                ({ state, sink } = options.onHeader(header.fields, 1 + header.lines));
                w.consume(header.next);
            }
            if (w.len < chunk) continue;
            w.consume(scanCsv(w.buf, 0, w.len, state!, sink!));
            if (w.len > MAX_ROW_BYTES) throw rowTooLong(file, state!);
            await options.afterChunk?.();
        }
    } catch (error) {
        input.destroy();
        if (error instanceof IngestError) throw error;
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (code.startsWith('Z_') || code === 'ERR_ZLIB_INITIALIZATION_FAILED' || /zlib|gzip|header|unexpected end/i.test(String(error))) {
            // Rows inflated before the damage are still in the window: scan them, so that the error says
            // where the readable data ends (the ingest fails anyway: nothing of it is kept).
            if (state && sink) {
                try {
                    w.consume(scanCsv(w.buf, 0, w.len, state, sink));
                } catch {
                    // A damaged last row: the location below is where the complete rows end.
                }
            }
            const where = !state ? ' before the header was complete'
                : state.row === 0 ? ' before the first complete data row'
                    : ` after data row ${state.row} (line ${state.line - 1})`;
            throw ingestError('CORRUPT_GZIP', `the gzip data is corrupt or truncated (${(error as Error).message})${where}`, {
                file, row: state ? state.row + 1 : undefined, expected: 'a complete gzip stream',
            });
        }
        throw ingestError('READ_ERROR', `cannot read the file: ${(error as Error).message}`, { file });
    }
    if (!header) {
        header = parseHeader(w.buf, w.len, true);
        if (!header) throw emptyFile(file);
        ({ state, sink } = options.onHeader(header.fields, 1 + header.lines));
        w.consume(header.next);
    }
    finishData(w, state!, sink!, file);
    return { header: header.fields, firstRowOffset: 0, stopOffset: 0 };
}

/** Scans what is left at the end of the data, supplying a missing final newline. */
function finishData(w: Window, state: ScanState, sink: RowSink, file: string): void {
    if (w.len === 0) return;
    w.consume(scanCsv(w.buf, 0, w.len, state, sink));
    if (w.len === 0) return;
    w.ensure(1);
    w.buf[w.len++] = 10;
    w.consume(scanCsv(w.buf, 0, w.len, state, sink));
    if (w.len !== 0) {
        throw ingestError('MALFORMED_CSV', 'a quoted field is not terminated before the end of the file', {
            file, row: state.row + 1, line: state.line, expected: 'a closing quote',
        });
    }
}

function headerTooLong(file: string): IngestError {
    return ingestError('MALFORMED_CSV', `the header line is longer than ${MAX_HEADER_BYTES / (1 << 20)} MB: this is not a CUR/FOCUS CSV file`, {
        file, line: 1, expected: `a header line of at most ${MAX_HEADER_BYTES} bytes`,
    });
}

/** A row still incomplete beyond the maximum (the scanner refuses complete rows beyond it). */
function rowTooLong(file: string, state: ScanState): IngestError {
    return rowTooLongError(file, state.row + 1, state.line);
}

function emptyFile(file: string): IngestError {
    return ingestError('EMPTY_FILE', 'the file is empty: expected a header line', { file, line: 1, expected: 'a header line' });
}

/**
 * Opens a regular file for reading. O_NONBLOCK makes opening a FIFO return at once instead of waiting for a
 * writer (it changes nothing for a regular file); anything but a regular file is refused.
 */
export async function openRegularFile(file: string): Promise<FileHandle> {
    let handle;
    try {
        handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw ingestError(code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'READ_ERROR',
            code === 'ENOENT' ? 'no such file' : `cannot open the file: ${(error as Error).message}`, { file });
    }
    const info = await handle.stat();
    if (!info.isFile()) {
        await handle.close();
        throw ingestError('NOT_A_REGULAR_FILE', `${describeKind(info)}: only regular files are read as data`, { file, expected: 'a regular file' });
    }
    return handle;
}

export function describeKind(info: Stats): string {
    if (info.isDirectory()) return 'a folder';
    if (info.isFIFO()) return 'a named pipe (FIFO)';
    if (info.isCharacterDevice()) return 'a character device';
    if (info.isBlockDevice()) return 'a block device';
    if (info.isSocket()) return 'a socket';
    return 'not a regular file';
}

export function checkAbort(signal: AbortSignal | undefined, file?: string): void {
    if (signal?.aborted) throw new IngestError('ABORTED', 'the ingest was cancelled', { file });
}

interface HeaderParse {
    readonly fields: string[];
    /** Offset of the first byte after the header row. */
    readonly next: number;
    /** Physical lines the header spans. */
    readonly lines: number;
}

/**
 * Parses the header row at the start of buf[0, len) (a UTF-8 BOM is skipped). Returns undefined when
 * the row is incomplete and more data may follow; with `atEnd`, an unterminated last line is taken
 * as the header, and no data at all gives undefined.
 */
export function parseHeader(buf: Buffer, len: number, atEnd: boolean): HeaderParse | undefined {
    let i = 0;
    if (len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
    // Leading empty lines carry no header.
    while (i < len && (buf[i] === 10 || buf[i] === 13)) i++;
    if (i >= len) return undefined;
    const fields: string[] = [];
    let lines = 1;
    for (;;) {
        let value: string;
        if (buf[i] === 34) {
            let j = i + 1;
            let text = '';
            for (;;) {
                const q = buf.indexOf(34, j);
                if (q < 0 || q >= len) return undefined;
                text += buf.toString('utf8', j, q);
                if (q + 1 < len && buf[q + 1] === 34) { text += '"'; j = q + 2; continue; }
                if (q + 1 >= len && !atEnd) return undefined;
                i = q + 1;
                break;
            }
            for (const ch of text) if (ch === '\n') lines++;
            value = text;
        } else {
            let j = i;
            while (j < len && buf[j] !== 44 && buf[j] !== 10) j++;
            if (j >= len && !atEnd) return undefined;
            let e = j;
            if (e > i && buf[e - 1] === 13) e--;
            value = buf.toString('utf8', i, e);
            i = j;
        }
        fields.push(value.trim());
        if (i >= len) return { fields, next: len, lines };
        if (buf[i] === 13 && i + 1 < len && buf[i + 1] === 10) i++;
        if (buf[i] === 10) return { fields, next: i + 1, lines };
        if (buf[i] !== 44) return { fields, next: i, lines }; // malformed header: the data scan reports it
        i++;
    }
}
