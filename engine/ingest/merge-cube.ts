import { MeasureStore, PackedCell } from '../cube/packed-cells.js';
import { tripleText } from '../cube/triple-text.js';
import type { Cube, CubeCell } from '../cube/types.js';
import { Decimal, ZERO } from '../money/decimal.js';
import type { ReportIssue } from '../report/types.js';
import {
    A_ROWS, A_ROWS_NO_PUBLIC, K_ACCOUNT, K_ACCOUNT_NAME, K_PRODUCT_NAME, K_SERVICE, KEY_SLOTS, MEASURES, STRIDE,
    type PartialCells,
} from './cell-table.js';
import { mergeLedgers } from './commitment-ledger-sink.js';
import { ingestError } from './errors.js';
import type { TaskResult } from './ingest-task.js';
import { normalizeTriple, scaledToDecimal, tripleToScaled } from './scaled-decimal.js';

/**
 * Merges partial cells into the cube: one cell per distinct key, exact sums, cells sorted by key
 * bytes, so that the cube is the same whatever the number of workers and the order they finish in.
 * Task results (in input order) give the format, row counts, currencies and issues. The account
 * name is not part of the key: it goes to `accountNames` (the name on most rows wins, ties by name); so does
 * a Marketplace product's name, to `productNames` (per service code, the same rule).
 */
export function mergeResults(
    results: readonly TaskResult[], partials: readonly PartialCells[], sources: readonly string[], extraIssues: readonly ReportIssue[],
): Cube {
    checkFormats(results);
    checkCurrencies(results);
    const merger = new CellMerger();
    const rows = results.reduce((n, r) => n + r.rows, 0);
    for (const partial of partials) merger.add(partial);
    const issues: ReportIssue[] = [...extraIssues];
    const seen = new Set<string>();
    for (const result of results) {
        for (const issue of result.issues) {
            const id = `${issue.code}\u0001${issue.file ?? ''}`;
            if (seen.has(id)) continue;
            seen.add(id);
            issues.push(issue);
        }
    }
    const { cells, accountNames, productNames } = merger.finish();
    const commitments = mergeLedgers(results.flatMap(r => (r.ledger ? [r.ledger] : [])));
    const labels = new Set(results.map(r => r.formatLabel));
    const formatLabel = labels.size === 1 ? results[0]!.formatLabel : undefined;
    return {
        cells, format: results[0]?.format ?? 'cur1', ...(formatLabel !== undefined && { formatLabel }), sources: [...sources], rows, accountNames, productNames, issues,
        ...(commitments ? { commitments } : {}),
    };
}

const ROW_SLOTS = KEY_SLOTS + 1;
/** The cube key: every slot but the account name and the product name (the last two). */
const CUBE_SLOTS = KEY_SLOTS - 2;
const INT_OVERFLOW = 2 ** 50;
const decoder = new TextDecoder();

/** Counts the name in slot `nameSlot` of a partial cell (rows carrying it) under the value of slot `ofSlot`; an empty name is none. */
function countName(into: Map<string, Map<string, number>>, arena: Uint8Array, offsets: Int32Array, o: number, ofSlot: number, nameSlot: number, rows: number): void {
    const nameStart = offsets[o + nameSlot]!;
    const nameEnd = offsets[o + nameSlot + 1]! - 1;
    if (nameEnd <= nameStart) return;
    const of = decoder.decode(arena.subarray(offsets[o + ofSlot]!, offsets[o + ofSlot + 1]! - 1));
    const name = decoder.decode(arena.subarray(nameStart, nameEnd));
    let counts = into.get(of);
    if (!counts) into.set(of, (counts = new Map()));
    counts.set(name, (counts.get(name) ?? 0) + rows);
}

/** One name per value: the name on most rows, ties by name (the same whatever the split into partials). */
function mostFrequent(names: ReadonlyMap<string, ReadonlyMap<string, number>>): Map<string, string> {
    const out = new Map<string, string>();
    for (const [of, counts] of [...names].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        const [name] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]!;
        out.set(of, name);
    }
    return out;
}

