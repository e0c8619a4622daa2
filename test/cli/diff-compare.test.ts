/**
 * `billing diff --compare-to REPORT.json HEAD`, `--fail-on-change ABS|PCT%` and the Markdown comment marker, on a
 * hand-made CUR whose figures are worked out by hand below.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, tempProject } from './cli-harness.js';
import { cur, markupPolicy, usageRow } from './hand-cur.js';

/*
 * 2026-02 only. web (111111111111): EC2, public on-demand 200. data (222222222222): S3, public 50.
 * BASE markup 10%: web 200 × 1.1 = 220, data 50 × 1.1 = 55, total 275.
 * HEAD markup 20%: web 240, data 60, total 300. Δ web +20 = 20/220 = 9.0909…% → 9.09%; Δ data +5 = 5/55 → 9.09%;
 * Δ total +25 = 25/275 → 9.09%.
 */
const CUR = cur(usageRow('2026-02', '111111111111', 'AmazonEC2', '160', '200'), usageRow('2026-02', '222222222222', 'AmazonS3', '50', '50'));
const POLICY = (markup: number) => markupPolicy(markup, { web: '111111111111', data: '222222222222' });

let project: ReturnType<typeof tempProject>;
beforeAll(() => {
    project = tempProject({
        'cur.csv': CUR, 'base.billing': POLICY(10), 'head.billing': POLICY(20), 'not-a-report.json': '{"hello": 1}', 'broken.json': '{',
        // HEAD under review points its own data statement at a file where web costs nothing.
        'other.csv': cur(usageRow('2026-02', '222222222222', 'AmazonS3', '50', '50')),
        'head-own-data.billing': `data "other.csv"\n${POLICY(20)}`,
    });
    const saved = billing(['bill', 'base.billing', '-d', 'cur.csv', '-f', 'json', '-o', 'base.json'], project.dir);
    expect(saved.status, saved.stderr).toBe(0);
});
afterAll(() => project.dispose());
const run = (...args: string[]) => billing(args, project.dir);

interface Diff { groups: { group: string; total: { change: { proformaCost: string; proformaCostPercent: string | null } } }[]; total: { change: { proformaCost: string } }; policyChanges: unknown[]; base: { source: string } }

describe('diff --compare-to', () => {
    it('diffs HEAD against a saved JSON report, group by group', () => {
        const result = run('diff', '--compare-to', 'base.json', 'head.billing', '-d', 'cur.csv', '-f', 'json');
        expect(result.status, result.stderr).toBe(0);
        const diff = JSON.parse(result.stdout) as Diff;
        expect(diff.base.source).toBe('base.json');
        const change = Object.fromEntries(diff.groups.map((group) => [group.group, group.total.change]));
        expect(change.web).toMatchObject({ proformaCost: '20', proformaCostPercent: '9.09' });
        expect(change.data).toMatchObject({ proformaCost: '5', proformaCostPercent: '9.09' });
        expect(diff.total.change.proformaCost).toBe('25');
        // A report has no policy: no structural change can be listed.
        expect(diff.policyChanges).toEqual([]);
    });

    it('without --data, prices HEAD on the files the report was billed from, never on HEAD\'s own data statement', () => {
        const withData = JSON.parse(run('diff', '--compare-to', 'base.json', 'head.billing', '-d', 'cur.csv', '-f', 'json').stdout) as Diff;
        const fromReport = run('diff', '--compare-to', 'base.json', 'head-own-data.billing', '-f', 'json');
        expect(fromReport.status, fromReport.stderr).toBe(0);
        const diff = JSON.parse(fromReport.stdout) as Diff;
        // Still web +20 and data +5 (cur.csv); on other.csv web would drop by its whole 220.
        expect(diff.groups.map((group) => group.total)).toEqual(withData.groups.map((group) => group.total));
        expect(diff.total.change.proformaCost).toBe('25');
    });

    it('without --data, a report whose data files are not here is an error asking for --data (exit 2)', () => {
        const saved = JSON.parse(readFileSync(path.join(project.dir, 'base.json'), 'utf8'));
        const moved = { ...saved, data: { ...saved.data, sources: ['gone/cur.csv'] } };
        const file = path.join(project.dir, 'moved.json');
        writeFileSync(file, JSON.stringify(moved));
        const result = run('diff', '--compare-to', 'moved.json', 'head.billing');
        expect(result.status).toBe(2);
        expect(result.stderr).toBe('billing: --compare-to moved.json: the report was billed from gone/cur.csv, which is not here: pass the data with --data\n');
        expect(run('diff', '--compare-to', 'moved.json', 'head.billing', '-d', 'cur.csv').status).toBe(0);
    });

    it('gives the same figures as diffing the two policies', () => {
        const fromReport = JSON.parse(run('diff', '--compare-to', 'base.json', 'head.billing', '-d', 'cur.csv', '-f', 'json').stdout) as Diff;
        const fromPolicies = JSON.parse(run('diff', 'base.billing', 'head.billing', '-d', 'cur.csv', '-f', 'json').stdout) as Diff;
        expect(fromReport.groups.map((group) => group.total)).toEqual(fromPolicies.groups.map((group) => group.total));
    });

    it('names HEAD only; a report that is not one, or missing, exits 2 with one line', () => {
        const two = run('diff', '--compare-to', 'base.json', 'base.billing', 'head.billing');
        expect(two.status).toBe(2);
        expect(two.stderr).toMatch(/^billing: expected HEAD only \(BASE is the --compare-to report\), got 2 arguments$/m);
        for (const [file, message] of [
            ['not-a-report.json', 'billing: --compare-to not-a-report.json: not a billing report: expected a JSON report of `billing bill --format json` (schemaVersion 1)'],
            ['missing.json', 'billing: --compare-to missing.json: no such file'],
        ] as const) {
            const result = run('diff', '--compare-to', file, 'head.billing', '-d', 'cur.csv');
            expect(result.status).toBe(2);
            expect(result.stderr).toBe(`${message}\n`);
        }
        const broken = run('diff', '--compare-to', 'broken.json', 'head.billing', '-d', 'cur.csv');
        expect(broken.status).toBe(2);
        expect(broken.stderr).toMatch(/^billing: --compare-to broken\.json: not JSON \(.*\): expected a JSON report/);
        expect(broken.stderr.trim().split('\n')).toHaveLength(1);
    });
});

