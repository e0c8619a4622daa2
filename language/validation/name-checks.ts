import type { AstNode, ValidationAcceptor, ValidationChecks } from 'langium';
import type { BillingAstType, Group, LineItem, Plan, Rule } from '../generated/ast.js';
import { Issues, Limits } from './issue-codes.js';
import type { PolicyContext } from './policy-context.js';
import { othersOf, relatedAt, relatedCapped, reportIssue } from './report.js';

type Named = Rule | Plan | Group | LineItem;

const KIND: Readonly<Record<Named['$type'], string>> = {
    Rule: 'rule',
    Plan: 'plan',
    Group: 'group',
    LineItem: 'line item',
};

/** Names and descriptions of one statement or line item; line item names within their group. */
export function nameChecks(): ValidationChecks<BillingAstType> {
    return {
        Rule: checkLengths,
        Plan: checkLengths,
        Group: [checkLengths, checkLineItemNames],
        LineItem: checkLengths,
    };
}

function checkLengths(node: Named, accept: ValidationAcceptor): void {
    const kind = KIND[node.$type];
    if (node.name !== undefined && node.name.length > Limits.nameLength) {
        reportIssue(accept, Issues.nameTooLong, { node, property: 'name' }, kind, node.name.length);
    }
    const max = node.$type === 'LineItem' ? Limits.lineItemDescriptionLength : Limits.descriptionLength;
    if (node.description !== undefined && node.description.length > max) {
        reportIssue(accept, Issues.descriptionTooLong, { node, property: 'description' }, kind, node.description.length, max);
    }
}

function checkLineItemNames(group: Group, accept: ValidationAcceptor): void {
    const items = group.members.filter((member): member is LineItem => member.$type === 'LineItem');
    reportDuplicates(items, items, accept);
}

/** Rules, plans and groups with the same name across the policy (this document and its imports). */
export function checkDuplicateNames(context: PolicyContext, accept: ValidationAcceptor): void {
    reportDuplicates(context.own.rules, context.policy.rules, accept);
    reportDuplicates(context.own.plans, context.policy.plans, accept);
    reportDuplicates(context.own.groups, context.policy.groups, accept);
}

/** Reports each of `own` whose name another element of `all` has, pointing at the others. */
function reportDuplicates(own: readonly Named[], all: readonly Named[], accept: ValidationAcceptor): void {
    const byName = new Map<string, Named[]>();
    for (const node of all) {
        if (node.name === undefined) continue;
        const list = byName.get(node.name) ?? [];
        list.push(node);
        byName.set(node.name, list);
    }
    for (const node of own) {
        if (node.name === undefined) continue;
        const named = byName.get(node.name) ?? [];
        const { others, total } = othersOf(named, node); // `own` is part of `all`
        if (total === 0) continue;
        reportIssue(accept, Issues.duplicateName, {
            node: node as AstNode, property: 'name',
            relatedInformation: relatedCapped(others, other => relatedAt(other, `another ${KIND[other.$type]} named '${node.name}'`, 'name'), total),
        }, KIND[node.$type], node.name);
    }
}
