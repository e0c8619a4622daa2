import * as vscode from 'vscode';
import type { DataErrorLocation, DataStatus, GroupSummary } from '../server/protocol.js';
import { GroupsView, revealGroup } from './groups/groups-view.js';
import { DataErrorNotifier } from './data-error-notifier.js';
import { BillingClient } from './billing-client.js';
import { exportGroup } from './commands/export-group.js';
import { openDocs } from './commands/open-docs.js';
import { ExplainView } from './commands/explain-figure.js';
import { asUri, policyTarget, trackActivePolicy } from './commands/policy-target.js';
import { selectData } from './commands/select-data.js';
import { selectPeriod } from './commands/select-period.js';
import { validateWorkspace } from './commands/validate-workspace.js';
import { DataSelection } from './data-selection.js';
import { DataWatcher } from './data-watcher.js';
import { PREVIEW_VIEW_TYPE, PreviewManager } from './preview/preview-panel.js';
import { DataStatusBar } from './status/status-bar.js';

let billing: BillingClient | undefined;

/** The extension's entry point (bundled to out/extension.cjs): language client, status bar, preview, commands. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
    let selection: DataSelection | undefined;
    const client = new BillingClient(
        context,
        () => selection!.serverOptions,
        () => ({ codeLens: selection!.settings.codeLensEnabled, inlayHints: selection!.settings.inlayHintsEnabled, ruleHints: selection!.settings.ruleHints }),
    );
    billing = client;
    selection = new DataSelection(context, client);
    const dataSelection = selection;
    const statusBar = new DataStatusBar();
    const previews = new PreviewManager(context, client, (period) => dataSelection.choosePeriod(period));
    const explainView = new ExplainView(client);
    const dataWatcher = new DataWatcher((paths) => void client.dataFilesChanged(paths).catch(reportError));
    context.subscriptions.push(client, statusBar, previews, explainView, dataWatcher, trackActivePolicy());

    const errorNotifier = new DataErrorNotifier({
        show: (message, actions) => vscode.window.showErrorMessage(message, ...actions),
        selectData: () => void vscode.commands.executeCommand('billing.selectData'),
        openAt: (location) => void openDataFileAt(location).catch(reportError),
    });
    let previousStatus: DataStatus | undefined;
    context.subscriptions.push(
        client.onDidChangeStatus((status) => {
            statusBar.update(status);
            dataWatcher.update(status);
            errorNotifier.update(status);
            if (status.state === 'ready' && status.period && !status.periods.includes(status.period)) {
                const missing = status.period;
                void dataSelection.dropPeriodPickNotIn(status.periods).then((dropped) => {
                    if (dropped) void vscode.window.setStatusBarMessage(`Billing: ${missing} is not in ${status.source ?? 'the data'}; showing its latest period`, 5000);
                }).catch(reportError);
            }
            // A finished load or another period changes every bill; progress ticks while loading do not.
            if (!previousStatus || previousStatus.state !== status.state || previousStatus.period !== status.period || previousStatus.source !== status.source) {
                previews.refresh();
            }
            previousStatus = status;
        }),
        client.onDidChangeReport((uris) => previews.refresh(uris)),
        client.onDidStart(() => previews.refresh()),
        client.onDidChangeFailure((message) => statusBar.setServerFailure(message)),
        vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, previews),
        // Trusting the workspace (Restricted Mode ends) lets the server read its data: start it again with it.
        vscode.workspace.onDidGrantWorkspaceTrust(() => void client.restart().catch(reportError)),
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (event.affectsConfiguration('billing.diagnostics.data')) client.reapplyDataDiagnostics();
            if (event.affectsConfiguration('billing')) void dataSelection.onConfigurationChanged(event).catch(reportError);
        }),
    );

    const register = (id: string, handler: (...args: unknown[]) => unknown): void => {
        context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
            try {
                await handler(...args);
            } catch (error) {
                reportError(error);
            }
        }));
    };
    // The server's group CodeLens runs billing.showPreview with [uri, groupName].
    const openPreview = async (uriArgument?: unknown, group?: unknown): Promise<void> => {
        const uri = asUri(uriArgument) ?? await policyTarget(undefined, 'Open bill preview');
        if (uri) previews.show(uri, typeof group === 'string' ? group : undefined);
    };
    register('billing.preview', openPreview);
    register('billing.showPreview', openPreview);
    register('billing.selectData', () => selectData(context, client, dataSelection));
    register('billing.selectPeriod', () => selectPeriod(client, dataSelection));
    // Group and rule lenses, the group hover's link and the preview run it with [uri, group, period?, rule?].
    register('billing.explainFigure', (uri, group, period, rule) => explainView.show(uri, group, period, rule));
    // A keyword hover's docs link (when package.json names no repository): the shipped file at that section.
    register('billing.openDocs', (docPath, anchor) => openDocs(context.extensionUri, docPath, anchor));
    // The walkthrough's first step: an example policy in an untitled editor, priced on the bundled sample (offline).
    register('billing.openExample', async () => {
        const example = vscode.Uri.joinPath(context.extensionUri, 'examples', 'acme.billing');
        const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(example));
        const document = await vscode.workspace.openTextDocument({ language: 'billing', content });
        await vscode.window.showTextDocument(document);
    });
    // The Billing view: groups of the active policy with cost, margin, accounts and rules.
    const groupsView = new GroupsView(client);
    context.subscriptions.push(groupsView);
    register('billing.groups.filter', () => groupsView.chooseFilter());
    register('billing.groups.clearFilter', () => groupsView.clearFilter());
    register('billing.groups.sort', () => groupsView.chooseSort());
    register('billing.groups.refresh', () => groupsView.refresh());
    register('billing.groups.reveal', (group) => revealGroup(group as GroupSummary, (uri, name) => previews.show(uri, name)));
    register('billing.exportGroup', (uri, group) => exportGroup(client, uri, group));
    register('billing.validateWorkspace', () => validateWorkspace(client.outputChannel));
    register('billing.restartServer', async () => {
        statusBar.update(undefined);
        await client.restart();
        void vscode.window.setStatusBarMessage('Billing language server restarted', 3000);
    });

    // Commands stay registered when the server cannot start, so "Restart Language Server" can recover.
    try {
        await client.start();
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(`The billing language server could not start: ${message}`, 'Show Log', 'Restart')
            .then((choice) => {
                if (choice === 'Show Log') client.outputChannel.show();
                if (choice === 'Restart') void vscode.commands.executeCommand('billing.restartServer');
            });
    }
}

export async function deactivate(): Promise<void> {
    await billing?.stop();
    billing = undefined;
}

/** Opens a data file at a 1-based line (a data error's "Open file at row N"), the line selected. */
async function openDataFileAt(location: DataErrorLocation): Promise<void> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(location.file));
    const line = Math.max(0, Math.min(location.line - 1, document.lineCount - 1));
    await vscode.window.showTextDocument(document, { selection: document.lineAt(line).range, preview: true });
}

function reportError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`Billing: ${message}`);
}
