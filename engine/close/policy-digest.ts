import { createHash } from 'node:crypto';
import type { PolicyModel } from '../policy/model.js';

/**
 * `sha256:` of what in the policy model prices: its accounts, rules, plans and groups, without source positions,
 * data paths or the `closed through` statement (moving it forward closes a month; it changes no figure).
 */
export function policyDigest(model: PolicyModel): string {
    const { accounts, rules, plans, groups, payer } = model;
    const text = JSON.stringify({ payer, accounts, rules, plans, groups }, (key, value: unknown) => (key === 'origin' ? undefined : value));
    return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/**
 * `sha256:` of each rule, plan and group of the model (keys `rule:NAME`, `plan:NAME`, `group:NAME`), without
 * positions or descriptions: stored per closed period in the lock file so that a change to a closed period is
 * located at the statement whose edit causes it (the rule, the plan or the group), not only at the group.
 */
export function entityDigests(model: PolicyModel): Record<string, string> {
    const digest = (value: unknown) => `sha256:${createHash('sha256').update(JSON.stringify(value, (key, v: unknown) => (key === 'origin' || key === 'description' ? undefined : v))).digest('hex')}`;
    const entities: Record<string, string> = {};
    for (const rule of model.rules) entities[`rule:${rule.name}`] = digest(rule);
    for (const plan of model.plans) entities[`plan:${plan.name}`] = digest(plan);
    for (const group of model.groups) entities[`group:${group.name}`] = digest(group);
    return entities;
}
