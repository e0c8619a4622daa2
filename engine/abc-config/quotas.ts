import type { AbcConfig, AbcFinding } from './types.js';

/**
 * ABC's quotas and the name/length/pattern constraints of the CloudFormation resource schemas
 * (AWS::BillingConductor::*; docs: Billing Conductor user guide "Quotas and restrictions"). A resource
 * that breaks one would be refused at deploy time, so it is reported before anything is written.
 */
export const ABC_LIMITS = {
    namePattern: /^[a-zA-Z0-9_+=.\-@]+$/,
    nameMaxLength: 128,
    descriptionMaxLength: 1024,
    lineItemDescriptionMaxLength: 255,
    rulesPerPlan: 500,
    accountsPerGroup: 1000,
    groups: 5000,
    plans: 5000,
    rules: 50000,
    lineItems: 50000,
    associatedValuesPerPercentageItem: 100,
    filteredItemsPerGroup: 10,
    itemizedItemsPerGroup: 5,
    flatChargeMax: 1_000_000,
    percentageMax: 10_000,
    servicePattern: /^[a-zA-Z0-9.\-]+$/,
    presentationServicePattern: /^[a-zA-Z0-9]+$/,
    billingEntities: ['AWS', 'AWS Marketplace', 'AISPL'],
} as const;

export function checkAbcQuotas(config: AbcConfig): AbcFinding[] {
    const findings: AbcFinding[] = [];
    const quota = (construct: string, message: string): void => { findings.push({ severity: 'quota', construct, message }); };
    const name = (kind: string, value: string): void => {
        if (value.length < 1 || value.length > ABC_LIMITS.nameMaxLength) quota(`${kind} ${value}`, `an ABC name has 1 to ${ABC_LIMITS.nameMaxLength} characters (this one ${value.length})`);
        if (!ABC_LIMITS.namePattern.test(value)) quota(`${kind} ${value}`, 'an ABC name has only letters, digits and _ + = . - @');
    };
    const description = (kind: string, owner: string, value: string | undefined, max: number): void => {
        if (value !== undefined && value.length > max) quota(`${kind} ${owner}`, `an ABC description has at most ${max} characters (this one ${value.length})`);
    };
    const count = (what: string, n: number, max: number): void => { if (n > max) quota(what, `ABC allows at most ${max.toLocaleString('en-US')} (this configuration has ${n.toLocaleString('en-US')})`); };

    count('pricing rules', config.rules.length, ABC_LIMITS.rules);
    count('pricing plans', config.plans.length, ABC_LIMITS.plans);
    count('billing groups', config.groups.length, ABC_LIMITS.groups);
    count('custom line items', config.lineItems.length, ABC_LIMITS.lineItems);
    for (const rule of config.rules) {
        name('PricingRule', rule.Name);
        description('PricingRule', rule.Name, rule.Description, ABC_LIMITS.descriptionMaxLength);
        if (rule.Service !== undefined && !ABC_LIMITS.servicePattern.test(rule.Service)) quota(`PricingRule ${rule.Name}`, `service '${rule.Service}': ABC takes a service code of letters, digits, . and -`);
        if (rule.BillingEntity !== undefined && !(ABC_LIMITS.billingEntities as readonly string[]).includes(rule.BillingEntity)) {
            quota(`PricingRule ${rule.Name}`, `billing entity '${rule.BillingEntity}': ABC takes one of ${ABC_LIMITS.billingEntities.join(', ')}`);
        }
        for (const [field, value] of [['usage type', rule.UsageType], ['operation', rule.Operation]] as const) {
            if (value !== undefined && (/\s/.test(value) || value.length > 256)) quota(`PricingRule ${rule.Name}`, `${field} '${value}': ABC takes 1 to 256 characters without spaces`);
        }
    }
    for (const plan of config.plans) {
        name('PricingPlan', plan.Name);
        description('PricingPlan', plan.Name, plan.Description, ABC_LIMITS.descriptionMaxLength);
        count(`PricingPlan ${plan.Name}: rules`, plan.rules.length, ABC_LIMITS.rulesPerPlan);
    }
    const owner = new Map<string, string>();
    const autoAssociate = config.groups.filter((group) => group.AutoAssociate);
    if (autoAssociate.length > 1) quota(`billing groups ${autoAssociate.map((group) => group.Name).join(', ')}`, 'ABC allows one auto-associate billing group per payer');
    for (const group of config.groups) {
        name('BillingGroup', group.Name);
        description('BillingGroup', group.Name, group.Description, ABC_LIMITS.descriptionMaxLength);
        count(`BillingGroup ${group.Name}: accounts`, group.LinkedAccountIds.length, ABC_LIMITS.accountsPerGroup);
        if (!group.LinkedAccountIds.includes(group.PrimaryAccountId)) quota(`BillingGroup ${group.Name}`, `primary account ${group.PrimaryAccountId} is not one of its accounts (ABC: PRIMARY_NOT_ASSOCIATED)`);
        for (const account of group.LinkedAccountIds) {
            const other = owner.get(account);
            if (other !== undefined && other !== group.Name) quota(`BillingGroup ${group.Name}: account ${account}`, `also in billing group ${other}; ABC puts an account in one group at a time`);
            owner.set(account, group.Name);
        }
        const items = config.lineItems.filter((item) => item.group === group.Name);
        count(`BillingGroup ${group.Name}: custom line items with a filter`, items.filter((item) => item.LineItemFilters.length > 0).length, ABC_LIMITS.filteredItemsPerGroup);
        count(`BillingGroup ${group.Name}: ITEMIZED custom line items`, items.filter((item) => item.ComputationRule === 'ITEMIZED').length, ABC_LIMITS.itemizedItemsPerGroup);
    }
    for (const item of config.lineItems) {
        const where = `CustomLineItem ${item.group}/${item.Name}`;
        name('CustomLineItem', item.Name);
        description('CustomLineItem', item.Name, item.Description, ABC_LIMITS.lineItemDescriptionMaxLength);
        if (item.charge.kind === 'flat' && Number(item.charge.ChargeValue) > ABC_LIMITS.flatChargeMax) quota(where, `a flat charge is at most ${ABC_LIMITS.flatChargeMax.toLocaleString('en-US')}`);
        if (item.charge.kind === 'percentage') {
            if (Number(item.charge.PercentageValue) > ABC_LIMITS.percentageMax) quota(where, `a percentage is at most ${ABC_LIMITS.percentageMax.toLocaleString('en-US')}%`);
            count(`${where}: associated resources`, item.charge.associated.length, ABC_LIMITS.associatedValuesPerPercentageItem);
        }
        if (item.PresentationService !== undefined && !ABC_LIMITS.presentationServicePattern.test(item.PresentationService)) {
            quota(where, `presented-as '${item.PresentationService}': ABC takes 1 to 128 letters and digits`);
        }
    }
    return findings;
}
