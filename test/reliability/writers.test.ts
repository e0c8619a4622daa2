import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCur } from '../../engine/generate/index.js';
import { billing, repoRoot, tempProject } from '../cli/cli-harness.js';

/**
 * Every writer of the CLI, under every way a write can fail or be interrupted: exit 2 with a message that
 * names the target and the reason, no stack trace, the previous target intact, no temporary file left.
 * Disk full and read-only folders are real file systems: a tmpfs mounted in a private mount namespace
 * (`unshare`), so nothing outside the test sees it.
 */

const launcher = path.join(repoRoot, 'bin', 'billing.cjs');
const WEB = ['111111111111', '222222222222'];

/** Each writer as `billing ARGS`, with `OUT` standing for the target (relative to the project). */
const WRITERS: readonly { readonly name: string; readonly args: readonly string[]; readonly ext: string }[] = [
    { name: 'generate .csv', args: ['generate', '--rows', '2000', '--out', 'OUT'], ext: '.csv' },
    { name: 'generate .csv.gz', args: ['generate', '--rows', '2000', '--out', 'OUT'], ext: '.csv.gz' },
    { name: 'export .csv', args: ['export', 'acme.billing', '-g', 'web', '--data', 'data.csv', '--out', 'OUT'], ext: '.csv' },
    { name: 'export .csv.gz', args: ['export', 'acme.billing', '-g', 'web', '--data', 'data.csv', '--out', 'OUT'], ext: '.csv.gz' },
    { name: 'bill --output', args: ['bill', 'acme.billing', '--data', 'data.csv', '-f', 'json', '--output', 'OUT'], ext: '.json' },
    { name: 'check --output', args: ['check', 'acme.billing', '--data', 'data.csv', '--output', 'OUT'], ext: '.txt' },
    { name: 'diff --output', args: ['diff', 'acme.billing', 'acme.billing', '--data', 'data.csv', '--output', 'OUT'], ext: '.md' },
    { name: 'validate --output', args: ['validate', 'acme.billing', '-f', 'json', '--output', 'OUT'], ext: '.txt' },
    { name: 'sql --output', args: ['sql', 'acme.billing', '--dialect', 'duckdb', '--output', 'OUT'], ext: '.sql' },
];

function withArgs(args: readonly string[], out: string): string[] {
    return args.map((arg) => (arg === 'OUT' ? out : arg));
}

