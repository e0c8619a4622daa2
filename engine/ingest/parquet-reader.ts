import type { FileHandle } from 'node:fs/promises';
import { openRegularFile } from './csv-reader.js';
import { flatten, parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type DecodedArray, type FileMetaData, type SchemaElement } from 'hyparquet';
import { readColumn } from 'hyparquet/src/column.js';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { getTreePath, isFlatColumn } from 'hyparquet/src/schema.js';
import { ScanState, type RowSink } from './csv-scanner.js';
import { readColumnCodes, readMapCodes, smallUnscaled, type ColumnCodes } from './parquet-column-codes.js';
import { tripleOfScaled } from './scaled-decimal.js';
import { IngestError, ingestError } from './errors.js';
import { checkAbort } from './csv-reader.js';
import { BOUNDED_COMPRESSORS, checkChunkPages, checkFooter, InflateLimitError, MAX_ROW_GROUP_BYTES, type ChunkRange } from './parquet-integrity.js';

/**
 * Reads a Parquet file row group by row group, only the needed column chunks, and feeds each row to
 * the same row sink as the CSV scanner by writing the needed values into a small row buffer.
 *
 * The footer and every chunk's page headers are checked before a value is decoded
 * (parquet-integrity.ts): a footer cannot make rows vanish, repeat or appear, and no page inflates
 * beyond its declared size or the global limits. Flat columns (every column the cube reads) are
 * decoded chunk by chunk straight from the checked bytes (hyparquet's column decoder); nested
 * columns (CUR 2.0 MAP columns, read only by the row streaming of an export) go through hyparquet's
 * row assembly over the same bytes.
 *
 * Exactness: DECIMAL columns are read as their unscaled integers (hyparquet's own conversion goes
 * through binary floating point) and rendered as exact decimal text. DOUBLE columns (CUR 2.0 writes
 * costs as double) are rendered with JavaScript's shortest round-trip form — the same digits a CSV
 * export of that double shows. Strings are copied as their bytes (as the CSV scanner sees them).
 * A sink that takes numbers (`KeyedRowSink.parsedMeasures`) gets such a measure as the exact triple its
 * text parses to instead, where `measureTriple` can make it without the text.
 */

export interface ParquetReadOptions {
    readonly signal?: AbortSignal;
    readonly onBytes?: (bytes: number) => void;
    /** Gets the top-level column names; returns the names to read (in slot order), the scan state and the sink. */
    readonly onHeader: (header: string[]) => { columns: readonly string[]; state: ScanState; sink: RowSink; keyed?: KeyedRowSink };
    readonly afterRowGroup?: () => Promise<void> | void;
    /** Read only the `index`-th of `count` contiguous shares of the row groups (a worker's part of a big file). */
    readonly rowGroups?: { readonly index: number; readonly count: number };
    /**
     * Flat columns made of one key of a top-level MAP<STRING, STRING> column (CUR 2.0's `product`): each `as` is
     * added to the header when the file has the map and no column of that name; its value is the row's value for
     * `key` (empty when absent). Only the map's key and value chunks are decoded, not the map's rows (`readMapCodes`).
     */
    readonly mapKeys?: readonly MapKeyColumn[];
}

export interface MapKeyColumn { readonly map: string; readonly key: string; readonly as: string }

/**
 * A sink that splits a row into key fields and per-row fields (the cube's: `CubeRowSink`). The reader
 * then renders the key fields once per distinct tuple of their values in a row group (dictionary
 * indices, not strings) and only the per-row fields for every row.
 */
export interface KeyedRowSink {
    /** Slots (fields) read by `addRow`; every other slot belongs to the key read by `cellOf`. */
    readonly perRowSlots: readonly number[];
    /** The key's cell, or -1 to drop the row. */
    cellOf(buf: Buffer, st: ScanState): number;
    /** The key last passed to `cellOf` is a Usage line item. */
    isUsage(): boolean;
    /** `keys`: the key fields are rendered too (false only where `keysFor` said they are not read). */
    addRow(cell: number, usage: boolean, buf: Buffer, st: ScanState, keys: boolean): void;
    /**
     * `addRow` also reads the key fields (the commitment ledger does): the reader then renders them for every row
     * of a key for which `keysFor` (asked once per key, right after `cellOf`) is true, still aggregating by
     * dictionary codes. Otherwise only the per-row fields are rendered after the first row of a key.
     */
    readonly keysPerRow?: boolean;
    keysFor?(buf: Buffer, st: ScanState): boolean;
    /**
     * `addRow` takes numbers (`ScanState.parsed`/`numbers`) for a per-row field instead of its text: the reader then
     * hands a number column's value over as its exact triple where `measureTriple` can, and renders text otherwise
     * (and for the rows of a key whose fields are rendered: the ledger reads the measures' text).
     */
    readonly parsedMeasures?: boolean;
}

