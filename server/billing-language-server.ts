import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocumentState, URI, type LangiumDocument } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { CodeLensRefreshRequest, InlayHintRefreshRequest, type Connection, type InitializeParams } from 'vscode-languageserver';
import { policyDocuments } from '../language/index.js';
import { createBillingServerServices } from './billing-server-module.js';
import { BillingWorkspaceManager } from './billing-workspace-manager.js';
import { BillingDocumentBuilder } from '../language/workspace/billing-document-builder.js';
import type { ProgressHost } from './data/data-manager.js';
import { EditorRefresh } from './editor-refresh.js';
import { traceLatencyTo, traceStep } from './latency-trace.js';
import { formatMoney, setMoneyLocale } from './pricing/money-format.js';
import { setDiagnosticMoney } from '../language/validation/index.js';
import { setGitDeltaEnabled } from './lsp/git-delta.js';
import {
    DataFilesChangedNotification, DataStatusNotification, ReportChangedNotification, ServerHealthNotification,
    type DataFilesChangedParams, type ReportChangedParams, type ServerHealth,
} from './protocol.js';
import { registerProtocolHandlers } from './protocol-handlers.js';
import type { BillingServerServices } from './server-services.js';
import { readSettings } from './settings.js';

/** What the client said it supports (InitializeParams), as far as the server's pushes go. */
interface ClientSupport {
    codeLensRefresh: boolean;
    inlayHintRefresh: boolean;
    progress: boolean;
}

/**
 * Starts the `.billing` language server on a connection: Langium's language features plus data
 * loading, pricing, the custom protocol (server/protocol.ts) and the pushes that keep the editor
 * current (data status, report changed, lens and hint refresh, data diagnostics).
 */
