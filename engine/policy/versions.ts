/**
 * Effective-dated pricing (issue 16): which version of each dated policy element is in force in a billing period.
 * Pricing, checks and the editor resolve a versioned PolicyModel to the plain model of one period here, once per
 * period (never per row): `policyInForce(policy, period)` has no versions left, so everything downstream prices it
 * as before. Ranges are the memberships' (`from` inclusive, `until` exclusive, either side open).
 */
import { BASIC_PRICING_PLAN, type BillingGroup, type DatedValue, type Origin, type PeriodRange, type PolicyModel, type PricingPlan, type PricingRule, type PricingRuleVersion } from './model.js';

/** Whether `period` (YYYY-MM) lies in the half-open range [from, until); an absent side is open. */
export function inPeriodRange(range: PeriodRange, period: string): boolean {
    return (range.from === undefined || range.from <= period) && (range.until === undefined || period < range.until);
}

/** The version in force in `period`, if any (versions of one thing never overlap; the first one wins if they do). */
export function versionInForce<V extends PeriodRange>(versions: readonly V[], period: string): V | undefined {
    return versions.find((version) => inPeriodRange(version, period));
}

/** Whether any element of the policy is effective-dated (a rule's modifier, a plan's rules or floor, a group's plan, budget or floor). */
export function hasVersions(policy: PolicyModel): boolean {
    return (
        policy.rules.some((rule) => rule.versions !== undefined) ||
        policy.plans.some((plan) => plan.ruleLists !== undefined || plan.minMarginVersions !== undefined) ||
        policy.groups.some((group) => group.planVersions !== undefined || group.budgetVersions !== undefined || group.minMarginVersions !== undefined)
    );
}

/** Every version of the policy's dated elements, for walking them. */
function* allRanges(policy: PolicyModel): Iterable<PeriodRange> {
    for (const rule of policy.rules) yield* rule.versions ?? [];
    for (const plan of policy.plans) {
        yield* plan.ruleLists ?? [];
        yield* plan.minMarginVersions ?? [];
    }
    for (const group of policy.groups) {
        yield* group.planVersions ?? [];
        yield* group.budgetVersions ?? [];
        yield* group.minMarginVersions ?? [];
    }
}

/**
 * The periods at which some version starts or ends, ascending: between two consecutive boundaries (and before the
 * first, after the last) the same versions are in force, so a period's version key is how many boundaries are ≤ it.
 */
export function versionBoundaries(policy: PolicyModel): string[] {
    const boundaries = new Set<string>();
    for (const range of allRanges(policy)) {
        if (range.from !== undefined) boundaries.add(range.from);
        if (range.until !== undefined) boundaries.add(range.until);
    }
    return [...boundaries].sort();
}

/**
 * The given periods grouped by the versions in force in them, in ascending order of period: each segment's periods
 * share one `policyInForce`. An undated policy is one segment of every period, with the policy itself.
 */
export function versionSegments(policy: PolicyModel, periods: readonly string[]): { readonly policy: PolicyModel; readonly periods: string[] }[] {
    if (!hasVersions(policy)) return periods.length === 0 ? [] : [{ policy, periods: [...periods] }];
    const boundaries = versionBoundaries(policy);
    const byKey = new Map<number, { policy: PolicyModel; periods: string[] }>();
    for (const period of [...periods].sort()) {
        let key = 0;
        while (key < boundaries.length && boundaries[key]! <= period) key++;
        let segment = byKey.get(key);
        if (!segment) byKey.set(key, (segment = { policy: policyInForce(policy, period), periods: [] }));
        segment.periods.push(period);
    }
    return [...byKey.values()];
}

/**
 * The policy as it is in force in one billing period: every dated element replaced by its version in force, rules
 * not in force left out of the model and of every plan, no `versions` fields left. An undated policy is returned as is.
 */
export function policyInForce(policy: PolicyModel, period: string): PolicyModel {
    if (!hasVersions(policy)) return policy;
    // A plan gets the first rule of a name (a second one is a validation error): when that one is not in force, the name is not.
    const notInForce = new Set<string>();
    const seen = new Set<string>();
    for (const rule of policy.rules) {
        if (!seen.has(rule.name) && rule.versions !== undefined && versionInForce(rule.versions, period) === undefined) notInForce.add(rule.name);
        seen.add(rule.name);
    }
    const rules = policy.rules.flatMap((rule) => {
        const resolved = notInForce.has(rule.name) ? undefined : ruleInForce(rule, period);
        return resolved ? [resolved] : [];
    });
    return {
        ...policy,
        rules,
        plans: policy.plans.map((plan) => planInForce(plan, period, notInForce)),
        groups: policy.groups.map((group) => groupInForce(group, period)),
    };
}

function ruleInForce(rule: PricingRule, period: string): PricingRule | undefined {
    if (rule.versions === undefined) return rule;
    const version = versionInForce(rule.versions, period);
    if (!version) return undefined;
    const { versions: _versions, freeTier: _freeTier, customTiers, ...rest } = rule;
    return {
        ...rest,
        type: version.type,
        modifierPercent: version.modifierPercent,
        ...(version.type === 'TIERING' && { freeTier: version.freeTier !== false, ...(customTiers && { customTiers }) }),
    };
}

