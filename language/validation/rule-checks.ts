import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { BillingAstType, Discount, Markup, Rule } from '../generated/ast.js';
import { anyDated } from './dated-clauses.js';
import { Issues, Limits } from './issue-codes.js';
import { decimalOf } from './numbers.js';
import { reportIssue } from './report.js';
import { modifierKeyword, ruleScopeKey, scopeProblem } from './rule-scope.js';

/** Scope fields, modifiers and modifier values of pricing rules. */
export function ruleChecks(): ValidationChecks<BillingAstType> {
    return {
        Rule: [checkRepeatedFields, checkScope, checkModifiers],
        Markup: checkModifierValue,
        Discount: checkModifierValue,
    };
}

const FIELDS = [
    ['services', 'service'],
    ['billingEntities', 'billing-entity'],
    ['usageTypes', 'usage-type'],
    ['operations', 'operation'],
] as const;

function checkRepeatedFields(rule: Rule, accept: ValidationAcceptor): void {
    for (const [property, keyword] of FIELDS) {
        for (let index = 1; index < rule[property].length; index++) {
            reportIssue(accept, Issues.repeatedRuleField, { node: rule, property, index }, keyword);
        }
    }
}

function checkScope(rule: Rule, accept: ValidationAcceptor): void {
    const problem = scopeProblem(rule);
    if (problem) {
        reportIssue(accept, Issues.invalidRuleScope, { node: rule, property: problem.property, index: 0 }, problem.problem);
    }
}

function checkModifiers(rule: Rule, accept: ValidationAcceptor): void {
    const [first, ...others] = rule.modifiers;
    if (!first) {
        if (rule.name !== undefined) reportIssue(accept, Issues.missingModifier, { node: rule, property: 'name' }, rule.name);
        return;
    }
    // Dated modifiers are versions of the rule (version-checks.ts), not a second modifier.
    if (!anyDated(rule.modifiers)) {
        for (const other of others) {
            reportIssue(accept, Issues.multipleModifiers, { node: other }, modifierKeyword(first), modifierKeyword(other));
        }
    }
    const key = ruleScopeKey(rule);
    for (const modifier of rule.modifiers) {
        if (modifier.$type !== 'Tiering') continue;
        if (key && (key.scope === 'SKU' || key.scope === 'BILLING_ENTITY')) {
            reportIssue(accept, Issues.tieringScope, { node: modifier }, key.scope);
        }
        // A GLOBAL `free-tier on` is the default; a SERVICE one can override a plan's GLOBAL `free-tier off`,
        // so whether it has an effect is decided per plan (plan-checks.ts).
        if (modifier.freeTier !== 'off' && rule.tiers.length === 0 && key?.scope === 'GLOBAL') {
            reportIssue(accept, Issues.ineffectiveTiering, { node: modifier });
        }
    }
}

function checkModifierValue(modifier: Markup | Discount, accept: ValidationAcceptor): void {
    const text = modifier.percent?.value;
    const value = decimalOf(text);
    if (!value || text === undefined) return;
    const keyword = modifierKeyword(modifier);
    const location = { node: modifier.percent, property: 'value' } as const;
    if (value.lt(0)) {
        reportIssue(accept, Issues.negativeModifier, location, keyword, text);
    } else if (keyword === 'discount' && value.gt(Limits.maxDiscount)) {
        reportIssue(accept, Issues.discountOver100, location, text);
    }
    if (value.decimalPlaces() > Limits.modifierDecimals) {
        reportIssue(accept, Issues.modifierPrecision, location, text);
    }
}
