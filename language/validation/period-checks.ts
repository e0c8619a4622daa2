import type { ValidationAcceptor, ValidationChecks } from 'langium';
import { isClosedPeriods, type BillingAstType, type Budget, type ClosedPeriods, type Discount, type Markup, type MinMargin, type PlanUse, type RuleList, type Tiering, type FromPeriod, type LineItem, type Membership, type Policy, type UntilPeriod } from '../generated/ast.js';
import { Issues } from './issue-codes.js';
import { isEmptyRange, isValidPeriod } from './periods.js';
import { reportIssue } from './report.js';

/** Billing periods (`YYYY-MM`, month 01–12) and `from`/`until` ranges of memberships and line items. */
export function periodChecks(): ValidationChecks<BillingAstType> {
    return {
        Membership: checkRangePeriods,
        // Effective-dated clauses (issue 16): the same range as memberships.
        Markup: checkRangePeriods,
        Discount: checkRangePeriods,
        Tiering: checkRangePeriods,
        RuleList: checkRangePeriods,
        PlanUse: checkRangePeriods,
        Budget: checkRangePeriods,
        MinMargin: checkRangePeriods,
        FromPeriod: checkOptionPeriod,
        UntilPeriod: checkOptionPeriod,
        LineItem: checkLineItemRange,
        ClosedPeriods: checkClosedPeriod,
        Policy: checkClosedThroughOnce,
    };
}

/** A clause with `from`/`until` (the grammar's `InForce`): each period valid, and `until` after `from`. */
function checkRangePeriods(membership: Membership | Markup | Discount | Tiering | RuleList | PlanUse | Budget | MinMargin, accept: ValidationAcceptor): void {
    for (const property of ['from', 'until'] as const) {
        const period = membership[property];
        if (period !== undefined && !isValidPeriod(period)) {
            reportIssue(accept, Issues.invalidPeriod, { node: membership, property }, period);
        }
    }
    const { from, until } = membership;
    if (from !== undefined && until !== undefined && isEmptyRange({ from, until })) {
        reportIssue(accept, Issues.emptyPeriodRange, { node: membership, property: 'until' }, from, until);
    }
}

function checkOptionPeriod(option: FromPeriod | UntilPeriod, accept: ValidationAcceptor): void {
    if (option.period !== undefined && !isValidPeriod(option.period)) {
        reportIssue(accept, Issues.invalidPeriod, { node: option, property: 'period' }, option.period);
    }
}

function checkLineItemRange(item: LineItem, accept: ValidationAcceptor): void {
    const from = item.options.find((option): option is FromPeriod => option.$type === 'FromPeriod');
    const until = item.options.find((option): option is UntilPeriod => option.$type === 'UntilPeriod');
    if (from?.period === undefined || until?.period === undefined) return;
    if (isEmptyRange({ from: from.period, until: until.period })) {
        reportIssue(accept, Issues.emptyPeriodRange, { node: until, property: 'period' }, from.period, until.period);
    }
}

function checkClosedPeriod(statement: ClosedPeriods, accept: ValidationAcceptor): void {
    if (!isValidPeriod(statement.period)) reportIssue(accept, Issues.invalidPeriod, { node: statement, property: 'period' }, statement.period);
}

function checkClosedThroughOnce(policy: Policy, accept: ValidationAcceptor): void {
    const [first, ...others] = policy.statements.filter(isClosedPeriods);
    for (const other of others) reportIssue(accept, Issues.closedThroughRepeated, { node: other, property: 'period' }, first!.period);
}
