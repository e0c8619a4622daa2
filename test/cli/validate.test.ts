import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, codes, policies, positionOf, repoRoot, tempProject, textDiagnosticLine } from './cli-harness.js';

const acme = readFileSync(path.join(repoRoot, 'examples', 'acme.billing'), 'utf8');

describe('billing validate (text format, exit codes)', () => {
    let project: ReturnType<typeof tempProject>;
    beforeAll(() => {
        project = tempProject({
            'clean/acme.billing': acme,
            'broken/unknown-plan.billing': policies.unknownPlan,
            'broken/syntax.billing': policies.syntaxError,
            'warn/unused-rule.billing': policies.unusedRule,
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
        expect(lines.every((line) => textDiagnosticLine.test(line))).toBe(true);
        const errors = lines.map((line) => textDiagnosticLine.exec(line)!.groups!).filter((groups) => groups.severity === 'error');
        const start = positionOf(policies.unknownPlan, 'missing');
        expect(errors).toEqual([expect.objectContaining({
            file: 'broken/unknown-plan.billing', line: String(start.line), column: String(start.column), code: codes.unknownPlan,
        })]);
        expect(result.stderr).toMatch(/^1 error, \d+ warnings? in 1 file\n$/);
    });

    it('reports a syntax error at its line and exits 1', () => {
        const result = billing(['validate', 'broken/syntax.billing'], project.dir);
        expect(result.status).toBe(1);
        const matches = result.stdout.trimEnd().split('\n').map((line) => textDiagnosticLine.exec(line)?.groups);
        expect(matches.every((groups) => groups?.file === 'broken/syntax.billing')).toBe(true);
        const start = positionOf(policies.syntaxError, 'account');
        expect(matches).toContainEqual(expect.objectContaining({
            line: String(start.line), column: String(start.column), severity: 'error', code: codes.syntax,
        }));
    });

    it('prints paths relative to the working directory, also from a sub-folder', () => {
        const { line, column } = positionOf(policies.unknownPlan, 'missing');
        const result = billing(['validate', 'unknown-plan.billing'], path.join(project.dir, 'broken'));
        expect(result.stdout).toContain(`unknown-plan.billing:${line}:${column} error ${codes.unknownPlan} `);
        const outside = billing(['validate', '../broken/unknown-plan.billing'], path.join(project.dir, 'clean'));
        expect(outside.stdout).toContain(`../broken/unknown-plan.billing:${line}:${column} error ${codes.unknownPlan} `);
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
            'broken/syntax.billing', 'broken/unknown-plan.billing', 'clean/acme.billing', 'nested/a/b/deep.billing', 'warn/unused-rule.billing',
        ]);
    });

    it('expands globs (quoted, so the CLI and not the shell does it), keeping only .billing files', () => {
        const recursive = billing(['validate', '**/*.billing', '--format', 'json'], project.dir);
        expect(JSON.parse(recursive.stdout).files).toEqual([
            'broken/syntax.billing', 'broken/unknown-plan.billing', 'clean/acme.billing', 'nested/a/b/deep.billing', 'warn/unused-rule.billing',
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
        const unresolved = report.diagnostics.filter((d: { code: string }) => d.code === codes.unknownPlan);
        expect(unresolved).toHaveLength(1);
    });

    it('warnings alone exit 0; --max-warnings N fails the run only above N', () => {
        const plain = billing(['validate', 'warn/unused-rule.billing'], project.dir);
        expect(plain.status).toBe(0);
        const start = positionOf(policies.unusedRule, 'spare');
        expect(textDiagnosticLine.exec(plain.stdout.trimEnd())?.groups).toMatchObject({
            file: 'warn/unused-rule.billing', line: String(start.line), column: String(start.column), severity: 'warning', code: codes.unusedRule,
        });
        expect(plain.stderr).toBe('0 errors, 1 warning in 1 file\n');
        expect(billing(['validate', 'warn/unused-rule.billing', '--max-warnings', '1'], project.dir).status).toBe(0);
        const over = billing(['validate', 'warn/unused-rule.billing', '--max-warnings', '0'], project.dir);
        expect(over.status).toBe(1);
        expect(over.stderr).toBe('0 errors, 1 warning in 1 file\nbilling: 1 warning exceeds --max-warnings 0\n');
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
        expect(result.stderr).toMatch(/^1 error, \d+ warnings? in 1 file\n$/);
        const report = JSON.parse(readFileSync(path.join(project.dir, 'report.json'), 'utf8'));
        expect(report.summary.errors).toBe(1);
    });

    it('exits 2 when --output cannot be written', () => {
        const result = billing(['validate', 'clean/acme.billing', '-o', 'no/such/dir/report.txt'], project.dir);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/^billing: cannot write .*report\.txt: .*\(ENOENT\)\n$/);
    });
});
