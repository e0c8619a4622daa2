import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { URI } from 'langium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol';
import { loadPolicyFiles, type FileDiagnostic } from '../../language/index.js';
import { billedTogetherEntries } from '../../language/workspace/billed-together.js';
import { GitRevisionFileSystem, resolveGitSource } from '../../language/workspace/git-revision.js';
import { billing } from '../cli/cli-harness.js';
import { LspTestClient } from '../server/lsp-client.js';
import { TINY_CUR } from '../server/server-kit.js';

/*
 * Issue 18, "safe on untrusted pull requests": a `.billing` file that is a symlink to a credentials file, an import
 * leaving the repository (directly, through a symlink, in a git revision) and a billing.json entry outside it are
 * never read (language/workspace/workspace-boundary.ts). Each refusal is BIL123 or an error line naming the path, and
 * no token of the secrets reaches a diagnostic, the CLI's output or the language server's messages.
 */

/** Every token of the two files outside: none may appear in anything the tools print. */
const SECRETS = ['aws_access_key_id', 'AKIAQWERTYSECRET', 'aws_secret_access_key', 'hunter2password', 'github_token', 'ghp_TOKENSECRET', 'OUTSIDESECRET', 'leakme'];
const CREDENTIALS = '[default]\naws_access_key_id = AKIAQWERTYSECRET\naws_secret_access_key = hunter2password\ngithub_token ghp_TOKENSECRET\n';
/** A policy outside the repository, with bad lines of its own. */
const OUTSIDE_POLICY = 'account 444444444444 "outside"\nOUTSIDESECRET leakme\n';
const ACCOUNTS = 'account 111111111111 "web-prod"\n';
const RATES = 'rule markup { markup 10% }\nplan standard { rules markup }\n';
const GROUP = 'group web {\n  primary web-prod\n  accounts web-prod\n  plan standard\n}\n';

let base: string;
let repo: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
const write = (relative: string, text: string): void => {
    mkdirSync(path.dirname(path.join(repo, relative)), { recursive: true });
    writeFileSync(path.join(repo, relative), text);
};

function expectNoSecret(text: string): void {
    for (const secret of SECRETS) expect(text, `"${secret}" leaked`).not.toContain(secret);
}
const codesOf = (diagnostics: readonly FileDiagnostic[]) => diagnostics.map(entry => entry.diagnostic.code);

