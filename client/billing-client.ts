import * as path from 'node:path';
import * as vscode from 'vscode';
import {
    CodeLensRequest,
    InlayHintRequest,
    LanguageClient,
    State,
    TransportKind,
    type LanguageClientOptions,
    type ServerOptions,
} from 'vscode-languageclient/node.js';
import {
    BillRequest,
    TrendRequest,
    CancelLoadNotification,
    DataFilesChangedNotification,
    DataStatusNotification,
    ExplainFigureCommand,
    OpenDocsCommand,
    ExplainRequest,
    ExportRequest,
    GroupsRequest,
    ReportChangedNotification,
    ServerHealthNotification,
    SetDataRequest,
    SetPeriodRequest,
    type BillParams,
    type BillResult,
    type TrendParams,
    type TrendResult,
    type DataStatus,
    type ExplainParams,
    type ExplainResult,
    type ExportParams,
    type ExportResult,
    type GroupsParams,
    type GroupsResult,
    type ReportChangedParams,
    type ServerHealth,
} from '../server/protocol.js';
import { applyDataDiagnostics, normalizeDataDiagnostics } from './data-diagnostics.js';
import { SERVER_NODE_OPTIONS } from '../server/start-options.js';
import { showsHint, type ServerInitializationOptions } from './settings.js';

export const LANGUAGE_ID = 'billing';

/** Which editor features the user turned off (applied client-side, so they work whatever the server offers). */
export interface FeatureToggles {
    readonly codeLens: boolean;
    readonly inlayHints: boolean;
    /** `billing.inlayHints.rules`: a rule's per-group hint `always`, `never`, or only where CodeLens is off (default). */
    readonly ruleHints: 'always' | 'whenCodeLensOff' | 'never';
}

/** The server tags the hints that repeat a CodeLens: `rule` (a rule's effect per group) and `group` (a group's figures). */
function hintKind(hint: unknown): unknown {
    const data = (hint as { data?: unknown }).data;
    return typeof data === 'object' && data !== null ? (data as { kind?: unknown }).kind : undefined;
}

/**
 * The language client plus the custom billing protocol (server/protocol.ts). Survives server restarts: listeners
 * subscribe here once, and every new LanguageClient is wired to the same events.
 */
export class BillingClient implements vscode.Disposable {
    private client: LanguageClient | undefined;
    private clientSubscriptions: vscode.Disposable[] = [];
    private currentStatus: DataStatus | undefined;
    private readonly statusEmitter = new vscode.EventEmitter<DataStatus>();
    private readonly reportChangedEmitter = new vscode.EventEmitter<readonly string[]>();
    private readonly startedEmitter = new vscode.EventEmitter<void>();
    /** Fires with every DataStatus the server sends. */
    readonly onDidChangeStatus = this.statusEmitter.event;
    /** Fires with the policy URIs whose report changed (edit, data reload). */
    readonly onDidChangeReport = this.reportChangedEmitter.event;
    private readonly failureEmitter = new vscode.EventEmitter<string | undefined>();
    /** Fires each time a (re)started server is ready. */
    readonly onDidStart = this.startedEmitter.event;
    /**
     * Fires with a message when the server stopped on its own (crashed beyond the client's restarts) or reported that it
     * cannot serve (its workspace failed to load); with undefined when it runs again.
     */
    readonly onDidChangeFailure = this.failureEmitter.event;
    readonly outputChannel: vscode.OutputChannel;

    constructor(
        private readonly context: vscode.ExtensionContext,
        private readonly options: () => ServerInitializationOptions,
        private readonly toggles: () => FeatureToggles,
    ) {
        this.outputChannel = vscode.window.createOutputChannel('Billing Language Server');
    }

    /** The diagnostics as the server sent them, per document: re-shown when `billing.diagnostics.data` changes. */
    private readonly rawDiagnostics = new Map<string, { readonly uri: vscode.Uri; readonly diagnostics: readonly vscode.Diagnostic[] }>();

    private shownDiagnostics(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
        const mode = normalizeDataDiagnostics(vscode.workspace.getConfiguration('billing').get('diagnostics.data'));
        return applyDataDiagnostics(diagnostics, mode, (diagnostic, severity) => {
            const copy = new vscode.Diagnostic(diagnostic.range, diagnostic.message, severity as vscode.DiagnosticSeverity);
            copy.code = diagnostic.code;
            copy.source = diagnostic.source;
            copy.relatedInformation = diagnostic.relatedInformation;
            copy.tags = diagnostic.tags;
            return copy;
        });
    }

    /** Shows the diagnostics again under the current `billing.diagnostics.data` (after it changed). */
    reapplyDataDiagnostics(): void {
        const collection = this.client?.diagnostics;
        if (!collection) return;
        for (const { uri, diagnostics } of this.rawDiagnostics.values()) collection.set(uri, this.shownDiagnostics(diagnostics));
    }

    get status(): DataStatus | undefined {
        return this.currentStatus;
    }

    get isRunning(): boolean {
        return this.client?.state === State.Running;
    }