interface DecimalColumn { readonly scale: number }

export async function readParquet(file: string, options: ParquetReadOptions): Promise<{ header: readonly string[] }> {
    // Non-blocking open, regular files only: a FIFO named x.parquet must not hold a thread-pool thread.
    const handle = await openRegularFile(file);
    try {
        return await readOpened(file, handle, options);
    } finally {
        await handle.close();
    }
}

async function readOpened(file: string, handle: FileHandle, options: ParquetReadOptions): Promise<{ header: readonly string[] }> {
    const fileSize = (await handle.stat()).size;
    const asyncFile = fileBuffer(handle, fileSize, file);
    let metadata: FileMetaData;
    try {
        metadata = await parquetMetadataAsync(asyncFile);
    } catch (error) {
        if (error instanceof IngestError) throw error;
        throw ingestError('PARQUET_ERROR', `not a readable Parquet file (${(error as Error).message})`, { file, expected: 'a Parquet file' });
    }
    const { firstRow, chunks } = checkFooter(metadata, fileSize, file);
    const { header, decimals, schema, bytesColumns } = plainSchema(metadata);
    if (header.length === 0) throw ingestError('EMPTY_FILE', 'the Parquet file has no columns', { file });
    const patched: FileMetaData = { ...metadata, schema };
    const tree = parquetSchema(patched);
    const fromMap = new Map<string, MapKeyColumn>();
    for (const spec of options.mapKeys ?? []) {
        if (header.includes(spec.as) || !isStringMap(tree.children.find(child => child.element.name === spec.map))) continue;
        header.push(spec.as);
        bytesColumns.add(spec.as);
        fromMap.set(spec.as, spec);
    }
    const { columns, state, sink, keyed } = options.onHeader(header);
    const slotOfColumn = columns.map(name => state.columnSlot[header.indexOf(name)]);
    const decimalOfColumn = columns.map(name => decimals.get(name));
    const flatOf = new Map(tree.children.map(child => [child.element.name, isFlatColumn([tree, child])]));
    const wanted = new Set(columns);
    const virtual = columns.filter(name => fromMap.has(name));
    for (const name of virtual) wanted.add(fromMap.get(name)!.map);
    const nested = columns.filter(name => !flatOf.get(name) && !fromMap.has(name));
    const totalRows = Number(metadata.num_rows);
    let rowBuf: Buffer = Buffer.alloc(1 << 12);
    const values: (DecodedArray | undefined)[] = new Array(columns.length);
    const lastKey: unknown[] = new Array(columns.length);
    const lastText: (string | undefined)[] = new Array(columns.length);
    const groups = metadata.row_groups.length;
    const share = options.rowGroups ?? { index: 0, count: 1 };
    for (let g = Math.floor(groups * share.index / share.count); g < Math.floor(groups * (share.index + 1) / share.count); g++) {
        checkAbort(options.signal, file);
        const group = metadata.row_groups[g];
        const rows = Number(group.num_rows);
        const row = firstRow[g];
        if (rows === 0) continue;
        state.row = row - 1;
        const needed = chunks[g].filter((_range, k) => wanted.has(group.columns[k].meta_data!.path_in_schema[0]));
        const buffers = await Promise.all(needed.map(range => asyncFile.slice(range.start, range.end)));
        let inflated = 0;
        needed.forEach((range, k) => {
            const flat = flatOf.get(range.column.split('.')[0]) ?? false;
            inflated += checkChunkPages(buffers[k], rows, flat, { file, group: g, column: range.column, row });
        });
        if (inflated > MAX_ROW_GROUP_BYTES) {
            throw ingestError('PARQUET_ERROR', `row group ${g + 1}: its pages declare ${inflated.toLocaleString('en-US')} bytes once inflated, more than the limit of ${MAX_ROW_GROUP_BYTES.toLocaleString('en-US')}`,
                { file, row, expected: `row groups of at most ${MAX_ROW_GROUP_BYTES >> 20} MB inflated` });
        }
        if (keyed !== undefined && nested.length === 0) {
            const context = { file, group: g, row, rows, state, keyed };
            const codes = decodeCodes(needed, buffers, group, chunks[g], tree, columns, slotOfColumn, keyed, context, decimalOfColumn.map(d => d !== undefined));
            for (const [name, column] of mapCodes(virtual, fromMap, needed, buffers, group, chunks[g], tree, context)) codes[columns.indexOf(name)] = column;
            rowBuf = aggregateRowGroup(codes, columns.map((name, c) => ({ slot: slotOfColumn[c], bytes: bytesColumns.has(name) && decimalOfColumn[c] === undefined, decimal: decimalOfColumn[c] })), rowBuf, context);
            options.onBytes?.(totalRows > 0 ? Math.round(fileSize * rows / totalRows) : fileSize);
            await options.afterRowGroup?.();
            continue;
        }
        try {
            const byName = new Map<string, DecodedArray>();
            needed.forEach((range, k) => {
                const meta = group.columns[chunks[g].indexOf(range)].meta_data!;
                if (!flatOf.get(meta.path_in_schema[0])) return;
                const schemaPath = getTreePath(tree, meta.path_in_schema);
                let decoded: ReturnType<typeof readColumn>;
                try {
                    decoded = readColumn({ view: new DataView(buffers[k]), offset: 0 }, { groupStart: 0, selectStart: 0, selectEnd: rows, groupRows: rows }, {
                        pathInSchema: meta.path_in_schema, type: meta.type, element: schemaPath[schemaPath.length - 1].element, schemaPath,
                        codec: meta.codec, parsers: DEFAULT_PARSERS, compressors: BOUNDED_COMPRESSORS, utf8: false,
                    });
                } catch (error) {
                    // Name the column, as the columnar path does (the ledger's files take this path).
                    throw decodeError(error, file, g, row, range.column);
                }
                const data = flatten(decoded.data);
                if (data.length !== rows) throw new Error(`column ${range.column} decodes to ${data.length} values for ${rows} rows`);
                byName.set(meta.path_in_schema[0], data);
            });
            if (nested.length > 0) {
                let assembled: unknown[][] = [];
                await parquetRead({
                    file: servedFrom(asyncFile, needed, buffers), metadata: patched, columns: nested, rowStart: row - 1, rowEnd: row - 1 + rows,
                    compressors: BOUNDED_COMPRESSORS, utf8: false, onComplete: (data: unknown[][]) => { assembled = data; },
                });
                if (assembled.length !== rows) throw new Error(`nested columns decode to ${assembled.length} rows for ${rows}`);
                nested.forEach((name, k) => byName.set(name, assembled.map(r => r[k])));
            }
            for (const [name, column] of mapCodes(virtual, fromMap, needed, buffers, group, chunks[g], tree, { file, group: g, row, rows })) {
                byName.set(name, Array.from(column.codes, code => (code < 0 ? null : column.values[code])) as DecodedArray);
            }
            for (let c = 0; c < columns.length; c++) values[c] = byName.get(columns[c]);
        } catch (error) {
            throw decodeError(error, file, g, row);
        }
        for (let i = 0; i < rows; i++) {
            let used = 0;
            for (let c = 0; c < columns.length; c++) {
                const slot = slotOfColumn[c];
                if (slot < 0) continue;
                const value = values[c]![i];
                state.start[slot] = used;
                if (value instanceof Uint8Array && bytesColumns.has(columns[c]) && decimalOfColumn[c] === undefined) {
                    if (used + value.length > rowBuf.length) rowBuf = grow(rowBuf, used, used + value.length);
                    rowBuf.set(value, used);
                    used += value.length;
                } else {
                    // Dates, doubles and dictionary values repeat down a column: each distinct run is rendered once.
                    const key = value instanceof Date ? value.getTime() : value;
                    let text: string;
                    if (key === lastKey[c] && lastText[c] !== undefined) text = lastText[c]!;
                    else {
                        text = valueText(value, decimalOfColumn[c]);
                        lastKey[c] = key;
                        lastText[c] = text;
                    }
                    const need = used + text.length * 3;
                    if (need > rowBuf.length) rowBuf = grow(rowBuf, used, need);
                    used += rowBuf.write(text, used);
                }
                state.end[slot] = used;
                state.escaped[slot] = 0;
            }
            state.row++;
            state.line = state.row;
            sink.row(rowBuf, state);
        }
        values.fill(undefined);
        options.onBytes?.(totalRows > 0 ? Math.round(fileSize * rows / totalRows) : fileSize);
        await options.afterRowGroup?.();
    }
    return { header };
}

