import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeLensRequest, DidOpenTextDocumentNotification, HoverRequest, type CodeLens, type Hover } from 'vscode-languageserver-protocol';
import { BillRequest, ServerHealthNotification, type BillResult, type ServerHealth } from '../../server/protocol.js';
import { LspTestClient } from './lsp-client.js';
import { TINY_CUR, TINY_POLICY } from './server-kit.js';

/*
 * A window reload with bill previews open: VS Code restores the previews, whose first bill request reaches the server
 * while Langium is still scanning the workspace (issue 11, defect 1). The request used to create the document itself,
 * the workspace scan then failed ("A document with the URI … is already present"), and the server stayed without
 * lenses, hints or hovers. Here many policies make the scan slow, and the previews ask at once, before `initialized`
 * has even been answered. Figures by hand as in protocol.test.ts (tiny-policy.billing on tiny-cur.csv, 2026-03):
 *   web: AWS 130.00 → pro forma 162.20 (EC2 110.00 × 0.8 + S3 20.00 × 1.1 + 50.00 + 2% × 110.00), margin 19.85%.
 */
describe('requests that arrive while the workspace is still being scanned', () => {
    let workspace: string;
    let text: string;
    const WEB_LENS = 'Pro forma $162.20 · AWS $130.00 · margin 19.85% · 2026-03';

    beforeAll(() => {
        workspace = mkdtempSync(path.join(tmpdir(), 'billing-race-'));
        copyFileSync(TINY_CUR, path.join(workspace, 'tiny-cur.csv'));
        text = readFileSync(TINY_POLICY, 'utf8');
        // Previews of these are "restored"; the other files only make the workspace scan take a while.
        for (let i = 0; i < 4; i++) writeFileSync(path.join(workspace, `policy-${i}.billing`), text);
        mkdirSync(path.join(workspace, 'more'));
        for (let i = 0; i < 150; i++) writeFileSync(path.join(workspace, 'more', `other-${i}.billing`), text);
    });

    afterAll(() => rmSync(workspace, { recursive: true, force: true }));

    const uriOf = (i: number): string => pathToFileURL(path.join(workspace, `policy-${i}.billing`)).href;

    for (const opened of ['previews only', 'previews and their editors'] as const) {
        it(`answers every preview and then lenses and hovers (${opened}), five startups in a row`, async () => {
            for (let startup = 0; startup < 5; startup++) {
                const client = new LspTestClient();
                const health: ServerHealth[] = [];
                client.connection.onNotification(ServerHealthNotification, (params: ServerHealth) => health.push(params));
                try {
                    const initialized = client.initialize(workspace, { dataPaths: ['tiny-cur.csv'], period: null });
                    // The restored previews and editors ask immediately, not waiting for anything.
                    const bills: Promise<BillResult>[] = [];
                    for (let i = 0; i < 4; i++) {
                        if (opened === 'previews and their editors') {
                            void client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf(i), languageId: 'billing', version: 1, text } });
                        }
                        bills.push(client.connection.sendRequest<BillResult>(BillRequest, { uri: uriOf(i), period: '2026-03' }));
                    }
                    await initialized;
                    const results = await Promise.all(bills);
                    for (const result of results) {
                        // Data may still be loading for the first ones: no report then, but never an internal error.
                        expect(result.reason ?? '').not.toMatch(/internal error|cannot read/);
                    }
                    await client.until('data ready', () => client.statuses.some(status => status.state === 'ready'));
                    const again = await client.connection.sendRequest<BillResult>(BillRequest, { uri: uriOf(0), period: '2026-03' });
                    expect(again.report?.groups.find(group => group.name === 'web')?.proformaCost).toBe('162.2');

                    if (opened === 'previews only') {
                        await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf(0), languageId: 'billing', version: 1, text } });
                    }
                    let lenses: CodeLens[] = [];
                    for (let attempt = 0; attempt < 50 && !lenses.some(lens => lens.command?.title === WEB_LENS); attempt++) {
                        if (attempt > 0) await new Promise(resolve => setTimeout(resolve, 200));
                        lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(0) } }) ?? [];
                    }
                    expect(lenses.map(lens => lens.command?.title)).toContain(WEB_LENS);
                    const line = text.split('\n').findIndex(l => l.startsWith('group web'));
                    const hover: Hover | null = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(0) }, position: { line, character: 7 } });
                    expect(JSON.stringify(hover?.contents ?? '')).toContain('162.20');

                    expect(client.logs.join('\n')).not.toMatch(/already present|WorkspaceManager|requiring Validated/);
                    expect(health.filter(h => h.state === 'failed')).toEqual([]);
                    expect(await client.shutdown()).toBe(0);
                    expect(client.stderr).toBe('');
                } finally {
                    client.kill();
                }
            }
        }, 240_000);
    }
});
