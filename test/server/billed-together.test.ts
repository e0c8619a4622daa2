import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { URI } from 'langium';
import { NodeFileSystemProvider } from 'langium/node';
import { afterAll, describe, expect, it } from 'vitest';
import { createBillingServerServices } from '../../server/billing-server-module.js';

/**
 * Issue 13 item 4, in the editor: the language server's workspace, scanned as at start-up, checks the files a
 * billing.json lists as one bill (BIL065 at both groups of an account in two files), and files without a
 * manifest each alone — the same as `billing validate` (test/cli/billed-together.test.ts).
 */
const team = (group: string, account: string, name: string) =>
    `import "shared/rates.billing"\naccount ${account} "${name}"\ngroup ${group} {\n  primary ${account}\n  accounts ${account}\n  plan standard\n}\n`;
const RATES = 'rule markup-5 { markup 5% }\nplan standard { rules markup-5 }\n';

describe('the language server bills together what billing.json lists', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'billing-together-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    for (const [folder, manifest] of [['manifest', true], ['alone', false]] as const) {
        mkdirSync(path.join(root, folder, 'shared'), { recursive: true });
        writeFileSync(path.join(root, folder, 'shared', 'rates.billing'), RATES);
        writeFileSync(path.join(root, folder, 'web.billing'), team('web', '111111111111', 'web-prod'));
        writeFileSync(path.join(root, folder, 'data.billing'), team('data', '111111111111', 'web-prod-again'));
        if (manifest) writeFileSync(path.join(root, folder, 'billing.json'), JSON.stringify({ entries: ['web.billing', 'data.billing'] }));
    }

    it('reports the account in two groups at both, only where a manifest lists both files', async () => {
        const { shared } = createBillingServerServices({ fileSystemProvider: () => new NodeFileSystemProvider() });
        const manager = shared.workspace.WorkspaceManager;
        manager.initialize({ workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'w' }], capabilities: {}, processId: null, rootUri: null });
        await manager.initialized({});
        const documents = shared.workspace.LangiumDocuments;
        await shared.workspace.DocumentBuilder.build(documents.all.toArray(), { validation: true });
        const codes = (folder: string, file: string) => (documents.getDocument(URI.file(path.join(root, folder, file)))?.diagnostics ?? [])
            .filter((diagnostic) => diagnostic.severity === 1).map((diagnostic) => `${diagnostic.code} ${diagnostic.range.start.line + 1}`);
        expect(codes('manifest', 'web.billing')).toContain('BIL065 5');
        expect(codes('manifest', 'data.billing')).toContain('BIL065 5');
        expect(codes('alone', 'web.billing')).toEqual([]);
        expect(codes('alone', 'data.billing')).toEqual([]);
    });
});
