import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, installExtension, startCodeServer, type RunningCodeServer } from './code-server.js';
import { CHROMIUM_ARGS, loadToolchain } from './toolchain.js';
import { LONG, MEDIUM, codeLens, openFile, retry, runCommand, waitForWorkbench, webviewContent } from './workbench.js';

/**
 * Issue 11, defects 6 and 8 in a real VS Code (code-server + Chromium, as vscode.e2e.ts): a 200-group policy's preview
 * has a summary table of every group whose filter works; a policy none of whose accounts is in the bundled sample says
 * so on its lens. Its own workspace and code-server, so it runs alone (`npm run test:e2e -- scale-onboarding`).
 */
const execFileAsync = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = path.join(root, 'test-results', 'e2e-scale');

/** 200 groups of one account each: g000 has the sample's 111111111111, the others accounts the sample lacks. */
function bigPolicy(): string {
    const lines = ['rule markup { markup 7% }', '', 'plan standard {', '  rules markup', '}', ''];
    for (let i = 0; i < 200; i++) {
        const account = i === 0 ? '111111111111' : String(900000000000 + i);
        lines.push(`group g${String(i).padStart(3, '0')} {`, `  primary ${account}`, `  accounts ${account}`, '  plan standard', '}', '');
    }
    return lines.join('\n');
}

const FOREIGN_POLICY = ['rule markup { markup 7% }', '', 'plan standard {', '  rules markup', '}', '', 'group mine {', '  primary 900000000001', '  accounts 900000000001, 900000000002', '  plan standard', '}', ''].join('\n');

describe('Billing extension at scale and on foreign accounts (code-server + Chromium)', () => {
    let temp: string;
    let server: RunningCodeServer | undefined;
    let browser: Browser | undefined;
    let page: Page;

    beforeAll(async () => {
        const toolchain = loadToolchain();
        fs.mkdirSync(artifacts, { recursive: true });
        temp = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-e2e-scale-'));
        const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
        const vsix = path.join(temp, `billing-conductor-${version}.vsix`);
        await execFileAsync('npm', ['run', 'package', '--', '--out', vsix], { cwd: root, timeout: 600_000, maxBuffer: 64 << 20 });
        const profile = createProfile(path.join(temp, 'profile'));
        expect(await installExtension(toolchain, profile, vsix)).toContain(`billing-conductor.billing-conductor@${version}`);
        const workspace = path.join(temp, 'workspace');
        fs.mkdirSync(workspace);
        fs.writeFileSync(path.join(workspace, 'big.billing'), bigPolicy());
        fs.writeFileSync(path.join(workspace, 'foreign.billing'), FOREIGN_POLICY);
        server = await startCodeServer(toolchain, profile, workspace, path.join(artifacts, 'code-server.log'));
        browser = await chromium.launch({ executablePath: toolchain.chromium, headless: true, args: CHROMIUM_ARGS });
        page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
        await waitForWorkbench(page);
    });

    afterAll(async () => {
        try {
            if (page && !page.isClosed()) await page.screenshot({ path: path.join(artifacts, 'last.png') });
        } catch {
            // the browser may already be gone
        }
        await browser?.close().catch(() => undefined);
        await server?.stop();
        if (temp) fs.rmSync(temp, { recursive: true, force: true });
    });

    it('previews 200 groups with a summary table of every group, collapsed sections, and a filter that works (defect 6)', async () => {
        await openFile(page, 'big.billing');
        await codeLens(page, 'Pro forma').first().waitFor({ timeout: LONG });
        await runCommand(page, 'Billing: Open Bill Preview');
        const preview = webviewContent(page);
        await retry('the summary table of 200 groups', async () => {
            await preview.locator('tbody[data-rows] tr').nth(199).waitFor({ state: 'attached', timeout: MEDIUM });
            expect(await preview.locator('tbody[data-rows] tr').count()).toBe(200);
        });
        expect(await preview.locator('section.group.collapsed').count()).toBeGreaterThanOrEqual(199);
        // "g12" is in g120…g129 only: 10 rows and 10 sections stay.
        await preview.locator('#group-filter').fill('g12');
        await expect.poll(() => preview.locator('tbody[data-rows] tr:not([hidden])').count(), { timeout: MEDIUM }).toBe(10);
        expect(await preview.locator('section.group:not([hidden])').count()).toBe(10);
        // Opening a section asks the extension for its details: they arrive (AWS cost, pro forma, … figures).
        await preview.locator('section.group[data-group="g120"] .head').click();
        await preview.locator('section.group[data-group="g120"] .body .summary .figure').first().waitFor({ timeout: MEDIUM });
        await page.screenshot({ path: path.join(artifacts, 'preview-200-groups.png') });
    });

    it('says none of the policy\'s accounts are in the sample data and offers to select the CUR (defect 8)', async () => {
        await openFile(page, 'foreign.billing');
        const lens = codeLens(page, 'none of your accounts are in the sample data');
        await lens.first().waitFor({ timeout: LONG });
        expect(await lens.first().textContent()).toContain('select your CUR');
        expect(await page.locator('#workbench\\.parts\\.statusbar').textContent()).toContain('bundled sample');
    });
});
