/**
 * Presentation of exact decimal money strings: half-even rounding to cents and formatting.
 * Pure string/BigInt arithmetic (no floating point, no decimal library) so the preview can show the report's exact
 * figures the way the CLI's human-readable formats do, and so this module runs anywhere (host, tests, browser).
 */

/** A decimal as an integer scaled by 10^scale: value = units / 10^scale. */
interface Scaled {
    readonly units: bigint;
    readonly scale: number;
}

const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function parseDecimal(text: string): Scaled {
    const match = DECIMAL_PATTERN.exec(text.trim());
    if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
        throw new Error(`not a decimal number: "${text}"`);
    }
    const [, sign, integerDigits, fractionDigits = '', exponentText] = match;
    let digits = (integerDigits || '0') + fractionDigits;
    let scale = fractionDigits.length - Number(exponentText ?? 0);
    if (scale < 0) {
        digits += '0'.repeat(-scale);
        scale = 0;
    }
    const magnitude = BigInt(digits);
    return { units: sign === '-' ? -magnitude : magnitude, scale };
}

/** Rounds |n| / 10^shift to an integer, half to even, keeping the sign. */
function divideHalfEven(units: bigint, shift: number): bigint {
    if (shift <= 0) return units * 10n ** BigInt(-shift);
    const divisor = 10n ** BigInt(shift);
    const negative = units < 0n;
    const magnitude = negative ? -units : units;
    let quotient = magnitude / divisor;
    const twiceRemainder = (magnitude % divisor) * 2n;
    if (twiceRemainder > divisor || (twiceRemainder === divisor && quotient % 2n === 1n)) quotient += 1n;
    return negative ? -quotient : quotient;
}

/** The amount in whole cents, rounded half-even ("2.345" → 234n, "2.355" → 236n). */
export function toCents(amount: string): bigint {
    const { units, scale } = parseDecimal(amount);
    return divideHalfEven(units, scale - 2);
}

/** Exact decimal string rounded half-even to `places` decimals, without grouping ("1234.5", 2 → "1234.50"). */
export function roundHalfEven(amount: string, places = 2): string {
    const { units, scale } = parseDecimal(amount);
    return scaledToString(divideHalfEven(units, scale - places), places);
}

function scaledToString(units: bigint, places: number, group = false): string {
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(places + 1, '0');
    let integerPart = digits.slice(0, digits.length - places);
    const fractionPart = digits.slice(digits.length - places);
    if (group) integerPart = integerPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    const body = places > 0 ? `${integerPart}.${fractionPart}` : integerPart;
    // "-0.00" would claim a negative amount that rounds away; show it as zero.
    return negative && units !== 0n ? `-${body}` : body;
}

/** A real minus sign, as the language server's CodeLens and hovers write amounts. */
export const MINUS = '\u2212';

/** "1234.5" → "$1,234.50"; "-3.456" → "−$3.46"; other currencies: "EUR 1,234.50" (as the server's CodeLens). */
export function formatCents(cents: bigint, currency = 'USD'): string {
    const text = scaledToString(cents, 2, true);
    const negative = text.startsWith('-');
    const magnitude = negative ? text.slice(1) : text;
    const withCurrency = currency === 'USD' || currency === '' ? `$${magnitude}` : `${currency} ${magnitude}`;
    return negative ? `${MINUS}${withCurrency}` : withCurrency;
}

/** Formats an exact decimal money string rounded half-even to cents. */
export function formatMoney(amount: string, currency = 'USD'): string {
    return formatCents(toCents(amount), currency);
}

/**
 * Rounds parts to cents so that they add up to `targetCents` (the shown total), as the CLI's table does: every part
 * is first rounded half-even; if they miss the target by k cents, the cents go one at a time to the parts whose
 * exact value lies furthest beyond their rounded value in the direction needed (largest remainder; ties to the
 * earlier part). A part that is exactly zero never receives a cent, so "nothing" is never shown as 0.01.
 */
export function apportionCents(parts: readonly string[], targetCents: bigint): bigint[] {
    const scaled = parts.map(parseDecimal);
    const scale = Math.max(2, ...scaled.map((p) => p.scale));
    const exact = scaled.map((s) => s.units * 10n ** BigInt(scale - s.scale));
    const rounded = exact.map((units) => divideHalfEven(units, scale - 2));
    let missing = targetCents - rounded.reduce((a, b) => a + b, 0n);
    if (missing === 0n) return rounded;
    const centUnit = 10n ** BigInt(scale - 2);
    const step = missing > 0n ? 1n : -1n;
    // How far each part's exact value lies beyond its rounded value in the direction we must move (in scale units).
    const order = exact
        .map((units, index) => ({ index, residue: (units - rounded[index] * centUnit) * step, zero: units === 0n }))
        .filter((part) => !part.zero)
        .sort((a, b) => (a.residue === b.residue ? a.index - b.index : a.residue > b.residue ? -1 : 1));
    if (order.length === 0) return rounded;
    for (let k = 0; missing !== 0n; k = (k + 1) % order.length) {
        rounded[order[k].index] += step;
        missing -= step;
    }
    return rounded;
}

/** True when the decimal string is exactly zero ("0", "-0.000", "0e5"). */
export function isZero(amount: string): boolean {
    return parseDecimal(amount).units === 0n;
}

/** Exact sum of decimal strings, as a decimal string (used for totals the report does not carry). */
export function sumDecimals(amounts: readonly string[]): string {
    const scaled = amounts.map(parseDecimal);
    const scale = Math.max(0, ...scaled.map((s) => s.scale));
    const units = scaled.reduce((sum, s) => sum + s.units * 10n ** BigInt(scale - s.scale), 0n);
    return scaledToString(units, scale);
}

/** Exact comparison of two decimal strings: negative, zero or positive like a sort comparator. */
export function compareDecimals(a: string, b: string): number {
    const x = parseDecimal(a);
    const y = parseDecimal(b);
    const scale = Math.max(x.scale, y.scale);
    const difference = x.units * 10n ** BigInt(scale - x.scale) - y.units * 10n ** BigInt(scale - y.scale);
    return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/** Approximate float for drawing only (chart bar lengths), never for displayed figures. */
export function toNumberForChart(amount: string): number {
    return Number(toCents(amount)) / 100;
}
