/**
 * Deterministic pseudo-random numbers (mulberry32): integer operations only, so a seed gives the same
 * sequence on every platform and Node version (Math.random, Math.log & co. are not portable).
 */
export class Prng {
    private state: number;

    constructor(seed: number) {
        this.state = seed >>> 0;
    }

    /** Uniform in [0, 2^32). */
    nextUint32(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return (t ^ (t >>> 14)) >>> 0;
    }

    /** Uniform in [0, 1). */
    next(): number {
        return this.nextUint32() / 4294967296;
    }

    /** Integer in [min, max]. */
    int(min: number, max: number): number {
        return min + Math.floor(this.next() * (max - min + 1));
    }

    pick<T>(items: readonly T[]): T {
        return items[Math.floor(this.next() * items.length)];
    }

    /** Picks by integer weights (cumulative array built once by `cumulative`). */
    pickWeighted<T>(items: readonly T[], cumulative: readonly number[]): T {
        const total = cumulative[cumulative.length - 1];
        const x = this.next() * total;
        let lo = 0;
        let hi = cumulative.length - 1;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (cumulative[mid] > x) hi = mid; else lo = mid + 1;
        }
        return items[lo];
    }

    /**
     * Lower-case hex string of `length` characters: the 8-digit hex of ceil(length / 8) draws,
     * cut to `length` (a table of 4-digit groups, not Number#toString, which is slow).
     */
    hex(length: number): string {
        let out = '';
        let left = length;
        while (left > 0) {
            const t = this.nextUint32();
            const hex4 = HEX4 ??= Array.from({ length: 0x10000 }, (_, i) => i.toString(16).padStart(4, '0'));
            const word = hex4[t >>> 16]! + hex4[t & 0xffff]!;
            out += left >= 8 ? word : word.slice(0, left);
            left -= 8;
        }
        return out;
    }
}

/** The 4-digit hex of every 16-bit number, made at the first use. */
let HEX4: string[] | undefined;

export function cumulative(weights: readonly number[]): number[] {
    let sum = 0;
    return weights.map(w => (sum += w));
}
