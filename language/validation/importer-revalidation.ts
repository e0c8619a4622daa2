import { DocumentState, type LangiumCoreServices, URI } from 'langium';
import { billedTogetherEntries } from '../workspace/billed-together.js';
import { importedDocumentsOf } from '../workspace/policy-documents.js';

/**
 * Keeps "unused" warnings of shared files current in the editor.
 *
 * Whether a rule, plan or account of a file is used depends on the files that import it (see
 * usage-checks and account-checks), but Langium only rebuilds a file when something it depends on
 * changes, i.e. what it imports. So when a file changes or is deleted, the files it imported at its
 * last validation are validated again. (A file newly imported by an edit is refreshed by the next
 * edit of the importer; the CLI validates everything in one build and is not affected.)
 *
 * What is kept per file is what it imports directly (and the other entries billed with it); on a change the files
 * reached through those, transitively, from every changed file at once, are the ones validated again: the same
 * files as keeping each file's whole closure, in linear time and memory (a closure per file is quadratic in an
 * import chain: 72 million entries for a 12,000-file chain, issue 18 item 8).
 */
export function revalidateImportsOnChange(services: LangiumCoreServices): void {
    const builder = services.shared.workspace.DocumentBuilder;
    const documents = services.shared.workspace.LangiumDocuments;
    const importsAtLastValidation = new Map<string, readonly string[]>();
    builder.onDocumentPhase(DocumentState.Validated, document => {
        const key = document.uri.toString();
        // What it imports and, for files billed together (billing.json), the other entries: their overlap checks see it.
        const direct = importedDocumentsOf(document, services).map(imported => imported.uri.toString());
        for (const entry of billedTogetherEntries(document, services) ?? []) direct.push(entry.toString());
        importsAtLastValidation.set(key, direct.filter(other => other !== key));
    });
    builder.onUpdate((changed, deleted) => {
        const changedKeys = new Set([...changed, ...deleted].map(uri => uri.toString()));
        // One walk from all the changed files (an explicit stack: any depth), each file once.
        const reached = new Set<string>(changedKeys);
        const pending = [...changedKeys];
        while (pending.length > 0) {
            for (const importedKey of importsAtLastValidation.get(pending.pop()!) ?? []) {
                if (reached.has(importedKey)) continue;
                reached.add(importedKey);
                pending.push(importedKey);
                const imported = documents.getDocument(URI.parse(importedKey));
                if (imported && imported.state > DocumentState.IndexedReferences) {
                    builder.resetToState(imported, DocumentState.IndexedReferences);
                }
            }
        }
        for (const uri of deleted) importsAtLastValidation.delete(uri.toString());
    });
}
