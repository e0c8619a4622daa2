/** 2^53: below it every integer is exactly representable as a double. */
const LIMIT = 9007199254740992;

/**
 * An exact sum of integers (money units) that stays in double arithmetic while it can: each addition
 * is exact as long as the result is below 2^53 in magnitude, which is checked; past that, the running
 * double is moved into a BigInt. Values that are not safe integers (passed as NaN) go to the BigInt
 * directly. Nothing is allocated on the common path, which is what keeps re-pricing on every policy
 * edit fast.
 */
export class ExactAccumulator {
    private number = 0;
    private big = 0n;

    /** `value`: `units` as a double when it is a safe integer, else NaN. */
    add(value: number, units: bigint): void {
        if (value !== value) {
            this.big += units;
            return;
        }
        const sum = this.number + value;
        if (sum < LIMIT && sum > -LIMIT) {
            this.number = sum;
        } else {
            this.big += BigInt(this.number);
            this.number = value;
        }
    }

    /** Adds entry `i` of an exact column. */
    addAt(column: ExactValues, i: number): void {
        const value = column.numbers[i]!;
        if (value !== value) {
            this.big += column.exact.get(i)!;
            return;
        }
        const sum = this.number + value;
        if (sum < LIMIT && sum > -LIMIT) {
            this.number = sum;
        } else {
            this.big += BigInt(this.number);
            this.number = value;
        }
    }

    /** Subtracts entry `i` of an exact column. */
    subtractAt(column: ExactValues, i: number): void {
        const value = -column.numbers[i]!;
        if (value !== value) {
            this.big -= column.exact.get(i)!;
            return;
        }
        const sum = this.number + value;
        if (sum < LIMIT && sum > -LIMIT) {
            this.number = sum;
        } else {
            this.big += BigInt(this.number);
            this.number = value;
        }
    }

    /** The exact sum; resets the accumulator. */
    take(): bigint {
        const total = this.number === 0 ? this.big : this.big === 0n ? BigInt(this.number) : this.big + BigInt(this.number);
        this.number = 0;
        this.big = 0n;
        return total;
    }

    /** Adds the sum × `factor` to `product` and resets the accumulator (see `ExactProductSum.add`). */
    drainTimes(product: ExactProductSum, factor: number, factorBig: bigint): void {
        if (this.big !== 0n) product.addBig(this.big * factorBig);
        if (this.number !== 0) product.add(this.number, factor, factorBig);
        this.number = 0;
        this.big = 0n;
    }
}

const SPLIT = 67108864; // 2^26
/** Factors below 2^20 keep every partial product below 2^47, so that 64 of them add up exactly. */
const FACTOR_LIMIT = 1048576;
const TERMS_BEFORE_FLUSH = 64;

/**
 * An exact sum of products (safe integer × small integer factor) without a BigInt per product: each
 * value is split at 2^26 and both halves are multiplied and added in doubles, exact by the bounds
 * above; the halves go into a BigInt every 64 terms and at the end. Larger factors and BigInt values
 * take the BigInt path.
 */
export class ExactProductSum {
    private high = 0;
    private low = 0;
    private terms = 0;
    private big = 0n;

    /** Adds value × factor; `value` and `factor` safe integers (`factorBig` the same as a BigInt). */
    add(value: number, factor: number, factorBig: bigint): void {
        if (factor >= FACTOR_LIMIT || factor < 0) {
            this.big += BigInt(value) * factorBig;
            return;
        }
        const magnitude = value < 0 ? -value : value;
        const high = Math.floor(magnitude / SPLIT);
        const low = magnitude - high * SPLIT;
        if (value < 0) {
            this.high -= high * factor;
            this.low -= low * factor;
        } else {
            this.high += high * factor;
            this.low += low * factor;
        }
        if (++this.terms === TERMS_BEFORE_FLUSH) this.flush();
    }

    addBig(value: bigint): void {
        this.big += value;
    }

    /** The exact sum; resets. */
    take(): bigint {
        if (this.high !== 0 || this.low !== 0) this.flush();
        const total = this.big;
        this.big = 0n;
        return total;
    }

