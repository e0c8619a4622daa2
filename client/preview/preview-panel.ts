import * as crypto from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BillingClient } from '../billing-client.js';
import { normalizeNumberLocale } from '../settings.js';
import { setPreviewLocale } from './money.js';
import { diffView, shownOf, type ShownView } from './preview-patch.js';
import { previewState, previewView, renderGroupDetails, renderPreviewDocument, type PreviewModel, type PreviewState } from './render-preview.js';

export const PREVIEW_VIEW_TYPE = 'billing.preview';

/** Messages the webview script posts. */
type WebviewMessage =
    | { readonly type: 'ready'; readonly document?: string }
    | { readonly type: 'selectPeriod'; readonly period: string }
    | { readonly type: 'details'; readonly groups?: readonly unknown[] }
    | { readonly type: 'command'; readonly command: string; readonly group?: string };

/** Canonical string form of a URI, so the server's URIs and the editor's compare equal. */
export function uriKey(uri: vscode.Uri | string): string {
    return (typeof uri === 'string' ? vscode.Uri.parse(uri) : uri).toString();
}

/** One preview panel: the bill of one policy file, beside its editor. */
class PreviewPanel implements vscode.Disposable {
    private focusGroup: string | undefined;
    /** The document in the webview that said it is ready for posted updates (undefined: none yet). */
    private webviewReady = false;
    private documentId = '';
    private wasVisible = true;
    private sequence = 0;
    private lastModel: PreviewModel | undefined;
    /** What the webview shows (the parts and groups of the last view posted), for incremental updates. */
    private shown: ShownView | undefined;
    private pendingReveal = false;
    /**
     * A document rendered to reveal the focused group whose script has not said "ready" yet: a document that
     * replaces it before then (the trend arriving after the bill, the panel shown again) reveals the group too.
     */
    private revealNotShown = false;
    private readonly subscriptions: vscode.Disposable[] = [];

    constructor(
        readonly panel: vscode.WebviewPanel,
        readonly uri: vscode.Uri,
        private readonly billing: BillingClient,
        private readonly onDispose: () => void,
        private readonly selectPeriod: (period: string) => Promise<void>,
        state?: PreviewState,
    ) {
        this.focusGroup = state?.group;
        this.subscriptions.push(
            panel.onDidDispose(() => this.dispose()),
            panel.webview.onDidReceiveMessage((message: WebviewMessage) => this.onMessage(message)),
            // A hidden webview loses its document; when shown again it reloads the last `html`, which may predate
            // posted updates, so render the latest model in full (only on hidden → visible, not on focus changes).
            panel.onDidChangeViewState((event) => {
                const visible = event.webviewPanel.visible;
                if (!visible) this.webviewReady = false;
                if (visible && !this.wasVisible && this.lastModel) this.setDocument(this.lastModel);
                this.wasVisible = visible;
            }),
        );
        panel.title = `Bill: ${path.posix.basename(uri.path)}`;
    }

    focus(group: string | undefined): void {
        if (group !== undefined) this.focusGroup = group;
        if (group !== undefined && this.webviewReady && this.lastModel?.report?.groups.some((g) => g.name === group)) {
            void this.panel.webview.postMessage({ type: 'reveal', group });
            return;
        }
        this.pendingReveal = group !== undefined;
        void this.update();
    }