beforeAll(() => {
    base = mkdtempSync(path.join(tmpdir(), 'billing-outside-'));
    mkdirSync(path.join(base, 'secrets'));
    writeFileSync(path.join(base, 'secrets', 'credentials'), CREDENTIALS);
    writeFileSync(path.join(base, 'outside.billing'), OUTSIDE_POLICY);
    repo = path.join(base, 'repo');
    mkdirSync(repo);
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    write('shared/rates.billing', RATES);
    write('policies/ok.billing', `import "../shared/rates.billing"\n${ACCOUNTS}${GROUP}`);
    write('policies/escape.billing', `import "../shared/rates.billing"\nimport "../../outside.billing"\n${ACCOUNTS}${GROUP}`);
    write('policies/via-link.billing', `import "../shared/rates.billing"\nimport "creds.billing"\n${ACCOUNTS}${GROUP}`);
    write('policies/missing.billing', `import "../shared/rates.billing"\nimport "../../nothing-here.billing"\n${ACCOUNTS}${GROUP}`);
    symlinkSync(path.join(base, 'secrets', 'credentials'), path.join(repo, 'policies', 'creds.billing'));
    // A link that stays inside the repository is an ordinary file.
    symlinkSync(path.join('..', 'shared', 'rates.billing'), path.join(repo, 'policies', 'rates-link.billing'));
    write('policies/inside-link.billing', `import "rates-link.billing"\n${ACCOUNTS}${GROUP}`);
    write('teams/a.billing', `import "../shared/rates.billing"\n${ACCOUNTS}${GROUP}`);
    write('teams/billing.json', JSON.stringify({ entries: ['a.billing', '../../outside.billing'] }));
    git('add', '.');
    git('commit', '-qm', 'policies');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('imports outside the repository (loadPolicyFiles, as the CLI loads)', () => {
    it('reports BIL123 at an import of ../../outside.billing and never reads it', async () => {
        const loaded = await loadPolicyFiles([path.join(repo, 'policies', 'escape.billing')]);
        const escapes = loaded.diagnostics.filter(entry => entry.diagnostic.code === 'BIL123');
        expect(escapes).toHaveLength(1);
        expect(escapes[0]!.diagnostic.range.start.line).toBe(1);
        expect(escapes[0]!.diagnostic.message).toBe(
            `cannot import '../../outside.billing': it resolves to '${path.join(base, 'outside.billing')}', outside the repository, so it is not read`);
        expect(loaded.documents.map(document => path.relative(repo, document.uri.fsPath))).toEqual([
            path.join('policies', 'escape.billing'), path.join('shared', 'rates.billing'),
        ]);
        expectNoSecret(JSON.stringify(loaded.diagnostics));
    });

    it('reports BIL123 at an import of a symlink to a credentials file, whose bad lines are never parsed', async () => {
        const loaded = await loadPolicyFiles([path.join(repo, 'policies', 'via-link.billing')]);
        expect(codesOf(loaded.diagnostics)).toEqual(['BIL123']);
        expect(loaded.diagnostics[0]!.diagnostic.message).toContain(path.join(base, 'secrets', 'credentials'));
        expect(loaded.documents).toHaveLength(2);
        expectNoSecret(JSON.stringify(loaded.diagnostics));
    });

    it('says BIL123, not "no such file", for a missing file outside: existence outside cannot be probed', async () => {
        const loaded = await loadPolicyFiles([path.join(repo, 'policies', 'missing.billing')]);
        expect(codesOf(loaded.diagnostics)).toEqual(['BIL123']);
    });

    it('keeps imports inside the repository working, also through a symlink that stays inside', async () => {
        for (const file of ['ok.billing', 'inside-link.billing']) {
            const loaded = await loadPolicyFiles([path.join(repo, 'policies', file)]);
            expect(loaded.diagnostics.map(entry => entry.diagnostic.message), file).toEqual([]);
            expect(loaded.documents).toHaveLength(2);
        }
    });
});

describe('billing.json in the editor', () => {
    it('leaves out an entry outside the repository: it is never billed with the others nor read', async () => {
        const loaded = await loadPolicyFiles([path.join(repo, 'teams', 'a.billing')]);
        const entries = billedTogetherEntries(loaded.entries[0]!, loaded.services);
        expect(entries?.map(entry => path.relative(repo, entry.fsPath))).toEqual([path.join('teams', 'a.billing')]);
    });
});

describe('the CLI', () => {
    it('validate (folder scan) refuses the symlinked credentials file by name, exit 2, printing none of it', () => {
        const result = billing(['validate'], repo);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain(`${path.join('policies', 'creds.billing')}: resolves to ${path.join(base, 'secrets', 'credentials')}, outside its repository, so it is not read (BIL123)`);
        expectNoSecret(result.stdout + result.stderr);
    });

    it('validate and bill of the symlink named explicitly: refused the same way', () => {
        for (const args of [['validate', 'policies/creds.billing'], ['bill', 'policies/creds.billing', '--data', TINY_CUR]]) {
            const result = billing(args, repo);
            expect(result.status, args.join(' ')).toBe(2);
            expect(result.stderr).toContain('outside its repository, so it is not read (BIL123)');
            expectNoSecret(result.stdout + result.stderr);
        }
    });

    it('validate and bill report BIL123 at the import leaving the repository (exit 1)', () => {
        const validate = billing(['validate', 'policies/escape.billing', 'policies/via-link.billing'], repo);
        expect(validate.status).toBe(1);
        expect(validate.stdout).toContain(`${path.join('policies', 'escape.billing')}:2:8 error BIL123 cannot import '../../outside.billing'`);
        expect(validate.stdout).toContain(`${path.join('policies', 'via-link.billing')}:2:8 error BIL123 cannot import 'creds.billing'`);
        const bill = billing(['bill', 'policies/escape.billing', '--data', TINY_CUR], repo);
        expect(bill.status).toBe(1);
        expect(bill.stderr).toContain('BIL123');
        expectNoSecret(validate.stdout + validate.stderr + bill.stdout + bill.stderr);
    });

    it('a policy named by its real path outside the repository is the user\'s choice: read from its own folder', () => {
        const own = path.join(base, 'own');
        mkdirSync(own, { recursive: true });
        writeFileSync(path.join(own, 'rates.billing'), RATES);
        writeFileSync(path.join(own, 'main.billing'), `import "rates.billing"\n${ACCOUNTS}${GROUP}`);
        const result = billing(['validate', path.join(own, 'main.billing')], repo);
        expect(result.stderr).toContain('0 errors');
        expect(result.status).toBe(0);
    });

    it('outside git, the current directory is the boundary: a sibling folder imports, a file above it does not', () => {
        // A project folder not under git (nothing above the temp folder holds .git), run from its root as CI would.
        const plain = path.join(base, 'plain');
        mkdirSync(path.join(plain, 'teams'), { recursive: true });
        mkdirSync(path.join(plain, 'shared'), { recursive: true });
        writeFileSync(path.join(plain, 'shared', 'rates.billing'), RATES);
        writeFileSync(path.join(plain, 'teams', 'web.billing'), `import "../shared/rates.billing"\n${ACCOUNTS}${GROUP}`);
        writeFileSync(path.join(plain, 'teams', 'escape.billing'), `${ACCOUNTS}import "../../outside.billing"\n`);
        const inside = billing(['validate', 'teams/web.billing'], plain);
        expect(inside.stderr).toContain('0 errors');
        expect(inside.status).toBe(0);
        const escape = billing(['validate', 'teams/escape.billing'], plain);
        expect(escape.status).toBe(1);
        expect(escape.stdout).toContain(`${path.join('teams', 'escape.billing')}:2:8 error BIL123 cannot import '../../outside.billing'`);
        expectNoSecret(escape.stdout + escape.stderr);
    });

    it('validate refuses a billing.json entry outside the repository, naming the manifest and the entry', () => {
        const result = billing(['validate', 'teams/a.billing'], repo);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain(`${path.join('teams', 'billing.json')} lists ${path.join(base, 'outside.billing')}: resolves to ${path.join(base, 'outside.billing')}, outside the repository ${repo}, so it is not read (BIL123)`);
        expectNoSecret(result.stdout + result.stderr);
    });
});

describe('git revisions (billing diff, the editor\'s Δ vs HEAD lens)', () => {
    beforeAll(() => {
        // Committed: an import leaving the repository, and a symlink to the credentials (a blob holding its target).
        write('policies/rev.billing', `import "../shared/rates.billing"\nimport "../../outside.billing"\nimport "rev-link.billing"\n${ACCOUNTS}${GROUP}`);
        symlinkSync(path.join('..', '..', 'secrets', 'credentials'), path.join(repo, 'policies', 'rev-link.billing'));
        git('add', '.');
        git('commit', '-qm', 'escaping imports');
    });

    it('resolves a committed symlink within the commit, and outside the root it is not read', () => {
        const source = resolveGitSource('HEAD:policies/rev.billing', 'HEAD', 'policies/rev.billing', repo);
        const fileSystem = new GitRevisionFileSystem(source);
        expect(fileSystem.realPath(path.join(source.root, 'policies', 'rev-link.billing'))).toBe(path.join(path.dirname(source.root), 'secrets', 'credentials'));
        expect(fileSystem.realPath(path.join(source.root, 'policies', 'rates-link.billing'))).toBe(path.join(source.root, 'shared', 'rates.billing'));
        expect(fileSystem.readFileSync(URI.file(path.join(source.root, 'policies', 'rates-link.billing')))).toBe(RATES);
        expect(() => fileSystem.readFileSync(URI.file(path.join(source.root, 'policies', 'rev-link.billing')))).toThrow();
        expect(() => resolveGitSource('HEAD:policies/rev-link.billing', 'HEAD', 'policies/rev-link.billing', repo)).toThrow('outside the repository, so it is not read');
    });

    it('diff HEAD:… reports BIL123 at both imports of the revision, printing none of the secrets', () => {
        const result = billing(['diff', 'HEAD:policies/rev.billing', 'policies/ok.billing', '--data', TINY_CUR], repo);
        expect(result.status).toBe(1);
        expect(result.stderr).toContain("HEAD:policies/rev.billing:2:8 error BIL123 cannot import '../../outside.billing'");
        expect(result.stderr).toContain("HEAD:policies/rev.billing:3:8 error BIL123 cannot import 'rev-link.billing'");
        expectNoSecret(result.stdout + result.stderr);
    });

    it('diff of a revision whose imports stay inside still works', () => {
        const result = billing(['diff', 'HEAD:policies/ok.billing', 'policies/ok.billing', '--data', TINY_CUR], repo);
        expect(result.stderr).not.toContain('BIL123');
        expect(result.status).toBe(0);
    });
});

describe('the language server', () => {
    let client: LspTestClient;
    beforeAll(async () => {
        client = new LspTestClient();
        await client.initialize(repo, { dataPaths: null });
    });
    afterAll(async () => {
        await client.shutdown();
    });

    it('leaves the symlinked credentials files out of the workspace scan and names each once in its log', async () => {
        for (const name of ['creds.billing', 'rev-link.billing']) {
            const link = path.join(repo, 'policies', name);
            await client.until(`the refusal of ${name} in the log`, () => client.logs.some(line => line.includes(`not loading ${link}: it resolves to`)));
        }
    });

    it('reports BIL123 at an opened file\'s imports leaving the workspace; nothing it says holds a secret', async () => {
        const uri = pathToFileURL(path.join(repo, 'policies', 'rev.billing')).href;
        await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri, languageId: 'billing', version: 1, text: `import "../shared/rates.billing"\nimport "../../outside.billing"\nimport "creds.billing"\n${ACCOUNTS}${GROUP}` },
        });
        const published = await client.until('BIL123 at rev.billing', () => {
            const params = client.diagnostics.get(uri);
            return params && params.diagnostics.filter(d => d.code === 'BIL123').length === 2 ? params : undefined;
        });
        expect(published.diagnostics.map(d => [d.code, d.range.start.line])).toEqual([['BIL123', 1], ['BIL123', 2]]);
        expect(published.diagnostics[0]!.message).toContain('outside the workspace, so it is not read');
        expectNoSecret(JSON.stringify(client.diagnosticHistory) + client.logs.join('\n'));
        // Reported once each, however often the workspace is rebuilt; no document stands for them.
        expect(client.logs.filter(line => line.includes('not loading '))).toHaveLength(2);
        expect([...client.diagnostics.keys()].some(key => key.endsWith('creds.billing') || key.endsWith('rev-link.billing'))).toBe(false);
    });
});
