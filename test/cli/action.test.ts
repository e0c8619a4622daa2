/**
 * The composite GitHub Action (action.yml), run locally: its steps in order, as a runner would run them (bash,
 * `${{ … }}` expanded from inputs, step outputs and a pull-request event, `if:` conditions, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, the first failing step ends the job). The CLI is installed from the packed tarball
 * offline into a temporary prefix; `gh` is a stand-in that records its calls. Not run on GitHub itself.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './cli-harness.js';
import { cur, markupPolicy, usageRow } from './hand-cur.js';
import { isolatedNpmEnv, packPackage } from './npm-package.js';

interface Step { name: string; id?: string; if?: string; env?: Record<string, string>; run: string; shell: string }
interface Action { inputs: Record<string, { default?: string }>; runs: { using: string; steps: Step[] } }

const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as Action;

interface JobResult {
    readonly ran: string[];
    readonly failed: { readonly step: string; readonly status: number; readonly output: string } | undefined;
    readonly log: string;
    readonly summary: string;
    readonly gh: string[];
}

let work: string;
let tarball: string;
let repo: string;

/** `${{ path }}` and `if:` expressions of the forms the action uses: context paths, quoted strings, == / !=, &&. */
function evaluate(expression: string, context: Record<string, unknown>): string | boolean {
    const value = (term: string): string => {
        const text = term.trim();
        if (/^'.*'$/.test(text)) return text.slice(1, -1);
        const found = text.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], context);
        return found === undefined || found === null ? '' : String(found);
    };
    const clauses = expression.split('&&').map((clause) => {
        const match = /^(.*?)\s*(==|!=)\s*(.*)$/.exec(clause.trim());
        if (!match) return value(clause);
        return match[2] === '==' ? value(match[1]!) === value(match[3]!) : value(match[1]!) !== value(match[3]!);
    });
    return clauses.length === 1 ? clauses[0]! : clauses.every((clause) => clause === true);
}

const expand = (text: string, context: Record<string, unknown>): string =>
    text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_all, expression: string) => String(evaluate(expression, context)));

function runJob(inputs: Record<string, string>, fakeExistingComment: string): JobResult {
    const job = mkdtempSync(path.join(work, 'job-'));
    const prefix = path.join(job, 'prefix');
    const fakeBin = path.join(job, 'fake-bin');
    mkdirSync(fakeBin);
    const ghLog = path.join(job, 'gh.log');
    // gh: records each call; the comment listing answers the id of a comment with the marker, if any.
    writeFileSync(path.join(fakeBin, 'gh'), [
        '#!/usr/bin/env bash',
        `printf '%s\\n' "$*" >> ${JSON.stringify(ghLog)}`,
        'for arg in "$@"; do case "$arg" in body=@*) cp "${arg#body=@}" "' + job + '/posted.md";; esac; done',
        `if [ "$2" != "--method" ] && [ -n ${JSON.stringify(fakeExistingComment)} ]; then echo ${JSON.stringify(fakeExistingComment)}; fi`,
    ].join('\n'));
    chmodSync(path.join(fakeBin, 'gh'), 0o755);

    const summary = path.join(job, 'summary.md');
    writeFileSync(summary, '');
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? '']));
    const context: Record<string, unknown> = {
        inputs: { ...defaults, 'github-token': 'fake-token', ...inputs },
        steps: {} as Record<string, { outputs: Record<string, string> }>,
        github: { token: 'fake-token', repository: 'acme/policies', event: { pull_request: { number: '7' } } },
    };
    const ran: string[] = [];
    let log = '';
    for (const step of action.runs.steps) {
        if (step.if !== undefined && evaluate(step.if, context) !== true) continue;
        ran.push(step.name);
        const outputFile = path.join(job, `output-${ran.length}`);
        writeFileSync(outputFile, '');
        const env: NodeJS.ProcessEnv = {
            ...isolatedNpmEnv(work),
            // The install goes to the job's prefix, offline, from the tarball; `billing` is then on PATH.
            npm_config_prefix: prefix, npm_config_offline: 'true', npm_config_registry: 'http://127.0.0.1:9/',
            PATH: [fakeBin, path.join(prefix, 'bin'), process.env.PATH].join(path.delimiter),
            GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summary, RUNNER_TEMP: job,
        };
        for (const [name, value] of Object.entries(step.env ?? {})) env[name] = expand(String(value), context);
        // What a runner runs for `shell: bash`.
        const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd: repo, env, encoding: 'utf8', timeout: 120_000 });
        log += `## ${step.name}\n${result.stdout}${result.stderr}`;
        const outputs: Record<string, string> = {};
        for (const line of readFileSync(outputFile, 'utf8').split('\n')) {
            const at = line.indexOf('=');
            if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
        }
        if (step.id) (context.steps as Record<string, { outputs: Record<string, string> }>)[step.id] = { outputs };
        if (result.status !== 0) {
            return { ran, failed: { step: step.name, status: result.status ?? -1, output: result.stdout + result.stderr }, log, summary: readFileSync(summary, 'utf8'), gh: ghCalls(ghLog) };
        }
    }
    return { ran, failed: undefined, log, summary: readFileSync(summary, 'utf8'), gh: ghCalls(ghLog) };
}