describe('diff --fail-on-change', () => {
    const lines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('error change:'));

    it('an amount: only the total (+25) moves more than 20; web moves exactly 20, which is not more', () => {
        const result = run('diff', 'base.billing', 'head.billing', '-d', 'cur.csv', '--fail-on-change', '20');
        expect(result.status).toBe(1);
        expect(result.stdout).toMatch(/^Policy diff: base.billing → head.billing/); // output first
        expect(lines(result.stderr)).toEqual(['error change: total: pro forma cost +25.00 USD (9.09%) exceeds --fail-on-change 20']);
    });

    it('a percentage: 9.09% is under 10% (exit 0) and over 9% (every group and the total)', () => {
        expect(run('diff', 'base.billing', 'head.billing', '-d', 'cur.csv', '--fail-on-change', '10%').status).toBe(0);
        const result = run('diff', '--compare-to', 'base.json', 'head.billing', '-d', 'cur.csv', '--fail-on-change', '9%', '-o', 'diff.md', '-f', 'markdown');
        expect(result.status).toBe(1);
        expect(lines(result.stderr)).toEqual([
            'error change: group web: pro forma cost +20.00 USD (9.09%) exceeds --fail-on-change 9%',
            'error change: group data: pro forma cost +5.00 USD (9.09%) exceeds --fail-on-change 9%',
            'error change: total: pro forma cost +25.00 USD (9.09%) exceeds --fail-on-change 9%',
        ]);
        // The output is written before the exit code is decided.
        expect(readFileSync(path.join(project.dir, 'diff.md'), 'utf8')).toContain('Pricing change');
    });

    it('rejects a malformed threshold (exit 2)', () => {
        const result = run('diff', 'base.billing', 'head.billing', '-d', 'cur.csv', '--fail-on-change', 'lots');
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(/^billing: invalid value 'lots' for '--fail-on-change' \(expected an amount such as 100 or a percentage such as 5%\)$/m);
    });
});

describe('the Markdown marker', () => {
    it('is the first line of every Markdown diff, whatever the sides', () => {
        for (const args of [['base.billing', 'head.billing'], ['--compare-to', 'base.json', 'head.billing'], ['base.billing', 'base.billing']]) {
            const result = run('diff', ...args, '-d', 'cur.csv', '-f', 'markdown');
            expect(result.status, result.stderr).toBe(0);
            expect(result.stdout.split('\n')[0]).toBe('<!-- billing-conductor:diff -->');
        }
    });
});
