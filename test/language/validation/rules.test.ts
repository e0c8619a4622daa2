import { afterEach, describe, expect, it } from 'vitest';
import { Issues } from '../../../language/validation/issue-codes.js';
import { codes, locations, reset, validate } from './helpers.js';

/** Validates rules on their own; unused-rule warnings are left out of the assertions. */
async function ruleDiagnostics(text: string) {
    return (await validate(text)).filter(d => d.code !== Issues.unusedRule.code);
}

describe('rule scope fields', () => {
    afterEach(reset);

    it('accepts the four scopes', async () => {
        const text = [
            'rule global { markup 7% }',
            'rule service { markup 7% service AmazonEC2 }',
            'rule entity { markup 0% billing-entity "AWS Marketplace" }',
            'rule sku-usage { discount 5% service AmazonEC2 usage-type "USE1-BoxUsage:m5.large" }',
            'rule sku-operation { discount 5% service AmazonEC2 operation RunInstances }',
            'rule sku-both { discount 5% operation RunInstances usage-type "USE1-BoxUsage:m5.large" service AmazonEC2 }',
        ].join('\n');
        expect(await ruleDiagnostics(text)).toEqual([]);
    });

    it('reports usage-type or operation without service, and service with billing-entity, at the offending field', async () => {
        const text = [
            'rule a { markup 1% usage-type "USE1-BoxUsage:m5.large" }',
            'rule b { markup 1% operation RunInstances }',
            'rule c { markup 1% service AmazonEC2 billing-entity AWS }',
            'rule d { markup 1% billing-entity AWS usage-type X }',
        ].join('\n');
        const diagnostics = await ruleDiagnostics(text);
        expect(locations(text, diagnostics, Issues.invalidRuleScope.code)).toEqual([
            [1, '"USE1-BoxUsage:m5.large"'], [2, 'RunInstances'], [3, 'AWS'], [4, 'X'],
        ]);
        expect(codes(diagnostics).every(code => code === Issues.invalidRuleScope.code)).toBe(true);
    });

    it('reports a field given twice at the repetition', async () => {
        const text = 'rule a { markup 1% service AmazonEC2 usage-type X usage-type Y operation P operation Q service AmazonS3 }';
        const diagnostics = await ruleDiagnostics(text);
        expect(locations(text, diagnostics, Issues.repeatedRuleField.code).map(([, t]) => t)).toEqual(['AmazonS3', 'Y', 'Q']);
    });

    it('checks field values against what ABC accepts', async () => {
        const text = [
            'rule a { markup 1% service "Amazon EC2" }',
            'rule b { markup 1% service AmazonEC2 usage-type "USE1 Box" }',
            'rule c { markup 1% service AmazonEC2 operation "" }',
            'rule d { markup 1% billing-entity "AWS/Marketplace" }',
            'rule e { markup 1% billing-entity "AWS marketplace" }',
        ].join('\n');
        const diagnostics = await ruleDiagnostics(text);
        expect(locations(text, diagnostics, Issues.invalidFieldValue.code)).toEqual([
            [1, '"Amazon EC2"'], [2, '"USE1 Box"'], [3, '""'], [4, '"AWS/Marketplace"'],
        ]);
        expect(locations(text, diagnostics, Issues.unknownBillingEntity.code)).toEqual([[5, '"AWS marketplace"']]);
    });
});

describe('rule modifiers', () => {
    afterEach(reset);

    it('reports a rule without modifier at its name', async () => {
        const text = 'rule ec2 { service AmazonEC2 }';
        expect(locations(text, await ruleDiagnostics(text), Issues.missingModifier.code)).toEqual([[1, 'ec2']]);
    });

    it('reports every modifier after the first', async () => {
        const text = 'rule a { markup 7% discount 3% tiering free-tier off }';
        const diagnostics = await ruleDiagnostics(text);
        expect(locations(text, diagnostics, Issues.multipleModifiers.code)).toEqual([[1, 'discount 3%'], [1, 'tiering free-tier off']]);
        expect(diagnostics[0].message).toContain('`markup` and `discount`');
    });

    it('checks modifier values: negative, discount over 100%, more than 2 decimals', async () => {
        const text = [
            'rule a { markup -5% }',
            'rule b { discount -0.5% }',
            'rule c { discount 100.01% }',
            'rule d { discount 100% }',
            'rule e { markup 250% }',
            'rule f { markup 7.125% }',
            'rule g { markup 7.120% }',
            'rule h { discount 0% }',
        ].join('\n');
        const diagnostics = await ruleDiagnostics(text);
        expect(locations(text, diagnostics, Issues.negativeModifier.code)).toEqual([[1, '-5'], [2, '-0.5']]);
        expect(locations(text, diagnostics, Issues.discountOver100.code)).toEqual([[3, '100.01']]);
        expect(locations(text, diagnostics, Issues.modifierPrecision.code)).toEqual([[6, '7.125']]);
        expect(diagnostics).toHaveLength(4);
    });

    it('allows tiering on GLOBAL and SERVICE scopes only', async () => {
        const text = [
            'rule a { tiering free-tier off }',
            'rule b { tiering free-tier off service AmazonEC2 }',
            'rule c { tiering free-tier off service AmazonEC2 usage-type X }',
            'rule d { tiering free-tier off billing-entity AWS }',
        ].join('\n');
        const diagnostics = await ruleDiagnostics(text);
        expect(locations(text, diagnostics, Issues.tieringScope.code)).toEqual([[3, 'tiering free-tier off'], [4, 'tiering free-tier off']]);
        expect(diagnostics).toHaveLength(2);
    });

    it('warns about a tiering rule that changes nothing', async () => {
        const text = 'rule a { tiering }\nrule b { tiering free-tier on }\nrule c { tiering free-tier on tier 0 at 0.01 }';
        const diagnostics = await ruleDiagnostics(text);
        expect(locations(text, diagnostics, Issues.ineffectiveTiering.code)).toEqual([[1, 'tiering'], [2, 'tiering free-tier on']]);
        expect(diagnostics.every(d => d.severity === 2)).toBe(true);
    });

    it('a SERVICE `free-tier on` under a GLOBAL `free-tier off` has an effect: no warning; in a plan without one, a warning at its entry', async () => {
        const text = [
            'rule off { tiering free-tier off }',
            'rule s3-on { tiering free-tier on service AmazonS3 }',
            'plan keeps-s3-free { rules off, s3-on }',
            'plan no-off { rules s3-on }',
        ].join('\n');
        const diagnostics = await ruleDiagnostics(text);
        // Only plan no-off's entry: in keeps-s3-free, S3 keeps its free tier while every other service loses it.
        expect(locations(text, diagnostics, Issues.ineffectiveTiering.code)).toEqual([[4, 's3-on']]);
        expect(diagnostics.find(d => d.code === Issues.ineffectiveTiering.code)!.message).toContain("tiering rule 's3-on' has no effect in this plan");
    });
});

