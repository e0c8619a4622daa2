import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../../engine/report/types.js';
import { diffView, shownOf } from '../../client/preview/preview-patch.js';
import { previewView, renderGroupDetails, renderPreviewDocument, type PreviewModel } from '../../client/preview/render-preview.js';
import { handReport, readyStatus } from './report-fixture.js';
import { CHROMIUM_ARGS, loadToolchain } from '../e2e/toolchain.js';

/**
 * The bill preview of a real report (the CLI's `bill --format json` on the bundled sample) rendered in headless
 * Chromium under its own Content-Security-Policy, without VS Code: the page must run with no CSP violation, show the
 * figures the CLI's table shows, and leave a screenshot in test-results/.
 * Needs Chromium: run through `npm run test:e2e` (scripts/e2e-setup.sh provisions it).
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const results = path.join(root, 'test-results');
const PERIOD = '2026-03';

function cli(...args: string[]): string {
    return execFileSync(process.execPath, ['bin/billing.cjs', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Group rows of the CLI's table: name → [AWS cost, pro forma, margin] as printed (rounded by the engine's renderer). */
function tableFigures(table: string): Map<string, string[]> {
    const rows = new Map<string, string[]>();
    for (const line of table.split('\n')) {
        const match = /^(\S+)\s+(\d{4}-\d{2})\s+\d+\s+(-?[\d,]+\.\d\d)\s+(-?[\d,]+\.\d\d)\s+(-?[\d,]+\.\d\d)\s/.exec(line);
        if (match) rows.set(match[1], [match[3], match[4], match[5]]);
    }
    return rows;
}

/** "$1,234.56" / "−$1,234.56" → "1,234.56" / "-1,234.56", the CLI table's spelling. */
function asTable(text: string): string {
    return text.replace('\u2212', '-').replace('$', '');
}

