import { copyFileSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, policies, repoRoot, tempProject } from './cli-harness.js';

// With --data, the commands that compile a policy start reading the data first (cli/data/early-read.ts). What a user
// sees must be what it was when the data was read after the policy: the policy's `data` statement (read after the
// policy compiled, as ever) and a run without the data at all are the references.

const acme = readFileSync(path.join(repoRoot, 'examples', 'acme.billing'), 'utf8');
const sampleCsv = readFileSync(path.join(repoRoot, 'examples', 'data', 'sample-cur.csv'), 'utf8');
const corpus = (name: string): string => path.join(repoRoot, 'test', 'corpus', 'data', name);

/** The sample's rows `times` over (34 × 1 MB: past the 32 MB from which the ingest reads in worker threads). */
function repeatedSample(times: number): string {
    const [header, ...rows] = sampleCsv.trimEnd().split('\n');
    const body = rows.join('\n') + '\n';
    return `${header}\n${body.repeat(times)}`;
}

/** The same run's stderr with the `data:` line's label as the policy's `data` statement words it. */
const asPolicyData = (stderr: string, file: string): string => stderr.replace(`data: --data ${file} (`, `data: policy data ${file} (`);

describe('the data read before the policy compiles (--data)', () => {
    let project: ReturnType<typeof tempProject>;
    beforeAll(() => {
        // early/ has the policies as given with --data; late/… the same policies (same names) with a `data` statement.
        project = tempProject({
            'early/acme.billing': acme,
            // One warning (an unused rule): its `policy:` line comes before the `data:` line.
            'early/warned.billing': `${acme}\nrule spare { markup 5% }\n`,
            'early/closing.billing': `closed through 2026-01\n${acme}`,
            'early/broken.billing': policies.unknownRule,
            'early/syntax.billing': policies.syntaxError,
            'late/warned.billing': `data "../sample.csv"\n${acme}\nrule spare { markup 5% }\n`,
            'late/acme.billing': `data "../sample.csv"\n${acme}`,
            'late-large/acme.billing': `data "../large.csv"\n${acme}`,
            'late-parquet/acme.billing': `data "../cur2.parquet"\n${acme}`,
            'late-malformed/acme.billing': `data "../malformed.csv"\n${acme}`,
            'sample.csv': sampleCsv,
            'large.csv': repeatedSample(34),
            'malformed.csv': readFileSync(path.join(corpus('cost-not-a-number'), 'cur.csv'), 'utf8'),
        });
        copyFileSync(path.join(corpus('parquet-complete'), 'cur2.parquet'), path.join(project.dir, 'cur2.parquet'));
        copyFileSync(path.join(corpus('parquet-cost-not-a-number'), 'cur2.parquet'), path.join(project.dir, 'bad-cost.parquet'));
    });
    afterAll(() => project.dispose());

    const run = (...args: string[]) => billing(args, path.join(project.dir, 'early'));
    const runIn = (folder: string, ...args: string[]) => billing(args, path.join(project.dir, folder));

    /**
     * `args --data ../DATA` from early/ against `args` from LATE/ (the same policy with `data "../DATA"`): the same exit
     * code, stdout and stderr but for the `data:` line's label. Returns the early run's stderr.
     */
    function expectAsLate(args: readonly string[], data: string, late: string, status?: number): string {
        const early = run(...args, '--data', `../${data}`);
        const after = runIn(late, ...args);
        expect(early.status, args.join(' ')).toBe(after.status);
        if (status !== undefined) expect(early.status, args.join(' ')).toBe(status);
        expect(early.stdout, args.join(' ')).toBe(after.stdout);
        expect(asPolicyData(early.stderr, `../${data}`), args.join(' ')).toBe(after.stderr);
        return early.stderr;
    }

    describe('a good policy and good data: the output of the read after the policy', () => {
        it('bill on CSV: same stdout, stderr in the same order (policy warning, then the data line), exit 0', () => {
            const lines = expectAsLate(['bill', 'warned.billing', '-f', 'json'], 'sample.csv', 'late', 0).split('\n');
            expect(lines[0]).toBe("policy: 1 warning (see 'billing validate warned.billing')");
            expect(lines[1]).toBe('data: --data ../sample.csv (CUR 1.0, 1,800 rows)');
        });

        it('bill on a CSV the worker threads read (34 MB)', () => {
            const stderr = expectAsLate(['bill', 'acme.billing', '-f', 'json'], 'large.csv', 'late-large', 0);
            expect(stderr.split('\n')[0]).toBe(`data: --data ../large.csv (CUR 1.0, ${(1800 * 34).toLocaleString('en-US')} rows)`);
        });

        it('bill on CUR 2.0 Parquet (the native reader, DuckDB)', () => {
            expect(expectAsLate(['bill', 'acme.billing', '-f', 'json'], 'cur2.parquet', 'late-parquet', 0)).toMatch(/^data: --data \.\.\/cur2\.parquet \(CUR 2\.0, \d+ rows\)\n/);
        });

        it('check, statement and diff give the output of the read after the policy', () => {
            for (const args of [
                ['check', 'warned.billing'],
                ['statement', 'warned.billing', '--group', 'web', '--period', '2026-02', '-f', 'md'],
                ['diff', 'warned.billing', 'acme.billing'],
            ]) {
                expectAsLate(args, 'sample.csv', 'late');
            }
        });
    });

    describe('a policy with errors: its diagnostics as validate prints them, exit 1, nothing of the data', () => {
        it('bill: the stderr of the run without data, whatever --data names (good, large, Parquet, missing, malformed)', () => {
            const validate = run('validate', 'broken.billing');
            const without = run('bill', 'broken.billing');
            expect(without.status).toBe(1);
            // The diagnostics are validate's, then one line saying no bill was computed.
            expect(without.stderr.startsWith(validate.stdout)).toBe(true);
            expect(without.stderr.slice(validate.stdout.length)).toMatch(/^billing: the policy has errors, no bill computed \(1 error, 0 warnings in 1 file\)\n$/);
            for (const data of ['../sample.csv', '../large.csv', '../cur2.parquet', '../missing.csv', '../malformed.csv', '../bad-cost.parquet']) {
                const result = run('bill', 'broken.billing', '--data', data);
                expect(result.status, data).toBe(1);
                expect(result.stdout, data).toBe('');
                // No unhandled rejection, no data error or `data:` line.
                expect(result.stderr, data).toBe(without.stderr);
            }
        });

        it('check, statement, close and diff: the stderr of the run without data', () => {
            for (const args of [
                ['check', 'syntax.billing'],
                ['statement', 'syntax.billing', '--group', 'web', '--period', '2026-02'],
                ['close', '2026-01', 'syntax.billing'],
                ['diff', 'acme.billing', 'syntax.billing'],
            ]) {
                const without = run(...args);
                expect(without.status, args.join(' ')).toBe(1);
                expect(without.stderr, args.join(' ')).toMatch(/error BIL002/);
                for (const data of ['../large.csv', '../missing.csv']) {
                    const result = run(...args, '--data', data);
                    expect(result.status, `${args.join(' ')} ${data}`).toBe(1);
                    expect(result.stdout).toBe(without.stdout);
                    expect(result.stderr, `${args.join(' ')} ${data}`).toBe(without.stderr);
                }
            }
        });

        it('a check of the policy after the compile wins over the data too (statement: unknown group; close: a period not closed)', () => {
            const statement = run('statement', 'acme.billing', '--group', 'nope', '--period', '2026-02', '--data', '../missing.csv');
            expect(statement.status).toBe(2);
            expect(statement.stderr).toBe("billing: unknown group 'nope'; the policy's groups: web, data\n");
            const close = run('close', '2026-02', 'closing.billing', '--data', '../missing.csv');
            expect(close.status).toBe(1);
            expect(close.stderr).toBe('billing: closing.billing:1: the policy does not close 2026-02 (it says `closed through 2026-01`): write `closed through 2026-02` first\n');
        });
    });

    describe('a good policy and bad data: the data error, exit 2', () => {
        it('a missing file: its message, after the policy warning', () => {
            const result = run('bill', 'warned.billing', '--data', '../missing.csv');
            expect(result.status).toBe(2);
            expect(result.stdout).toBe('');
            // Paths outside the working directory are shown absolute (as ever).
            expect(result.stderr).toBe(`policy: 1 warning (see 'billing validate warned.billing')\nbilling: ${path.join(project.dir, 'missing.csv')}: no such file or directory\n`);
        });

        it('a malformed CSV row: the message of the read after the policy (file, row, column, what was found)', () => {
            const early = run('bill', 'acme.billing', '--data', '../malformed.csv');
            const late = runIn('late-malformed', 'bill', 'acme.billing');
            expect(early.status).toBe(2);
            expect(late.status).toBe(2);
            expect(early.stderr).toBe(late.stderr);
            expect(early.stderr).toBe(`billing: ${path.join(project.dir, 'malformed.csv')}:3, data row 2, column lineItem/UnblendedCost: "N/A" is not a decimal number\n`);
        });

        it('malformed Parquet, and a missing file for the other commands: exit 2 with the message of the data', () => {
            const bill = run('bill', 'acme.billing', '--data', '../bad-cost.parquet');
            expect(bill.status).toBe(2);
            expect(bill.stderr).toBe(`billing: ${path.join(project.dir, 'bad-cost.parquet')}:3, data row 3, column line_item_unblended_cost: "twelve" is not a decimal number\n`);
            for (const args of [['check', 'acme.billing'], ['statement', 'acme.billing', '--group', 'web', '--period', '2026-02'], ['close', '2026-01', 'closing.billing'], ['diff', 'acme.billing', 'acme.billing']]) {
                const result = run(...args, '--data', '../missing.csv');
                expect(result.status, args.join(' ')).toBe(2);
                expect(result.stderr, args.join(' ')).toBe(`billing: ${path.join(project.dir, 'missing.csv')}: no such file or directory\n`);
            }
        });

        it('a period not in the data: the message naming the data\'s periods', () => {
            const result = run('bill', 'acme.billing', '--data', '../sample.csv', '--period', '2025-12');
            expect(result.status).toBe(2);
            expect(result.stderr).toBe('data: --data ../sample.csv (CUR 1.0, 1,800 rows)\nbilling: period 2025-12 is not in the data (the data has 2026-01, 2026-02, 2026-03)\n');
        });
    });
});
