import { Field } from './formats.js';
import type { ScanState } from './csv-scanner.js';

/**
 * Line item identities (CUR 1.0 `identity/LineItemId` + `identity/TimeInterval`, CUR 2.0 `identity_line_item_id`
 * + `identity_time_interval`) as 53-bit hashes, to find line items delivered twice across files (a stale and
 * a fresh delivery of one month, a copy under another name). Collected only when an ingest reads more than one
 * file, 8 bytes per row; a hash match is confirmed on the text of both rows before it is reported.
 */

const TWO_POW_21 = 2 ** 21;

const lanes = new Int32Array(2);

/** Mixes buf[start, end) into both lanes, 4 bytes a step, then a separator. */
function absorb(buf: Uint8Array, start: number, end: number): void {
    let h1 = lanes[0]!;
    let h2 = lanes[1]!;
    let i = start;
    for (; i + 4 <= end; i += 4) {
        const w = buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24);
        h1 = Math.imul(h1 ^ w, 0x01000193) ^ (h1 >>> 15);
        h2 = Math.imul(h2 ^ w, 0x5bd1e995) ^ (h2 >>> 13);
    }
    for (; i < end; i++) {
        h1 = Math.imul(h1 ^ buf[i]!, 0x01000193);
        h2 = Math.imul(h2 ^ buf[i]!, 0x5bd1e995);
    }
    lanes[0] = Math.imul(h1 ^ 0x1f, 0x01000193);
    lanes[1] = Math.imul(h2 ^ 0x1f, 0x5bd1e995);
}

/** Two 32-bit multiplicative lanes over the bytes of the id, a separator, and the interval; 53 bits kept. */
export function identityHash(buf: Uint8Array, idStart: number, idEnd: number, intervalStart: number, intervalEnd: number): number {
    lanes[0] = 0x811c9dc5 | 0;
    lanes[1] = 0x9747b28c | 0;
    absorb(buf, idStart, idEnd);
    absorb(buf, intervalStart, intervalEnd);
    let h1 = lanes[0]!;
    let h2 = lanes[1]!;
    h1 ^= h1 >>> 16;
    h1 = Math.imul(h1, 0x85ebca6b);
    h1 ^= h1 >>> 13;
    h2 ^= h2 >>> 15;
    h2 = Math.imul(h2, 0x2c1b3c6d);
    h2 ^= h2 >>> 12;
    return (h1 >>> 0) * TWO_POW_21 + ((h2 >>> 0) >>> 11);
}

export function identityHashOfText(id: string, interval: string): number {
    const a = Buffer.from(id, 'utf8');
    const b = Buffer.from(interval, 'utf8');
    const both = Buffer.concat([a, b]);
    return identityHash(both, 0, a.length, a.length, both.length);
}

/** The identities of one task's rows, in a growable array. */
export class IdentityCollector {
    private values = new Float64Array(1 << 12);
    private count = 0;

    add(buf: Uint8Array, st: ScanState): void {
        const s = st.start;
        const e = st.end;
        const is = s[Field.LineItemId]!;
        const ie = e[Field.LineItemId]!;
        // A row without an id (some fees, taxes) has no identity to compare.
        if (ie === is) return;
        if (this.count === this.values.length) {
            const bigger = new Float64Array(this.values.length * 2);
            bigger.set(this.values);
            this.values = bigger;
        }
        this.values[this.count++] = identityHash(buf, is, ie, s[Field.TimeInterval]!, e[Field.TimeInterval]!);
    }

    finish(): Float64Array {
        return this.values.slice(0, this.count);
    }
}

export interface RepeatedIdentity {
    readonly hash: number;
    /** Indexes of the first two files holding it. */
    readonly files: readonly [number, number];
}

/**
 * Hashes present in two different files' identities (each file's own repeats are not overlaps), the first
 * `limit` of them in hash order. Each file's list is sorted and made unique, then all lists are sorted
 * together: any two equal neighbours then come from two files.
 */
export function findRepeatedIdentities(perFile: readonly Float64Array[], limit = 16): RepeatedIdentity[] {
    const unique = perFile.map(values => {
        const sorted = Float64Array.from(values).sort();
        let n = 0;
        for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
        return sorted.subarray(0, n);
    });
    const total = unique.reduce((n, values) => n + values.length, 0);
    const all = new Float64Array(total);
    let at = 0;
    for (const values of unique) { all.set(values, at); at += values.length; }
    all.sort();
    const found: RepeatedIdentity[] = [];
    for (let i = 1; i < all.length && found.length < limit; i++) {
        if (all[i] !== all[i - 1] || (i >= 2 && all[i - 2] === all[i])) continue;
        const hash = all[i]!;
        const holders = unique.flatMap((values, file) => (contains(values, hash) ? [file] : []));
        found.push({ hash, files: [holders[0]!, holders[1]!] });
    }
    return found;
}

function contains(sorted: Float64Array, value: number): boolean {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = sorted[mid]!;
        if (v === value) return true;
        if (v < value) lo = mid + 1; else hi = mid - 1;
    }
    return false;
}