describe('bill preview in Chromium (real report, no VS Code)', () => {
    let browser: Browser;
    let report: CostReport;

    beforeAll(async () => {
        const toolchain = loadToolchain();
        report = JSON.parse(cli('bill', 'examples/acme.billing', '--period', PERIOD, '--format', 'json')) as CostReport;
        browser = await chromium.launch({ executablePath: toolchain.chromium, headless: true, args: CHROMIUM_ARGS });
    });
    afterAll(async () => {
        await browser?.close();
    });
    /** The preview of the CLI's report on the bundled sample, as the extension would build it. */
    const sampleModel = (extra: Partial<PreviewModel>): PreviewModel => ({
        uri: 'file:///workspace/acme.billing',
        policyLabel: 'acme.billing',
        status: { state: 'ready', source: 'bundled sample', periods: ['2026-01', '2026-02', PERIOD], period: PERIOD, rows: report.data.rows },
        report,
        period: PERIOD,
        ...extra,
    });

    it('renders under its CSP, shows the CLI\'s figures, and is screenshot', async () => {
        const model = sampleModel({ focusGroup: 'web' });
        const html = renderPreviewDocument(model, { nonce: 'c2NyZWVuc2hvdC1ub25jZQ', cspSource: "'self'" });
        const page = await browser.newPage({ viewport: { width: 900, height: 1400 }, colorScheme: 'dark' });
        const violations: string[] = [];
        page.on('console', (message) => {
            if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
        });
        const requests: string[] = [];
        page.on('request', (request) => {
            if (!request.url().startsWith('data:') && request.url() !== 'about:blank') requests.push(request.url());
        });
        await page.setContent(html, { waitUntil: 'load' });

        // The nonce'd script ran (it marks the focused group) and the stylesheet applied (the header is sticky).
        await expect.poll(() => page.locator('html').getAttribute('data-script')).toBe('ready');
        expect(await page.locator('section.group.focused').getAttribute('data-group')).toBe('web');
        expect(await page.evaluate("getComputedStyle(document.querySelector('header')).position")).toBe('sticky');
        expect(violations).toEqual([]);
        expect(requests).toEqual([]);

        // Figures: the engine's table renderer (an independent rounding implementation) prints the same cents.
        const table = tableFigures(cli('bill', 'examples/acme.billing', '--period', PERIOD));
        expect([...table.keys()].sort()).toEqual(report.groups.map((g) => g.name).sort());
        for (const [group, [aws, proforma, margin]] of table) {
            const figures = await page.locator(`section.group[data-group="${group}"] .body > .summary .figure .value`).allTextContents();
            expect(figures.slice(0, 3).map(asTable), group).toEqual([aws, proforma, margin]);
        }
        const reconciliation = await page.locator('section.reconciliation').textContent();
        expect(reconciliation).toContain('Σ groups + unassigned = input total');
        expect(reconciliation).toContain('difference 0, exact');
        expect(await page.locator('svg.chart rect.bar-proforma').count()).toBeGreaterThanOrEqual(report.groups.length);

        // Revealing a group (a CodeLens click) scrolls it just below the sticky header.
        const revealed = renderPreviewDocument({ ...model, focusGroup: 'data', reveal: true }, { nonce: 'cmV2ZWFsLW5vbmNl', cspSource: "'self'" });
        const second = await browser.newPage({ viewport: { width: 900, height: 700 } });
        await second.setContent(revealed, { waitUntil: 'load' });
        await expect.poll(() => second.evaluate('window.scrollY')).toBeGreaterThan(0);
        const heading = await second.locator('section.group[data-group="data"] h2').boundingBox();
        const header = await second.locator('header').boundingBox();
        expect(heading!.y).toBeGreaterThanOrEqual(header!.y + header!.height - 1);
        expect(heading!.y).toBeLessThan(header!.y + header!.height + 40);
        await second.close();

        fs.mkdirSync(results, { recursive: true });
        const file = path.join(results, 'preview-chromium.png');
        await page.screenshot({ path: file, fullPage: true });
        expect(fs.statSync(file).size).toBeGreaterThan(10_000);
        await page.close();
    });

    it('at 200 groups: a sortable, filterable summary table; collapsed sections open with their details; patches apply in place', async () => {
        // 200 copies of the fixture's web (AWS $1,200.46, pro forma $1,591.04 by hand, report-fixture.ts) with pro forma
        // raised by i whole dollars for g{i}, so sorting by pro forma descending starts with g199 ($1,790.04).
        const web = handReport.groups.find((g) => g.name === 'web')!;
        const plus = (amount: string, dollars: number) => (Number(amount) + dollars).toFixed(7);
        const big: CostReport = {
            ...handReport,
            groups: Array.from({ length: 200 }, (_, i) => ({ ...web, name: `g${String(i).padStart(3, '0')}`, proformaCost: plus(web.proformaCost, i), margin: plus(web.margin, i) })),
        };
        const model: PreviewModel = { uri: 'file:///ws/big.billing', policyLabel: 'big.billing', status: readyStatus, report: big, period: PERIOD };
        const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
        const violations: string[] = [];
        page.on('console', (message) => {
            if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
        });
        await page.setContent(renderPreviewDocument(model, { nonce: 'YmlnLW5vbmNl', cspSource: "'self'" }), { waitUntil: 'load' });
        await expect.poll(() => page.locator('html').getAttribute('data-script')).toBe('ready');
        expect(await page.locator('tbody[data-rows] tr').count()).toBe(200);
        expect(await page.locator('section.group.collapsed').count()).toBe(200);
        // The sticky header stays small (no list of groups in it).
        expect((await page.locator('header').boundingBox())!.height).toBeLessThan(120);

        // Filter: "g12" matches g120…g129 (10 groups), in the table and the sections.
        await page.fill('#group-filter', 'g12');
        expect(await page.locator('tbody[data-rows] tr:not([hidden])').count()).toBe(10);
        expect(await page.locator('section.group:not([hidden])').count()).toBe(10);
        expect(await page.locator('[data-count]').textContent()).toBe('10 of 200');
        await page.fill('#group-filter', '');
        expect(await page.locator('tbody[data-rows] tr:not([hidden])').count()).toBe(200);

        // Sort by pro forma (descending first), then ascending.
        await page.click('button[data-sort="proforma"]');
        expect(await page.locator('tbody[data-rows] tr').first().getAttribute('data-row')).toBe('g199');
        await page.click('button[data-sort="proforma"]');
        expect(await page.locator('tbody[data-rows] tr').first().getAttribute('data-row')).toBe('g000');

        // Opening a section asks the host for its details (outside VS Code nobody answers: post them as the host does).
        await page.click('section.group[data-group="g042"] .head');
        expect(await page.locator('section.group[data-group="g042"]').getAttribute('class')).toBe('group');
        const details = renderGroupDetails(model, 'g042')!;
        await page.evaluate(`window.postMessage({ type: 'details', details: [{ name: 'g042', v: 0, html: ${JSON.stringify(details)} }] }, '*')`);
        await expect.poll(() => page.locator('section.group[data-group="g042"] .body .by-service').count()).toBe(1);

        // A keystroke's patch: g007's pro forma +$1.00 → its row and head change in place, nothing else is replaced.
        const edited: CostReport = { ...big, groups: big.groups.map((g) => (g.name === 'g007' ? { ...g, proformaCost: plus(g.proformaCost, 1), margin: plus(g.margin, 1) } : g)) };
        const { patch } = diffView(shownOf(previewView(model)), previewView({ ...model, report: edited }));
        await page.evaluate("document.querySelector('section.group[data-group=\"g100\"]').setAttribute('data-untouched', 'yes')");
        await page.evaluate(`window.postMessage(${JSON.stringify({ ...patch, state: { uri: model.uri, period: PERIOD } })}, '*')`);
        // g007: 1591.0368215 + 7 + 1 = 1599.0368215 → $1,599.04 (by hand).
        await expect.poll(() => page.locator('tr[data-row="g007"]').textContent()).toContain('$1,599.04');
        expect(await page.locator('section.group[data-group="g007"] .head').textContent()).toContain('$1,599.04');
        expect(await page.locator('section.group[data-group="g100"]').getAttribute('data-untouched')).toBe('yes');
        expect(await page.locator('tbody[data-rows] tr').count()).toBe(200);
        expect(violations).toEqual([]);
        await page.screenshot({ path: path.join(results, 'preview-200-groups.png') });
        await page.close();
    });

    it('keeps a revealed group below the header when its frame is laid out late and when a patch grows what lies above', async () => {
        const model = sampleModel({ focusGroup: 'data', reveal: true });
        const html = renderPreviewDocument(model, { nonce: 'bGF0ZS1sYXlvdXQ', cspSource: "'self'" });
        const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
        // VS Code loads a webview's document in a frame it sizes and shows afterwards: a frame not displayed while the
        // script reveals the group (nothing can scroll then), shown a moment later.
        await page.setContent('<iframe id="view" style="display:none; width:880px; height:680px; border:0"></iframe>');
        await page.locator('#view').evaluate((frame, doc) => { (frame as unknown as { srcdoc: string }).srcdoc = doc; }, html);
        const view = page.frameLocator('#view');
        await expect.poll(() => view.locator('html').getAttribute('data-script')).toBe('ready');
        await page.locator('#view').evaluate((frame) => { (frame as unknown as { style: { display: string } }).style.display = 'block'; });
        const gap = async () => {
            const heading = await view.locator('section.group[data-group="data"] h2').boundingBox();
            const header = await view.locator('header').boundingBox();
            return heading!.y - (header!.y + header!.height);
        };
        await expect.poll(gap).toBeGreaterThanOrEqual(-1);
        expect(await gap()).toBeLessThan(40);

        // A patch that puts 600 px above the group (a note at the top): the group stays where the reader sees it.
        const frame = page.frame({ url: 'about:srcdoc' })!;
        await frame.evaluate(`window.postMessage({ type: 'patch', parts: { top: '<div data-part="top"><div style="height:600px">note</div></div>' } }, '*')`);
        await expect.poll(() => frame.evaluate("document.querySelector('[data-part=top]').textContent")).toBe('note');
        expect(await gap()).toBeGreaterThanOrEqual(-1);
        expect(await gap()).toBeLessThan(40);

        // Once the reader scrolls, the page is theirs: a later patch does not pull the group back.
        await view.locator('h1').hover();
        await page.mouse.wheel(0, -5000);
        await expect.poll(() => frame.evaluate('window.scrollY')).toBe(0);
        await frame.evaluate(`window.postMessage({ type: 'patch', parts: { top: '<div data-part="top"><div style="height:650px">note 2</div></div>' } }, '*')`);
        await expect.poll(() => frame.evaluate("document.querySelector('[data-part=top]').textContent")).toBe('note 2');
        expect(await frame.evaluate('window.scrollY')).toBe(0);
        await page.close();
    });
});
