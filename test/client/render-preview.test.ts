import { describe, expect, it } from 'vitest';
import type { CostReport } from '../../engine/report/types.js';
import { renderCostChart } from '../../client/preview/chart.js';
import { contentSecurityPolicy, renderPreviewBody, renderPreviewDocument, shownPeriod, type PreviewModel } from '../../client/preview/render-preview.js';
import { handReport, readyStatus } from './report-fixture.js';

const options = { nonce: 'TESTNONCE123', cspSource: 'https://file+.vscode-resource.vscode-cdn.net' };

function model(overrides: Partial<PreviewModel> = {}): PreviewModel {
    return { uri: 'file:///ws/acme.billing', policyLabel: 'acme.billing', status: readyStatus, report: handReport, period: '2026-03', ...overrides };
}

/** The section of one billing group. */
function groupSection(html: string, group: string): string {
    const start = html.indexOf(`data-group="${group}" aria-label`);
    expect(start).toBeGreaterThan(-1);
    return html.slice(start, html.indexOf('</section>', start));
}

describe('bill preview HTML: security', () => {
    const html = renderPreviewDocument(model(), options);

    it('declares a strict Content-Security-Policy with the nonce', () => {
        const csp = contentSecurityPolicy(options);
        expect(csp).toBe(`default-src 'none'; style-src ${options.cspSource} 'nonce-TESTNONCE123'; script-src 'nonce-TESTNONCE123'; img-src ${options.cspSource} data:`);
        expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${csp.replace(/'/g, '&#39;')}">`);
    });

    it('every script and style element carries the nonce; no inline handlers or style attributes', () => {
        const scripts = html.match(/<script\b[^>]*>/g) ?? [];
        const styles = html.match(/<style\b[^>]*>/g) ?? [];
        expect(scripts).toEqual(['<script nonce="TESTNONCE123">']);
        expect(styles).toEqual(['<style nonce="TESTNONCE123">']);
        expect(html).not.toMatch(/\sstyle="/);
        expect(html).not.toMatch(/\son[a-z]+="/i);
    });

    it('loads nothing remote: no http(s) URL outside the CSP source, no <link>, <img src> or @import', () => {
        const withoutCsp = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
        expect(withoutCsp).not.toMatch(/https?:\/\//);
        expect(withoutCsp).not.toMatch(/<link\b|<img\b|@import|url\(/);
    });

    it('escapes names and descriptions from the policy', () => {
        const hostile: CostReport = {
            ...handReport,
            groups: [{ ...handReport.groups[0], name: 'x<script>', description: '"><img src=x onerror=alert(1)>' }],
        };
        const body = renderPreviewBody(model({ report: hostile }));
        expect(body).not.toContain('<script>');
        expect(body).not.toContain('<img');
        expect(body).toContain('x&lt;script&gt;');
    });

    it('shows a Marketplace product as "Name (code)" in the by-service table, its data-derived name escaped', () => {
        const [s3, ec2, abc] = handReport.groups[0]!.byService;
        const named: CostReport = {
            ...handReport,
            groups: [{ ...handReport.groups[0]!, byService: [s3!, { ...ec2!, service: 'prod-4dx5bqf7ab2ek', serviceName: 'Acme <img src=x onerror=alert(1)> & "Co"' }, abc!] }],
        };
        const body = renderPreviewBody(model({ report: named }));
        expect(body).not.toContain('<img');
        expect(body).toContain('Acme &lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot; (prod-4dx5bqf7ab2ek)');
        // A service without a name is its code, as before.
        expect(body).toContain('>AmazonS3<');
    });
});

describe('bill preview HTML: figures', () => {
    const body = renderPreviewBody(model());

    it('shows group totals rounded half-even to cents', () => {
        const web = groupSection(body, 'web');
        expect(web).toContain('$1,200.46'); // AWS cost
        expect(web).toContain('$1,591.04'); // pro forma 1591.0368215
        expect(web).toContain('$390.58'); // margin 390.5768215
        expect(web).toContain('24.55%');
        // By service: EC2 1000.125 → $1,000.12 (tie to even), S3 200.335 → $200.34; pro forma 900.1125 → $900.11.
        expect(web).toContain('<td>AmazonEC2</td><td class="num">$1,000.12</td><td class="num">$900.11</td><td class="num negative">−$100.01</td>');
        expect(web).toContain('<td>AmazonS3</td><td class="num">$200.34</td><td class="num">$214.36</td><td class="num">$14.02</td>');
        // By account: 1100.455 → $1,100.46, 100.005 → $100.00.
        expect(web).toContain('$1,100.46');
        expect(web).toContain('$100.00');
        // Custom line items: fee, percentage fee with its base, credit (negative).
        expect(web).toContain('$500.00');
        expect(web).toContain('2% of $1,614.47');
        expect(web).toContain('$32.29');
        expect(web).toContain('−$55.72'); // U+2212, as the server's CodeLens
        expect(web).toContain('Export pro forma CUR…');
    });

    it('says "no usage" for a group without usage, never $0.00', () => {
        const data = groupSection(body, 'data');
        expect(data).toContain('no usage');
        expect(data).not.toContain('$0.00');
        expect(data).not.toContain('<table');
    });

    it('shows a group without usage but with a flat fee at the fee amount', () => {
        const feeOnly: CostReport = {
            ...handReport,
            groups: [{ ...handReport.groups[1], proformaCost: '250', margin: '250', marginPercent: '100.00',
                customLineItems: [{ name: 'support', type: 'FEE', amount: '250', accountId: '333333333333', presentationService: 'AWSBillingConductor', computation: 'CONSOLIDATED' }] }],
        };
        const data = groupSection(renderPreviewBody(model({ report: feeOnly })), 'data');
        expect(data).toMatch(/AWS cost<\/span><span class="value"><span class="no-usage">no usage/);
        expect(data).toContain('$250.00');
        expect(data).not.toContain('$0.00');
    });

    it('shows each figure as its exact value rounded once, the same as the CLI table and the CodeLens', () => {
        // aws 3605.5133937446 → 3,605.51; pro forma 2481.048140425319 → 2,481.05; margin −1124.465253319281 → −1,124.47
        // (the exact margin rounded, not 2,481.05 − 3,605.51). Second group: aws 0.005 → 0.00 (half-even, even
        // though the input total 0.01 would "want" the cent); unassigned 0.005 → 0.00; input 3605.5233937446 → 3,605.52;
        // the groups' AWS cost 3605.5133937446 + 0.005 = 3605.5183937446 → 3,605.52.
        const data = { ...handReport.groups[0], name: 'data', awsCost: '3605.5133937446', proformaCost: '2481.048140425319', margin: '-1124.465253319281', marginPercent: '-45.32', byService: [], byAccount: [], customLineItems: [], rules: [] };
        const tiny = { ...data, name: 'tiny', awsCost: '0.005', proformaCost: '0.005', margin: '0', marginPercent: '0.00' };
        const report: CostReport = {
            ...handReport,
            groups: [data, tiny],
            unassigned: { awsCost: '0.005', byPeriod: [{ period: '2026-03', awsCost: '0.005' }], accounts: [] },
            total: { awsCost: '3605.5233937446', proformaCost: '2481.053140425319', margin: '-1124.470253319281' },
            reconciliation: { groupsAwsCost: '3605.5183937446', unassignedAwsCost: '0.005', inputAwsCost: '3605.5233937446', difference: '0' },
        };
        const body = renderPreviewBody(model({ report }));
        expect(groupSection(body, 'data')).toContain('<span class="value negative">−$1,124.47</span>');
        expect(groupSection(body, 'tiny')).toMatch(/AWS cost<\/span><span class="value">\$0\.00</);
        expect(body).toMatch(/Unassigned AWS cost<\/span><span class="value">\$0\.00</);
        expect(body).toMatch(/Input AWS cost \(2026-03\)<\/span><span class="value">\$3,605\.52</);
        expect(body).toMatch(/Billing groups: AWS cost<\/span><span class="value">\$3,605\.52</);
    });

    it('lists unassigned accounts and reconciles to the input total', () => {
        expect(body).toContain('555555555555');
        expect(body).toContain('$12.34'); // 12.345 → tie to even
        expect(body).toContain('Σ groups + unassigned = input total $1,212.80 (difference 0, exact).');
        expect(body).toContain('<td>Σ billing groups AWS cost</td><td class="num">$1,200.46</td>');
    });

    it('draws the chart with both bars per group and "no usage" for the idle group', () => {
        const svg = renderCostChart(handReport.groups, 'USD');
        expect(svg.match(/class="bar-aws"/g)).toHaveLength(2); // legend + web
        expect(svg.match(/class="bar-proforma"/g)).toHaveLength(2);
        expect(svg).toContain('>no usage</text>');
        expect(svg).toContain('$1,591.04');
        expect(body).toContain('<svg class="chart"');
    });

    it('marks the focused group and keeps the state the serializer restores', () => {
        const html = renderPreviewDocument(model({ focusGroup: 'web', reveal: true }), options);
        expect(html).toContain('<section class="group focused" id="group-web" data-group="web"');
        expect(html).toContain('data-state="{&quot;uri&quot;:&quot;file:///ws/acme.billing&quot;,&quot;group&quot;:&quot;web&quot;,&quot;period&quot;:&quot;2026-03&quot;,&quot;reveal&quot;:true}"');
    });

    it('offers the periods of the report, the shown one selected', () => {
        expect(body).toContain('<option value="2026-03" selected>2026-03</option>');
        expect(shownPeriod(model({ period: '2030-01' }))).toBe('2026-03');
        expect(shownPeriod(model({ period: undefined }))).toBe('2026-03');
    });
});

describe('bill preview HTML: without a report', () => {
    it('no data loaded: explains, offers "Select billing data…", shows no money', () => {
        const body = renderPreviewBody(model({ report: null, status: { state: 'none', periods: [] }, reason: 'No billing data is loaded.' }));
        expect(body).toContain('No billing data is loaded.');
        expect(body).toContain('data-command="selectData"');
        expect(body).not.toMatch(/\$\d/);
    });

    it('loading: shows progress, no money and no select button in the message', () => {
        const body = renderPreviewBody(model({ report: null, status: { state: 'loading', source: 'cur/', periods: [], progress: 0.42 } }));
        expect(body).toContain('Loading billing data from <code>cur/</code> (42%)…');
        expect(body).not.toMatch(/\$\d/);
    });

    it('data error: shows the message', () => {
        const body = renderPreviewBody(model({ report: null, status: { state: 'error', source: 'x.csv', periods: [], message: 'x.csv:3:7: expected a number' }, reason: 'no data loaded: x.csv:3:7: expected a number' }));
        expect(body).toContain('Billing data could not be loaded: x.csv:3:7: expected a number');
        expect(body.split('expected a number')).toHaveLength(2); // said once, not again in the server's reason
    });
});

describe('bill preview HTML: a policy with errors (issue 11, defect 2)', () => {
    const firstError = { uri: 'file:///ws/acme%20x.billing', line: 11, character: 7, message: "Could not resolve reference to Plan named 'standrad'." };

    it('shows the last figures without errors under a stale banner that links to the first error', () => {
        const body = renderPreviewBody(model({ stale: 'policy has errors', firstError }));
        const banner = body.slice(body.indexOf('<section class="stale"'), body.indexOf('</section>', body.indexOf('<section class="stale"')));
        expect(banner).toContain('<strong>Stale:</strong> policy has errors.');
        expect(banner).toContain('data-command="openError"');
        // 1-based line as the editor shows it, file name decoded, message escaped.
        expect(banner).toContain('acme x.billing:12: Could not resolve reference to Plan named &#39;standrad&#39;.');
        expect(body).toContain('section class="group');
        expect(renderPreviewBody(model())).not.toContain('class="stale"');
    });

    it('without figures offers the first error, not "Select billing data…"', () => {
        const body = renderPreviewBody(model({ report: null, reason: 'policy has errors', firstError }));
        const empty = body.slice(body.indexOf('<section class="empty"'));
        expect(empty).toContain('data-command="openError"');
        expect(empty).not.toContain('data-command="selectData"');
        // Without errors, the way out of an empty preview is still other data.
        const noData = renderPreviewBody(model({ report: null, reason: 'no data loaded' }));
        expect(noData.slice(noData.indexOf('<section class="empty"'))).toContain('data-command="selectData"');
    });
});

describe('bill preview HTML: trend across periods', () => {
    // web over four periods, the preview showing 2026-03 (so 2026-04 is not in its trend):
    //   2026-01 pro forma 100.005 → $100.00 (5 after an even 0: stays), AWS 90.015 → $90.02 (5 after an odd 1: up),
    //           margin 9.99 → $9.99
    //   2026-02 pro forma 80 → $80.00, AWS 85.5 → $85.50, margin −5.5 → −$5.50
    //   2026-03 handReport's web: pro forma 1591.0368215 → $1,591.04, AWS 1200.46 → $1,200.46, margin 390.5768215 → $390.58
    const web = handReport.groups.find((g) => g.name === 'web')!;
    const at = (period: string, proformaCost: string, awsCost: string, margin: string) => ({ ...web, period, proformaCost, awsCost, margin });
    const trend: CostReport = {
        ...handReport,
        periods: ['2026-01', '2026-02', '2026-03', '2026-04'],
        groups: [at('2026-01', '100.005', '90.015', '9.99'), at('2026-02', '80', '85.5', '-5.5'), web, at('2026-04', '1', '1', '0')],
    };

    it('shows each group\'s pro forma, AWS cost and margin per period up to the shown one, each rounded once', () => {
        const body = renderPreviewBody(model({ trend }));
        const section = body.slice(body.indexOf('data-trend-group="web"'));
        expect(body).toContain('Trend across periods (2026-01 to 2026-03)');
        expect(section).toContain('<td>2026-01</td><td class="num">$100.00</td><td class="num">$90.02</td><td class="num">$9.99</td>');
        expect(section).toContain('<td>2026-02</td><td class="num">$80.00</td><td class="num">$85.50</td><td class="num negative">\u2212$5.50</td>');
        expect(section).toContain('<tr class="current"><td>2026-03</td><td class="num">$1,591.04</td><td class="num">$1,200.46</td><td class="num">$390.58</td>');
        expect(section).not.toContain('2026-04');
        expect(section.match(/<rect class="bar-proforma/g)).toHaveLength(3);
    });

    it('while the trend is priced again, shows the last one marked as predating the change, or says it is being priced', () => {
        const pending = renderPreviewBody(model({ trend, trendPending: true }));
        expect(pending).toContain('<section class="trend pending"');
        expect(pending).toContain('Trend across periods (2026-01 to 2026-03) — updating');
        expect(pending).toContain('these trend figures are from before the last change');
        expect(renderPreviewBody(model({ trend }))).not.toContain('from before the last change');
        const first = renderPreviewBody(model({ trend: null, trendPending: true }));
        expect(first).toContain('Pricing every period for the trend…');
        expect(first).not.toContain('Trend across periods');
    });

    it('shows no trend for a single period or without the all-periods report', () => {
        expect(renderPreviewBody(model())).not.toContain('Trend across periods');
        expect(renderPreviewBody(model({ trend: handReport }))).not.toContain('Trend across periods');
    });
});

describe('bill preview HTML: re-applied commitments', () => {
    it("shows a group's coverage and each owned commitment's utilization when the report carries them", () => {
        const [first, ...rest] = handReport.groups;
        // Figures as the engine reports them (hand-worked in test/engine/commitments/hourly-reapplication.test.ts).
        const withCommitments = {
            ...first!,
            commitments: {
                eligibleCost: '0.532', coveredCost: '0.447', coveragePercent: '84.02',
                commitments: [{ arn: 'arn:aws:ec2:us-east-1:111111111111:reserved-instances/ri-1', kind: 'reservation' as const, ownerAccountId: '111111111111', unit: 'normalized-units' as const, used: '8', capacity: '2976', utilizationPercent: '0.27' }],
            },
        };
        const html = renderPreviewBody(model({ report: { ...handReport, groups: [withCommitments, ...rest] } }));
        const section = groupSection(html, first!.name);
        expect(section).toContain('Coverage 84.02%: $0.45 of $0.53 eligible on-demand usage');
        expect(section).toContain('<code>arn:aws:ec2:us-east-1:111111111111:reserved-instances/ri-1</code></td><td>Reserved Instance</td><td class="num">0.27%</td>');
        expect(groupSection(renderPreviewBody(model()), first!.name)).not.toContain('Reserved Instances and Savings Plans');
    });
});

describe('bill preview HTML: onboarding on the user\'s own data (issue 11, defect 8)', () => {
    it('says none of the accounts are in the sample and offers to select the CUR', () => {
        const body = renderPreviewBody(model({ sampleWithoutAccounts: 'none of your accounts are in the sample data — select your CUR' }));
        const banner = body.slice(body.indexOf('<section class="notice sample-without-accounts"'));
        expect(banner).toContain('<strong>None of your accounts are in the sample data — select your CUR.</strong>');
        expect(banner).toContain('<button class="primary" data-command="selectData">Select your CUR…</button>');
        expect(renderPreviewBody(model())).not.toContain('sample-without-accounts');
    });
});
