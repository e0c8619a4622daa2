import { MEASURES } from '../cube/packed-cells.js';
import { Decimal } from '../money/decimal.js';
import { normalizeTriple, tripleToScaled, decimalOfText } from './scaled-decimal.js';

/**
 * The ingest's aggregation table: one cell per distinct key, found by hashing the key's bytes
 * straight from the read buffer (no string per field per row), with exact scaled-integer sums.
 *
 * The whole key (all slots) is one dictionary entry: a row costs one hash-table probe, and strings
 * are materialised once per cell at the end (interned per slot value).
 */

/** Key slots, in cube key order plus the account name and the product name (dropped from the key when the cube is built). */
export const K_PERIOD = 0;
export const K_ACCOUNT = 1;
export const K_SERVICE = 2;
export const K_USAGE_TYPE = 3;
export const K_OPERATION = 4;
export const K_LINE_ITEM_TYPE = 5;
export const K_BILLING_ENTITY = 6;
export const K_CURRENCY = 7;
export const K_COMMITMENT_OWNER = 8;
export const K_ACCOUNT_NAME = 9;
/** A Marketplace product's name ('' for every other row), dropped from the key as the account name. */
export const K_PRODUCT_NAME = 10;
export const KEY_SLOTS = 11;

/**
 * Measures: each is a triple (integer, 1e-9 units, 1e-18 units) in the accumulator row, in the order the cube's
 * packed cells keep them (the merged triples become their storage).
 */
export { M_FREE_TIER, M_PUBLIC, M_UNBLENDED, M_UNBLENDED_NO_PUBLIC, M_USAGE, MEASURES } from '../cube/packed-cells.js';
/** Accumulator layout per cell: 5 triples, then rows, then rows without public cost. */
export const A_ROWS = MEASURES * 3;
export const A_ROWS_NO_PUBLIC = A_ROWS + 1;
export const STRIDE = A_ROWS + 2;

/** A cell is normalised every 2^22 rows: 2^22 × 1e9 stays far below 2^53. */
const NORMALIZE_MASK = (1 << 22) - 1;
/** Integer parts above this move into the BigInt overflow so that sums never lose exactness. */
const INT_OVERFLOW = 2 ** 50;
const BIG_OVERFLOW = 2n ** 40n;

const EMPTY = Buffer.alloc(0);
/** Byte stored after each key slot in the arena, so that a cell's key bytes read as one joined string. */
export const SEPARATOR = 1;

export class CellTable {
    /** Current key: slot k is bytes [keyStart[k], keyEnd[k]) of keyBuf[k]. */
    readonly keyBuf: Buffer[] = new Array<Buffer>(KEY_SLOTS).fill(EMPTY);
    readonly keyStart = new Int32Array(KEY_SLOTS);
    readonly keyEnd = new Int32Array(KEY_SLOTS);

    acc = new Float64Array(STRIDE * 1024);
    cellCount = 0;

    private table = new Int32Array(2 * 4096);
    private mask = 4095;
    private hashes = new Int32Array(1024);
    /** Key bytes of every cell, slot after slot; offsets in keyOffsets (KEY_SLOTS + 1 per cell). */
    private arena = Buffer.alloc(1 << 16);
    private arenaUsed = 0;
    private keyOffsets = new Int32Array((KEY_SLOTS + 1) * 1024);
    private exotic = new Map<number, Decimal>();
    private overflow = new Map<number, bigint>();
    /** Some key holds a byte ≤ SEPARATOR: joined keys are then not unambiguous (see PartialCells). */
    private hasControlBytes = false;

    /** Sets slot k to a constant (derived) value. */
    setConst(k: number, value: Buffer): void {
        this.keyBuf[k] = value;
        this.keyStart[k] = 0;
        this.keyEnd[k] = value.length;
    }

    /** Counts one row in `cell` (normalising its sums every 2^22 rows); before its measures are added. */
    countRow(cell: number): void {
        const rows = ++this.acc[cell * STRIDE + A_ROWS];
        if ((rows & NORMALIZE_MASK) === 0) this.normalizeCell(cell);
    }

