import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKit, hoverAt } from './server-kit.js';

/**
 * Issue 11: the hover of a Marketplace product code reads "Name (code)" from the data (a FOCUS file here); the rule
 * still names the code. The name is hostile: escaped for Markdown, and safeMarkdown leaves no tag or link.
 */
const CODE = 'prod-4dx5bqf7ab2ek';
const HOSTILE = 'Acme <img src=x> [site](http://evil.example) *fast*';
const dir = mkdtempSync(path.join(tmpdir(), 'billing-product-hover-'));
const FOCUS = path.join(dir, 'focus.csv');
writeFileSync(FOCUS, [
    'BillingPeriodStart,SubAccountId,x_ServiceCode,ServiceName,x_UsageType,x_Operation,ChargeCategory,ProviderName,PublisherName,BillingCurrency,BilledCost,ListCost,ConsumedQuantity',
    '2026-03-01T00:00:00Z,111111111111,AmazonEC2,Amazon Elastic Compute Cloud,BoxUsage:t3.micro,RunInstances,Usage,AWS,AWS,USD,10.00,10.00,1',
    `2026-03-01T00:00:00Z,111111111111,${CODE},"${HOSTILE}",MP:Software,Subscribe,Usage,AWS,Acme Inc.,USD,6.00,,1`,
].join('\n') + '\n');

const POLICY = `account 111111111111 "web-prod"
rule mp { markup 5% service ${CODE} }
rule ec2 { markup 5% service AmazonEC2 }
plan standard { rules mp, ec2 }
group web {
  primary 111111111111
  accounts 111111111111
  plan standard
}
`;

describe('hovers and completions of Marketplace product codes', () => {
    const kit = createKit({ dataPaths: [FOCUS] });
    afterAll(async () => { await kit.reset(); rmSync(dir, { recursive: true, force: true }); });

    it('a Marketplace code: "Name (code)", escaped; an AWS code stays as it is', async () => {
        const document = await kit.open(POLICY);
        // markdownText escapes the brackets, then safeMarkdown (the server's last boundary) the '](' of a link too.
        expect(await hoverAt(kit, document, `${CODE} }`)).toBe(
            '**Acme &lt;img src=x&gt; \\[site\\]\\(http://evil.example) \\*fast\\* (prod-4dx5bqf7ab2ek)** — service code\n\nIn 2026-03: 1 line item, AWS cost $6.00 (1 in all periods)');
        expect(await hoverAt(kit, document, 'AmazonEC2 }')).toBe('**AmazonEC2** — service code\n\nIn 2026-03: 1 line item, AWS cost $10.00 (1 in all periods)');
    });

    it('a rule\'s "Matches in the data": "Name (code)" for a Marketplace product, escaped; an AWS code stays as it is', async () => {
        const document = await kit.open(POLICY);
        expect(await hoverAt(kit, document, 'mp {')).toContain(
            '\n\nMatches in the data: Acme &lt;img src=x&gt; \\[site\\]\\(http://evil.example) \\*fast\\* (`prod-4dx5bqf7ab2ek`)\n\n');
        expect(await hoverAt(kit, document, 'ec2 {')).toContain('\n\nMatches in the data: `AmazonEC2`\n\n');
    });

    it('the completion of a service code names the product in its detail', async () => {
        const text = 'rule r { markup 5% service ';
        const document = await kit.open(text);
        const list = await kit.services.lsp.CompletionProvider!.getCompletion(document, {
            textDocument: { uri: document.textDocument.uri }, position: document.textDocument.positionAt(text.length),
        });
        const item = list?.items.find(candidate => candidate.label === CODE);
        expect(item?.detail).toBe(`${HOSTILE} · service · 1 line item`);
        expect(list?.items.find(candidate => candidate.label === 'AmazonEC2')?.detail).toBe('service · 1 line item');
    });
});
