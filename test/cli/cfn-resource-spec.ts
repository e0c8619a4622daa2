import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';

/**
 * Checks CloudFormation resource properties against the AWS CDK's spec of the resource type (the L1
 * definitions, from the CloudFormation registry schemas): no unknown property, every required one,
 * the declared types and allowed values. An intrinsic (`Fn::GetAtt`, `Ref`) stands for a string.
 */
const db = loadAwsServiceSpecSync();

type Spec = { type: string; element?: Spec; reference?: { $ref: string }; allowedValues?: string[] };
type Property = { type: Spec; required?: boolean };

export function specErrors(resourceType: string, properties: Record<string, unknown>): string[] {
    const resource = db.lookup('resource', 'cloudFormationType', 'equals', resourceType).only() as unknown as { properties: Record<string, Property> };
    return checkObject(resource.properties, properties, resourceType);
}

function checkObject(spec: Record<string, Property>, value: Record<string, unknown>, at: string): string[] {
    const errors: string[] = [];
    for (const key of Object.keys(value)) if (!(key in spec)) errors.push(`${at}.${key}: not a property (expected one of ${Object.keys(spec).join(', ')})`);
    for (const [key, property] of Object.entries(spec)) {
        if (value[key] === undefined) {
            if (property.required) errors.push(`${at}.${key}: required`);
            continue;
        }
        errors.push(...checkValue(property.type, value[key], `${at}.${key}`));
    }
    return errors;
}

function checkValue(spec: Spec, value: unknown, at: string): string[] {
    const intrinsic = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && /^(Ref|Fn::)/.test(Object.keys(value)[0]!);
    switch (spec.type) {
        case 'string':
            if (intrinsic) return [];
            if (typeof value !== 'string') return [`${at}: expected a string, got ${JSON.stringify(value)}`];
            return spec.allowedValues && !spec.allowedValues.includes(value) ? [`${at}: '${value}' is not one of ${spec.allowedValues.join(', ')}`] : [];
        case 'number': case 'integer':
            return typeof value === 'number' && (spec.type === 'number' || Number.isInteger(value)) ? [] : [`${at}: expected a ${spec.type}, got ${JSON.stringify(value)}`];
        case 'boolean':
            return typeof value === 'boolean' ? [] : [`${at}: expected a boolean, got ${JSON.stringify(value)}`];
        case 'array':
            return Array.isArray(value) ? value.flatMap((entry, i) => checkValue(spec.element!, entry, `${at}[${i}]`)) : [`${at}: expected a list`];
        case 'ref': {
            const definition = db.get('typeDefinition', spec.reference!.$ref) as unknown as { properties: Record<string, Property> };
            return value !== null && typeof value === 'object' && !Array.isArray(value) ? checkObject(definition.properties, value as Record<string, unknown>, at) : [`${at}: expected an object`];
        }
        default:
            return [];
    }
}
