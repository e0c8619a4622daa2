import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
    CodeLensRequest, CompletionRequest, DidOpenTextDocumentNotification, HoverRequest, InlayHintRequest, type CodeLens,
} from 'vscode-languageserver-protocol';
import { BillRequest, type BillResult } from '../../server/protocol.js';
import { LspTestClient } from '../server/lsp-client.js';

/**
 * The CLI and the language server work offline: run with a preload that records and blocks every network API
 * (net, tls, http, https, http2, dgram, dns, fetch, WebSocket) and every child process, they do their work and
 * attempt none. And no source of the product evaluates code: no eval, Function constructor or vm module.
 */

const root = path.resolve('.');
const preload = path.join(root, 'test/reliability/no-network-preload.cjs');
const scratch = mkdtempSync(path.join(tmpdir(), 'billing-offline-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let counter = 0;
function guarded(): { env: NodeJS.ProcessEnv; attempts: () => string[] } {
    const log = path.join(scratch, `network-${++counter}.log`);
    return {
        env: { ...process.env, NODE_OPTIONS: `--require ${preload}`, BILLING_NETWORK_LOG: log },
        attempts: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []),
    };
}

describe('no network', () => {
    it('the preload catches a network request (the guard itself works)', () => {
        const { env, attempts } = guarded();
        const result = spawnSync(process.execPath, ['-e', "require('node:https').get('https://example.com/'); fetch('https://example.com/').catch(() => {}); require('node:dns').lookup('example.com', () => {})"], { env, encoding: 'utf8' });
        expect(result.status).not.toBe(0);
        expect(attempts().map(line => (JSON.parse(line) as { api: string }).api)).toContain('https.get');
    });

    it('the CLI bills, exports and validates the sample without attempting any network access or child process', () => {
        const { env, attempts } = guarded();
        const run = (args: string[]): void => {
            const result = spawnSync(process.execPath, [path.join(root, 'bin/billing.cjs'), ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
            expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
        };
        run(['bill', 'examples/acme.billing', '--format', 'json', '--output', path.join(scratch, 'bill.json')]);
        run(['export', 'examples/acme.billing', '--group', 'web', '--out', path.join(scratch, 'web.csv')]);
        run(['validate', 'examples']);
        expect(statSync(path.join(scratch, 'bill.json')).size).toBeGreaterThan(0);
        expect(attempts()).toEqual([]);
    });

    it('the language server loads data and answers lenses, hints, hover, completion and a bill without attempting any', async () => {
        const { env, attempts } = guarded();
        const client = new LspTestClient(path.join(root, 'out/server.cjs'), env);
        try {
            const workspace = path.join(root, 'examples');
            await client.initialize(workspace, { dataPaths: [path.join(workspace, 'data/sample-cur.csv')], period: null });
            const uri = pathToFileURL(path.join(workspace, 'acme.billing')).href;
            const text = readFileSync(path.join(workspace, 'acme.billing'), 'utf8');
            await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'billing', version: 1, text } });
            await client.until('data ready', () => client.statuses.find(status => status.state === 'ready'));
            const titles = async (): Promise<string[]> => ((await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [] as CodeLens[]).map(lens => lens.command?.title ?? '');
            let shown = await titles();
            for (let i = 0; i < 50 && !shown.some(title => title.startsWith('Pro forma')); i++) {
                await new Promise(resolve => setTimeout(resolve, 100));
                shown = await titles();
            }
            expect(shown.some(title => title.startsWith('Pro forma'))).toBe(true);
            await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } } });
            await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 18, character: 8 } });
            await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 9, character: 40 } });
            const bill: BillResult = await client.connection.sendRequest(BillRequest, { uri });
            expect(bill.report?.groups.length).toBeGreaterThan(0);
            expect(await client.shutdown()).toBe(0);
        } finally {
            client.kill();
        }
        expect(client.stderr).not.toMatch(/network access blocked/);
        expect(attempts()).toEqual([]);
    }, 60_000);
});

describe('no code from policies or data is evaluated', () => {
    const sources = (dir: string): string[] => readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter(file => file.endsWith('.ts') && !file.startsWith('generated'))
        .map(file => path.join(dir, file));
    const files = ['engine', 'language', 'cli', 'server'].flatMap(sources);

    it.each([
        ['eval', /\beval\s*\(/],
        ['the Function constructor', /\bnew\s+Function\s*\(|\bFunction\s*\(\s*['"`]/],
        ['the vm module', /(?:from|require\()\s*['"](?:node:)?vm['"]/],
        ['a dynamic import', /\bimport\s*\(/],
        ['a string given to setTimeout or setInterval', /\bset(?:Timeout|Interval|Immediate)\s*\(\s*['"`]/],
    ])('engine/, language/, cli/ and server/ use no %s', (_what, pattern) => {
        expect(files.length).toBeGreaterThan(100);
        const hits = files.filter(file => pattern.test(readFileSync(path.join(root, file), 'utf8')));
        expect(hits).toEqual([]);
    });
});
