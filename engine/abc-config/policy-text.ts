import type { AbcConfig, AbcCustomLineItem, AbcFinding, AbcPricingRule } from './types.js';

/** Words of the language that may still be names (grammar `Name`), so they need no renaming. */
const NAME = /^[a-zA-Z_][a-zA-Z0-9_.@+\-]*$/;

/**
 * `.billing` text for an ABC configuration (unformatted: the caller runs the language's formatter).
 * An ABC name the language cannot write as a name (a leading digit, `=`) is renamed, with a note.
 */
export function abcToPolicyText(config: AbcConfig, header: readonly string[] = []): { text: string; findings: AbcFinding[] } {
    const findings: AbcFinding[] = [];
    const renamed = new Map<string, string>();
    const name = (kind: string, value: string): string => {
        const key = `${kind}\u0000${value}`;
        const known = renamed.get(key);
        if (known !== undefined) return known;
        let text = NAME.test(value) ? value : value.replace(/=/g, '_').replace(/^(?=[^a-zA-Z_])/, '_');
        if (text !== value) findings.push({ severity: 'note', construct: `${kind} ${value}`, message: `written as '${text}': a .billing name starts with a letter or _ and has no '='` });
        renamed.set(key, text);
        return text;
    };
    const lines: string[] = header.map((line) => `// ${line}`);
    if (lines.length > 0) lines.push('');
    const accounts = new Set<string>();
    for (const group of config.groups) for (const id of [group.PrimaryAccountId, ...group.LinkedAccountIds]) accounts.add(id);
    for (const item of config.lineItems) if (item.AccountId) accounts.add(item.AccountId);
    for (const id of [...accounts].sort()) {
        const accountName = config.accountNames?.[id];
        lines.push(`account ${id}${accountName !== undefined ? ` ${quote(accountName)}` : ''}`);
    }
    if (accounts.size > 0) lines.push('');
    for (const rule of config.rules) lines.push(ruleText(rule, name('rule', rule.Name)));
    if (config.rules.length > 0) lines.push('');
    for (const plan of config.plans) {
        const rules = plan.rules.map((rule) => name('rule', rule));
        lines.push(`plan ${name('plan', plan.Name)}${described(plan.Description)} {${rules.length > 0 ? ` rules ${rules.join(', ')}` : ''} }`, '');
    }
    for (const group of config.groups) {
        lines.push(`group ${name('group', group.Name)}${described(group.Description)} {`);
        lines.push(`primary ${group.PrimaryAccountId}`);
        if (group.LinkedAccountIds.length > 0) lines.push(`accounts ${group.LinkedAccountIds.join(', ')}`);
        lines.push(`plan ${name('plan', group.plan)}`);
        if (group.AutoAssociate) lines.push('auto-associate');
        for (const item of config.lineItems.filter((entry) => entry.group === group.Name)) lines.push(lineItemText(item, (value) => name(`line item of ${group.Name}`, value)));
        lines.push('}', '');
    }
    return { text: `${lines.join('\n').trimEnd()}\n`, findings };
}

function ruleText(rule: AbcPricingRule, ruleName: string): string {
    const parts: string[] = [];
    if (rule.Type === 'TIERING') {
        parts.push(rule.Tiering?.FreeTier?.Activated === false ? 'tiering free-tier off' : 'tiering');
        for (const tier of rule.Tiering?.CustomTiers ?? []) parts.push(`tier ${tier.BeginRangeInclusive}${tier.EndRangeExclusive !== undefined ? ` to ${tier.EndRangeExclusive}` : ''} at ${tier.RateValue}`);
    } else {
        parts.push(`${rule.Type === 'MARKUP' ? 'markup' : 'discount'} ${rule.ModifierPercentage ?? '0'}%`);
    }
    if (rule.Service !== undefined) parts.push(`service ${code(rule.Service)}`);
    if (rule.BillingEntity !== undefined) parts.push(`billing-entity ${code(rule.BillingEntity)}`);
    if (rule.UsageType !== undefined) parts.push(`usage-type ${code(rule.UsageType)}`);
    if (rule.Operation !== undefined) parts.push(`operation ${code(rule.Operation)}`);
    return `rule ${ruleName}${described(rule.Description)} { ${parts.join(' ')} }`;
}

function lineItemText(item: AbcCustomLineItem, itemName: (value: string) => string): string {
    const parts = [`${item.Type === 'FEE' ? 'fee' : 'credit'} ${itemName(item.Name)}${described(item.Description)}`];
    if (item.charge.kind === 'flat') parts.push(`flat ${item.charge.ChargeValue}`);
    else parts.push(`${item.charge.PercentageValue}% of ${item.charge.associated.map((base) => (base.kind === 'group' ? 'charges' : itemName(base.name))).join(', ')}`);
    for (const filter of item.LineItemFilters) {
        if (filter.Attribute === 'LINE_ITEM_TYPE') parts.push('exclude savings-plan-negation');
        else parts.push(`service ${filter.MatchOption === 'EQUAL' ? '=' : '!='} ${(filter.AttributeValues ?? []).map(code).join(', ')}`);
    }
    if (item.AccountId !== undefined) parts.push(`account ${item.AccountId}`);
    if (item.ComputationRule === 'ITEMIZED') parts.push('itemized');
    if (item.PresentationService !== undefined) parts.push(`presented-as ${code(item.PresentationService)}`);
    if (item.BillingPeriodRange?.InclusiveStartBillingPeriod) parts.push(`from ${item.BillingPeriodRange.InclusiveStartBillingPeriod}`);
    if (item.BillingPeriodRange?.ExclusiveEndBillingPeriod) parts.push(`until ${item.BillingPeriodRange.ExclusiveEndBillingPeriod}`);
    return parts.join(' ');
}

function described(description: string | undefined): string {
    return description === undefined || description === '' ? '' : ` ${quote(description)}`;
}

function code(value: string): string {
    return NAME.test(value) ? value : quote(value);
}

function quote(value: string): string {
    return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, ' ')}"`;
}