/**
 * Adds partial cells by key, the way the ingest's cell table does: keys stay bytes (hashed, compared
 * slot by slot, copied once per distinct key into one arena), sums stay in safe-integer triples
 * (normalised after each addition, integer parts beyond 2^50 moved to BigInt), and the cube's packed cells
 * keep those triples (engine/cube/packed-cells.ts); slot texts are decoded once per distinct value. No string or object is made
 * per partial cell, so merging costs little time and memory next to the cube itself.
 */
class CellMerger {
    private cellCount = 0;
    private arena = Buffer.alloc(1 << 16);
    private arenaUsed = 0;
    /** Cell c's slot k is arena[offsets[c·10 + k], offsets[c·10 + k + 1] − 1) (a separator byte follows each slot). */
    private offsets = new Int32Array((CUBE_SLOTS + 1) * 1024);
    private hashes = new Int32Array(1024);
    private acc = new Float64Array(STRIDE * 1024);
    private table = new Int32Array(2 * 4096);
    private mask = 4095;
    private readonly overflow = new Map<number, bigint>();
    private readonly exotic = new Map<number, Decimal>();
    /** account → name → rows carrying it. */
    private readonly names = new Map<string, Map<string, number>>();
    /** service code → product name → rows carrying it. */
    private readonly products = new Map<string, Map<string, number>>();

    add(partial: PartialCells): void {
        const { arena, offsets, acc } = partial;
        const target = new Int32Array(partial.cellCount);
        for (let c = 0; c < partial.cellCount; c++) {
            const o = c * ROW_SLOTS;
            const at = this.cellOf(arena, offsets, o);
            target[c] = at;
            countName(this.names, arena, offsets, o, K_ACCOUNT, K_ACCOUNT_NAME, acc[c * STRIDE + A_ROWS]!);
            countName(this.products, arena, offsets, o, K_SERVICE, K_PRODUCT_NAME, acc[c * STRIDE + A_ROWS]!);
            const to = at * STRIDE;
            const from = c * STRIDE;
            const sums = this.acc;
            for (let i = 0; i < STRIDE; i++) sums[to + i]! += acc[from + i]!;
            for (let m = 0; m < MEASURES; m++) {
                const t = to + m * 3;
                normalizeTriple(sums, t);
                if (Math.abs(sums[t]!) > INT_OVERFLOW) {
                    this.addOverflow(at * MEASURES + m, tripleToScaled(sums, t));
                    sums[t] = 0; sums[t + 1] = 0; sums[t + 2] = 0;
                }
            }
        }
        for (const [key, text] of partial.overflow) this.addOverflow(target[Math.floor(key / MEASURES)]! * MEASURES + (key % MEASURES), BigInt(text));
        for (const [key, text] of partial.exotic) {
            const slot = target[Math.floor(key / MEASURES)]! * MEASURES + (key % MEASURES);
            const value = new Decimal(text);
            const sum = this.exotic.get(slot);
            this.exotic.set(slot, sum ? sum.plus(value) : value);
        }
    }

