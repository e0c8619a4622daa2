import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeLensRequest, DidOpenTextDocumentNotification, type CodeLens } from 'vscode-languageserver-protocol';
import { DataFilesChangedNotification, type DataStatus } from '../../server/protocol.js';
import { LspTestClient } from './lsp-client.js';
import { TINY_CUR, TINY_POLICY_TEXT } from './server-kit.js';

/*
 * A CUR replaced on disk while the editor shows its figures (issue 17, item 8), over stdio as VS Code runs the server.
 * tiny-policy.billing on tiny-cur.csv, 2026-03 (figures of code-lens.test.ts): data AWS 50.00 → RDS × 1.1 = 55.00.
 * The new delivery bills data-prod's RDS 70.00 instead of 50.00: 70.00 × 1.1 = 77.00; margin 7.00 / 77.00 = 9.09%.
 */
describe('data files changed on disk', () => {
    let workspace: string;
    let file: string;
    let client: LspTestClient;
    let uri: string;

    beforeAll(async () => {
        workspace = mkdtempSync(path.join(tmpdir(), 'billing-watch-'));
        file = path.join(workspace, 'cur.csv');
        copyFileSync(TINY_CUR, file);
        uri = pathToFileURL(path.join(workspace, 'policy.billing')).href;
        client = new LspTestClient();
        await client.initialize(workspace, { dataPaths: ['cur.csv'], period: null });
        await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'billing', version: 1, text: TINY_POLICY_TEXT } });
    });

    afterAll(() => {
        client?.kill();
        rmSync(workspace, { recursive: true, force: true });
    });

    const dataLens = async (): Promise<string | undefined> => {
        const lenses: CodeLens[] = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }) ?? [];
        return lenses.map(lens => lens.command?.title ?? '').find(title => title.includes('AWS $') && !title.includes('$130.00')) ?? lenses.map(lens => lens.command?.title ?? '').find(title => /no data|loading/.test(title));
    };
    const lastStatus = (): DataStatus | undefined => client.statuses[client.statuses.length - 1];

    it('says what to watch and what the figures were read from, and when', async () => {
        const ready = await client.until('data ready', () => client.statuses.find(status => status.state === 'ready'));
        expect(ready.watch).toEqual([file]);
        expect(ready.files).toEqual([file]);
        expect(Date.parse(ready.loadedAt!)).toBeGreaterThan(0);
        await expect.poll(dataLens, { timeout: 30_000 }).toBe('Pro forma $55.00 · AWS $50.00 · margin 9.09% · 2026-03');
    });

    it('a half-written delivery never shows as a (smaller) bill; the finished one shows its figures', async () => {
        const original = readFileSync(TINY_CUR, 'utf8');
        const replaced = original.replace('CreateDBInstance:0002,Usage,USD,50.00,50.00,200', 'CreateDBInstance:0002,Usage,USD,70.00,70.00,280');
        expect(replaced).not.toBe(original);
        // Cut in the middle of the data-prod row of 2026-03: the ingest's integrity check rejects the cut row.
        writeFileSync(file, replaced.slice(0, replaced.indexOf('70.00,70.00') + 3));
        const before = client.statuses.length;
        await client.connection.sendNotification(DataFilesChangedNotification, { paths: [file] });
        await client.until('partial file rejected', () => client.statuses.slice(before).find(status => status.state === 'error'));
        expect(lastStatus()).toMatchObject({ state: 'error', message: expect.stringContaining('cur.csv') });
        const partial = await dataLens();
        expect(partial).toMatch(/^no data loaded/);

        writeFileSync(file, replaced);
        await client.connection.sendNotification(DataFilesChangedNotification, { paths: [file] });
        await expect.poll(dataLens, { timeout: 30_000 }).toBe('Pro forma $77.00 · AWS $70.00 · margin 9.09% · 2026-03');
        expect(lastStatus()).toMatchObject({ state: 'ready', rows: 7 });
    });

    it('ignores a changed file it does not read', async () => {
        const before = client.statuses.length;
        writeFileSync(path.join(workspace, 'other.csv'), 'x\n');
        await client.connection.sendNotification(DataFilesChangedNotification, { paths: [path.join(workspace, 'other.csv')] });
        expect(await dataLens()).toBe('Pro forma $77.00 · AWS $70.00 · margin 9.09% · 2026-03');
        expect(client.statuses.slice(before).some(status => status.state === 'loading')).toBe(false);
    });
});