function planInForce(plan: PricingPlan, period: string, notInForce: ReadonlySet<string>): PricingPlan {
    if (plan.ruleLists === undefined && plan.minMarginVersions === undefined && notInForce.size === 0) return plan;
    const { ruleLists, minMarginVersions, minMarginPercent, ...rest } = plan;
    const listed = ruleLists === undefined ? plan.rules : ruleLists.filter((list) => inPeriodRange(list, period)).flatMap((list) => list.rules);
    const rules = [...new Set(listed)].filter((name) => !notInForce.has(name));
    const floor = minMarginVersions === undefined ? minMarginPercent : versionInForce(minMarginVersions, period)?.value;
    return { ...rest, rules, ...(floor !== undefined && { minMarginPercent: floor }) };
}

function groupInForce(group: BillingGroup, period: string): BillingGroup {
    if (group.planVersions === undefined && group.budgetVersions === undefined && group.minMarginVersions === undefined) return group;
    const { planVersions, budgetVersions, minMarginVersions, budget, minMarginPercent, ...rest } = group;
    // Outside every version of its plan (outside the group's life: validation) a group is priced at public rates.
    const plan = planVersions === undefined ? group.plan : (versionInForce(planVersions, period)?.value ?? BASIC_PRICING_PLAN);
    const inForce = (versions: readonly DatedValue[] | undefined, undated: string | undefined): string | undefined =>
        versions === undefined ? undated : versionInForce(versions, period)?.value;
    const budgetInForce = inForce(budgetVersions, budget);
    const floor = inForce(minMarginVersions, minMarginPercent);
    return { ...rest, plan, ...(budgetInForce !== undefined && { budget: budgetInForce }), ...(floor !== undefined && { minMarginPercent: floor }) };
}

/** The version of `versions` in force last (open-ended, else ending latest): what an undated reader of the model sees. */
export function latestVersion<V extends PeriodRange>(versions: readonly V[]): V | undefined {
    let latest: V | undefined;
    for (const version of versions) {
        if (!latest) latest = version;
        else if (latest.until !== undefined && (version.until === undefined || version.until > latest.until)) latest = version;
        else if (latest.until === version.until && (version.from ?? '') > (latest.from ?? '')) latest = version;
    }
    return latest;
}

/** Versions in ascending order of their start (an open start first). */
export function ascending<V extends PeriodRange>(versions: readonly V[]): V[] {
    return [...versions].sort((a, b) => (a.from ?? '').localeCompare(b.from ?? '') || (a.until ?? '\uffff').localeCompare(b.until ?? '\uffff'));
}

/** One dated clause of a policy, for outputs that cannot carry effective dating (ABC's resources, `billing sql`). */
export interface DatedClause {
    /** As a reader finds it: `rule r: markup 7% until 2026-04`, `group web: budget 500 from 2026-04`. */
    readonly construct: string;
    /** The version an undated reader of the model sees (the top-level fields: the version in force last), as written. */
    readonly written: string;
    readonly origin?: Origin;
}

/** Every dated clause of the policy (a version with `from` or `until`), in declaration order (rules, plans, groups). */
export function datedClauses(policy: PolicyModel): DatedClause[] {
    const clauses: DatedClause[] = [];
    const range = (version: PeriodRange): string => `${version.from ? ` from ${version.from}` : ''}${version.until ? ` until ${version.until}` : ''}`;
    const dated = (version: PeriodRange): boolean => version.from !== undefined || version.until !== undefined;
    const add = <V extends PeriodRange & { readonly origin?: Origin }>(where: string, versions: readonly V[] | undefined, text: (version: V) => string): void => {
        const latest = latestVersion(versions ?? []);
        for (const version of versions ?? []) {
            if (!dated(version)) continue;
            clauses.push({ construct: `${where}: ${text(version)}${range(version)}`, written: latest ? `${text(latest)}${range(latest)}` : 'none', ...(version.origin && { origin: version.origin }) });
        }
    };
    const modifier = (version: PricingRuleVersion): string =>
        version.type === 'TIERING' ? `tiering${version.freeTier === false ? ' free-tier off' : ''}` : `${version.type === 'MARKUP' ? 'markup' : 'discount'} ${version.modifierPercent}%`;
    for (const rule of policy.rules) add(`rule ${rule.name}`, rule.versions, modifier);
    for (const plan of policy.plans) {
        add(`plan ${plan.name}`, plan.ruleLists, (list) => `rules ${list.rules.join(', ')}`);
        add(`plan ${plan.name}`, plan.minMarginVersions, (floor) => `min-margin ${floor.value}%`);
    }
    for (const group of policy.groups) {
        add(`group ${group.name}`, group.planVersions, (plan) => `plan ${plan.value}`);
        add(`group ${group.name}`, group.budgetVersions, (budget) => `budget ${budget.value}`);
        add(`group ${group.name}`, group.minMarginVersions, (floor) => `min-margin ${floor.value}%`);
    }
    return clauses;
}
