import { readLineItem, readRule } from './read-properties.js';
import { MANAGED_PLAN } from './read-cloudformation.js';
import { AbcConfigError, type Json, originAt as origin, Reader, type SourceFile } from './source-file.js';
import type { AbcAssociatedResource, AbcBillingGroup, AbcConfig, AbcCustomLineItem, AbcFinding, AbcPricingPlan, AbcPricingRule } from './types.js';

type Path = readonly (string | number)[];

/** The top-level key of each `aws billingconductor` command's JSON output this reader takes. */
export const LIST_OUTPUT_KEYS = {
    BillingGroups: 'list-billing-groups',
    PricingPlans: 'list-pricing-plans',
    PricingRules: 'list-pricing-rules',
    CustomLineItems: 'list-custom-line-items',
    LinkedAccounts: 'list-account-associations',
    PricingRuleArns: 'list-pricing-rules-associated-to-pricing-plan',
    AssociatedResources: 'list-resources-associated-to-custom-line-item',
} as const;

export function isListOutput(value: Json): boolean {
    return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((key) => key in LIST_OUTPUT_KEYS);
}

const identity = (v: Json | undefined): Json | undefined => v;

/**
 * The configuration in the JSON that `aws billingconductor list-*` commands print, one or several files
 * (what one file leaves open, another may give: a plan's rules, an item's associated resources).
 */
