import { Document, isScalar, isSeq, Scalar, visit } from 'yaml';
import { resourceIds } from './logical-ids.js';
import type { AbcConfig, AbcCustomLineItem, AbcLineItemFilter, AbcPricingRule } from './types.js';
import { isManagedPlan, managedPlanArn } from './types.js';
import { opt } from './optional.js';

export type CfnValue = string | number | boolean | null | readonly CfnValue[] | { readonly [key: string]: CfnValue };
export interface CfnTemplate {
    readonly AWSTemplateFormatVersion: '2010-09-09';
    readonly Description?: string;
    readonly Resources: Readonly<Record<string, { readonly Type: string; readonly Properties: Readonly<Record<string, CfnValue>> }>>;
}

export const CFN_TYPES = {
    rule: 'AWS::BillingConductor::PricingRule',
    plan: 'AWS::BillingConductor::PricingPlan',
    group: 'AWS::BillingConductor::BillingGroup',
    lineItem: 'AWS::BillingConductor::CustomLineItem',
} as const;

const arnOf = (logicalId: string): CfnValue => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

/** A CloudFormation template of the configuration: rules, plans (`!GetAtt` of their rules), groups, custom line items. */
export function toCloudFormation(config: AbcConfig, description?: string): CfnTemplate {
    const ids = resourceIds(config, 'pascal');
    const resources: Record<string, { Type: string; Properties: Record<string, CfnValue> }> = {};
    for (const rule of config.rules) resources[ids.rule(rule.Name)] = { Type: CFN_TYPES.rule, Properties: ruleProperties(rule) };
    for (const plan of config.plans) {
        resources[ids.plan(plan.Name)] = {
            Type: CFN_TYPES.plan,
            Properties: { Name: plan.Name, ...opt('Description', plan.Description), PricingRuleArns: plan.rules.map((rule) => arnOf(ids.rule(rule))) },
        };
    }
    for (const group of config.groups) {
        resources[ids.group(group.Name)] = {
            Type: CFN_TYPES.group,
            Properties: {
                Name: group.Name,
                ...opt('Description', group.Description),
                PrimaryAccountId: group.PrimaryAccountId,
                ComputationPreference: { PricingPlanArn: isManagedPlan(group.plan) ? managedPlanArn(group.plan) : arnOf(ids.plan(group.plan)) },
                AccountGrouping: { LinkedAccountIds: [...group.LinkedAccountIds], ...(group.AutoAssociate && { AutoAssociate: true }) },
            },
        };
    }
    for (const item of config.lineItems) {
        resources[ids.lineItem(item.group, item.Name)] = { Type: CFN_TYPES.lineItem, Properties: lineItemProperties(item, (group) => arnOf(ids.group(group)), (name) => arnOf(ids.lineItem(item.group, name))) };
    }
    return { AWSTemplateFormatVersion: '2010-09-09', ...opt('Description', description), Resources: resources };
}

/** PricingRule properties, shared by CloudFormation and the CreatePricingRule request (same names). */
export function ruleProperties(rule: AbcPricingRule): Record<string, CfnValue> {
    return {
        Name: rule.Name,
        ...opt('Description', rule.Description),
        Scope: rule.Scope,
        Type: rule.Type,
        ...(rule.ModifierPercentage !== undefined && { ModifierPercentage: num(rule.ModifierPercentage) }),
        ...opt('Service', rule.Service),
        ...opt('BillingEntity', rule.BillingEntity),
        ...opt('UsageType', rule.UsageType),
        ...opt('Operation', rule.Operation),
        ...(rule.Tiering && {
            Tiering: {
                ...(rule.Tiering.FreeTier && { FreeTier: { Activated: rule.Tiering.FreeTier.Activated } }),
                ...(rule.Tiering.CustomTiers && {
                    CustomTiers: rule.Tiering.CustomTiers.map((tier) => ({
                        BeginRangeInclusive: num(tier.BeginRangeInclusive),
                        ...(tier.EndRangeExclusive !== undefined && { EndRangeExclusive: num(tier.EndRangeExclusive) }),
                        RateValue: num(tier.RateValue),
                    })),
                }),
            },
        }),
    };
}

/**
 * CustomLineItem properties. The API names two of them differently (`ChargeDetails`, `AssociatedValues`):
 * `api` selects those.
 */
export function lineItemProperties(
    item: AbcCustomLineItem, groupArn: (group: string) => CfnValue, itemArn: (name: string) => CfnValue, api = false,
): Record<string, CfnValue> {
    const charge = item.charge.kind === 'flat'
        ? { Flat: { ChargeValue: num(item.charge.ChargeValue) } }
        : {
            Percentage: {
                PercentageValue: num(item.charge.PercentageValue),
                [api ? 'AssociatedValues' : 'ChildAssociatedResources']: item.charge.associated.map((base) => base.kind === 'group' ? groupArn(item.group) : itemArn(base.name)),
            },
        };
    return {
        Name: item.Name,
        ...opt('Description', item.Description),
        BillingGroupArn: groupArn(item.group),
        ...opt('AccountId', item.AccountId),
        ...(item.BillingPeriodRange && { BillingPeriodRange: { ...item.BillingPeriodRange } }),
        [api ? 'ChargeDetails' : 'CustomLineItemChargeDetails']: {
            Type: item.Type,
            ...charge,
            ...(item.LineItemFilters.length > 0 && { LineItemFilters: item.LineItemFilters.map(filterValue) }),
        },
        ComputationRule: item.ComputationRule,
        ...(item.PresentationService !== undefined && { PresentationDetails: { Service: item.PresentationService } }),
    };
}

function filterValue(filter: AbcLineItemFilter): CfnValue {
    return {
        Attribute: filter.Attribute,
        MatchOption: filter.MatchOption,
        ...(filter.Values && { Values: [...filter.Values] }),
        ...(filter.AttributeValues && { AttributeValues: [...filter.AttributeValues] }),
    };
}

/** The template as JSON (2-space indent) or YAML with the short forms `!GetAtt X.Arn` / `!Ref X`. */
export function renderCloudFormation(template: CfnTemplate, format: 'yaml' | 'json'): string {
    if (format === 'json') return `${JSON.stringify(template, null, 2)}\n`;
    const document = new Document(template);
    // Quoted, as AWS writes it: a YAML 1.1 reader would take the bare date for a timestamp.
    const version = document.get('AWSTemplateFormatVersion', true);
    if (isScalar(version)) version.type = 'QUOTE_DOUBLE';
    visit(document, {
        Map(_key, node) {
            if (node.items.length !== 1) return undefined;
            const [pair] = node.items;
            if (!isScalar(pair!.key)) return undefined;
            if (pair!.key.value === 'Fn::GetAtt' && isSeq(pair!.value)) {
                const short = new Scalar(pair!.value.items.map((part) => (isScalar(part) ? String(part.value) : '')).join('.'));
                short.tag = '!GetAtt';
                return short;
            }
            if (pair!.key.value === 'Ref' && isScalar(pair!.value)) {
                const short = new Scalar(String(pair!.value.value));
                short.tag = '!Ref';
                return short;
            }
            return undefined;
        },
    });
    return document.toString({ lineWidth: 0 });
}

/** A decimal string as a JSON number (ABC's API takes doubles; the language keeps at most 2 decimals for percentages). */
function num(value: string): number {
    return Number(value);
}
