import type { DecodedArray } from 'hyparquet';
import type { ColumnDecoder } from 'hyparquet/src/types.js';
import { parquetHeader } from 'hyparquet/src/column.js';
import { convert } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { getMaxDefinitionLevel } from 'hyparquet/src/schema.js';

/**
 * A flat column chunk as codes: `values` holds each distinct value once where the writer
 * dictionary-encoded it (or where `intern` asked for it), and `codes[row]` is the row's index into
 * `values`, -1 for null. Dictionary indices are kept as they are — no value is looked up per row — so
 * a reader can aggregate per tuple of codes and render each distinct value once.
 */
export interface ColumnCodes {
    /** A Float64Array for per-row number columns (doubles, or a DECIMAL's unscaled integers: see `readColumnCodes`). */
    readonly values: ArrayLike<unknown>;
    readonly codes: Int32Array;
}

/**
 * Decodes one flat column chunk (already checked by parquet-integrity.ts) page by page with hyparquet's
 * page decoders. `intern`: plain-encoded pages' values are interned too (key columns: equal values get
 * equal codes); otherwise each plain value gets its own code.
 */
export function readColumnCodes(bytes: ArrayBuffer, rows: number, decoder: ColumnDecoder, intern: boolean, decimal = false): ColumnCodes {
    const view = new DataView(bytes);
    const reader = { view, offset: 0 };
    const maxDefinition = getMaxDefinitionLevel(decoder.schemaPath);
    const codes = new Int32Array(rows);
    let values: unknown[] = [];
    let dictionarySize = -1;
    const interned = intern ? new Map<unknown, number>() : undefined;
    // Per-row plain values (measures) kept as numbers in one typed array, not one object each: doubles as
    // they are, DECIMALs as their unscaled integers while exact (|n| < 2^53); else every value as decoded.
    let numbers: Float64Array | undefined = intern ? undefined : new Float64Array(1024);
    let kept = 0;
    let row = 0;
    while (row < rows && reader.offset < view.byteLength - 1) {
        const header = parquetHeader(reader);
        const page = new Uint8Array(bytes, reader.offset, header.compressed_page_size);
        reader.offset += header.compressed_page_size;
        if (header.type === 'DICTIONARY_PAGE') {
            const inflated = decompressPage(page, Number(header.uncompressed_page_size), decoder.codec, decoder.compressors);
            const dictionaryReader = { view: new DataView(inflated.buffer, inflated.byteOffset, inflated.byteLength), offset: 0 };
            const raw = readPlain(dictionaryReader, decoder.type, header.dictionary_page_header!.num_values, decoder.element.type_length);
            values = Array.from(convert(raw, decoder) as ArrayLike<unknown>);
            dictionarySize = values.length;
            // Plain pages after a dictionary (a writer's fallback) append to its values.
            if (numbers !== undefined && kept > 0) throw new Error('a dictionary page comes after data pages');
            numbers = undefined;
            continue;
        }
        let levels: ArrayLike<number> | undefined;
        let data: DecodedArray;
        let encoding: string;
        if (header.type === 'DATA_PAGE' && header.data_page_header!.encoding.endsWith('_DICTIONARY') && dictionarySize >= 0) {
            // The common page: dictionary indices decoded straight into the codes.
            const inflated = decompressPage(page, Number(header.uncompressed_page_size), decoder.codec, decoder.compressors);
            row = dictionaryPage(inflated, header.data_page_header!.num_values, maxDefinition, dictionarySize, codes, row, rows);
            continue;
        } else if (header.type === 'DATA_PAGE') {
            const inflated = decompressPage(page, Number(header.uncompressed_page_size), decoder.codec, decoder.compressors);
            ({ definitionLevels: levels, dataPage: data } = readDataPage(inflated, header.data_page_header!, decoder));
            encoding = header.data_page_header!.encoding;
        } else if (header.type === 'DATA_PAGE_V2') {
            ({ definitionLevels: levels, dataPage: data } = readDataPageV2(page, header, decoder));
            encoding = header.data_page_header_v2!.encoding;
        } else continue;
        const defined = levels ?? [];
        const count = defined.length > 0 ? defined.length : data.length;
        if (row + count > rows) throw new Error(`its pages hold more than the ${rows} values of the row group`);
        let next = 0;
        const code = (): number => {
            if (next >= data.length) throw new Error('a page holds fewer values than its definition levels say');
            return next++;
        };
        if (encoding.endsWith('_DICTIONARY')) {
            if (dictionarySize < 0) throw new Error('a dictionary-encoded page comes before any dictionary page');
            for (let i = 0; i < count; i++) {
                if (defined.length > 0 && defined[i] !== maxDefinition) { codes[row++] = -1; continue; }
                const index = Number(data[code()]);
                if (!(index >= 0 && index < dictionarySize)) throw new Error(`dictionary index ${index} is outside its ${dictionarySize} entries`);
                codes[row++] = index;
            }
        } else {
            const converted = convert(data, decoder) as ArrayLike<unknown>;
            for (let i = 0; i < count; i++) {
                if (defined.length > 0 && defined[i] !== maxDefinition) { codes[row++] = -1; continue; }
                const value = converted[code()];
                if (numbers !== undefined) {
                    const n = numberOf(value, decimal);
                    if (n !== undefined) {
                        if (kept === numbers.length) { const bigger = new Float64Array(Math.max(numbers.length * 2, rows)); bigger.set(numbers); numbers = bigger; }
                        codes[row++] = kept;
                        numbers[kept++] = n;
                        continue;
                    }
                    // A value that is no exact number: from here on every value as decoded (the numbers so far stay numbers).
                    values = Array.from(numbers.subarray(0, kept));
                    numbers = undefined;
                }
                if (interned === undefined) { codes[row++] = values.length; values.push(value); continue; }
                const key = internKey(value);
                let at = interned.get(key);
                if (at === undefined) { at = values.length; values.push(value); interned.set(key, at); }
                codes[row++] = at;
            }
        }
        if (next !== data.length) throw new Error(`a page holds ${data.length} values where its definition levels say ${next}`);
    }
    if (row !== rows) throw new Error(`decodes to ${row} values for ${rows} rows`);
    if (numbers !== undefined) return { values: numbers.subarray(0, kept), codes };
    return { values, codes };
}

