import type { CustomTier, PricingPlan, PricingRule } from '../../engine/policy/model.js';
import { isTiering, type Plan, type Rule, type Tier } from '../generated/ast.js';
import { originOf } from './origin.js';
import { ruleModifier, rulePercent, ruleScope, ruleType } from './rule-shape.js';

export function compileRule(rule: Rule): PricingRule {
    const type = ruleType(rule);
    const modifier = ruleModifier(rule);
    const tiering = type === 'TIERING'
        ? {
            freeTier: !(isTiering(modifier) && modifier.freeTier === 'off'),
            ...(rule.tiers.length > 0 ? { customTiers: rule.tiers.map(compileTier) } : {}),
        }
        : {};
    return {
        name: rule.name,
        ...optional('description', rule.description),
        scope: ruleScope(rule),
        type,
        modifierPercent: rulePercent(rule),
        ...optional('service', rule.services[0]),
        ...optional('billingEntity', rule.billingEntities[0]),
        ...optional('usageType', rule.usageTypes[0]),
        ...optional('operation', rule.operations[0]),
        ...tiering,
        ...optional('origin', originOf(rule, 'name')),
    };
}

function compileTier(tier: Tier): CustomTier {
    return {
        beginInclusive: tier.begin,
        ...optional('endExclusive', tier.end),
        rate: tier.rate,
    };
}

export function compilePlan(plan: Plan): PricingPlan {
    return {
        name: plan.name,
        ...optional('description', plan.description),
        rules: plan.rules.map(ref => ref.ref?.name ?? ref.$refText),
        ...optional('minMarginPercent', plan.minMargins[0]?.percent?.value),
        ...optional('origin', originOf(plan, 'name')),
    };
}

/** `{ key: value }` when the value is present, `{}` otherwise, so that absent fields stay absent (not `undefined`). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
    return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