function decodeError(error: unknown, file: string, g: number, row: number, column?: string): Error {
    if (error instanceof IngestError) return error;
    const text = (error as Error).message;
    return ingestError('PARQUET_ERROR', `cannot read row group ${g + 1}${column !== undefined ? `, column ${column}` : ''}: ${text}` +
        (!(error instanceof InflateLimitError) && /compression|codec/i.test(text) ? ' (supported codecs: UNCOMPRESSED, SNAPPY, GZIP, BROTLI, ZSTD)' : ''),
    { file, row, column });
}

interface RowGroupContext {
    readonly file: string;
    /** 0-based row group and the 1-based data row of its first row. */
    readonly group: number;
    readonly row: number;
    readonly rows: number;
    readonly state: ScanState;
    readonly keyed: KeyedRowSink;
}

/** The codes of every needed column that feeds a slot, in `columns` order (undefined where not read). */
function decodeCodes(needed: readonly ChunkRange[], buffers: readonly ArrayBuffer[], group: FileMetaData['row_groups'][number], chunks: readonly ChunkRange[],
    tree: ReturnType<typeof parquetSchema>, columns: readonly string[], slotOfColumn: readonly number[], keyed: KeyedRowSink, context: RowGroupContext,
    decimals: readonly boolean[]): (ColumnCodes | undefined)[] {
    const perRow = new Set(keyed.perRowSlots);
    const out: (ColumnCodes | undefined)[] = new Array(columns.length).fill(undefined);
    needed.forEach((range, k) => {
        const meta = group.columns[chunks.indexOf(range)].meta_data!;
        const c = columns.indexOf(meta.path_in_schema[0]);
        if (c < 0 || slotOfColumn[c] < 0) return;
        const schemaPath = getTreePath(tree, meta.path_in_schema);
        try {
            out[c] = readColumnCodes(buffers[k], context.rows, {
                pathInSchema: meta.path_in_schema, type: meta.type, element: schemaPath[schemaPath.length - 1].element, schemaPath,
                codec: meta.codec, parsers: DEFAULT_PARSERS, compressors: BOUNDED_COMPRESSORS, utf8: false,
            }, !perRow.has(slotOfColumn[c]), decimals[c]);
        } catch (error) {
            throw decodeError(error, context.file, context.group, context.row, range.column);
        }
    });
    return out;
}

