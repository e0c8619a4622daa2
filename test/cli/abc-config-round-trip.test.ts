import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { describe, expect, it } from 'vitest';
import {
    abcToPolicyText, checkAbcQuotas, policyToAbc, readCloudFormation, readListOutputs, readSourceFile, renderCloudFormation, toAbcApiRequests, toCloudFormation, toTerraform,
} from '../../engine/abc-config/index.js';
import { Decimal } from '../../engine/money/decimal.js';
import type { PolicyModel } from '../../engine/policy/model.js';
import { compileLoadedPolicy, createBillingServices, formatPolicyText, loadPolicyFiles, loadPolicyTexts } from '../../language/index.js';
import { specErrors } from './cfn-resource-spec.js';
import { repoRoot } from './cli-harness.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'abc-config');
const examples = readdirSync(path.join(repoRoot, 'examples')).filter((name) => name.endsWith('.billing')).sort();

async function compileFile(file: string): Promise<PolicyModel> {
    const compiled = compileLoadedPolicy(await loadPolicyFiles([file], createBillingServices(NodeFileSystem).Billing));
    if (!compiled.model) throw new Error(`${file} has errors`);
    return compiled.model;
}

async function compileText(text: string, format = true): Promise<PolicyModel> {
    const services = createBillingServices(NodeFileSystem).Billing;
    const uri = URI.file(path.join(repoRoot, 'imported.billing'));
    const formatted = format ? await formatPolicyText(text, services, uri) : text;
    expect(formatted, 'the imported text parses').toBeDefined();
    const compiled = compileLoadedPolicy(await loadPolicyTexts([{ uri, text: formatted! }], services));
    expect(compiled.errors?.map((entry) => entry.diagnostic.message) ?? []).toEqual([]);
    return compiled.model!;
}

/** The billing meaning of a policy that ABC carries: what the export reports as lost or noted is taken out. */
function carried(model: PolicyModel): unknown {
    const decimal = (value: string | undefined): string | undefined => (value === undefined ? undefined : new Decimal(value).toFixed());
    return JSON.parse(JSON.stringify({
        rules: model.rules.map(({ origin, modifierPercent, customTiers, ...rule }) => ({
            ...rule, modifierPercent: rule.type === 'TIERING' ? '0' : decimal(modifierPercent),
            customTiers: customTiers?.map((tier) => ({ beginInclusive: decimal(tier.beginInclusive), endExclusive: decimal(tier.endExclusive), rate: decimal(tier.rate) })),
        })),
        plans: model.plans.map(({ origin, minMarginPercent, ...plan }) => plan),
        groups: model.groups.map(({ origin, budget, minMarginPercent, members, lineItems, ...group }) => ({
            ...group,
            // ABC keeps the current members: a membership that ends is left out, one that starts later is kept.
            members: [...new Set(members.filter((member) => member.until === undefined).map((member) => member.accountId))].sort(),
            lineItems: lineItems.map(({ origin, charge, presentationService, ...item }) => ({
                ...item,
                presentationService: presentationService === 'AWSBillingConductor' ? undefined : presentationService,
                charge: charge.kind === 'flat' ? { ...charge, amount: decimal(charge.amount) } : { ...charge, percent: decimal(charge.percent) },
            })),
        })),
    }));
}

/** Resources by logical id with their lists in a canonical order (ABC's lists are sets). */
function normalisedResources(template: { Resources: Record<string, unknown> }): unknown {
    const sortLists = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(sortLists).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
        if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([key, entry]) => [key, sortLists(entry)]));
        return value;
    };
    return sortLists(template.Resources);
}

describe('export-config → import-config: every example compiles back to the same policy model', () => {
    for (const example of examples) {
        it(example, async () => {
            const model = await compileFile(path.join(repoRoot, 'examples', example));
            const { config } = policyToAbc(model);
            for (const format of ['yaml', 'json'] as const) {
                const text = renderCloudFormation(toCloudFormation(config, 'test'), format);
                const imported = readCloudFormation(readSourceFile(`${example}.${format}`, text));
                expect(imported.config).toEqual(config);
                const policy = abcToPolicyText(imported.config);
                expect(carried(await compileText(policy.text))).toEqual(carried(model));
            }
        });
    }
});

