import type { Dirent } from 'node:fs';
import { DefaultWorkspaceManager, URI, UriUtils, type FileSystemNode } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { InitializeParams, InitializedParams } from 'vscode-languageserver';
import { BillingDocumentBuilder } from '../language/workspace/billing-document-builder.js';
import { declarePolicyBoundary, realPathOf } from '../language/workspace/workspace-boundary.js';

/**
 * Langium's workspace manager (the scan of the workspace folders at startup), except that a failed scan is not only
 * printed: `ready` settles anyway (requests wait for it, server/protocol-handlers.ts, and must not hang) and
 * `onFailure` lets the server tell the extension, which shows a failed server instead of a healthy-looking one.
 * The workspace folders are the boundary policy text is read from (language/workspace/workspace-boundary.ts): the scan
 * also takes symlinked `.billing` files, but only those whose real path lies inside; the others are left out and
 * reported once (BillingDocumentBuilder.onRefused: the server log), never read.
 */
export class BillingWorkspaceManager extends DefaultWorkspaceManager {
    onFailure: ((message: string) => void) | undefined;
    failure: string | undefined;

    constructor(private readonly sharedServices: LangiumSharedServices) {
        super(sharedServices);
    }

    override initialize(params: InitializeParams): void {
        super.initialize(params);
        const roots = (this.folders ?? []).map(folder => URI.parse(folder.uri)).filter(uri => uri.scheme === 'file').map(uri => realPathOf(uri.fsPath));
        // Without folders (a single file opened), each file's own repository is its boundary.
        if (roots.length > 0) declarePolicyBoundary({ shared: this.sharedServices }, { scope: 'workspace', roots });
    }

    /** Langium's walk (it leaves symlinks out), plus symlinked `.billing` files that resolve inside the boundary. */
    protected override async traverseFolder(folderPath: URI, uris: URI[]): Promise<void> {
        let content: FileSystemNode[];
        try {
            content = await this.fileSystemProvider.readDirectory(folderPath);
        } catch (error) {
            console.error('Failure to read directory content of ' + folderPath.toString(true), error);
            return;
        }
        await Promise.all(content.map(async (entry) => {
            if ((entry as { dirent?: Dirent }).dirent?.isSymbolicLink()) {
                if (UriUtils.basename(entry.uri).startsWith('.') || !this.serviceRegistry.hasServices(entry.uri)) return;
                if (this.documentBuilder instanceof BillingDocumentBuilder && this.documentBuilder.refuseOutside(entry.uri)) return;
                try {
                    if ((await this.fileSystemProvider.stat(entry.uri)).isFile) uris.push(entry.uri);
                } catch {
                    // a dangling link: nothing to load
                }
                return;
            }
            if (!this.shouldIncludeEntry(entry)) return;
            if (entry.isDirectory) await this.traverseFolder(entry.uri, uris);
            else if (entry.isFile) uris.push(entry.uri);
        }));
    }

    override async initialized(params: InitializedParams): Promise<void> {
        try {
            await super.initialized(params);
        } catch (error) {
            this.failure = error instanceof Error ? error.message : String(error);
            this._ready.resolve();
            this.onFailure?.(this.failure);
            throw error;
        }
    }
}
