import { Decimal } from '../money/decimal.js';

/**
 * Exact fixed-point money: a BigInt count of 10^-scale units. The pricing path adds and multiplies
 * these instead of Decimal objects: BigInt arithmetic is exact at any size and far cheaper, which is
 * what lets a policy edit re-price a large cube within the editor's budget. A product's scale is the
 * sum of its factors' scales, so no operation here ever rounds.
 */
export interface Fixed {
    readonly units: bigint;
    readonly scale: number;
}

export const FIXED_ZERO: Fixed = { units: 0n, scale: 0 };

const POWERS: bigint[] = [1n];

/** 10^n as a BigInt. */
export function pow10(n: number): bigint {
    while (POWERS.length <= n) POWERS.push(POWERS[POWERS.length - 1]! * 10n);
    return POWERS[n]!;
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * Policies repeat the same few amounts and percentages across thousands of groups, and re-pricing
 * parses them on every edit: parsed values (immutable) are memoised.
 */
const parsed = new Map<string, Fixed | undefined>();
const PARSED_LIMIT = 10_000;

/** Exact value of a plain decimal string (`-12.5`, `0.001`, `7`); undefined if it is not one. */
export function parseFixed(text: string): Fixed | undefined {
    let value = parsed.get(text);
    if (value === undefined && !parsed.has(text)) {
        if (parsed.size >= PARSED_LIMIT) parsed.clear();
        value = parseFixedText(text);
        parsed.set(text, value);
    }
    return value;
}

function parseFixedText(text: string): Fixed | undefined {
    const match = DECIMAL_TEXT.exec(text.trim());
    if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
    const fraction = match[3] ?? '';
    const units = BigInt((match[2] || '0') + fraction);
    return { units: match[1] === '-' ? -units : units, scale: fraction.length };
}

export function fixedFromDecimal(value: Decimal): Fixed {
    return parseFixedText(value.toFixed())!;
}

/** `value` as units of 10^-scale; throws if it needs more places (a caller bug: scales come from the data). */
export function toUnits(value: Decimal, scale: number): bigint {
    return rescale(fixedFromDecimal(value), scale);
}

/** The units of `value` at a scale at least as fine as its own. */
export function rescale(value: Fixed, scale: number): bigint {
    if (scale < value.scale) {
        const drop = pow10(value.scale - scale);
        if (value.units % drop !== 0n) throw new Error(`internal: ${fixedToString(value)} does not fit ${scale} decimal places`);
        return value.units / drop;
    }
    return scale === value.scale ? value.units : value.units * pow10(scale - value.scale);
}

export function addFixed(a: Fixed, b: Fixed): Fixed {
    if (a.scale === b.scale) return { units: a.units + b.units, scale: a.scale };
    const scale = Math.max(a.scale, b.scale);
    return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function subtractFixed(a: Fixed, b: Fixed): Fixed {
    if (a.scale === b.scale) return { units: a.units - b.units, scale: a.scale };
    const scale = Math.max(a.scale, b.scale);
    return { units: rescale(a, scale) - rescale(b, scale), scale };
}

export function multiplyFixed(a: Fixed, b: Fixed): Fixed {
    return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function negateFixed(a: Fixed): Fixed {
    return { units: -a.units, scale: a.scale };
}

let scratch = Buffer.allocUnsafe(128);

/**
 * Exact decimal string of `units` × 10^-scale, in the form `moneyString` gives (no trailing zeros).
 * Assembled in a scratch buffer and read out once: one flat string per figure, where slicing and
 * concatenating would keep a tree of string pieces alive (reports hold tens of thousands of figures).
 */
export function unitsToString(units: bigint, scale: number): string {
    const digits = units.toString();
    if (scale === 0) return digits;
    const first = digits.charCodeAt(0) === 45 ? 1 : 0;
    const cut = digits.length - scale;
    let end = digits.length;
    const floor = cut > first ? cut : first;
    while (end > floor && digits.charCodeAt(end - 1) === 48) end--;
    if (end === floor && cut <= first) return '0';
    if (scratch.length < digits.length + scale + 3) scratch = Buffer.allocUnsafe(2 * (digits.length + scale + 3));
    const out = scratch;
    let n = 0;
    if (first === 1) out[n++] = 45;
    if (cut > first) for (let i = first; i < cut; i++) out[n++] = digits.charCodeAt(i);
    else out[n++] = 48;
    if (end > floor) {
        out[n++] = 46;
        for (let i = cut; i < first; i++) out[n++] = 48;
        for (let i = floor; i < end; i++) out[n++] = digits.charCodeAt(i);
    }
    return latin1Slice !== undefined ? latin1Slice.call(out, 0, n) : out.toString('latin1', 0, n);
}

/** Buffer's own latin1 reader (what `toString('latin1', …)` ends in), called directly where Node has it: tens of thousands of figures per edit. */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (start: number, end: number) => string }).latin1Slice;

export function fixedToString(value: Fixed): string {
    return unitsToString(value.units, value.scale);
}

export function fixedToDecimal(value: Fixed): Decimal {
    return new Decimal(fixedToString(value));
}
