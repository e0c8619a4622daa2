import * as vscode from 'vscode';
import type { DataStatus } from '../../server/protocol.js';
import { describeStatus } from './status-text.js';

/** The status bar item: data source and period, a spinner while loading; a click opens "Select Billing Data…". */
export class DataStatusBar implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;

    constructor() {
        this.item = vscode.window.createStatusBarItem('billing.dataStatus', vscode.StatusBarAlignment.Left, 50);
        this.item.name = 'Billing data';
        this.item.command = 'billing.selectData';
        this.update(undefined);
        this.item.show();
    }

    update(status: DataStatus | undefined): void {
        const presentation = describeStatus(status);
        this.item.text = presentation.text;
        this.item.tooltip = presentation.tooltip;
        this.item.backgroundColor = presentation.severity === 'error'
            ? new vscode.ThemeColor('statusBarItem.errorBackground')
            : presentation.severity === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    }

    dispose(): void {
        this.item.dispose();
    }
}