describe('the exported CloudFormation validates against the CDK spec of AWS::BillingConductor::*', () => {
    for (const example of examples) {
        it(example, async () => {
            const template = toCloudFormation(policyToAbc(await compileFile(path.join(repoRoot, 'examples', example))).config);
            const types = new Set(Object.values(template.Resources).map((resource) => resource.Type));
            expect([...types].every((type) => type.startsWith('AWS::BillingConductor::'))).toBe(true);
            for (const [id, resource] of Object.entries(template.Resources)) expect(specErrors(resource.Type, resource.Properties as Record<string, unknown>), id).toEqual([]);
        });
    }
    it('the validator finds what the spec forbids (so the checks above can fail)', () => {
        expect(specErrors('AWS::BillingConductor::PricingRule', { Name: 'x', Scope: 'REGION', Type: 'MARKUP', Modifier: 5 })).toEqual([
            expect.stringContaining('PricingRule.Modifier: not a property'),
            expect.stringContaining("PricingRule.Scope: 'REGION' is not one of GLOBAL"),
        ]);
        expect(specErrors('AWS::BillingConductor::BillingGroup', { Name: 'g' })).toEqual([
            'AWS::BillingConductor::BillingGroup.ComputationPreference: required',
            'AWS::BillingConductor::BillingGroup.AccountGrouping: required',
        ]);
        expect(specErrors('AWS::BillingConductor::CustomLineItem', { Name: 'c', BillingGroupArn: { 'Fn::GetAtt': ['G', 'Arn'] }, CustomLineItemChargeDetails: { Type: 'FEE', Flat: { ChargeValue: '5' } } }))
            .toEqual(['AWS::BillingConductor::CustomLineItem.CustomLineItemChargeDetails.Flat.ChargeValue: expected a number, got "5"']);
    });
});

describe('import-config → export-config gives the same resources', () => {
    it('the template modelled on the AWS documentation', async () => {
        const file = path.join(fixtures, 'aws-docs-template.yaml');
        const source = readSourceFile(file, readFileSync(file, 'utf8'));
        const { config, findings } = readCloudFormation(source);
        expect(findings.map((finding) => `${finding.severity} ${finding.construct} :${finding.origin?.line}`)).toEqual(['note Bucket (AWS::S3::Bucket) :94']);
        const policy = await compileText(abcToPolicyText(config).text);
        const again = toCloudFormation(policyToAbc(policy).config);
        const original = source.value as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
        // The same resources; their logical ids are the exporter's (PricingRule + name), parameters resolved.
        const byName = (template: { Resources: Record<string, { Type?: string; Properties?: Record<string, unknown> }> }): Record<string, unknown> =>
            Object.fromEntries(Object.values(template.Resources).filter((resource) => resource.Type?.startsWith('AWS::BillingConductor::')).map((resource) => [`${resource.Type} ${String(resource.Properties!.Name)}`, resource.Properties]));
        const logicalToName = new Map(Object.entries(original.Resources).map(([id, resource]) => [id, String(resource.Properties?.Name)]));
        const exportedToName = new Map(Object.entries(again.Resources).map(([id, resource]) => [id, String(resource.Properties.Name)]));
        const named = (value: unknown, names: Map<string, string>): unknown => JSON.parse(JSON.stringify(value), (_key, entry: unknown) => {
            if (entry !== null && typeof entry === 'object' && !Array.isArray(entry)) {
                const object = entry as Record<string, unknown>;
                if (Array.isArray(object['Fn::GetAtt'])) return `arn:${names.get(String(object['Fn::GetAtt'][0]))}`;
                if (typeof object.Ref === 'string') return object.Ref === 'PrimaryAccount' ? '123456789012' : `arn:${names.get(object.Ref)}`;
            }
            return entry;
        });
        const expected = normalisedResources({ Resources: named(byName(original), logicalToName) as Record<string, unknown> }) as Record<string, Record<string, unknown>>;
        // The exporter writes ABC's default computation rule explicitly.
        for (const [key, properties] of Object.entries(expected)) if (key.startsWith('AWS::BillingConductor::CustomLineItem')) properties.ComputationRule = 'CONSOLIDATED';
        expect(normalisedResources({ Resources: named(byName(again as never), exportedToName) as Record<string, unknown> })).toEqual(expected);
    });

    it('the list-* outputs', async () => {
        const files = readdirSync(fixtures).filter((name) => name.startsWith('list-'));
        const sources = files.map((name) => readSourceFile(name, readFileSync(path.join(fixtures, name), 'utf8')));
        const { config } = readListOutputs(sources);
        const policy = await compileText(abcToPolicyText(config).text);
        const again = policyToAbc(policy).config;
        expect(again.groups).toEqual(config.groups);
        expect(again.plans).toEqual(config.plans);
        expect(again.rules).toEqual(config.rules);
        expect(again.lineItems).toEqual(config.lineItems);
        // What the files say, read by hand: web = 111111111111 + 222222222222 on `standard` (two rules), sandbox on BasicPricingPlan.
        expect(config.groups.map((group) => [group.Name, group.plan, group.LinkedAccountIds])).toEqual([['web', 'standard', ['111111111111', '222222222222']], ['sandbox', 'BasicPricingPlan', ['333333333333']]]);
        expect(config.lineItems[1]).toMatchObject({ Name: 'security', ComputationRule: 'ITEMIZED', PresentationService: 'AWSSecurityHub', charge: { kind: 'percentage', PercentageValue: '2', associated: [{ kind: 'group' }, { kind: 'lineItem', name: 'platform' }] } });
        expect(config.rules[1]).toMatchObject({ ModifierPercentage: '10.5' });
    });
});

