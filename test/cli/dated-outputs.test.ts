/**
 * Outputs that cannot carry effective dating say so (issue 16): `billing sql` refuses a dated policy (exit 2, the
 * first dated clause's file:line, and that `billing bill` prices it); `billing export-config` reports each dated
 * clause as lossy, naming the version it writes (the one in force last).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { billing, tempProject } from './cli-harness.js';

const DATED = [
    'rule std {',                          // 1
    '  markup 7% until 2026-04',           // 2
    '  markup 6% from 2026-04',            // 3
    '}',                                   // 4
    'plan p { rules std }',                // 5
    'group g {',                           // 6
    '  primary 111111111111',              // 7
    '  accounts 111111111111',             // 8
    '  plan p',                            // 9
    '  budget 100 until 2026-03',          // 10
    '  budget 120 from 2026-03',           // 11
    '}',                                   // 12
    '',
].join('\n');

const UNDATED = 'rule std { markup 6% }\nplan p { rules std }\ngroup g {\n  primary 111111111111\n  accounts 111111111111\n  plan p\n}\n';

describe('effective-dated policies in billing sql and billing export-config', () => {
    const project = tempProject({ 'dated.billing': DATED, 'undated.billing': UNDATED });
    afterAll(() => project.dispose());

    it('billing sql refuses a dated policy: exit 2, one line naming the first dated clause and billing bill', () => {
        const result = billing(['sql', 'dated.billing', '--dialect', 'duckdb'], project.dir);
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe('billing: dated.billing:2: rule std: markup 7% until 2026-04: billing sql does not price effective-dated policies (one query, one version per value); billing bill handles it\n');
        const undated = billing(['sql', 'undated.billing', '--dialect', 'duckdb'], project.dir);
        expect(undated.status, undated.stderr).toBe(0);
        expect(undated.stdout).toContain('SELECT');
    });

    it('billing export-config: one lossy finding per dated clause naming the version written; nothing written without --allow-lossy', () => {
        const refused = billing(['export-config', 'dated.billing', '-f', 'abc-json'], project.dir);
        expect(refused.status).toBe(1);
        expect(refused.stdout).toBe('');
        const lines = refused.stderr.split('\n').filter((line) => line.includes('effective dating'));
        expect(lines).toEqual([
            'dated.billing:2: lossy: rule std: markup 7% until 2026-04: ABC has no effective dating (written: markup 6% from 2026-04, the version in force last, for every period)',
            'dated.billing:3: lossy: rule std: markup 6% from 2026-04: ABC has no effective dating (written: markup 6% from 2026-04, the version in force last, for every period)',
            'dated.billing:10: lossy: group g: budget 100 until 2026-03: ABC has no effective dating (written: budget 120 from 2026-03, the version in force last, for every period)',
            'dated.billing:11: lossy: group g: budget 120 from 2026-03: ABC has no effective dating (written: budget 120 from 2026-03, the version in force last, for every period)',
        ]);
        // The undated budget finding is still there, with the version in force last (120).
        expect(refused.stderr).toContain('lossy: group g: budget 120: ABC has no budget');
    });

    it('with --allow-lossy every format carries the version in force last: markup 6 (not 7)', () => {
        const api = billing(['export-config', 'dated.billing', '-f', 'abc-json', '--allow-lossy'], project.dir);
        expect(api.status, api.stderr).toBe(0);
        const rule = JSON.parse(api.stdout).requests.find((request: { operation: string }) => request.operation === 'CreatePricingRule');
        expect(rule.request.ModifierPercentage).toBe(6);
        const cfn = billing(['export-config', 'dated.billing', '-f', 'cloudformation-json', '--allow-lossy'], project.dir);
        expect(cfn.status, cfn.stderr).toBe(0);
        const resources = Object.values(JSON.parse(cfn.stdout).Resources) as { Type: string; Properties: { ModifierPercentage?: unknown } }[];
        expect(resources.find((resource) => resource.Type === 'AWS::BillingConductor::PricingRule')!.Properties.ModifierPercentage).toBe(6);
        const tf = billing(['export-config', 'dated.billing', '-f', 'terraform', '--allow-lossy'], project.dir);
        expect(tf.status, tf.stderr).toBe(0);
        expect(tf.stdout).toMatch(/modifier_percentage\s*=\s*6\b/);
        expect(tf.stderr.split('\n').filter((line) => line.includes('effective dating'))).toHaveLength(4);
        // An undated policy: no such finding.
        expect(billing(['export-config', 'undated.billing'], project.dir).stderr).not.toContain('effective dating');
    });
});