export function readListOutputs(sources: readonly SourceFile[]): { config: AbcConfig; findings: AbcFinding[] } {
    const findings: AbcFinding[] = [];
    const rules: { arn: string; rule: AbcPricingRule }[] = [];
    const plans: { arn: string; plan: AbcPricingPlan; size?: number; at: Origin }[] = [];
    const groups: { arn: string; group: Omit<AbcBillingGroup, 'LinkedAccountIds'>; at: Origin }[] = [];
    const items: { arn: string; groupArn: string; props: { [key: string]: Json }; reader: Reader; path: Path; at: Origin }[] = [];
    const members = new Map<string, string[]>();
    const accountNames: Record<string, string> = {};
    const planRules = new Map<string, string[]>();
    const associations = new Map<string, { arns: string[]; source: SourceFile; path: Path }>();

    for (const source of sources) {
        const reader = new Reader(source);
        const root = reader.object(source.value, []);
        if (!Object.keys(root).some((key) => key in LIST_OUTPUT_KEYS)) {
            source.fail([], `expected the JSON output of aws billingconductor ${Object.values(LIST_OUTPUT_KEYS).join(', ')} (one of the keys ${Object.keys(LIST_OUTPUT_KEYS).join(', ')})`);
        }
        const list = (key: string): { entry: { [key: string]: Json }; path: Path }[] =>
            root[key] === undefined ? [] : reader.array(root[key], [key]).map((entry, i) => ({ entry: reader.object(entry, [key, i]), path: [key, i] }));
        for (const { entry, path } of list('PricingRules')) {
            const { Arn, ...props } = entry;
            rules.push({ arn: reader.string(Arn, [...path, 'Arn']), rule: readRule(reader, props, path, identity) });
        }
        for (const { entry, path } of list('PricingPlans')) {
            const known = ['Name', 'Arn', 'Description', 'Size', 'CreationTime', 'LastModifiedTime'];
            for (const key of Object.keys(entry)) if (!known.includes(key)) source.fail([...path, key], `unexpected property '${key}'`);
            plans.push({
                arn: reader.string(entry.Arn, [...path, 'Arn']),
                plan: { Name: reader.string(entry.Name, [...path, 'Name']), ...(entry.Description !== undefined && entry.Description !== '' && { Description: reader.string(entry.Description, [...path, 'Description']) }), rules: [] },
                ...(typeof entry.Size === 'number' && { size: entry.Size }),
                at: origin(source, path),
            });
        }
        for (const { entry, path } of list('BillingGroups')) {
            const name = reader.string(entry.Name, [...path, 'Name']);
            const planArn = reader.string(reader.object(entry.ComputationPreference, [...path, 'ComputationPreference']).PricingPlanArn, [...path, 'ComputationPreference', 'PricingPlanArn']);
            const grouping = entry.AccountGrouping === undefined ? {} : reader.object(entry.AccountGrouping, [...path, 'AccountGrouping']);
            if (entry.BillingGroupType === 'TRANSFER_BILLING') findings.push({ severity: 'note', construct: `BillingGroup ${name}`, message: 'a billing-transfer group: imported as a standard group', ...origin(source, path) });
            groups.push({
                arn: reader.string(entry.Arn, [...path, 'Arn']),
                group: {
                    Name: name,
                    ...(entry.Description !== undefined && entry.Description !== '' && { Description: reader.string(entry.Description, [...path, 'Description']) }),
                    PrimaryAccountId: reader.accountId(entry.PrimaryAccountId, [...path, 'PrimaryAccountId']),
                    plan: planArn,
                    AutoAssociate: grouping.AutoAssociate === undefined ? false : reader.boolean(grouping.AutoAssociate, [...path, 'AccountGrouping', 'AutoAssociate']),
                },
                at: origin(source, path),
            });
        }
        for (const { entry, path } of list('CustomLineItems')) {
            const { Arn, BillingGroupArn, CurrencyCode, ProductCode, AssociationSize, CreationTime, LastModifiedTime, ...props } = entry;
            if (CurrencyCode !== undefined && CurrencyCode !== 'USD') findings.push({ severity: 'note', construct: `CustomLineItem ${String(props.Name)}`, message: `charged in ${String(CurrencyCode)}: the policy's amounts are in the data's currency`, ...origin(source, path) });
            void ProductCode; void AssociationSize; void CreationTime; void LastModifiedTime;
            items.push({ arn: reader.string(Arn, [...path, 'Arn']), groupArn: reader.string(BillingGroupArn, [...path, 'BillingGroupArn']), props, reader, path, at: origin(source, path) });
        }
        for (const { entry, path } of list('LinkedAccounts')) {
            const account = reader.accountId(entry.AccountId, [...path, 'AccountId']);
            if (typeof entry.AccountName === 'string' && entry.AccountName !== '') accountNames[account] = entry.AccountName;
            if (entry.BillingGroupArn === undefined || entry.BillingGroupArn === null) continue;
            const group = reader.string(entry.BillingGroupArn, [...path, 'BillingGroupArn']);
            members.set(group, [...(members.get(group) ?? []), account]);
        }
        if (root.PricingRuleArns !== undefined) {
            const planArn = reader.string(root.PricingPlanArn, ['PricingPlanArn']);
            planRules.set(planArn, [...(planRules.get(planArn) ?? []), ...reader.array(root.PricingRuleArns, ['PricingRuleArns']).map((arn, i) => reader.string(arn, ['PricingRuleArns', i]))]);
        }
        if (root.AssociatedResources !== undefined) {
            const arn = reader.string(root.Arn, ['Arn']);
            const children = reader.array(root.AssociatedResources, ['AssociatedResources']).flatMap((entry, i) => {
                const resource = reader.object(entry, ['AssociatedResources', i]);
                return resource.Relationship === 'PARENT' ? [] : [reader.string(resource.Arn, ['AssociatedResources', i, 'Arn'])];
            });
            associations.set(arn, { arns: [...(associations.get(arn)?.arns ?? []), ...children], source, path: ['AssociatedResources'] });
        }
    }

    const ruleByArn = new Map(rules.map(({ arn, rule }) => [arn, rule.Name]));
    for (const entry of plans) {
        const arns = planRules.get(entry.arn);
        if (arns === undefined) {
            if ((entry.size ?? 0) > 0) findings.push({ severity: 'lossy', construct: `PricingPlan ${entry.plan.Name}`, message: `has ${entry.size} rules, but which is not in list-pricing-plans: add the output of 'aws billingconductor list-pricing-rules-associated-to-pricing-plan --pricing-plan-arn ${entry.arn}'`, ...entry.at });
            continue;
        }
        entry.plan = { ...entry.plan, rules: arns.map((arn) => {
            const name = ruleByArn.get(arn);
            if (name === undefined) throw missing(sources, `the pricing rule ${arn} of plan ${entry.plan.Name} is in no list-pricing-rules output given`);
            return name;
        }) };
    }
    const planByArn = new Map(plans.map(({ arn, plan }) => [arn, plan.Name]));
    const allPlans = plans.map(({ plan }) => plan);
    const groupByArn = new Map(groups.map(({ arn, group }) => [arn, group.Name]));
    const config = {
        rules: rules.map(({ rule }) => rule),
        plans: allPlans,
        groups: groups.map(({ arn, group, at }): AbcBillingGroup => {
            let plan = planByArn.get(group.plan);
            if (plan === undefined) {
                const managed = MANAGED_PLAN.exec(group.plan);
                if (!managed) throw missing(sources, `the pricing plan ${group.plan} of billing group ${group.Name} is in no list-pricing-plans output given`);
                // The language's built-in plan of the same name: used without a declaration.
                plan = managed[2]!;
            }
            const linked = members.get(arn) ?? [];
            if (!members.has(arn)) findings.push({ severity: 'lossy', construct: `BillingGroup ${group.Name}`, message: `its accounts are not in list-billing-groups: add the output of 'aws billingconductor list-account-associations' (only the primary account is imported)`, ...at });
            return { ...group, plan, LinkedAccountIds: linked.includes(group.PrimaryAccountId) ? linked : [group.PrimaryAccountId, ...linked] };
        }),
        lineItems: items.map(({ arn, groupArn, props, reader, path, at }): AbcCustomLineItem => {
            const group = groupByArn.get(groupArn);
            if (group === undefined) reader.source.fail([...path, 'BillingGroupArn'], `the billing group ${groupArn} is in no list-billing-groups output given`);
            const item = readLineItem(reader, props, path, group as string, identity, () => undefined);
            if (item.charge.kind !== 'percentage') return item;
            const association = associations.get(arn);
            let associated: AbcAssociatedResource[];
            if (association === undefined) {
                associated = [{ kind: 'group' }];
                findings.push({ severity: 'lossy', construct: `CustomLineItem ${item.Name}`, message: `what it is a percentage of is not in list-custom-line-items: taken as its billing group (the console's default); add the output of 'aws billingconductor list-resources-associated-to-custom-line-item --arn ${arn}'`, ...at });
            } else {
                associated = association.arns.map((child, i) => {
                    if (child === groupArn) return { kind: 'group' as const };
                    const flat = items.find((entry) => entry.arn === child);
                    if (!flat) return association.source.fail([...association.path, i], `${child} is neither the item's billing group nor a custom line item given`);
                    return { kind: 'lineItem' as const, name: flat.reader.string(flat.props.Name, [...flat.path, 'Name']) };
                });
            }
            return { ...item, charge: { ...item.charge, associated } };
        }),
        accountNames,
    };
    if (items.length > 0) findings.push({ severity: 'note', construct: 'custom line items', message: 'list-custom-line-items shows one billing period: the items are imported as recurring, without a billing period range' });
    return { config, findings };
}

type Origin = { origin?: { uri: string; line: number; column: number } };

function missing(sources: readonly SourceFile[], detail: string): Error {
    return new AbcConfigError(sources.map((source) => source.file).join(', '), undefined, '', detail);
}
