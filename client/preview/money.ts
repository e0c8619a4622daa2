/**
 * Money in the bill preview: the one presentation of engine/report/money-format.ts (the exact value rounded once,
 * half-even, to the currency's minor units — the same figure as the CLI and the CodeLens show), with the currency's
 * symbol and a real minus sign. Exact helpers for the sums the preview shows. Pure string/BigInt arithmetic, so this
 * module runs anywhere (host, tests, browser).
 */
import { formatMinorUnits, MINUS, parseDecimal, toMinorUnits } from '../../engine/report/money-format.js';

export { MINUS };

/** The amount in the currency's minor units, rounded half-even ("2.345" → 234n, "2.355" → 236n; JPY "2.5" → 2n). */
export function toCents(amount: string, currency = 'USD'): bigint {
    return toMinorUnits(amount, currency);
}

/** The locale of `billing.numberFormat.locale` (null: `1,234.56`); the panel sets it before each render. */
let previewLocale: string | undefined;

export function setPreviewLocale(locale: string | null | undefined): void {
    previewLocale = locale ?? undefined;
}

/** "$1,234.50", "−$3.46", "€1,234.50", "¥1,235"; with a locale its separators ("1.234,50 €" in de-DE). */
export function formatCents(cents: bigint, currency = 'USD', locale: string | undefined = previewLocale): string {
    return formatMinorUnits(cents, { currency: currency || 'USD', symbol: true, minus: MINUS, ...(locale !== undefined && { locale }) });
}

/** Formats an exact decimal money string rounded half-even to the currency's minor units. */
export function formatMoney(amount: string, currency = 'USD', locale: string | undefined = previewLocale): string {
    return formatCents(toCents(amount, currency), currency, locale);
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
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
    const body = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
    return negative ? `-${body}` : body;
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
