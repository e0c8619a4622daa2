import type { Cube, CubeCell } from '../cube/types.js';
import { Decimal, ZERO } from '../money/decimal.js';
import type { ReportIssue } from '../report/types.js';
import {
    A_ROWS, A_ROWS_NO_PUBLIC, K_ACCOUNT, KEY_SLOTS, M_FREE_TIER, M_PUBLIC, M_UNBLENDED, M_UNBLENDED_NO_PUBLIC, M_USAGE, MEASURES, STRIDE,
    type PartialCells,
} from './cell-table.js';
import { ingestError } from './errors.js';
import type { TaskResult } from './ingest-task.js';
import { normalizeTriple, scaledToDecimal, tripleToScaled } from './scaled-decimal.js';

/**
 * Merges partial cells into the cube: one cell per distinct key, exact sums, cells sorted by key
 * bytes, so that the cube is the same whatever the number of workers and the order they finish in.
 * Task results (in input order) give the format, row counts, currencies and issues. The account
 * name is not part of the key: it goes to `accountNames` (the name on most rows wins, ties by name).
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
    const { cells, accountNames } = merger.finish();
    return { cells, format: results[0]?.format ?? 'cur1', sources: [...sources], rows, accountNames, issues };
}

const ROW_SLOTS = KEY_SLOTS + 1;
const CUBE_SLOTS = KEY_SLOTS - 1;
const INT_OVERFLOW = 2 ** 50;
const decoder = new TextDecoder();

/**
 * Adds partial cells by key. The identity of a key is its bytes read as one latin1 string (slots
 * joined by the separator byte), which is exact unless a key byte is ≤ the separator; such partials
 * use the JSON of the decoded slots instead. Sums stay in safe-integer triples (normalised after each
 * addition, integer parts beyond 2^50 moved to BigInt) until the Decimals of the cube are made.
 */
class CellMerger {
    private readonly index = new Map<string, number>();
    private readonly order: string[] = [];
    private readonly slots: string[][] = [];
    /** account → name → rows carrying it. */
    private readonly names = new Map<string, Map<string, number>>();
    private acc = new Float64Array(STRIDE * 1024);
    private readonly overflow = new Map<number, bigint>();
    private readonly exotic = new Map<number, Decimal>();
    private readonly intern = new Map<string, string>();

    add(partial: PartialCells): void {
        const { arena, offsets, acc } = partial;
        const buf = Buffer.from(arena.buffer, arena.byteOffset, arena.byteLength);
        const target = new Int32Array(partial.cellCount);
        for (let c = 0; c < partial.cellCount; c++) {
            const o = c * ROW_SLOTS;
            const slotText = (k: number): string => this.internText(decoder.decode(arena.subarray(offsets[o + k], offsets[o + k + 1] - 1)));
            const id = partial.ambiguousKeys
                ? '\u0000' + JSON.stringify(Array.from({ length: CUBE_SLOTS }, (_x, k) => slotText(k)))
                : buf.toString('latin1', offsets[o], offsets[o + CUBE_SLOTS]);
            let at = this.index.get(id);
            if (at === undefined) {
                at = this.order.length;
                this.index.set(id, at);
                this.order.push(id);
                this.slots.push(Array.from({ length: CUBE_SLOTS }, (_x, k) => slotText(k)));
                if (this.acc.length < (at + 1) * STRIDE) {
                    const bigger = new Float64Array(this.acc.length * 2);
                    bigger.set(this.acc);
                    this.acc = bigger;
                }
            }
            target[c] = at;
            const nameStart = offsets[o + KEY_SLOTS - 1];
            const nameEnd = offsets[o + KEY_SLOTS] - 1;
            if (nameEnd > nameStart) {
                const account = this.slots[at][K_ACCOUNT];
                const name = decoder.decode(arena.subarray(nameStart, nameEnd));
                let counts = this.names.get(account);
                if (!counts) { counts = new Map(); this.names.set(account, counts); }
                counts.set(name, (counts.get(name) ?? 0) + acc[c * STRIDE + A_ROWS]);
            }
            const to = at * STRIDE;
            const from = c * STRIDE;
            for (let i = 0; i < STRIDE; i++) this.acc[to + i] += acc[from + i];
            for (let m = 0; m < MEASURES; m++) {
                const t = to + m * 3;
                normalizeTriple(this.acc, t);
                if (Math.abs(this.acc[t]) > INT_OVERFLOW) {
                    this.addOverflow(at * MEASURES + m, tripleToScaled(this.acc, t));
                    this.acc[t] = 0; this.acc[t + 1] = 0; this.acc[t + 2] = 0;
                }
            }
        }
        for (const [key, text] of partial.overflow) this.addOverflow(target[Math.floor(key / MEASURES)] * MEASURES + (key % MEASURES), BigInt(text));
        for (const [key, text] of partial.exotic) {
            const slot = target[Math.floor(key / MEASURES)] * MEASURES + (key % MEASURES);
            const value = new Decimal(text);
            const sum = this.exotic.get(slot);
            this.exotic.set(slot, sum ? sum.plus(value) : value);
        }
    }

    private addOverflow(slot: number, value: bigint): void {
        this.overflow.set(slot, (this.overflow.get(slot) ?? 0n) + value);
    }

    private internText(text: string): string {
        const known = this.intern.get(text);
        if (known !== undefined) return known;
        this.intern.set(text, text);
        return text;
    }

    /** The cube's cells, sorted by key bytes (the same order whatever the split into partials). */
    finish(): { cells: CubeCell[]; accountNames: Map<string, string> } {
        const ids = this.order.map((id, at) => ({ id, at }));
        ids.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const cells = ids.map(({ at }): CubeCell => {
            const k = this.slots[at];
            const o = at * STRIDE;
            const measure = (m: number): Decimal => {
                const t = o + m * 3;
                const slot = at * MEASURES + m;
                const big = this.overflow.get(slot);
                const extra = this.exotic.get(slot);
                let value: Decimal = this.acc[t] === 0 && this.acc[t + 1] === 0 && this.acc[t + 2] === 0 && big === undefined
                    ? ZERO : scaledToDecimal(tripleToScaled(this.acc, t) + (big ?? 0n));
                if (extra) value = value.plus(extra);
                return value;
            };
            return {
                period: k[0], accountId: k[1], service: k[2], usageType: k[3], operation: k[4], lineItemType: k[5],
                billingEntity: k[6], currency: k[7], commitmentOwnerId: k[8],
                unblendedCost: measure(M_UNBLENDED), publicOnDemandCost: measure(M_PUBLIC), freeTierPublicCost: measure(M_FREE_TIER),
                unblendedWithoutPublicCost: measure(M_UNBLENDED_NO_PUBLIC), usageAmount: measure(M_USAGE),
                rows: this.acc[o + A_ROWS], rowsWithoutPublicCost: this.acc[o + A_ROWS_NO_PUBLIC],
            };
        });
        const accountNames = new Map<string, string>();
        for (const [account, counts] of [...this.names].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
            const [name] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0];
            accountNames.set(account, name);
        }
        return { cells, accountNames };
    }
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
