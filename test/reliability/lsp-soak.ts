import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import {
    CodeLensRequest, CompletionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification, HoverRequest,
    InitializedNotification, InitializeRequest, InlayHintRequest, ShutdownRequest, type CodeLens, type InitializeParams, type Position,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DataStatusNotification, type DataStatus } from '../../server/protocol.js';

/**
 * The LSP soak: the BUILT server (out/server.cjs) over stdio with the bundled sample loaded, fed random
 * edits — typing, deletions, pasted junk, broken and restored text — with CodeLens, inlay hint, hover and
 * completion requests interleaved, a share of them cancelled at once ($/cancelRequest), as an editor does.
 *
 * It fails when the server dies, answers a request with an error other than a cancellation, writes an
 * unhandled rejection or an error to its log or stderr, exceeds the RSS bound, or ends in a state where the
 * original text no longer gives the original lenses. `npm run soak` runs 10,000 edits; a 500-edit slice
 * runs in the tests.
 */

export interface SoakOptions {
    readonly repoRoot: string;
    readonly edits: number;
    /** Resident memory bound of the server process, in MB. */
    readonly rssLimitMb: number;
    readonly seed?: number;
    /** Progress lines on stderr every this many edits (0: none). */
    readonly progressEvery?: number;
}

export interface SoakResult {
    readonly edits: number;
    readonly durationMs: number;
    readonly requests: number;
    /** Requests cancelled right after sending, and how they ended. */
    readonly cancelled: { readonly sent: number; readonly answeredCancelled: number; readonly answeredAnyway: number };
    /** Requests (not cancelled by us) the server answered as cancelled or content-modified because an edit made them stale. */
    readonly staleAnswers: number;
    /**
     * Stale requests on a large document (its build takes long): each sent right after an edit and cancelled
     * at once, as an editor does when the user types on. All must be answered as cancelled.
     */
    readonly staleProbe: { readonly sent: number; readonly answeredCancelled: number; readonly slowestMs: number };
    readonly peakRssMb: number;
    readonly rssAfterLoadMb: number;
    readonly finalRssMb: number;
    readonly failures: readonly string[];
}

/** LSP error codes of a request given up: RequestCancelled, ContentModified, ServerCancelled. */
const CANCELLATION_CODES = new Set([-32800, -32801, -32802]);

