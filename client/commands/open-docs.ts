import * as vscode from 'vscode';
import { headingLine } from '../docs/heading-line.js';

/**
 * `billing.openDocs [path, anchor]`: a documentation file shipped with the extension (README.md, docs/*.md), opened at
 * the heading of that anchor, the heading at the top of the editor. Keyword hovers link here when package.json names no
 * repository to link to: a `file://…#anchor` link opens the file at its first line (VS Code does not follow the fragment).
 */
export async function openDocs(extensionUri: vscode.Uri, pathArgument: unknown, anchorArgument: unknown): Promise<void> {
    if (typeof pathArgument !== 'string' || !/^(README\.md|docs\/[A-Za-z0-9_-]+\.md)$/.test(pathArgument)) {
        throw new Error(`Billing: no documentation file ${JSON.stringify(pathArgument)}`);
    }
    const uri = vscode.Uri.joinPath(extensionUri, ...pathArgument.split('/'));
    const document = await vscode.workspace.openTextDocument(uri);
    const line = typeof anchorArgument === 'string' && anchorArgument !== '' ? headingLine(document.getText(), anchorArgument) ?? 0 : 0;
    const heading = document.lineAt(line).range;
    const editor = await vscode.window.showTextDocument(document, { selection: new vscode.Range(heading.start, heading.start), preview: true });
    editor.revealRange(heading, vscode.TextEditorRevealType.AtTop);
}
