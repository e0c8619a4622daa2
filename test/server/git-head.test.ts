import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headState } from '../../server/lsp/git-head.js';

/* HEAD read from the .git files (no git process): the "Δ vs HEAD" lens caches the committed policy on its fingerprint. */
const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('headState', () => {
    let repo: string;
    let outside: string;
    beforeAll(() => {
        repo = mkdtempSync(path.join(tmpdir(), 'billing-head-'));
        outside = mkdtempSync(path.join(tmpdir(), 'billing-nohead-'));
        git(repo, 'init', '-q');
    });
    afterAll(() => {
        rmSync(repo, { recursive: true, force: true });
        rmSync(outside, { recursive: true, force: true });
    });

    it('is undefined outside any repository', () => {
        expect(headState(outside)).toBeUndefined();
    });

    it('changes with every commit, checkout and pack-refs, and stays put otherwise (also from a subfolder)', () => {
        mkdirSync(path.join(repo, 'sub'));
        const commit = (text: string) => {
            writeFileSync(path.join(repo, 'sub', 'p.billing'), text);
            git(repo, 'add', '.');
            git(repo, 'commit', '-qm', text);
        };
        const unborn = headState(repo)!.fingerprint;
        commit('one');
        const one = headState(path.join(repo, 'sub'))!.fingerprint;
        expect(one).toBeDefined();
        expect(one).not.toBe(unborn);
        writeFileSync(path.join(repo, 'sub', 'p.billing'), 'edited, not committed');
        expect(headState(repo)!.fingerprint).toBe(one);
        commit('two');
        const two = headState(repo)!.fingerprint;
        expect(two).not.toBe(one);
        git(repo, 'checkout', '-q', 'HEAD~1');
        const detached = headState(repo)!.fingerprint;
        expect(new Set([one, two, detached]).size).toBe(3);
        git(repo, 'checkout', '-q', '-');
        expect(headState(repo)!.fingerprint).toBe(two);
        git(repo, 'pack-refs', '--all');
        const packed = headState(repo)!.fingerprint;
        commit('three');
        expect(headState(repo)!.fingerprint).not.toBe(packed);
    });

    it('follows a linked worktree to its own HEAD', () => {
        const tree = path.join(outside, 'tree');
        git(repo, 'worktree', 'add', '-q', '--detach', tree, 'HEAD~1');
        const fingerprint = headState(tree)!.fingerprint;
        expect(fingerprint).toBeDefined();
        expect(fingerprint).not.toBe(headState(repo)!.fingerprint);
    });
});