describe('what ABC cannot express is reported per construct, with its line', () => {
    const text = [
        'rule r { markup 5% }',                                          // 1
        'plan p { rules r min-margin 4% }',                               // 2
        'group g {',                                                      // 3
        '  primary 111111111111',                                         // 4
        '  accounts 111111111111',                                        // 5
        '  accounts 222222222222 until 2026-04',                          // 6
        '  plan p',                                                       // 7
        '  budget 1000',                                                  // 8
        '  fee f flat 5 from 2026-01 until 2026-06',                      // 9
        '  fee g2 2% of charges service = AmazonEC2, AmazonS3',            // 10
        '  fee once flat 1 from 2026-03 until 2026-04',                   // 11
        '}',
    ].join('\n');
    it('lossy findings name the construct and the line; a one-month item is not lossy', async () => {
        const { findings } = policyToAbc(await compileText(text, false));
        const lossy = findings.filter((finding) => finding.severity === 'lossy').map((finding) => `${finding.origin?.line} ${finding.construct}`);
        expect(lossy).toEqual([
            '2 plan p: min-margin 4%',
            '3 group g: budget 1000',
            '6 group g: account 222222222222 until 2026-04',
            '9 group g: fee f: from 2026-01 until 2026-06',
            '10 group g: fee g2: service = AmazonEC2, AmazonS3',
        ]);
    });
    it('quotas and patterns: 501 rules in a plan, a name ABC refuses, two auto-associate groups', () => {
        const rules = Array.from({ length: 501 }, (_, i) => ({ Name: `r${i}`, Scope: 'GLOBAL' as const, Type: 'MARKUP' as const, ModifierPercentage: '1' }));
        const group = (Name: string, id: string) => ({ Name, PrimaryAccountId: id, plan: 'p', LinkedAccountIds: [id], AutoAssociate: true });
        const findings = checkAbcQuotas({ rules, plans: [{ Name: 'p', rules: rules.map((rule) => rule.Name) }], groups: [group('a', '111111111111'), group('b b', '222222222222')], lineItems: [] });
        expect(findings.map((finding) => `${finding.construct}: ${finding.message}`)).toEqual([
            'PricingPlan p: rules: ABC allows at most 500 (this configuration has 501)',
            'billing groups a, b b: ABC allows one auto-associate billing group per payer',
            'BillingGroup b b: an ABC name has only letters, digits and _ + = . - @',
        ]);
    });
});

describe('Terraform and ABC API renderings', () => {
    it('awscc resources reference each other; API requests come in dependency order with chunked associations', async () => {
        const model = await compileFile(path.join(repoRoot, 'examples', 'acme.billing'));
        const { config } = policyToAbc(model);
        const tf = toTerraform(config);
        expect(tf).toContain('resource "awscc_billingconductor_pricing_plan" "standard" {');
        expect(tf).toContain('    awscc_billingconductor_pricing_rule.standard_markup.arn,');
        expect(tf).toContain('    pricing_plan_arn = awscc_billingconductor_pricing_plan.standard.arn');
        expect(tf).toContain('        awscc_billingconductor_billing_group.web.arn,\n        awscc_billingconductor_custom_line_item.web_platform.arn,\n');
        const many = { ...config, groups: [{ ...config.groups[0]!, LinkedAccountIds: Array.from({ length: 65 }, (_, i) => String(100000000000 + i)) }], lineItems: [] };
        const { requests } = toAbcApiRequests(many);
        const operations = requests.requests.map((request) => request.operation);
        expect(operations.slice(0, 5)).toEqual(Array(5).fill('CreatePricingRule'));
        expect(operations.slice(5)).toEqual(['CreatePricingPlan', 'CreateBillingGroup', 'AssociateAccounts', 'AssociateAccounts']);
        expect(requests.requests.slice(-2).map((request) => (request.request.AccountIds as string[]).length)).toEqual([30, 5]); // 65 = 30 + 30 + 5
        const items = toAbcApiRequests(config).requests.requests.filter((request) => request.operation === 'CreateCustomLineItem').map((request) => request.request.Name);
        expect(items).toEqual(['platform', 'support', 'security', 'migration']); // flat ones first: `security` is a percentage of `platform`
    });
});
