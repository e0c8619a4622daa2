import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../../engine/report/types.js';
import { renderPreviewDocument, type PreviewModel } from '../../client/preview/render-preview.js';
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

    it('renders under its CSP, shows the CLI\'s figures, and is screenshot', async () => {
        const model: PreviewModel = {
            uri: 'file:///workspace/acme.billing',
            policyLabel: 'acme.billing',
            status: { state: 'ready', source: 'bundled sample', periods: ['2026-01', '2026-02', PERIOD], period: PERIOD, rows: report.data.rows },
            report,
            period: PERIOD,
            focusGroup: 'web',
        };
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
            const figures = await page.locator(`section.group[data-group="${group}"] > .summary .figure .value`).allTextContents();
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
});
