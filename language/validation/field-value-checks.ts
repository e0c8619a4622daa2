import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type { BillingAstType, PresentedAs, Rule, ServiceFilter } from '../generated/ast.js';
import { Issues, KNOWN_BILLING_ENTITIES } from './issue-codes.js';
import { reportIssue } from './report.js';

/** Service codes, usage types, operations and billing entities, checked against what ABC and the CUR accept. */
export function fieldValueChecks(): ValidationChecks<BillingAstType> {
    return {
        Rule: checkRuleFields,
        ServiceFilter: checkFilterServices,
        PresentedAs: checkPresentedAs,
    };
}

const SERVICE_CODE = /^[A-Za-z0-9._-]{1,128}$/;
const SERVICE_CODE_EXPECTED = 'expected 1–128 letters, digits, `.`, `-` or `_`, as in the CUR product code (e.g. AmazonEC2)';
const NO_WHITESPACE = /^\S{1,256}$/;
const NO_WHITESPACE_EXPECTED = 'expected 1–256 characters without whitespace';
const BILLING_ENTITY = /^[A-Za-z0-9() ]+$/;
const BILLING_ENTITY_EXPECTED = `expected letters, digits, spaces and parentheses, e.g. ${KNOWN_BILLING_ENTITIES.map(e => `'${e}'`).join(', ')}`;

function checkRuleFields(rule: Rule, accept: ValidationAcceptor): void {
    rule.services.forEach((value, index) => {
        if (!SERVICE_CODE.test(value)) {
            reportIssue(accept, Issues.invalidFieldValue, { node: rule, property: 'services', index }, 'service code', value, SERVICE_CODE_EXPECTED);
        }
    });
    for (const [property, field] of [['usageTypes', 'usage type'], ['operations', 'operation']] as const) {
        rule[property].forEach((value, index) => {
            if (!NO_WHITESPACE.test(value)) {
                reportIssue(accept, Issues.invalidFieldValue, { node: rule, property, index }, field, value, NO_WHITESPACE_EXPECTED);
            }
        });
    }
    rule.billingEntities.forEach((value, index) => {
        if (!BILLING_ENTITY.test(value)) {
            reportIssue(accept, Issues.invalidFieldValue, { node: rule, property: 'billingEntities', index }, 'billing entity', value, BILLING_ENTITY_EXPECTED);
        } else if (!KNOWN_BILLING_ENTITIES.includes(value)) {
            reportIssue(accept, Issues.unknownBillingEntity, { node: rule, property: 'billingEntities', index }, value);
        }
    });
}

function checkFilterServices(filter: ServiceFilter, accept: ValidationAcceptor): void {
    filter.services.forEach((value, index) => {
        if (!SERVICE_CODE.test(value)) {
            reportIssue(accept, Issues.invalidFieldValue, { node: filter, property: 'services', index }, 'service code', value, SERVICE_CODE_EXPECTED);
        }
    });
}

function checkPresentedAs(option: PresentedAs, accept: ValidationAcceptor): void {
    if (option.service !== undefined && !SERVICE_CODE.test(option.service)) {
        reportIssue(accept, Issues.invalidFieldValue, { node: option, property: 'service' }, 'service code', option.service, SERVICE_CODE_EXPECTED);
    }
}
