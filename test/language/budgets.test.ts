/**
 * Budgets and margin floors in the language: grammar, compiled model, validation (BIL054, BIL064, BIL068,
 * BIL069), formatting, and that `budget` / `min-margin` stay usable as names.
 */
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { afterEach, describe, expect, it } from 'vitest';
import { createBillingServices } from '../../language/billing-module.js';
import { compilePolicy } from '../../language/compile/index.js';
import type { Policy } from '../../language/generated/ast.js';
import { formatPolicyText } from '../../language/lsp/format-text.js';
import { codes, HEADER, locations, reset, validate, webGroup, DATA_GROUP } from './validation/helpers.js';

const services = createBillingServices(EmptyFileSystem).Billing;
let counter = 0;
async function parse(text: string) {
    return parseHelper<Policy>(services)(text, { documentUri: `file:///budgets/doc-${counter++}.billing` });
}

const POLICY = `${HEADER.replace('plan standard { rules standard-markup }', 'plan standard { rules standard-markup min-margin 4.5% }')}
plan premium {
  rules standard-markup
}
${webGroup('budget 12000.00', 'min-margin 5%')}
group data {
  primary data-prod
  accounts data-prod
  plan standard
  budget 0
}
group spare {
  primary 444444444444
  accounts 444444444444
  plan premium
}
`;

describe('budgets and margin floors: parsing and compiling', () => {
    it('parses group `budget` / `min-margin` and a plan `min-margin` without syntax errors', async () => {
        const document = await parse(POLICY);
        expect(document.parseResult.lexerErrors).toEqual([]);
        expect(document.parseResult.parserErrors).toEqual([]);
    });

    it('compiles them into the optional model fields, the numbers as written', async () => {
        const model = compilePolicy([await parse(POLICY)]);
        const standard = model.plans.find(plan => plan.name === 'standard')!;
        const premium = model.plans.find(plan => plan.name === 'premium')!;
        expect(standard.minMarginPercent).toBe('4.5');
        expect('minMarginPercent' in premium).toBe(false);
        const [web, data, spare] = model.groups;
        expect([web!.budget, web!.minMarginPercent]).toEqual(['12000.00', '5']);
        expect([data!.budget, 'minMarginPercent' in data!]).toEqual(['0', false]);
        expect(['budget' in spare!, 'minMarginPercent' in spare!]).toEqual([false, false]);
    });

    it('keeps `budget` and `min-margin` usable as names (rules, line items)', async () => {
        const text = `${HEADER}
rule budget { markup 1% }
rule min-margin { discount 1% service AmazonEC2 }
plan other { rules budget, min-margin }
${webGroup('fee budget flat 10', 'fee min-margin 1% of budget', 'budget 50')}
${DATA_GROUP}`;
        const document = await parse(text);
        expect(document.parseResult.parserErrors).toEqual([]);
        const model = compilePolicy([document]);
        expect(model.plans.find(plan => plan.name === 'other')!.rules).toEqual(['budget', 'min-margin']);
        expect(model.groups[0]!.lineItems.map(item => item.name)).toEqual(['budget', 'min-margin']);
        expect(model.groups[0]!.budget).toBe('50');
    });
});

describe('budgets and margin floors: validation', () => {
    afterEach(reset);

    it('accepts valid budgets and floors (0, decimals, negative floors down to -100%)', async () => {
        const text = `${HEADER}
${webGroup('budget 0.5', 'min-margin -100%')}
group data {
  primary data-prod
  accounts data-prod
  plan standard
  budget 0
  min-margin 99.99%
}`;
        const diagnostics = await validate(text);
        expect(diagnostics.filter(d => d.severity === 1)).toEqual([]);
    });

    it('BIL068 at a negative budget', async () => {
        const text = `${HEADER}\n${webGroup('budget -0.01')}\n${DATA_GROUP}`;
        expect(locations(text, await validate(text), 'BIL068')).toEqual([[11, '-0.01']]);
    });

    it('BIL069 at a floor above 100%, below -100% or with more than 2 decimals, in groups and plans', async () => {
        const text = `${HEADER.replace('plan standard { rules standard-markup }', 'plan standard { rules standard-markup min-margin 100.5% }')}
${webGroup('min-margin -101%')}
group data {
  primary data-prod
  accounts data-prod
  plan standard
  min-margin 5.125%
}`;
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, 'BIL069')).toEqual([[6, '100.5'], [11, '-101'], [17, '5.125']]);
    });

    it('BIL064 at a repeated `budget` or `min-margin` of a group; BIL054 at a repeated plan `min-margin`', async () => {
        const text = `${HEADER.replace('plan standard { rules standard-markup }', 'plan standard {\n  rules standard-markup\n  min-margin 5%\n  min-margin 6%\n}')}
${webGroup('budget 10', 'min-margin 5%', 'budget 20', 'min-margin 6%')}
${DATA_GROUP}`;
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, 'BIL054')).toEqual([[9, 'min-margin 6%']]);
        expect(locations(text, diagnostics, 'BIL064')).toEqual([[17, 'budget 20'], [18, 'min-margin 6%']]);
        expect(codes(diagnostics).filter(code => code === 'BIL068' || code === 'BIL069')).toEqual([]);
    });
});

describe('budgets and margin floors: formatting', () => {
    it('puts each clause on its own line, the percent sign tight', async () => {
        const text = 'plan standard{rules a min-margin  5 %}\ngroup web{primary 111111111111 accounts 111111111111 plan standard budget   12000.00 min-margin 5 %}\nrule a { markup 1% }\n';
        expect(await formatPolicyText(text, services)).toBe([
            'plan standard {',
            '  rules a',
            '  min-margin 5%',
            '}',
            'group web {',
            '  primary 111111111111',
            '  accounts 111111111111',
            '  plan standard',
            '  budget 12000.00',
            '  min-margin 5%',
            '}',
            'rule a { markup 1% }',
            '',
        ].join('\n'));
    });
});
