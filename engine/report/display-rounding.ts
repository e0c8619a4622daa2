import { Decimal, roundMoney } from '../money/decimal.js';

/** `exact` rounded half-even to cents, as a count of cents. */
export function toCents(exact: string | Decimal): bigint {
    return BigInt(roundMoney(new Decimal(exact)).times(100).toFixed(0));
}

export interface Apportioned {
    readonly cents: readonly bigint[];
    /** True when independent rounding did not add up to the target and cents were moved. */
    readonly adjusted: boolean;
}

/**
 * Rounds parts to cents so that they add up to `targetCents` (the rounded total): each part is first
 * rounded half-even on its own; if those do not add up, the difference is distributed one cent at a
 * time by the largest-remainder method — to the parts whose exact value lies furthest beyond
 * (or, when cents must be taken away, below) their rounded value; ties go to the earlier part.
 * A part that is exactly zero never receives a cent, so "nothing" is never shown as 0.01.
 */
export function apportionCents(exact: readonly (string | Decimal)[], targetCents: bigint): Apportioned {
    const values = exact.map((value) => new Decimal(value));
    const cents = values.map((value) => toCents(value));
    let difference = targetCents - cents.reduce((sum, value) => sum + value, 0n);
    if (difference === 0n) return { cents, adjusted: false };
    const step = difference > 0n ? 1n : -1n;
    // remainder = exact − rounded, in cents; we add cents where it is largest, remove where smallest.
    const order = values
        .map((value, index) => ({ index, remainder: value.times(100).minus(cents[index]!.toString()), zero: value.isZero() }))
        .filter((part) => !part.zero)
        .sort((a, b) => (step > 0n ? b.remainder.comparedTo(a.remainder) : a.remainder.comparedTo(b.remainder)) || a.index - b.index);
    if (order.length === 0) return { cents, adjusted: false };
    for (let k = 0; difference !== 0n; k = (k + 1) % order.length) {
        cents[order[k]!.index] = cents[order[k]!.index]! + step;
        difference -= step;
    }
    return { cents, adjusted: true };
}

/** Cents as `1,234.56` (thousands separated, minus sign for negatives). */
export function formatCents(cents: bigint): string {
    const negative = cents < 0n;
    const digits = (negative ? -cents : cents).toString().padStart(3, '0');
    const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `${negative ? '-' : ''}${whole}.${digits.slice(-2)}`;
}

/** A percentage string from the report (`"9.09"`) as shown (`9.09%`); null → `—`. */
export function formatPercent(percent: string | null): string {
    return percent === null ? '—' : `${percent}%`;
}

/** margin ÷ pro forma × 100, rounded half-even to 2 decimals, from exact decimal strings; null when pro forma is 0. */
export function percentOf(margin: string, proforma: string): string | null {
    const denominator = new Decimal(proforma);
    if (denominator.isZero()) return null;
    // Exact: scale both to integers, then integer division with half-even rounding.
    const places = Math.max(new Decimal(margin).decimalPlaces(), denominator.decimalPlaces());
    const n = BigInt(new Decimal(margin).times(new Decimal(10).pow(places)).toFixed(0)) * 10_000n;
    const d = BigInt(denominator.times(new Decimal(10).pow(places)).toFixed(0));
    let q = n / d;
    const r = n - q * d;
    if (r !== 0n) {
        const sign = n < 0n !== d < 0n ? -1n : 1n;
        const twice = 2n * (r < 0n ? -r : r);
        const magnitude = d < 0n ? -d : d;
        if (twice > magnitude || (twice === magnitude && q % 2n !== 0n)) q += sign;
    }
    const negative = q < 0n;
    const digits = (negative ? -q : q).toString().padStart(3, '0');
    return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
