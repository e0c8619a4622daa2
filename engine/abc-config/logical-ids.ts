import type { AbcConfig } from './types.js';

/** The resource names of a configuration in a template (CloudFormation logical ids, Terraform labels). */
export interface ResourceIds {
    rule(name: string): string;
    plan(name: string): string;
    group(name: string): string;
    lineItem(group: string, name: string): string;
}

/**
 * One id per resource, from its kind and name (`PricingRuleStandardMarkup`), letters and digits only
 * (CloudFormation's rule for logical ids), made unique with a number where two names collapse to one.
 * `style: 'snake'` gives Terraform labels (`standard_markup`, unique per resource type).
 */
export function resourceIds(config: AbcConfig, style: 'pascal' | 'snake'): ResourceIds {
    const used = new Set<string>();
    const maps = { rule: new Map<string, string>(), plan: new Map<string, string>(), group: new Map<string, string>(), lineItem: new Map<string, string>() };
    const assign = (kind: keyof typeof maps, key: string, words: string, prefix: string): void => {
        const base = style === 'pascal' ? prefix + pascal(words) : (snake(words) || 'resource');
        const scope = style === 'pascal' ? '' : `${kind}:`;
        let id = /^[0-9]/.test(base) ? `r_${base}` : base;
        for (let n = 2; used.has(scope + id); n++) id = `${base}${style === 'pascal' ? '' : '_'}${n}`;
        used.add(scope + id);
        maps[kind].set(key, id);
    };
    for (const rule of config.rules) assign('rule', rule.Name, rule.Name, 'PricingRule');
    for (const plan of config.plans) assign('plan', plan.Name, plan.Name, 'PricingPlan');
    for (const group of config.groups) assign('group', group.Name, group.Name, 'BillingGroup');
    for (const item of config.lineItems) assign('lineItem', `${item.group}\u0000${item.Name}`, `${item.group} ${item.Name}`, 'CustomLineItem');
    const get = (kind: keyof typeof maps, key: string): string => {
        const id = maps[kind].get(key);
        if (id === undefined) throw new Error(`no ${kind} named '${key}' in the configuration`);
        return id;
    };
    return {
        rule: (name) => get('rule', name),
        plan: (name) => get('plan', name),
        group: (name) => get('group', name),
        lineItem: (group, name) => get('lineItem', `${group}\u0000${name}`),
    };
}

function words(text: string): string[] {
    return text.split(/[^a-zA-Z0-9]+/).filter((word) => word !== '');
}

function pascal(text: string): string {
    return words(text).map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
}

function snake(text: string): string {
    return words(text).map((word) => word.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()).join('_');
}
