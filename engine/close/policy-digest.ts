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