    async start(): Promise<void> {
        const serverModule = this.context.asAbsolutePath(path.join('out', 'server.cjs'));
        const serverOptions: ServerOptions = {
            run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS] } },
            debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS, '--nolazy', '--inspect=6009'] } },
        };
        const clientOptions: LanguageClientOptions = {
            documentSelector: [
                { scheme: 'file', language: LANGUAGE_ID },
                { scheme: 'untitled', language: LANGUAGE_ID },
            ],
            initializationOptions: this.options(),
            outputChannel: this.outputChannel,
            // Hovers carry two links of ours ("Explain this figure", a keyword's docs section); every other command link stays inert.
            markdown: { isTrusted: { enabledCommands: [ExplainFigureCommand, OpenDocsCommand] }, supportHtml: false },
            synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.billing') },
            middleware: {
                // `billing.diagnostics.data`: the data-aware findings as reported, off, or at one severity.
                handleDiagnostics: (uri, diagnostics, next) => {
                    this.rawDiagnostics.set(uri.toString(), { uri, diagnostics });
                    next(uri, this.shownDiagnostics(diagnostics));
                },
                provideCodeLenses: (document, token, next) => (this.toggles().codeLens ? next(document, token) : []),
                provideInlayHints: async (document, range, token, next) => {
                    const toggles = this.toggles();
                    if (!toggles.inlayHints) return [];
                    const hints = await next(document, range, token);
                    return hints?.filter((hint) => showsHint(hintKind(hint), toggles));
                },
            },
        };
        const client = new LanguageClient('billing', 'Billing Language Server', serverOptions, clientOptions);
        this.client = client;
        this.clientSubscriptions = [
            client.onNotification(DataStatusNotification, (status: DataStatus) => {
                this.currentStatus = status;
                this.statusEmitter.fire(status);
            }),
            client.onNotification(ReportChangedNotification, (params: ReportChangedParams) => this.reportChangedEmitter.fire(params.uris)),
            client.onNotification(ServerHealthNotification, (health: ServerHealth) => {
                if (health.state === 'failed') this.failureEmitter.fire(health.message ?? 'The billing language server failed.');
            }),
            // Our own stop() forgets the client first: a Stopped state of the current client is the server giving up.
            client.onDidChangeState((event) => {
                if (this.client !== client) return;
                if (event.newState === State.Stopped) this.failureEmitter.fire('The billing language server stopped (see the Billing Language Server output).');
                else if (event.newState === State.Running) this.failureEmitter.fire(undefined);
            }),
        ];
        try {
            await client.start();
        } catch (error) {
            this.failureEmitter.fire(`The billing language server could not start: ${error instanceof Error ? error.message : String(error)}`);
            throw error;
        }
        this.failureEmitter.fire(undefined);
        this.startedEmitter.fire();
    }

    async stop(): Promise<void> {
        const client = this.client;
        this.client = undefined;
        this.clientSubscriptions.forEach((d) => d.dispose());
        this.clientSubscriptions = [];
        if (client && client.state !== State.Stopped) await client.stop(5000);
    }

    async restart(): Promise<void> {
        await this.stop();
        this.rawDiagnostics.clear();
        this.currentStatus = undefined;
        await this.start();
    }

    private running(): LanguageClient {
        if (!this.client || this.client.state !== State.Running) throw new Error('The billing language server is not running (Billing: Restart Language Server).');
        return this.client;
    }

    bill(params: BillParams, token?: vscode.CancellationToken): Promise<BillResult> {
        // Without a token, `sendRequest(method, params, undefined)` would send the parameters `[params, null]`.
        return token ? this.running().sendRequest<BillResult>(BillRequest, params, token) : this.running().sendRequest<BillResult>(BillRequest, params);
    }

    /** Every period's groups for the preview's trend (asked after the bill of the period shown). */
    trend(params: TrendParams): Promise<TrendResult> {
        return this.running().sendRequest<TrendResult>(TrendRequest, params);
    }

    /** The policy's groups with their figures (the Billing view). */
    groups(params: GroupsParams): Promise<GroupsResult> {
        return this.running().sendRequest<GroupsResult>(GroupsRequest, params);
    }

    explain(params: ExplainParams): Promise<ExplainResult> {
        return this.running().sendRequest<ExplainResult>(ExplainRequest, params);
    }

    setData(paths: readonly string[] | null): Promise<unknown> {
        return this.running().sendRequest(SetDataRequest, { paths });
    }

    setPeriod(period: string | null): Promise<unknown> {
        return this.running().sendRequest(SetPeriodRequest, { period });
    }

    /** Data files changed on disk (the extension's data watcher, debounced). */
    dataFilesChanged(paths: readonly string[]): Promise<void> {
        if (!this.isRunning) return Promise.resolve();
        return this.running().sendNotification(DataFilesChangedNotification, { paths });
    }

    cancelLoad(): Promise<void> {
        return this.running().sendNotification(CancelLoadNotification, {});
    }

    exportGroup(params: ExportParams, token?: vscode.CancellationToken): Promise<ExportResult> {
        return token ? this.running().sendRequest<ExportResult>(ExportRequest, params, token) : this.running().sendRequest<ExportResult>(ExportRequest, params);
    }

    /** Asks VS Code to re-query CodeLenses and inlay hints of open billing documents (after a toggle). */
    refreshEditorFeatures(): void {
        const client = this.client;
        if (!client || client.state !== State.Running) return;
        for (const document of vscode.workspace.textDocuments) {
            if (document.languageId !== LANGUAGE_ID) continue;
            client.getFeature(CodeLensRequest.method).getProvider(document)?.onDidChangeCodeLensEmitter.fire();
            client.getFeature(InlayHintRequest.method).getProvider(document)?.onDidChangeInlayHints.fire();
        }
    }

    dispose(): void {
        // The client may still log while it stops: close the output channel after it.
        void this.stop().catch(() => undefined).finally(() => {
            this.statusEmitter.dispose();
            this.reportChangedEmitter.dispose();
            this.startedEmitter.dispose();
            this.failureEmitter.dispose();
            this.outputChannel.dispose();
        });
    }
}
