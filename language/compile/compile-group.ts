import { ascending } from '../../engine/policy/versions.js';
import type { DatedValue, BillingGroup, CustomLineItem, LineItemBase, LineItemCharge, LineItemFilter, Membership } from '../../engine/policy/model.js';
import {
    isAllocatedAccount, isAutoAssociate, isBudget, isChargesBase, isExcludeSavingsPlanNegation, isFlatCharge, isFromPeriod, isItemized,
    isLineItem, isMembership, isMinMargin, isPercentCharge, isPlanUse, isPresentedAs, isPrimary, isServiceFilter, isTransfer, isUntilPeriod,
    type Base, type Budget, type Group, type LineItem, type Membership as MembershipNode, type PlanUse,
} from '../generated/ast.js';
import { accountIdOf } from './account-ids.js';
import { anyDated } from '../validation/dated-clauses.js';
import { compileFloorVersions, latestOf, optional } from './compile-rule.js';
import { originOf } from './origin.js';

export function compileGroup(group: Group): BillingGroup {
    const primary = group.members.find(isPrimary);
    const planUses = group.members.filter(isPlanUse);
    const planUse = latestOf(planUses);
    const budgets = group.members.filter(isBudget);
    const floors = group.members.filter(isMinMargin);
    const transfer = group.members.find(isTransfer);
    return {
        name: group.name,
        ...optional('description', group.description),
        primaryAccountId: accountIdOf(primary?.account) ?? '',
        members: group.members.filter(isMembership).flatMap(compileMembership),
        plan: planUse ? planName(planUse) : '',
        ...optional('planVersions', datedValues(planUses, planName)),
        autoAssociate: group.members.some(isAutoAssociate),
        lineItems: group.members.filter(isLineItem).map(compileLineItem),
        ...optional('budget', latestOf(budgets)?.amount),
        ...optional('budgetVersions', datedValues(budgets, budget => budget.amount)),
        ...optional('minMarginPercent', latestOf(floors)?.percent?.value),
        ...optional('minMarginVersions', compileFloorVersions(floors)),
        ...optional('transfer', transfer?.arn === undefined ? undefined : { arn: transfer.arn, ...optional('from', transfer.from) }),
        ...optional('origin', originOf(group, 'name')),
    };
}

// After parser recovery (`plan` with no name) the reference itself is absent.
function planName(use: PlanUse): string {
    return use.plan?.ref?.name ?? use.plan?.$refText ?? '';
}

/** Dated clauses as versions of one value, ascending; undefined when none is dated. */
function datedValues<C extends PlanUse | Budget>(clauses: readonly C[], value: (clause: C) => string | undefined): DatedValue[] | undefined {
    if (!anyDated(clauses)) return undefined;
    return ascending(clauses.map(clause => ({ ...optional('from', clause.from), ...optional('until', clause.until), value: value(clause) ?? '', ...optional('origin', originOf(clause)) })));
}

/** One membership per account of an `accounts A, B from P until Q` clause, each pointing at its account. */
function compileMembership(clause: MembershipNode): Membership[] {
    return clause.accounts.flatMap(ref => {
        const accountId = accountIdOf(ref);
        if (accountId === undefined) return [];
        return [{
            accountId,
            ...optional('from', clause.from),
            ...optional('until', clause.until),
            ...optional('origin', originOf(ref)),
        }];
    });
}

function compileLineItem(item: LineItem): CustomLineItem {
    const options = item.options;
    const allocated = options.find(isAllocatedAccount);
    const presented = options.find(isPresentedAs);
    const from = options.find(isFromPeriod)?.period;
    const until = options.find(isUntilPeriod)?.period;
    return {
        name: item.name,
        ...optional('description', item.description),
        type: item.kind === 'credit' ? 'CREDIT' : 'FEE',
        charge: compileCharge(item),
        filters: options.flatMap((option): LineItemFilter[] => {
            if (isExcludeSavingsPlanNegation(option)) return [{ kind: 'excludeSavingsPlanNegation' }];
            if (isServiceFilter(option)) {
                return [{ kind: 'service', match: option.operator === '!=' ? 'NOT_EQUAL' : 'EQUAL', services: [...option.services] }];
            }
            return [];
        }),
        ...optional('accountId', allocated ? accountIdOf(allocated.account) : undefined),
        computation: options.some(isItemized) ? 'ITEMIZED' : 'CONSOLIDATED',
        ...optional('presentationService', presented?.service),
        periods: { ...optional('from', from), ...optional('until', until) },
        ...optional('origin', originOf(item, 'name')),
    };
}

function compileCharge(item: LineItem): LineItemCharge {
    const charge = item.charge;
    if (isFlatCharge(charge)) return { kind: 'flat', amount: charge.amount };
    if (isPercentCharge(charge)) {
        return { kind: 'percentage', percent: charge.percent?.value ?? '0', bases: charge.bases.map(compileBase) };
    }
    return { kind: 'flat', amount: '0' }; // unparsable charge: the document has a syntax error
}

function compileBase(base: Base): LineItemBase {
    if (isChargesBase(base)) return { kind: 'charges' };
    return { kind: 'lineItem', name: base.item?.ref?.name ?? base.item?.$refText ?? '' };
}
