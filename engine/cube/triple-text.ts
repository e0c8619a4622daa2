/** A triple's fraction parts count units of 10^-9 and 10^-18 (engine/ingest/scaled-decimal.ts). */
const FRAC_UNIT = 1e9;

/**
 * The decimal text of integer + f1·10^-9 + f2·10^-18 (a normalised triple: |f1|, |f2| < 10^9, parts
 * possibly of mixed signs, |integer| ≤ 2^50), with safe-integer arithmetic only.
 */
export function tripleText(integer: number, f1: number, f2: number): string {
    const negative = integer < 0 || (integer === 0 && (f1 < 0 || (f1 === 0 && f2 < 0)));
    if (negative) {
        integer = -integer;
        f1 = -f1;
        f2 = -f2;
    }
    // Same signs everywhere: borrow from the next larger part (the value is positive, so one exists).
    if (f2 < 0) {
        f2 += FRAC_UNIT;
        f1 -= 1;
    }
    if (f1 < 0) {
        f1 += FRAC_UNIT;
        integer -= 1;
    }
    const sign = negative ? '-' : '';
    if (f1 === 0 && f2 === 0) return `${sign}${integer}`;
    let fraction = f2 === 0 ? nineDigits(f1) : nineDigits(f1) + nineDigits(f2);
    let end = fraction.length;
    while (fraction.charCodeAt(end - 1) === 48) end--;
    fraction = fraction.slice(0, end);
    return `${sign}${integer}.${fraction}`;
}

function nineDigits(n: number): string {
    const text = String(n);
    return text.length === 9 ? text : '000000000'.slice(text.length) + text;
}

/** 10^n, exact as doubles up to 10^22. */
const POW10 = Array.from({ length: 23 }, (_x, n) => 10 ** n);

/** Decimal places of a normalised triple's value (trailing zeros do not count): 0 to 18. */
export function triplePlaces(f1: number, f2: number): number {
    if (f2 !== 0) {
        let places = 18;
        for (let x = Math.abs(f2); x % 10 === 0; x /= 10) places--;
        return places;
    }
    if (f1 === 0) return 0;
    let places = 9;
    for (let x = Math.abs(f1); x % 10 === 0; x /= 10) places--;
    return places;
}

/**
 * A normalised triple's value in units of 10^-scale (scale ≥ its places, ≤ 22) as a double when every step is a
 * safe integer, else NaN (then take the exact value another way).
 */
export function tripleUnits(integer: number, f1: number, f2: number, scale: number): number {
    if (scale > 22) return NaN;
    const whole = integer * POW10[scale]!;
    let fraction: number;
    if (scale >= 18) fraction = f1 * POW10[scale - 9]! + f2 * POW10[scale - 18]!;
    else if (scale >= 9) fraction = f1 * POW10[scale - 9]! + f2 / POW10[18 - scale]!;
    else fraction = f1 / POW10[9 - scale]! + f2 / POW10[18 - scale]!;
    const units = whole + fraction;
    if (!Number.isSafeInteger(whole) || !Number.isSafeInteger(fraction) || !Number.isSafeInteger(units)) return NaN;
    return units;
}
