import type { FileSystemProvider, LangiumCoreServices, LangiumDocument, URI } from 'langium';
import { importsOf } from './policy-documents.js';
import { escapesBoundary } from './workspace-boundary.js';

/**
 * Brings into the document store every document that `documents` import, transitively, reading
 * through the services' FileSystemProvider. Imported files need not be open in an editor, but their real path must
 * lie inside the boundary (workspace-boundary.ts): a target outside is never opened (the import validator reports it, BIL123).
 *
 * Documents already in the store are reused as they are (an open editor's text wins over the disk).
 * A target that does not exist or is not a file is skipped: the import validator reports it at the
 * import statement. Returns the documents this call added; the caller builds them (for instance
 * with `DocumentBuilder.build` or, in a language server, `DocumentBuilder.update`).
 */
export async function loadImportedDocuments(
    documents: readonly LangiumDocument[], services: Pick<LangiumCoreServices, 'shared'>,
): Promise<LangiumDocument[]> {
    const store = services.shared.workspace.LangiumDocuments;
    const fileSystem = services.shared.workspace.FileSystemProvider;
    const added: LangiumDocument[] = [];
    const visited = new Set<string>(documents.map(document => document.uri.toString()));
    const pending = [...documents];
    while (pending.length > 0) {
        const current = pending.pop()!;
        for (const { target } of importsOf(current)) {
            const key = target.toString();
            if (visited.has(key)) continue;
            visited.add(key);
            if (escapesBoundary(target, services, current.uri)) continue;
            let imported = store.getDocument(target);
            if (!imported) {
                if (!(await isFile(fileSystem, target))) continue;
                try {
                    imported = await store.getOrCreateDocument(target);
                } catch {
                    continue; // unreadable: the import validator reports it at the import statement (BIL112)
                }
                added.push(imported);
            }
            pending.push(imported);
        }
    }
    return added;
}

async function isFile(fileSystem: FileSystemProvider, uri: URI): Promise<boolean> {
    try {
        return (await fileSystem.stat(uri)).isFile;
    } catch {
        return false;
    }
}