    /** Finds or creates the cell of the current key; returns its index (rows are counted by countRow). */
    findCell(): number {
        const keyBuf = this.keyBuf;
        const keyStart = this.keyStart;
        const keyEnd = this.keyEnd;
        let h = 0x811c9dc5 | 0;
        for (let k = 0; k < KEY_SLOTS; k++) {
            const b = keyBuf[k];
            const e = keyEnd[k];
            let i = keyStart[k];
            // Four bytes per multiply; the tail byte by byte. The full key is compared on a match anyway.
            for (; i + 3 < e; i += 4) h = Math.imul(h ^ (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)), 0x01000193);
            for (; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
            h = Math.imul(h ^ (e - keyStart[k] + 0x1f00), 0x01000193);
        }
        h ^= h >>> 16;
        h = Math.imul(h, 0x85ebca6b);
        h ^= h >>> 13;
        // Open addressing; each slot holds (hash, cell + 1) side by side: one cache line per probe.
        const table = this.table;
        const mask = this.mask;
        let p = h & mask;
        for (;;) {
            const entry = table[2 * p + 1];
            if (entry === 0) break;
            if (table[2 * p] === h && this.sameKey(entry - 1)) return entry - 1;
            p = (p + 1) & mask;
        }
        const cell = this.addCell(h);
        table[2 * p] = h;
        table[2 * p + 1] = cell + 1;
        if (this.cellCount * 2 > mask) this.rehash();
        return cell;
    }

    private sameKey(cell: number): boolean {
        const arena = this.arena;
        const offsets = this.keyOffsets;
        let o = cell * (KEY_SLOTS + 1);
        for (let k = 0; k < KEY_SLOTS; k++, o++) {
            const a = offsets[o];
            const len = offsets[o + 1] - 1 - a;
            const s = this.keyStart[k];
            if (this.keyEnd[k] - s !== len) return false;
            const b = this.keyBuf[k];
            for (let i = 0; i < len; i++) if (arena[a + i] !== b[s + i]) return false;
        }
        return true;
    }

    private addCell(h: number): number {
        const cell = this.cellCount++;
        if (cell >= this.hashes.length) this.growCells();
        this.hashes[cell] = h;
        let need = KEY_SLOTS;
        for (let k = 0; k < KEY_SLOTS; k++) need += this.keyEnd[k] - this.keyStart[k];
        if (this.arenaUsed + need > this.arena.length) {
            const bigger = Buffer.alloc(Math.max(this.arena.length * 2, this.arenaUsed + need));
            this.arena.copy(bigger, 0, 0, this.arenaUsed);
            this.arena = bigger;
        }
        let o = cell * (KEY_SLOTS + 1);
        for (let k = 0; k < KEY_SLOTS; k++) {
            this.keyOffsets[o++] = this.arenaUsed;
            const from = this.arenaUsed;
            this.arenaUsed += this.keyBuf[k].copy(this.arena, this.arenaUsed, this.keyStart[k], this.keyEnd[k]);
            for (let i = from; i < this.arenaUsed; i++) if (this.arena[i] <= SEPARATOR) this.hasControlBytes = true;
            this.arena[this.arenaUsed++] = SEPARATOR;
        }
        this.keyOffsets[o] = this.arenaUsed;
        return cell;
    }

    private growCells(): void {
        const n = this.hashes.length * 2;
        const hashes = new Int32Array(n);
        hashes.set(this.hashes);
        this.hashes = hashes;
        const acc = new Float64Array(n * STRIDE);
        acc.set(this.acc);
        this.acc = acc;
        const offsets = new Int32Array(n * (KEY_SLOTS + 1));
        offsets.set(this.keyOffsets);
        this.keyOffsets = offsets;
    }

    private rehash(): void {
        const size = (this.mask + 1) * 2;
        const table = new Int32Array(size * 2);
        const mask = size - 1;
        for (let cell = 0; cell < this.cellCount; cell++) {
            const h = this.hashes[cell];
            let p = h & mask;
            while (table[2 * p + 1] !== 0) p = (p + 1) & mask;
            table[2 * p] = h;
            table[2 * p + 1] = cell + 1;
        }
        this.table = table;
        this.mask = mask;
    }

