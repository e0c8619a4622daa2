import { afterEach, describe, expect, it } from 'vitest';
import { Issues } from '../../../language/validation/issue-codes.js';
import { codes, locations, reset, validate, validateAll, withCode } from './helpers.js';

const GROUP = 'account 111111111111 "web-prod"\ngroup web { primary web-prod accounts web-prod plan p }';

describe('rule conflicts in a plan', () => {
    afterEach(reset);

    it('reports two markup/discount rules with the same key at both entries, naming both rules', async () => {
        const text = [
            'rule ec2-markup { markup 5% service AmazonEC2 }',
            'rule ec2-discount { discount 10% service AmazonEC2 }',
            'rule global { markup 7% }',
            'plan p {',
            '  rules ec2-markup, global',
            '  rules ec2-discount',
            '}',
            GROUP,
        ].join('\n');
        const diagnostics = await validate(text);
        expect(codes(diagnostics)).toEqual([Issues.ruleConflict.code, Issues.ruleConflict.code]);
        expect(locations(text, diagnostics, Issues.ruleConflict.code)).toEqual([[5, 'ec2-markup'], [6, 'ec2-discount']]);
        for (const diagnostic of diagnostics) {
            expect(diagnostic.message).toContain("'ec2-markup'");
            expect(diagnostic.message).toContain("'ec2-discount'");
            expect(diagnostic.message).toContain('service AmazonEC2');
        }
        const related = withCode(diagnostics, Issues.ruleConflict.code)[0].relatedInformation ?? [];
        expect(related.map(r => r.location.range.start.line)).toEqual([5, 1]);
    });

    it('lets a tiering rule share its key with a markup or discount rule', async () => {
        const text = [
            'rule ec2-markup { markup 5% service AmazonEC2 }',
            'rule ec2-tiers { tiering free-tier off service AmazonEC2 }',
            'rule global { markup 7% }',
            'rule no-free-tier { tiering free-tier off }',
            'plan p { rules ec2-markup, ec2-tiers, global, no-free-tier }',
            GROUP,
        ].join('\n');
        expect(await validate(text)).toEqual([]);
    });

    it('reports two tiering rules with the same key', async () => {
        const text = [
            'rule no-free-tier { tiering free-tier off }',
            'rule custom { tiering tier 0 at 0.01 }',
            'plan p { rules no-free-tier, custom }',
            GROUP,
        ].join('\n');
        expect(locations(text, await validate(text), Issues.ruleConflict.code)).toEqual([[3, 'no-free-tier'], [3, 'custom']]);
    });

    it('compares SKU keys field by field', async () => {
        const text = [
            'rule a { discount 1% service AmazonEC2 usage-type U }',
            'rule b { discount 2% service AmazonEC2 usage-type U operation O }',
            'rule c { discount 3% service AmazonEC2 operation O }',
            'rule d { markup 4% service AmazonRDS usage-type U }',
            'rule e { markup 5% usage-type U service AmazonEC2 }',
            'plan p { rules a, b, c, d, e }',
            GROUP,
        ].join('\n');
        expect(locations(text, await validate(text), Issues.ruleConflict.code)).toEqual([[6, 'a'], [6, 'e']]);
    });

    it('does not compare rules of different plans', async () => {
        const text = [
            'rule a { markup 5% }',
            'rule b { markup 6% }',
            'plan p { rules a }',
            'plan q { rules b }',
            GROUP,
            'account 222222222222 "other"',
            'group other { primary other accounts other plan q }',
        ].join('\n');
        expect(await validate(text)).toEqual([]);
    });

    it('reports conflicting rules declared in an imported file at the plan that lists them', async () => {
        const result = await validateAll({
            'rules.billing': 'rule a { markup 5% }\nrule b { markup 6% }',
            'main.billing': `import "rules.billing"\nplan p { rules a, b }\n${GROUP}`,
        });
        expect(result['rules.billing']).toEqual([]);
        expect(codes(result['main.billing'])).toEqual([Issues.ruleConflict.code, Issues.ruleConflict.code]);
        expect(result['main.billing'][0].relatedInformation?.[1].location.uri).toMatch(/rules\.billing$/);
    });
});

describe('plan contents', () => {
    afterEach(reset);

    it('reports a rule listed twice at the repetition', async () => {
        const text = `rule a { markup 5% }\nplan p {\n  rules a\n  rules a\n}\n${GROUP}`;
        expect(locations(text, await validate(text), Issues.duplicateRuleInPlan.code)).toEqual([[4, 'a']]);
    });

    it('allows 500 rules in a plan and reports 501 at the plan name', async () => {
        const policy = (count: number) => {
            const rules = Array.from({ length: count }, (_, i) => `rule r${i} { markup 1% service S${i} }`);
            return `${rules.join('\n')}\nplan big { rules ${rules.map((_, i) => `r${i}`).join(', ')} }\n${GROUP.replace('plan p', 'plan big')}`;
        };
        expect(await validate(policy(500))).toEqual([]);
        const text = policy(501);
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.tooManyRulesInPlan.code)).toEqual([[502, 'big']]);
        expect(diagnostics[0].message).toBe('plan has 501 rules; ABC allows at most 500 per plan');
    });
});

describe('unused rules and plans', () => {
    afterEach(reset);

    it('warns about a rule no plan lists and a plan no group uses, at their names', async () => {
        const text = `rule a { markup 5% }\nrule b { markup 6% }\nplan p { rules a }\nplan q { }\n${GROUP}`;
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.unusedRule.code)).toEqual([[2, 'b']]);
        expect(locations(text, diagnostics, Issues.unusedPlan.code)).toEqual([[4, 'q']]);
        expect(diagnostics.every(d => d.severity === 2)).toBe(true);
    });

    it('counts plans and groups of importing files', async () => {
        const result = await validateAll({
            'rates.billing': 'rule a { markup 5% }\nrule b { markup 6% }\nplan p { rules a }\nplan q { rules b }',
            'main.billing': `import "rates.billing"\n${GROUP}`,
        });
        const rates = 'rule a { markup 5% }\nrule b { markup 6% }\nplan p { rules a }\nplan q { rules b }';
        expect(codes(result['rates.billing'])).toEqual([Issues.unusedPlan.code]);
        expect(locations(rates, result['rates.billing'], Issues.unusedPlan.code)).toEqual([[4, 'q']]);
        expect(result['main.billing']).toEqual([]);
    });
});