    /**
     * Moves the halves into the BigInt: high × 2^26 is an exact double (a power-of-two multiple of an
     * integer), and so is the sum with low when it is below 2^53 (checked on the rounded sum: rounding
     * is monotonic and 2^53 is a double), so one BigInt is made where it can be.
     */
    private flush(): void {
        const shifted = this.high * SPLIT;
        const whole = shifted + this.low;
        const value = whole < LIMIT && whole > -LIMIT ? BigInt(whole) : BigInt(shifted) + BigInt(this.low);
        this.big = this.big === 0n ? value : this.big + value;
        this.high = 0;
        this.low = 0;
        this.terms = 0;
    }
}

/** `units` as a double if it is a safe integer, else NaN (see `ExactAccumulator.add`). */
export function safeNumber(units: bigint): number {
    return units <= 9007199254740991n && units >= -9007199254740991n ? Number(units) : NaN;
}

/** Per-element `safeNumber`. */
export function safeNumbers(units: readonly bigint[]): Float64Array {
    const numbers = new Float64Array(units.length);
    for (let i = 0; i < units.length; i++) numbers[i] = safeNumber(units[i]!);
    return numbers;
}

/** Exact integers as safe-integer doubles, NaN where the exact value is in `exact` instead. */
export interface ExactValues {
    readonly numbers: Float64Array;
    readonly exact: ReadonlyMap<number, bigint>;
}

/**
 * A column of exact integers (money units) kept as doubles where they are safe integers (NaN
 * elsewhere, the exact value then in `exact`): building and summing it allocates nothing on the
 * common path; the BigInt form is made only when a caller needs it.
 */
export class ExactColumn implements ExactValues {
    private bigints: bigint[] | undefined;

    constructor(
        readonly numbers: Float64Array,
        readonly exact: ReadonlyMap<number, bigint>,
    ) {}

    get length(): number {
        return this.numbers.length;
    }

    at(i: number): bigint {
        const value = this.numbers[i]!;
        return value === value ? BigInt(value) : this.exact.get(i)!;
    }

    /** Every entry as a BigInt (made on first use, then kept). */
    all(): readonly bigint[] {
        if (!this.bigints) {
            const numbers = this.numbers;
            const values = new Array<bigint>(numbers.length);
            for (let i = 0; i < numbers.length; i++) {
                const value = numbers[i]!;
                values[i] = value === value ? BigInt(value) : this.exact.get(i)!;
            }
            this.bigints = values;
        }
        return this.bigints;
    }
}

/** Builds an ExactColumn entry by entry, summing into entries exactly. */
export class ExactColumnBuilder implements ExactValues {
    numbers: Float64Array;
    readonly exact = new Map<number, bigint>();

    constructor(capacity: number) {
        this.numbers = new Float64Array(capacity);
    }

    /** Room for entries [0, size) (grows by doubling; new entries are 0). */
    ensure(size: number): void {
        if (size <= this.numbers.length) return;
        const bigger = new Float64Array(Math.max(size, this.numbers.length * 2));
        bigger.set(this.numbers);
        this.numbers = bigger;
    }

    /** Sets entry `i` (once) to a safe-integer double, or (NaN) to `big`. */
    set(i: number, value: number, big?: bigint): void {
        this.numbers[i] = value;
        if (value !== value) this.exact.set(i, big!);
    }

    /** Adds entry `j` of `column` to entry `i`. */
    addFrom(i: number, column: ExactValues, j: number): void {
        const current = this.numbers[i]!;
        const value = column.numbers[j]!;
        if (current === current && value === value) {
            const sum = current + value;
            if (sum < LIMIT && sum > -LIMIT) {
                this.numbers[i] = sum;
                return;
            }
        }
        const total = (current === current ? BigInt(current) : this.exact.get(i)!) + (value === value ? BigInt(value) : column.exact.get(j)!);
        this.numbers[i] = NaN;
        this.exact.set(i, total);
    }

    /** The first `length` entries as a column. */
    finish(length: number): ExactColumn {
        return new ExactColumn(length === this.numbers.length ? this.numbers : this.numbers.slice(0, length), this.exact);
    }
}
