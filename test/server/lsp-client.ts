import { SERVER_NODE_OPTIONS } from '../../server/start-options.js';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';
import {
    ExitNotification, InitializedNotification, InitializeRequest, ShutdownRequest, type InitializeParams, type InitializeResult,
    type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import type { DataStatus } from '../../server/protocol.js';
import { DataStatusNotification, ReportChangedNotification, type ReportChangedParams } from '../../server/protocol.js';

/**
 * A minimal LSP client for protocol tests: spawns the BUILT server bundle over stdio, as VS Code does,
 * answers the server's own requests (progress, configuration, registrations, refreshes) and records
 * what the server pushes.
 */
export class LspTestClient {
    readonly connection: MessageConnection;
    readonly statuses: DataStatus[] = [];
    readonly reportChanges: ReportChangedParams[] = [];
    readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
    /** Every publishDiagnostics, in order. */
    readonly diagnosticHistory: PublishDiagnosticsParams[] = [];
    readonly serverRequests: string[] = [];
    readonly progress: unknown[] = [];
    readonly logs: string[] = [];
    stderr = '';
    private readonly child: ChildProcessWithoutNullStreams;
    private readonly waiters: Array<() => void> = [];

    constructor(bundle = path.resolve('out/server.cjs'), env: NodeJS.ProcessEnv = {}) {
        // Started as VS Code starts it (client/billing-client.ts), with the same Node options.
        this.child = spawn(process.execPath, [...SERVER_NODE_OPTIONS, bundle, '--stdio'], { stdio: 'pipe', env: { ...process.env, ...env } });
        this.child.stderr.on('data', (chunk: Buffer) => { this.stderr += chunk.toString(); });
        this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
        const record = <T>(list: T[]) => (value: T): void => { list.push(value); this.wake(); };
        this.connection.onNotification(DataStatusNotification, record(this.statuses));
        this.connection.onNotification(ReportChangedNotification, record(this.reportChanges));
        this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
            this.diagnostics.set(params.uri, params);
            this.diagnosticHistory.push(params);
            this.wake();
        });
        this.connection.onNotification('$/progress', record(this.progress));
        this.connection.onNotification('window/logMessage', (params: { message: string }) => record(this.logs)(params.message));
        this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
        for (const method of ['window/workDoneProgress/create', 'client/registerCapability', 'client/unregisterCapability', 'workspace/codeLens/refresh', 'workspace/inlayHint/refresh', 'workspace/semanticTokens/refresh']) {
            this.connection.onRequest(method, () => { this.serverRequests.push(method); this.wake(); return null; });
        }
        this.connection.listen();
    }

    async initialize(workspace: string, initializationOptions: unknown): Promise<InitializeResult> {
        const params: InitializeParams = {
            processId: process.pid,
            rootUri: pathToFileURL(workspace).href,
            workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: path.basename(workspace) }],
            initializationOptions,
            capabilities: {
                window: { workDoneProgress: true },
                workspace: { codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true }, workspaceFolders: true, configuration: true },
                textDocument: {
                    hover: { contentFormat: ['markdown', 'plaintext'] },
                    completion: { completionItem: { snippetSupport: false } },
                    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
                    inlayHint: {},
                    codeLens: {},
                    publishDiagnostics: {},
                },
            },
        };
        const result = await this.connection.sendRequest(InitializeRequest.type, params);
        await this.connection.sendNotification(InitializedNotification.type, {});
        return result;
    }

    /** Resolves when `test` holds, checking after each message from the server. */
    async until<T>(what: string, test: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const value = test();
            if (value) return value;
            if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr: ${this.stderr}; statuses: ${JSON.stringify(this.statuses)}`);
            await new Promise<void>(resolve => {
                const timer = setTimeout(resolve, 200);
                this.waiters.push(() => { clearTimeout(timer); resolve(); });
            });
        }
    }

    async shutdown(): Promise<number | null> {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
        const code = await new Promise<number | null>(resolve => {
            if (this.child.exitCode !== null) resolve(this.child.exitCode);
            else this.child.once('exit', exitCode => resolve(exitCode));
        });
        this.connection.dispose();
        return code;
    }

    kill(): void {
        if (this.child.exitCode === null) this.child.kill();
        this.connection.dispose();
    }

    private wake(): void {
        for (const waiter of this.waiters.splice(0)) waiter();
    }
}
