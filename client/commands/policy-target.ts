import * as vscode from 'vscode';
import { LANGUAGE_ID } from '../billing-client.js';

export const BILLING_FILES_GLOB = '**/*.billing';
export const IGNORED_FOLDERS_GLOB = '{**/node_modules/**,**/.git/**}';

/** A command argument that names a policy: a Uri, or a URI string (as the server's CodeLens sends it). */
export function asUri(argument: unknown): vscode.Uri | undefined {
    if (argument instanceof vscode.Uri) return argument;
    if (typeof argument === 'string' && argument.length > 0) return /^[a-z][a-z0-9+.-]*:/i.test(argument) ? vscode.Uri.parse(argument) : vscode.Uri.file(argument);
    if (argument && typeof argument === 'object' && 'scheme' in argument && 'path' in argument) return vscode.Uri.from(argument as vscode.Uri);
    return undefined;
}

/**
 * The policy a command acts on: the argument, else the active (or a visible) .billing editor, else the user picks one
 * of the workspace's .billing files. Undefined: there is none, or the user cancelled.
 */
export async function policyTarget(argument: unknown, purpose: string): Promise<vscode.Uri | undefined> {
    const given = asUri(argument);
    if (given) return given;
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === LANGUAGE_ID) return active.uri;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.languageId === LANGUAGE_ID);
    if (visible) return visible.document.uri;
    const files = await vscode.workspace.findFiles(BILLING_FILES_GLOB, IGNORED_FOLDERS_GLOB, 500);
    if (files.length === 0) {
        void vscode.window.showWarningMessage('No .billing policy file is open or in the workspace.');
        return undefined;
    }
    if (files.length === 1) return files[0];
    files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
    const picked = await vscode.window.showQuickPick(
        files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
        { title: purpose, placeHolder: 'Choose a .billing policy file' },
    );
    return picked?.uri;
}
