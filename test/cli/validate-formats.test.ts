import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueByCode, renderDiagnosticsDoc } from '../../language/validation/index.js';
import { billing, codes, policies, positionOf, repoRoot, tempProject } from './cli-harness.js';

// ajv-formats is CommonJS with `exports.default`: under Node16 ESM typing the default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const acme = readFileSync(path.join(repoRoot, 'examples', 'acme.billing'), 'utf8');
const packageVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('billing validate --format', () => {
    let project: ReturnType<typeof tempProject>;
    beforeAll(() => {
        project = tempProject({
            'policies/acme.billing': acme,
            'policies/unknown-rule.billing': policies.unknownRule,
            'policies/team a/unknown plan.billing': policies.unknownPlan,
            'policies/percent.billing': policies.percentInMessage,
            'odd,name:x.billing': policies.unknownPlan,
            'policies/unused.billing': policies.unusedRule,
        });
    });
    afterAll(() => project.dispose());

    describe('json', () => {
        it('has the documented shape (version 1, files, diagnostics, summary) and exits 1 on errors', () => {
            const result = billing(['validate', 'policies', '--format', 'json'], project.dir);
            expect(result.status).toBe(1);
            expect(result.stderr).toBe('');
            const report = JSON.parse(result.stdout);
            expect(Object.keys(report)).toEqual(['version', 'files', 'diagnostics', 'summary']);
            expect(report.version).toBe(1);
            expect(report.files).toEqual([
                'policies/acme.billing', 'policies/percent.billing', 'policies/team a/unknown plan.billing', 'policies/unknown-rule.billing',
                'policies/unused.billing',
            ]);
            for (const diagnostic of report.diagnostics) {
                expect(Object.keys(diagnostic)).toEqual(['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
                expect(['error', 'warning', 'info']).toContain(diagnostic.severity);
                expect(typeof diagnostic.code).toBe('string');
                expect(diagnostic.code).not.toBe('');
            }
            const counts = (severity: string): number => report.diagnostics.filter((d: { severity: string }) => d.severity === severity).length;
            expect(report.summary).toEqual({ errors: counts('error'), warnings: counts('warning'), infos: counts('info'), files: 5 });
            expect(report.summary.errors).toBeGreaterThanOrEqual(3);
        });

        it('gives 1-based positions with an exclusive end column', () => {
            const result = billing(['validate', 'policies/unknown-rule.billing', '--format', 'json'], project.dir);
            const report = JSON.parse(result.stdout);
            const start = positionOf(policies.unknownRule, 'nope-x');
            expect(report.diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([{
                file: 'policies/unknown-rule.billing',
                line: start.line,
                column: start.column,
                endLine: start.line,
                endColumn: start.column + 'nope-x'.length,
                severity: 'error',
                code: codes.unknownRule,
                message: expect.stringContaining('nope-x'),
            }]);
            expect(report.summary).toMatchObject({ errors: 1, files: 1 });
        });

        it('is an empty list of diagnostics for a clean policy (exit 0)', () => {
            const result = billing(['validate', 'policies/acme.billing', '--format', 'json'], project.dir);
            expect(result.status).toBe(0);
            const report = JSON.parse(result.stdout);
            expect(report.files).toEqual(['policies/acme.billing']);
            expect(report.summary.errors).toBe(0);
        });
    });

    describe('sarif', () => {
        const schema = JSON.parse(readFileSync(path.join(repoRoot, 'test/cli/fixtures/sarif-schema-2.1.0.json'), 'utf8'));
        const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
        const validateSarif = ajv.compile(schema);

        it('validates against the official SARIF 2.1.0 schema, with errors', () => {
            const result = billing(['validate', 'policies', '--format', 'sarif'], project.dir);
            expect(result.status).toBe(1);
            const log = JSON.parse(result.stdout);
            const valid = validateSarif(log);
            expect(validateSarif.errors ?? []).toEqual([]);
            expect(valid).toBe(true);
        });

        it('uses a schema check that rejects broken logs (the test is not vacuous)', () => {
            const log = JSON.parse(billing(['validate', 'policies', '--format', 'sarif'], project.dir).stdout);
            log.runs[0].results[0].level = 'fatal';
            expect(validateSarif(log)).toBe(false);
            const noTool = JSON.parse(billing(['validate', 'policies', '--format', 'sarif'], project.dir).stdout);
            delete noTool.runs[0].tool;
            expect(validateSarif(noTool)).toBe(false);
            const relativeHelp = JSON.parse(billing(['validate', 'policies', '--format', 'sarif'], project.dir).stdout);
            relativeHelp.runs[0].tool.driver.informationUri = 'docs/cli.md';
            expect(validateSarif(relativeHelp)).toBe(false);
        });

        it('validates against the schema for a clean run too (no results)', () => {
            const result = billing(['validate', 'policies/acme.billing', '--format', 'sarif'], project.dir);
            expect(result.status).toBe(0);
            const log = JSON.parse(result.stdout);
            expect(validateSarif(log)).toBe(true);
            expect(log.runs[0].results.filter((r: { level: string }) => r.level === 'error')).toEqual([]);
        });

        it('names the tool, lists one rule per code and locates results relative to %SRCROOT%', () => {
            const result = billing(['validate', 'policies', '--format', 'sarif'], project.dir);
            const log = JSON.parse(result.stdout);
            expect(log.version).toBe('2.1.0');
            expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
            expect(log.runs).toHaveLength(1);
            const run = log.runs[0];
            expect(run.tool.driver.name).toBe('billing');
            expect(run.tool.driver.version).toBe(packageVersion);
            const ruleIds = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
            expect(new Set(ruleIds).size).toBe(ruleIds.length);
            expect(new Set(ruleIds)).toEqual(new Set(run.results.map((r: { ruleId: string }) => r.ruleId)));
            const headingAnchors = new Set(renderDiagnosticsDoc().split('\n').filter((line) => line.startsWith('## '))
                .map((line) => line.slice(3).trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')));
            for (const rule of run.tool.driver.rules) {
                const entry = issueByCode(rule.id)!;
                expect(entry).toBeDefined();
                expect(rule.shortDescription.text).toBe(entry.summary);
                expect(rule.help.markdown).toBe(entry.explanation);
                const [page, anchor] = rule.helpUri.split('#');
                expect(page).toMatch(/docs\/diagnostics\.md$/);
                expect(headingAnchors).toContain(anchor);
            }
            expect(run.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/$/);

            const start = positionOf(policies.unknownPlan, 'missing');
            const spaced = run.results.find((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
                r.locations[0]!.physicalLocation.artifactLocation.uri === 'policies/team%20a/unknown%20plan.billing' && r.ruleId === codes.unknownPlan);
            expect(spaced).toMatchObject({
                level: 'error',
                message: { text: expect.any(String) },
                locations: [{
                    physicalLocation: {
                        artifactLocation: { uriBaseId: '%SRCROOT%' },
                        region: { startLine: start.line, startColumn: start.column, endLine: start.line, endColumn: start.column + 'missing'.length },
                    },
                }],
            });
            expect(run.tool.driver.rules[spaced.ruleIndex].id).toBe(spaced.ruleId);
        });
    });

    describe('github', () => {
        const annotation = /^::(error|warning|notice) file=([^,]*),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^,:]+)::(.*)$/;

        it('prints one workflow command per diagnostic', () => {
            const result = billing(['validate', 'policies/unknown-rule.billing', '--format', 'github'], project.dir);
            expect(result.status).toBe(1);
            const lines = result.stdout.trimEnd().split('\n');
            expect(lines.every((line) => annotation.test(line))).toBe(true);
            const errors = lines.filter((line) => line.startsWith('::error '));
            expect(errors).toHaveLength(1);
            const start = positionOf(policies.unknownRule, 'nope-x');
            expect(annotation.exec(errors[0]!)?.slice(1, 8)).toEqual([
                'error', 'policies/unknown-rule.billing', String(start.line), String(start.column), String(start.line), String(start.column + 6),
                codes.unknownRule,
            ]);
            expect(result.stderr).toMatch(/^1 error, \d+ warnings? in 1 file\n$/);
        });

        it('uses ::warning for warnings', () => {
            const result = billing(['validate', 'policies/unused.billing', '--format', 'github'], project.dir);
            expect(result.status).toBe(0);
            const start = positionOf(policies.unusedRule, 'spare');
            expect(result.stdout).toMatch(new RegExp(`^::warning file=policies/unused\\.billing,line=${start.line},col=${start.column},endLine=${start.line},endColumn=${start.column + 5},title=${codes.unusedRule}::.+\n$`));
        });

        it('escapes , and : in properties and % in the message', () => {
            const odd = billing(['validate', 'odd,name:x.billing', '--format', 'github'], project.dir);
            const { line, column } = positionOf(policies.unknownPlan, 'missing');
            expect(odd.stdout).toContain(`::error file=odd%2Cname%3Ax.billing,line=${line},col=${column},`);
            const percent = billing(['validate', 'policies/percent.billing', '--format', 'github'], project.dir);
            const lines = percent.stdout.trimEnd().split('\n');
            expect(lines.every((line) => annotation.test(line))).toBe(true);
            const message = lines.map((line) => annotation.exec(line)![8]!).find((text) => text.includes('%'));
            expect(message).toBeDefined();
            // Every % in the data is an escape sequence: %25, %0D or %0A.
            expect(message!.replace(/%(25|0D|0A)/g, '')).not.toContain('%');
            expect(message).toContain('%25');
        });
    });
});
