import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Decimal } from 'decimal.js';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../../engine/report/types.js';
import { createProfile, installExtension, startCodeServer, type RunningCodeServer } from './code-server.js';
import { CHROMIUM_ARGS, loadToolchain } from './toolchain.js';
import { LONG, MEDIUM, codeLens, goToLineEnd, openFile, openProblems, retry, runCommand, statusBar, waitForWorkbench, webviewContent } from './workbench.js';

/**
 * The language features as a user meets them in a real VS Code (issue 11, "Proof"): hover, completion, inlay hints,
 * a quick fix that leaves no new error, a real public CUR export as data, rename (F2), Format Document, the bill
 * preview in a dark theme, the Billing view of the activity bar, and `// billing-ignore` in the Problems panel. The same
 * packaged .vsix as vscode.e2e.ts, in its own profile and workspace.
 */
const execFileAsync = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = path.join(root, 'test-results', 'e2e', 'language-features');
const PERIOD = '2026-03';
/** The real CUR 2.0 export of ../shared (MIT, see its SOURCE.md): one account, 2026-04, public on-demand 49.5587. */
const REAL_CUR = path.resolve(root, '../shared/data/ola-raji-cur2-csv/ha-project-CUR-daily-1-00001.csv');

const HA_POLICY = `account 147303435917 "ha-project"

rule markup { markup 7% }
rule no-free-tier { tiering free-tier off }
plan internal "Internal rate card" {
  rules markup, no-free-tier
}

group ha "HA project" {
  primary 147303435917
  accounts 147303435917
  plan internal
}
`;

/** A policy written carelessly: the formatter must re-indent it (same meaning) to FORMATTED_POLICY. */
const MESSY_POLICY = `account 111111111111 "web-prod"
rule   standard-markup {markup 7%}
plan standard "Standard" {
rules standard-markup
}
group web "Web" {
      primary 111111111111
  accounts    111111111111
        plan standard
}
`;

/** MESSY_POLICY as Format Document must leave it, written by hand: two-space members, one space around braces. */
const FORMATTED_POLICY = `account 111111111111 "web-prod"
rule standard-markup { markup 7% }
plan standard "Standard" {
  rules standard-markup
}
group web "Web" {
  primary 111111111111
  accounts 111111111111
  plan standard
}
`;

/**
 * `// billing-ignore` (language/validation/ignore-comments.ts) on BIL014 (a declared account no group names), by hand:
 * line 2 silences the sandbox's BIL014 of line 3; line 4 has no reason (BIL126 on line 4, and scratch's BIL014 on
 * line 5 stays); line 13 is above a line without BIL014 (BIL127 on line 13). `billing validate` says the same.
 */
const IGNORE_POLICY = `account 111111111111 "web-prod"
// billing-ignore BIL014 the sandbox is paid by the platform team
account 333333333333 "sandbox"
// billing-ignore BIL014
account 444444444444 "scratch"

rule markup { markup 7% }
plan standard {
  rules markup
}

group web "Web" {
  // billing-ignore BIL014 nothing to silence here
  primary 111111111111
  accounts 111111111111
  plan standard
}
`;

