import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    CodeLensRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, type CodeLens,
} from 'vscode-languageserver-protocol';
import { BillRequest, CancelLoadNotification, type BillResult, type DataStatus } from '../../server/protocol.js';
import { repoRoot } from '../cli/cli-harness.js';
import { LspTestClient } from '../server/lsp-client.js';
import { TINY_CUR } from '../server/server-kit.js';

/*
 * Issue 18 item 9, in the language server over stdio (the built bundle, as VS Code starts it): `data` paths that name
 * FIFOs nobody writes and /dev/zero, directly or through folders and globs, each end in an error status that names the
 * path at its `data` statement — never a load that hangs. libuv's thread pool has four threads: four opens blocked on
 * FIFOs would leave no thread for any file system call, so a later load of a real CSV is the proof that none blocked.
 * And `billing/cancelLoad` stops a slow load.
 */

const SAMPLE = path.join(repoRoot, 'examples', 'data', 'sample-cur.csv');
const ACME_BODY = readFileSync(path.join(repoRoot, 'examples', 'acme.billing'), 'utf8').replace(/^data .*$/gm, '');

let workspace: string;
let client: LspTestClient;
let version = 1;
const isSettled = (status: DataStatus): boolean => status.state !== 'loading';
const uri = (): string => pathToFileURL(path.join(workspace, 'policy.billing')).href;

/** Replaces the policy's text (as typing does) and waits for the status of the data it names (`source`, as labelled). */
async function edit(text: string, source: string, settled: (status: DataStatus) => boolean = isSettled): Promise<DataStatus> {
    const seen = client.statuses.length;
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: uri(), version: ++version }, contentChanges: [{ text }],
    });
    return client.until(`a settled status after version ${version}`, () => client.statuses.slice(seen).find(status => status.source === source && settled(status)), 20_000);
}

beforeAll(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'billing-lsp-special-'));
    for (const name of ['p1.csv', 'p2.csv', 'p3.csv', 'p4.csv']) execFileSync('mkfifo', [path.join(workspace, name)]);
    // Folders of FIFOs: two of one size each (the duplicate-copy check would read both), and ones named as Parquet and gzip.
    const folders: Record<string, string[]> = { f1: ['a.csv', 'b.csv'], f2: ['a.parquet', 'b.parquet'], f3: ['a.csv.gz', 'b.csv.gz'], f4: ['a.csv', 'b.parquet'] };
    for (const [folder, names] of Object.entries(folders)) {
        mkdirSync(path.join(workspace, folder));
        for (const name of names) execFileSync('mkfifo', [path.join(workspace, folder, name)]);
    }
    const [header, ...rows] = readFileSync(TINY_CUR, 'utf8').trimEnd().split('\n');
    const block = `${rows.join('\n')}\n`;
    writeFileSync(path.join(workspace, 'big.csv'), `${header}\n${block.repeat(Math.ceil((80 << 20) / block.length))}`);
    client = new LspTestClient();
    await client.initialize(workspace, { dataPaths: null });
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: uri(), languageId: 'billing', version, text: ACME_BODY },
    });
});

afterAll(() => {
    client?.kill();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('special files as policy data, in the language server', () => {
    it('four FIFOs and /dev/zero named by one data statement: an error naming each at its position', async () => {
        const status = await edit(`data "p1.csv", "p2.csv", "p3.csv", "p4.csv", "/dev/zero"\n${ACME_BODY}`, 'p1.csv, p2.csv, p3.csv, p4.csv, /dev/zero');
        expect(status.state).toBe('error');
        // Column of each string on line 1: data "p1.csv", "p2.csv", "p3.csv", "p4.csv", "/dev/zero"
        for (const [column, written] of [[6, 'p1.csv'], [16, 'p2.csv'], [26, 'p3.csv'], [36, 'p4.csv']] as const) {
            expect(status.message).toContain(`policy.billing:1:${column}: data path "${written}" resolves to ${path.join(workspace, written)}: a named pipe (FIFO): only regular files`);
        }
        expect(status.message).toContain('policy.billing:1:46: data path "/dev/zero" resolves to /dev/zero: a character device: only regular files');
    });

    it.each([['f1'], ['f2'], ['f3'], ['f4'], ['f1/*.csv'], ['f2/*.parquet'], ['f3/**/*.gz']])('a folder or glob of FIFOs (%s): an error naming the FIFO, no hang', async (given) => {
        const status = await edit(`data "${given}"\n${ACME_BODY}`, given);
        expect(status.state, status.message).toBe('error');
        expect(status.message).toMatch(/policy\.billing:1:6: data path ".*" resolves to .*: .*a named pipe \(FIFO\): only regular files/);
    });

    it('stays responsive, and then loads a real CSV and prices its bill', async () => {
        const lenses: CodeLens[] = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uri() } }) ?? [];
        expect(lenses.length).toBeGreaterThan(0);
        const status = await edit(`data "${SAMPLE}"\n${ACME_BODY}`, SAMPLE);
        expect(status, status.message).toMatchObject({ state: 'ready', rows: 1800 });
        const result: BillResult = await client.connection.sendRequest(BillRequest, { uri: uri(), period: '2026-01' });
        expect(result.reason).toBeUndefined();
        // The AWS cost of the period is what the CUR billed (Σ unblended cost), summed by DuckDB, not by the engine.
        const connection = await (await DuckDBInstance.create(':memory:')).connect();
        const reader = await connection.runAndReadAll(`SELECT sum(CAST(NULLIF("lineItem/UnblendedCost", '') AS DECIMAL(38, 18)))::VARCHAR FROM read_csv('${SAMPLE}', all_varchar = true) WHERE substr("bill/BillingPeriodStartDate", 1, 7) = '2026-01'`);
        connection.closeSync();
        const [[oracle]] = reader.getRowsJson() as string[][];
        expect(Number(result.report!.total.awsCost)).toBeGreaterThan(0);
        expect(result.report!.total.awsCost).toBe(String(oracle).replace(/\.?0+$/, ''));
    });

    it('billing/cancelLoad stops a slow load', async () => {
        const seen = client.statuses.length;
        const loading = edit(`data "big.csv"\n${ACME_BODY}`, 'big.csv');
        await client.until('the big load to start', () => client.statuses.slice(seen).find(status => status.state === 'loading'));
        await client.connection.sendNotification(CancelLoadNotification);
        expect(await loading).toMatchObject({ state: 'cancelled', message: 'loading big.csv was cancelled' });
        expect(client.stderr).toBe('');
    });
});
