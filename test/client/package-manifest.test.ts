import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The extension manifest (package.json "contributes", "main", …) against the sources and the packaging allow-list:
 * a command the code registers but the manifest lacks (or the reverse), or a file the manifest names but the .vsix
 * leaves out, only shows up in a running VS Code otherwise.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const extensionSource = fs.readFileSync(path.join(root, 'client/extension.ts'), 'utf8');
// What vsce itself would put in the .vsix (package.json "files" is the one allow-list of the .vsix and the npm package).
const vsixFiles = new Set(
    execFileSync(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
        .split('\n').map((l) => l.trim()).filter(Boolean),
);

describe('extension manifest', () => {
    it('contributes exactly the commands extension.ts registers', () => {
        const registered = [...extensionSource.matchAll(/register\('([\w.]+)'/g)].map((m) => m[1]).sort();
        const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
        expect(registered).toEqual(contributed);
        expect(registered).toEqual(expect.arrayContaining(['billing.preview', 'billing.showPreview', 'billing.selectData', 'billing.selectPeriod', 'billing.exportGroup', 'billing.validateWorkspace', 'billing.restartServer']));
        // The CodeLens command is for the server's lenses, not for the palette.
        expect(manifest.contributes.menus.commandPalette).toContainEqual({ command: 'billing.showPreview', when: 'false' });
    });

    it('names files that exist and that the .vsix allow-list ships', () => {
        const shipped = (file: string): boolean => vsixFiles.has(file);
        const files = [
            manifest.main.replace(/^\.\//, ''),
            'out/server.cjs',
            'out/ingest-worker.cjs',
            manifest.icon,
            ...manifest.contributes.languages.map((l: { configuration: string }) => l.configuration.replace(/^\.\//, '')),
            ...manifest.contributes.grammars.map((g: { path: string }) => g.path.replace(/^\.\//, '')),
            'examples/data/sample-cur.csv',
            'README.md',
            'LICENSE',
        ];
        for (const file of files) {
            expect(shipped(file), `${file} is in the .vsix allow-list`).toBe(true);
            if (!file.startsWith('out/')) expect(fs.existsSync(path.join(root, file)), `${file} exists`).toBe(true);
        }
        // An allow-list: nothing the extension does not run (sources, tests, node_modules, bench bundles).
        expect([...vsixFiles].filter((f) => /^(engine|language|server|client|cli|test|node_modules|bench)\/|^out\/bench/.test(f))).toEqual([]);
        expect(fs.existsSync(path.join(root, '.vscodeignore')), 'no .vscodeignore: vsce refuses it next to "files"').toBe(false);
        // The README's images must ship too (links are kept relative: --no-rewrite-relative-links).
        const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
        for (const [, image] of readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
            expect(shipped(image), `${image} ships`).toBe(true);
            expect(fs.existsSync(path.join(root, image)), `${image} exists`).toBe(true);
        }
    });

    it('language configuration and settings schema', () => {
        const configuration = JSON.parse(fs.readFileSync(path.join(root, 'language-configuration.json'), 'utf8'));
        expect(configuration.comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
        expect(configuration.brackets).toContainEqual(['{', '}']);
        expect(configuration.autoClosingPairs).toContainEqual({ open: '"', close: '"', notIn: ['string', 'comment'] });
        expect(configuration.folding.markers.start).toBeDefined();
        const properties = manifest.contributes.configuration.properties;
        expect(Object.keys(properties).sort()).toEqual(['billing.codeLens.changeAgainstGit', 'billing.codeLens.enabled', 'billing.data.path', 'billing.diagnostics.data', 'billing.inlayHints.enabled', 'billing.inlayHints.rules', 'billing.numberFormat.locale', 'billing.period', 'billing.trace.server']);
        const period = new RegExp(properties['billing.period'].pattern);
        expect(['', '2026-03', '2026-12'].every((p) => period.test(p))).toBe(true);
        expect(['2026-13', '2026-3', 'March'].some((p) => period.test(p))).toBe(false);
        // The walkthrough's media ship in the package (media/**) and each step's command is contributed.
        const walkthrough = (manifest.contributes.walkthroughs as { steps: { media: { markdown: string }; description: string }[] }[])[0]!;
        const commands = new Set((manifest.contributes.commands as { command: string }[]).map((command) => command.command));
        for (const step of walkthrough.steps) {
            expect(fs.existsSync(path.join(process.cwd(), step.media.markdown)), step.media.markdown).toBe(true);
            for (const [, command] of step.description.matchAll(/\(command:([\w.]+)\)/g)) expect(commands.has(command!), command).toBe(true);
        }
        expect(manifest.activationEvents).toEqual(expect.arrayContaining(['onLanguage:billing', 'onWebviewPanel:billing.preview']));
        expect(manifest.engines.vscode).toBe('^1.82.0');
    });

    it('supports untrusted workspaces in a limited way: language features on, billing.data.path restricted', () => {
        expect(manifest.capabilities.untrustedWorkspaces).toMatchObject({ supported: 'limited', restrictedConfigurations: ['billing.data.path'] });
        expect(manifest.capabilities.untrustedWorkspaces.description).toContain('Restricted Mode');
    });

    it('turns off word-based suggestions in .billing files (completion comes from the language server)', () => {
        expect(manifest.contributes.configurationDefaults['[billing]']['editor.wordBasedSuggestions']).toBe('off');
    });

    it('gives .billing files an icon, and contributes billing.diagnostics.data and the Billing view', () => {
        const language = manifest.contributes.languages.find((entry: { id: string }) => entry.id === 'billing');
        expect(language.icon).toEqual({ light: './media/billing-file.svg', dark: './media/billing-file-dark.svg' });
        for (const icon of [language.icon.light, language.icon.dark].map((file: string) => file.replace(/^\.\//, ''))) {
            // Shipped in the .vsix, a 16×16 SVG, small, and nothing an SVG could run or fetch.
            expect(vsixFiles.has(icon), `${icon} is in the .vsix`).toBe(true);
            const svg = fs.readFileSync(path.join(root, icon), 'utf8');
            expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="16" height="16" viewBox="0 0 16 16">/);
            expect(svg.length).toBeLessThan(2048);
            expect(svg).not.toMatch(/<script|href=|url\(/i);
        }
        expect(manifest.contributes.configuration.properties['billing.diagnostics.data']).toMatchObject({ default: 'on', enum: ['on', 'off', 'error', 'warning', 'information', 'hint'] });
        expect(manifest.contributes.viewsContainers.activitybar).toEqual([{ id: 'billing', title: 'Billing', icon: 'media/billing-view.svg' }]);
        expect(manifest.contributes.views.billing.map((view: { id: string }) => view.id)).toEqual(['billing.groups']);
    });
});