/** A v1 data page of dictionary indices (flat column: no repetition levels); returns the next row. */
function dictionaryPage(page: Uint8Array, count: number, maxDefinition: number, dictionarySize: number, codes: Int32Array, row: number, rows: number): number {
    if (row + count > rows) throw new Error(`its pages hold more than the ${rows} values of the row group`);
    const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
    const reader = { view, offset: 0 };
    let levels: Uint8Array | undefined;
    let present = count;
    if (maxDefinition > 0) {
        levels = new Uint8Array(count);
        readRleBitPackedHybrid(reader, 32 - Math.clz32(maxDefinition), levels);
        present = 0;
        for (let i = 0; i < count; i++) if (levels[i] === maxDefinition) present++;
    }
    const indices = present === count ? codes.subarray(row, row + count) : new Int32Array(present);
    const width = view.getUint8(reader.offset++);
    if (width > 0) readRleBitPackedHybrid(reader, width, indices, view.byteLength - reader.offset);
    else indices.fill(0);
    for (let i = 0; i < present; i++) {
        if (!(indices[i] >= 0 && indices[i] < dictionarySize)) throw new Error(`dictionary index ${indices[i]} is outside its ${dictionarySize} entries`);
    }
    if (present !== count) {
        let next = 0;
        for (let i = 0; i < count; i++) codes[row + i] = levels![i] === maxDefinition ? indices[next++] : -1;
    }
    return row + count;
}

function internKey(value: unknown): unknown {
    if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1');
    if (value instanceof Date) return value.getTime();
    return value;
}

/** A plain value as a number: a double as it is, a DECIMAL's unscaled integer while exact; undefined otherwise. */
function numberOf(value: unknown, decimal: boolean): number | undefined {
    if (typeof value === 'number') return decimal && !Number.isSafeInteger(value) ? undefined : value;
    if (!decimal) return undefined;
    if (value instanceof Uint8Array) return smallUnscaled(value);
    if (typeof value === 'bigint') return value >= -(2n ** 53n) + 1n && value <= 2n ** 53n - 1n ? Number(value) : undefined;
    return undefined;
}

/**
 * A big-endian two's-complement DECIMAL (FIXED_LEN_BYTE_ARRAY, e.g. DECIMAL(20,10)) as a number when
 * it has at most 6 significant bytes (exact below 2^48): writers pad to the column's width, so most
 * costs are small. Undefined when BigInt is needed.
 */