/** The `mapKeys` columns among `columns`, each map's key and value chunks decoded once for all its keys. */
function mapCodes(virtual: readonly string[], fromMap: ReadonlyMap<string, MapKeyColumn>, needed: readonly ChunkRange[], buffers: readonly ArrayBuffer[],
    group: FileMetaData['row_groups'][number], chunks: readonly ChunkRange[], tree: ReturnType<typeof parquetSchema>,
    context: Pick<RowGroupContext, 'file' | 'group' | 'row' | 'rows'>): Map<string, ColumnCodes> {
    const out = new Map<string, ColumnCodes>();
    for (const map of new Set(virtual.map(name => fromMap.get(name)!.map))) {
        const names = virtual.filter(name => fromMap.get(name)!.map === map);
        const leaf = (k: number): { bytes: ArrayBuffer; decoder: Parameters<typeof readColumnCodes>[2]; column: string } => {
            const meta = group.columns[chunks.indexOf(needed[k])].meta_data!;
            const schemaPath = getTreePath(tree, meta.path_in_schema);
            return {
                bytes: buffers[k], column: needed[k].column, decoder: {
                    pathInSchema: meta.path_in_schema, type: meta.type, element: schemaPath[schemaPath.length - 1].element, schemaPath,
                    codec: meta.codec, parsers: DEFAULT_PARSERS, compressors: BOUNDED_COMPRESSORS, utf8: false,
                },
            };
        };
        const leaves = needed.flatMap((range, k) => (range.column.split('.')[0] === map ? [leaf(k)] : []));
        const keys = leaves.find(l => l.decoder.pathInSchema.at(-1) === 'key');
        const values = leaves.find(l => l.decoder.pathInSchema.at(-1) === 'value');
        if (keys === undefined || values === undefined) throw decodeError(new Error('the map has no key or no value column chunk'), context.file, context.group, context.row, map);
        try {
            readMapCodes(keys.bytes, values.bytes, context.rows, keys.decoder, values.decoder, names.map(name => fromMap.get(name)!.key))
                .forEach((column, k) => out.set(names[k], column));
        } catch (error) {
            throw decodeError(error, context.file, context.group, context.row, map);
        }
    }
    return out;
}

/** A top-level MAP<BYTE_ARRAY, BYTE_ARRAY> column (a repeated key_value group of a key and a value leaf). */
function isStringMap(node: ReturnType<typeof parquetSchema> | undefined): boolean {
    const entries = node?.children.length === 1 ? node.children[0] : undefined;
    if (entries === undefined || entries.element.repetition_type !== 'REPEATED' || entries.children.length !== 2) return false;
    const [key, value] = entries.children;
    return key.element.name === 'key' && value.element.name === 'value' && key.children.length === 0 && value.children.length === 0 &&
        key.element.type === 'BYTE_ARRAY' && value.element.type === 'BYTE_ARRAY' && node!.element.repetition_type !== 'REPEATED';
}

