import { Decimal } from '../money/decimal.js';

/**
 * Exact fixed-point money as a BigInt count of 10^-scale units. The pricing hot path adds and
 * multiplies these instead of Decimal objects: BigInt arithmetic is exact and an order of magnitude
 * faster, which is what lets a policy edit re-price a large cube within the editor's budget.
 */

const POWERS: bigint[] = [1n];

/** 10^n as a BigInt. */
export function pow10(n: number): bigint {
    while (POWERS.length <= n) POWERS.push(POWERS[POWERS.length - 1]! * 10n);
    return POWERS[n]!;
}

/** Decimal places needed to write `value` exactly. */
export function decimalPlaces(value: Decimal): number {
    return value.decimalPlaces();
}

/**
 * `value` as units of 10^-scale. Exact: throws if `value` has more than `scale` decimal places
 * (a caller bug — scales are chosen from the data).
 */
export function toUnits(value: Decimal, scale: number): bigint {
    const text = value.toFixed();
    const negative = text.startsWith('-');
    const body = negative ? text.slice(1) : text;
    const dot = body.indexOf('.');
    const whole = dot < 0 ? body : body.slice(0, dot);
    const fraction = dot < 0 ? '' : body.slice(dot + 1);
    if (fraction.length > scale) throw new Error(`internal: ${text} does not fit ${scale} decimal places`);
    const units = BigInt(whole + fraction.padEnd(scale, '0'));
    return negative ? -units : units;
}

/** Exact decimal string of `units` × 10^-scale, in the form `moneyString` gives (no trailing zeros). */
export function unitsToString(units: bigint, scale: number): string {
    const negative = units < 0n;
    let digits = (negative ? -units : units).toString();
    if (scale > 0) {
        if (digits.length <= scale) digits = digits.padStart(scale + 1, '0');
        const cut = digits.length - scale;
        let fraction = digits.slice(cut);
        let end = fraction.length;
        while (end > 0 && fraction.charCodeAt(end - 1) === 48) end--;
        fraction = fraction.slice(0, end);
        digits = fraction ? `${digits.slice(0, cut)}.${fraction}` : digits.slice(0, cut);
    }
    return negative ? `-${digits}` : digits;
}

export function unitsToDecimal(units: bigint, scale: number): Decimal {
    return new Decimal(unitsToString(units, scale));
}

/**
 * An exact sum at a fixed scale, with an escape hatch: amounts that need more decimal places than the
 * scale (custom-tier allocations, percentages of percentages) are kept aside in a Decimal.
 */
export interface ExactSum {
    units: bigint;
    extra: Decimal | undefined;
}

export function emptySum(): ExactSum {
    return { units: 0n, extra: undefined };
}

/** Adds a Decimal to `sum`: into `units` when it fits the scale exactly, else into `extra`. */
export function addDecimal(sum: ExactSum, value: Decimal, scale: number): void {
    if (value.isZero()) return;
    if (value.decimalPlaces() <= scale) sum.units += toUnits(value, scale);
    else sum.extra = sum.extra ? sum.extra.plus(value) : value;
}

export function addSum(target: ExactSum, source: ExactSum): void {
    target.units += source.units;
    if (source.extra) target.extra = target.extra ? target.extra.plus(source.extra) : source.extra;
}

export function sumToDecimal(sum: ExactSum, scale: number): Decimal {
    const base = unitsToDecimal(sum.units, scale);
    return sum.extra ? base.plus(sum.extra) : base;
}

export function sumToString(sum: ExactSum, scale: number): string {
    if (!sum.extra) return unitsToString(sum.units, scale);
    return sumToDecimal(sum, scale).toFixed();
}
