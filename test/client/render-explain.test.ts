import { describe, expect, it } from 'vitest';
import type { GroupExplanation } from '../../engine/explain/index.js';
import { explainRows, renderExplainBody, renderExplainDocument } from '../../client/preview/render-explain.js';
import { setPreviewLocale } from '../../client/preview/money.js';

setPreviewLocale(null);

// Exact figures whose cents do not add up once each is rounded (half-even), worked by hand:
//   AWS 1.005 → $1.00 (…0.5 to even); markup +0.005 → $0.00; charges 1.01 → $1.01: shown 1.00 + 0.00 ≠ 1.01 → Rounding +$0.01
//   fee 0.125 → $0.12; pro forma 1.135 → $1.14 (…3.5 to even 4): shown 1.01 + 0.12 ≠ 1.14 → Rounding +$0.01
const explanation: GroupExplanation = {
    group: 'web', period: '2026-03', currency: 'USD', plan: 'standard', accountIds: ['111111111111'], hasUsage: true,
    awsCost: '1.005', charges: '1.01', proformaCost: '1.135',
    steps: [
        { kind: 'kept', label: 'Kept at billed cost', why: 'fees', amount: '0', included: '0.5', cells: 1 },
        { kind: 'rule', label: 'rule markup', why: 'markup 0.5% <b>', amount: '0.005', cells: 1, base: '1.005', after: '1.01', factor: '1.005', top: [{ label: 'AmazonEC2', base: '1.005', after: '1.01' }] },
        { kind: 'line-item', label: 'Fee: platform', why: 'custom line item', amount: '0.125', cells: 0 },
    ],
};

describe('Explain this figure view', () => {
    it('rows whose shown cents add up, with a Rounding line where rounding each figure leaves a gap', () => {
        expect(explainRows(explanation).map((row) => [row.label, row.kind, row.cents ?? row.figure])).toEqual([
            ['AWS cost', 'total', 100n],
            ['Kept at billed cost', 'note', 50n],
            ['rule markup', 'step', 0n],
            ['Rounding', 'rounding', 1n],
            ['Charges', 'total', 101n],
            ['Fee: platform', 'step', 12n],
            ['Rounding', 'rounding', 1n],
            ['Pro forma', 'total', 114n],
        ]);
    });

    it('renders the steps with the same money as every view, escaped, and highlights the rule asked for', () => {
        const html = renderExplainBody({ policyLabel: 'policy.billing', explanation, focusRule: 'markup', sources: ['/data/cur.csv'] });
        expect(html).toContain('<h1>web · 2026-03</h1>');
        expect(html).toContain('$1.00');
        expect(html).toContain('+$0.12');
        expect(html).toContain('$1.14');
        expect(html).toContain('markup 0.5% &lt;b&gt;');
        expect(html).toContain('<tr class="step focus"><th scope="row">rule markup</th>');
        expect(html).toContain('Computed from /data/cur.csv.');
    });

    it('says why when there is nothing to explain, and ships no script', () => {
        expect(renderExplainBody({ policyLabel: 'p.billing', explanation: null, reason: 'policy has errors' })).toContain('policy has errors');
        const page = renderExplainDocument({ policyLabel: 'p.billing', explanation }, { nonce: 'abc', cspSource: 'vscode-resource:' });
        expect(page).toContain('content="default-src &#39;none&#39;; style-src &#39;nonce-abc&#39;;');
        expect(page).not.toContain('<script');
    });
});