interface SlotColumn { readonly slot: number; readonly bytes: boolean; readonly decimal: DecimalColumn | undefined }

/**
 * Feeds a decoded row group to a keyed sink: rows are grouped by the tuple of their key columns'
 * codes (open addressing over the codes, no string per row); each distinct tuple's key fields are
 * rendered once and its cell found once; every row then renders only its per-row fields (measures,
 * identity), each distinct value's text made once per column.
 */
function aggregateRowGroup(codes: readonly (ColumnCodes | undefined)[], slots: readonly SlotColumn[], rowBuf: Buffer, context: RowGroupContext): Buffer {
    const { state, keyed, rows } = context;
    const keysPerRow = keyed.keysPerRow === true;
    const parsedMeasures = keyed.parsedMeasures === true;
    const parsed = state.parsed;
    const numbers = state.numbers;
    const perRowSlots = new Set(keyed.perRowSlots);
    // Each distinct value's triple once per row group where values repeat (1: in `triples`, -1: text path).
    const tripleKnown = codes.map((column, c) => (!parsedMeasures || column === undefined || !perRowSlots.has(slots[c].slot) || column.values.length * 4 > rows
        ? undefined : new Int8Array(column.values.length)));
    const triples = tripleKnown.map(known => (known === undefined ? undefined : new Float64Array(known.length * 3)));
    const keyColumns: number[] = [];
    const rowColumns: number[] = [];
    codes.forEach((column, c) => { if (column !== undefined) (perRowSlots.has(slots[c].slot) ? rowColumns : keyColumns).push(c); });
    const K = keyColumns.length;
    const keyCodes = keyColumns.map(c => codes[c]!.codes);
    // Each distinct value's text once per row group, where values repeat (dictionaries, interned key columns).
    const texts = codes.map(column => (column === undefined || column.values.length * 4 > rows ? undefined : new Array<string | undefined>(column.values.length)));
    let scale = 0;
    const render = (c: number, i: number, at: number): number => {
        const column = codes[c]!;
        const code = column.codes[i];
        const { slot, bytes, decimal } = slots[c];
        state.start[slot] = at;
        if (code >= 0) {
            const value = column.values[code];
            // A DECIMAL's unscaled integer: decoded as a number (parquet-column-codes.ts), or from its bytes.
            const small = decimal === undefined ? undefined : typeof value === 'number' ? (Number.isSafeInteger(value) ? value : undefined)
                : value instanceof Uint8Array ? smallUnscaled(value) : undefined;
            if (bytes && value instanceof Uint8Array) {
                if (at + value.length > rowBuf.length) rowBuf = grow(rowBuf, rowBuf.length, at + value.length);
                rowBuf.set(value, at);
                at += value.length;
            } else if (small !== undefined && decimal!.scale >= 0 && decimal!.scale < 30) {
                // Most DECIMAL costs: digits written straight from the unscaled integer (no string).
                if (at + 48 > rowBuf.length) rowBuf = grow(rowBuf, rowBuf.length, at + 48);
                at = writeScaled(rowBuf, at, small, decimal!.scale);
            } else if (typeof value === 'number' && decimal === undefined && (scale = shortScale(value)) >= 0) {
                if (at + 48 > rowBuf.length) rowBuf = grow(rowBuf, rowBuf.length, at + 48);
                at = writeScaled(rowBuf, at, Math.round(value * POWERS[scale]), scale);
            } else {
                const cache = texts[c];
                let text = cache?.[code];
                if (text === undefined) {
                    text = valueText(value, decimal);
                    if (cache !== undefined) cache[code] = text;
                }
                if (at + text.length * 3 > rowBuf.length) rowBuf = grow(rowBuf, rowBuf.length, at + text.length * 3);
                at = writeText(rowBuf, text, at);
            }
        }
        state.end[slot] = at;
        return at;
    };
    // Tuples of key codes: a hash table of (class + 1), each class's codes, cell and line item type.
    let size = 1024;
    while (size < rows * 2) size *= 2;
    const table = new Int32Array(size);
    const mask = size - 1;
    let classCodes = new Int32Array(K * 256);
    let classCell = new Int32Array(256);
    let classUsage = new Uint8Array(256);
    let classKeys = new Uint8Array(256);
    // Each key column has its own region of rowBuf (per-row fields come after them all), holding the text of the code
    // in regionCode (-2: none): a row's key fields are made by rendering only the columns whose code differs from
    // the region's — for a new class, and for each row of a class whose key fields `addRow` reads (the ledger's).
    const regionAt = new Int32Array(K);
    const regionSize = new Int32Array(K);
    const regionCode = new Int32Array(K);
    let keyEnd = 0;
    for (let k = 0; k < K; k++) {
        const values = codes[keyColumns[k]]!.values;
        let longest = 32;
        for (let v = 0; v < values.length; v++) {
            const value = values[v];
            if (value instanceof Uint8Array && value.length > longest) longest = value.length;
        }
        regionSize[k] = longest;
    }
    const layout = (): void => {
        keyEnd = 0;
        for (let k = 0; k < K; k++) { regionAt[k] = keyEnd; keyEnd += regionSize[k]; }
        regionCode.fill(-2);
        if (keyEnd + 4096 > rowBuf.length) rowBuf = grow(rowBuf, rowBuf.length, keyEnd + 4096);
    };
    layout();
    const keyFields = (i: number): void => {
        for (let k = 0; k < K; k++) {
            const code = keyCodes[k][i];
            if (regionCode[k] === code) continue;
            const end = render(keyColumns[k], i, regionAt[k]);
            if (end - regionAt[k] > regionSize[k]) {
                // Longer than its region (a text whose length was not known): larger regions, every field again.
                regionSize[k] = 2 * (end - regionAt[k]);
                layout();
                k = -1;
                continue;
            }
            regionCode[k] = code;
        }
    };
    let classes = 0;
    state.escaped.fill(0);
    for (let i = 0; i < rows; i++) {
        let h = 0x811c9dc5 | 0;
        for (let k = 0; k < K; k++) h = Math.imul(h ^ keyCodes[k][i], 0x01000193);
        h ^= h >>> 15;
        let p = h & mask;
        let found = -1;
        for (;;) {
            const entry = table[p];
            if (entry === 0) break;
            const o = (entry - 1) * K;
            let same = true;
            for (let k = 0; k < K; k++) if (classCodes[o + k] !== keyCodes[k][i]) { same = false; break; }
            if (same) { found = entry - 1; break; }
            p = (p + 1) & mask;
        }
        state.row = context.row + i;
        state.line = state.row;
        if (found < 0) {
            found = classes++;
            if (found === classCell.length) {
                const bigger = new Int32Array(classCodes.length * 2); bigger.set(classCodes); classCodes = bigger;
                const cells = new Int32Array(classCell.length * 2); cells.set(classCell); classCell = cells;
                const usage = new Uint8Array(classUsage.length * 2); usage.set(classUsage); classUsage = usage;
                const keys = new Uint8Array(classKeys.length * 2); keys.set(classKeys); classKeys = keys;
            }
            for (let k = 0; k < K; k++) classCodes[found * K + k] = keyCodes[k][i];
            table[p] = found + 1;
            keyFields(i);
            const cell = keyed.cellOf(rowBuf, state);
            classCell[found] = cell;
            classUsage[found] = cell >= 0 && keyed.isUsage() ? 1 : 0;
            classKeys[found] = cell >= 0 && keysPerRow && (keyed.keysFor === undefined || keyed.keysFor(rowBuf, state)) ? 1 : 0;
        }
        const cell = classCell[found];
        if (cell < 0) continue;
        const keys = classKeys[found] === 1;
        if (keys) keyFields(i);
        let at = keyEnd;
        for (let r = 0; r < rowColumns.length; r++) {
            const c = rowColumns[r];
            if (parsedMeasures) {
                const slot = slots[c].slot;
                const column = codes[c]!;
                const code = column.codes[i];
                // The measures as exact triples, no digits written and parsed again (not for the ledger's rows).
                if (!keys && code >= 0 && !slots[c].bytes) {
                    const known = tripleKnown[c];
                    let ok: boolean;
                    if (known === undefined) ok = measureTriple(column.values[code], slots[c].decimal, numbers, slot * 3);
                    else {
                        const cached = triples[c]!;
                        if (known[code] === 0) known[code] = measureTriple(column.values[code], slots[c].decimal, cached, code * 3) ? 1 : -1;
                        ok = known[code] === 1;
                        if (ok) { const o = slot * 3; const k = code * 3; numbers[o] = cached[k]; numbers[o + 1] = cached[k + 1]; numbers[o + 2] = cached[k + 2]; }
                    }
                    if (ok) {
                        parsed[slot] = 1;
                        state.start[slot] = at;
                        state.end[slot] = at;
                        continue;
                    }
                }
                parsed[slot] = 0;
            }
            at = render(c, i, at);
        }
        keyed.addRow(cell, classUsage[found] === 1, rowBuf, state, keys);
    }
    parsed.fill(0);
    return rowBuf;
}

