import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Decimal, ingest, IngestError, type Cube } from '../../engine/index.js';

/**
 * The malformed-data corpus: one folder per case under test/corpus/data/ with its input file(s) and an
 * expected.json. Each case runs through the engine API (`ingest`) and the CLI (`billing bill … --output
 * out.json`): an error names its code, file, row, line and column as expected, and the CLI exits 2 leaving
 * a previous out.json byte-identical (no partial output); a warning or a clean read gives the expected
 * input total, exactly.
 *
 * expected.json: `about`, `data` (input files, relative to the case folder), `outcome` (error | warning |
 * ok), `code` (IngestError code or warning code), `file` (base name), `row`, `line`, `column`, `message`
 * (a fragment of the message), `total` (ok and warning: Σ unblended cost, worked by hand). A location key
 * set to null means "absent"; a key left out is not checked.
 */

interface Expected {
    readonly about: string;
    readonly data: readonly string[];
    readonly outcome: 'error' | 'warning' | 'ok';
    readonly code?: string;
    readonly file?: string | null;
    readonly row?: number | null;
    readonly line?: number | null;
    readonly column?: string | null;
    readonly message?: string | null;
    readonly total?: string;
}

const CORPUS = path.resolve('test/corpus/data');
const POLICY = path.resolve('test/corpus/policy.billing');
const LAUNCHER = path.resolve('bin/billing.cjs');
const run = promisify(execFile);

const cases = readdirSync(CORPUS).filter(name => existsSync(path.join(CORPUS, name, 'expected.json'))).sort();

function expectedOf(name: string): Expected {
    return JSON.parse(readFileSync(path.join(CORPUS, name, 'expected.json'), 'utf8')) as Expected;
}

function inputTotal(cube: Cube): string {
    return cube.cells.reduce((sum, cell) => sum.plus(cell.unblendedCost), new Decimal(0)).toFixed();
}

/** A location key of expected.json against what was reported: null = absent, missing = not checked. */
function checkKey(expected: Expected, key: 'row' | 'line' | 'column', actual: unknown): void {
    if (!(key in expected)) return;
    const want = expected[key];
    expect(actual, key).toBe(want === null ? undefined : want);
}

describe('malformed-data corpus', () => {
    it('has the cases the reliability issue lists', () => {
        expect(cases.length).toBeGreaterThanOrEqual(30);
        for (const name of cases) {
            const expected = expectedOf(name);
            expect(['error', 'warning', 'ok'], name).toContain(expected.outcome);
            if (expected.outcome !== 'ok') expect(expected.code, name).toMatch(/^[A-Za-z_-]+$/);
            if (expected.outcome !== 'error') expect(expected.total, name).toMatch(/^-?\d+(\.\d+)?$/);
        }
    });

    describe.each(cases)('%s', (name) => {
        const expected = expectedOf(name);
        const inputs = expected.data.map(file => path.join(CORPUS, name, file));

        it(`engine: ${expected.about}`, async () => {
            const outcome = await ingest(inputs, { workers: 0 }).then(cube => ({ cube }), (error: unknown) => ({ error }));
            if (expected.outcome === 'error') {
                expect('error' in outcome, 'the ingest must fail').toBe(true);
                const error = (outcome as { error: unknown }).error;
                expect(error).toBeInstanceOf(IngestError);
                const ingestErr = error as IngestError;
                expect(ingestErr.code).toBe(expected.code);
                if (expected.file !== undefined) expect(ingestErr.file && path.basename(ingestErr.file)).toBe(expected.file ?? undefined);
                checkKey(expected, 'row', ingestErr.row);
                checkKey(expected, 'line', ingestErr.line);
                checkKey(expected, 'column', ingestErr.column);
                if (expected.message) expect(ingestErr.message).toContain(expected.message);
                // The message itself says where: file, data row and column.
                if (expected.file) expect(ingestErr.message).toContain(expected.file);
                if (expected.row) expect(ingestErr.message).toContain(`data row ${expected.row}`);
                if (expected.column) expect(ingestErr.message).toContain(expected.column);
                return;
            }
            expect('cube' in outcome, `the ingest must succeed: ${String((outcome as { error?: unknown }).error)}`).toBe(true);
            const cube = (outcome as { cube: Cube }).cube;
            expect(inputTotal(cube)).toBe(new Decimal(expected.total!).toFixed());
            const warnings = cube.issues.filter(issue => issue.severity === 'warning');
            if (expected.outcome === 'ok') {
                expect(warnings).toEqual([]);
                return;
            }
            const warning = warnings.find(issue => issue.code === expected.code);
            expect(warning, `warning ${expected.code} in ${JSON.stringify(cube.issues)}`).toBeDefined();
            if (expected.file !== undefined) expect(warning!.file && path.basename(warning!.file)).toBe(expected.file ?? undefined);
            if ('column' in expected) expect(warning!.column).toBe(expected.column ?? undefined);
            if (expected.message) expect(warning!.message).toContain(expected.message);
        });

        it('cli: billing bill … --output out.json', async () => {
            const dir = mkdtempSync(path.join(tmpdir(), `billing-corpus-${name}-`));
            try {
                cpSync(path.join(CORPUS, name), dir, { recursive: true });
                cpSync(POLICY, path.join(dir, 'policy.billing'));
                const previous = 'the previous good report\n';
                writeFileSync(path.join(dir, 'out.json'), previous);
                const args = [LAUNCHER, 'bill', 'policy.billing', ...expected.data.flatMap(file => ['--data', file]), '--format', 'json', '--output', 'out.json'];
                const result = await run(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: 30_000 })
                    .then(r => ({ code: 0, stdout: r.stdout, stderr: r.stderr }), (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
                expect(result.stderr, 'no stack trace').not.toMatch(/\n\s+at /);
                const leftovers = readdirSync(dir).filter(file => file.endsWith('.tmp'));
                expect(leftovers, 'no temporary file left').toEqual([]);
                if (expected.outcome === 'error') {
                    expect(result.code, result.stderr).toBe(2);
                    expect(readFileSync(path.join(dir, 'out.json'), 'utf8'), 'out.json untouched').toBe(previous);
                    const said = result.stderr;
                    if (expected.file) expect(said).toContain(expected.file);
                    if (expected.row) expect(said).toContain(`data row ${expected.row}`);
                    if (expected.column) expect(said).toContain(expected.column);
                    if (expected.message) expect(said).toContain(expected.message);
                    return;
                }
                expect(result.code, result.stderr).toBe(0);
                const report = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')) as { total: { awsCost: string }; issues: { code: string }[] };
                expect(new Decimal(report.total.awsCost).eq(expected.total!)).toBe(true);
                if (expected.outcome === 'warning') {
                    expect(report.issues.map(issue => issue.code)).toContain(expected.code);
                    expect(result.stderr).toContain(`warning ${expected.code}`);
                }
            } finally {
                rmSync(dir, { recursive: true, force: true });
            }
        });
    });
});
