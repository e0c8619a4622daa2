import { Decimal } from '../../engine/money/decimal.js';
import { formatMoney as presentMoney, MINUS, type MoneyStyle } from '../../engine/report/money-format.js';

/*
 * Money for people in the editor (CodeLens, hovers, inlay hints): the one presentation of engine/report/money-format.ts
 * — the exact value rounded once, half-even, to the currency's minor units, the same figure as the CLI shows — with
 * the currency's symbol and a real minus sign: `$1,234.56`, `−$12.30`, `€1,234.56`, `¥1,235`.
 */

/** How the editor writes money; `locale` from the `billing.numberFormat.locale` setting (absent: `1,234.56`). */
export interface EditorMoneyStyle {
    readonly currency?: string;
    readonly locale?: string;
}

/** The locale of `billing.numberFormat.locale`, set once when the server starts (a change restarts it). */
let editorLocale: string | undefined;

export function setMoneyLocale(locale: string | null | undefined): void {
    editorLocale = locale ?? undefined;
}

function style(currency: string | EditorMoneyStyle | undefined, signed = false): MoneyStyle {
    const options = typeof currency === 'object' ? currency : { currency };
    const locale = options.locale ?? editorLocale;
    return { currency: options.currency || 'USD', ...(locale !== undefined && { locale }), symbol: true, minus: MINUS, signed };
}

function exact(amount: string | Decimal): string {
    return typeof amount === 'string' ? amount : amount.toFixed();
}

/** `$1,234.56`, `−$12.30`. */
export function formatMoney(amount: string | Decimal, currency: string | EditorMoneyStyle = 'USD'): string {
    return presentMoney(exact(amount), style(currency));
}

/** An effect, always signed: `+$4.10`, `−$12.30`, `±$0.00` for an effect that rounds to zero. */
export function formatSigned(amount: string | Decimal, currency: string | EditorMoneyStyle = 'USD'): string {
    return presentMoney(exact(amount), style(currency, true));
}

/** `19.85%`, `n/a` when there is no pro forma cost to divide by. */
export function formatPercent(percent: string | null): string {
    if (percent === null) return 'n/a';
    return `${percent.startsWith('-') ? MINUS + percent.slice(1) : percent}%`;
}

export function isZero(amount: string): boolean {
    return new Decimal(amount).isZero();
}
