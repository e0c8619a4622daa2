import * as vscode from 'vscode';
import { BILLING_FILES_GLOB, IGNORED_FOLDERS_GLOB } from './policy-target.js';
import { summarizeValidation, type FileDiagnostics, type Severity } from './validation-summary.js';

const SETTLE_MS = 1200;
const MAX_WAIT_MS = 60_000;

const SEVERITIES: Record<vscode.DiagnosticSeverity, Severity> = {
    [vscode.DiagnosticSeverity.Error]: 'error',
    [vscode.DiagnosticSeverity.Warning]: 'warning',
    [vscode.DiagnosticSeverity.Information]: 'info',
    [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/**
 * "Billing: Validate Workspace": opens every .billing file of the workspace (so the language server validates each,
 * imports included), waits until the diagnostics stop changing, then summarizes them and offers the Problems panel.
 */
export async function validateWorkspace(output: vscode.OutputChannel): Promise<void> {
    const files = await vscode.workspace.findFiles(BILLING_FILES_GLOB, IGNORED_FOLDERS_GLOB);
    if (files.length === 0) {
        void vscode.window.showInformationMessage('No .billing files in the workspace.');
        return;
    }
    const results = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Validating .billing files', cancellable: true },
        async (progress, token) => {
            const keys = new Set(files.map((f) => f.toString()));
            let lastChange = Date.now();
            const listener = vscode.languages.onDidChangeDiagnostics((event) => {
                if (event.uris.some((u) => keys.has(u.toString()))) lastChange = Date.now();
            });
            try {
                for (const [index, file] of files.entries()) {
                    if (token.isCancellationRequested) break;
                    progress.report({ message: vscode.workspace.asRelativePath(file), increment: 100 / files.length });
                    // Opening a document (without showing it) sends didOpen: the server builds and validates it.
                    await vscode.workspace.openTextDocument(file);
                    if (index === files.length - 1) lastChange = Date.now();
                }
                const started = Date.now();
                while (!token.isCancellationRequested && Date.now() - lastChange < SETTLE_MS && Date.now() - started < MAX_WAIT_MS) {
                    await new Promise((resolve) => setTimeout(resolve, 200));
                }
            } finally {
                listener.dispose();
            }
            return files.map((file): FileDiagnostics => ({
                path: vscode.workspace.asRelativePath(file),
                diagnostics: vscode.languages.getDiagnostics(file).map((d) => ({
                    severity: SEVERITIES[d.severity],
                    code: typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code),
                    message: d.message,
                    line: d.range.start.line + 1,
                    column: d.range.start.character + 1,
                })),
            }));
        },
    );
    const summary = summarizeValidation(results);
    output.appendLine(`[validate workspace] ${summary.message}`);
    summary.details.forEach((line) => output.appendLine(line));
    const show = summary.errors + summary.warnings > 0 ? 'Show Problems' : undefined;
    const notify = summary.errors > 0 ? vscode.window.showErrorMessage : summary.warnings > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const choice = await (show ? notify(summary.message, show) : notify(summary.message));
    if (choice === show) await vscode.commands.executeCommand('workbench.actions.view.problems');
}
