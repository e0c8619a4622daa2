/**
 * Workspace-wide membership: files billed together (named on one `bill` command line, listed in a `billing.json`,
 * or `validate --billed-together`) are one policy for the checks across statements — an account in groups of two
 * files (BIL065), a name or account declared in two (BIL020, BIL011) — in the CLI and in the language's validation
 * (what the editor runs). Files billed alone keep their own namespace.
 */
import * as path from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBillingServices, findBillingManifest, loadPolicyFiles } from '../../language/index.js';
import { billing, tempProject } from './cli-harness.js';

const team = (group: string, account: string, name: string) => `import "shared/rates.billing"
account ${account} "${name}"
group ${group} {
  primary ${account}
  accounts ${account}
  plan standard
}
`;
const RATES = 'rule markup-5 { markup 5% }\nplan standard { rules markup-5 }\n';

let project: ReturnType<typeof tempProject>;
beforeAll(() => {
    project = tempProject({
        // Two teams that share a rate card and put the same account in their groups.
        'clash/shared/rates.billing': RATES,
        'clash/web.billing': team('web', '111111111111', 'web-prod'),
        'clash/data.billing': team('data', '111111111111', 'web-prod-again'),
        // The same, with a manifest saying they are one bill.
        'manifest/shared/rates.billing': RATES,
        'manifest/web.billing': team('web', '111111111111', 'web-prod'),
        'manifest/data.billing': team('data', '111111111111', 'web-prod-again'),
        'manifest/billing.json': JSON.stringify({ entries: ['web.billing', 'data.billing'] }),
        // Two teams with distinct accounts: billed together they are fine.
        'fine/shared/rates.billing': RATES,
        'fine/web.billing': team('web', '111111111111', 'web-prod'),
        'fine/data.billing': team('data', '222222222222', 'data-prod'),
        'broken/web.billing': team('web', '111111111111', 'web-prod'),
        'broken/billing.json': '{ "entries": "web.billing" }',
        'missing/web.billing': team('web', '111111111111', 'web-prod'),
        'missing/billing.json': JSON.stringify({ entries: ['web.billing', 'gone.billing'] }),
    });
});
afterAll(() => project.dispose());

const run = (...args: string[]) => billing(args, project.dir);
const overlapAt = (file: string, other: string) =>
    `${file}:5:12 error BIL065 account 111111111111 ("${file.includes('web') ? 'web-prod' : 'web-prod-again'}") is also a member of group '${other}' in every billing period; an account belongs to at most one group per billing period`;

describe('billed together in the CLI', () => {
    it('bill of two files putting one account in two groups: errors at both, no bill (was: a warning and the first group)', () => {
        const result = run('bill', 'clash/web.billing', 'clash/data.billing');
        expect(result.status).toBe(1);
        expect(result.stdout).toBe('');
        expect(result.stderr).toContain(overlapAt('clash/web.billing', 'data'));
        expect(result.stderr).toContain(overlapAt('clash/data.billing', 'web'));
        expect(result.stderr).toContain('clash/web.billing:2:9 error BIL011 account 111111111111 is declared more than once');
        expect(result.stderr).toMatch(/billing: the policy has errors, no bill computed/);
    });

    it('the shared rate card imported by both is one file, not a duplicate', () => {
        const result = run('bill', 'fine/web.billing', 'fine/data.billing', '--format', 'json');
        expect(result.status, result.stderr).toBe(0);
        const groups = (JSON.parse(result.stdout) as { groups: { name: string }[] }).groups.map((group) => group.name);
        expect(new Set(groups)).toEqual(new Set(['web', 'data']));
    });

    it('validate of independent files (no manifest) checks each alone', () => {
        const result = run('validate', 'clash/web.billing', 'clash/data.billing');
        expect(result.status, result.stdout).toBe(0);
    });

    it('validate --billed-together checks them as bill does', () => {
        const result = run('validate', '--billed-together', 'clash/web.billing', 'clash/data.billing');
        expect(result.status).toBe(1);
        expect(result.stdout).toContain(overlapAt('clash/web.billing', 'data'));
        expect(result.stdout).toContain(overlapAt('clash/data.billing', 'web'));
    });

    it('a billing.json makes its entries one bill, even when only one is named', () => {
        const result = run('validate', 'manifest/web.billing');
        expect(result.status).toBe(1);
        expect(result.stdout).toContain(overlapAt('manifest/web.billing', 'data'));
        expect(result.stdout).toContain(overlapAt('manifest/data.billing', 'web'));
    });

    it('a billing.json that is not { "entries": [...] }, or lists a missing file: exit 2, one line naming it', () => {
        const broken = run('validate', 'broken/web.billing');
        expect(broken.status).toBe(2);
        expect(broken.stderr).toBe('billing: broken/billing.json: expected { "entries": ["a.billing", …] } (the .billing entry files billed together, relative to it)\n');
        const missing = run('validate', 'missing');
        expect(missing.status).toBe(2);
        expect(missing.stderr).toBe(`billing: missing/billing.json lists missing/gone.billing: no such file\n`);
    });
});

describe('billed together in the language (what the editor validates)', () => {
    const codesOf = async (folder: string) => {
        const services = createBillingServices(NodeFileSystem).Billing;
        const files = ['web.billing', 'data.billing'].map((file) => path.join(project.dir, folder, file));
        const loaded = await loadPolicyFiles(files, services);
        return loaded.diagnostics.map((entry) => `${path.basename(entry.file)} ${String(entry.diagnostic.code)}`).sort();
    };

    it('with a billing.json listing both, the overlap is reported in each file', async () => {
        const codes = await codesOf('manifest');
        expect(codes).toContain('web.billing BIL065');
        expect(codes).toContain('data.billing BIL065');
    });

    it('without one, the two documents are separate policies', async () => {
        expect((await codesOf('clash')).filter((code) => /BIL0(65|11|20)/.test(code))).toEqual([]);
    });

    it('the manifest is found from the document\'s folder upwards', async () => {
        const services = createBillingServices(NodeFileSystem).Billing;
        const found = findBillingManifest(URI.file(path.join(project.dir, 'manifest', 'shared', 'rates.billing')), services.shared.workspace.FileSystemProvider);
        expect(found?.fsPath).toBe(path.join(project.dir, 'manifest', 'billing.json'));
    });
});
