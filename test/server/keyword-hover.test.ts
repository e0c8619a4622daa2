import { existsSync, readFileSync } from 'node:fs';
import { AstUtils, CstUtils, GrammarAST } from 'langium';
import { afterAll, describe, expect, it } from 'vitest';
import { documentationUrl } from '../../cli/docs-links.js';
import { KEYWORD_DOCS, KEYWORD_SECTIONS } from '../../server/lsp/keyword-docs.js';
import { createKit, hoverAt, TINY_POLICY_TEXT } from './server-kit.js';

describe('keyword hovers from the one table of keyword docs', () => {
    const kit = createKit();
    afterAll(() => kit.reset());

    /** Every word keyword of the grammar, with the rule that uses it (the Name rule lists keywords a name may be: none is used there). */
    const grammarKeywords = () => AstUtils.streamAllContents(kit.services.Grammar)
        .filter(GrammarAST.isKeyword)
        .filter(keyword => /^[a-z]/.test(keyword.value))
        .map(keyword => ({ keyword: keyword.value, rule: AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)!.name }))
        .filter(({ rule }) => rule !== 'Name')
        .toArray();

    it('has an entry and a docs section for every word keyword of the grammar, in every rule that uses it', () => {
        const keywords = grammarKeywords();
        expect(keywords.length).toBeGreaterThan(40);
        const key = ({ keyword, rule }: { keyword: string; rule: string }, table: Readonly<Record<string, unknown>>) =>
            table[`${rule}:${keyword}`] !== undefined ? `${rule}:${keyword}` : table[keyword] !== undefined ? keyword : undefined;
        expect(keywords.filter(entry => key(entry, KEYWORD_DOCS) === undefined).map(({ keyword, rule }) => `${rule}:${keyword}`)).toEqual([]);
        // The section follows the entry the hover shows (a keyword documented per rule has its section per rule too).
        expect(keywords.filter(entry => !KEYWORD_SECTIONS[key(entry, KEYWORD_DOCS)!]).map(({ keyword, rule }) => `${rule}:${keyword}`)).toEqual([]);
        expect(Object.keys(KEYWORD_DOCS).filter(entry => !KEYWORD_SECTIONS[entry])).toEqual([]);
    });

    it('links to sections that exist: a shipped file, and a heading of it with that GitHub anchor', () => {
        const anchors = (file: string) => readFileSync(file, 'utf8').split('\n').filter(line => /^#{1,6} /.test(line))
            .map(line => line.replace(/^#+ /, '').trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'));
        const files = JSON.parse(readFileSync('package.json', 'utf8')).files as string[];
        for (const section of new Set(Object.values(KEYWORD_SECTIONS))) {
            expect(existsSync(section.path), section.path).toBe(true);
            expect(files.some(pattern => pattern === section.path || (pattern === 'docs/*.md' && /^docs\/[^/]+\.md$/.test(section.path))), section.path).toBe(true);
            if (section.anchor) expect(anchors(section.path), `${section.path}#${section.anchor}`).toContain(section.anchor);
        }
    });

    it('shows the table entry of the keyword hovered, by the rule it is used in, and a link to its docs section', async () => {
        const document = await kit.open(TINY_POLICY_TEXT);
        // package.json names no repository: the link runs the extension's billing.openDocs on the shipped README
        // (test/client/open-docs.test.ts), since VS Code opens a file://…#anchor link at the file's first line.
        expect(documentationUrl('README.md', 'x')).toMatch(/^file:/);
        const readme = (anchor: string) => `command:billing.openDocs?${encodeURIComponent(JSON.stringify(['README.md', anchor]))}`;
        expect(await hoverAt(kit, document, 'markup 10%')).toBe(`${KEYWORD_DOCS.markup}\n\n[Docs: Pricing rules](${readme('pricing-rules')})`);
        expect(await hoverAt(kit, document, 'plan standard {')).toBe(`${KEYWORD_DOCS['Plan:plan']}\n\n[Docs: Statements](${readme('statements')})`);
        expect(await hoverAt(kit, document, '  plan standard\n', 2)).toBe(`${KEYWORD_DOCS['PlanUse:plan']}\n\n[Docs: Billing groups](${readme('billing-groups')})`);
        expect(await hoverAt(kit, document, 'fee platform')).toBe(`${KEYWORD_DOCS.fee}\n\n[Docs: Custom line items](${readme('custom-line-items')})`);
        expect(await hoverAt(kit, document, 'from 2026-06')).toBe(`${KEYWORD_DOCS['FromPeriod:from']}\n\n[Docs: Custom line items](${readme('custom-line-items')})`);
        expect(decodeURIComponent(readme('pricing-rules'))).toBe('command:billing.openDocs?["README.md","pricing-rules"]');
    });

    it('every keyword of a policy that uses them all has a hover with a docs link', async () => {
        const text = [
            'import "shared.billing"', 'closed through 2026-01', 'payer 999999999999 "mgmt"', 'account 111111111111 "web-prod"', 'data "tiny-cur.csv"',
            'rule r { markup 5% from 2026-01 until 2026-09 service AmazonEC2 usage-type "U" operation "O" }',
            'rule e { discount 5% billing-entity "AWS" }',
            'rule t { tiering free-tier off tier 0 to 10 at 0.5 }', 'rule u { tiering free-tier on }',
            'plan p { rules r, e min-margin 5% }',
            'group g {', '  primary web-prod', '  accounts web-prod from 2026-01 until 2026-12', '  plan p', '  auto-associate', '  budget 100',
            '  fee f flat 1 account web-prod itemized presented-as X from 2026-01 until 2026-06',
            '  credit c 5% of charges, f exclude savings-plan-negation service != AmazonS3', '}',
            'group tr { transfer "arn:aws:billing::1:transfer/x" from 2026-01 accounts 111111111111 plan Passthrough }',
        ].join('\n');
        const document = await kit.open(text);
        const root = document.parseResult.value.$cstNode!;
        const keywords = CstUtils.streamCst(root).filter(node => GrammarAST.isKeyword(node.grammarSource) && /^[a-z]/.test(node.text)).toArray();
        const words = new Set(keywords.map(node => node.text));
        // The policy uses every word keyword of the grammar at least once.
        const all = new Set(grammarKeywords().map(entry => entry.keyword));
        expect([...all].filter(word => !words.has(word))).toEqual([]);
        for (const node of keywords) {
            const hover = await kit.services.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.textDocument.uri }, position: node.range.start });
            const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
            expect(value, `${node.text} at ${node.range.start.line + 1}:${node.range.start.character + 1}`).toMatch(/\n\n\[Docs: [^\]]+\]\([^)]+\)$/);
        }
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