/**
 * A decoded number value as the exact triple of its text (`valueText`: a double's shortest round-trip form, a
 * DECIMAL's unscaled integer × 10^-scale) into out[o..o+2], without writing the text: doubles with a short
 * exact form (`shortScale`) and DECIMAL unscaled integers below 2^53. False for every other value (the
 * caller renders its text, parsed exactly as before, errors included) and where the text would not parse
 * as a fast triple (`tripleOfScaled`).
 */
export function measureTriple(value: unknown, decimal: DecimalColumn | undefined, out: Float64Array, o: number): boolean {
    if (decimal === undefined) {
        if (typeof value !== 'number') return false;
        const s = shortScale(value);
        return s >= 0 && tripleOfScaled(Math.round(value * POWERS[s]), s, out, o);
    }
    const n = typeof value === 'number' ? value : value instanceof Uint8Array ? smallUnscaled(value)
        : typeof value === 'bigint' && value > -(2n ** 53n) && value < 2n ** 53n ? Number(value) : undefined;
    return n !== undefined && tripleOfScaled(n, decimal.scale, out, o);
}

const digits = new Uint8Array(48);
const POWERS = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const SHORT_LIMIT = 2 ** 20;

/**
 * The number of decimals of a double's shortest round-trip form (what String(v) and a CSV export
 * show) when it is at most 9 and |v| < 2^20, else -1. There the double's rounding interval (one ulp,
 * at most 2^-32) holds at most one multiple of 10^-s for s ≤ 9, so the first s whose candidate
 * round(v × 10^s) / 10^s converts back to v exactly is the shortest form's decimal count and the
 * candidate is its value: v is written from that integer, exactly as its text would be parsed.
 */
