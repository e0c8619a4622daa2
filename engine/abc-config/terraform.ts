import { CFN_TYPES, type CfnTemplate, type CfnValue, toCloudFormation } from './cloudformation.js';
import type { AbcConfig } from './types.js';

/** The awscc provider's resource type of each CloudFormation type (the provider is generated from the same schemas). */
export const TERRAFORM_TYPES: Readonly<Record<string, string>> = {
    [CFN_TYPES.rule]: 'awscc_billingconductor_pricing_rule',
    [CFN_TYPES.plan]: 'awscc_billingconductor_pricing_plan',
    [CFN_TYPES.group]: 'awscc_billingconductor_billing_group',
    [CFN_TYPES.lineItem]: 'awscc_billingconductor_custom_line_item',
};

/**
 * The configuration for Terraform's awscc provider: the CloudFormation resources with their attributes in
 * snake_case (`PricingRuleArns` → `pricing_rule_arns`) and `!GetAtt X.Arn` as a reference to `X`'s `arn`.
 */
export function toTerraform(config: AbcConfig, header?: string): string {
    const template: CfnTemplate = toCloudFormation(config);
    const addresses = new Map<string, string>();
    const used = new Set<string>();
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
        const type = TERRAFORM_TYPES[resource.Type]!;
        const base = snake(logicalId.replace(/^(PricingRule|PricingPlan|BillingGroup|CustomLineItem)/, '')) || 'resource';
        let label = /^[0-9]/.test(base) ? `r_${base}` : base;
        for (let n = 2; used.has(`${type}.${label}`); n++) label = `${base}_${n}`;
        used.add(`${type}.${label}`);
        addresses.set(logicalId, `${type}.${label}`);
    }
    const lines: string[] = [];
    if (header) lines.push(...header.split('\n').map((line) => `# ${line}`), '');
    lines.push('terraform {', '  required_providers {', '    awscc = {', '      source = "hashicorp/awscc"', '    }', '  }', '}', '');
    for (const [logicalId, resource] of Object.entries(template.Resources)) {
        const [type, label] = addresses.get(logicalId)!.split('.');
        lines.push(`resource "${type}" "${label}" {`);
        for (const [key, value] of Object.entries(resource.Properties)) lines.push(`  ${snake(key)} = ${hcl(value, '  ', addresses)}`);
        lines.push('}', '');
    }
    return lines.join('\n');
}

function hcl(value: CfnValue, indent: string, addresses: ReadonlyMap<string, string>): string {
    if (value === null) return 'null';
    if (typeof value === 'string') return JSON.stringify(value).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) {
        if (value.length === 0) return '[]';
        const inner = `${indent}  `;
        return `[\n${value.map((entry) => `${inner}${hcl(entry, inner, addresses)},`).join('\n')}\n${indent}]`;
    }
    const object = value as { readonly [key: string]: CfnValue };
    const getAtt = object['Fn::GetAtt'];
    if (Array.isArray(getAtt) && Object.keys(object).length === 1) return `${addresses.get(String(getAtt[0]))}.${snake(String(getAtt[1]))}`;
    const inner = `${indent}  `;
    const entries = Object.entries(object);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([key, entry]) => `${inner}${snake(key)} = ${hcl(entry, inner, addresses)}`).join('\n')}\n${indent}}`;
}

/** `PricingRuleArns` → `pricing_rule_arns`, `WebProd2` → `web_prod2`. */
export function snake(name: string): string {
    return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}
