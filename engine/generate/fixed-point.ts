/**
 * Exact decimals for the generator: a BigInt count of 10^-scale units. Line costs, commitment
 * sums and tax bases are computed with these, so that the identities a FinOps analyst checks
 * (Σ effective cost of covered usage + unused commitment = the fee) hold to the last decimal.
 */
export interface Quantity {
    readonly units: bigint;
    readonly scale: number;
}

/** CUR money has at most 10 decimals. */
export const MONEY_SCALE = 10;

const POWERS: bigint[] = [1n];

export function pow10(n: number): bigint {
    while (POWERS.length <= n) POWERS.push(POWERS[POWERS.length - 1]! * 10n);
    return POWERS[n]!;
}

/** A plain decimal string (`-12.5`, `0.0000166667`) as units of `scale`; rounds half-even when it has more decimals. */
export function toUnits(text: string, scale = MONEY_SCALE): bigint {
    const negative = text.startsWith('-');
    const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
    const digits = BigInt(whole + fraction.padEnd(scale, '0').slice(0, scale));
    const rest = fraction.slice(scale);
    let value = digits;
    if (rest !== '' && /[1-9]/.test(rest)) {
        const half = rest[0]! > '5' || (rest[0] === '5' && /[1-9]/.test(rest.slice(1))) ? 1 : rest[0] === '5' ? 0 : -1;
        if (half > 0 || (half === 0 && digits % 2n === 1n)) value += 1n;
    }
    return negative ? -value : value;
}

/** Units of `scale` as a plain decimal string without trailing zeros. */
export function fromUnits(units: bigint, scale = MONEY_SCALE): string {
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
    const whole = digits.slice(0, digits.length - scale);
    const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
    const text = fraction === '' ? whole : `${whole}.${fraction}`;
    return negative && text !== '0' ? '-' + text : text;
}

/** n / d rounded half-even (d > 0). */
export function divideRounded(n: bigint, d: bigint): bigint {
    const negative = n < 0n;
    const a = negative ? -n : n;
    let q = a / d;
    const r = a - q * d;
    if (r * 2n > d || (r * 2n === d && q % 2n === 1n)) q += 1n;
    return negative ? -q : q;
}

const rateUnits = new Map<string, bigint>();

/** quantity × rate (decimal text), as money units (half-even at 10 decimals). */
export function costOf(quantity: Quantity, rate: string): bigint {
    let units = rateUnits.get(rate);
    if (units === undefined) rateUnits.set(rate, units = toUnits(rate));
    const product = quantity.units * units;
    return quantity.scale === 0 ? product : divideRounded(product, pow10(quantity.scale));
}

/** money × percent / 100, as money units (half-even). */
export function percentOf(money: bigint, percent: number): bigint {
    // Percentages are given with at most 3 decimals (8.875).
    return divideRounded(money * BigInt(Math.round(percent * 1000)), 100000n);
}

/** A float as a Quantity with `scale` decimals, rounded down (never more than asked for). */
export function floorQuantity(x: number, scale: number): Quantity {
    return { units: BigInt(Math.max(0, Math.floor(x * 10 ** scale))), scale };
}

export function quantityText(quantity: Quantity): string {
    return fromUnits(quantity.units, quantity.scale);
}
