import * as vscode from 'vscode';
import type { BillingClient } from '../billing-client.js';
import { BUNDLED_SAMPLE_CHOICE } from '../../server/protocol.js';
import { DATA_FILE_GLOB, MAX_CANDIDATES, sniffDataFile } from '../data-files.js';
import type { DataSelection } from '../data-selection.js';

export const SAMPLE_DATA_PATH = ['examples', 'data', 'sample-cur.csv'];

type Action = 'file' | 'folder' | 'glob' | 'sample' | 'reset' | 'period' | 'cancel' | 'found';

interface ActionItem extends vscode.QuickPickItem {
    readonly action: Action;
    readonly path?: string;
}

/** CUR/FOCUS files of the workspace, recognised by their header (bounded: see client/data-files.ts). */
async function workspaceDataFiles(): Promise<ActionItem[]> {
    const found = await vscode.workspace.findFiles(DATA_FILE_GLOB, '{**/node_modules/**,**/.git/**,**/out/**}', MAX_CANDIDATES);
    const items = await Promise.all(found.map(async (uri): Promise<ActionItem | undefined> => {
        if (uri.scheme !== 'file') return undefined;
        const format = await sniffDataFile(uri.fsPath);
        if (!format) return undefined;
        return { action: 'found', path: uri.fsPath, label: `$(file) ${vscode.workspace.asRelativePath(uri)}`, description: format };
    }));
    return items.filter((item): item is ActionItem => item !== undefined).sort((a, b) => a.label.localeCompare(b.label));
}

/** "Billing: Select Billing Data…" (also the status bar item's click): where the data comes from, and the period. */
export async function selectData(_context: vscode.ExtensionContext, billing: BillingClient, selection: DataSelection): Promise<void> {
    if (!vscode.workspace.isTrusted) {
        const choice = await vscode.window.showWarningMessage(
            'Restricted Mode: the billing data of this workspace is read only once you trust it (the bundled sample is shown until then).',
            'Manage Workspace Trust',
        );
        if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
        return;
    }
    const status = billing.status;
    const override = selection.override;
    const settingPaths = selection.settings.dataPaths;
    const items: ActionItem[] = [
        { action: 'file', label: '$(file) Select a data file…', detail: 'CUR 1.0 / CUR 2.0 / FOCUS: .csv, .csv.gz, .parquet, or a manifest .json' },
        { action: 'folder', label: '$(folder) Select a data folder…', detail: 'Every CUR/FOCUS file under the folder' },
        { action: 'glob', label: '$(search) Enter a path or glob…', detail: 'Workspace-relative or absolute, e.g. cur/2026-*/**/*.csv.gz' },
        { action: 'sample', label: '$(beaker) Use the bundled sample data', detail: 'The bundled sample, shipped with the extension (kept across extension updates)' },
    ];
    // The workspace's own CUR/FOCUS files first: a new user's way from the sample to their own data (defect 8).
    const found = await workspaceDataFiles().catch(() => []);
    if (found.length > 0) items.unshift({ action: 'file', label: 'In this workspace', kind: vscode.QuickPickItemKind.Separator }, ...found, { action: 'file', label: 'Other data', kind: vscode.QuickPickItemKind.Separator });
    if (override.dataPaths !== undefined) {
        items.push({
            action: 'reset',
            label: '$(settings-gear) Use the settings again',
            detail: settingPaths ? `billing.data.path: ${settingPaths.join(', ')}` : "billing.data.path is empty: the policy's data path, else the bundled sample",
        });
    }
    items.push({ action: 'period', label: '$(calendar) Select the billing period…', detail: status?.period ? `Now: ${status.period}` : undefined });
    if (status?.state === 'loading') items.push({ action: 'cancel', label: '$(stop-circle) Cancel loading', detail: status.source });

    const picked = await vscode.window.showQuickPick(items, {
        title: 'Billing data',
        placeHolder: status?.source ? `Now: ${status.source}${status.period ? ` · ${status.period}` : ''}` : 'Choose the billing data to price the policies on',
        matchOnDetail: true,
    });
    if (!picked) return;
    switch (picked.action) {
        case 'file':
        case 'folder': {
            const chosen = await vscode.window.showOpenDialog({
                canSelectFiles: picked.action === 'file',
                canSelectFolders: picked.action === 'folder',
                canSelectMany: picked.action === 'file',
                defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
                title: picked.action === 'file' ? 'Select billing data files' : 'Select a billing data folder',
                openLabel: 'Use as billing data',
                filters: picked.action === 'file' ? { 'CUR / FOCUS data': ['csv', 'gz', 'parquet', 'json'], 'All files': ['*'] } : undefined,
            });
            if (chosen && chosen.length > 0) await selection.chooseData(chosen.map((uri) => uri.fsPath));
            return;
        }
        case 'glob': {
            const value = await vscode.window.showInputBox({
                title: 'Billing data path or glob',
                prompt: 'A file, folder or glob; relative paths are relative to the workspace folder. Several: separate with ";".',
                value: (override.dataPaths ?? settingPaths ?? []).filter((entry) => entry !== BUNDLED_SAMPLE_CHOICE).join('; '),
                validateInput: (text) => (text.trim().length === 0 ? 'Enter a path or glob' : undefined),
            });
            if (value === undefined) return;
            const paths = value.split(';').map((p) => p.trim()).filter((p) => p.length > 0);
            if (paths.length > 0) await selection.chooseData(paths);
            return;
        }
        case 'found':
            if (picked.path) await selection.chooseData([picked.path]);
            return;
        case 'sample':
            // By name, not by the install path: the path changes with every extension update (defect 8).
            await selection.chooseData([BUNDLED_SAMPLE_CHOICE]);
            return;
        case 'reset':
            await selection.resetData();
            return;
        case 'period':
            await vscode.commands.executeCommand('billing.selectPeriod');
            return;
        case 'cancel':
            await billing.cancelLoad();
            return;
    }
}
