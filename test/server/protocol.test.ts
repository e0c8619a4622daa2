import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    CodeActionRequest, CodeLensRequest, CompletionRequest, DefinitionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification,
    DocumentFormattingRequest, DocumentSymbolRequest, FoldingRangeRequest, HoverRequest, InlayHintRequest, ReferencesRequest, SemanticTokensRequest,
    type CodeAction, type CodeLens, type CompletionList, type DocumentSymbol, type Hover, type InlayHint, type LocationLink,
} from 'vscode-languageserver-protocol';
import { Decimal } from '../../engine/money/decimal.js';
import {
    BillRequest, ExportRequest, SetDataRequest, SetPeriodRequest, type BillResult, type DataStatus, type ExportResult,
} from '../../server/protocol.js';
import { LspTestClient } from './lsp-client.js';
import { TINY_CUR, TINY_POLICY } from './server-kit.js';

/*
 * The built bundle (out/server.cjs, made by the test setup) over stdio, as VS Code runs it, on tiny-cur.csv.
 * Figures by hand (tiny-policy.billing plus an unused rule `spare`), 2026-03:
 *   web:  AWS 130.00; EC2 110.00 × 0.8 = 88.00, S3 20.00 × 1.1 = 22.00; charges 110.00; + 50.00 + 2% × 110.00 = 2.20
 *         → 162.20, margin 32.20 / 162.20 → 19.85%
 *   data: AWS 50.00 → 55.00, margin 5.00 / 55.00 → 9.09%
 * After the edit `markup 10%` → `markup 20%`:
 *   web:  S3 20.00 × 1.2 = 24.00; charges 112.00; security 2.24; 112.00 + 50.00 + 2.24 = 164.24; margin 34.24 / 164.24 = 20.847…% → 20.85%
 *   data: 50.00 × 1.2 = 60.00; margin 10.00 / 60.00 = 16.666…% → 16.67%
 * 2026-02 after the edit: web EC2 80.00 × 0.8 = 64.00; 64.00 + 50.00 + 1.28 = 115.28 (margin 35.28 / 115.28 → 30.60%);
 *   data 40.00 × 1.2 = 48.00 (margin 8.00 / 48.00 → 16.67%)
 */
