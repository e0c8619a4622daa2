import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { URI } from 'langium';
import { NodeFileSystemProvider } from 'langium/node';
import { afterAll, describe, expect, it } from 'vitest';
import { createBillingServerServices } from '../../server/billing-server-module.js';
import { BillingWorkspaceManager } from '../../server/billing-workspace-manager.js';

/** A workspace scan that fails (an unreadable file) is reported, and requests waiting for the workspace do not hang. */
describe('the server\'s workspace manager', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'billing-wsm-'));
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('settles `ready` and reports the failure when the workspace cannot be loaded', async () => {
        writeFileSync(path.join(folder, 'a.billing'), 'account 111111111111 "a"\n');
        class Unreadable extends NodeFileSystemProvider {
            override readFile(uri: URI): Promise<string> {
                return uri.path.endsWith('a.billing') ? Promise.reject(new Error(`EACCES: ${uri.fsPath}`)) : super.readFile(uri);
            }
        }
        const { shared } = createBillingServerServices({ fileSystemProvider: () => new Unreadable() });
        const manager = shared.workspace.WorkspaceManager;
        expect(manager).toBeInstanceOf(BillingWorkspaceManager);
        const failures: string[] = [];
        (manager as BillingWorkspaceManager).onFailure = message => failures.push(message);
        manager.initialize({ workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'w' }], capabilities: {}, processId: null, rootUri: null });
        await expect(manager.initialized({})).rejects.toThrow('EACCES');
        await manager.ready; // settled although the scan failed
        expect(failures).toEqual([`EACCES: ${path.join(folder, 'a.billing')}`]);
    });

    it('reports nothing when the scan succeeds', async () => {
        const { shared } = createBillingServerServices({ fileSystemProvider: () => new NodeFileSystemProvider() });
        const manager = shared.workspace.WorkspaceManager as BillingWorkspaceManager;
        const failures: string[] = [];
        manager.onFailure = message => failures.push(message);
        manager.initialize({ workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'w' }], capabilities: {}, processId: null, rootUri: null });
        await manager.initialized({});
        await manager.ready;
        expect(failures).toEqual([]);
        expect(shared.workspace.LangiumDocuments.hasDocument(URI.file(path.join(folder, 'a.billing')))).toBe(true);
    });
});
