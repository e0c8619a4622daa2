import { lineItemProperties, ruleProperties, type CfnValue } from './cloudformation.js';
import type { AbcConfig, AbcFinding } from './types.js';
import { isManagedPlan, managedPlanArn } from './types.js';

/** One ABC API call: its operation and request body. */
export interface AbcApiRequest {
    readonly operation: string;
    /** The placeholder later requests use for the ARN this call returns, e.g. `{{PricingRule:standard-markup}}`. */
    readonly returns?: string;
    readonly request: Readonly<Record<string, CfnValue>>;
}

export interface AbcApiRequests {
    readonly kind: 'billing-conductor/abc-api-requests';
    readonly version: 1;
    readonly note: string;
    readonly requests: readonly AbcApiRequest[];
}

/** ABC's per-call limits (API reference): longer lists continue in Associate* calls. */
const PER_CALL = { accounts: 30, rules: 30, associatedValuesAtCreate: 5, batchAssociate: 30 } as const;

/**
 * The request bodies that create the configuration with the ABC API, in dependency order: rules, plans,
 * groups, flat custom line items, then percentage ones (which name flat ones). ARNs are not known before
 * the calls run, so a request names an earlier call's result by its placeholder.
 */
export function toAbcApiRequests(config: AbcConfig): { readonly requests: AbcApiRequests; readonly findings: readonly AbcFinding[] } {
    const findings: AbcFinding[] = [];
    const requests: AbcApiRequest[] = [];
    const ruleArn = (name: string): string => `{{PricingRule:${name}}}`;
    const planArn = (name: string): string => `{{PricingPlan:${name}}}`;
    const groupArn = (name: string): string => `{{BillingGroup:${name}}}`;
    const itemArn = (group: string, name: string): string => `{{CustomLineItem:${group}/${name}}}`;
    for (const rule of config.rules) requests.push({ operation: 'CreatePricingRule', returns: ruleArn(rule.Name), request: ruleProperties(rule) });
    for (const plan of config.plans) {
        const arns = plan.rules.map(ruleArn);
        requests.push({ operation: 'CreatePricingPlan', returns: planArn(plan.Name), request: { Name: plan.Name, ...(plan.Description !== undefined && { Description: plan.Description }), PricingRuleArns: arns.slice(0, PER_CALL.rules) } });
        for (const chunk of chunks(arns.slice(PER_CALL.rules), PER_CALL.rules)) requests.push({ operation: 'AssociatePricingRules', request: { Arn: planArn(plan.Name), PricingRuleArns: chunk } });
    }
    for (const group of config.groups) {
        requests.push({
            operation: 'CreateBillingGroup',
            returns: groupArn(group.Name),
            request: {
                Name: group.Name,
                ...(group.Description !== undefined && { Description: group.Description }),
                PrimaryAccountId: group.PrimaryAccountId,
                ComputationPreference: { PricingPlanArn: isManagedPlan(group.plan) ? managedPlanArn(group.plan) : planArn(group.plan) },
                AccountGrouping: { LinkedAccountIds: group.LinkedAccountIds.slice(0, PER_CALL.accounts), ...(group.AutoAssociate && { AutoAssociate: true }) },
            },
        });
        for (const chunk of chunks(group.LinkedAccountIds.slice(PER_CALL.accounts), PER_CALL.accounts)) requests.push({ operation: 'AssociateAccounts', request: { Arn: groupArn(group.Name), AccountIds: chunk } });
    }
    const ordered = [...config.lineItems.filter((item) => item.charge.kind === 'flat'), ...config.lineItems.filter((item) => item.charge.kind === 'percentage')];
    for (const item of ordered) {
        const properties = lineItemProperties(item, groupArn, (name) => itemArn(item.group, name), true);
        if (item.Description === undefined) {
            // CreateCustomLineItem requires a description (1–255 characters); the Bills page shows it.
            properties.Description = item.Name;
            findings.push({ severity: 'note', construct: `group ${item.group}: ${item.Type === 'FEE' ? 'fee' : 'credit'} ${item.Name}`, message: 'no description: the API requires one, its name is used' });
        }
        let rest: string[] = [];
        const details = properties.ChargeDetails as Record<string, CfnValue>;
        const percentage = details.Percentage as Record<string, CfnValue> | undefined;
        if (percentage) {
            const values = percentage.AssociatedValues as string[];
            percentage.AssociatedValues = values.slice(0, PER_CALL.associatedValuesAtCreate);
            rest = values.slice(PER_CALL.associatedValuesAtCreate);
        }
        requests.push({ operation: 'CreateCustomLineItem', returns: itemArn(item.group, item.Name), request: properties });
        for (const chunk of chunks(rest, PER_CALL.batchAssociate)) requests.push({ operation: 'BatchAssociateResourcesToCustomLineItem', request: { TargetArn: itemArn(item.group, item.Name), ResourceArns: chunk } });
    }
    return {
        requests: {
            kind: 'billing-conductor/abc-api-requests',
            version: 1,
            note: 'Run the requests in order; replace each {{Kind:name}} with the Arn returned by the request whose "returns" it is.',
            requests,
        },
        findings,
    };
}

function chunks<T>(values: readonly T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
    return out;
}
