import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const launcher = path.join(repoRoot, 'bin', 'billing.cjs');

export interface CliResult {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs the bundled CLI (`node bin/billing.cjs ARGS`) in `cwd`, as a user or CI would. */
export function billing(args: readonly string[], cwd: string = repoRoot, env: NodeJS.ProcessEnv = {}): CliResult {
    const result = spawnSync(process.execPath, [launcher, ...args], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, ...env },
        timeout: 30_000,
    });
    if (result.error) throw result.error;
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary folder holding `files` (relative path → content); remove it with `dispose()`. */
export function tempProject(files: Readonly<Record<string, string>>): { readonly dir: string; dispose(): void } {
    const dir = mkdtempSync(path.join(tmpdir(), 'billing-cli-'));
    for (const [relative, content] of Object.entries(files)) {
        const file = path.join(dir, relative);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, content);
    }
    return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Inputs whose diagnostics do not depend on checks still being written: each is a complete policy except for the
 * one mistake it is named after. Codes are the catalogue's (language/validation/issue-codes.ts).
 */
export const policies = {
    /** A plan that names a rule nobody declares: BIL004 at `nope-x`, line 3. */
    unknownRule: [
        'account 111111111111 "web-prod"',
        'rule markup-5 { markup 5% }',
        'plan standard { rules markup-5, nope-x }',
        'group web {',
        '  primary 111111111111',
        '  accounts 111111111111',
        '  plan standard',
        '}',
        '',
    ].join('\n'),
    /** A group that uses an undeclared plan: BIL005 at `missing`, line 5. */
    unknownPlan: [
        'account 111111111111 "web-prod"',
        'group web {',
        '  primary 111111111111',
        '  accounts 111111111111',
        '  plan missing',
        '}',
        '',
    ].join('\n'),
    /** A rule block never closed before the next statement: BIL002 at `account`, line 2. */
    syntaxError: 'rule r { markup 5%\naccount 111111111111 "x"\n',
    /** The percent sign where a number is expected: BIL002, whose message quotes `%`. */
    percentInMessage: 'rule r { markup % }\n',
    /** A rule no plan uses: warning BIL039 and nothing else. */
    unusedRule: 'rule spare { markup 5% }\n',
} as const;

export const codes = { syntax: 'BIL002', unknownRule: 'BIL004', unknownPlan: 'BIL005', unusedRule: 'BIL039' } as const;

/** 1-based line and column of the first occurrence of `needle` in `text`, counted by hand-independent means. */
export function positionOf(text: string, needle: string): { readonly line: number; readonly column: number } {
    const lines = text.split('\n');
    const index = lines.findIndex((line) => line.includes(needle));
    if (index < 0) throw new Error(`'${needle}' not in fixture`);
    return { line: index + 1, column: lines[index]!.indexOf(needle) + 1 };
}

/** `path:line:col severity CODE message` */
export const textDiagnosticLine = /^(?<file>[^:\n]+):(?<line>\d+):(?<column>\d+) (?<severity>error|warning|info) (?<code>[A-Za-z][\w-]*) (?<message>\S.*)$/;
