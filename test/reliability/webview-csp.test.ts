import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, renderPreviewBody, renderPreviewDocument, type PreviewModel } from '../../client/preview/render-preview.js';
import type { CostReport } from '../../engine/report/types.js';
import { handReport, readyStatus } from '../client/report-fixture.js';

/**
 * The bill preview webview's Content-Security-Policy, read back from the rendered document as a browser would,
 * and the properties that make it hold: whatever names, descriptions and messages a policy or the data carry,
 * the document has exactly one script and one style, both with the nonce, and nothing else that could run or
 * load (no inline handler, no javascript: URL, no remote URL).
 */

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

/** The CSP of a rendered document: its meta tag, unescaped and split into directives. */
function policyOf(html: string): Map<string, string[]> {
    const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    expect(match, 'a CSP meta tag').not.toBeNull();
    const text = match![1]!.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    return new Map(text.split(';').map(part => part.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

const model = (report: CostReport): PreviewModel => ({ uri: 'file:///ws/acme.billing', policyLabel: 'acme.billing', status: readyStatus, report, period: '2026-03' });

describe('webview Content-Security-Policy', () => {
    it('blocks everything by default and admits only the nonce\'s script and style and local or inline images', () => {
        const nonce = 'bm9uY2Utb25lLXR3by10aHJlZQ';
        const csp = policyOf(renderPreviewDocument(model(handReport), { nonce, cspSource: CSP_SOURCE }));
        expect(csp.get('default-src')).toEqual(["'none'"]);
        expect(csp.get('script-src')).toEqual([`'nonce-${nonce}'`]);
        expect(csp.get('style-src')).toEqual([CSP_SOURCE, `'nonce-${nonce}'`]);
        expect(csp.get('img-src')).toEqual([CSP_SOURCE, 'data:']);
        // No other directive loosens default-src 'none': no connect-src (no fetch, no WebSocket), no frames, fonts or media.
        expect([...csp.keys()].sort()).toEqual(['default-src', 'img-src', 'script-src', 'style-src']);
        const all = [...csp.values()].flat();
        for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", '*', 'http:', 'https:', 'blob:']) expect(all).not.toContain(unsafe);
        expect(contentSecurityPolicy({ nonce, cspSource: CSP_SOURCE })).toContain(`script-src 'nonce-${nonce}'`);
    });

    it('the panel renders with a fresh random nonce each time and scripts enabled only under that CSP (source check of preview-panel.ts)', () => {
        const source = readFileSync('client/preview/preview-panel.ts', 'utf8');
        expect(source).toMatch(/nonce: crypto\.randomBytes\(\d+\)\.toString\('base64url'\)/);
        expect(source).toMatch(/cspSource: this\.panel\.webview\.cspSource/);
        expect(source).toMatch(/localResourceRoots: \[this\.mediaRoot\]/);
        expect(source).not.toMatch(/enableCommandUris/);
    });

    it('holds whatever text the policy and the data bring: one script and one style, both with the nonce, nothing else that runs or loads (the chart is inline SVG, nothing in it loads)', () => {
        const hostile = fc.oneof(
            fc.string({ maxLength: 40 }),
            fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>", 'javascript:alert(1)',
                '</style><script>x()</script>', '<iframe src="https://evil.example">', '&lt;script&gt;', '${alert(1)}', '<a href="http://x">x</a>', '\u2028\u2029', '<!--', ']]>'),
        );
        fc.assert(fc.property(hostile, hostile, hostile, hostile, fc.constantFrom('bm9uY2U', 'YWJjZGVmZ2hpamtsbW5vcA'), (name, description, item, message, nonce) => {
            const group = handReport.groups[0]!;
            const report: CostReport = {
                ...handReport,
                groups: [{ ...group, name, description, customLineItems: group.customLineItems.map(line => ({ ...line, name: item, description: item })) }, ...handReport.groups.slice(1)],
                issues: [{ severity: 'warning', code: 'x', message }],
            };
            const html = renderPreviewDocument({ ...model(report), policyLabel: name, focusGroup: name }, { nonce, cspSource: CSP_SOURCE });
            expect(html.match(/<script\b[^>]*>/gi)).toEqual([`<script nonce="${nonce}">`]);
            expect(html.match(/<style\b[^>]*>/gi)).toEqual([`<style nonce="${nonce}">`]);
            expect(html).not.toMatch(/<(?:img|iframe|foreignObject|use|image|object|embed|link|base|form|meta(?! (?:charset|http-equiv="Content-Security-Policy"|name="viewport")))\b/i);
            // In the markup itself (text is escaped: `<` never starts a tag there), no handler and no javascript: URL.
            // Attribute values are double-quoted with `"` escaped inside, so dropping them leaves the attribute names.
            for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) {
                expect(tag.replace(/="[^"]*"/g, '=""')).not.toMatch(/\son[a-z]+\s*=/i);
                expect(tag).not.toMatch(/(?:href|src)\s*=\s*["']?\s*javascript:/i);
            }
            const body = renderPreviewBody(model(report));
            expect(body).not.toMatch(/<script\b/i);
        }), { numRuns: 300, seed: 606 });
    });
});
