import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { billing, repoRoot, tempProject } from './cli-harness.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'abc-config');
const acme = path.join(repoRoot, 'examples', 'acme.billing');

describe('billing export-config / import-config', () => {
    const project = tempProject({ 'bad.yaml': 'Resources:\n  Plan:\n    Type: AWS::BillingConductor::PricingPlan\n    Properties:\n      Name: p\n      PricingRuleArns:\n        - !GetAtt Missing.Arn\n', 'notes.json': '{"hello": 1}\n',
        'tabs.json': '{\n\t"Resources": {\n\t\t"R": {"Type": "AWS::BillingConductor::PricingRule", "Properties": {"Name": "r", "Scope": "GLOBAL", "Type": "MARKUP", "ModifierPercentage": "x"}}\n\t}\n}\n',
        'broken.yaml': 'Resources:\n  R: [unclosed\n',
    });
    afterAll(() => project.dispose());

    it('a lossy policy: findings with file:line on stderr, exit 1, nothing written; --allow-lossy writes', () => {
        const out = path.join(project.dir, 'acme.yaml');
        const json = path.join(project.dir, 'acme.json');
        expect(billing(['export-config', acme, '-o', json, '--allow-lossy']).status).toBe(0);
        expect(JSON.parse(readFileSync(json, 'utf8')).Resources.PricingPlanStandard.Properties.PricingRuleArns[0]).toEqual({ 'Fn::GetAtt': ['PricingRuleStandardMarkup', 'Arn'] });
        const refused = billing(['export-config', acme, '-o', out]);
        expect(refused.status).toBe(1);
        expect(refused.stderr).toMatch(/acme\.billing:26: lossy: group web: fee support: from 2026-01 until 2026-07: ABC accepts an end period only one month after the start/);
        expect(() => readFileSync(out)).toThrow();
        const written = billing(['export-config', acme, '-o', out, '--allow-lossy']);
        expect(written.status).toBe(0);
        expect(readFileSync(out, 'utf8')).toContain('        - !GetAtt PricingRuleStandardMarkup.Arn\n');
        const back = billing(['import-config', out]);
        expect(back.status).toBe(0);
        expect(back.stdout).toContain('  fee security "Security tooling" 2% of charges, platform\n');
    });

    it('a policy ABC can take exits 0 with notes only; every format', () => {
        const file = path.join(project.dir, 'clean.billing');
        writeFileSync(file, 'rule r { markup 5% }\nplan p { rules r }\ngroup g {\n  primary 111111111111\n  accounts 111111111111\n  plan p\n  fee f "Monthly fee" flat 10 from 2026-03 until 2026-04\n}\n');
        for (const format of ['cloudformation', 'cloudformation-json', 'terraform', 'abc-json']) {
            const result = billing(['export-config', file, '--format', format]);
            expect(result.status, `${format}: ${result.stderr}`).toBe(0);
            expect(result.stderr).toBe('');
        }
        expect(JSON.parse(billing(['export-config', file, '-f', 'abc-json']).stdout).requests.map((request: { operation: string }) => request.operation))
            .toEqual(['CreatePricingRule', 'CreatePricingPlan', 'CreateBillingGroup', 'CreateCustomLineItem']);
    });

    it('ABC\'s AWS-managed BasicPricingPlan: the built-in plan of the language, by its ARN both ways, never declared', () => {
        const file = path.join(project.dir, 'basic.billing');
        writeFileSync(file, 'group g {\n  primary 111111111111\n  accounts 111111111111\n  plan BasicPricingPlan\n}\n');
        const exported = billing(['export-config', file, '--format', 'cloudformation-json']);
        expect(exported.status, exported.stderr).toBe(0);
        const resources = JSON.parse(exported.stdout).Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
        expect(Object.values(resources).map((resource) => resource.Type)).toEqual(['AWS::BillingConductor::BillingGroup']);
        expect(Object.values(resources)[0]!.Properties.ComputationPreference).toEqual({ PricingPlanArn: 'arn:aws:billingconductor::aws:pricingplan/BasicPricingPlan' });
        const api = JSON.parse(billing(['export-config', file, '--format', 'abc-json']).stdout);
        expect(JSON.stringify(api)).toContain('"PricingPlanArn":"arn:aws:billingconductor::aws:pricingplan/BasicPricingPlan"');
        const template = path.join(project.dir, 'basic.json');
        writeFileSync(template, exported.stdout);
        const back = billing(['import-config', template]);
        expect(back.status, back.stderr).toBe(0);
        expect(back.stdout).toContain('  plan BasicPricingPlan\n');
        expect(back.stdout).not.toMatch(/^plan /m);
    });

    it('import-config: a template modelled on the AWS docs, and list-* outputs, to a formatted .billing file', () => {
        const out = path.join(project.dir, 'docs.billing');
        const result = billing(['import-config', path.join(fixtures, 'aws-docs-template.yaml'), '-o', out]);
        expect(result.status).toBe(0);
        expect(result.stderr).toMatch(/aws-docs-template\.yaml:94: note: Bucket \(AWS::S3::Bucket\): not an AWS::BillingConductor resource: ignored/);
        expect(billing(['validate', out]).status).toBe(0);
        const lists = billing(['import-config', 'list-billing-groups.json', 'list-pricing-plans.json', 'list-pricing-rules.json'], fixtures);
        expect(lists.status).toBe(1); // no account associations, no plan → rule associations: unknown, so nothing written
        expect(lists.stderr).toMatch(/lossy: PricingPlan standard: has 2 rules/);
        expect(lists.stderr).toMatch(/lossy: BillingGroup web: its accounts are not in list-billing-groups/);
    });

    it('bad input: exit 2, one line naming file, line and JSON path, no stack trace', () => {
        const bad = billing(['import-config', 'bad.yaml'], project.dir);
        expect(bad.status).toBe(2);
        expect(bad.stderr).toContain("bad.yaml:7: $.Resources.Plan.Properties.PricingRuleArns[0]: 'Missing' is not a resource of the template");
        expect(bad.stderr).not.toMatch(/\n\s+at /);
        const other = billing(['import-config', 'notes.json'], project.dir);
        expect(other.status).toBe(2);
        expect(other.stderr).toMatch(/notes\.json:1: expected a CloudFormation template/);
        const tabs = billing(['import-config', 'tabs.json'], project.dir);
        expect([tabs.status, tabs.stderr]).toEqual([2, 'billing: tabs.json:3: $.Resources.R.Properties.ModifierPercentage: expected a number >= 0, found string "x"\n']);
        const broken = billing(['import-config', 'broken.yaml'], project.dir);
        expect(broken.status).toBe(2);
        expect(broken.stderr).toMatch(/^billing: broken\.yaml:3: not valid JSON or YAML: /);
        expect(billing(['import-config', 'missing.yaml'], project.dir).stderr).toBe('billing: missing.yaml: cannot read (no such file)\n');
        expect(billing(['export-config', acme, '--format', 'xml']).status).toBe(2);
    });

    it('--help', () => {
        for (const command of ['export-config', 'import-config']) {
            const help = billing([command, '--help']);
            expect(help.status).toBe(0);
            expect(help.stdout).toContain(`billing ${command}`);
            expect(help.stdout).toMatch(/--allow-lossy/);
        }
    });
});
