import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    CodeLensRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, InlayHintRequest, type CodeLens, type InlayHint,
} from 'vscode-languageserver-protocol';
import { BillRequest, type BillResult } from '../../server/protocol.js';
import { LspTestClient } from './lsp-client.js';
import { TINY_CUR, TINY_POLICY } from './server-kit.js';

/*
 * One error must not blank every figure (issue 11, defect 2): while the policy has errors, lenses, hints and the preview
 * keep the figures of its last version without errors, marked stale, and the preview links to the first error.
 * Figures by hand (tiny-policy.billing on tiny-cur.csv, 2026-03, as in protocol.test.ts):
 *   web:  EC2 110.00 × 0.8 = 88.00, S3 20.00 × 1.1 = 22.00; + fee platform 50.00 + 2% × 110.00 = 2.20 → 162.20; AWS 130.00,
 *         margin 32.20 / 162.20 → 19.85%
 *   data: 50.00 × 1.1 = 55.00; AWS 50.00; margin 9.09%
 */
describe('figures while the policy has errors', () => {
    let workspace: string;
    let client: LspTestClient;
    let uri: string;
    let text: string;
    let version = 1;
    const WEB = 'Pro forma $162.20 · AWS $130.00 · margin 19.85% · 2026-03';
    const DATA = 'Pro forma $55.00 · AWS $50.00 · margin 9.09% · 2026-03';

    beforeAll(async () => {
        workspace = mkdtempSync(path.join(tmpdir(), 'billing-stale-'));
        copyFileSync(TINY_CUR, path.join(workspace, 'tiny-cur.csv'));
        text = readFileSync(TINY_POLICY, 'utf8');
        uri = pathToFileURL(path.join(workspace, 'policy.billing')).href;
        client = new LspTestClient();
        await client.initialize(workspace, { dataPaths: ['tiny-cur.csv'], period: null });
    });

    afterAll(() => {
        client?.kill();
        rmSync(workspace, { recursive: true, force: true });
    });

    const lenses = async (): Promise<CodeLens[]> => await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }) ?? [];
    const edit = async (next: string): Promise<void> => {
        text = next;
        await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
    };
    const lineOf = (start: string): number => text.split('\n').findIndex(line => line.startsWith(start));

    it('without a version free of errors yet: no figures, and the preview links to the first error', async () => {
        const broken = readFileSync(TINY_POLICY, 'utf8').replace('plan standard\n  fee', 'plan standrad\n  fee');
        text = broken;
        await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'billing', version, text } });
        await client.until('data ready', () => client.statuses.some(status => status.state === 'ready'));
        expect(new Set((await lenses()).map(lens => lens.command?.title))).toEqual(new Set(['policy has errors']));
        const bill: BillResult = await client.connection.sendRequest(BillRequest, { uri, period: '2026-03' });
        expect(bill.report).toBeNull();
        expect(bill.firstError).toMatchObject({ uri, line: lineOf('  plan standrad') });
        expect(bill.firstError?.message).toContain('standrad');
    });

    it('after an error is typed: the last figures without errors, marked stale, everywhere', async () => {
        await edit(readFileSync(TINY_POLICY, 'utf8'));
        await expect.poll(async () => (await lenses()).map(lens => lens.command?.title), { timeout: 30_000 }).toContain(WEB);

        await edit(text.replace('plan standard\n  fee', 'plan standrad\n  fee'));
        const titles = (await lenses()).map(lens => lens.command?.title);
        expect(titles).toContain(`$(history) ${WEB} · stale: policy has errors`);
        expect(titles).toContain(`$(history) ${DATA} · stale: policy has errors`);
        // The rule lens too (base-markup: public S3 20.00 + RDS 50.00 = 70.00 → 22.00 + 55.00 = 77.00), and a click shows the problems.
        expect(titles).toContain('$(history) used by 2 groups · $70.00 → $77.00 (+$7.00) in 2026-03 · stale: policy has errors');
        expect(new Set((await lenses()).map(lens => lens.command?.command))).toEqual(new Set(['workbench.actions.view.problems']));

        const hints: InlayHint[] = await client.connection.sendRequest(InlayHintRequest.type, {
            textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
        }) ?? [];
        expect(hints.map(hint => hint.label)).toEqual(expect.arrayContaining(['= $50.00 (stale)', '= $2.20 (2% of $110.00) (stale)']));

        const bill: BillResult = await client.connection.sendRequest(BillRequest, { uri, period: '2026-03' });
        expect(bill.stale).toBe('policy has errors');
        expect(bill.report?.groups.find(group => group.name === 'web')?.proformaCost).toBe('162.2');
        expect(bill.firstError).toMatchObject({ uri, line: lineOf('  plan standrad') });
    });

    it('once fixed: current figures, nothing stale', async () => {
        // Fixed with another markup: data 50.00 × 1.2 = 60.00, margin 10.00 / 60.00 → 16.67% (the figure must be new, not the stale one).
        await edit(text.replace('plan standrad\n  fee', 'plan standard\n  fee').replace('markup 10%', 'markup 20%'));
        const titles = (await lenses()).map(lens => lens.command?.title);
        expect(titles).toContain('Pro forma $60.00 · AWS $50.00 · margin 16.67% · 2026-03');
        expect(titles.some(title => title?.includes('stale'))).toBe(false);
        const bill: BillResult = await client.connection.sendRequest(BillRequest, { uri, period: '2026-03' });
        expect(bill.stale).toBeUndefined();
        expect(bill.firstError).toBeUndefined();
    });
});