describe('custom tiers', () => {
    afterEach(reset);

    it('accepts contiguous tiers from 0, in any order, with an open or bounded last tier', async () => {
        const text = [
            'rule a { tiering service AmazonS3 tier 1000 at 0.01 tier 0 to 1000 at 0.02 }',
            'rule b { tiering service AmazonS3 tier 0 to 50.5 at 0 tier 50.5 to 100 at 0.5 }',
            'rule c { tiering tier 0 at 0 }',
        ].join('\n');
        expect(await ruleDiagnostics(text)).toEqual([]);
    });

    it('reports tier lines in a rule that is not a tiering rule, at each tier', async () => {
        const text = 'rule a { markup 5% tier 0 to 10 at 1 tier 10 at 0.5 }';
        expect(locations(text, await ruleDiagnostics(text), Issues.tierWithoutTiering.code)).toEqual([[1, 'tier'], [1, 'tier']]);
    });

    it('reports reversed and empty ranges at their end', async () => {
        const text = 'rule a { tiering tier 0 to 10 at 1 tier 10 to 5 at 1 tier 10 to 10 at 1 tier 10 at 0.5 }';
        const diagnostics = await ruleDiagnostics(text);
        expect(locations(text, diagnostics, Issues.tierRangeReversed.code)).toEqual([[1, '5'], [1, '10']]);
        expect(codes(diagnostics).filter(c => c !== Issues.tierRangeReversed.code)).toEqual([]);
    });

    it('reports overlaps, including tiers after an open-ended one', async () => {
        const text = 'rule a { tiering tier 0 to 100 at 3 tier 50 to 200 at 2 tier 200 at 1 tier 300 to 400 at 0.5 }';
        const diagnostics = await ruleDiagnostics(text);
        expect(locations(text, diagnostics, Issues.tierOverlap.code)).toEqual([[1, 'tier 50 to 200 at 2'], [1, 'tier 300 to 400 at 0.5']]);
        expect(diagnostics).toHaveLength(2);
    });

    it('reports gaps before the first tier and between tiers, at the tier after the gap', async () => {
        const text = 'rule a { tiering tier 10 to 100 at 3 tier 200 at 1 }';
        const diagnostics = await ruleDiagnostics(text);
        expect(locations(text, diagnostics, Issues.tierGap.code)).toEqual([[1, '10'], [1, '200']]);
        expect(diagnostics.map(d => d.message)).toEqual([
            'no tier covers usage from 0 to 10: tiers must be contiguous from 0',
            'no tier covers usage from 100 to 200: tiers must be contiguous from 0',
        ]);
    });

    it('reports negative begins, ends and rates', async () => {
        const text = 'rule a { tiering tier -5 to 10 at 1 tier 10 to 20 at -1 }';
        const diagnostics = await ruleDiagnostics(text);
        expect(locations(text, diagnostics, Issues.negativeTierValue.code)).toEqual([[1, '-5'], [1, '-1']]);
    });

    it('allows 10 tiers and reports the 11th', async () => {
        const tiers = (count: number) => Array.from({ length: count }, (_, i) => `tier ${i} ${i === count - 1 ? '' : `to ${i + 1} `}at 1`).join(' ');
        expect(await ruleDiagnostics(`rule a { tiering ${tiers(10)} }`)).toEqual([]);
        const text = `rule a { tiering ${tiers(11)} }`;
        expect(locations(text, await ruleDiagnostics(text), Issues.tooManyTiers.code)).toEqual([[1, 'tier 10 at 1']]);
    });
});