export function smallUnscaled(value: Uint8Array): number | undefined {
    if (value.length === 0) return undefined;
    const negative = (value[0] & 0x80) !== 0;
    const fill = negative ? 0xff : 0;
    let i = 0;
    while (i < value.length - 1 && value[i] === fill && ((value[i + 1] & 0x80) !== 0) === negative) i++;
    const width = value.length - i;
    if (width > 6) return undefined;
    let n = 0;
    for (let k = i; k < value.length; k++) n = n * 256 + value[k];
    return negative ? n - 2 ** (8 * width) : n;
}

/**
 * The values of some keys of a MAP<STRING, STRING> column chunk (CUR 2.0's `product`) as one flat column of codes per
 * key: `codes[row]` is the index of the row's value for that key into `values` (its bytes, interned), -1 when the row's
 * map is null, empty or lacks the key (the last entry wins, as a JSON object read of the same map does). Only the key
 * and value chunks are decoded, page by page: memory is one page plus one code per row and key, whatever the map holds.
 * The chunks are checked first (parquet-integrity.ts); their levels must agree (same entries, `rows` rows).
 */
export function readMapCodes(keyBytes: ArrayBuffer, valueBytes: ArrayBuffer, rows: number, keyDecoder: ColumnDecoder, valueDecoder: ColumnDecoder,
    keys: readonly string[]): ColumnCodes[] {
    const wanted = keys.map(key => Buffer.from(key));
    const keyOf = (bytes: unknown): number => {
        if (!(bytes instanceof Uint8Array)) return -1;
        for (let k = 0; k < wanted.length; k++) if (wanted[k].equals(bytes)) return k;
        return -1;
    };
    // Pass 1, the keys: the entries (level positions) holding a wanted key, with their row and key.
    const keyMax = getMaxDefinitionLevel(keyDecoder.schemaPath);
    let hitEntry = new Int32Array(Math.max(16, rows));
    let hitRow = new Int32Array(hitEntry.length);
    let hitKey = new Uint8Array(hitEntry.length);
    let hits = 0;
    let row = -1;
    let entry = 0;
    mapPages(keyBytes, keyDecoder, (dictionary) => Int8Array.from(dictionary, keyOf), (repetition, definition, data, dictionaryKeys) => {
        let next = 0;
        for (let i = 0; i < repetition.length; i++, entry++) {
            if (repetition[i] === 0) row++;
            if (row >= rows) throw new Error(`its entries hold more than the ${rows} rows of the row group`);
            if (definition[i] !== keyMax) continue;
            if (next >= data.length) throw new Error('a page holds fewer values than its definition levels say');
            const value = data[next++];
            let k: number;
            if (dictionaryKeys !== undefined) {
                const index = Number(value);
                if (!(index >= 0 && index < dictionaryKeys.length)) throw new Error(`dictionary index ${index} is outside its ${dictionaryKeys.length} entries`);
                k = dictionaryKeys[index]!;
            } else k = keyOf(value);
            if (k < 0) continue;
            if (hits === hitEntry.length) {
                const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => { const b = make(a.length * 2); b.set(a); return b; };
                hitEntry = grow(hitEntry, n => new Int32Array(n)); hitRow = grow(hitRow, n => new Int32Array(n)); hitKey = grow(hitKey, n => new Uint8Array(n));
            }
            hitEntry[hits] = entry; hitRow[hits] = row; hitKey[hits] = k; hits++;
        }
        if (next !== data.length) throw new Error(`a page holds ${data.length} values where its definition levels say ${next}`);
    });
    if (row + 1 !== rows) throw new Error(`decodes to ${row + 1} rows for ${rows}`);
    // Pass 2, the values: those of the hit entries, interned per key.
    const out = keys.map(() => ({ values: [] as Uint8Array[], codes: new Int32Array(rows).fill(-1), interned: new Map<string, number>() }));
    const valueMax = getMaxDefinitionLevel(valueDecoder.schemaPath);
    const intern = (k: number, value: Uint8Array): number => {
        const column = out[k];
        const text = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1');
        let at = column.interned.get(text);
        if (at === undefined) { at = column.values.length; column.values.push(value); column.interned.set(text, at); }
        return at;
    };
    let valueEntry = 0;
    let h = 0;
    mapPages(valueBytes, valueDecoder, dictionary => dictionary, (repetition, definition, data, dictionary) => {
        let next = 0;
        // Interned code per (key, dictionary index), made once.
        const cache = dictionary !== undefined ? keys.map(() => new Int32Array(dictionary.length).fill(-2)) : undefined;
        for (let i = 0; i < repetition.length; i++, valueEntry++) {
            const present = definition[i] === valueMax;
            const at = present ? next++ : -1;
            if (present && at >= data.length) throw new Error('a page holds fewer values than its definition levels say');
            if (h >= hits || hitEntry[h] !== valueEntry) continue;
            const k = hitKey[h];
            const r = hitRow[h++];
            if (!present) { out[k].codes[r] = -1; continue; }
            const value = data[at];
            if (dictionary !== undefined) {
                const index = Number(value);
                if (!(index >= 0 && index < dictionary.length)) throw new Error(`dictionary index ${index} is outside its ${dictionary.length} entries`);
                let code = cache![k][index];
                if (code === -2) code = cache![k][index] = intern(k, dictionary[index] as Uint8Array);
                out[k].codes[r] = code;
            } else out[k].codes[r] = intern(k, value as Uint8Array);
        }
        if (next !== data.length) throw new Error(`a page holds ${data.length} values where its definition levels say ${next}`);
    });
    if (valueEntry !== entry) throw new Error(`its values chunk holds ${valueEntry} entries where its keys chunk holds ${entry}`);
    return out.map(({ values, codes }) => ({ values, codes }));
}