    /**
     * Adds `rows` rows at once to `cell` (an aggregate computed elsewhere, native-parquet.ts): counted as `countRow`
     * would count them one by one; the caller adds their summed measures with `addUnits` and then calls `settle`.
     */
    countRows(cell: number, rows: number): void {
        this.acc[cell * STRIDE + A_ROWS] += rows;
    }

    /** Adds an exact sum of `units` × 10^-scale (0 ≤ scale ≤ 18) to a measure of `cell`. */
    addUnits(cell: number, measure: number, units: bigint, scale: number): void {
        const u = scale === 18 ? units : units * 10n ** BigInt(18 - scale);
        const integer = u / 1_000_000_000_000_000_000n;
        const o = cell * STRIDE + measure * 3;
        if (integer > -BIG_OVERFLOW && integer < BIG_OVERFLOW) {
            const rest = u % 1_000_000_000_000_000_000n;
            this.acc[o] += Number(integer);
            this.acc[o + 1] += Number(rest / 1_000_000_000n);
            this.acc[o + 2] += Number(rest % 1_000_000_000n);
        } else {
            const key = cell * MEASURES + measure;
            this.overflow.set(key, (this.overflow.get(key) ?? 0n) + u);
        }
    }

    /** Normalises a cell after `countRows`/`addUnits` (keeps every part of its sums below 2^53). */
    settle(cell: number): void {
        this.normalizeCell(cell);
    }

    /** Adds a value the fast parser could not hold (too many digits): exact, through Decimal. */
    addExotic(cell: number, measure: number, text: string): void {
        const key = cell * MEASURES + measure;
        const value = decimalOfText(text);
        const sum = this.exotic.get(key);
        this.exotic.set(key, sum ? sum.plus(value) : value);
    }

    private normalizeCell(cell: number): void {
        const acc = this.acc;
        for (let m = 0; m < MEASURES; m++) {
            const o = cell * STRIDE + m * 3;
            normalizeTriple(acc, o);
            if (Math.abs(acc[o]) > INT_OVERFLOW) {
                const key = cell * MEASURES + m;
                this.overflow.set(key, (this.overflow.get(key) ?? 0n) + tripleToScaled(acc, o));
                acc[o] = 0; acc[o + 1] = 0; acc[o + 2] = 0;
            }
        }
    }

    /** The table as plain data (cloneable across worker_threads): bytes and numbers, no per-cell objects. */
    toPartial(): PartialCells {
        for (let cell = 0; cell < this.cellCount; cell++) this.normalizeCell(cell);
        const exotic: [number, string][] = [];
        for (const [key, value] of this.exotic) exotic.push([key, value.toFixed()]);
        const overflow: [number, string][] = [];
        for (const [key, value] of this.overflow) overflow.push([key, value.toString()]);
        return {
            cellCount: this.cellCount,
            arena: this.arena.subarray(0, this.arenaUsed),
            offsets: this.keyOffsets.subarray(0, this.cellCount * (KEY_SLOTS + 1)),
            acc: this.acc.subarray(0, this.cellCount * STRIDE),
            exotic, overflow, ambiguousKeys: this.hasControlBytes,
        };
    }
}

/**
 * Cells as plain data. Cell c's key slot k is the UTF-8 bytes arena[offsets[c·11+k], offsets[c·11+k+1] − 1)
 * (each slot is followed by one SEPARATOR byte); acc holds STRIDE numbers per cell (normalised
 * triples and row counts); overflow and exotic are BigInt (1e-18 units) and Decimal texts by
 * (cell × MEASURES + measure). `ambiguousKeys` is set when a key byte is ≤ SEPARATOR, so that joined
 * key strings cannot be used as identities.
 */
export interface PartialCells {
    readonly cellCount: number;
    readonly arena: Uint8Array;
    readonly offsets: Int32Array;
    readonly acc: Float64Array;
    readonly exotic: readonly (readonly [number, string])[];
    readonly overflow: readonly (readonly [number, string])[];
    readonly ambiguousKeys: boolean;
}
