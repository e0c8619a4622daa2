import type { CubeKey } from '../cube/types.js';
import type { BillingGroup, CustomTier, PolicyModel, PricingPlan, PricingRule } from '../policy/model.js';
import { Exact } from './exact.js';

/** A plan's rules as the plan lists them; `position` orders the report's rule effects. */
export interface PlanRule {
    readonly rule: PricingRule;
    readonly position: number;
}

/**
 * The rules of a group's plan: the first plan of that name, its rule names looked up among the policy's rules
 * (first of a name; an unknown name is skipped). An unknown plan has no rule: "its usage is priced at public
 * on-demand rates".
 */
export function planRules(policy: PolicyModel, planName: string, period: string): PlanRule[] {
    const plan = policy.plans.find((candidate) => candidate.name === planName);
    if (!plan) return [];
    const rules: PricingRule[] = [];
    for (const name of ruleNamesIn(plan, period)) {
        const rule = policy.rules.find((candidate) => candidate.name === name);
        const version = rule && ruleVersionIn(rule, period);
        if (version) rules.push(version);
    }
    return rules.map((rule, position) => ({ rule, position }));
}

/**
 * docs/semantics.md, "Effective-dated pricing": "a period P is in a range when from ≤ P < until (either side open)".
 * Restated here (not imported from engine/policy/versions.ts), so that a slip there shows.
 */
export function inRange(range: { readonly from?: string; readonly until?: string }, period: string): boolean {
    if (range.from !== undefined && period < range.from) return false;
    if (range.until !== undefined && !(period < range.until)) return false;
    return true;
}

/** "A plan's `rules` lines add up: a rule is in the plan in P when a line naming it is in force in P" (each rule once). */
function ruleNamesIn(plan: PricingPlan, period: string): readonly string[] {
    if (!plan.ruleLists) return plan.rules;
    const names: string[] = [];
    for (const list of plan.ruleLists) {
        if (!inRange(list, period)) continue;
        for (const name of list.rules) if (!names.includes(name)) names.push(name);
    }
    return names;
}

/** "A dated rule prices with its version in force in P; in a period no version covers, the rule is not in force." */
function ruleVersionIn(rule: PricingRule, period: string): PricingRule | undefined {
    if (!rule.versions) return rule;
    const version = rule.versions.find((candidate) => inRange(candidate, period));
    if (!version) return undefined;
    return {
        name: rule.name,
        scope: rule.scope,
        type: version.type,
        modifierPercent: version.modifierPercent,
        ...(rule.service !== undefined && { service: rule.service }),
        ...(rule.billingEntity !== undefined && { billingEntity: rule.billingEntity }),
        ...(rule.usageType !== undefined && { usageType: rule.usageType }),
        ...(rule.operation !== undefined && { operation: rule.operation }),
        ...(version.type === 'TIERING' && { freeTier: version.freeTier !== false, ...(rule.customTiers !== undefined && { customTiers: rule.customTiers }) }),
    };
}

/** "A group's dated `plan` is its version in force in P; outside every version the group is priced at public rates." */
export function planNameIn(group: BillingGroup, period: string): string {
    if (!group.planVersions) return group.plan;
    return group.planVersions.find((version) => inRange(version, period))?.value ?? 'BasicPricingPlan';
}

function isNumber(text: string): boolean {
    try {
        return new Exact(text).isFinite();
    } catch {
        return false;
    }
}

/**
 * docs/semantics.md, "Repricing usage": "One rule, the most specific: SKU > SERVICE > BILLING_ENTITY > GLOBAL;
 * rules never compound. Among SKU rules, service + usage type + operation beats service + usage type beats
 * service + operation." Two rules of the same scope and key: the one listed first applies (warning
 * `rule-conflict`). A markup or discount whose percentage is not a number is ignored.
 */
export function rateRuleOf(rules: readonly PlanRule[], key: CubeKey): PlanRule | undefined {
    const rate = rules.filter(({ rule }) => rule.type !== 'TIERING' && isNumber(rule.modifierPercent));
    const first = (test: (rule: PricingRule) => boolean): PlanRule | undefined => rate.find(({ rule }) => test(rule));
    const sku = (rule: PricingRule): boolean => rule.scope === 'SKU' && rule.service === key.service;
    return first((rule) => sku(rule) && rule.usageType === key.usageType && rule.operation === key.operation)
        ?? first((rule) => sku(rule) && rule.usageType === key.usageType && rule.operation === undefined)
        ?? first((rule) => sku(rule) && rule.usageType === undefined && rule.operation === key.operation)
        ?? first((rule) => rule.scope === 'SERVICE' && rule.service === key.service)
        ?? first((rule) => rule.scope === 'BILLING_ENTITY' && rule.billingEntity === key.billingEntity)
        ?? first((rule) => rule.scope === 'GLOBAL');
}

/** "MARKUP m → base × (1 + m/100); DISCOUNT m → base × (1 − m/100)". */
export function factorOf(rule: PricingRule): Exact {
    const fraction = new Exact(rule.modifierPercent).dividedBy(100);
    return rule.type === 'DISCOUNT' ? new Exact(1).minus(fraction) : new Exact(1).plus(fraction);
}

/**
 * docs/semantics.md, "Free tier": "the most specific matching TIERING rule (SERVICE, else GLOBAL)". Tiering at
 * another scope is ignored (warning `rule-ignored`).
 */
export function tieringRuleOf(rules: readonly PlanRule[], service: string): PlanRule | undefined {
    const tiering = rules.filter(({ rule }) => rule.type === 'TIERING');
    return tiering.find(({ rule }) => rule.scope === 'SERVICE' && rule.service === service) ?? tiering.find(({ rule }) => rule.scope === 'GLOBAL');
}

/** "ABC's free tier is on by default": only `free-tier off` deactivates it. */
export function freeTierActive(tiering: PlanRule | undefined): boolean {
    return tiering?.rule.freeTier !== false;
}

/** The custom tiers of a tiering rule (an empty list is none). */
export function customTiersOf(tiering: PlanRule | undefined): readonly CustomTier[] | undefined {
    const tiers = tiering?.rule.customTiers;
    return tiers && tiers.length > 0 ? tiers : undefined;
}

/**
 * docs/semantics.md, "Custom tiers": "usage in [begin, end) at the tier's rate per unit … Usage outside every tier
 * costs nothing."
 */
export function tieredCostOf(usage: Exact, tiers: readonly CustomTier[]): Exact {
    let cost = new Exact(0);
    for (const tier of tiers) {
        const begin = new Exact(tier.beginInclusive);
        const end = tier.endExclusive === undefined ? usage : Exact.min(usage, tier.endExclusive);
        if (end.gt(begin)) cost = cost.plus(end.minus(begin).times(tier.rate));
    }
    return cost;
}
