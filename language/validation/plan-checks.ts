import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { BillingAstType, Plan, Rule, RuleList } from '../generated/ast.js';
import { anyDated, planRuleEntries, planRuleReferences, type PlanRuleEntry } from './dated-clauses.js';
import { describeOverlap, rangesOverlap, type PeriodRangeText } from './periods.js';
import { BUILT_IN_PLANS } from '../../engine/policy/model.js';
import { Issues, Limits } from './issue-codes.js';
import { relatedAt, reportIssue } from './report.js';
import { describeScopeKey, modifierKeyword, ruleScopeKey, scopeKeyString } from './rule-scope.js';

/** Rules listed by a plan: repetitions, conflicting scope keys and the ABC quota. */
export function planChecks(): ValidationChecks<BillingAstType> {
    return {
        Plan: [checkRepeatedRules, checkConflicts, checkRuleCount, checkIneffectiveTiering, checkBuiltInName],
    };
}

/** ABC's AWS-managed plan names are used, never declared (built-in-plans.ts). */
function checkBuiltInName(plan: Plan, accept: ValidationAcceptor): void {
    if (plan.name !== undefined && BUILT_IN_PLANS.includes(plan.name)) reportIssue(accept, Issues.builtInPlanDeclared, { node: plan, property: 'name' }, plan.name);
}

/** A tiering rule that only switches the free tier on, and has no `tier` lines. */
function onlyTurnsFreeTierOn(rule: Rule): boolean {
    return rule.modifiers.length === 1 && rule.modifiers[0]!.$type === 'Tiering' && rule.modifiers[0]!.freeTier !== 'off' && rule.tiers.length === 0;
}

/**
 * A SERVICE tiering rule that only switches the free tier on changes something only where a GLOBAL rule of the
 * same plan switches it off; in a plan without one it has no effect (the GLOBAL case: rule-checks.ts).
 */
function checkIneffectiveTiering(plan: Plan, accept: ValidationAcceptor): void {
    const entries = planRuleEntries(plan);
    const globalOff = entries.some(({ reference: { ref: rule } }) => rule !== undefined && rule.modifiers.some(modifier => modifier.$type === 'Tiering'
        && modifier.freeTier === 'off') && ruleScopeKey(rule)?.scope === 'GLOBAL');
    if (globalOff) return;
    for (const { list, reference: { ref: rule }, index } of entries) {
        if (rule && onlyTurnsFreeTierOn(rule) && ruleScopeKey(rule)?.scope === 'SERVICE') {
            reportIssue(accept, Issues.ineffectiveTiering, { node: list, property: 'rules', index }, rule.name);
        }
    }
}

/** A rule listed twice in periods that overlap (`rules` lines add up, like `accounts`; dated lines may repeat a rule). */
function checkRepeatedRules(plan: Plan, accept: ValidationAcceptor): void {
    const seen = new Map<Rule | string, PlanRuleEntry[]>();
    for (const entry of planRuleEntries(plan)) {
        const key = entry.reference.ref ?? entry.reference.$refText;
        const earlier = seen.get(key) ?? [];
        const overlapping = earlier.find(other => rangesOverlap(other.list, entry.list));
        if (overlapping) {
            reportIssue(accept, Issues.duplicateRuleInPlan, {
                node: entry.list, property: 'rules', index: entry.index,
                ...(overlapping.list !== entry.list && { relatedInformation: [relatedAt(overlapping.list, `'${entry.reference.$refText}' is listed here ${describeOverlap(overlapping.list, entry.list)}`, 'rules', overlapping.index)] }),
            }, entry.reference.$refText);
        }
        earlier.push(entry);
        seen.set(key, earlier);
    }
}

/** The periods a plan entry can apply its rule: the line's range within the span of the rule's versions. */
function entryRange(entry: PlanRuleEntry): PeriodRangeText {
    const rule = entry.reference.ref;
    if (!rule || !anyDated(rule.modifiers)) return entry.list;
    const starts = rule.modifiers.map(modifier => modifier.from);
    const ends = rule.modifiers.map(modifier => modifier.until);
    const span: PeriodRangeText = {
        ...(starts.every(from => from !== undefined) && { from: starts.sort()[0] }),
        ...(ends.every(until => until !== undefined) && { until: ends.sort()[ends.length - 1] }),
    };
    const from = [entry.list.from, span.from].filter((p): p is string => p !== undefined).sort().pop();
    const until = [entry.list.until, span.until].filter((p): p is string => p !== undefined).sort()[0];
    return { ...(from !== undefined && { from }), ...(until !== undefined && { until }) };
}

/**
 * Two markup/discount rules with the same scope key, or two tiering rules with the same key, conflict.
 * Reported at each of the rules' entries in the plan, naming the other rule.
 */
function checkConflicts(plan: Plan, accept: ValidationAcceptor): void {
    const byKey = new Map<string, { rule: Rule; list: RuleList; index: number; range: PeriodRangeText; description: string }[]>();
    for (const entry of planRuleEntries(plan)) {
        const rule = entry.reference.ref;
        // Several undated modifiers are an error of the rule itself (BIL multiple-modifiers).
        if (!rule || rule.modifiers.length === 0 || (rule.modifiers.length > 1 && !anyDated(rule.modifiers))) continue;
        const key = ruleScopeKey(rule);
        if (!key) continue;
        const family = modifierKeyword(rule.modifiers[0]) === 'tiering' ? 'tiering' : 'markup/discount';
        const description = `the ${family} of ${describeScopeKey(key)}`;
        const mapKey = `${family} ${scopeKeyString(key)}`;
        const entries = byKey.get(mapKey) ?? [];
        entries.push({ rule, list: entry.list, index: entry.index, range: entryRange(entry), description });
        byKey.set(mapKey, entries);
    }
    for (const entries of byKey.values()) {
        if (entries.length < 2) continue;
        for (const entry of entries) {
            // Two rules of one key conflict only in periods where both are in the plan and in force.
            const other = entries.find(candidate => candidate.rule !== entry.rule && rangesOverlap(candidate.range, entry.range));
            if (!other) continue;
            reportIssue(accept, Issues.ruleConflict, {
                node: entry.list,
                property: 'rules',
                index: entry.index,
                relatedInformation: [
                    relatedAt(other.list, `'${other.rule.name}' is listed here`, 'rules', other.index),
                    relatedAt(other.rule, `'${other.rule.name}' is declared here`, 'name'),
                ],
            }, entry.rule.name, other.rule.name, entry.description);
        }
    }
}

function checkRuleCount(plan: Plan, accept: ValidationAcceptor): void {
    const distinct = new Set(planRuleReferences(plan).map(reference => reference.ref ?? reference.$refText)).size;
    if (distinct > Limits.rulesPerPlan && plan.name !== undefined) {
        reportIssue(accept, Issues.tooManyRulesInPlan, { node: plan, property: 'name' }, distinct);
    }
}

