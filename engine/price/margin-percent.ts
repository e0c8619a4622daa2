import { rescale, type Fixed } from './scaled.js';

/**
 * margin ÷ proformaCost × 100, rounded half-even to 2 decimals (always written with 2 decimals);
 * null when proformaCost is 0. Computed on exact integers, so there is no double rounding.
 */
export function marginPercent(margin: Fixed, proformaCost: Fixed): string | null {
    const scale = Math.max(margin.scale, proformaCost.scale);
    const denominator = rescale(proformaCost, scale);
    if (denominator === 0n) return null;
    return formatHundredths(divideHalfEven(rescale(margin, scale) * 10_000n, denominator));
}

/** numerator ÷ denominator rounded half-even to an integer. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
    let quotient = numerator / denominator;
    const remainder = numerator - quotient * denominator;
    if (remainder !== 0n) {
        const sign = numerator < 0n !== denominator < 0n ? -1n : 1n;
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
