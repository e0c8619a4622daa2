import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BillingClient } from '../billing-client.js';
import { policyTarget } from './policy-target.js';

interface GroupItem extends vscode.QuickPickItem {
    readonly group: string;
}

/** "Billing: Export Pro Forma CUR for Group…": pick a group of the policy's report, a file, and write it. */
export async function exportGroup(billing: BillingClient, uriArgument?: unknown, groupArgument?: unknown): Promise<void> {
    const uri = await policyTarget(uriArgument, 'Export pro forma CUR');
    if (!uri) return;
    const period = billing.status?.period;
    const result = await billing.bill({ uri: uri.toString(), period });
    if (!result.report) {
        const choice = await vscode.window.showErrorMessage(`No bill to export: ${result.reason ?? 'no billing data is loaded'}.`, 'Select data…');
        if (choice) await vscode.commands.executeCommand('billing.selectData');
        return;
    }
    const report = result.report;
    const names = [...new Set(report.groups.map((g) => g.name))];
    if (names.length === 0) {
        void vscode.window.showWarningMessage(`${path.posix.basename(uri.path)} defines no billing group.`);
        return;
    }
    let group = typeof groupArgument === 'string' && names.includes(groupArgument) ? groupArgument : undefined;
    if (!group) {
        const items: GroupItem[] = names.map((name) => {
            const reports = report.groups.filter((g) => g.name === name);
            return { group: name, label: name, description: reports[0]?.description, detail: `${reports.length} period(s): ${reports.map((g) => g.period).join(', ')}` };
        });
        const picked = await vscode.window.showQuickPick(items, { title: 'Export pro forma CUR', placeHolder: 'Choose the billing group' });
        if (!picked) return;
        group = picked.group;
    }
    const shownPeriod = period ?? report.periods[report.periods.length - 1];
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri ?? vscode.Uri.joinPath(uri, '..');
    const target = await vscode.window.showSaveDialog({
        title: `Export the pro forma CUR of group ${group}${shownPeriod ? ` (${shownPeriod})` : ''}`,
        defaultUri: vscode.Uri.joinPath(folder, `${group}-${shownPeriod ?? 'all'}-proforma-cur.csv`),
        filters: { 'CSV': ['csv'], 'Gzipped CSV': ['gz'] },
        saveLabel: 'Export',
    });
    if (!target) return;
    const chosenGroup = group;
    const exported = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Exporting group ${chosenGroup}…`, cancellable: true },
        (_progress, token) => billing.exportGroup({ uri: uri.toString(), group: chosenGroup, out: target.fsPath, period: shownPeriod }, token),
    );
    if (!exported.ok) {
        void vscode.window.showErrorMessage(`Export failed: ${exported.message ?? 'unknown error'}`);
        return;
    }
    const rows = exported.rows === undefined ? '' : `${exported.rows.toLocaleString('en-US')} rows `;
    const open = await vscode.window.showInformationMessage(`Exported ${rows}of group ${chosenGroup} to ${vscode.workspace.asRelativePath(target)}.`, 'Open');
    if (open) await vscode.commands.executeCommand('vscode.open', target);
}
