import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setGitDeltaEnabled } from '../../server/lsp/git-delta.js';
import { createKit, lensTitles, TINY_CUR, TINY_POLICY_TEXT, type Kit } from './server-kit.js';

/*
 * "Δ vs HEAD" in a temporary git repository: tiny-policy.billing committed, then edited (`markup 10%` → `markup 20%`).
 * By hand, 2026-03 on tiny-cur.csv (protocol.test.ts works the same edit): web 162.20 → 164.24 (+2.04: S3 20.00 × 0.1
 * = 2.00 plus 2% of it for the security fee, 0.04); data 55.00 → 60.00 (+5.00). Total +7.04.
 */
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('Δ vs HEAD lens', () => {
    let repo: string;
    let kit: Kit;
    beforeAll(() => {
        repo = mkdtempSync(path.join(tmpdir(), 'billing-git-'));
        copyFileSync(TINY_CUR, path.join(repo, 'tiny-cur.csv'));
        writeFileSync(path.join(repo, 'policy.billing'), TINY_POLICY_TEXT);
        git(repo, 'init', '-q');
        git(repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
        git(repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'policy');
        kit = createKit({ dataPaths: [path.join(repo, 'tiny-cur.csv')] });
        setGitDeltaEnabled(true);
    });
    afterAll(async () => {
        setGitDeltaEnabled(false);
        await kit.reset();
        rmSync(repo, { recursive: true, force: true });
    });

    const deltaLens = async (text: string): Promise<string | undefined> => {
        await kit.reset(); // one document at the committed file's path at a time
        return (await lensTitles(kit, await kit.open(text, path.join(repo, 'policy.billing')))).find(title => title.includes('Δ vs HEAD'));
    };

    it('says what the edit changes against the committed policy, per group, on the same data', async () => {
        const first = TINY_POLICY_TEXT.split('\n').findIndex(line => line.startsWith('account'));
        expect(await deltaLens(TINY_POLICY_TEXT.replace('markup 10%', 'markup 20%'))).toBe(`${first + 1}: Δ vs HEAD: +$7.04 in 2026-03 · data +$5.00 · web +$2.04`);
    });

    it('follows a new commit (the committed side is cached per HEAD)', async () => {
        const edited = TINY_POLICY_TEXT.replace('markup 10%', 'markup 20%');
        expect(await deltaLens(edited)).toMatch(/Δ vs HEAD: \+\$7\.04 in 2026-03/);
        writeFileSync(path.join(repo, 'policy.billing'), edited);
        git(repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qam', 'markup 20%');
        try {
            expect(await deltaLens(edited)).toMatch(/: Δ vs HEAD: no change to the bill in 2026-03$/);
        } finally {
            writeFileSync(path.join(repo, 'policy.billing'), TINY_POLICY_TEXT);
            git(repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qam', 'back to markup 10%');
        }
        expect(await deltaLens(edited)).toMatch(/Δ vs HEAD: \+\$7\.04 in 2026-03/);
    });

    it('no change: says so', async () => {
        expect(await deltaLens(TINY_POLICY_TEXT)).toMatch(/: Δ vs HEAD: no change to the bill in 2026-03$/);
    });

    it('a new group counts in full and is marked new; off when disabled or outside a repository', async () => {
        const added = `${TINY_POLICY_TEXT}\ngroup sandbox {\n  accounts 555555555555\n  primary 555555555555\n  plan standard\n}\n`;
        // sandbox: S3 5.00 × 1.1 = 5.50 of pro forma, new.
        expect(await deltaLens(added)).toMatch(/Δ vs HEAD: \+\$5\.50 in 2026-03 · sandbox \+\$5\.50 \(new\)$/);
        setGitDeltaEnabled(false);
        expect(await deltaLens(TINY_POLICY_TEXT.replace('markup 10%', 'markup 20%'))).toBeUndefined();
        setGitDeltaEnabled(true);
        const outside = mkdtempSync(path.join(tmpdir(), 'billing-nogit-'));
        try {
            expect((await lensTitles(kit, await kit.open(TINY_POLICY_TEXT, path.join(outside, 'p.billing')))).some(title => title.includes('Δ'))).toBe(false);
        } finally {
            rmSync(outside, { recursive: true, force: true });
        }
    });
});
