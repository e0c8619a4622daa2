import * as vscode from 'vscode';
import type { DataStatus } from '../../server/protocol.js';
import { describeServerFailure, describeStatus, type StatusPresentation } from './status-text.js';

/** The status bar item: data source and period, a spinner while loading; a click opens "Select Billing Data…" (or restarts a failed server). */
export class DataStatusBar implements vscode.Disposable {
    private readonly item: vscode.StatusBarItem;

    constructor() {
        this.item = vscode.window.createStatusBarItem('billing.dataStatus', vscode.StatusBarAlignment.Left, 50);
        this.item.name = 'Billing data';
        this.item.command = 'billing.selectData';
        this.update(undefined);
        this.item.show();
    }

    private status: DataStatus | undefined;
    private failure: string | undefined;

    update(status: DataStatus | undefined): void {
        this.status = status;
        this.render();
    }

    /** The server stopped or failed (undefined: it runs again). A failure outranks any data status until then. */
    setServerFailure(message: string | undefined): void {
        this.failure = message;
        this.render();
    }

    private render(): void {
        const presentation: StatusPresentation = this.failure !== undefined ? describeServerFailure(this.failure) : describeStatus(this.status);
        this.item.text = presentation.text;
        this.item.tooltip = presentation.tooltip;
        this.item.command = presentation.command ?? 'billing.selectData';
        this.item.backgroundColor = presentation.severity === 'error'
            ? new vscode.ThemeColor('statusBarItem.errorBackground')
            : presentation.severity === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    }

    dispose(): void {
        this.item.dispose();
    }
}
