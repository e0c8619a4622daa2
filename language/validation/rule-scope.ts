import type { Modifier, Rule } from '../generated/ast.js';

export type RuleScopeName = 'GLOBAL' | 'SERVICE' | 'BILLING_ENTITY' | 'SKU';

/** A rule's scope and the fields that key it; two rules with equal keys match the same charges. */
export interface RuleScopeKey {
    readonly scope: RuleScopeName;
    readonly service?: string;
    readonly billingEntity?: string;
    readonly usageType?: string;
    readonly operation?: string;
}

/** Why a rule's fields make no valid scope, with the field to point at; undefined when they do. */
export interface ScopeProblem {
    readonly property: 'usageTypes' | 'operations' | 'billingEntities';
    readonly problem: string;
}

export function scopeProblem(rule: Rule): ScopeProblem | undefined {
    const hasService = rule.services.length > 0;
    if (hasService && rule.billingEntities.length > 0) {
        return { property: 'billingEntities', problem: '`service` and `billing-entity` cannot be combined; write two rules' };
    }
    if (!hasService && rule.usageTypes.length > 0) {
        return { property: 'usageTypes', problem: '`usage-type` needs a `service` (SKU scope is service + usage type and/or operation)' };
    }
    if (!hasService && rule.operations.length > 0) {
        return { property: 'operations', problem: '`operation` needs a `service` (SKU scope is service + usage type and/or operation)' };
    }
    return undefined;
}

/** The rule's scope key, from the first value of each field; undefined when the fields make no valid scope. */
export function ruleScopeKey(rule: Rule): RuleScopeKey | undefined {
    if (scopeProblem(rule)) return undefined;
    const [service] = rule.services;
    const [billingEntity] = rule.billingEntities;
    const [usageType] = rule.usageTypes;
    const [operation] = rule.operations;
    if (billingEntity !== undefined) return { scope: 'BILLING_ENTITY', billingEntity };
    if (service === undefined) return { scope: 'GLOBAL' };
    if (usageType === undefined && operation === undefined) return { scope: 'SERVICE', service };
    return { scope: 'SKU', service, usageType, operation };
}

/** How messages name the charges a scope key matches. */
export function describeScopeKey(key: RuleScopeKey): string {
    switch (key.scope) {
        case 'GLOBAL': return 'all charges (GLOBAL scope)';
        case 'SERVICE': return `service ${key.service} (SERVICE scope)`;
        case 'BILLING_ENTITY': return `billing entity '${key.billingEntity}' (BILLING_ENTITY scope)`;
        case 'SKU': {
            const parts = [`service ${key.service}`];
            if (key.usageType !== undefined) parts.push(`usage type ${key.usageType}`);
            if (key.operation !== undefined) parts.push(`operation ${key.operation}`);
            return `${parts.join(', ')} (SKU scope)`;
        }
    }
}

export function scopeKeyString(key: RuleScopeKey): string {
    return JSON.stringify([key.scope, key.service ?? null, key.billingEntity ?? null, key.usageType ?? null, key.operation ?? null]);
}

/** The keyword a modifier is written with. */
export function modifierKeyword(modifier: Modifier): 'markup' | 'discount' | 'tiering' {
    switch (modifier.$type) {
        case 'Markup': return 'markup';
        case 'Discount': return 'discount';
        case 'Tiering': return 'tiering';
    }
}
