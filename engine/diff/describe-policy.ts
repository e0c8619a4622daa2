import type { CustomLineItem, Membership, PricingRule } from '../policy/model.js';

/** How a rule reads in a change: `discount 10% on service AmazonEC2`, `tiering free-tier off`. */
export function ruleText(rule: PricingRule): string {
    const scope = [
        rule.service !== undefined ? `service ${rule.service}` : undefined,
        rule.billingEntity !== undefined ? `billing entity ${rule.billingEntity}` : undefined,
        rule.usageType !== undefined ? `usage type ${rule.usageType}` : undefined,
        rule.operation !== undefined ? `operation ${rule.operation}` : undefined,
    ].filter((part) => part !== undefined).join(', ');
    let modifier: string;
    if (rule.type === 'TIERING') {
        const tiers = rule.customTiers?.length
            ? ` tiers ${rule.customTiers.map((tier) => `${tier.beginInclusive}${tier.endExclusive !== undefined ? `–${tier.endExclusive}` : '+'} at ${tier.rate}`).join(', ')}`
            : '';
        modifier = `tiering free-tier ${rule.freeTier === false ? 'off' : 'on'}${tiers}`;
    } else {
        modifier = `${rule.type === 'MARKUP' ? 'markup' : 'discount'} ${rule.modifierPercent}%`;
    }
    return scope ? `${modifier} on ${scope}` : modifier;
}

/** `111111111111`, `111111111111 from 2026-03`, `111111111111 from 2026-01 until 2026-07`. */
export function membershipText(membership: Membership): string {
    return `${membership.accountId}${rangeText(membership)}`;
}

export function rangeText(range: { readonly from?: string; readonly until?: string }): string {
    return `${range.from !== undefined ? ` from ${range.from}` : ''}${range.until !== undefined ? ` until ${range.until}` : ''}`;
}

/** How a custom line item reads: `fee flat 500.00`, `credit 5% of charges (exclude savings-plan-negation)`. */
export function lineItemText(item: CustomLineItem): string {
    const charge = item.charge.kind === 'flat'
        ? `flat ${item.charge.amount}`
        : `${item.charge.percent}% of ${item.charge.bases.map((base) => (base.kind === 'charges' ? 'charges' : base.name)).join(', ')}`;
    const options = [
        ...item.filters.map((filter) => (filter.kind === 'excludeSavingsPlanNegation' ? 'exclude savings-plan-negation' : `service ${filter.match === 'EQUAL' ? '=' : '!='} ${filter.services.join(', ')}`)),
        item.accountId !== undefined ? `account ${item.accountId}` : undefined,
        item.computation === 'ITEMIZED' ? 'itemized' : undefined,
        item.presentationService !== undefined ? `presented-as ${item.presentationService}` : undefined,
    ].filter((part) => part !== undefined);
    return `${item.type === 'CREDIT' ? 'credit' : 'fee'} ${charge}${options.length ? ` ${options.join(' ')}` : ''}${rangeText(item.periods)}`;
}
