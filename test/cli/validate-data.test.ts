/**
 * `billing validate --data PATH` (and a policy's own `data` statement): the data-aware checks (BIL100 and up) in CI,
 * with the codes, positions and messages the editor shows (the language server's services on the same text and
 * data are the reference), in every output format.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { BREACH_CHECK_ISSUES } from '../../language/validation/breach-checks.js';
import { DATA_CHECK_ISSUES } from '../../language/validation/data-checks.js';
import { CATALOGUE_CUR, createKit, FIXTURES } from '../server/server-kit.js';
import { billing, tempProject } from './cli-harness.js';
import { cur, usageRow } from './hand-cur.js';

interface JsonDiagnostic { file: string; line: number; column: number; severity: string; code: string; message: string }

const severities: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info' };
const fromEditor = (diagnostics: readonly Diagnostic[]): string[] => diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${severities[d.severity ?? 1]} ${String(d.code)} ${d.message}`).sort();
const fromCli = (diagnostics: readonly JsonDiagnostic[]): string[] => diagnostics
    .map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`).sort();

describe('validate --data: the editor\'s data-aware diagnostics, from the catalogue examples', () => {
    const catalogue = [
        ...DATA_CHECK_ISSUES.map((issue) => ({ issue, data: CATALOGUE_CUR })),
        ...BREACH_CHECK_ISSUES.map((issue) => ({ issue, data: path.join(FIXTURES, 'budget-cur.csv') })),
    ];
    const kits = new Map<string, ReturnType<typeof createKit>>();
    const kitFor = (data: string) => {
        let kit = kits.get(data);
        if (!kit) kits.set(data, (kit = createKit({ dataPaths: [data] })));
        return kit;
    };
    let project: ReturnType<typeof tempProject>;
    beforeAll(() => {
        project = tempProject({});
    });
    afterAll(async () => {
        project.dispose();
        for (const kit of kits.values()) await kit.reset();
    });

    it.each(catalogue)('$issue.code $issue.name: same diagnostics as the editor', async ({ issue, data }) => {
        const file = path.join(project.dir, `${issue.name}.billing`);
        writeFileSync(file, issue.wrong);
        const kit = kitFor(data);
        const editor = fromEditor(await kit.validateWithData(await kit.open(issue.wrong)));
        expect(editor.some((line) => line.includes(` ${issue.code} `)), 'the editor reports the example').toBe(true);

        const result = billing(['validate', file, '--data', data, '--format', 'json'], project.dir);
        expect(result.status, result.stderr).toBe(editor.some((line) => / error /.test(line)) ? 1 : 0);
        const report = JSON.parse(result.stdout) as { diagnostics: JsonDiagnostic[] };
        // The source names the data as each sees it: the editor relative to its workspace, the CLI to the working directory.
        const cliLines = fromCli(report.diagnostics).map((line) => line.replaceAll(path.relative(project.dir, data).split(path.sep).join('/'), 'DATA'));
        const editorLines = editor.map((line) => line.replaceAll(path.relative(FIXTURES, data), 'DATA'));
        expect(cliLines).toEqual(editorLines);
    });
});

/*
 * A hand-made CUR (CUR 1.0 columns), figures by hand: account 111111111111 has EC2 usage of 160 (public on-demand
 * 200) in 2026-02. With markup-10 (× 1.1) the pro forma cost is 200 × 1.1 = 220.00, over the budget of 150 by 70.00.
 * Account 333333333333 and service AmazonRDS are not in the data; 2026-01 has 80 (public 100) → pro forma 110.00.
 */
const CUR = cur(usageRow('2026-01', '111111111111', 'AmazonEC2', '80', '100'), usageRow('2026-02', '111111111111', 'AmazonEC2', '160', '200'));
const POLICY = (data = '') => `${data}account 111111111111 "web-prod"
account 333333333333 "gone"
rule markup-10 { markup 10% }
rule rds { service AmazonRDS markup 5% }
plan standard { rules markup-10, rds }
group web {
  primary web-prod
  accounts web-prod
  plan standard
  budget 150
}
`;

