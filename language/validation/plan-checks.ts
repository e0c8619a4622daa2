import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { BillingAstType, Plan, Rule } from '../generated/ast.js';
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
    const rules = plan.rules.map((reference) => reference.ref);
    const globalOff = rules.some((rule) => rule !== undefined && rule.modifiers.length === 1 && rule.modifiers[0]!.$type === 'Tiering'
        && rule.modifiers[0]!.freeTier === 'off' && ruleScopeKey(rule)?.scope === 'GLOBAL');
    if (globalOff) return;
    rules.forEach((rule, index) => {
        if (rule && onlyTurnsFreeTierOn(rule) && ruleScopeKey(rule)?.scope === 'SERVICE') {
            reportIssue(accept, Issues.ineffectiveTiering, { node: plan, property: 'rules', index }, rule.name);
        }
    });
}

function checkRepeatedRules(plan: Plan, accept: ValidationAcceptor): void {
    const seen = new Set<Rule | string>();
    plan.rules.forEach((reference, index) => {
        const key = reference.ref ?? reference.$refText;
        if (seen.has(key)) {
            reportIssue(accept, Issues.duplicateRuleInPlan, { node: plan, property: 'rules', index }, reference.$refText);
        }
        seen.add(key);
    });
}

/**
 * Two markup/discount rules with the same scope key, or two tiering rules with the same key, conflict.
 * Reported at each of the rules' entries in the plan, naming the other rule.
 */
function checkConflicts(plan: Plan, accept: ValidationAcceptor): void {
    const byKey = new Map<string, { rule: Rule; index: number; description: string }[]>();
    const counted = new Set<Rule>();
    plan.rules.forEach((reference, index) => {
        const rule = reference.ref;
        if (!rule || counted.has(rule) || rule.modifiers.length !== 1) return;
        counted.add(rule);
        const key = ruleScopeKey(rule);
        if (!key) return;
        const family = modifierKeyword(rule.modifiers[0]) === 'tiering' ? 'tiering' : 'markup/discount';
        const description = `the ${family} of ${describeScopeKey(key)}`;
        const mapKey = `${family} ${scopeKeyString(key)}`;
        const entries = byKey.get(mapKey) ?? [];
        entries.push({ rule, index, description });
        byKey.set(mapKey, entries);
    });
    for (const entries of byKey.values()) {
        if (entries.length < 2) continue;
        entries.forEach((entry, i) => {
            const other = entries[i === 0 ? 1 : 0];
            reportIssue(accept, Issues.ruleConflict, {
                node: plan,
                property: 'rules',
                index: entry.index,
                relatedInformation: [
                    relatedAt(plan, `'${other.rule.name}' is listed here`, 'rules', other.index),
                    relatedAt(other.rule, `'${other.rule.name}' is declared here`, 'name'),
                ],
            }, entry.rule.name, other.rule.name, entry.description);
        });
    }
}

function checkRuleCount(plan: Plan, accept: ValidationAcceptor): void {
    const distinct = new Set(plan.rules.map(reference => reference.ref ?? reference.$refText)).size;
    if (distinct > Limits.rulesPerPlan && plan.name !== undefined) {
        reportIssue(accept, Issues.tooManyRulesInPlan, { node: plan, property: 'name' }, distinct);
    }
}

