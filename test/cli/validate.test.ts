import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, policies, positionOf, repoRoot, tempProject, textDiagnosticLine } from './cli-harness.js';

const acme = readFileSync(path.join(repoRoot, 'examples', 'acme.billing'), 'utf8');

describe('billing validate (text format, exit codes)', () => {
    let project: ReturnType<typeof tempProject>;
    beforeAll(() => {
        project = tempProject({
            'clean/acme.billing': acme,
            'broken/unknown-plan.billing': policies.unknownPlan,
            'broken/syntax.billing': policies.syntaxError,
            'nested/a/b/deep.billing': acme,
            'nested/node_modules/dep/ignored.billing': policies.syntaxError,
            'nested/.hidden/ignored.billing': policies.syntaxError,
            'nested/notes.txt': 'not a policy',
            'empty/readme.md': '# nothing here',
        });
    });
    afterAll(() => project.dispose());

    it('exits 0 on a clean file, prints no diagnostic line and a summary on stderr', () => {
        const result = billing(['validate', 'clean/acme.billing'], project.dir);
        expect(result.status).toBe(0);
        expect(result.stdout.split('\n').filter((line) => / error /.test(line))).toEqual([]);
        expect(result.stderr).toMatch(/^0 errors, \d+ warnings?(, \d+ infos?)? in 1 file\n$/);
    });

    it('exits 1 on errors, one `path:line:col severity CODE message` line each, path relative to cwd', () => {
        const result = billing(['validate', 'broken/unknown-plan.billing'], project.dir);
        expect(result.status).toBe(1);
        const lines = result.stdout.trimEnd().split('\n');
        expect(lines).toHaveLength(1);
        const match = textDiagnosticLine.exec(lines[0]!);
        expect(match?.groups).toMatchObject({
            file: 'broken/unknown-plan.billing',
            line: String(positionOf(policies.unknownPlan, 'missing').line),
            column: String(positionOf(policies.unknownPlan, 'missing').column),
            severity: 'error',
        });
        expect(result.stderr).toBe('1 error, 0 warnings in 1 file\n');
    });

    it('reports a syntax error at its line and exits 1', () => {
        const result = billing(['validate', 'broken/syntax.billing'], project.dir);
        expect(result.status).toBe(1);
        const matches = result.stdout.trimEnd().split('\n').map((line) => textDiagnosticLine.exec(line)?.groups);
        expect(matches.length).toBeGreaterThan(0);
        expect(matches.every((groups) => groups?.severity === 'error' && groups.file === 'broken/syntax.billing')).toBe(true);
        expect(matches.map((groups) => groups!.line)).toContain(String(positionOf(policies.syntaxError, 'account').line));
    });

    it('prints paths relative to the working directory, also from a sub-folder', () => {
        const result = billing(['validate', 'unknown-plan.billing'], path.join(project.dir, 'broken'));
        expect(result.stdout).toMatch(/^unknown-plan\.billing:2:\d+ error /);
        const outside = billing(['validate', '../broken/unknown-plan.billing'], path.join(project.dir, 'clean'));
        expect(outside.stdout).toMatch(/^\.\.\/broken\/unknown-plan\.billing:2:\d+ error /);
    });

    it('expands a directory recursively, skipping node_modules and dot-folders', () => {
        const result = billing(['validate', 'nested', '--format', 'json'], project.dir);
        expect(result.status).toBe(0);
        expect(JSON.parse(result.stdout).files).toEqual(['nested/a/b/deep.billing']);
    });

    it('without arguments validates every .billing file under the current directory', () => {
        const result = billing(['validate', '--format', 'json'], project.dir);
        expect(result.status).toBe(1);
        expect(JSON.parse(result.stdout).files).toEqual([
            'broken/syntax.billing', 'broken/unknown-plan.billing', 'clean/acme.billing', 'nested/a/b/deep.billing',
        ]);
    });

    it('expands globs (quoted, so the CLI and not the shell does it), keeping only .billing files', () => {
        const recursive = billing(['validate', '**/*.billing', '--format', 'json'], project.dir);
        expect(JSON.parse(recursive.stdout).files).toEqual([
            'broken/syntax.billing', 'broken/unknown-plan.billing', 'clean/acme.billing', 'nested/a/b/deep.billing',
        ]);
        const oneLevel = billing(['validate', 'broken/*', '--format', 'json'], project.dir);
        expect(JSON.parse(oneLevel.stdout).files).toEqual(['broken/syntax.billing', 'broken/unknown-plan.billing']);
        const braces = billing(['validate', '{clean,nested}/**/*.billing', '--format', 'json'], project.dir);
        expect(braces.status).toBe(0);
        expect(JSON.parse(braces.stdout).files).toEqual(['clean/acme.billing', 'nested/a/b/deep.billing']);
    });

    it('validates each file once when inputs overlap', () => {
        const result = billing(['validate', 'broken', 'broken/unknown-plan.billing', 'broken/*.billing', '--format', 'json'], project.dir);
        const report = JSON.parse(result.stdout);
        expect(report.files).toEqual(['broken/syntax.billing', 'broken/unknown-plan.billing']);
        const unresolved = report.diagnostics.filter((d: { file: string }) => d.file === 'broken/unknown-plan.billing');
        expect(unresolved).toHaveLength(1);
    });

    it('exits 2 with a clear message for a path that does not exist', () => {
        const result = billing(['validate', 'no/such/file.billing'], project.dir);
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe('billing: no/such/file.billing: no such file or directory\n');
    });

    it('exits 2 when a folder or a glob holds no .billing file, naming it', () => {
        const folder = billing(['validate', 'empty'], project.dir);
        expect(folder.status).toBe(2);
        expect(folder.stderr).toMatch(/^billing: no \.billing files found in empty\b/);
        const glob = billing(['validate', 'clean/**/*.nothing'], project.dir);
        expect(glob.status).toBe(2);
        expect(glob.stderr).toBe('billing: no .billing files match clean/**/*.nothing\n');
        const cwd = billing(['validate'], path.join(project.dir, 'empty'));
        expect(cwd.status).toBe(2);
        expect(cwd.stderr).toMatch(/^billing: no \.billing files found in .*empty \(the current directory\)/);
    });

    it('writes the report to --output atomically and still prints the summary', () => {
        const result = billing(['validate', 'broken/unknown-plan.billing', '-f', 'json', '-o', 'report.json'], project.dir);
        expect(result.status).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe('1 error, 0 warnings in 1 file\n');
        const report = JSON.parse(readFileSync(path.join(project.dir, 'report.json'), 'utf8'));
        expect(report.summary.errors).toBe(1);
    });

    it('exits 2 when --output cannot be written', () => {
        const result = billing(['validate', 'clean/acme.billing', '-o', 'no/such/dir/report.txt'], project.dir);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/^billing: cannot write .*report\.txt: ENOENT\n$/);
    });
});
