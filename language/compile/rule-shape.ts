import type { RuleScope, RuleType } from '../../engine/policy/model.js';
import { latestVersion } from '../../engine/policy/versions.js';
import { isDiscount, isMarkup, isTiering, type Modifier, type Rule } from '../generated/ast.js';
import { isDated } from '../validation/dated-clauses.js';

/**
 * A rule's scope follows from its fields: service + usage-type and/or operation → SKU, service →
 * SERVICE, billing-entity → BILLING_ENTITY, none → GLOBAL. A rule mixing incompatible fields is a
 * validation error; this still returns the most granular scope its fields suggest.
 */
export function ruleScope(rule: Rule): RuleScope {
    if (rule.services.length > 0) {
        return rule.usageTypes.length > 0 || rule.operations.length > 0 ? 'SKU' : 'SERVICE';
    }
    if (rule.billingEntities.length > 0) return 'BILLING_ENTITY';
    if (rule.usageTypes.length > 0 || rule.operations.length > 0) return 'SKU';
    return 'GLOBAL';
}

/**
 * The modifier that decides the rule's type: the first one written (more than one undated is a validation error);
 * of dated modifiers (versions of the rule), the one in force last.
 */
export function ruleModifier(rule: Rule): Modifier | undefined {
    return rule.modifiers.some(isDated) ? latestVersion(rule.modifiers) : rule.modifiers[0];
}

/**
 * MARKUP / DISCOUNT / TIERING from the rule's modifier; custom tiers without a modifier make a
 * TIERING rule. A rule with neither (a validation error) reads as a 0 % markup, i.e. public rates.
 */
export function ruleType(rule: Rule): RuleType {
    const modifier = ruleModifier(rule);
    if (isMarkup(modifier)) return 'MARKUP';
    if (isDiscount(modifier)) return 'DISCOUNT';
    if (isTiering(modifier) || rule.tiers.length > 0) return 'TIERING';
    return 'MARKUP';
}

/** The modifier percentage as written (`"7"`, `"12.5"`); `"0"` for TIERING. */
export function rulePercent(rule: Rule): string {
    const modifier = ruleModifier(rule);
    if (isMarkup(modifier) || isDiscount(modifier)) return modifier.percent?.value ?? '0';
    return '0';
}