function money(value: string): string {
    // Rounded first, signed after: a −0.0000001 cost is $0.00, as every view writes it.
    const fixed = new Decimal(new Decimal(value).toFixed(2, Decimal.ROUND_HALF_EVEN)).abs().isZero() ? '0.00' : new Decimal(value).toFixed(2, Decimal.ROUND_HALF_EVEN);
    const [whole, cents] = fixed.replace('-', '').split('.');
    return `${fixed.startsWith('-') ? '\u2212' : ''}$${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

async function cliReport(policy: string, ...args: string[]): Promise<CostReport> {
    const { stdout } = await execFileAsync(process.execPath, ['bin/billing.cjs', 'bill', policy, '--format', 'json', ...args], { cwd: root, maxBuffer: 64 << 20 });
    return JSON.parse(stdout) as CostReport;
}

/** The text of the active editor's view lines (what the user sees, inlay hints included; VS Code writes spaces as U+00A0). */
async function viewText(page: Page): Promise<string[]> {
    // In screen order: Monaco reuses line elements, so their order in the DOM need not be the lines' order.
    const lines = await page.locator('.editor-instance .monaco-editor .view-lines .view-line').evaluateAll((elements) => elements
        .map((element) => {
            const line = element as unknown as { style: { top: string }; textContent: string | null };
            return { top: Number.parseFloat(line.style.top), text: line.textContent ?? '' };
        })
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text));
    return lines.map((line) => line.replace(/\u00a0/g, ' '));
}

describe('Billing language features in VS Code (code-server + Chromium)', () => {
    let temp: string;
    let server: RunningCodeServer | undefined;
    let browser: Browser | undefined;
    let page: Page;
    let workspace: string;

    beforeAll(async () => {
        const toolchain = loadToolchain();
        fs.mkdirSync(artifacts, { recursive: true });
        temp = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-e2e-lf-'));
        const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
        const vsix = path.join(temp, `billing-conductor-${version}.vsix`);
        await execFileAsync('npm', ['run', 'package', '--', '--out', vsix], { cwd: root, timeout: 600_000, maxBuffer: 64 << 20 });

        // A dark theme for the whole run: the preview must follow the workbench's theme.
        const profile = createProfile(path.join(temp, 'profile'), { 'workbench.colorTheme': 'Default Dark Modern' });
        expect(await installExtension(toolchain, profile, vsix)).toContain(`billing-conductor.billing-conductor@${version}`);
        workspace = path.join(temp, 'workspace');
        fs.mkdirSync(workspace);
        const acme = fs.readFileSync(path.join(root, 'examples/acme.billing'), 'utf8');
        fs.writeFileSync(path.join(workspace, 'acme.billing'), acme);
        // Account 222222222222 is also put into group data: BIL065 (overlapping membership) at both groups.
        const overlap = acme.replace('accounts 333333333333, 444444444444', 'accounts 333333333333, 444444444444, 222222222222');
        expect(overlap).not.toBe(acme);
        fs.writeFileSync(path.join(workspace, 'overlap.billing'), overlap);
        fs.writeFileSync(path.join(workspace, 'messy.billing'), MESSY_POLICY);
        fs.writeFileSync(path.join(workspace, 'rename.billing'), acme);
        fs.writeFileSync(path.join(workspace, 'ignore.billing'), IGNORE_POLICY);
        // The real export lives outside the workspace; its policy names it (absolute path) as its data.
        fs.writeFileSync(path.join(workspace, 'ha.billing'), `data "${REAL_CUR}"\n\n${HA_POLICY}`);

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

    it('shows a group\'s figures in its hover, the same cent as the CLI', async () => {
        const report = await cliReport('examples/acme.billing', '--period', PERIOD);
        const web = report.groups.find((g) => g.name === 'web')!;
        await openFile(page, 'acme.billing');
        // The lens first: the server has priced the file.
        await codeLens(page, `Pro forma ${money(web.proformaCost)}`).first().waitFor({ timeout: LONG });
        await retry('hovering the group name', async () => {
            await goToLineEnd(page, 19);
            await page.keyboard.press('Home');
            for (let i = 0; i < 'group w'.length; i++) await page.keyboard.press('ArrowRight');
            await page.keyboard.press('Control+K');
            await page.keyboard.press('Control+I');
            const hover = page.locator('.monaco-hover:visible .hover-contents').first();
            await hover.waitFor({ timeout: MEDIUM });
            const text = (await hover.textContent()) ?? '';
            expect(text).toContain(money(web.proformaCost));
            expect(text).toContain(money(web.awsCost));
        });
        await page.screenshot({ path: path.join(artifacts, '1-hover.png') });
        await page.keyboard.press('Escape');
    });

    it('completes keywords inside a group and shows inlay hints of line item amounts', async () => {
        await openFile(page, 'acme.billing');
        // The platform fee's hint: its amount in the shown period, written as money ("$500.00"); the source says "500.00".
        await expect.poll(async () => (await viewText(page)).find((line) => line.includes('fee platform')) ?? '', { timeout: LONG }).toMatch(/flat 500\.00.*\$500\.00/);
        await retry('completion on a new line of group web', async () => {
            await goToLineEnd(page, 22);
            await page.keyboard.press('Enter');
            await page.keyboard.type('fe');
            await page.keyboard.press('Control+Space');
            const suggest = page.locator('.suggest-widget.visible .monaco-list-row');
            await suggest.first().waitFor({ timeout: MEDIUM });
            const labels = await suggest.allTextContents();
            expect(labels.some((label) => label.startsWith('fee')), JSON.stringify(labels)).toBe(true);
        });
        await page.screenshot({ path: path.join(artifacts, '2-completion.png') });
        await page.keyboard.press('Escape');
        // Leave the file as it was (the typed "fe" and the new line).
        await page.keyboard.press('Control+Z');
        await page.keyboard.press('Control+Z');
        await page.keyboard.press('Control+S');
        await expect.poll(() => fs.readFileSync(path.join(workspace, 'acme.billing'), 'utf8'), { timeout: MEDIUM }).toBe(fs.readFileSync(path.join(root, 'examples/acme.billing'), 'utf8'));
    });

    it('quick-fixes an account in two groups without leaving a new error (issue 11, defect 5)', async () => {
        await openFile(page, 'overlap.billing');
        await page.locator('.editor-instance .squiggly-error').first().waitFor({ timeout: LONG });
        await retry('applying the quick fix on the second membership', async () => {
            await goToLineEnd(page, 31);
            await page.keyboard.press('ArrowLeft'); // into "222222222222"
            await page.keyboard.press('Control+.');
            const fix = page.locator('.action-widget .monaco-list-row', { hasText: "Remove 222222222222 from group 'data'" }).first();
            await fix.waitFor({ timeout: MEDIUM });
            await fix.click();
        });
        await page.keyboard.press('Control+S');
        await expect.poll(() => fs.readFileSync(path.join(workspace, 'overlap.billing'), 'utf8'), { timeout: MEDIUM }).toContain('accounts 333333333333, 444444444444\n');
        // No error of any kind is left in the file: the CLI agrees, and the editor's squiggles go away.
        await execFileAsync(process.execPath, ['bin/billing.cjs', 'validate', path.join(workspace, 'overlap.billing')], { cwd: root });
        await expect.poll(() => page.locator('.editor-instance .squiggly-error').count(), { timeout: LONG }).toBe(0);
        await page.screenshot({ path: path.join(artifacts, '3-quick-fix.png') });
    });

    it('prices a real public CUR 2.0 export named by the policy: $53.03 = 49.5587 × 1.07, as the CLI says', async () => {
        // By hand from the export's published totals (../shared SOURCE.md): public on-demand cost of the usage 49.5587,
        // free tier off, credits and tax are not part of a pro forma bill: 49.5587 × 1.07 = 53.027809 → $53.03; AWS
        // cost (usage 47.6817 + credits −47.6817 + tax 0) = $0.00.
        const report = await cliReport(path.join(workspace, 'ha.billing'));
        const ha = report.groups.find((g) => g.name === 'ha')!;
        expect(money(ha.proformaCost)).toBe('$53.03');
        expect(money(ha.awsCost)).toBe('$0.00');
        await openFile(page, 'ha.billing');
        await codeLens(page, 'Pro forma $53.03 · AWS $0.00').first().waitFor({ timeout: LONG });
        await page.screenshot({ path: path.join(artifacts, '5-real-cur.png') });
    });
    it('renames a plan everywhere it is used (F2 on a reference): declaration and both uses change, no diagnostic', async () => {
        const acme = fs.readFileSync(path.join(root, 'examples/acme.billing'), 'utf8');
        // By hand: the plan's declaration (line 15) and its two uses (lines 22 and 31), nothing else.
        const expected = acme.replace('\nplan standard "Standard internal rate card" {\n', '\nplan internal "Standard internal rate card" {\n').replaceAll('\n  plan standard\n', '\n  plan internal\n');
        expect(expected.match(/\bplan internal\b/g)?.length).toBe(3);
        expect(expected).not.toMatch(/\bstandard\b(?!-markup)/);
        const web = (await cliReport('examples/acme.billing', '--period', PERIOD)).groups.find((g) => g.name === 'web')!;
        await openFile(page, 'rename.billing');
        await codeLens(page, `Pro forma ${money(web.proformaCost)}`).first().waitFor({ timeout: LONG });
        await retry('renaming plan standard from its use in group web', async () => {
            await page.keyboard.press('Escape');
            await goToLineEnd(page, 22); // "  plan standard"
            await page.keyboard.press('ArrowLeft');
            await page.keyboard.press('ArrowLeft');
            await page.keyboard.press('F2');
            const input = page.locator('.rename-box .rename-input');
            await input.waitFor({ state: 'visible', timeout: MEDIUM });
            // The widget gives its input the focus with the old name selected: type only there, never into the document.
            await expect.poll(() => input.evaluate((element) => element === (element as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement), { timeout: MEDIUM }).toBe(true);
            expect(await input.inputValue()).toBe('standard');
            await input.fill('internal');
            await input.press('Enter');
            await expect.poll(async () => (await viewText(page)).filter((line) => /\bplan internal\b/.test(line)).length, { timeout: MEDIUM }).toBe(3);
        });
        await page.keyboard.press('Control+S');
        await expect.poll(() => fs.readFileSync(path.join(workspace, 'rename.billing'), 'utf8'), { timeout: MEDIUM }).toBe(expected);
        // Every reference still resolves: the CLI finds nothing, the server prices the file again (a fresh lens, not
        // stale), and the editor shows no error or warning.
        const { stdout, stderr } = await execFileAsync(process.execPath, ['bin/billing.cjs', 'validate', path.join(workspace, 'rename.billing')], { cwd: root });
        expect(stdout + stderr).toContain('0 errors, 0 warnings in 1 file');
        await codeLens(page, `Pro forma ${money(web.proformaCost)}`).first().waitFor({ timeout: LONG });
        expect(await codeLens(page, 'stale').count()).toBe(0);
        await expect.poll(() => page.locator('.editor-instance .squiggly-error, .editor-instance .squiggly-warning').count(), { timeout: MEDIUM }).toBe(0);
        await page.screenshot({ path: path.join(artifacts, '6-rename.png') });
    });

    it('formats a carelessly indented policy (Format Document) to the text written by hand', async () => {
        await openFile(page, 'messy.billing');
        // The lens first: the language server (and with it the formatter) is up for the file. Before it, VS Code says
        // "There is no formatter for 'billing' files installed" in a modal dialog.
        await codeLens(page, 'Pro forma').first().waitFor({ timeout: LONG });
        await retry('formatting the document', async () => {
            await page.keyboard.press('Escape'); // a dialog or widget of a failed attempt
            await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
            await page.keyboard.press('Control+Home'); // all ten lines on screen
            await runCommand(page, 'Format Document');
            await expect.poll(async () => (await viewText(page)).join('\n'), { timeout: MEDIUM }).toBe(FORMATTED_POLICY)
                .catch(async (error: unknown) => { throw new Error(`the editor shows ${JSON.stringify(await viewText(page))} (${String(error)})`); });
        });
        await page.keyboard.press('Control+S');
        await expect.poll(() => fs.readFileSync(path.join(workspace, 'messy.billing'), 'utf8'), { timeout: MEDIUM }).toBe(FORMATTED_POLICY);
        await page.screenshot({ path: path.join(artifacts, '7-format.png') });
    });

    it('silences a warning with "// billing-ignore BIL014 reason"; BIL126 without a reason, BIL127 when unused (Problems panel)', async () => {
        // The CLI, outside the editor, finds what the comment above IGNORE_POLICY says (line:column, 1-based).
        const { stdout, stderr } = await execFileAsync(process.execPath, ['bin/billing.cjs', 'validate', path.join(workspace, 'ignore.billing')], { cwd: root });
        const findings = (stdout + stderr).split('\n').map((line) => /:(\d+:\d+) warning (BIL\d{3})/.exec(line)?.slice(1).join(' ')).filter(Boolean);
        expect(findings).toEqual(['4:1 BIL126', '5:9 BIL014', '13:21 BIL127']);
        await openFile(page, 'ignore.billing');
        await page.locator('.editor-instance .squiggly-warning').first().waitFor({ timeout: LONG });
        const problems = await openProblems(page);
        // A marker's row ends with its source and code, "billing(BIL014) [Ln 5, Col 9]" (BIL126's message also names BIL014).
        const rows = async (code: string): Promise<string[]> =>
            (await problems.locator('.monaco-list-row', { hasText: code }).allTextContents()).filter((text) => new RegExp(`billing\\(?${code}\\b`).test(text));
        // Both validation passes have run once BIL126, BIL127 and the scratch account's BIL014 are listed.
        await expect.poll(async () => [(await rows('BIL126')).length, (await rows('BIL127')).length, (await rows('BIL014')).length], { timeout: LONG }).toEqual([1, 1, 1]);
        expect((await rows('BIL126'))[0]).toContain('Ln 4,');
        expect((await rows('BIL127'))[0]).toContain('Ln 13,');
        expect((await rows('BIL014'))[0]).toContain('444444444444');
        expect((await rows('BIL014'))[0]).toContain('Ln 5,');
        expect(await problems.locator('.monaco-list-row', { hasText: '333333333333' }).count()).toBe(0);
        await page.screenshot({ path: path.join(artifacts, '8-billing-ignore.png') });
        // The reason deleted in the editor: the comment silences nothing any more, the sandbox's BIL014 appears.
        await openFile(page, 'ignore.billing');
        await retry('deleting the reason of line 2', async () => {
            await goToLineEnd(page, 2);
            await page.keyboard.press('Shift+Home');
            await page.keyboard.type('// billing-ignore BIL014');
            await page.locator('.editor-instance .view-line', { hasText: /^\/\/\s*billing-ignore\s*BIL014\s*$/ }).nth(1).waitFor({ timeout: 5000 });
        }, 2);
        await expect.poll(async () => [(await rows('BIL126')).length, (await rows('BIL014')).length], { timeout: LONG }).toEqual([2, 2]);
        expect((await rows('BIL014')).some((text) => text.includes('333333333333') && text.includes('Ln 3,'))).toBe(true);
        // The reason typed back: silenced again.
        await retry('typing the reason back', async () => {
            await goToLineEnd(page, 2);
            await page.keyboard.press('Shift+Home');
            await page.keyboard.type('// billing-ignore BIL014 the sandbox is paid by the platform team');
            await page.locator('.editor-instance .view-line', { hasText: 'the sandbox is paid by the platform team' }).first().waitFor({ timeout: 5000 });
        }, 2);
        await expect.poll(async () => [(await rows('BIL126')).length, (await rows('BIL014')).length], { timeout: LONG }).toEqual([1, 1]);
        await page.keyboard.press('Control+S');
        await expect.poll(() => fs.readFileSync(path.join(workspace, 'ignore.billing'), 'utf8'), { timeout: MEDIUM }).toBe(IGNORE_POLICY);
        await page.keyboard.press('Control+J'); // hide the panel again
    });

    it('renders the bill preview in the dark theme: the webview is dark and its figures are readable (contrast ≥ 4.5)', async () => {
        // The profile's settings.json sets "Default Dark Modern": the workbench is dark, and the preview must follow.
        expect(await page.locator('.monaco-workbench').first().getAttribute('class')).toContain('vs-dark');
        await openFile(page, 'acme.billing');
        await codeLens(page, 'Pro forma').first().waitFor({ timeout: LONG });
        await runCommand(page, 'Billing: Open Bill Preview');
        const preview = webviewContent(page);
        const figure = preview.locator('section.group[data-group="web"] .body > .summary .figure .value').first();
        await figure.waitFor({ timeout: LONG });
        expect(await preview.locator('body').getAttribute('class')).toContain('vscode-dark');
        for (const selector of ['section.group[data-group="web"] .body > .summary .figure .value', 'section.group[data-group="web"] h2']) {
            const { ratio, text, background } = await preview.locator(selector).first().evaluate(contrastOf);
            expect(text.trim().length, selector).toBeGreaterThan(0);
            // Dark: the background's relative luminance is low (white is 1, VS Code's dark editor about 0.01).
            expect(background, selector).toBeLessThan(0.1);
            expect(ratio, `${selector}: contrast of "${text}"`).toBeGreaterThanOrEqual(4.5);
        }
        await page.screenshot({ path: path.join(artifacts, '9-dark-preview.png') });
    });

    it('lists the policy\'s groups in the Billing view with the CLI\'s figures; a click reveals the declaration', async () => {
        const report = await cliReport('examples/acme.billing', '--period', PERIOD);
        const percent = (value: string | null): string => (value === null ? 'n/a' : `${value.replace(/^-/, '\u2212')}%`);
        // The CLI's JSON has exact decimals, its marginPercent is rounded half-even to 2 places: each figure rounded once.
        const expected = report.groups.map((g) => `${g.name} | ${money(g.proformaCost)} · margin ${percent(g.marginPercent)}`);
        expect(expected).toHaveLength(2);
        await openFile(page, 'acme.billing');
        await codeLens(page, 'Pro forma').first().waitFor({ timeout: LONG });
        await goToLineEnd(page, 1); // the cursor away from the groups
        const view = page.locator('.part.sidebar .pane', { hasText: 'Billing Groups' }).first();
        const groupRows = view.locator('.monaco-list-row[aria-level="1"]');
        await retry('opening the Billing view from the activity bar', async () => {
            const item = page.locator('.part.activitybar .action-item[aria-label^="Billing"], .part.activitybar .action-label[aria-label^="Billing"]').first();
            if (await item.isVisible()) await item.click();
            else await runCommand(page, 'Billing: Focus on Billing Groups View');
            await groupRows.first().waitFor({ timeout: MEDIUM });
        });
        const shown = async (): Promise<string[]> => {
            const result: string[] = [];
            for (const row of await groupRows.all()) result.push(`${(await row.locator('.label-name').first().textContent())?.trim()} | ${(await row.locator('.label-description').first().textContent())?.trim()}`);
            return result;
        };
        await expect.poll(shown, { timeout: LONG }).toEqual(expected);
        await page.screenshot({ path: path.join(artifacts, '10-billing-view.png') });
        // Group data is declared on line 29 ("group data …", name at column 7): the click selects its name (4 characters).
        await retry('clicking group data', async () => {
            await groupRows.filter({ hasText: /^\s*data/ }).first().click();
            await statusBar(page).locator('.statusbar-item', { hasText: /Ln 29, Col (7|11) \(4 selected\)/ }).first().waitFor({ timeout: MEDIUM });
        });
        await page.locator('.tabs-container .tab.active', { hasText: /^\s*acme\.billing/ }).first().waitFor({ timeout: MEDIUM });
        await webviewContent(page).locator('section.group.focused[data-group="data"]').waitFor({ timeout: LONG });
        await page.screenshot({ path: path.join(artifacts, '11-billing-view-reveal.png') });
    });
});

/**
 * WCAG contrast of an element's text colour against the first opaque background behind it, with the background's
 * relative luminance. Runs in the webview (the project has no DOM types: the page's objects are reached through the element).
 */
function contrastOf(element: unknown): { ratio: number; text: string; background: number } {
    type Styled = { parentElement: Styled | null; textContent: string | null };
    const doc = (element as { ownerDocument: { defaultView: { getComputedStyle(e: Styled): { color: string; backgroundColor: string } }; body: Styled } }).ownerDocument;
    const style = (node: Styled) => doc.defaultView.getComputedStyle(node);
    const rgb = (css: string): number[] => (css.match(/[\d.]+/g) ?? []).slice(0, 4).map(Number);
    const opaque = (css: string): boolean => { const [, , , alpha] = rgb(css); return !/transparent/.test(css) && (alpha === undefined || alpha > 0.5); };
    const backgroundOf = (node: Styled | null): string => {
        for (let n = node; n; n = n.parentElement) if (opaque(style(n).backgroundColor)) return style(n).backgroundColor;
        return 'rgb(255, 255, 255)'; // nothing painted: the frame's white
    };
    const luminance = ([r, g, b]: number[]): number => {
        const [R, G, B] = [r!, g!, b!].map((v) => { const c = v / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * R! + 0.7152 * G! + 0.0722 * B!;
    };
    const self = element as Styled;
    const a = luminance(rgb(style(self).color));
    const b = luminance(rgb(backgroundOf(self)));
    return { ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), text: self.textContent ?? '', background: b };
}
