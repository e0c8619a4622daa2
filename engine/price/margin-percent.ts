import type { ExactSum } from './scaled.js';
import { pow10, toUnits } from './scaled.js';

/**
 * margin ÷ proformaCost × 100, rounded half-even to 2 decimals (always written with 2 decimals);
 * null when proformaCost is 0. Computed on exact integers, so there is no double rounding.
 */
export function marginPercent(margin: ExactSum, proformaCost: ExactSum, scale: number): string | null {
    let [numerator, denominator] = [margin.units, proformaCost.units];
    if (margin.extra || proformaCost.extra) {
        const places = Math.max(scale, margin.extra?.decimalPlaces() ?? 0, proformaCost.extra?.decimalPlaces() ?? 0);
        const widen = pow10(places - scale);
        numerator = numerator * widen + (margin.extra ? toUnits(margin.extra, places) : 0n);
        denominator = denominator * widen + (proformaCost.extra ? toUnits(proformaCost.extra, places) : 0n);
    }
    if (denominator === 0n) return null;
    return formatHundredths(divideHalfEven(numerator * 10_000n, denominator));
}

/** numerator ÷ denominator rounded half-even to an integer. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
    let quotient = numerator / denominator;
    const remainder = numerator - quotient * denominator;
    if (remainder !== 0n) {
        const sign = (numerator < 0n) !== (denominator < 0n) ? -1n : 1n;
        const twice = 2n * (remainder < 0n ? -remainder : remainder);
        const magnitude = denominator < 0n ? -denominator : denominator;
        if (twice > magnitude || (twice === magnitude && quotient % 2n !== 0n)) quotient += sign;
    }
    return quotient;
}

function formatHundredths(hundredths: bigint): string {
    const negative = hundredths < 0n;
    const digits = (negative ? -hundredths : hundredths).toString().padStart(3, '0');
    return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
