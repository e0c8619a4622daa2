/**
 * Issue 18, items 3 and 4: strings from the data (currency, account names, service codes) and from policies never
 * become markup in the bill preview, nor links, images or HTML in hovers and tooltips.
 */
import { describe, expect, it } from 'vitest';
import { renderPreviewBody, renderPreviewDocument, type PreviewModel } from '../../client/preview/render-preview.js';
import type { CostReport } from '../../engine/report/types.js';
import { safeHover, safeMarkdown } from '../../server/lsp/markdown-safety.js';
import { handReport, readyStatus } from '../client/report-fixture.js';

const SPOOF = '<b>USD 0.00 (approved)</b><img src=x>';
const model = (report: CostReport): PreviewModel => ({ uri: 'file:///ws/acme.billing', policyLabel: 'acme.billing', status: readyStatus, report, period: '2026-03' });

describe('bill preview: every data-derived string is text', () => {
    const group = handReport.groups[0]!;
    const hostile: CostReport = {
        ...handReport,
        currency: SPOOF,
        groups: [{
            ...group,
            byService: group.byService.map((line) => ({ ...line, service: `${line.service}${SPOOF}` })),
            byAccount: group.byAccount.map((line) => ({ ...line, accountName: SPOOF })),
            customLineItems: group.customLineItems.map((item) => ({ ...item, description: SPOOF })),
        }, ...handReport.groups.slice(1)],
    };

    it('the currency code (lineItem/CurrencyCode), service codes, account names: escaped in the body, summary and chart', () => {
        const body = renderPreviewBody(model(hostile));
        expect(body).not.toContain('<b>');
        expect(body).not.toContain('<img');
        expect(body).toContain('&lt;b&gt;USD 0.00 (approved)&lt;/b&gt;');
        const document = renderPreviewDocument(model(hostile), { nonce: 'N', cspSource: 'vscode-resource:' });
        expect(document).not.toContain('<img');
    });
});

describe('hover and tooltip Markdown: one boundary', () => {
    it('no remote image, no link, no HTML, whatever the text', () => {
        const text = safeMarkdown('**acct** ![pixel](https://evil.example/p.png) [click](https://evil.example) <img src=x> [ref][1]\n[1]: https://evil.example');
        expect(text).not.toMatch(/!\[[^\]]*\]\(/);
        expect(text).not.toMatch(/(^|[^\\])\]\(/);
        expect(text).not.toContain('<img');
        expect(text).not.toMatch(/^\[1\]:/m);
        expect(text).toContain('**acct**'); // the server's own emphasis stays
    });

    it('safeHover applies to Markdown hovers (doc comments from policies) and leaves others alone', () => {
        const hover = safeHover({ contents: { kind: 'markdown', value: '![t](https://evil.example/t.png)' } });
        expect((hover!.contents as { value: string }).value).toBe('!\\[t]\\(https://evil.example/t.png)');
        expect(safeHover(undefined)).toBeUndefined();
    });
});
