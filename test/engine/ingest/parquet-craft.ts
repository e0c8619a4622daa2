import { gzipSync } from 'node:zlib';

/**
 * A minimal Parquet writer for hostile files: REQUIRED string columns, PLAIN data pages (v1), one
 * page per column chunk, and a footer written field by field (Thrift compact protocol), so that a
 * test can make the footer say what the pages do not (row counts, repeated row groups, declared page
 * sizes). Nothing here comes from the reader under test; an honest file is checked against DuckDB.
 */

type Value = number | bigint | string | Uint8Array | Struct | List;
interface Field { readonly id: number; readonly type: 'i32' | 'i64' | 'binary' | 'struct' | 'list'; readonly value: Value }
type Struct = { readonly fields: readonly Field[] };
type List = { readonly element: 'i32' | 'binary' | 'struct'; readonly items: readonly Value[] };

const TYPE_CODE = { i32: 5, i64: 6, binary: 8, list: 9, struct: 12 } as const;

function varint(out: number[], value: bigint): void {
    let v = value;
    while (v >= 0x80n) {
        out.push(Number(v & 0x7fn) | 0x80);
        v >>= 7n;
    }
    out.push(Number(v));
}
const zigzag = (v: bigint): bigint => (v << 1n) ^ (v < 0n ? -1n : 0n);

function writeValue(out: number[], type: Field['type'], value: Value): void {
    switch (type) {
        case 'i32': case 'i64': varint(out, zigzag(BigInt(value as number | bigint))); break;
        case 'binary': {
            const bytes = typeof value === 'string' ? Buffer.from(value) : value as Uint8Array;
            varint(out, BigInt(bytes.length));
            out.push(...bytes);
            break;
        }
        case 'struct': writeStruct(out, value as Struct); break;
        case 'list': {
            const list = value as List;
            const code = TYPE_CODE[list.element];
            if (list.items.length < 15) out.push((list.items.length << 4) | code);
            else { out.push(0xf0 | code); varint(out, BigInt(list.items.length)); }
            for (const item of list.items) writeValue(out, list.element, item);
            break;
        }
    }
}

function writeStruct(out: number[], struct: Struct): void {
    let last = 0;
    for (const field of struct.fields) {
        const delta = field.id - last;
        if (delta > 0 && delta <= 15) out.push((delta << 4) | TYPE_CODE[field.type]);
        else { out.push(TYPE_CODE[field.type]); varint(out, zigzag(BigInt(field.id))); }
        writeValue(out, field.type, field.value);
        last = field.id;
    }
    out.push(0);
}

export function thrift(struct: Struct): Buffer {
    const out: number[] = [];
    writeStruct(out, struct);
    return Buffer.from(out);
}

const s = (...fields: Field[]): Struct => ({ fields });
const i32 = (id: number, value: number): Field => ({ id, type: 'i32', value });
const i64 = (id: number, value: number | bigint): Field => ({ id, type: 'i64', value: BigInt(value) });
const bin = (id: number, value: string | Uint8Array): Field => ({ id, type: 'binary', value });
const list = (id: number, element: List['element'], items: readonly Value[]): Field => ({ id, type: 'list', value: { element, items } });
const struct = (id: number, value: Struct): Field => ({ id, type: 'struct', value });

export interface CraftOptions {
    /** Column name → one value per row. */
    readonly columns: Readonly<Record<string, readonly string[]>>;
    /** GZIP-compress the pages (default: uncompressed, unless `page` is given). */
    readonly gzip?: boolean;
    /** Rows the footer declares for the file and for the row group (default: the true count). */
    readonly footerRows?: number | bigint;
    readonly groupRows?: number | bigint;
    /** How many times the footer lists the row group (default 1). */
    readonly repeatGroup?: number;
    /** Replaces one column's page payload (as stored) and the inflated size its header declares. */
    readonly page?: { readonly column: string; readonly stored: Uint8Array; readonly declaredSize: number };
}

/** A Parquet file (bytes) of one row group; see {@link CraftOptions} for the lies it can tell. */
export function craftParquet(options: CraftOptions): Buffer {
    const names = Object.keys(options.columns);
    const rows = options.columns[names[0]].length;
    const parts: Buffer[] = [Buffer.from('PAR1')];
    let offset = 4;
    const chunks: Struct[] = [];
    for (const name of names) {
        const plain = Buffer.concat(options.columns[name].map(text => {
            const bytes = Buffer.from(text);
            const length = Buffer.alloc(4);
            length.writeUInt32LE(bytes.length);
            return Buffer.concat([length, bytes]);
        }));
        const gzip = options.gzip === true || options.page !== undefined;
        let stored: Uint8Array = gzip ? gzipSync(plain) : plain;
        let declared = plain.length;
        if (options.page?.column === name) ({ stored, declaredSize: declared } = options.page);
        const header = thrift(s(i32(1, 0), i32(2, declared), i32(3, stored.length), struct(5, s(i32(1, rows), i32(2, 0), i32(3, 3), i32(4, 3)))));
        const start = offset;
        parts.push(header, Buffer.from(stored));
        offset += header.length + stored.length;
        chunks.push(s(i64(2, start), struct(3, s(
            i32(1, 6), list(2, 'i32', [0, 3]), list(3, 'binary', [name]), i32(4, gzip ? 2 : 0),
            i64(5, rows), i64(6, header.length + declared), i64(7, offset - start), i64(9, start),
        ))));
    }
    const group = s(list(1, 'struct', chunks), i64(2, offset - 4), i64(3, options.groupRows ?? rows));
    const repeat = options.repeatGroup ?? 1;
    const footer = thrift(s(
        i32(1, 1),
        list(2, 'struct', [s(bin(4, 'schema'), i32(5, names.length)), ...names.map(name => s(i32(1, 6), i32(3, 0), bin(4, name), i32(6, 0)))]),
        i64(3, options.footerRows ?? BigInt(options.groupRows ?? rows) * BigInt(repeat)),
        list(4, 'struct', Array.from({ length: repeat }, () => group)),
        bin(6, 'billing-conductor test craft'),
    ));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(footer.length);
    parts.push(footer, length, Buffer.from('PAR1'));
    return Buffer.concat(parts);
}

/** CUR 2.0 columns of `rows` line items of one account, costs 0.25, 0.50, 0.75, … (row i costs i/4). */
export function cur2Columns(rows: number): Record<string, string[]> {
    const each = (value: (i: number) => string): string[] => Array.from({ length: rows }, (_x, i) => value(i));
    return {
        bill_billing_period_start_date: each(() => '2026-01-01T00:00:00Z'),
        line_item_usage_account_id: each(() => '111111111111'),
        line_item_product_code: each(() => 'AmazonEC2'),
        line_item_usage_type: each(() => 'BoxUsage'),
        line_item_operation: each(() => 'RunInstances'),
        line_item_line_item_type: each(() => 'Usage'),
        line_item_currency_code: each(() => 'USD'),
        line_item_unblended_cost: each(i => ((i + 1) / 4).toFixed(2)),
        line_item_usage_amount: each(() => '1'),
    };
}
