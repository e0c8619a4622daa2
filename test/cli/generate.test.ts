import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUR1_COLUMNS, HOURLY_CUR1_COLUMNS, HOURLY_CUR2_COLUMNS } from '../../engine/generate/index.js';
import { billing, tempProject } from './cli-harness.js';

describe('billing generate', () => {
    let project: ReturnType<typeof tempProject>;
    beforeAll(() => { project = tempProject({ blocker: 'a file where a folder is expected' }); });
    afterAll(() => project.dispose());
    const read = (name: string): Buffer => readFileSync(path.join(project.dir, name));

    it('is deterministic: the same options give the same bytes, another seed other bytes', () => {
        const args = ['--rows', '400', '--accounts', '5', '--periods', '2026-05,2026-06', '--seed', '9'];
        const first = billing(['generate', '--out', 'a.csv', ...args], project.dir);
        expect(first.status, first.stderr).toBe(0);
        // The column count is the generator's CUR 1.0 header (CUR1_COLUMNS, compared column by column below).
        expect(first.stderr).toBe(`wrote a.csv: 400 rows, ${CUR1_COLUMNS.length} columns, 5 accounts, periods 2026-05, 2026-06 (seed 9)\n`);
        expect(billing(['generate', '-o', 'b.csv', ...args], project.dir).status).toBe(0);
        expect(read('b.csv').equals(read('a.csv'))).toBe(true);
        expect(billing(['generate', '-o', 'c.csv', ...args.slice(0, -1), '10'], project.dir).status).toBe(0);
        expect(read('c.csv').equals(read('a.csv'))).toBe(false);
        // .gz holds the same CSV, compressed.
        expect(billing(['generate', '-o', 'a.csv.gz', ...args], project.dir).status).toBe(0);
        expect(gunzipSync(read('a.csv.gz')).equals(read('a.csv'))).toBe(true);
    });

    it('writes a CUR 1.0 CSV with the rows, accounts and periods asked for', () => {
        const result = billing(['generate', '-o', 'cur.csv', '-n', '300', '--accounts', '3', '--periods', '2026-02', '--periods', '2026-01'], project.dir);
        expect(result.status, result.stderr).toBe(0);
        const [header, ...rows] = parse(read('cur.csv')) as string[][];
        expect(header).toEqual([...CUR1_COLUMNS]);
        expect(rows).toHaveLength(300);
        const column = (name: string): string[] => [...new Set(rows.map((row) => row[header!.indexOf(name)]!))].sort();
        expect(column('bill/BillingPeriodStartDate').map((date) => date.slice(0, 7))).toEqual(['2026-01', '2026-02']);
        expect(column('lineItem/UsageAccountId')).toHaveLength(3);
        const defaults = billing(['generate', '-o', 'default.csv'], project.dir);
        expect(defaults.stderr).toContain(`10,000 rows, ${CUR1_COLUMNS.length} columns, 24 accounts, periods 2026-01, 2026-02, 2026-03 (seed 1)`);
    });

    it('--hourly writes every hour of the periods asked for, CUR 1.0 or (--format cur2) CUR 2.0, the same rows', () => {
        const one = billing(['generate', '-o', 'hourly.csv', '--hourly', '--periods', '2026-02', '--seed', '2'], project.dir);
        expect(one.status, one.stderr).toBe(0);
        expect(one.stderr).toMatch(new RegExp(`^wrote hourly\\.csv: [\\d,]+ rows, ${HOURLY_CUR1_COLUMNS.length} columns, 5 accounts, periods 2026-02 \\(seed 2, hourly CUR 1\\.0\\)\n$`));
        const [header, ...rows] = parse(read('hourly.csv')) as string[][];
        expect(header).toEqual([...HOURLY_CUR1_COLUMNS]);
        const interval = header!.indexOf('identity/TimeInterval');
        // 672 hours, plus the RIFee lines spanning the month.
        expect(new Set(rows.map((row) => row[interval])).size).toBe(672 + 1);
        const two = billing(['generate', '-o', 'hourly2.csv', '--hourly', '--periods', '2026-02', '--seed', '2', '--format', 'cur2'], project.dir);
        expect(two.status, two.stderr).toBe(0);
        expect(two.stderr).toContain(`${HOURLY_CUR2_COLUMNS.length} columns, 5 accounts, periods 2026-02 (seed 2, hourly CUR 2.0)`);
        const [header2, ...rows2] = parse(read('hourly2.csv')) as string[][];
        expect(header2).toEqual([...HOURLY_CUR2_COLUMNS]);
        expect(rows2).toHaveLength(rows.length);
    });

    it('exits 2 on bad options', () => {
        for (const [args, message] of [
            [[], /missing '--out FILE'/],
            [['-o', 'x.txt'], /must end in \.csv or \.csv\.gz/],
            [['-o', 'x.csv', '--rows', '0'], /'--rows' must be at least 1/],
            [['-o', 'x.csv', '--rows', 'many'], /'--rows' expects a non-negative integer, got 'many'/],
            [['-o', 'x.csv', '--periods', '2026-1'], /invalid period '2026-1' for '--periods'/],
            [['-o', 'blocker/x.csv'], /^billing: cannot write blocker\/x\.csv: .+ \(E[A-Z]+\)\n$/],
            [['-o', 'x.csv', '--format', 'cur2'], /'--format cur2' applies to '--hourly' data only/],
            [['-o', 'x', '--hourly', '--realistic'], /'--realistic' and '--hourly' are two different outputs/],
            [['-o', 'x.csv', '--hourly', '--format', 'focus'], /--format/],
        ] as const) {
            const result = billing(['generate', ...args], project.dir);
            expect(result.status, result.stderr).toBe(2);
            expect(result.stderr).toMatch(message);
            expect(result.stderr).not.toMatch(/\n\s+at /);
        }
    });
});

describe('billing generate --realistic', () => {
    let project: ReturnType<typeof tempProject>;
    beforeAll(() => { project = tempProject({}); });
    afterAll(() => project.dispose());

    it('writes the realistic cases tree into a new folder, and refuses a folder that holds something', () => {
        const first = billing(['generate', '--realistic', '--out', 'cases'], project.dir);
        expect(first.status, first.stderr).toBe(0);
        expect(first.stderr).toBe('wrote cases: 7 files of realistic cases (a CUR 1.0 bucket with two assemblies, a redelivery, a FOCUS export)\n');
        expect(readFileSync(path.join(project.dir, 'cases/cur1/acme/20260301-20260401/acme-Manifest.json'), 'utf8')).toContain('"reportKeys"');
        const again = billing(['generate', '--realistic', '--out', 'cases'], project.dir);
        expect(again.status).toBe(2);
        expect(again.stderr).toContain("with --realistic, --out is a folder that does not exist yet or is empty");
    });
});