    /**
     * Asks the server for the bill of the period shown and shows it, then for the trend across periods and shows that
     * (issue 11: pricing every period made every refresh wait for it). Until the trend comes, the last one stays marked
     * as predating the change. A newer update supersedes an older one still in flight.
     */
    async update(): Promise<void> {
        const sequence = ++this.sequence;
        const status = this.billing.status ?? { state: 'none', periods: [] };
        let model: PreviewModel;
        try {
            // One period everywhere: the preview shows the server's (status bar, billing.period, the picks).
            const result = await this.billing.bill({ uri: this.uri.toString(), period: status.period });
            model = {
                ...this.model(result.report, result.status, result.reason),
                trend: result.report ? this.lastModel?.trend ?? null : null,
                trendPending: !!result.report,
                ...(result.stale ? { stale: result.stale } : {}),
                ...(result.firstError ? { firstError: result.firstError } : {}),
                ...(result.sampleWithoutAccounts ? { sampleWithoutAccounts: result.sampleWithoutAccounts } : {}),
            };
        } catch (error) {
            model = this.model(null, status, error instanceof Error ? error.message : String(error));
        }
        if (sequence !== this.sequence) return;
        this.show(model);
        if (!model.trendPending) return;
        const trend = await this.billing.trend({ uri: this.uri.toString() }).catch(() => undefined);
        if (sequence !== this.sequence) return;
        // No trend (an error, or the policy changed state meanwhile): none shown rather than one of unknown age.
        this.show({ ...model, reveal: false, trend: trend?.trend ?? null, trendPending: false });
    }

    private model(report: PreviewModel['report'], status: PreviewModel['status'], reason?: string): PreviewModel {
        const reveal = this.pendingReveal && !!report;
        if (reveal) this.pendingReveal = false;
        return {
            uri: this.uri.toString(),
            policyLabel: path.posix.basename(this.uri.path),
            status,
            report,
            reason,
            period: status.period,
            focusGroup: this.focusGroup,
            reveal,
        };
    }

    private show(model: PreviewModel): void {
        setPreviewLocale(normalizeNumberLocale(vscode.workspace.getConfiguration('billing').get('numberFormat.locale'), vscode.env.language));
        // A reveal happens once; later full renders (after the panel was hidden) keep the reader's position.
        this.lastModel = { ...model, reveal: false };
        if (!this.webviewReady) {
            this.setDocument(model);
            return;
        }
        const view = previewView(model);
        // Only what changed: a keystroke posts the rows and heads of the groups it changed, not the whole bill.
        const { patch, shown } = this.shown ? diffView(this.shown, view) : diffView(shownOf({ parts: [], groups: [], collapsed: view.collapsed }), view);
        this.shown = shown;
        void this.panel.webview.postMessage({ ...patch, state: previewState(model), reveal: model.reveal });
    }

    /** The details of open group sections, rendered when the webview asks for them (a collapsed group costs nothing). */
    private postDetails(names: readonly unknown[]): void {
        const model = this.lastModel;
        const shown = this.shown;
        if (!model || !shown) return;
        const details: Array<{ name: string; v: number; html: string }> = [];
        for (const name of names) {
            if (typeof name !== 'string') continue;
            const group = shown.groups.get(name);
            const html = group ? renderGroupDetails(model, name) : undefined;
            if (group && html !== undefined) details.push({ name, v: group.v, html });
        }
        if (details.length > 0) void this.panel.webview.postMessage({ type: 'details', details });
    }

    private setDocument(shownModel: PreviewModel): void {
        this.revealNotShown = this.revealNotShown || !!shownModel.reveal;
        const model = this.revealNotShown ? { ...shownModel, reveal: true } : shownModel;
        this.webviewReady = false;
        this.documentId = crypto.randomBytes(9).toString('base64url');
        this.shown = shownOf(previewView(model));
        this.panel.webview.html = renderPreviewDocument(model, {
            nonce: crypto.randomBytes(18).toString('base64url'),
            cspSource: this.panel.webview.cspSource,
            documentId: this.documentId,
        });
    }

