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

    /** The exact sum; resets the accumulator. */
    take(): bigint {
        const total = this.number === 0 ? this.big : this.big + BigInt(this.number);
        this.number = 0;
        this.big = 0n;
        return total;
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
