import type { FrameLocator, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Small, robust steps on VS Code's web workbench (code-server). UI steps that can race the workbench (a quick
 * input opening, a list row rendering) are retried; waits are generous because CI machines have 2 cores.
 */

export const LONG = 90_000;
export const MEDIUM = 30_000;

export async function retry<T>(what: string, attempt: () => Promise<T>, attempts = 3, pauseMs = 1500): Promise<T> {
    let last: unknown;
    for (let i = 1; i <= attempts; i++) {
        try {
            return await attempt();
        } catch (error) {
            last = error;
            if (i < attempts) await new Promise((resolve) => setTimeout(resolve, pauseMs));
        }
    }
    throw new Error(`${what} failed after ${attempts} attempts: ${last instanceof Error ? last.message : String(last)}`);
}

export async function waitForWorkbench(page: Page): Promise<void> {
    await page.waitForSelector('.monaco-workbench', { timeout: LONG });
    // The explorer lists the workspace once the file service is up.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: LONG });
}

/**
 * Opens a workspace file and waits for its editor tab to be active: by clicking it in the explorer, or, when the
 * explorer does not list it (a file written by the test appears only once the file watcher reports it, which a loaded
 * CI machine delayed beyond 90 s), through Quick Open, which searches the disk itself.
 */
export async function openFile(page: Page, name: string): Promise<void> {
    const startsWithName = new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
    await retry(`opening ${name}`, async () => {
        const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
        const listed = await row.waitFor({ timeout: 10_000 }).then(() => true, () => false);
        if (listed) await row.click();
        else await quickOpen(page, name);
        // The tab's label starts with the file name (a preview tab "Bill: acme.billing" does not).
        await page.locator('.tabs-container .tab.active', { hasText: startsWithName }).first().waitFor({ timeout: MEDIUM });
        await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: MEDIUM });
    });
}

/** Quick Open (the palette without ">"): types the file name and opens the row whose label is that name. */
async function quickOpen(page: Page, name: string): Promise<void> {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: MEDIUM });
    await input.fill(name);
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ timeout: MEDIUM });
    await row.click();
}

/** Puts the cursor at the end of a line of the active editor (Go to Line). */
export async function goToLineEnd(page: Page, line: number): Promise<void> {
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: MEDIUM });
    await input.fill(`:${line}`);
    await input.press('Enter');
    await page.keyboard.press('End');
}

/** Runs a command from the command palette by its full title ("Billing: Open Bill Preview"). */
export async function runCommand(page: Page, title: string): Promise<void> {
    await retry(`running "${title}"`, async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: MEDIUM });
        await input.fill(`>${title}`);
        const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
        await row.waitFor({ timeout: MEDIUM });
        await row.click();
        // Closed, or showing the command's own quick pick next (which reuses the widget).
        await expect.poll(async () => ((await input.isVisible()) ? await input.inputValue() : ''), { timeout: MEDIUM }).not.toBe(`>${title}`);
    });
}

/** Picks the row of the open quick pick whose label contains `label`. */
export async function pickQuickInput(page: Page, label: string): Promise<void> {
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ timeout: MEDIUM });
    await row.click();
}

export function statusBar(page: Page): Locator {
    return page.locator('#workbench\\.parts\\.statusbar');
}

/** The Problems panel (opened with its keyboard shortcut). */
export async function openProblems(page: Page): Promise<Locator> {
    const panel = page.locator('.markers-panel');
    await retry('opening the Problems panel', async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+Shift+M');
        await panel.waitFor({ state: 'visible', timeout: 10_000 });
    });
    return panel;
}

/** CodeLens decorations of the active editor whose text contains `text`. */
export function codeLens(page: Page, text: string | RegExp): Locator {
    return page.locator('.editor-instance .codelens-decoration', { hasText: text });
}

/**
 * The document inside a webview panel: VS Code nests it in two iframes (the host `iframe.webview` and the content
 * `#active-frame`). With several webviews the visible one is taken.
 */
export function webviewContent(page: Page): FrameLocator {
    // After a reload code-server sometimes restores both previews' tabs: the first visible one is taken.
    return page.frameLocator('iframe.webview.ready:visible').first().frameLocator('iframe#active-frame');
}
