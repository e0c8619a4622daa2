// Runs inside VS Code's extension host (desktop, @vscode/test-electron): a tiny mocha-free runner.
// run() resolves when every check passed and rejects with the failures otherwise; it prints "N passed, N failed".
const assert = require('node:assert/strict');
const vscode = require('vscode');

const EXTENSION_ID = 'billing-conductor.billing-conductor';
const expected = JSON.parse(process.env.BILLING_E2E_EXPECTED || '{}');

async function eventually(what, probe, timeoutMs = 90000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
        try {
            const value = await probe();
            if (value) return value;
        } catch (error) {
            last = error;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

function file(name) {
    return vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, name);
}

const checks = [
    ['the extension activates on a .billing file', async () => {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file('acme.billing')));
        const extension = vscode.extensions.getExtension(EXTENSION_ID);
        assert.ok(extension, `${EXTENSION_ID} is installed`);
        await eventually('activation', () => extension.isActive);
        const commands = await vscode.commands.getCommands(true);
        for (const id of ['billing.preview', 'billing.showPreview', 'billing.selectData', 'billing.selectPeriod', 'billing.exportGroup', 'billing.validateWorkspace', 'billing.restartServer']) {
            assert.ok(commands.includes(id), `command ${id} is registered`);
        }
    }],
    ['diagnostics carry their catalogue code (BIL035 in broken.billing)', async () => {
        const uri = file('broken.billing');
        await vscode.workspace.openTextDocument(uri);
        const diagnostic = await eventually('BIL035', () => vscode.languages.getDiagnostics(uri).find((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'BIL035'));
        assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    }],
    ['group CodeLenses show the CLI figures for the bundled sample', async () => {
        const uri = file('acme.billing');
        const titles = await eventually('priced CodeLenses', async () => {
            const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri, 100);
            const shown = (lenses || []).map((lens) => (lens.command ? lens.command.title : ''));
            return Object.values(expected).every((title) => shown.includes(title)) ? shown : undefined;
        });
        assert.ok(titles.length >= Object.keys(expected).length);
    }],
    ['the bill preview opens beside the editor', async () => {
        await vscode.commands.executeCommand('billing.showPreview', file('acme.billing').toString(), 'web');
        await eventually('the preview tab', () => vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.label === 'Bill: acme.billing')));
    }],
];

async function run() {
    let passed = 0;
    const failures = [];
    for (const [name, check] of checks) {
        try {
            await check();
            passed++;
            console.log(`  ✓ ${name}`);
        } catch (error) {
            failures.push(`${name}: ${error && error.message ? error.message : String(error)}`);
            console.log(`  ✗ ${name}\n    ${error && error.stack ? error.stack : error}`);
        }
    }
    console.log(`${passed} passed, ${failures.length} failed`);
    if (failures.length > 0) throw new Error(failures.join('\n'));
}

module.exports = { run };
