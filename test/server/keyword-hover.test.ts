import { AstUtils, GrammarAST } from 'langium';
import { afterAll, describe, expect, it } from 'vitest';
import { KEYWORD_DOCS } from '../../server/lsp/keyword-docs.js';
import { createKit, hoverAt, TINY_POLICY_TEXT } from './server-kit.js';

describe('keyword hovers from the one table of keyword docs', () => {
    const kit = createKit();
    afterAll(() => kit.reset());

    it('has an entry for every word keyword of the grammar, in every rule that uses it', () => {
        const missing = AstUtils.streamAllContents(kit.services.Grammar)
            .filter(GrammarAST.isKeyword)
            .filter(keyword => /^[a-z]/.test(keyword.value))
            .map(keyword => ({ keyword: keyword.value, rule: AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)!.name }))
            // The Name rule lists keywords a name may be: no keyword is used there.
            .filter(({ keyword, rule }) => rule !== 'Name' && rule !== 'OnOff' && !KEYWORD_DOCS[`${rule}:${keyword}`] && !KEYWORD_DOCS[keyword])
            .map(({ keyword, rule }) => `${rule}:${keyword}`)
            .toArray();
        expect(missing).toEqual([]);
    });

    it('shows the table entry of the keyword hovered, by the rule it is used in', async () => {
        const document = await kit.open(TINY_POLICY_TEXT);
        expect(await hoverAt(kit, document, 'markup 10%')).toBe(KEYWORD_DOCS.markup);
        expect(await hoverAt(kit, document, 'plan standard {')).toBe(KEYWORD_DOCS['Plan:plan']);
        expect(await hoverAt(kit, document, '  plan standard\n', 2)).toBe(KEYWORD_DOCS['PlanUse:plan']);
        expect(await hoverAt(kit, document, 'fee platform')).toBe(KEYWORD_DOCS.fee);
        expect(await hoverAt(kit, document, 'from 2026-06')).toBe(KEYWORD_DOCS['FromPeriod:from']);
    });
});

describe('hovers on service codes and usage types, with their cost in the data', () => {
    const kit = createKit();
    afterAll(() => kit.reset());

    it('a service code: its line items and AWS cost in the period shown', async () => {
        // tiny-cur.csv, AmazonEC2 in 2026-03: web-prod 100.00 + web-dev 10.00 = 110.00 (2 line items); 2026-02 has one more.
        const document = await kit.open(TINY_POLICY_TEXT);
        expect(await hoverAt(kit, document, 'AmazonEC2 }')).toBe('**AmazonEC2** — service code\n\nIn 2026-03: 2 line items, AWS cost $110.00 (3 in all periods)');
    });

    it('a usage type, and a code the data does not have', async () => {
        // USE1-TimedStorage-ByteHrs in 2026-03: web-prod 20.00 + sandbox 5.00 = 25.00.
        const text = TINY_POLICY_TEXT.replace('rule ec2-discount { discount 20% service AmazonEC2 }',
            'rule ec2-discount { discount 20% service AmazonEC2 }\nrule s3 { markup 5% service AmazonS3 usage-type "USE1-TimedStorage-ByteHrs" }\nrule lambda { markup 5% service AWSLambda }');
        const document = await kit.open(text);
        expect(await hoverAt(kit, document, '"USE1-TimedStorage-ByteHrs"', 2)).toBe('**USE1-TimedStorage-ByteHrs** — usage type\n\nIn 2026-03: 2 line items, AWS cost $25.00 (2 in all periods)');
        expect(await hoverAt(kit, document, 'AWSLambda')).toMatch(/^\*\*AWSLambda\*\* — service code\n\nNo line item of the data has this service code/);
    });
});
