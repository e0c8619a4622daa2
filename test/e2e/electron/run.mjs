// Opt-in desktop e2e (`npm run test:electron`): downloads VS Code (Electron) with @vscode/test-electron and runs
// suite.cjs inside its extension host against this repository's extension (out/, built by `npm run build`).
// Needs network access to update.code.visualstudio.com and a display (on Linux without one: `xvfb-run -a npm run
// test:electron`). CI does not run it: the offline e2e is test/e2e/vscode.e2e.ts (code-server + Chromium).
// Env: BILLING_VSCODE_VERSION (default "stable").
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const period = '2026-03';

// Expected CodeLens titles from the CLI (the same figures the code-server e2e checks).
const table = execFileSync(process.execPath, ['bin/billing.cjs', 'bill', 'examples/acme.billing', '--period', period], { cwd: root, encoding: 'utf8' });
const expected = {};
for (const line of table.split('\n')) {
    const match = /^(\S+)\s+\d{4}-\d{2}\s+\d+\s+(-?[\d,]+\.\d\d)\s+(-?[\d,]+\.\d\d)\s+(-?[\d,]+\.\d\d)\s+(-?[\d.]+%)\s*$/.exec(line);
    if (!match) continue;
    const money = (text) => (text.startsWith('-') ? `\u2212$${text.slice(1)}` : `$${text}`);
    const percent = match[5].startsWith('-') ? `\u2212${match[5].slice(1)}` : match[5];
    expected[match[1]] = `Pro forma ${money(match[3])} · AWS ${money(match[2])} · margin ${percent} · ${period}`;
}

const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-electron-'));
const acme = fs.readFileSync(path.join(root, 'examples/acme.billing'), 'utf8');
fs.writeFileSync(path.join(workspace, 'acme.billing'), acme);
fs.writeFileSync(path.join(workspace, 'broken.billing'), acme.replace('discount 10% service AmazonEC2', 'discount 110% service AmazonEC2'));

try {
    const code = await runTests({
        version: process.env.BILLING_VSCODE_VERSION ?? 'stable',
        extensionDevelopmentPath: root,
        extensionTestsPath: path.join(root, 'test/e2e/electron/suite.cjs'),
        extensionTestsEnv: { BILLING_E2E_EXPECTED: JSON.stringify(expected), BILLING_E2E_PERIOD: period },
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
    process.exitCode = code;
} catch (error) {
    console.error(`test:electron failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
} finally {
    fs.rmSync(workspace, { recursive: true, force: true });
}
