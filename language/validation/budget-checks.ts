import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { BillingAstType, Budget, MinMargin, Plan } from '../generated/ast.js';
import { anyDated } from './dated-clauses.js';
import { Issues } from './issue-codes.js';
import { decimalOf } from './numbers.js';
import { reportIssue } from './report.js';

/** The report's margin % has 2 decimals; a floor is comparable with it only at that precision. */
const MARGIN_FLOOR_DECIMALS = 2;
const MARGIN_FLOOR_LIMIT = 100;

/** Budgets and margin floors (group `budget`, `min-margin` of groups and plans) on their own. */
export function budgetChecks(): ValidationChecks<BillingAstType> {
    return {
        Budget: checkBudget,
        MinMargin: checkMinMargin,
        Plan: checkPlanClauses,
    };
}

function checkBudget(budget: Budget, accept: ValidationAcceptor): void {
    const amount = decimalOf(budget.amount);
    if (amount?.lt(0)) reportIssue(accept, Issues.negativeBudget, { node: budget, property: 'amount' }, budget.amount);
}

function checkMinMargin(floor: MinMargin, accept: ValidationAcceptor): void {
    const text = floor.percent?.value;
    const value = decimalOf(text);
    if (!value || text === undefined) return;
    if (value.abs().gt(MARGIN_FLOOR_LIMIT) || value.decimalPlaces() > MARGIN_FLOOR_DECIMALS) {
        reportIssue(accept, Issues.minMarginOutOfRange, { node: floor.percent, property: 'value' }, text);
    }
}

function checkPlanClauses(plan: Plan, accept: ValidationAcceptor): void {
    // Dated floors are versions of one floor (version-checks.ts).
    if (anyDated(plan.minMargins)) return;
    for (const extra of plan.minMargins.slice(1)) reportIssue(accept, Issues.repeatedPlanClause, { node: extra }, 'min-margin');
}