describe('language server over stdio (out/server.cjs)', () => {
    let workspace: string;
    let client: LspTestClient;
    let uri: string;
    let text: string;
    let version = 1;

    beforeAll(async () => {
        workspace = mkdtempSync(path.join(tmpdir(), 'billing-lsp-'));
        copyFileSync(TINY_CUR, path.join(workspace, 'tiny-cur.csv'));
        text = readFileSync(TINY_POLICY, 'utf8').replace('rule ec2-discount', 'rule spare { markup 1% service AmazonEc2 }\nrule ec2-discount');
        const file = path.join(workspace, 'policy.billing');
        uri = pathToFileURL(file).href;
        client = new LspTestClient();
        const result = await client.initialize(workspace, { dataPaths: ['tiny-cur.csv'], period: null });
        expect(result.capabilities.codeLensProvider).toBeDefined();
        expect(result.capabilities.inlayHintProvider).toBeDefined();
        expect(result.capabilities.semanticTokensProvider).toBeDefined();
        await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'billing', version, text } });
    });

    afterAll(async () => {
        client?.kill();
        rmSync(workspace, { recursive: true, force: true });
    });

    const lensTitles = async (): Promise<string[]> => {
        const lenses: CodeLens[] = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }) ?? [];
        return lenses.map(lens => lens.command?.title ?? '');
    };

    it('loads the data from initializationOptions (workspace-relative) with progress and status notifications', async () => {
        const ready = await client.until('data ready', () => client.statuses.find(status => status.state === 'ready'));
        expect(ready).toMatchObject({ state: 'ready', source: 'tiny-cur.csv', periods: ['2026-02', '2026-03'], period: '2026-03', rows: 7 } satisfies Partial<DataStatus>);
        expect(client.statuses.some(status => status.state === 'loading')).toBe(true);
        expect(client.serverRequests).toContain('window/workDoneProgress/create');
        await client.until('lens refresh', () => client.serverRequests.includes('workspace/codeLens/refresh'));
    });

    it('answers CodeLens with the figures', async () => {
        const titles = await lensTitles();
        expect(titles).toContain('Pro forma $162.20 · AWS $130.00 · margin 19.85% · 2026-03');
        expect(titles).toContain('Pro forma $55.00 · AWS $50.00 · margin 9.09% · 2026-03');
        expect(titles).toContain('not used by any group');
    });

    it('answers inlay hints, hover, completion and semantic tokens', async () => {
        const hints: InlayHint[] = await client.connection.sendRequest(InlayHintRequest.type, {
            textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
        }) ?? [];
        expect(hints.map(hint => hint.label)).toEqual(expect.arrayContaining(['= $50.00', '= $2.20 (2% of $110.00)', 'web \u2212$22.00']));

        const line = text.split('\n').findIndex(l => l.startsWith('group web'));
        const hover: Hover | null = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: 7 } });
        expect(JSON.stringify(hover?.contents)).toContain('$162.20');

        const ruleLine = text.split('\n').findIndex(l => l.startsWith('rule ec2-discount'));
        const completion = await client.connection.sendRequest(CompletionRequest.type, {
            textDocument: { uri }, position: { line: ruleLine, character: 'rule ec2-discount { discount 20% service '.length },
        }) as CompletionList | null;
        expect(completion?.items.map(item => item.label)).toEqual(expect.arrayContaining(['AmazonEC2', 'AmazonS3', 'AmazonRDS']));

        const tokens = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
        expect(tokens?.data.length).toBeGreaterThan(50);
    });

    it('answers outline, folding, formatting, definition and references', async () => {
        const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }) as DocumentSymbol[];
        expect(symbols.map(symbol => symbol.name)).toEqual(expect.arrayContaining(['web-prod (111111111111)', 'base-markup', 'standard', 'web', 'data']));
        const folds = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
        expect(folds?.length).toBeGreaterThanOrEqual(3);
        const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
        expect(Array.isArray(edits)).toBe(true);
        const lines = text.split('\n');
        const primary = lines.findIndex(l => l.includes('primary web-prod'));
        const definition = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: primary, character: 12 } }) as LocationLink[];
        expect(definition.map(link => link.targetSelectionRange.start.line)).toEqual([lines.findIndex(l => l.startsWith('account 111111111111'))]);
        const references = await client.connection.sendRequest(ReferencesRequest.type, {
            textDocument: { uri }, position: { line: lines.findIndex(l => l.startsWith('rule base-markup')), character: 6 }, context: { includeDeclaration: false },
        });
        expect(references?.length).toBe(1);
    });

    it('publishes diagnostics, data-aware ones once the data is loaded, and offers quick fixes', async () => {
        const published = await client.until('data diagnostics', () => {
            const params = client.diagnostics.get(uri);
            return params?.diagnostics.some(d => d.code === 'BIL101') ? params : undefined;
        });
        const unused = published.diagnostics.find(d => d.code === 'BIL039')!;
        const notInData = published.diagnostics.find(d => d.code === 'BIL101')!;
        const fixes = async (diagnostic: typeof unused): Promise<string[]> => {
            const actions = await client.connection.sendRequest(CodeActionRequest.type, {
                textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
            }) as CodeAction[];
            return actions.map(action => action.title);
        };
        expect(await fixes(unused)).toEqual(["Remove unused rule 'spare'"]);
        expect(await fixes(notInData)).toEqual(["Change to 'AmazonEC2'"]);
    });

    it('after an edit, the lens shows the new totals and the preview is told', async () => {
        const changesBefore = client.reportChanges.length;
        const publishedBefore = client.diagnosticHistory.length;
        const offset = text.indexOf('markup 10%');
        const position = positionAt(text, offset + 'markup '.length);
        text = `${text.slice(0, offset)}markup 20%${text.slice(offset + 'markup 10%'.length)}`;
        await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version: ++version },
            contentChanges: [{ range: { start: position, end: { line: position.line, character: position.character + 2 } }, text: '20' }],
        });
        const titles = await lensTitles();
        expect(titles).toContain('Pro forma $164.24 · AWS $130.00 · margin 20.85% · 2026-03');
        expect(titles).toContain('Pro forma $60.00 · AWS $50.00 · margin 16.67% · 2026-03');
        await client.until('report changed', () => client.reportChanges.slice(changesBefore).some(change => change.uris.includes(uri)));
        // Typing drops the data diagnostics (only fast checks run on edits); they come back once typing settles.
        const hasDataCode = (params: { uri: string; diagnostics: Array<{ code?: unknown }> }): boolean => params.uri === uri && params.diagnostics.some(d => d.code === 'BIL101');
        await client.until('data diagnostics again', () => {
            const after = client.diagnosticHistory.slice(publishedBefore).filter(params => params.uri === uri);
            const fastOnly = after.findIndex(params => !hasDataCode(params));
            return fastOnly >= 0 && after.slice(fastOnly + 1).some(hasDataCode);
        });
    });

    it('answers BillRequest with the report of every period', async () => {
        const result: BillResult = await client.connection.sendRequest(BillRequest, { uri });
        expect(result.status.state).toBe('ready');
        const report = result.report!;
        expect(report.periods).toEqual(['2026-02', '2026-03']);
        const figure = (group: string, period: string): string => report.groups.find(g => g.name === group && g.period === period)!.proformaCost;
        expect(new Decimal(figure('web', '2026-03')).equals('164.24')).toBe(true);
        expect(new Decimal(figure('data', '2026-03')).equals('60')).toBe(true);
        expect(new Decimal(figure('web', '2026-02')).equals('115.28')).toBe(true);
        const march: BillResult = await client.connection.sendRequest(BillRequest, { uri, period: '2026-03' });
        expect(march.report?.periods).toEqual(['2026-03']);
        // A period the data does not have (a preview still on the period of other data): a reason, never a bill of zeros.
        const january: BillResult = await client.connection.sendRequest(BillRequest, { uri, period: '2026-01' });
        expect(january).toMatchObject({ report: null, reason: 'no data for 2026-01 in tiny-cur.csv (it has 2026-02..2026-03)' });
        // As the extension sent it without a token: vscode-jsonrpc sends the positional parameters [params, null].
        const untokened: BillResult = await client.connection.sendRequest(BillRequest, { uri, period: '2026-03' }, undefined);
        expect(untokened.report?.periods).toEqual(['2026-03']);
    });

    it('switches the period shown', async () => {
        const status: DataStatus = await client.connection.sendRequest(SetPeriodRequest, { period: '2026-02' });
        expect(status.period).toBe('2026-02');
        const titles = await lensTitles();
        expect(titles).toContain('Pro forma $115.28 · AWS $80.00 · margin 30.60% · 2026-02');
        expect(titles).toContain('Pro forma $48.00 · AWS $40.00 · margin 16.67% · 2026-02');
    });

    it('exports the pro forma CUR of a group', async () => {
        const result: ExportResult = await client.connection.sendRequest(ExportRequest, { uri, group: 'data', out: 'data-proforma.csv', period: '2026-03' });
        expect(result).toMatchObject({ ok: true });
        const written = readFileSync(path.join(workspace, 'data-proforma.csv'), 'utf8');
        expect(written.split('\n')[0]).toContain('line_item_unblended_cost');
        // data's one 2026-03 line item, repriced: 50.00 × 1.2 = 60.00
        expect(written).toContain('333333333333');
        const missing: ExportResult = await client.connection.sendRequest(ExportRequest, { uri, group: 'nope', out: 'x.csv' });
        expect(missing).toMatchObject({ ok: false, message: "the policy has no group 'nope'" });
        expect(existsSync(path.join(workspace, 'x.csv'))).toBe(false);
    });

    it('SetData: null falls back to the bundled sample (found next to the bundle), paths switch back', async () => {
        const statusesBefore = client.statuses.length;
        await client.connection.sendRequest(SetDataRequest, { paths: null });
        const sample = await client.until('sample ready', () => client.statuses.slice(statusesBefore).find(status => status.state === 'ready'));
        expect(sample).toMatchObject({ source: 'bundled sample', periods: ['2026-01', '2026-02', '2026-03'], rows: 1800, period: '2026-02' });
        const back = client.statuses.length;
        await client.connection.sendRequest(SetDataRequest, { paths: ['tiny-cur.csv'] });
        await client.until('fixture ready again', () => client.statuses.slice(back).find(status => status.state === 'ready' && status.source === 'tiny-cur.csv'));
        expect(await lensTitles()).toContain('Pro forma $115.28 · AWS $80.00 · margin 30.60% · 2026-02');
    });

    it('shuts down cleanly, with nothing on stderr', async () => {
        const code = await client.shutdown();
        expect(code).toBe(0);
        expect(client.stderr).toBe('');
        expect(client.logs.filter(message => /unhandled|failed/i.test(message))).toEqual([]);
    });
});

function positionAt(text: string, offset: number): { line: number; character: number } {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1]!.length };
}
