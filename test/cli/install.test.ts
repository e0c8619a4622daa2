import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, repoRoot } from './cli-harness.js';
import { npm, offline, packPackage, runIn } from './npm-package.js';

/**
 * The package as a CI user gets it: `npm pack` (of the bundles test/global-setup.ts has just built), then
 * `npm install -g` into an empty prefix and `npx --package`, both offline with an unreachable registry and an
 * empty cache, so the tarball must carry everything the CLI runs (no runtime dependency to fetch).
 */
const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

let work: string;
let tarball: string;
let packedFiles: string[];

const run = (command: string, args: readonly string[], cwd: string) => runIn(work, command, args, cwd);

beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'billing-install-'));
    ({ tarball, files: packedFiles } = packPackage(work));
}, 180_000);

afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
});

describe('the npm package', () => {
    it('ships the CLI bundle, its worker, the launcher and the sample, and no sources', () => {
        for (const file of ['bin/billing.cjs', 'out/cli.cjs', 'out/ingest-worker.cjs', 'examples/data/sample-cur.csv', 'examples/acme.billing', 'README.md', 'LICENSE', 'package.json']) {
            expect(packedFiles).toContain(file);
        }
        expect(packedFiles.filter((file) => file.endsWith('.ts') || file.startsWith('node_modules/') || file.startsWith('test/'))).toEqual([]);
        // One allow-list for the npm package and the .vsix (vsce refuses a .vscodeignore next to "files"): the
        // extension's bundles ride along, the bench bundles do not.
        expect(packedFiles).toContain('out/server.cjs');
        expect(packedFiles.filter((file) => file.startsWith('out/bench'))).toEqual([]);
    });

    it('declares no runtime dependency (everything is in the esbuild bundles), so it installs offline', () => {
        const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
        expect(manifest.dependencies).toBeUndefined();
        expect(manifest.private).toBeUndefined();
    });

    it('installs globally into an empty prefix and runs --version, validate and bill on the bundled sample', () => {
        const prefix = path.join(work, 'prefix');
        const installed = run(npm, ['install', '--global', '--prefix', prefix, ...offline, tarball], work);
        expect(installed.status, installed.stderr).toBe(0);
        const bin = process.platform === 'win32' ? path.join(prefix, 'billing.cmd') : path.join(prefix, 'bin', 'billing');
        const packageDir = process.platform === 'win32'
            ? path.join(prefix, 'node_modules', 'billing-conductor')
            : path.join(prefix, 'lib', 'node_modules', 'billing-conductor');
        const outside = mkdtempSync(path.join(work, 'ci-job-'));

        const versionRun = run(bin, ['--version'], outside);
        expect(versionRun.status, versionRun.stderr).toBe(0);
        expect(versionRun.stdout).toBe(`${version}\n`);

        const example = path.join(packageDir, 'examples', 'acme.billing');
        const validated = run(bin, ['validate', example], outside);
        expect(validated.status, validated.stderr).toBe(0);
        expect(validated.stderr).toContain('0 errors');

        const billed = run(bin, ['bill', example, '--format', 'json'], outside);
        expect(billed.status, billed.stderr).toBe(0);
        expect(billed.stderr).toContain('data: bundled sample examples/data/sample-cur.csv');
        // The installed package bills exactly as the repository's own launcher does (the figures themselves are
        // checked against DuckDB in test/cli/bill.test.ts; this checks that nothing is lost in packaging).
        const fromRepo = billing(['bill', path.join(repoRoot, 'examples', 'acme.billing'), '--format', 'json'], outside);
        expect(fromRepo.status, fromRepo.stderr).toBe(0);
        const withoutSources = (json: string): unknown => ({ ...(JSON.parse(json) as Record<string, unknown>), data: undefined });
        expect(withoutSources(billed.stdout)).toEqual(withoutSources(fromRepo.stdout));
    }, 180_000);

    it('runs with npx --package TARBALL', () => {
        const result = run(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['--yes', ...offline, '--package', tarball, '--', 'billing', '--version'], work);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stdout.trim().split('\n').at(-1)).toBe(version);
    }, 180_000);
});
