import { DocumentState, type LangiumCoreServices, URI } from 'langium';
import { billedTogetherDocuments } from '../workspace/billed-together.js';

/**
 * Keeps "unused" warnings of shared files current in the editor.
 *
 * Whether a rule, plan or account of a file is used depends on the files that import it (see
 * usage-checks and account-checks), but Langium only rebuilds a file when something it depends on
 * changes, i.e. what it imports. So when a file changes or is deleted, the files it imported at its
 * last validation are validated again. (A file newly imported by an edit is refreshed by the next
 * edit of the importer; the CLI validates everything in one build and is not affected.)
 */
export function revalidateImportsOnChange(services: LangiumCoreServices): void {
    const builder = services.shared.workspace.DocumentBuilder;
    const documents = services.shared.workspace.LangiumDocuments;
    const importsAtLastValidation = new Map<string, readonly string[]>();
    builder.onDocumentPhase(DocumentState.Validated, document => {
        importsAtLastValidation.set(
            document.uri.toString(),
            // What it imports and, for files billed together (billing.json), the other entries: their overlap checks see it.
            billedTogetherDocuments(document, services).slice(1).map(imported => imported.uri.toString()),
        );
    });
    builder.onUpdate((changed, deleted) => {
        const changedKeys = new Set([...changed, ...deleted].map(uri => uri.toString()));
        for (const key of changedKeys) {
            for (const importedKey of importsAtLastValidation.get(key) ?? []) {
                if (changedKeys.has(importedKey)) continue;
                const imported = documents.getDocument(URI.parse(importedKey));
                if (imported && imported.state > DocumentState.IndexedReferences) {
                    builder.resetToState(imported, DocumentState.IndexedReferences);
                }
            }
        }
        for (const uri of deleted) importsAtLastValidation.delete(uri.toString());
    });
}
