import { parse } from 'csv-parse/sync';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../../engine/report/types.js';
import { billing, codes, policies, repoRoot, tempProject, textDiagnosticLine } from './cli-harness.js';

const acme = path.join(repoRoot, 'examples', 'acme.billing');
const sampleCsv = readFileSync(path.join(repoRoot, 'examples', 'data', 'sample-cur.csv'), 'utf8');
const samplePeriods = ['2026-01', '2026-02', '2026-03'];
const MONEY = /^-?\d+(\.\d+)?$/;

/** The sample's header and first data rows, with `value` in column `column` of data row `row` (1-based). */
function sampleWith(row: number, column: string, value: string): string {
    const lines = sampleCsv.split('\n').slice(0, 6);
    const header = lines[0]!.split(',');
    const records = parse(lines.slice(1).join('\n'), { relax_column_count: true }) as string[][];
    records[row - 1]![header.indexOf(column)] = value;
    const quote = (field: string): string => (/[",\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);
    return [lines[0], ...records.map((record) => record.map(quote).join(','))].join('\n') + '\n';
}

/** The sample's header and the data lines `keep` selects. */
function splitSample(keep: (line: string) => boolean): string {
    const [header, ...lines] = sampleCsv.trimEnd().split('\n');
    return [header, ...lines.filter(keep)].join('\n') + '\n';
}

describe('billing bill', () => {
    let project: ReturnType<typeof tempProject>;
    beforeAll(() => {
        project = tempProject({
            'acme.billing': readFileSync(acme, 'utf8'),
            'broken.billing': policies.unknownRule,
            'bad/cost.csv': sampleWith(2, 'lineItem/UnblendedCost', '12,5'),
            'with-data/policy.billing': `data "../cur/sample.csv"\n${readFileSync(acme, 'utf8')}`,
            'cur/sample.csv': sampleCsv,
            'out/.keep': '',
            'split/jan, part.csv': splitSample((line) => line.includes(',2026-01-01T00:00:00Z,')),
            'split/rest.csv': splitSample((line) => !line.includes(',2026-01-01T00:00:00Z,')),
        });
    });
    afterAll(() => project.dispose());

    it('prices the bundled sample with examples/acme.billing from any directory and says which data it read', () => {
        const result = billing(['bill', acme, '--format', 'json'], project.dir);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stderr).toContain('data: bundled sample examples/data/sample-cur.csv (CUR 1.0, 1,800 rows)\n');
        const report = JSON.parse(result.stdout) as CostReport;
        expect(report.schemaVersion).toBe(1);
        expect(report.currency).toBe('USD');
        expect(report.periods).toEqual(samplePeriods);
        expect(report.groups.map((group) => `${group.period} ${group.name}`)).toEqual(samplePeriods.flatMap((period) => [`${period} web`, `${period} data`]));
        expect(report.data).toMatchObject({ format: 'cur1', rows: 1800 });
        expect(report.data.sources).toHaveLength(1);
        expect(report.reconciliation.difference).toBe('0');
        for (const group of report.groups) {
            for (const money of [group.awsCost, group.charges, group.proformaCost, group.margin]) expect(money).toMatch(MONEY);
            expect(group.byService.length).toBeGreaterThan(0);
            expect(group.byAccount.length).toBeGreaterThan(0);
        }
        // web's custom line items: platform, security, migration and (2026-01..2026-06) support.
        const web = report.groups.find((group) => group.name === 'web' && group.period === '2026-02')!;
        expect(web.customLineItems.map((item) => [item.name, item.type])).toEqual([['platform', 'FEE'], ['security', 'FEE'], ['migration', 'CREDIT'], ['support', 'FEE']]);
        expect(web.customLineItems[0]!.amount).toBe('500');
    });

    it('renders table and markdown with every group, and csv that parses with exact figures', () => {
        const json = JSON.parse(billing(['bill', acme, '-f', 'json'], project.dir).stdout) as CostReport;
        const table = billing(['bill', acme], project.dir);
        expect(table.status).toBe(0);
        const markdown = billing(['bill', acme, '--format', 'markdown'], project.dir);
        expect(markdown.status).toBe(0);
        for (const output of [table.stdout, markdown.stdout]) {
            for (const period of samplePeriods) expect(output).toMatch(new RegExp(`web\\W+${period}`));
            expect(output).toMatch(/data\W+2026-03/);
        }
        expect(markdown.stdout).toMatch(/^\|.*\|$/m);
        const csv = billing(['bill', acme, '-f', 'csv', '--detail'], project.dir);
        expect(csv.status).toBe(0);
        const records = parse(csv.stdout, { columns: true }) as Record<string, string>[];
        const groupRows = records.filter((record) => record.record === 'group');
        expect(groupRows.map((record) => [record.period, record.group, record.proforma_cost])).toEqual(json.groups.map((group) => [group.period, group.name, group.proformaCost]));
        expect(records.some((record) => record.record === 'service')).toBe(true);
    });

    it('--period filters (repeatable, comma-separated) and rejects malformed or absent periods', () => {
        const one = JSON.parse(billing(['bill', acme, '-f', 'json', '--period', '2026-02'], project.dir).stdout) as CostReport;
        expect(one.periods).toEqual(['2026-02']);
        expect(one.groups.map((group) => group.period)).toEqual(['2026-02', '2026-02']);
        for (const args of [['--period', '2026-03,2026-01'], ['--period', '2026-03', '-p', '2026-01']]) {
            const two = JSON.parse(billing(['bill', acme, '-f', 'json', ...args], project.dir).stdout) as CostReport;
            expect(two.periods).toEqual(['2026-01', '2026-03']);
        }
        const bad = billing(['bill', acme, '--period', '2026-13'], project.dir);
        expect(bad.status).toBe(2);
        expect(bad.stderr).toMatch(/^billing: invalid period '2026-13' for '--period' \(expected YYYY-MM/);
        expect(bad.stdout).toBe('');
        const absent = billing(['bill', acme, '--period', '2025-12'], project.dir);
        expect(absent.status).toBe(2);
        expect(absent.stderr).toContain('billing: period 2025-12 is not in the data (the data has 2026-01, 2026-02, 2026-03)\n');
        expect(absent.stdout).toBe('');
    });

    it('exits 1 on a policy with errors, printing them as validate does, and reads no data', () => {
        const result = billing(['bill', 'broken.billing'], project.dir);
        expect(result.status).toBe(1);
        expect(result.stdout).toBe('');
        const lines = result.stderr.trimEnd().split('\n');
        const diagnostics = lines.filter((line) => textDiagnosticLine.test(line)).map((line) => textDiagnosticLine.exec(line)!.groups!);
        expect(diagnostics).toContainEqual(expect.objectContaining({ file: 'broken.billing', severity: 'error', code: codes.unknownRule }));
        expect(result.stderr).not.toContain('data:');
        expect(lines.at(-1)).toMatch(/^billing: the policy has errors, no bill computed \(1 error/);
    });

    it('exits 2 on bad data, naming file, line, row and column, without a stack trace', () => {
        const result = billing(['bill', 'acme.billing', '--data', 'bad/cost.csv'], project.dir);
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/^billing: bad\/cost\.csv:3, data row 2, column lineItem\/UnblendedCost: .*decimal/m);
        expect(result.stderr).not.toMatch(/\n\s+at /);
        const missing = billing(['bill', 'acme.billing', '--data', 'nowhere.csv'], project.dir);
        expect(missing.status).toBe(2);
        expect(missing.stderr).toMatch(/^billing: nowhere\.csv: no such file or directory\n$/);
    });

    it("uses the policy's data statement when --data is absent, and --data over it", () => {
        const fromPolicy = billing(['bill', 'with-data/policy.billing', '-f', 'json'], project.dir);
        expect(fromPolicy.status, fromPolicy.stderr).toBe(0);
        expect(fromPolicy.stderr).toContain('data: policy data cur/sample.csv (CUR 1.0, 1,800 rows)');
        expect((JSON.parse(fromPolicy.stdout) as CostReport).data.sources).toEqual(['cur/sample.csv']);
        const fromOption = billing(['bill', 'with-data/policy.billing', '-f', 'json', '--data', 'cur'], project.dir);
        expect(fromOption.stderr).toContain('data: --data cur (CUR 1.0, 1,800 rows)');
        // --data is repeatable, and a path may hold a comma.
        const twoFiles = billing(['bill', 'acme.billing', '-f', 'json', '--data', 'split/jan, part.csv', '-d', 'split/rest.csv'], project.dir);
        expect(twoFiles.status, twoFiles.stderr).toBe(0);
        expect(twoFiles.stderr).toContain('data: --data split/jan, part.csv, split/rest.csv (2 files, CUR 1.0, 1,800 rows)');
        const whole = JSON.parse(fromOption.stdout) as CostReport;
        const split = JSON.parse(twoFiles.stdout) as CostReport;
        expect(split.groups.map((group) => group.proformaCost)).toEqual(whole.groups.map((group) => group.proformaCost));
        expect(split.data.sources).toEqual(['split/jan, part.csv', 'split/rest.csv']);
    });

    it('--output writes atomically: a failing run leaves the previous report untouched', () => {
        const out = path.join(project.dir, 'out', 'bill.json');
        const good = billing(['bill', 'acme.billing', '-f', 'json', '-o', 'out/bill.json'], project.dir);
        expect(good.status, good.stderr).toBe(0);
        expect(good.stdout).toBe('');
        const before = readFileSync(out, 'utf8');
        expect((JSON.parse(before) as CostReport).groups.length).toBe(6);
        const modified = statSync(out).mtimeMs;

        const badData = billing(['bill', 'acme.billing', '-f', 'json', '-o', 'out/bill.json', '--data', 'bad/cost.csv'], project.dir);
        expect(badData.status).toBe(2);
        const badPolicy = billing(['bill', 'broken.billing', '-f', 'json', '-o', 'out/bill.json'], project.dir);
        expect(badPolicy.status).toBe(1);
        expect(readFileSync(out, 'utf8')).toBe(before);
        expect(statSync(out).mtimeMs).toBe(modified);
        expect(readdirSync(path.dirname(out))).toEqual(['.keep', 'bill.json']);

        const unwritable = billing(['bill', 'acme.billing', '-o', 'no-such-dir/bill.txt'], project.dir);
        expect(unwritable.status).toBe(2);
        expect(unwritable.stderr).toMatch(/^billing: cannot write .*no-such-dir.*bill\.txt: .*\(ENOENT\)$/m);
    });

    it('needs a policy', () => {
        const result = billing(['bill'], project.dir);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/^billing: missing POLICY/);
    });
});
