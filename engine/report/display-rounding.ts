import { Decimal } from '../money/decimal.js';
import { formatMinorUnits, toMinorUnits } from './money-format.js';

/** `exact` rounded once, half-even, to the currency's minor units (cents unless the currency says otherwise). */
export function toCents(exact: string | Decimal, currency = 'USD'): bigint {
    return toMinorUnits(typeof exact === 'string' ? exact : exact.toFixed(), currency);
}

/** Minor units as `1,234.56` (thousands separated, `-` for negatives; `1,235` for JPY). */
export function formatCents(cents: bigint, currency = 'USD'): string {
    return formatMinorUnits(cents, { currency });
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
