import type { CustomTier, DatedValue, PricingPlan, PricingRule, PricingRuleVersion } from '../../engine/policy/model.js';
import { ascending, latestVersion } from '../../engine/policy/versions.js';
import { isDiscount, isMarkup, isTiering, type MinMargin, type Modifier, type Plan, type Rule, type Tier } from '../generated/ast.js';
import { anyDated } from '../validation/dated-clauses.js';
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
        ...optional('versions', anyDated(rule.modifiers) ? ascending(rule.modifiers.map(compileRuleVersion)) : undefined),
        ...optional('origin', originOf(rule, 'name')),
    };
}

/** One dated modifier: a version of the rule. */
function compileRuleVersion(modifier: Modifier): PricingRuleVersion {
    const type = isMarkup(modifier) ? 'MARKUP' : isDiscount(modifier) ? 'DISCOUNT' : 'TIERING';
    return {
        ...optional('from', modifier.from),
        ...optional('until', modifier.until),
        type,
        modifierPercent: isMarkup(modifier) || isDiscount(modifier) ? (modifier.percent?.value ?? '0') : '0',
        ...(isTiering(modifier) && { freeTier: modifier.freeTier !== 'off' }),
        ...optional('origin', originOf(modifier)),
    };
}

/** Dated `min-margin` clauses as versions; undefined when none is dated. */
export function compileFloorVersions(floors: readonly MinMargin[]): DatedValue[] | undefined {
    if (!anyDated(floors)) return undefined;
    return ascending(floors.map(floor => ({ ...optional('from', floor.from), ...optional('until', floor.until), value: floor.percent?.value ?? '0', ...optional('origin', originOf(floor)) })));
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
        rules: planRulesInForceLast(plan),
        ...optional('ruleLists', anyDated(plan.ruleLists) ? plan.ruleLists.map(list => ({
            ...optional('from', list.from),
            ...optional('until', list.until),
            rules: list.rules.map(ref => ref.ref?.name ?? ref.$refText),
            ...optional('origin', originOf(list)),
        })) : undefined),
        ...optional('minMarginPercent', latestOf(plan.minMargins)?.percent?.value),
        ...optional('minMarginVersions', compileFloorVersions(plan.minMargins)),
        ...optional('origin', originOf(plan, 'name')),
    };
}

/** The rules of the plan's lines in force in its latest period (every line when none is dated). */
function planRulesInForceLast(plan: Plan): string[] {
    const latest = latestVersion(plan.ruleLists);
    const lines = anyDated(plan.ruleLists) ? plan.ruleLists.filter(list => list.until === latest?.until) : plan.ruleLists;
    return lines.flatMap(list => list.rules.map(ref => ref.ref?.name ?? ref.$refText));
}

/** The first clause when none is dated (more is a repetition error), else the version in force last. */
export function latestOf<C extends { from?: string; until?: string }>(clauses: readonly C[]): C | undefined {
    return anyDated(clauses) ? latestVersion(clauses) : clauses[0];
}

/** `{ key: value }` when the value is present, `{}` otherwise, so that absent fields stay absent (not `undefined`). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
    return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
