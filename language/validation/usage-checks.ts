import { planRuleReferences } from './dated-clauses.js';
import type { ValidationAcceptor } from 'langium';
import type { Plan, Rule } from '../generated/ast.js';
import { Issues } from './issue-codes.js';
import type { PolicyContext } from './policy-context.js';
import { reportIssue } from './report.js';

/**
 * Rules no plan lists and plans no group uses. Plans and groups of every file that imports this one
 * count, so that a shared file of rules is not flagged when another file uses them.
 */
export function checkUnusedDeclarations(context: PolicyContext, accept: ValidationAcceptor): void {
    const { rules, plans } = context.own;
    if (rules.length === 0 && plans.length === 0) return;
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
    for (const rule of rules) {
        if (rule.name !== undefined && !usedRules.has(rule)) {
            reportIssue(accept, Issues.unusedRule, { node: rule, property: 'name' }, rule.name);
        }
    }
    for (const plan of plans) {
        if (plan.name !== undefined && !usedPlans.has(plan)) {
            reportIssue(accept, Issues.unusedPlan, { node: plan, property: 'name' }, plan.name);
        }
    }
}
