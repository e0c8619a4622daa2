import { Decimal, roundMoney } from '../../engine/money/decimal.js';

/*
 * Money for people: rounded half-even to cents only here (reports keep exact strings), thousands
 * separators, a real minus sign. USD reads `$1,234.56`; other currencies `EUR 1,234.56`.
 */

const MINUS = '\u2212';

function prefix(currency: string): string {
    return currency === 'USD' || currency === '' ? '$' : `${currency} `;
}

function digits(value: Decimal): string {
    const fixed = roundMoney(value.abs()).toFixed(2);
    const [whole, cents] = fixed.split('.');
    return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** `$1,234.56`, `−$12.30`. */
export function formatMoney(amount: string | Decimal, currency = 'USD'): string {
    const value = typeof amount === 'string' ? new Decimal(amount) : amount;
    const negative = roundMoney(value).isNegative() && !roundMoney(value).isZero();
    return `${negative ? MINUS : ''}${prefix(currency)}${digits(value)}`;
}

/** An effect, always signed: `+$4.10`, `−$12.30`, `±$0.00` for an exact zero effect. */
export function formatSigned(amount: string | Decimal, currency = 'USD'): string {
    const value = typeof amount === 'string' ? new Decimal(amount) : amount;
    const rounded = roundMoney(value);
    const sign = rounded.isZero() ? '±' : rounded.isNegative() ? MINUS : '+';
    return `${sign}${prefix(currency)}${digits(value)}`;
}

/** `19.85%`, `n/a` when there is no pro forma cost to divide by. */
export function formatPercent(percent: string | null): string {
    if (percent === null) return 'n/a';
    return `${percent.startsWith('-') ? MINUS + percent.slice(1) : percent}%`;
}

export function isZero(amount: string): boolean {
    return new Decimal(amount).isZero();
}

export function sum(amounts: Iterable<string>): Decimal {
    let total = new Decimal(0);
    for (const amount of amounts) total = total.plus(amount);
    return total;
}
