import * as vscode from 'vscode';
import type { BillingClient } from '../billing-client.js';
import type { DataSelection } from '../data-selection.js';

interface PeriodItem extends vscode.QuickPickItem {
    readonly period: string | null;
}

/** "Billing: Select Billing Period…": the period CodeLens, hovers and the preview show. */
export async function selectPeriod(billing: BillingClient, selection: DataSelection): Promise<void> {
    const status = billing.status;
    const periods = [...(status?.periods ?? [])].reverse();
    if (periods.length === 0) {
        const choice = await vscode.window.showWarningMessage(
            status?.state === 'loading' ? 'The billing data is still loading.' : 'No billing data is loaded, so there is no period to choose.',
            'Select data…',
        );
        if (choice) await vscode.commands.executeCommand('billing.selectData');
        return;
    }
    const current = status?.period;
    const latest = periods[0];
    const items: PeriodItem[] = [
        { period: null, label: `$(history) Latest in the data (${latest})`, description: selection.serverOptions.period === null ? 'current' : undefined },
        ...periods.map((period) => ({ period, label: period, description: period === current && selection.serverOptions.period !== null ? 'current' : undefined })),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Billing period', placeHolder: `Now: ${current ?? latest}` });
    if (picked) await selection.choosePeriod(picked.period);
}