export function shortScale(v: number): number {
    if (!(v > -SHORT_LIMIT && v < SHORT_LIMIT)) return -1;
    for (let s = 0; s <= 9; s++) {
        const p = POWERS[s];
        if (Math.round(v * p) / p === v) return s;
    }
    return -1;
}

/** Writes an exact integer (|n| < 2^53) of units of 10^-scale (0 ≤ scale < 30) as decimal text at `at`; returns the end. */
export function writeScaled(buf: Buffer, at: number, unscaled: number, scale: number): number {
    let n = Math.abs(unscaled);
    let count = 0;
    while (n > 0 || count <= scale) {
        const q = Math.floor(n / 10);
        digits[count++] = 48 + (n - q * 10);
        n = q;
    }
    if (unscaled < 0) buf[at++] = 45;
    for (let i = count - 1; i >= 0; i--) {
        buf[at++] = digits[i];
        if (i === scale && scale > 0) buf[at++] = 46;
    }
    return at;
}

/** Writes text at `at` (short ASCII text byte by byte: numbers, dates); returns the end. */
function writeText(buf: Buffer, text: string, at: number): number {
    const n = text.length;
    if (n > 32) return at + buf.write(text, at);
    for (let j = 0; j < n; j++) {
        const code = text.charCodeAt(j);
        if (code > 127) return at + buf.write(text.slice(j), at + j) + j;
        buf[at + j] = code;
    }
    return at + n;
}

function grow(buf: Buffer, used: number, need: number): Buffer {
    const bigger = Buffer.alloc(Math.max(need * 2, buf.length * 2));
    buf.copy(bigger, 0, 0, used);
    return bigger;
}

/** The file as hyparquet reads it: exact positional reads (one allocation per range). */
function fileBuffer(handle: FileHandle, byteLength: number, file: string): AsyncBuffer {
    return {
        byteLength,
        async slice(start: number, end = byteLength): Promise<ArrayBuffer> {
            const buffer = new ArrayBuffer(Math.max(0, end - start));
            const view = new Uint8Array(buffer);
            let done = 0;
            while (done < view.length) {
                let read: number;
                try {
                    ({ bytesRead: read } = await handle.read(view, done, view.length - done, start + done));
                } catch (error) {
                    throw ingestError('READ_ERROR', `cannot read bytes ${start}–${end} (${(error as Error).message})`, { file });
                }
                if (read === 0) throw ingestError('PARQUET_ERROR', `the file ends at byte ${start + done}, before the ${end} bytes its footer needs (truncated?)`, { file });
                done += read;
            }
            return buffer;
        },
    };
}