function ghCalls(file: string): string[] {
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
}

const git = (...args: string[]) => {
    const result = spawnSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
    if (result.status !== 0) throw new Error(result.stderr);
};

/* Figures by hand: web's EC2 usage has a public on-demand cost of 200; markup 10% → 220.00, 20% → 240.00 (+20.00, +9.09%). */
const CUR = cur(usageRow('2026-02', '111111111111', 'AmazonEC2', '160', '200'));
const POLICY = (markup: number) => markupPolicy(markup, { web: '111111111111' }, '  budget 1000\n');

beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'billing-action-'));
    ({ tarball } = packPackage(work));
    repo = path.join(work, 'repo');
    mkdirSync(path.join(repo, 'policies'), { recursive: true });
    writeFileSync(path.join(repo, 'cur.csv'), CUR);
    writeFileSync(path.join(repo, 'policies', 'acme.billing'), POLICY(10));
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'base');
    // The pull request's change, in the working tree.
    writeFileSync(path.join(repo, 'policies', 'acme.billing'), POLICY(20));
}, 180_000);

afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
});

describe('action.yml, run step by step', () => {
    it('is a composite action whose steps all run in bash', () => {
        expect(action.runs.using).toBe('composite');
        expect(action.runs.steps.every((step) => step.shell === 'bash')).toBe(true);
    });

    it('installs the CLI, validates, diffs against the base branch, creates the comment and checks', () => {
        const job = runJob({ package: tarball, policies: 'policies', policy: 'policies/acme.billing', data: 'cur.csv', 'base-ref': 'main' }, '');
        expect(job.failed, job.log).toBeUndefined();
        expect(job.ran).toEqual(['Install billing', 'Validate the policies', 'Pricing diff', 'Post the diff as a pull-request comment', 'Check budgets and margin floors']);
        expect(job.summary.split('\n')[0]).toBe('<!-- billing-conductor:diff -->');
        expect(job.summary).toContain('240.00');
        expect(job.gh).toEqual([
            'api repos/acme/policies/issues/7/comments --paginate --jq .[] | select(.body | contains("<!-- billing-conductor:diff -->")) | .id',
            expect.stringMatching(/^api --method POST repos\/acme\/policies\/issues\/7\/comments -F body=@.*billing-diff\.md$/),
        ]);
    });

    it('updates its previous comment, then fails the job on a change over fail-on-change (after the comment and the check)', () => {
        const job = runJob({ package: tarball, policies: 'policies', policy: 'policies/acme.billing', data: 'cur.csv', 'base-ref': 'main', 'fail-on-change': '5%' }, '4242');
        expect(job.ran).toEqual(['Install billing', 'Validate the policies', 'Pricing diff', 'Post the diff as a pull-request comment', 'Check budgets and margin floors', 'Fail on a change over the threshold']);
        expect(job.failed?.step).toBe('Fail on a change over the threshold');
        expect(job.failed?.status).toBe(1);
        expect(job.gh[1]).toMatch(/^api --method PATCH repos\/acme\/policies\/issues\/comments\/4242 -F body=@/);
        expect(job.log).toContain('error change: group web: pro forma cost +20.00 USD (9.09%) exceeds --fail-on-change 5%');
    });

    it('fails at validation on a policy error, before any diff', () => {
        writeFileSync(path.join(repo, 'policies', 'broken.billing'), 'group g {\n  plan missing\n}\n');
        try {
            const job = runJob({ package: tarball, policies: 'policies', policy: 'policies/acme.billing', data: 'cur.csv', 'base-ref': 'main' }, '');
            expect(job.failed?.step).toBe('Validate the policies');
            expect(job.failed?.output).toMatch(/^::error file=policies\/broken\.billing,line=\d+/m);
            expect(job.ran).not.toContain('Pricing diff');
        } finally {
            rmSync(path.join(repo, 'policies', 'broken.billing'));
        }
    });
});