    private onMessage(message: WebviewMessage): void {
        switch (message.type) {
            case 'ready':
                // Only the current document: a late "ready" from a replaced one must not let updates go nowhere.
                if (message.document === this.documentId) {
                    this.webviewReady = true;
                    this.revealNotShown = false;
                }
                break;
            case 'details':
                if (Array.isArray(message.groups)) this.postDetails(message.groups.slice(0, 500));
                break;
            case 'selectPeriod':
                void this.selectPeriod(message.period).catch((error: unknown) => void vscode.window.showErrorMessage(`Billing: ${error instanceof Error ? error.message : String(error)}`));
                break;
            case 'command':
                if (message.command === 'selectData') void vscode.commands.executeCommand('billing.selectData');
                else if (message.command === 'explain') void vscode.commands.executeCommand('billing.explainFigure', this.uri.toString(), message.group, this.lastModel?.period);
                else if (message.command === 'exportGroup') void vscode.commands.executeCommand('billing.exportGroup', this.uri, message.group);
                else if (message.command === 'openError') void this.openFirstError();
                break;
        }
    }

    /** Opens the policy's first error in the editor column of that file (else the first column), the preview staying beside. */
    private async openFirstError(): Promise<void> {
        const location = this.lastModel?.firstError;
        if (!location) return;
        const uri = vscode.Uri.parse(location.uri);
        const position = new vscode.Position(location.line, location.character);
        const column = vscode.window.visibleTextEditors.find((editor) => uriKey(editor.document.uri) === uriKey(uri))?.viewColumn ?? vscode.ViewColumn.One;
        await vscode.window.showTextDocument(uri, { viewColumn: column, selection: new vscode.Range(position, position) });
    }

    dispose(): void {
        this.sequence++;
        this.subscriptions.forEach((d) => d.dispose());
        this.subscriptions.length = 0;
        this.onDispose();
    }
}

/**
 * Opens, updates and restores bill previews (one per policy file). Implements the WebviewPanelSerializer so previews
 * come back after a window reload.
 */
export class PreviewManager implements vscode.WebviewPanelSerializer<PreviewState>, vscode.Disposable {
    private readonly panels = new Map<string, PreviewPanel>();
    private readonly mediaRoot: vscode.Uri;

    constructor(context: vscode.ExtensionContext, private readonly billing: BillingClient, private readonly selectPeriod: (period: string) => Promise<void>) {
        this.mediaRoot = vscode.Uri.joinPath(context.extensionUri, 'media');
    }

    webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
        return { enableScripts: true, enableFindWidget: true, localResourceRoots: [this.mediaRoot] };
    }

    /** Opens (or reveals) the preview of `uri` beside the editor, scrolled to `group` if given. */
    show(uri: vscode.Uri, group?: string): void {
        const key = uriKey(uri);
        const existing = this.panels.get(key);
        if (existing) {
            existing.panel.reveal(existing.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
            existing.focus(group);
            return;
        }
        const panel = vscode.window.createWebviewPanel(PREVIEW_VIEW_TYPE, 'Bill preview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
        this.attach(panel, uri, { uri: key, group }).focus(group);
    }

    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PreviewState | undefined): Promise<void> {
        if (!state?.uri) {
            panel.dispose();
            return;
        }
        panel.webview.options = this.webviewOptions();
        const preview = this.attach(panel, vscode.Uri.parse(state.uri), { ...state, reveal: false });
        await preview.update();
    }

    private attach(panel: vscode.WebviewPanel, uri: vscode.Uri, state: PreviewState): PreviewPanel {
        const key = uriKey(uri);
        const preview = new PreviewPanel(panel, uri, this.billing, () => this.panels.delete(key), this.selectPeriod, state);
        this.panels.set(key, preview);
        return preview;
    }

    /** Refreshes the previews of these policies (all previews when `uris` is undefined). */
    refresh(uris?: readonly string[]): void {
        const keys = uris ? new Set(uris.map(uriKey)) : undefined;
        for (const [key, preview] of this.panels) {
            if (!keys || keys.has(key)) void preview.update();
        }
    }

    get openUris(): vscode.Uri[] {
        return [...this.panels.values()].map((p) => p.uri);
    }

    dispose(): void {
        for (const preview of [...this.panels.values()]) preview.panel.dispose();
        this.panels.clear();
    }
}