describe('validate --data on hand-worked data', () => {
    let project: ReturnType<typeof tempProject>;
    beforeAll(() => {
        project = tempProject({ 'cur.csv': CUR, 'policy.billing': POLICY(), 'with-data.billing': POLICY('data "cur.csv"\n') });
    });
    afterAll(() => project.dispose());
    const run = (...args: string[]) => billing(args, project.dir);

    it('reports the account and service not in the data and the budget breach of the latest period, with the figures', () => {
        const result = run('validate', 'policy.billing', '--data', 'cur.csv');
        expect(result.status, result.stderr).toBe(0);
        const lines = result.stdout.trim().split('\n');
        expect(lines).toEqual(expect.arrayContaining([
            expect.stringMatching(/^policy\.billing:2:9 info BIL100 account 333333333333 has no line item in the loaded data \(cur\.csv\)/),
            expect.stringMatching(/^policy\.billing:4:20 \w+ BIL101 .*AmazonRDS.*cur\.csv/),
            "policy.billing:10:10 warning BIL107 group 'web' is over budget in 2026-02: pro forma cost 220.00 USD exceeds the budget of 150.00 USD by 70.00 USD",
        ]));
        expect(result.stderr).toMatch(/^data: --data cur\.csv \(CUR 1\.0, 2 rows\)$/m);
    });

    it('--period picks the period budgets are checked in: 2026-01 is within budget (110.00 ≤ 150)', () => {
        const result = run('validate', 'policy.billing', '--data', 'cur.csv', '--period', '2026-01');
        expect(result.status, result.stderr).toBe(0);
        expect(result.stdout).not.toContain('BIL107');
        expect(result.stdout).toContain('BIL100');
    });

    it('a period the data lacks is an error (exit 2), as for bill', () => {
        const result = run('validate', 'policy.billing', '--data', 'cur.csv', '--period', '2025-12');
        expect(result.status).toBe(2);
        expect(result.stderr.trim().split('\n').at(-1)).toBe('billing: period 2025-12 is not in the data (the data has 2026-01, 2026-02)');
        expect(result.stdout).toBe('');
    });

    it('uses the policy\'s own data statement without --data', () => {
        const result = run('validate', 'with-data.billing');
        expect(result.stdout).toContain("BIL107 group 'web' is over budget in 2026-02: pro forma cost 220.00 USD exceeds the budget of 150.00 USD by 70.00 USD");
        expect(result.stderr).toMatch(/^data: policy data cur\.csv/m);
    });

    it('without data, no data-aware check runs (the bundled sample is never used by validate)', () => {
        const result = run('validate', 'policy.billing');
        expect(result.status).toBe(0);
        expect(result.stdout).not.toMatch(/BIL1\d\d/);
        expect(result.stderr).not.toContain('data:');
    });

    it('--max-warnings 0 fails on the data warnings (exit 1, after the report)', () => {
        const result = run('validate', 'policy.billing', '--data', 'cur.csv', '--max-warnings', '0');
        expect(result.status).toBe(1);
        expect(result.stdout).toContain('BIL107');
    });

    it('SARIF carries the data-aware results and their rules from the catalogue; stderr stays quiet', () => {
        const result = run('validate', 'policy.billing', '--data', 'cur.csv', '--format', 'sarif');
        expect(result.stderr).toBe('');
        const sarif = JSON.parse(result.stdout) as { runs: { tool: { driver: { rules: { id: string; shortDescription?: { text: string } }[] } }; results: { ruleId: string; level: string }[] }[] };
        const [run0] = sarif.runs;
        expect(run0!.results.map((entry) => entry.ruleId)).toEqual(expect.arrayContaining(['BIL100', 'BIL101', 'BIL107']));
        expect(run0!.tool.driver.rules.find((rule) => rule.id === 'BIL107')?.shortDescription?.text).toMatch(/budget/i);
        expect(run0!.results.find((entry) => entry.ruleId === 'BIL107')?.level).toBe('warning');
    });

    it('GitHub annotations include them', () => {
        const result = run('validate', 'policy.billing', '--data', 'cur.csv', '--format', 'github');
        expect(result.stdout).toContain('::warning file=policy.billing,line=10,');
        expect(result.stdout).toMatch(/BIL107/);
    });
});

describe('validate honours // billing-ignore as the editor does', () => {
    const ignored = POLICY().replace('account 333333333333 "gone"', '// billing-ignore BIL100 left the organization in January, kept for the closed periods\naccount 333333333333 "gone"');
    let project: ReturnType<typeof tempProject>;
    beforeAll(() => {
        project = tempProject({ 'cur.csv': CUR, 'policy.billing': ignored, 'no-reason.billing': ignored.replace(' left the organization in January, kept for the closed periods', '') });
    });
    afterAll(() => project.dispose());

    it('the ignored BIL100 is not printed; the other findings are', () => {
        const result = billing(['validate', 'policy.billing', '--data', 'cur.csv'], project.dir);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stdout).not.toContain('BIL100');
        expect(result.stdout).not.toContain('BIL127');
        expect(result.stdout).toContain('BIL107');
    });

    it('without a reason: BIL126, and BIL100 stays', () => {
        const result = billing(['validate', 'no-reason.billing', '--data', 'cur.csv'], project.dir);
        expect(result.stdout).toMatch(/^no-reason\.billing:2:1 warning BIL126 billing-ignore BIL100 needs a reason/m);
        expect(result.stdout).toMatch(/^no-reason\.billing:3:9 info BIL100 /m);
    });
});
