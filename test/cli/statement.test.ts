/**
 * `billing statement` on the tiny fixture (test/server/fixtures), figures worked by hand from tiny-cur.csv:
 *   web, 2026-03: 111… EC2 public 100 × (1 − 20%) = 80.00, S3 public 20 × 1.10 = 22.00; 222… EC2 10 × 0.8 = 8.00.
 *   charges 80 + 22 + 8 = 110.00; fee platform 50.00; fee security 2% × 110 = 2.20; pro forma 162.20.
 *   AWS cost (not shown unless asked) 100 + 20 + 10 = 130.00; margin 32.20.
 *   by service: AWSBillingConductor (the line items) 50 + 2.20 = 52.20, AmazonEC2 88.00, AmazonS3 22.00.
 *   by account: 111… 80 + 22 + 52.20 (line items posted to the primary) = 154.20, 222… 8.00.
 *   trend: 2026-02 EC2 80 × 0.8 = 64.00 + 50 + 2% × 64 = 1.28 → 115.28; 2026-03 162.20.
 * The HTML is rendered in headless Chromium (a screenshot in test-results/) and printed to PDF by the CLI. Chromium is
 * required: when it is absent these tests fail saying so, they never skip.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../cli/statement/print-pdf.js';
import { billing, repoRoot, tempProject } from './cli-harness.js';
import { cur, markupPolicy, usageRow } from './hand-cur.js';

const POLICY = 'test/server/fixtures/tiny-policy.billing';
const DATA = 'test/server/fixtures/tiny-cur.csv';
const args = (...extra: string[]) => ['statement', POLICY, '--data', DATA, '-g', 'web', '-p', '2026-03', ...extra];

function statement(...extra: string[]): string {
    const result = billing(args(...extra));
    expect(result.status, result.stderr).toBe(0);
    return result.stdout;
}

describe('billing statement: markdown', () => {
    it('shows the pro forma bill, not the AWS cost, with its sections, line items, trend and notes', () => {
        const md = statement('-f', 'md');
        expect(md).toContain('# Statement — web, 2026-03\n\nWeb business unit\n\nPrimary account 111111111111 · accounts 111111111111, 222222222222 · USD');
        expect(md).toContain('| Charges | 110.00 |\n| Fee: platform | 50.00 |\n| Fee: security | 2.20 |\n| **Pro forma total** | **162.20** |');
        expect(md).toContain('| AWSBillingConductor | 52.20 |\n| AmazonEC2 | 88.00 |\n| AmazonS3 | 22.00 |\n| **Total** | **162.20** |');
        expect(md).toContain('| 111111111111 (web-prod) | 154.20 |\n| 222222222222 (web-dev) | 8.00 |');
        expect(md).toContain('| security | Fee | consolidated | 2% of 110.00 | 2.20 |');
        expect(md).toContain('| 2026-02 | 115.28 |\n| 2026-03 | 162.20 |');
        expect(md).not.toContain('130.00');
        expect(md).not.toMatch(/AWS cost/);
    });

    it('shows AWS cost and margin when asked', () => {
        const md = statement('-f', 'md', '--show-aws-cost');
        expect(md).toContain('| **Pro forma total** | **162.20** | **130.00** |');
        expect(md).toContain('| Margin | 32.20 |  |');
    });

    it('names what is wrong: unknown group, period not in the data, missing options (exit 2)', () => {
        const unknown = billing(['statement', POLICY, '--data', DATA, '-g', 'mobile', '-p', '2026-03']);
        expect(unknown.status).toBe(2);
        expect(unknown.stderr).toContain("unknown group 'mobile'; the policy's groups: web, data");
        const absent = billing(['statement', POLICY, '--data', DATA, '-g', 'web', '-p', '2025-01']);
        expect(absent.status).toBe(2);
        expect(absent.stderr).toContain("group 'web' has no bill for 2025-01; the data's periods: 2026-02, 2026-03");
        const missing = billing(['statement', POLICY, '--data', DATA, '-g', 'web']);
        expect(missing.status).toBe(2);
        expect(missing.stderr).toContain("missing '--period YYYY-MM'");
        for (const result of [unknown, absent, missing]) expect(result.stderr).not.toMatch(/\n\s+at /);
    });
});

describe('billing statement: the Rounding line and --months', () => {
    /*
     * By hand, markup 0 %: web 2026-03 EC2 0.005 + S3 0.005 = pro forma 0.01. By service each 0.005 rounds half-even
     * to 0.00, so the section shows 0.00 + 0.00 and a Rounding line of 0.01 up to its Total 0.01 (the group's
     * figure, as every view shows it). 2026-02: EC2 1.00.
     */
    const project = tempProject({
        'policy.billing': markupPolicy(0, { web: '111111111111' }),
        'cur.csv': cur(
            usageRow('2026-02', '111111111111', 'AmazonEC2', '1', '1'),
            usageRow('2026-03', '111111111111', 'AmazonEC2', '0.005', '0.005'),
            usageRow('2026-03', '111111111111', 'AmazonS3', '0.005', '0.005'),
        ),
    });
    afterAll(() => project.dispose());
    const md = (...extra: string[]) => {
        const result = billing(['statement', 'policy.billing', '--data', 'cur.csv', '-g', 'web', '-p', '2026-03', '-f', 'md', ...extra], project.dir);
        expect(result.status, result.stderr).toBe(0);
        return result.stdout;
    };

    it('a section whose shown lines do not add up to its total carries a Rounding line', () => {
        const text = md();
        expect(text).toContain('| AmazonEC2 | 0.00 |\n| AmazonS3 | 0.00 |\n| Rounding | 0.01 |\n| **Total** | **0.01** |');
        expect(text).toContain('| **Pro forma total** | **0.01** |');
        expect(text).toContain('| 2026-02 | 1.00 |\n| 2026-03 | 0.01 |');
    });

    it('--months N keeps the last N months of the trend, ending with the period; out of range is a usage error', () => {
        const text = md('--months', '1');
        expect(text).toContain('| 2026-03 | 0.01 |');
        expect(text).not.toContain('| 2026-02 |');
        for (const bad of ['0', '14', '2.5']) {
            const result = billing(['statement', 'policy.billing', '--data', 'cur.csv', '-g', 'web', '-p', '2026-03', '--months', bad], project.dir);
            expect(result.status).toBe(2);
            expect(result.stderr).toContain(`'--months ${bad}': expected a whole number from 1 to 13`);
        }
    });
});

