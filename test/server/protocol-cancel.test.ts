import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeLensRequest, DidOpenTextDocumentNotification, WorkDoneProgressCancelNotification, type CodeLens } from 'vscode-languageserver-protocol';
import { LspTestClient } from './lsp-client.js';
import { TINY_CUR, TINY_POLICY } from './server-kit.js';

/*
 * Cancelling the data load from the progress notification (the ✕ VS Code shows on it): the ingest is
 * aborted, the status says cancelled, and lenses say there is no data instead of showing figures.
 * The data is tiny-cur.csv's rows repeated to ~80 MB, so that loading lasts long enough to be cancelled.
 */
describe('cancelling the data load over stdio', () => {
    let workspace: string;
    let client: LspTestClient;

    beforeAll(() => {
        workspace = mkdtempSync(path.join(tmpdir(), 'billing-cancel-'));
        const [header, ...rows] = readFileSync(TINY_CUR, 'utf8').trimEnd().split('\n');
        const block = `${rows.join('\n')}\n`;
        writeFileSync(path.join(workspace, 'big.csv'), `${header}\n${block.repeat(Math.ceil((80 << 20) / block.length))}`);
        client = new LspTestClient();
    });

    afterAll(() => {
        client?.kill();
        rmSync(workspace, { recursive: true, force: true });
    });

    it('aborts the ingest when the client cancels the progress', async () => {
        await client.initialize(workspace, { dataPaths: ['big.csv'] });
        client.connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
            // Cancel as soon as the progress begins, as a user clicking its cancel button would.
            setTimeout(() => void client.connection.sendNotification(WorkDoneProgressCancelNotification.type, { token: params.token }), 10);
            return null;
        });
        const uri = pathToFileURL(path.join(workspace, 'policy.billing')).href;
        await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
            textDocument: { uri, languageId: 'billing', version: 1, text: readFileSync(TINY_POLICY, 'utf8') },
        });
        const cancelled = await client.until('cancelled status', () => client.statuses.find(status => status.state === 'cancelled' || status.state === 'ready'));
        expect(cancelled).toMatchObject({ state: 'cancelled', source: 'big.csv', message: 'loading big.csv was cancelled' });
        const lenses: CodeLens[] = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }) ?? [];
        expect(lenses.length).toBeGreaterThan(0);
        for (const lens of lenses) expect(lens.command).toMatchObject({ title: 'no data loaded: loading big.csv was cancelled', command: 'billing.selectData' });
        expect(await client.shutdown()).toBe(0);
        expect(client.stderr).toBe('');
    });
});