/** Runs `billing ARGS` with `mountpoint` a fresh tmpfs (`options`), after `setup` (a shell line) ran in it. */
function billingOnTmpfs(cwd: string, mountpoint: string, options: string, setup: string, args: readonly string[]) {
    const script = `mount -t tmpfs -o ${options} tmpfs "$1" && cd "$1" && ${setup} && cd "$2" && shift 2 && "$@"; status=$?; ls -A "${mountpoint}" > "${cwd}/listing"; cat "${mountpoint}/target"* > "${cwd}/content" 2>/dev/null; exit $status`;
    const result = spawnSync('unshare', ['--mount', '--map-root-user', 'sh', '-c', script, 'sh', mountpoint, cwd, process.execPath, launcher, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
    if (result.error) throw result.error;
    return {
        status: result.status, stderr: result.stderr,
        listing: readFileSync(path.join(cwd, 'listing'), 'utf8').split('\n').filter(Boolean),
        content: readFileSync(path.join(cwd, 'content'), 'utf8'),
    };
}

describe('every writer fails cleanly', () => {
    let project: ReturnType<typeof tempProject>;
    beforeAll(async () => {
        project = tempProject({ 'acme.billing': readFileSync(path.join(repoRoot, 'examples', 'acme.billing'), 'utf8') });
        await generateCur({ output: path.join(project.dir, 'data.csv'), rows: 3000, seed: 3, accounts: [...WEB, '333333333333'], periods: ['2026-01'] });
        mkdirSync(path.join(project.dir, 'mnt'));
    });
    afterAll(() => project.dispose());

    it.each(WRITERS)('$name: disk full → exit 2 naming the target and ENOSPC, the previous file intact, no temporary file', ({ args, ext }) => {
        const mountpoint = path.join(project.dir, 'mnt');
        const target = path.join(mountpoint, `target${ext}`);
        // The previous good output, then a filler that takes every block left.
        const result = billingOnTmpfs(project.dir, mountpoint, 'size=16k', `printf previous > target${ext} && (cat /dev/zero > filler 2>/dev/null; true)`, withArgs(args, target));
        expect(result.status, result.stderr).toBe(2);
        expect(result.stderr).toMatch(new RegExp(`^billing: cannot write .*target${ext.replaceAll('.', '\\.')}: no space left on the device \\(ENOSPC\\)$`, 'm'));
        expect(result.stderr).not.toMatch(/\n\s+at /);
        expect(result.listing.sort()).toEqual(['filler', `target${ext}`]);
        expect(result.content).toBe('previous');
    });

    it.each(WRITERS)('$name: a read-only folder → exit 2 naming the target and EROFS, nothing created', ({ args, ext }) => {
        const mountpoint = path.join(project.dir, 'mnt');
        const target = path.join(mountpoint, `target${ext}`);
        const result = billingOnTmpfs(project.dir, mountpoint, 'size=64k', `printf previous > target${ext} && mount -o remount,ro "$1"`, withArgs(args, target));
        expect(result.status, result.stderr).toBe(2);
        expect(result.stderr).toMatch(/^billing: cannot write .*: the file system is read-only \(EROFS\)$/m);
        expect(result.stderr).not.toMatch(/\n\s+at /);
        expect(result.listing).toEqual([`target${ext}`]);
        expect(result.content).toBe('previous');
    });

    it.each(WRITERS)('$name: a 0600 target stays 0600 and a symbolic link stays a link to the new content', ({ args, ext }) => {
        const dir = path.join(project.dir, `modes-${ext.slice(1)}-${args[0]}`);
        mkdirSync(dir);
        const target = path.join(dir, `private${ext}`);
        writeFileSync(target, 'previous');
        chmodSync(target, 0o600);
        const first = billing(withArgs(args, target), project.dir);
        expect([0, 1], first.stderr).toContain(first.status);
        expect(statSync(target).mode & 0o777).toBe(0o600);
        expect(readFileSync(target, 'utf8')).not.toBe('previous');

        const real = path.join(dir, `real${ext}`);
        writeFileSync(real, 'previous');
        const link = path.join(dir, `link${ext}`);
        symlinkSync(real, link);
        const second = billing(withArgs(args, link), project.dir);
        expect([0, 1], second.stderr).toContain(second.status);
        expect(lstatSync(link).isSymbolicLink()).toBe(true);
        expect(readlinkSync(link)).toBe(real);
        expect(readFileSync(real, 'utf8')).not.toBe('previous');
        expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    });

    it.each(WRITERS)('$name: an output that is one of the inputs is refused, the input untouched', ({ args }) => {
        const input = args.includes('data.csv') || args[0] === 'generate' ? 'data.csv' : 'acme.billing';
        const before = readFileSync(path.join(project.dir, input));
        const result = billing(withArgs(args, input), project.dir);
        if (args[0] === 'generate') {
            // generate reads nothing: it may overwrite any file, the CUR included, as asked (restore it).
            expect(result.status, result.stderr).toBe(0);
            writeFileSync(path.join(project.dir, input), before);
            return;
        }
        expect(result.status, result.stderr).toBe(2);
        expect(result.stderr).toMatch(/^billing: refusing to write .*: it is one of the inputs/m);
        expect(readFileSync(path.join(project.dir, input)).equals(before)).toBe(true);
    });
});

describe('signals during a streamed write', () => {
    let project: ReturnType<typeof tempProject>;
    beforeAll(async () => {
        project = tempProject({ 'acme.billing': readFileSync(path.join(repoRoot, 'examples', 'acme.billing'), 'utf8') });
        await generateCur({ output: path.join(project.dir, 'big.csv'), rows: 150_000, seed: 4, accounts: [...WEB, '333333333333'], periods: ['2026-01'] });
    });
    afterAll(() => project.dispose());

    const STREAMED = [
        { name: 'generate', args: ['generate', '--rows', '3000000', '--out', 'OUT'] },
        { name: 'export', args: ['export', 'acme.billing', '-g', 'web', '--data', 'big.csv', '--out', 'OUT'] },
    ];
    const cases = STREAMED.flatMap((writer) => (['SIGINT', 'SIGTERM'] as const).map((signal) => ({ ...writer, signal })));

    it.each(cases)('$name interrupted by $signal: the process ends by the signal, the temporary file is removed, the target kept', async ({ name, args, signal }) => {
        const dir = path.join(project.dir, `${name}-${signal}`);
        mkdirSync(dir);
        const target = path.join(dir, 'out.csv.gz');
        writeFileSync(target, 'previous');
        const child = spawn(process.execPath, [launcher, ...withArgs(args, target)], { cwd: project.dir, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (data: Buffer) => { stderr += data.toString(); });
        const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
        const started = Date.now();
        // Wait for the temporary file to exist (the write is under way), then interrupt.
        while (!readdirSync(dir).some((file) => file.endsWith('.tmp'))) {
            if (Date.now() - started > 60_000 || child.exitCode !== null) throw new Error(`no temporary file appeared: ${stderr}`);
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
        child.kill(signal);
        const exit = await ended;
        expect(exit.signal, stderr).toBe(signal);
        expect(readdirSync(dir)).toEqual(['out.csv.gz']);
        expect(readFileSync(target, 'utf8')).toBe('previous');
        expect(existsSync(target)).toBe(true);
    }, 90_000);
});