export function startBillingLanguageServer(connection: Connection): BillingServerServices {
    const { shared, Billing } = createBillingServerServices({ connection, ...NodeFileSystem });
    const { Data, Pricing, Log } = Billing.server;
    const support: ClientSupport = { codeLensRefresh: false, inlayHintRefresh: false, progress: false };
    let workspaceRoot: string | undefined;
    const refresh = new EditorRefresh(shared, Log);
    // The open documents' data is never dropped to make room for other data (it would reload on every lens request).
    Data.openDocuments = () => refresh.openDocuments();
    traceLatencyTo(message => Log.info(message));

    shared.lsp.LanguageServer.onInitialize((params: InitializeParams) => {
        workspaceRoot = firstWorkspaceFolder(params);
        const settings = readSettings(params.initializationOptions);
        setMoneyLocale(settings.numberLocale);
        setDiagnosticMoney((exact, currency) => formatMoney(exact, currency));
        setGitDeltaEnabled(settings.gitDelta === true);
        Data.configure(settings, workspaceRoot);
        support.codeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
        support.inlayHintRefresh = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
        support.progress = params.capabilities.window?.workDoneProgress === true;
    });

    const progressHost: ProgressHost = {
        begin: async (title, message, onCancel) => {
            const reporter = await connection.window.createWorkDoneProgress();
            reporter.begin(title, 0, message, true);
            reporter.token.onCancellationRequested(onCancel);
            return {
                report: (fraction, text) => reporter.report(Math.max(0, Math.min(100, Math.round(fraction * 100))), text ?? ''),
                done: () => reporter.done(),
            };
        },
    };
    shared.lsp.LanguageServer.onInitialized(() => {
        if (support.progress) Data.progressHost = progressHost;
        send(DataStatusNotification, Data.status());
    });

    // Notifications to a client that went away fail: nothing to do about it, and no unhandled rejection.
    const send = (method: string, params: unknown): void => {
        connection.sendNotification(method, params).catch(() => undefined);
    };
    Data.onDidChangeStatus(status => send(DataStatusNotification, status));

    // A workspace that could not be loaded leaves every editor feature empty: say so instead of looking healthy.
    // A .billing file whose real path is outside the workspace (a symlink to a credentials file): named once, never read.
    const builder = shared.workspace.DocumentBuilder;
    if (builder instanceof BillingDocumentBuilder) {
        builder.onRefused = (uri, escape) => Log.error(`not loading ${uri.fsPath}: it resolves to ${escape.real}, outside the ${escape.scope} (BIL123)`);
    }
    const workspaceManager = shared.workspace.WorkspaceManager;
    if (workspaceManager instanceof BillingWorkspaceManager) {
        workspaceManager.onFailure = message => {
            Log.error(`the workspace could not be loaded: ${message}`);
            const health: ServerHealth = { state: 'failed', message: `the workspace could not be loaded: ${message}` };
            send(ServerHealthNotification, health);
        };
    }

    const notifyReportChanged = (documents: readonly LangiumDocument[]): void => {
        if (documents.length === 0) return;
        const params: ReportChangedParams = { uris: documents.map(doc => doc.uri.toString()) };
        send(ReportChangedNotification, params);
    };
    const refreshViews = (): void => {
        if (support.codeLensRefresh) connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
        if (support.inlayHintRefresh) connection.sendRequest(InlayHintRefreshRequest.type).catch(() => undefined);
    };

    // Data loaded, failed, or another period: every figure on screen may have changed.
    Data.onDidChange(() => {
        const open = refresh.openDocuments();
        for (const document of open) Data.entryFor(document, false);
        refreshViews();
        refresh.scheduleRevalidation();
        notifyReportChanged(open);
    });

    // An edit was built: start loading its data if needed, run its data checks once typing settles,
    // re-price and tell the preview. Documents importing a changed file are affected too.
    shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, built => {
        if (refresh.inOwnBuild) return;
        const builtUris = new Set(built.map(doc => doc.uri.toString()));
        const open = refresh.openDocuments();
        const affected = open.filter(doc => builtUris.has(doc.uri.toString())
            || policyDocuments(doc, { shared }).some(member => builtUris.has(member.uri.toString())));
        if (affected.length === 0) return;
        for (const document of affected) Data.entryFor(document);
        refresh.scheduleDataChecks(affected.map(doc => doc.uri));
        for (const document of affected) {
            traceStep(document.uri.toString(), 'built');
            Log.guard('pricing', undefined, () => void Pricing.pricingFor(document, 'shown', false)).catch(() => undefined);
            traceStep(document.uri.toString(), 'priced');
        }
        notifyReportChanged(affected);
    });

    // Data files changed on disk (the client watches the workspace): reload what depends on them.
    shared.lsp.DocumentUpdateHandler.onWatchedFilesChange(params => {
        const files = params.changes.map(change => URI.parse(change.uri))
            .filter(uri => uri.scheme === 'file' && !uri.path.endsWith('.billing'))
            .map(uri => uri.fsPath);
        if (files.length > 0) Data.filesChanged(files);
    });

    // The extension watches the data paths in use (DataStatus.watch) and says which files changed.
    connection.onNotification(DataFilesChangedNotification, (params: DataFilesChangedParams) => {
        const files = (params?.paths ?? []).filter((file): file is string => typeof file === 'string' && path.isAbsolute(file));
        if (files.length > 0) Data.filesChanged(files.map(file => path.normalize(file)));
    });

    registerProtocolHandlers(connection, Billing, () => workspaceRoot);
    startLanguageServer(shared, {
        // Figures need the document's errors: wait for validation (Langium's default is linking).
        CodeLensProvider: DocumentState.Validated,
        InlayHintProvider: DocumentState.Validated,
        HoverProvider: DocumentState.Validated,
    });
    return Billing;
}

function firstWorkspaceFolder(params: InitializeParams): string | undefined {
    const uri = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    if (uri) {
        try {
            return fileURLToPath(uri);
        } catch {
            return undefined;
        }
    }
    return params.rootPath ?? undefined;
}