/** A small deterministic PRNG (mulberry32), so that a failing soak can be replayed with its seed. */
function random(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const SNIPPETS = [
    'rule r9 { markup 3% }\n', 'group g9 { primary 111111111111 accounts 111111111111 plan standard }\n', 'fee extra flat 10 ', 'credit c 5% of charges ',
    'service AmazonEC2 ', 'discount 150% ', 'markup -1% ', '{', '}', '"', "'", '/*', '*/', '// note\n', 'accounts 999999999999, ', 'plan nope ',
    'tiering free-tier off ', 'tier 0 to 10 at 0.5 ', 'from 2026-13 ', 'until 2026-02 ', '%', ',', 'import "shared/accounts.billing"\n', 'data "nowhere.csv"\n',
    '\u0000', '💸', '\r\n', 'auto-associate ', 'budget 100 ', 'min-margin 5% ', 'itemized ', 'presented-as AmazonS3 ',
];

function rssMb(pid: number): number {
    try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
        return match ? Math.round(Number(match[1]) / 1024) : 0;
    } catch {
        return 0;
    }
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
    const { repoRoot } = options;
    const rand = random(options.seed ?? 20260331);
    const int = (n: number): number => Math.floor(rand() * n);
    const failures: string[] = [];
    const fail = (what: string): void => { if (failures.length < 50) failures.push(what); };

    const bundle = path.join(repoRoot, 'out', 'server.cjs');
    const child = spawn(process.execPath, [bundle, '--stdio'], { stdio: 'pipe', env: { ...process.env, BILLING_SERVER_DEBUG: '' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        if (stderr.length < 100_000) stderr += text;
        if (/unhandled|uncaught|FATAL|heap out of memory/i.test(text)) fail(`server stderr: ${text.slice(0, 500)}`);
    });
    let exited: number | null | undefined;
    child.on('exit', code => { exited = code; });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const statuses: DataStatus[] = [];
    connection.onNotification(DataStatusNotification, (status: DataStatus) => { statuses.push(status); });
    connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
        // Error-level messages are the server's own failures (a guarded feature that threw, a pricing failure).
        if (params.type === 1 || /unhandled rejection/i.test(params.message)) fail(`server log: ${params.message.slice(0, 800)}`);
    });
    connection.onNotification('textDocument/publishDiagnostics', () => undefined);
    connection.onNotification('$/progress', () => undefined);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    for (const method of ['window/workDoneProgress/create', 'client/registerCapability', 'client/unregisterCapability', 'workspace/codeLens/refresh', 'workspace/inlayHint/refresh', 'workspace/semanticTokens/refresh']) {
        connection.onRequest(method, () => null);
    }
    connection.listen();

    let peakRss = 0;
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, rssMb(child.pid!)); }, 100);
    const started = performance.now();
    let requests = 0;
    let staleAnswers = 0;
    const cancelled = { sent: 0, answeredCancelled: 0, answeredAnyway: 0 };

    const workspace = path.join(repoRoot, 'examples');
    const uri = pathToFileURL(path.join(workspace, '__soak__.billing')).href;
    const original = readFileSync(path.join(workspace, 'acme.billing'), 'utf8');
    // The client's copy, updated as the server's is (same library): positions mean the same on both sides.
    let document = TextDocument.create(uri, 'billing', 1, original);

    const waitFor = async <T>(what: string, test: () => T | undefined, timeoutMs = 60_000): Promise<T> => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const value = test();
            if (value !== undefined) return value;
            if (exited !== undefined) throw new Error(`the server exited (code ${exited}) while waiting for ${what}; stderr: ${stderr.slice(-2000)}`);
            if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
            await new Promise(resolve => setTimeout(resolve, 20));
        }
    };

    const lensTitles = async (): Promise<string[]> => {
        const lenses: CodeLens[] = await connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }) ?? [];
        return lenses.map(lens => lens.command?.title ?? '').sort();
    };

    try {
        const params: InitializeParams = {
            processId: process.pid,
            rootUri: pathToFileURL(workspace).href,
            workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'examples' }],
            initializationOptions: { dataPaths: [path.join(workspace, 'data', 'sample-cur.csv')], period: null },
            capabilities: {
                window: { workDoneProgress: true },
                workspace: { codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true }, configuration: true },
                textDocument: { hover: { contentFormat: ['markdown'] }, completion: {}, codeLens: {}, inlayHint: {}, publishDiagnostics: {} },
            },
        };
        await connection.sendRequest(InitializeRequest.type, params);
        await connection.sendNotification(InitializedNotification.type, {});
        await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'billing', version: document.version, text: original } });
        await waitFor('the sample data', () => statuses.find(status => status.state === 'ready' || status.state === 'error'));
        const ready = statuses.find(status => status.state === 'ready');
        if (!ready) throw new Error(`the sample did not load: ${JSON.stringify(statuses.at(-1))}`);
        let baseline = await lensTitles();
        for (let attempt = 0; attempt < 50 && !baseline.some(title => title.startsWith('Pro forma')); attempt++) {
            await new Promise(resolve => setTimeout(resolve, 100));
            baseline = await lensTitles();
        }
        if (!baseline.some(title => title.startsWith('Pro forma'))) fail(`no figures in the lenses of the original text: ${JSON.stringify(baseline)}`);
        const rssAfterLoad = rssMb(child.pid!);

        const inFlight = new Set<Promise<void>>();
        const request = (method: string, params: unknown, cancelAtOnce: boolean): void => {
            requests++;
            const source = new CancellationTokenSource();
            const sent = connection.sendRequest(method, params, source.token).then(
                () => { if (cancelAtOnce) cancelled.answeredAnyway++; },
                (error: unknown) => {
                    const code = error instanceof ResponseError ? error.code : undefined;
                    if (code !== undefined && CANCELLATION_CODES.has(code)) {
                        if (cancelAtOnce) cancelled.answeredCancelled++;
                        else staleAnswers++;
                        return;
                    }
                    fail(`${method} failed: ${error instanceof Error ? error.message : String(error)}`);
                },
            ).finally(() => { source.dispose(); inFlight.delete(sent); });
            inFlight.add(sent);
            if (cancelAtOnce) {
                cancelled.sent++;
                source.cancel();
            }
        };
        const position = (): Position => document.positionAt(int(document.getText().length + 1));
        const send = (changes: Array<{ range?: { start: Position; end: Position }; text: string }>): void => {
            document = TextDocument.update(document, changes as Parameters<typeof TextDocument.update>[1], document.version + 1);
            void connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: document.version }, contentChanges: changes });
        };
        const change = (start: number, end: number, insert: string): void => {
            send([{ range: { start: document.positionAt(start), end: document.positionAt(end) }, text: insert }]);
        };
        const replaceAll = (next: string): void => send([{ text: next }]);

        for (let edit = 1; edit <= options.edits; edit++) {
            const text = document.getText();
            const kind = rand();
            if (text.length > 20_000 || kind < 0.04) replaceAll(original); // undo everything: valid again, priced again
            else if (kind < 0.45) { // typing: one character, often inside a number or a name
                const at = int(text.length + 1);
                change(at, at, 'abcdefghijklmnopqrstuvwxyz0123456789 .%{}",-'.charAt(int(45)));
            } else if (kind < 0.7) { // backspace or a deleted selection
                const at = int(text.length + 1);
                change(Math.max(0, at - 1 - (rand() < 0.2 ? int(40) : 0)), at, '');
            } else if (kind < 0.85) { // a pasted snippet
                const at = int(text.length + 1);
                change(at, at, SNIPPETS[int(SNIPPETS.length)]!);
            } else { // a changed figure: the edit the pricing reacts to
                const numbers = [...text.matchAll(/\d+(\.\d+)?%?/g)];
                const target = numbers[int(Math.max(1, numbers.length))];
                if (target?.index !== undefined) change(target.index, target.index + target[0].length, `${int(200)}${target[0].endsWith('%') ? '%' : ''}`);
            }
            // What an editor asks after a keystroke; a share is cancelled at once (the user typed on).
            const cancel = (): boolean => rand() < 0.25;
            if (rand() < 0.5) request(CodeLensRequest.method, { textDocument: { uri } }, cancel());
            if (rand() < 0.4) request(InlayHintRequest.method, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) } }, cancel());
            if (rand() < 0.3) request(HoverRequest.method, { textDocument: { uri }, position: position() }, cancel());
            if (rand() < 0.3) request(CompletionRequest.method, { textDocument: { uri }, position: position() }, cancel());
            if (inFlight.size > 40 || edit % 25 === 0) await Promise.all([...inFlight]);
            if (exited !== undefined) { fail(`the server exited with code ${exited} after ${edit} edits`); break; }
            if (peakRss > options.rssLimitMb) { fail(`server RSS ${peakRss} MB exceeds the ${options.rssLimitMb} MB bound after ${edit} edits`); break; }
            if (options.progressEvery && edit % options.progressEvery === 0) {
                process.stderr.write(`soak: ${edit} edits, ${Math.round((performance.now() - started) / 1000)} s, RSS ${rssMb(child.pid!)} MB (peak ${peakRss} MB)\n`);
            }
        }
        await Promise.all([...inFlight]);

        // Stale requests on a document whose build takes a while: cancelled requests must end as cancelled.
        const staleProbe = { sent: 0, answeredCancelled: 0, slowestMs: 0 };
        const large = original + Array.from({ length: 1500 }, (_x, i) => `\ngroup soak-${i} { primary 111111111111 accounts 111111111111 plan standard fee f${i} flat ${i} }`).join('');
        for (let probe = 0; probe < 5; probe++) {
            replaceAll(probe % 2 === 0 ? large : `${large}\n// ${probe}`);
            const source = new CancellationTokenSource();
            const asked = performance.now();
            const answer = connection.sendRequest(CodeLensRequest.method, { textDocument: { uri } }, source.token).then(() => 'answered', (error: unknown) =>
                (error instanceof ResponseError && CANCELLATION_CODES.has(error.code) ? 'cancelled' : `failed: ${String(error)}`));
            staleProbe.sent++;
            source.cancel();
            const outcome = await answer;
            staleProbe.slowestMs = Math.max(staleProbe.slowestMs, Math.round(performance.now() - asked));
            if (outcome === 'cancelled') staleProbe.answeredCancelled++;
            else if (outcome !== 'answered') fail(`stale codeLens ${outcome}`);
        }
        if (staleProbe.answeredCancelled < staleProbe.sent) fail(`only ${staleProbe.answeredCancelled} of ${staleProbe.sent} cancelled stale requests were answered as cancelled`);

        // Back to the original text: the original figures, so no state was corrupted along the way.
        replaceAll(original);
        let final = await lensTitles();
        for (let attempt = 0; attempt < 50 && JSON.stringify(final) !== JSON.stringify(baseline); attempt++) {
            await new Promise(resolve => setTimeout(resolve, 100));
            final = await lensTitles();
        }
        if (JSON.stringify(final) !== JSON.stringify(baseline)) fail(`the original text gives other lenses after the soak: ${JSON.stringify(final)} vs ${JSON.stringify(baseline)}`);
        const finalRss = rssMb(child.pid!);
        peakRss = Math.max(peakRss, finalRss);
        if (peakRss > options.rssLimitMb) fail(`server RSS peaked at ${peakRss} MB, above the ${options.rssLimitMb} MB bound`);

        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
        await waitFor('the server to exit', () => exited === undefined ? undefined : exited, 10_000).catch(() => fail('the server did not exit after shutdown'));
        if (exited !== 0 && exited !== undefined) fail(`the server exited with code ${exited} after shutdown`);
        return {
            edits: options.edits, durationMs: Math.round(performance.now() - started), requests, cancelled, staleAnswers, staleProbe,
            peakRssMb: peakRss, rssAfterLoadMb: rssAfterLoad, finalRssMb: finalRss, failures,
        };
    } finally {
        clearInterval(sampler);
        connection.dispose();
        if (child.exitCode === null) child.kill();
    }
}
