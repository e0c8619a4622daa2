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

let lastActive: vscode.Uri | undefined;

/**
 * Remembers the .billing editor the user was last in. A command run from a page that is not a text editor (the
 * walkthrough's "Open Bill Preview" button, after "Open Example Policy" opened an untitled policy in a tab behind it)
 * then acts on that policy — which the workspace file picker could never offer.
 */
export function trackActivePolicy(): vscode.Disposable {
    const note = (editor: vscode.TextEditor | undefined): void => {
        if (editor?.document.languageId === LANGUAGE_ID) lastActive = editor.document.uri;
    };
    note(vscode.window.activeTextEditor);
    return vscode.window.onDidChangeActiveTextEditor(note);
}

/**
 * The policy a command acts on: the argument, else the active (or a visible) .billing editor, else the .billing
 * document last active and still open, else the user picks one of the workspace's .billing files. Undefined: there is
 * none, or the user cancelled.
 */
export async function policyTarget(argument: unknown, purpose: string): Promise<vscode.Uri | undefined> {
    const given = asUri(argument);
    if (given) return given;
    const active = vscode.window.activeTextEditor?.document;
    if (active?.languageId === LANGUAGE_ID) return active.uri;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.languageId === LANGUAGE_ID);
    if (visible) return visible.document.uri;
    const recent = lastActive?.toString();
    const stillOpen = recent === undefined ? undefined : vscode.workspace.textDocuments.find((d) => !d.isClosed && d.languageId === LANGUAGE_ID && d.uri.toString() === recent);
    if (stillOpen) return stillOpen.uri;
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