/** Serves hyparquet's reads of checked chunks from their bytes (a read spanning several is assembled). */
function servedFrom(asyncFile: AsyncBuffer, ranges: readonly ChunkRange[], buffers: readonly ArrayBuffer[]): AsyncBuffer {
    const order = ranges.map((_r, k) => k).sort((a, b) => ranges[a].start - ranges[b].start);
    return {
        byteLength: asyncFile.byteLength,
        slice(start: number, end = asyncFile.byteLength): ArrayBuffer | Promise<ArrayBuffer> {
            const out = new Uint8Array(end - start);
            let at = start;
            for (const k of order) {
                const range = ranges[k];
                if (range.end <= at || range.start > at) continue;
                const to = Math.min(end, range.end);
                out.set(new Uint8Array(buffers[k], at - range.start, to - at), at - start);
                at = to;
                if (at >= end) return out.buffer;
            }
            // Bytes between the needed chunks: read them as hyparquet asked.
            return asyncFile.slice(start, end);
        },
    };
}

/**
 * Top-level column names, DECIMAL columns with their scale, the string columns read as bytes, and a
 * schema whose DECIMALs stay unscaled integers and whose strings stay bytes (copied, never decoded).
 */
function plainSchema(metadata: FileMetaData): { header: string[]; decimals: Map<string, DecimalColumn>; schema: SchemaElement[]; bytesColumns: Set<string> } {
    const header: string[] = [];
    const decimals = new Map<string, DecimalColumn>();
    const bytesColumns = new Set<string>();
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
        } else if (element.type === 'BYTE_ARRAY' && !element.num_children && isText(element)) {
            bytesColumns.add(element.name);
            delete (element as { converted_type?: unknown }).converted_type;
            delete (element as { logical_type?: unknown }).logical_type;
        }
        i = skip(i);
    }
    return { header, decimals, schema, bytesColumns };
}

function isText(element: SchemaElement): boolean {
    const logical = element.logical_type?.type;
    if (logical !== undefined) return logical === 'STRING' || logical === 'ENUM';
    return element.converted_type === undefined || element.converted_type === 'UTF8' || element.converted_type === 'ENUM';
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
        const small = smallUnscaled(value);
        if (small !== undefined) return numberText(small, scale);
        unscaled = 0n;
        for (const byte of value) unscaled = (unscaled << 8n) | BigInt(byte);
        if (value.length > 0 && value[0] & 0x80) unscaled -= 1n << BigInt(value.length * 8);
    } else throw new IngestError('PARQUET_ERROR', `unexpected DECIMAL value ${String(value)}`);
    if (scale <= 0) return (unscaled * 10n ** BigInt(-scale)).toString();
    const negative = unscaled < 0n;
    const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
    return (negative ? '-' : '') + digits.slice(0, -scale) + '.' + digits.slice(-scale);
}

/** An exact integer (|n| < 2^53) of units of 10^-scale as decimal text. */
function numberText(unscaled: number, scale: number): string {
    if (scale <= 0) return unscaled === 0 ? '0' : unscaled.toString() + '0'.repeat(-scale);
    const negative = unscaled < 0;
    const digits = Math.abs(unscaled).toString().padStart(scale + 1, '0');
    return (negative ? '-' : '') + digits.slice(0, -scale) + '.' + digits.slice(-scale);
}

/**
 * A Parquet file's top-level column names as `readParquet` reports them to `onHeader` (with the flat columns of
 * `mapKeys` added where the file has the map and not those columns), after the same footer checks (`checkFooter`);
 * throws the same located errors. `mapColumns` maps `virtual` (column → its map and key). Used by the native
 * reader (native-parquet.ts) so that both readers see one header.
 */
export async function parquetHeader(file: string, mapKeys: readonly MapKeyColumn[]): Promise<{ header: string[]; virtual: Map<string, MapKeyColumn>; decimals: Map<string, DecimalColumn> }> {
    const handle = await openRegularFile(file);
    try {
        const fileSize = (await handle.stat()).size;
        let metadata: FileMetaData;
        try {
            metadata = await parquetMetadataAsync(fileBuffer(handle, fileSize, file));
        } catch (error) {
            if (error instanceof IngestError) throw error;
            throw ingestError('PARQUET_ERROR', `not a readable Parquet file (${(error as Error).message})`, { file, expected: 'a Parquet file' });
        }
        checkFooter(metadata, fileSize, file);
        const { header, decimals, schema } = plainSchema(metadata);
        if (header.length === 0) throw ingestError('EMPTY_FILE', 'the Parquet file has no columns', { file });
        const tree = parquetSchema({ ...metadata, schema });
        const virtual = new Map<string, MapKeyColumn>();
        for (const spec of mapKeys) {
            if (header.includes(spec.as) || !isStringMap(tree.children.find(child => child.element.name === spec.map))) continue;
            header.push(spec.as);
            virtual.set(spec.as, spec);
        }
        return { header, virtual, decimals };
    } finally {
        await handle.close();
    }
}