    /** The merged cell of the partial cell whose slot offsets start at offsets[o] (created if new). */
    private cellOf(bytes: Uint8Array, offsets: Int32Array, o: number): number {
        let h = 0x811c9dc5 | 0;
        for (let k = 0; k < CUBE_SLOTS; k++) {
            const s = offsets[o + k]!;
            const e = offsets[o + k + 1]! - 1;
            for (let i = s; i < e; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
            h = Math.imul(h ^ (e - s + 0x1f00), 0x01000193);
        }
        h ^= h >>> 16;
        h = Math.imul(h, 0x85ebca6b);
        h ^= h >>> 13;
        const table = this.table;
        const mask = this.mask;
        let p = h & mask;
        for (;;) {
            const entry = table[2 * p + 1]!;
            if (entry === 0) break;
            if (table[2 * p] === h && this.sameKey(entry - 1, bytes, offsets, o)) return entry - 1;
            p = (p + 1) & mask;
        }
        const cell = this.addCell(h, bytes, offsets, o);
        table[2 * p] = h;
        table[2 * p + 1] = cell + 1;
        if (this.cellCount * 2 > mask) this.rehash();
        return cell;
    }

    private sameKey(cell: number, bytes: Uint8Array, offsets: Int32Array, o: number): boolean {
        const arena = this.arena;
        const own = this.offsets;
        const base = cell * (CUBE_SLOTS + 1);
        for (let k = 0; k < CUBE_SLOTS; k++) {
            const a = own[base + k]!;
            const len = own[base + k + 1]! - 1 - a;
            const s = offsets[o + k]!;
            if (offsets[o + k + 1]! - 1 - s !== len) return false;
            for (let i = 0; i < len; i++) if (arena[a + i] !== bytes[s + i]) return false;
        }
        return true;
    }

    private addCell(h: number, bytes: Uint8Array, offsets: Int32Array, o: number): number {
        const cell = this.cellCount++;
        if (cell >= this.hashes.length) this.grow();
        this.hashes[cell] = h;
        const start = offsets[o]!;
        const length = offsets[o + CUBE_SLOTS]! - start;
        if (this.arenaUsed + length > this.arena.length) {
            const bigger = Buffer.alloc(Math.max(this.arena.length * 2, this.arenaUsed + length));
            this.arena.copy(bigger, 0, 0, this.arenaUsed);
            this.arena = bigger;
        }
        // The partial's slots (each followed by its separator) are contiguous: one copy.
        this.arena.set(bytes.subarray(start, start + length), this.arenaUsed);
        const base = cell * (CUBE_SLOTS + 1);
        const shift = this.arenaUsed - start;
        for (let k = 0; k <= CUBE_SLOTS; k++) this.offsets[base + k] = offsets[o + k]! + shift;
        this.arenaUsed += length;
        return cell;
    }

    private grow(): void {
        const n = this.hashes.length * 2;
        const hashes = new Int32Array(n);
        hashes.set(this.hashes);
        this.hashes = hashes;
        const acc = new Float64Array(n * STRIDE);
        acc.set(this.acc);
        this.acc = acc;
        const offsets = new Int32Array(n * (CUBE_SLOTS + 1));
        offsets.set(this.offsets);
        this.offsets = offsets;
    }

    private rehash(): void {
        const size = (this.mask + 1) * 2;
        const table = new Int32Array(size * 2);
        const mask = size - 1;
        for (let cell = 0; cell < this.cellCount; cell++) {
            const h = this.hashes[cell]!;
            let p = h & mask;
            while (table[2 * p + 1] !== 0) p = (p + 1) & mask;
            table[2 * p] = h;
            table[2 * p + 1] = cell + 1;
        }
        this.table = table;
        this.mask = mask;
    }

    private addOverflow(slot: number, value: bigint): void {
        this.overflow.set(slot, (this.overflow.get(slot) ?? 0n) + value);
    }

    /**
     * The cube's cells, sorted by key bytes (the same order whatever the split into partials): each
     * slot value is interned once and ranked by its bytes, then the cells are radix-sorted on the
     * ranks, last slot first (stable), which orders them slot by slot, a value before its extensions.
     */
    finish(): { cells: CubeCell[]; accountNames: Map<string, string>; productNames: Map<string, string> } {
        const n = this.cellCount;
        const arena = this.arena;
        const offsets = this.offsets;
        const texts = Array.from({ length: CUBE_SLOTS }, () => new SlotTexts());
        const ids = new Int32Array(n * CUBE_SLOTS);
        for (let c = 0; c < n; c++) {
            const o = c * (CUBE_SLOTS + 1);
            for (let k = 0; k < CUBE_SLOTS; k++) ids[c * CUBE_SLOTS + k] = texts[k]!.idOf(arena, offsets[o + k]!, offsets[o + k + 1]! - 1);
        }
        let order = new Int32Array(n);
        for (let c = 0; c < n; c++) order[c] = c;
        let next = new Int32Array(n);
        for (let k = CUBE_SLOTS - 1; k >= 0; k--) {
            const rank = texts[k]!.ranks();
            const counts = new Int32Array(rank.length + 1);
            for (let c = 0; c < n; c++) counts[rank[ids[c * CUBE_SLOTS + k]!]! + 1]!++;
            for (let r = 0; r < rank.length; r++) counts[r + 1]! += counts[r]!;
            for (let i = 0; i < n; i++) {
                const c = order[i]!;
                next[counts[rank[ids[c * CUBE_SLOTS + k]!]!]!++] = c;
            }
            [order, next] = [next, order];
        }
        const cells: CubeCell[] = new Array(n);
        const store = new MeasureStore(n);
        const triples = store.triples;
        for (let i = 0; i < n; i++) {
            const at = order[i]!;
            const o = at * STRIDE;
            const id = at * CUBE_SLOTS;
            const text = (k: number): string => texts[k]!.value(ids[id + k]!);
            for (let m = 0; m < MEASURES; m++) {
                const t = (i * MEASURES + m) * 3;
                const slot = at * MEASURES + m;
                if (this.overflow.has(slot) || this.exotic.has(slot)) {
                    triples[t] = NaN;
                    store.exact.set(i * MEASURES + m, this.measure(at, m));
                } else {
                    const from = o + m * 3;
                    triples[t] = this.acc[from]!;
                    triples[t + 1] = this.acc[from + 1]!;
                    triples[t + 2] = this.acc[from + 2]!;
                }
            }
            const key = {
                period: text(0), accountId: text(1), service: text(2), usageType: text(3), operation: text(4), lineItemType: text(5),
                billingEntity: text(6), currency: text(7), commitmentOwnerId: text(8),
            };
            cells[i] = new PackedCell(key, this.acc[o + A_ROWS]!, this.acc[o + A_ROWS_NO_PUBLIC]!, store, i);
        }
        return { cells, accountNames: mostFrequent(this.names), productNames: mostFrequent(this.products) };
    }

    /** A measure the triples cannot hold exactly (an overflowed sum, an exotic amount), as its Decimal. */
    private measure(at: number, m: number): Decimal {
        const t = at * STRIDE + m * 3;
        const slot = at * MEASURES + m;
        const acc = this.acc;
        const big = this.overflow.get(slot);
        const extra = this.exotic.get(slot);
        let value: Decimal;
        if (big !== undefined) value = scaledToDecimal(tripleToScaled(acc, t) + big);
        else if (acc[t] === 0 && acc[t + 1] === 0 && acc[t + 2] === 0) value = ZERO;
        else value = new Decimal(tripleText(acc[t]!, acc[t + 1]!, acc[t + 2]!));
        return extra ? value.plus(extra) : value;
    }
}

/** The values of one key slot: interned by bytes (a small hash table), decoded once each, ranked by bytes. */
class SlotTexts {
    private readonly values: string[] = [];
    private readonly starts: number[] = [];
    private readonly ends: number[] = [];
    private bytes: Uint8Array = new Uint8Array(256);
    private bytesUsed = 0;
    private table = new Int32Array(64);
    private mask = 63;
    private lastSource: Uint8Array | undefined;
    private lastStart = 0;
    private lastEnd = 0;
    private lastId = 0;