describe('billing statement: HTML in Chromium, and PDF', () => {
    const executable = findChromium();
    let browser: Browser;
    const out = tempProject({});
    const results = path.join(repoRoot, 'test-results');

    beforeAll(async () => {
        if (!executable) {
            throw new Error('Chromium is required for the statement tests and was not found: install it (apt-get install -y chromium) or set BILLING_CHROMIUM to its path.');
        }
        browser = await chromium.launch({ executablePath: executable, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    });
    afterAll(async () => {
        await browser?.close();
        out.dispose();
    });

    it('is self-contained, shows the figures, and renders (screenshot in test-results/)', async () => {
        const html = statement('-f', 'html');
        const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
        const remote: string[] = [];
        page.on('request', (request) => {
            if (!request.url().startsWith('data:') && request.url() !== 'about:blank') remote.push(request.url());
        });
        await page.setContent(html, { waitUntil: 'load' });
        expect(remote).toEqual([]);
        const text = await page.locator('body').innerText();
        expect(text).toContain('Statement — web');
        expect(text).toMatch(/Pro forma total\s+162\.20/);
        expect(text).toMatch(/AmazonEC2\s+88\.00/);
        expect(text).not.toContain('130.00');
        // The trend chart: one bar per month, labelled with its figure, the statement's month highlighted.
        expect(await page.locator('svg.chart g.bar').count()).toBe(2);
        expect(await page.locator('svg.chart g.bar.current text.value').textContent()).toBe('162.20');
        const box = await page.locator('svg.chart').boundingBox();
        expect(box!.width).toBeGreaterThan(300);
        mkdirSync(results, { recursive: true });
        const shot = path.join(results, 'statement-web-2026-03.png');
        rmSync(shot, { force: true });
        await page.screenshot({ path: shot, fullPage: true });
        expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
        await page.close();
    });

    it('prints a PDF with headless Chromium; without Chromium it fails clearly and writes nothing', () => {
        const pdf = path.join(out.dir, 'web.pdf');
        const result = billing(args('-f', 'pdf', '-o', pdf), repoRoot, { BILLING_CHROMIUM: executable! });
        expect(result.status, result.stderr).toBe(0);
        expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');

        const none = path.join(out.dir, 'none.pdf');
        const missing = billing(args('-f', 'pdf', '-o', none), repoRoot, { BILLING_CHROMIUM: path.join(out.dir, 'no-chromium') });
        expect(missing.status).toBe(2);
        expect(missing.stderr).toContain('does not exist');
        expect(existsSync(none)).toBe(false);
    });
});
