import type { BillingGroup, CustomLineItem, PolicyModel, PricingPlan, PricingRule } from '../engine/policy/model.js';

/**
 * The policy of the re-pricing benchmark: `groupCount` billing groups over the accounts of the data
 * (consecutive accounts, equal shares), each on one of 50 plans and with custom line items, the shape
 * a large chargeback policy has. Every call builds fresh objects, as compiling an edited policy does,
 * so that nothing the engine memoises per policy object carries over from one edit to the next;
 * `edit` changes the rate of one rule and which plan each group uses.
 *
 * Plans (rate card variations): a GLOBAL markup, SERVICE discounts on EC2 and RDS, Marketplace at
 * cost (BILLING_ENTITY), SKU discounts on S3 storage and EC2 m5.large hours, and in every other plan
 * the free tier turned off (TIERING). Line items: a flat fee and a percentage fee on charges + that
 * fee in every group; every tenth group also a credit on charges without Savings Plan negation
 * (a filtered base: it needs the group's per-service charges).
 */
export function repricePolicy(accounts: readonly string[], groupCount: number, edit: number): PolicyModel {
    const planCount = 50;
    const rules: PricingRule[] = [];
    const plans: PricingPlan[] = [];
    for (let p = 0; p < planCount; p++) {
        const names = [`markup-${p}`, `ec2-${p}`, `rds-${p}`, `marketplace-${p}`, `s3-storage-${p}`, `m5-large-${p}`];
        rules.push(
            { name: names[0]!, scope: 'GLOBAL', type: 'MARKUP', modifierPercent: String(3 + (p % 12) + (p === edit % planCount ? 0.5 : 0)) },
            { name: names[1]!, scope: 'SERVICE', type: 'DISCOUNT', modifierPercent: '5.25', service: 'AmazonEC2' },
            { name: names[2]!, scope: 'SERVICE', type: 'MARKUP', modifierPercent: '2', service: 'AmazonRDS' },
            { name: names[3]!, scope: 'BILLING_ENTITY', type: 'MARKUP', modifierPercent: '0', billingEntity: 'AWS Marketplace' },
            { name: names[4]!, scope: 'SKU', type: 'DISCOUNT', modifierPercent: '12', service: 'AmazonS3', usageType: 'USE1-TimedStorage-ByteHrs' },
            { name: names[5]!, scope: 'SKU', type: 'DISCOUNT', modifierPercent: '8', service: 'AmazonEC2', usageType: 'USE1-BoxUsage:m5.large', operation: 'RunInstances' },
        );
        if (p % 2 === 1) {
            names.push(`no-free-tier-${p}`);
            rules.push({ name: `no-free-tier-${p}`, scope: 'GLOBAL', type: 'TIERING', modifierPercent: '0', freeTier: false });
        }
        plans.push({ name: `plan-${p}`, rules: names });
    }
    const share = Math.max(1, Math.floor(accounts.length / groupCount));
    const groups: BillingGroup[] = [];
    for (let g = 0; g < groupCount; g++) {
        const members = accounts.slice(g * share, (g + 1) * share);
        if (members.length === 0) break;
        const lineItems: CustomLineItem[] = [
            { name: 'platform', type: 'FEE', charge: { kind: 'flat', amount: '25' }, filters: [], computation: 'CONSOLIDATED', periods: {} },
            { name: 'ops', type: 'FEE', charge: { kind: 'percentage', percent: '2', bases: [{ kind: 'charges' }, { kind: 'lineItem', name: 'platform' }] }, filters: [], computation: 'CONSOLIDATED', periods: {} },
        ];
        if (g % 10 === 0) {
            lineItems.push({ name: 'commitment', type: 'CREDIT', charge: { kind: 'percentage', percent: '5', bases: [{ kind: 'charges' }] }, filters: [{ kind: 'excludeSavingsPlanNegation' }], computation: 'CONSOLIDATED', periods: {} });
        }
        groups.push({
            name: `group-${g}`,
            primaryAccountId: members[0]!,
            members: members.map((accountId) => ({ accountId })),
            plan: `plan-${(g + edit) % planCount}`,
            autoAssociate: false,
            lineItems,
        });
    }
    return { accounts: [], rules, plans, groups, dataPaths: [] };
}