/**
 * Each data page of a nested BYTE_ARRAY column chunk: its repetition and definition levels and its values (dictionary
 * indices where dictionary-encoded, with the dictionary made by `ofDictionary`).
 */
function mapPages<D>(bytes: ArrayBuffer, decoder: ColumnDecoder, ofDictionary: (dictionary: ArrayLike<unknown>) => D,
    onPage: (repetition: ArrayLike<number>, definition: ArrayLike<number>, data: ArrayLike<unknown>, dictionary: D | undefined) => void): void {
    const view = new DataView(bytes);
    const reader = { view, offset: 0 };
    let dictionary: D | undefined;
    while (reader.offset < view.byteLength - 1) {
        const header = parquetHeader(reader);
        const page = new Uint8Array(bytes, reader.offset, header.compressed_page_size);
        reader.offset += header.compressed_page_size;
        let levels: { repetitionLevels: ArrayLike<number>; definitionLevels?: ArrayLike<number>; dataPage: DecodedArray };
        let encoding: string;
        if (header.type === 'DICTIONARY_PAGE') {
            const inflated = decompressPage(page, Number(header.uncompressed_page_size), decoder.codec, decoder.compressors);
            const dictionaryReader = { view: new DataView(inflated.buffer, inflated.byteOffset, inflated.byteLength), offset: 0 };
            dictionary = ofDictionary(readPlain(dictionaryReader, decoder.type, header.dictionary_page_header!.num_values, decoder.element.type_length));
            continue;
        } else if (header.type === 'DATA_PAGE') {
            const inflated = decompressPage(page, Number(header.uncompressed_page_size), decoder.codec, decoder.compressors);
            levels = readDataPage(inflated, header.data_page_header!, decoder);
            encoding = header.data_page_header!.encoding;
        } else if (header.type === 'DATA_PAGE_V2') {
            levels = readDataPageV2(page, header, decoder);
            encoding = header.data_page_header_v2!.encoding;
        } else continue;
        const byDictionary = encoding.endsWith('_DICTIONARY');
        if (byDictionary && dictionary === undefined) throw new Error('a dictionary-encoded page comes before any dictionary page');
        const { repetitionLevels: repetition, dataPage: data } = levels;
        // No definition levels (a page whose entries are all defined, e.g. a required map): every entry at the maximum.
        const definition = levels.definitionLevels !== undefined && levels.definitionLevels.length > 0 ? levels.definitionLevels
            : new Uint8Array(repetition.length).fill(getMaxDefinitionLevel(decoder.schemaPath));
        if (repetition.length !== definition.length) throw new Error(`a page holds ${repetition.length} repetition levels and ${definition.length} definition levels`);
        onPage(repetition, definition, data, byDictionary ? dictionary : undefined);
    }
}
