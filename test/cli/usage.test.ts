import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../cli/commands/index.js';
import { billing, repoRoot } from './cli-harness.js';

const packageVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

describe('billing usage', () => {
    it('--version prints the package.json version', () => {
        for (const flag of ['--version', '-v']) {
            const result = billing([flag]);
            expect(result.status).toBe(0);
            expect(result.stdout).toBe(`${packageVersion}\n`);
        }
    });

    it('--help lists every registered command and the exit codes', () => {
        for (const args of [['--help'], ['-h'], ['help']]) {
            const result = billing(args);
            expect(result.status).toBe(0);
            expect(result.stdout).toMatch(/^billing \S+: /);
            expect(result.stdout).toContain('Usage: billing <command>');
            for (const command of commands) expect(result.stdout).toMatch(new RegExp(`^  ${command.name} +\\S`, 'm'));
            expect(result.stdout).toMatch(/Exit codes:\n  0 .*\n  1 .*\n  2 /);
        }
    });

    it.each(commands.map((command) => command.name))('%s --help shows usage, options, exit codes and examples', (name) => {
        const result = billing([name, '--help']);
        expect(result.status).toBe(0);
        expect(result.stderr).toBe('');
        expect(result.stdout).toMatch(new RegExp(`^Usage: billing ${name} `));
        expect(result.stdout).toContain('\nOptions:\n');
        expect(result.stdout).toContain('-h, --help');
        expect(result.stdout).toContain('\nExit codes:\n');
        expect(result.stdout).toContain('\nExamples:\n');
        expect(billing(['help', name]).stdout).toBe(result.stdout);
        expect(billing([name, '-h']).stdout).toBe(result.stdout);
    });

    it('validate --help documents its options', () => {
        const help = billing(['validate', '--help']).stdout;
        expect(help).toContain('--format <text|json|sarif|github>');
        expect(help).toContain('--max-warnings <N>');
        expect(help).toContain('--output <FILE>');
    });

    it('exits 2 on an unknown command, naming it and pointing at --help', () => {
        const result = billing(['frobnicate']);
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toBe("billing: unknown command 'frobnicate'\nSee 'billing --help'.\n");
        expect(billing(['valdate']).stderr).toBe("billing: unknown command 'valdate' (did you mean 'validate'?)\nSee 'billing --help'.\n");
        expect(billing(['help', 'frobnicate']).status).toBe(2);
    });

    it('exits 2 on an unknown option, naming it and pointing at the command help', () => {
        const result = billing(['validate', '--frobnicate']);
        expect(result.status).toBe(2);
        expect(result.stderr).toBe("billing: unknown option '--frobnicate'\nSee 'billing validate --help'.\n");
        expect(billing(['validate', '--formt', 'json']).stderr).toMatch(/^billing: unknown option '--formt' \(did you mean '--format'\?\)\n/);
        expect(billing(['validate', '-x']).stderr).toMatch(/^billing: unknown option '-x'\n/);
        const global = billing(['--frobnicate']);
        expect(global.status).toBe(2);
        expect(global.stderr).toMatch(/^billing: unknown option '--frobnicate'.*\nSee 'billing --help'\.\n$/);
    });

    it('exits 2 on a bad option value, saying what is expected', () => {
        const format = billing(['validate', '--format', 'xml']);
        expect(format.status).toBe(2);
        expect(format.stderr).toBe("billing: invalid value 'xml' for '--format' (expected one of: text, json, sarif, github)\nSee 'billing validate --help'.\n");
        const missing = billing(['validate', '--format']);
        expect(missing.status).toBe(2);
        expect(missing.stderr).toMatch(/^billing: option '--format' needs a value/);
        const warnings = billing(['validate', '--max-warnings', 'many']);
        expect(warnings.status).toBe(2);
        expect(warnings.stderr).toMatch(/^billing: option '--max-warnings' expects a non-negative integer, got 'many'\n/);
        expect(billing(['validate', '--help=yes']).stderr).toMatch(/^billing: option '--help' takes no value\n/);
    });

    it('exits 2 without a command, showing the help on stderr', () => {
        const result = billing([]);
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toContain('Usage: billing <command>');
        expect(result.stderr).toMatch(/billing: missing command\nSee 'billing --help'\.\n$/);
    });

    it('never prints a stack trace for user errors', () => {
        for (const args of [['validate', 'missing.billing'], ['validate', '--nope'], ['nope'], ['validate', '-f', 'xml']]) {
            const result = billing(args);
            expect(result.status).toBe(2);
            expect(result.stderr).not.toMatch(/\n\s+at /);
            expect(result.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
        }
    });
});
