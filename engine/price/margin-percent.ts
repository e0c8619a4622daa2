import { rescale, type Fixed } from './scaled.js';

/**
 * margin ÷ proformaCost × 100, rounded half-even to 2 decimals (always written with 2 decimals);
 * null when proformaCost is 0. Computed on exact integers, so there is no double rounding.
 */
export function marginPercent(margin: Fixed, proformaCost: Fixed): string | null {
    if (proformaCost.units === 0n) return null;
    const fast = marginHundredthsFast(margin, proformaCost);
    if (fast !== undefined) return formatHundredthsNumber(fast);
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

const POW10 = Array.from({ length: 23 }, (_x, n) => 10 ** n);

/**
 * The rounded hundredths of margin ÷ proformaCost × 100 from doubles, when that is certainly the
 * exact answer: the double quotient is within a relative 1e-15 of the exact one, so unless it lies
 * that close to a rounding boundary (…5 thousandths) it rounds to the same integer. Else undefined
 * (then exact integers decide). Saves the BigInts of an exact division per group on every edit.
 */
function marginHundredthsFast(margin: Fixed, proformaCost: Fixed): number | undefined {
    if (margin.scale > 22 || proformaCost.scale > 22) return undefined;
    const x = ((Number(margin.units) / POW10[margin.scale]!) / (Number(proformaCost.units) / POW10[proformaCost.scale]!)) * 10_000;
    const magnitude = Math.abs(x);
    if (!(magnitude < 1e12)) return undefined;
    const fraction = magnitude - Math.floor(magnitude);
    if (Math.abs(fraction - 0.5) <= magnitude * 4e-15 + 1e-9) return undefined;
    const rounded = Math.round(magnitude);
    return x < 0 ? -rounded : rounded;
}

function formatHundredthsNumber(hundredths: number): string {
    const negative = hundredths < 0;
    const magnitude = negative ? -hundredths : hundredths;
    const whole = Math.trunc(magnitude / 100);
    const rest = magnitude - whole * 100;
    return `${negative ? '-' : ''}${whole}.${rest < 10 ? '0' : ''}${rest}`;
}

function formatHundredths(hundredths: bigint): string {
    const negative = hundredths < 0n;
    const digits = (negative ? -hundredths : hundredths).toString().padStart(3, '0');
    return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