    /** The id of the value in source[s, e). */
    idOf(source: Uint8Array, s: number, e: number): number {
        // Cells repeat their leading slots: the previous value first.
        if (source === this.lastSource && e - s === this.lastEnd - this.lastStart && equalBytes(source, s, source, this.lastStart, e - s)) return this.lastId;
        let h = 0x811c9dc5 | 0;
        for (let i = s; i < e; i++) h = Math.imul(h ^ source[i]!, 0x01000193);
        h ^= h >>> 15;
        let p = h & this.mask;
        let id = -1;
        for (;;) {
            const entry = this.table[p]!;
            if (entry === 0) break;
            const v = entry - 1;
            if (this.ends[v]! - this.starts[v]! === e - s && equalBytes(this.bytes, this.starts[v]!, source, s, e - s)) {
                id = v;
                break;
            }
            p = (p + 1) & this.mask;
        }
        if (id < 0) {
            id = this.values.length;
            this.values.push(decoder.decode(source.subarray(s, e)));
            if (this.bytesUsed + e - s > this.bytes.length) {
                const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.bytesUsed + e - s));
                bigger.set(this.bytes.subarray(0, this.bytesUsed));
                this.bytes = bigger;
            }
            this.bytes.set(source.subarray(s, e), this.bytesUsed);
            this.starts.push(this.bytesUsed);
            this.bytesUsed += e - s;
            this.ends.push(this.bytesUsed);
            this.table[p] = id + 1;
            if (this.values.length * 2 > this.mask) this.rehash();
        }
        this.lastSource = source;
        this.lastStart = s;
        this.lastEnd = e;
        this.lastId = id;
        return id;
    }

    value(id: number): string {
        return this.values[id]!;
    }

    /** Rank of each id in byte order of the values (a value before its extensions). */
    ranks(): Int32Array {
        const byBytes = Array.from({ length: this.values.length }, (_x, id) => id).sort((a, b) => this.compare(a, b));
        const rank = new Int32Array(byBytes.length);
        byBytes.forEach((id, r) => { rank[id] = r; });
        return rank;
    }

    private compare(a: number, b: number): number {
        const as = this.starts[a]!;
        const bs = this.starts[b]!;
        const al = this.ends[a]! - as;
        const bl = this.ends[b]! - bs;
        const n = Math.min(al, bl);
        for (let i = 0; i < n; i++) {
            const d = this.bytes[as + i]! - this.bytes[bs + i]!;
            if (d !== 0) return d;
        }
        return al - bl;
    }

    private rehash(): void {
        const size = (this.mask + 1) * 2;
        const table = new Int32Array(size);
        const mask = size - 1;
        for (let v = 0; v < this.values.length; v++) {
            let h = 0x811c9dc5 | 0;
            for (let i = this.starts[v]!; i < this.ends[v]!; i++) h = Math.imul(h ^ this.bytes[i]!, 0x01000193);
            h ^= h >>> 15;
            let p = h & mask;
            while (table[p] !== 0) p = (p + 1) & mask;
            table[p] = v + 1;
        }
        this.table = table;
        this.mask = mask;
    }
}

function equalBytes(a: Uint8Array, as: number, b: Uint8Array, bs: number, length: number): boolean {
    for (let i = 0; i < length; i++) if (a[as + i] !== b[bs + i]) return false;
    return true;
}

function checkFormats(results: readonly TaskResult[]): void {
    const first = results[0];
    const other = results.find(r => r.format !== first.format);
    if (other) {
        throw ingestError('MIXED_FORMATS',
            `${other.formatLabel} data cannot be combined with ${first.formatLabel} data from ${first.file}; ingest one format at a time`,
            { file: other.file, line: 1, expected: first.formatLabel, found: other.formatLabel });
    }
}

function checkCurrencies(results: readonly TaskResult[]): void {
    const first = results.find(r => r.currency)?.currency;
    if (!first) return;
    for (const r of results) {
        const c = r.currency;
        if (c && c.currency !== first.currency) {
            throw ingestError('MIXED_CURRENCIES',
                `currency ${c.currency} differs from ${first.currency} (first seen at ${first.file}:${first.line}, data row ${first.row}); one bill has one currency`,
                { file: c.file, row: c.row, line: c.line, column: c.column, expected: first.currency, found: c.currency });
        }
    }
}
