import { CFN_TYPES } from './cloudformation.js';
import { readLineItem, readRule } from './read-properties.js';
import { type Json, originAt as at, Reader, type SourceFile } from './source-file.js';
import type { AbcAssociatedResource, AbcBillingGroup, AbcConfig, AbcCustomLineItem, AbcFinding, AbcPricingPlan, AbcPricingRule } from './types.js';

type Path = readonly (string | number)[];

/** ABC's AWS-managed plans: a plan with no rules prices at public rates, as BasicPricingPlan does. */
export const MANAGED_PLAN = /^arn:aws(-cn)?:billingconductor::aws:pricingplan\/(BasicPricingPlan|Passthrough)$/;

export function isCloudFormation(value: Json): boolean {
    return value !== null && typeof value === 'object' && !Array.isArray(value) && (value.Resources !== undefined || value.AWSTemplateFormatVersion !== undefined);
}

/**
 * The ABC resources of a CloudFormation template. References are resolved inside the template (`Ref`,
 * `Fn::GetAtt X.Arn`, parameters with a default); another resource type is left out with a note.
 */
export function readCloudFormation(source: SourceFile): { config: AbcConfig; findings: AbcFinding[] } {
    const reader = new Reader(source);
    const findings: AbcFinding[] = [];
    const root = reader.object(source.value, []);
    const resources = reader.object(root.Resources, ['Resources']);
    const parameters = root.Parameters && typeof root.Parameters === 'object' && !Array.isArray(root.Parameters) ? root.Parameters : {};
    const types = new Map<string, string>();
    for (const [id, resource] of Object.entries(resources)) {
        const type = reader.string(reader.object(resource, ['Resources', id]).Type, ['Resources', id, 'Type']);
        types.set(id, type);
        if (!(Object.values(CFN_TYPES) as string[]).includes(type)) findings.push({ severity: 'note', construct: `${id} (${type})`, message: 'not an AWS::BillingConductor resource: ignored', ...at(source, ['Resources', id]) });
    }
    const props = (id: string): { [key: string]: Json } => {
        const resource = resources[id] as { [key: string]: Json };
        return resource.Properties === undefined ? {} : reader.object(resource.Properties, ['Resources', id, 'Properties']);
    };
    /** Parameters with a default stand for their default; anything else dynamic cannot be imported. */
    const value = (v: Json | undefined, path: Path): Json | undefined => {
        if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1) {
            const [key] = Object.keys(v) as [string];
            if (key === 'Ref' && typeof v.Ref === 'string' && parameters[v.Ref] !== undefined) {
                const parameter = parameters[v.Ref] as { [key: string]: Json };
                if (parameter.Default === undefined) source.fail(path, `parameter '${v.Ref}' has no Default, so its value is not known`);
                return typeof parameter.Default === 'string' && /,/.test(parameter.Default) && parameter.Type === 'CommaDelimitedList' ? parameter.Default.split(',').map((s) => s.trim()) : parameter.Default;
            }
            if (key === 'Ref' || key.startsWith('Fn::')) return v;
        }
        return v;
    };
    /** The logical id a reference names, checked to be of the expected type. */
    const target = (v: Json | undefined, path: Path, type: string): string | { arn: string } => {
        const resolved = value(v, path);
        let id: string | undefined;
        if (resolved !== null && typeof resolved === 'object' && !Array.isArray(resolved)) {
            if (typeof resolved.Ref === 'string') id = resolved.Ref;
            const getAtt = resolved['Fn::GetAtt'];
            if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
                if (getAtt[1] !== 'Arn') source.fail(path, `expected the Arn of a ${type}, found Fn::GetAtt of '${String(getAtt[1])}'`);
                id = getAtt[0];
            } else if (typeof getAtt === 'string') id = getAtt.split('.')[0];
            if (id === undefined) source.fail(path, `expected a Ref or Fn::GetAtt of a ${type}, found ${Object.keys(resolved).join(', ')}`);
        } else if (typeof resolved === 'string') {
            return { arn: resolved };
        } else {
            source.fail(path, `expected a reference to a ${type}`);
        }
        if (!types.has(id)) source.fail(path, `'${id}' is not a resource of the template`);
        if (types.get(id) !== type) source.fail(path, `'${id}' is a ${types.get(id)}, expected a ${type}`);
        return id;
    };
    const ids = (type: string): string[] => [...types].filter(([, t]) => t === type).map(([id]) => id);

    const ruleName = new Map<string, string>();
    const rules: AbcPricingRule[] = ids(CFN_TYPES.rule).map((id) => {
        const rule = readRule(reader, props(id), ['Resources', id, 'Properties'], value);
        ruleName.set(id, rule.Name);
        return rule;
    });
    const planName = new Map<string, string>();
    const plans: AbcPricingPlan[] = ids(CFN_TYPES.plan).map((id) => {
        const p = props(id);
        const path = ['Resources', id, 'Properties'];
        const arns = p.PricingRuleArns === undefined ? [] : reader.array(value(p.PricingRuleArns, [...path, 'PricingRuleArns']), [...path, 'PricingRuleArns']);
        const name = reader.string(value(p.Name, [...path, 'Name']), [...path, 'Name']);
        planName.set(id, name);
        return {
            Name: name,
            ...(p.Description !== undefined && { Description: reader.string(value(p.Description, [...path, 'Description']), [...path, 'Description']) }),
            rules: arns.map((arn, i) => {
                const ref = target(arn, [...path, 'PricingRuleArns', i], CFN_TYPES.rule);
                if (typeof ref !== 'string') source.fail([...path, 'PricingRuleArns', i], `the pricing rule '${ref.arn}' is not in the template (name it with !GetAtt RuleId.Arn)`);
                return ruleName.get(ref)!;
            }),
        };
    });
    const groupName = new Map<string, string>();
    const groups: AbcBillingGroup[] = ids(CFN_TYPES.group).map((id) => {
        const p = props(id);
        const path = ['Resources', id, 'Properties'];
        const name = reader.string(value(p.Name, [...path, 'Name']), [...path, 'Name']);
        groupName.set(id, name);
        const preference = reader.object(value(p.ComputationPreference, [...path, 'ComputationPreference']), [...path, 'ComputationPreference']);
        const planRef = target(preference.PricingPlanArn, [...path, 'ComputationPreference', 'PricingPlanArn'], CFN_TYPES.plan);
        let plan: string;
        if (typeof planRef === 'string') plan = planName.get(planRef)!;
        else {
            const managed = MANAGED_PLAN.exec(planRef.arn);
            if (!managed) source.fail([...path, 'ComputationPreference', 'PricingPlanArn'], `the pricing plan '${planRef.arn}' is not in the template (name it with !GetAtt PlanId.Arn)`);
            // The language's built-in plan of the same name: used without a declaration.
            plan = managed[2]!;
        }
        const grouping = reader.object(value(p.AccountGrouping, [...path, 'AccountGrouping']), [...path, 'AccountGrouping']);
        if (grouping.ResponsibilityTransferArn !== undefined) findings.push({ severity: 'note', construct: `BillingGroup ${name}: ResponsibilityTransferArn`, message: 'billing transfer is not modelled: imported as a standard group', ...at(source, [...path, 'AccountGrouping']) });
        const linked = grouping.LinkedAccountIds === undefined ? [] : reader.array(value(grouping.LinkedAccountIds, [...path, 'AccountGrouping', 'LinkedAccountIds']), [...path, 'AccountGrouping', 'LinkedAccountIds'])
            .map((account, i) => reader.accountId(value(account, [...path, 'AccountGrouping', 'LinkedAccountIds', i]), [...path, 'AccountGrouping', 'LinkedAccountIds', i]));
        if (p.Tags !== undefined) findings.push({ severity: 'note', construct: `BillingGroup ${name}: Tags`, message: 'tags are not part of a policy: left out', ...at(source, [...path, 'Tags']) });
        return {
            Name: name,
            ...(p.Description !== undefined && { Description: reader.string(value(p.Description, [...path, 'Description']), [...path, 'Description']) }),
            PrimaryAccountId: reader.accountId(value(p.PrimaryAccountId, [...path, 'PrimaryAccountId']), [...path, 'PrimaryAccountId']),
            plan,
            LinkedAccountIds: linked,
            AutoAssociate: grouping.AutoAssociate === undefined ? false : reader.boolean(value(grouping.AutoAssociate, [...path, 'AccountGrouping', 'AutoAssociate']), [...path, 'AccountGrouping', 'AutoAssociate']),
        };
    });
    const itemIds = ids(CFN_TYPES.lineItem);
    const itemName = new Map<string, string>();
    for (const id of itemIds) itemName.set(id, reader.string(value(props(id).Name, ['Resources', id, 'Properties', 'Name']), ['Resources', id, 'Properties', 'Name']));
    const lineItems: AbcCustomLineItem[] = itemIds.map((id) => {
        const p = props(id);
        const path = ['Resources', id, 'Properties'];
        const groupRef = target(p.BillingGroupArn, [...path, 'BillingGroupArn'], CFN_TYPES.group);
        if (typeof groupRef !== 'string') source.fail([...path, 'BillingGroupArn'], `the billing group '${groupRef.arn}' is not in the template (name it with !GetAtt GroupId.Arn)`);
        const group = groupName.get(groupRef)!;
        return readLineItem(reader, p, path, group, value, (entry, entryPath): AbcAssociatedResource => {
            const resolved = value(entry, entryPath);
            const refId = resolved !== null && typeof resolved === 'object' && !Array.isArray(resolved)
                ? (typeof resolved.Ref === 'string' ? resolved.Ref : Array.isArray(resolved['Fn::GetAtt']) ? String(resolved['Fn::GetAtt'][0]) : undefined)
                : undefined;
            const type = refId === undefined ? undefined : types.get(refId);
            if (refId !== undefined && type === CFN_TYPES.group) {
                if (refId !== groupRef) source.fail(entryPath, `'${refId}' is another billing group than the item's own; ABC takes a percentage of the item's group only`);
                return { kind: 'group' };
            }
            if (refId !== undefined && type === CFN_TYPES.lineItem) return { kind: 'lineItem', name: itemName.get(refId)! };
            source.fail(entryPath, 'expected a Ref or Fn::GetAtt of the item\'s billing group or of a flat custom line item of the template');
        });
    });
    return { config: { rules, plans, groups, lineItems }, findings };
}
