import { planRuleReferences } from './dated-clauses.js';
import type { ValidationAcceptor } from 'langium';
import type { Plan, Rule } from '../generated/ast.js';
import { plainImportClosures } from '../workspace/import-reach.js';
import { Issues } from './issue-codes.js';
import type { PolicyContext } from './policy-context.js';
import { usesSeeing } from './policy-index.js';
import { reportIssue } from './report.js';

/**
 * Rules no plan lists and plans no group uses. Plans and groups of every file that imports this one
 * count, so that a shared file of rules is not flagged when another file uses them.
 */
export function checkUnusedDeclarations(context: PolicyContext, accept: ValidationAcceptor): void {
    const { rules, plans } = context.own;
    if (rules.length === 0 && plans.length === 0) return;
    // From an index of the store's references and the graph's reach (policy-index.ts): the cost of the uses, not of
    // the statements of every importer (quadratic in an import chain); else collected from them.
    const uses = (plainImportClosures() ? undefined : usesSeeing(context.document, context.services)) ?? collectedUses(context);
    for (const rule of rules) {
        if (rule.name !== undefined && !uses.ruleUsed(rule)) {
            reportIssue(accept, Issues.unusedRule, { node: rule, property: 'name' }, rule.name);
        }
    }
    for (const plan of plans) {
        if (plan.name !== undefined && !uses.planUsed(plan)) {
            reportIssue(accept, Issues.unusedPlan, { node: plan, property: 'name' }, plan.name);
        }
    }
}

/** The rules listed by the plans, and the plans used by the groups, of every document seeing this one. */
function collectedUses(context: PolicyContext): { ruleUsed(rule: Rule): boolean; planUsed(plan: Plan): boolean } {
    const seeing = context.seeing();
    const usedRules = new Set<Rule>();
    for (const plan of seeing.plans) {
        for (const reference of planRuleReferences(plan)) {
            if (reference.ref) usedRules.add(reference.ref);
        }
    }
    const usedPlans = new Set<Plan>();
    for (const group of seeing.groups) {
        for (const member of group.members) {
            if (member.$type === 'PlanUse' && member.plan?.ref) usedPlans.add(member.plan.ref);
        }
    }
    return { ruleUsed: rule => usedRules.has(rule), planUsed: plan => usedPlans.has(plan) };
}
