import { Decimal } from '../money/decimal.js';
import type { PricingRule } from '../policy/model.js';

/**
 * Policies repeat the same few percentages across their rules, and re-pricing indexes every plan on every
 * edit: factors (immutable Decimals) and validity are memoised by text.
 */
const factors = new Map<string, Decimal>();
const validity = new Map<string, boolean>();
const MEMO_LIMIT = 10_000;

/**
 * The multiplier a MARKUP or DISCOUNT rule applies to the public on-demand cost:
 * MARKUP m → 1 + m/100, DISCOUNT m → 1 − m/100. Exact (a decimal, never a float).
 */
export function ruleFactor(rule: Pick<PricingRule, 'type' | 'modifierPercent'>): Decimal {
    const key = `${rule.type === 'DISCOUNT' ? '-' : '+'}${rule.modifierPercent}`;
    let factor = factors.get(key);
    if (factor === undefined) {
        const percent = new Decimal(rule.modifierPercent).dividedBy(100);
        factor = rule.type === 'DISCOUNT' ? new Decimal(1).minus(percent) : new Decimal(1).plus(percent);
        if (factors.size >= MEMO_LIMIT) factors.clear();
        factors.set(key, factor);
    }
    return factor;
}

export function isValidPercent(text: string): boolean {
    let valid = validity.get(text);
    if (valid === undefined) {
        try {
            valid = new Decimal(text).isFinite();
        } catch {
            valid = false;
        }
        if (validity.size >= MEMO_LIMIT) validity.clear();
        validity.set(text, valid);
    }
    return valid;
}
