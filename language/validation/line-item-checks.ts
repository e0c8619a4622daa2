import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { BillingAstType, LineItem, LineItemOption, PercentCharge, ServiceFilter } from '../generated/ast.js';
import { Issues, Limits } from './issue-codes.js';
import { decimalOf } from './numbers.js';
import { reportIssue } from './report.js';

/** One custom line item on its own: amount, bases, options and filters (group-wide checks are in group-checks). */
export function lineItemChecks(): ValidationChecks<BillingAstType> {
    return {
        LineItem: [checkAmount, checkBases, checkOptions],
        ServiceFilter: checkServiceFilter,
    };
}

/** How an option is written, for messages. */
export function optionLabel(option: LineItemOption): string {
    switch (option.$type) {
        case 'ExcludeSavingsPlanNegation': return 'exclude savings-plan-negation';
        case 'ServiceFilter': return `service ${option.operator ?? '='}`;
        case 'AllocatedAccount': return 'account';
        case 'Itemized': return 'itemized';
        case 'PresentedAs': return 'presented-as';
        case 'FromPeriod': return 'from';
        case 'UntilPeriod': return 'until';
    }
}

export function isFilter(option: LineItemOption): boolean {
    return option.$type === 'ExcludeSavingsPlanNegation' || option.$type === 'ServiceFilter';
}

function checkAmount(item: LineItem, accept: ValidationAcceptor): void {
    const charge = item.charge;
    if (charge?.$type === 'FlatCharge') {
        const amount = decimalOf(charge.amount);
        if (amount && (amount.lt(0) || amount.gt(Limits.maxFlatAmount))) {
            reportIssue(accept, Issues.flatAmountOutOfRange, { node: charge, property: 'amount' }, charge.amount);
        }
    } else if (charge?.$type === 'PercentCharge') {
        const text = charge.percent?.value;
        const percent = decimalOf(text);
        if (percent && text !== undefined && (percent.lt(0) || percent.gt(Limits.maxPercentage))) {
            reportIssue(accept, Issues.percentageOutOfRange, { node: charge.percent, property: 'value' }, text);
        }
    }
}

function checkBases(item: LineItem, accept: ValidationAcceptor): void {
    if (item.charge?.$type !== 'PercentCharge') return;
    const charge: PercentCharge = item.charge;
    const seen = new Set<unknown>();
    for (const base of charge.bases) {
        if (base.$type === 'ChargesBase') {
            if (seen.has('charges')) reportIssue(accept, Issues.duplicateBase, { node: base }, '`charges`');
            seen.add('charges');
            continue;
        }
        const target = base.item?.ref;
        const key = target ?? base.item?.$refText;
        if (key === undefined) continue;
        if (seen.has(key)) {
            reportIssue(accept, Issues.duplicateBase, { node: base }, `line item '${base.item.$refText}'`);
            continue;
        }
        seen.add(key);
        if (target === item) {
            reportIssue(accept, Issues.selfReferencingLineItem, { node: base }, item.name);
        } else if (target?.charge?.$type === 'PercentCharge') {
            reportIssue(accept, Issues.percentageOfPercentage, { node: base }, target.name);
        }
    }
    if (charge.bases.length > Limits.basesPerLineItem) {
        reportIssue(accept, Issues.tooManyBases, { node: charge, property: 'bases', index: Limits.basesPerLineItem }, charge.bases.length);
    }
}

function checkOptions(item: LineItem, accept: ValidationAcceptor): void {
    const seenTypes = new Set<string>();
    let firstFilter: LineItemOption | undefined;
    for (const option of item.options) {
        if (seenTypes.has(option.$type)) {
            reportIssue(accept, Issues.repeatedLineItemOption, { node: option }, optionLabel(option).replace(/ (=|!=)$/, ''));
            continue;
        }
        seenTypes.add(option.$type);
        if (isFilter(option)) {
            if (firstFilter) {
                reportIssue(accept, Issues.multipleFilters, { node: option }, optionLabel(firstFilter), optionLabel(option));
            } else {
                firstFilter = option;
            }
        }
        const percentageOnly = isFilter(option) || option.$type === 'Itemized';
        if (percentageOnly && item.charge?.$type === 'FlatCharge') {
            reportIssue(accept, Issues.percentageOnlyOption, { node: option }, optionLabel(option));
        }
    }
}

function checkServiceFilter(filter: ServiceFilter, accept: ValidationAcceptor): void {
    if (filter.operator === '!=' && filter.services.length > 1) {
        reportIssue(accept, Issues.invalidServiceFilter, { node: filter, property: 'services', index: 1 },
            `\`service !=\` leaves out exactly one service, got ${filter.services.length}; ` +
            'keep the wanted services with `service = A, B, …` instead');
    }
    const seen = new Set<string>();
    filter.services.forEach((service, index) => {
        if (seen.has(service)) {
            reportIssue(accept, Issues.invalidServiceFilter, { node: filter, property: 'services', index },
                `service ${service} is listed more than once`);
        }
        seen.add(service);
    });
}
