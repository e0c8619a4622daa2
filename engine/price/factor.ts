import { Decimal } from '../money/decimal.js';
import type { PricingRule } from '../policy/model.js';

/**
 * The multiplier a MARKUP or DISCOUNT rule applies to the public on-demand cost:
 * MARKUP m → 1 + m/100, DISCOUNT m → 1 − m/100. Exact (a decimal, never a float).
 */
export function ruleFactor(rule: Pick<PricingRule, 'type' | 'modifierPercent'>): Decimal {
    const percent = new Decimal(rule.modifierPercent).dividedBy(100);
    return rule.type === 'DISCOUNT' ? new Decimal(1).minus(percent) : new Decimal(1).plus(percent);
}

export function isValidPercent(text: string): boolean {
    try {
        return new Decimal(text).isFinite();
    } catch {
        return false;
    }
}
