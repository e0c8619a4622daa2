/**
 * The one presentation of money, for every view: CLI table, markdown, CSV, diff, check, export's summary line,
 * the language server's CodeLens, hovers and inlay hints, and the bill preview.
 *
 * A figure is its exact decimal string rounded once, half-even, to the currency's minor units (cents for USD and
 * EUR, none for JPY, three for KWD), and every view shows that same number; only the decoration differs (currency
 * symbol, locale separators). Pure string/BigInt arithmetic (no floating point, no decimal library), so it runs
 * in the engine, the language server, the extension host and a browser alike.
 */

/** A decimal as an integer scaled by 10^scale: value = units / 10^scale. */
interface Scaled {
    readonly units: bigint;
    readonly scale: number;
}

const DECIMAL_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export function parseDecimal(text: string): Scaled {
    const match = DECIMAL_PATTERN.exec(text.trim());
    if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new Error(`not a decimal number: "${text}"`);
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

/** units / 10^shift rounded to an integer, half to even, keeping the sign. */
export function divideHalfEven(units: bigint, shift: number): bigint {
    if (shift <= 0) return units * 10n ** BigInt(-shift);
    const divisor = 10n ** BigInt(shift);
    const negative = units < 0n;
    const magnitude = negative ? -units : units;
    let quotient = magnitude / divisor;
    const twiceRemainder = (magnitude % divisor) * 2n;
    if (twiceRemainder > divisor || (twiceRemainder === divisor && quotient % 2n === 1n)) quotient += 1n;
    return negative ? -quotient : quotient;
}

const minorUnitCache = new Map<string, number>();

/**
 * The number of decimals of `currency`'s minor unit (ISO 4217, as the runtime's ICU data knows it): USD 2, JPY 0,
 * KWD 3. An empty or unknown code has 2 (the CUR's usual cents).
 */
export function minorUnits(currency = 'USD'): number {
    const code = currency.trim().toUpperCase();
    const known = minorUnitCache.get(code);
    if (known !== undefined) return known;
    let places = 2;
    if (/^[A-Z]{3}$/.test(code)) {
        try {
            places = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
        } catch {
            places = 2;
        }
    }
    minorUnitCache.set(code, places);
    return places;
}

/** The exact amount in the currency's minor units, rounded half-even ("2.345" USD → 234n; "1234.5" JPY → 1234n). */
export function toMinorUnits(exact: string, currency = 'USD'): bigint {
    const { units, scale } = parseDecimal(exact);
    return divideHalfEven(units, scale - minorUnits(currency));
}

/** Minor units as a plain decimal string, the machine form: `1234.56`, `-0.05`, `1235` (JPY). Never `-0.00`. */
export function plainMinorUnits(minor: bigint, currency = 'USD'): string {
    const places = minorUnits(currency);
    const negative = minor < 0n;
    const digits = (negative ? -minor : minor).toString().padStart(places + 1, '0');
    const whole = digits.slice(0, digits.length - places);
    const body = places > 0 ? `${whole}.${digits.slice(digits.length - places)}` : whole;
    return negative ? `-${body}` : body;
}

/** The exact amount presented for machines: rounded once to minor units, plain (`"46628.49"`). */
export function plainMoney(exact: string, currency = 'USD'): string {
    return plainMinorUnits(toMinorUnits(exact, currency), currency);
}

/** A real minus sign, as the editor's views write amounts. */
export const MINUS = '\u2212';

export interface MoneyStyle {
    /** ISO 4217 code of the data (`CostReport.currency`); decides the minor units and the symbol. Default USD. */
    readonly currency?: string;
    /** Prefix/suffix the currency (`$1,234.56`, `€1,234.56`, `1.234,56 €`); default false (`1,234.56`). */
    readonly symbol?: boolean;
    /**
     * A BCP 47 locale for separators and the currency's place (`de-DE` → `1.234,56 €`). Absent: the fixed
     * `1,234.56` of the CLI, the same on every machine.
     */
    readonly locale?: string;
    /** The minus sign: `-` (default, the CLI) or `−` (U+2212, the editor). */
    readonly minus?: string;
    /** Always show a sign: `+4.10`, `−12.30`, `±0.00` for zero. */
    readonly signed?: boolean;
}

const US_GROUPING = /\B(?=(\d{3})+(?!\d))/g;

/** Minor units presented for people. The number is the same in every style; only the decoration differs. */
export function formatMinorUnits(minor: bigint, style: MoneyStyle = {}): string {
    const currency = style.currency || 'USD';
    const minus = style.minus ?? '-';
    const magnitude = plainMinorUnits(minor < 0n ? -minor : minor, currency);
    const sign = minor < 0n ? minus : style.signed ? (minor === 0n ? '±' : '+') : '';
    if (style.locale === undefined) {
        const [whole, fraction] = magnitude.split('.');
        const grouped = `${whole!.replace(US_GROUPING, ',')}${fraction !== undefined ? `.${fraction}` : ''}`;
        return style.symbol ? `${sign}${currencyPrefix(currency)}${grouped}` : `${sign}${grouped}`;
    }
    return `${sign}${localeFormat(magnitude, currency, style.locale, style.symbol === true)}`;
}

/** The exact amount rounded once to minor units and presented (see `formatMinorUnits`). */
export function formatMoney(exact: string, style: MoneyStyle = {}): string {
    return formatMinorUnits(toMinorUnits(exact, style.currency), style);
}

/** `$` for USD, `€` for EUR, `¥` for JPY…; a code whose symbol is ambiguous or unknown reads `CHF 1,234.56`. */
function currencyPrefix(currency: string): string {
    const symbol = symbolOf(currency);
    return symbol === currency ? `${currency} ` : symbol;
}

const symbolCache = new Map<string, string>();

function symbolOf(currency: string): string {
    const code = currency.toUpperCase();
    const known = symbolCache.get(code);
    if (known !== undefined) return known;
    let symbol = code;
    try {
        symbol = new Intl.NumberFormat('en-US', { style: 'currency', currency: code, currencyDisplay: 'symbol' }).formatToParts(0).find((part) => part.type === 'currency')?.value ?? code;
    } catch {
        symbol = code;
    }
    symbolCache.set(code, symbol);
    return symbol;
}

/**
 * A non-negative plain amount (already rounded to the currency's minor units) in a locale's notation. The string
 * is passed to Intl as a decimal string, which it formats exactly (no float), with exactly the minor units.
 */
function localeFormat(magnitude: string, currency: string, locale: string, symbol: boolean): string {
    const places = minorUnits(currency);
    const options: Intl.NumberFormatOptions = symbol
        ? { style: 'currency', currency: /^[A-Z]{3}$/i.test(currency) ? currency : 'USD', minimumFractionDigits: places, maximumFractionDigits: places }
        : { minimumFractionDigits: places, maximumFractionDigits: places };
    let format: Intl.NumberFormat;
    try {
        format = new Intl.NumberFormat(locale, options);
    } catch {
        format = new Intl.NumberFormat('en-US', options);
    }
    // Intl accepts exact decimal strings (ES2023); the type declarations lag behind.
    return format.format(magnitude as unknown as number);
}
