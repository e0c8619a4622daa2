import { type LangiumCoreServices, type LangiumDocument, type URI, UriUtils } from 'langium';
import { isPolicy, type Import, type Policy } from '../generated/ast.js';

/**
 * The import graph of `.billing` documents. A document sees its own declarations and those of the
 * documents it imports, transitively — never the rest of the workspace — so that a policy means the
 * same thing in the editor as in CI. Scoping, validation and compilation all go through these
 * functions so that they agree on what "the policy" of a document is.
 */

/** The services these functions need: only the document store. */
export type DocumentStoreServices = Pick<LangiumCoreServices, 'shared'>;

/**
 * Whether a path written in a policy can name a file: text with a lone UTF-16 surrogate (possible in an
 * editor buffer, never in a file name) cannot even be written as a URI (`encodeURIComponent` throws).
 */
export function isWellFormedPath(text: string): boolean {
    return !/\p{Surrogate}/u.test(text);
}

/** The URI an `import "path"` statement of `document` points at (the path is relative to the importing file). */
export function resolveImportUri(document: LangiumDocument, importPath: string): URI {
    return UriUtils.resolvePath(UriUtils.dirname(document.uri), importPath);
}

/** The import statements of a document, with their target URIs; imports without a path are left out. */
export function importsOf(document: LangiumDocument): Array<{ readonly statement: Import; readonly target: URI }> {
    const root = document.parseResult.value;
    if (!isPolicy(root)) return [];
    return root.imports
        .filter(statement => typeof statement.path === 'string' && statement.path.length > 0 && isWellFormedPath(statement.path))
        .map(statement => ({ statement, target: resolveImportUri(document, statement.path) }));
}

/**
 * The documents that make up the policy of `document`: the document itself first, then every
 * document it imports, transitively, depth-first in the order of the import statements, each once.
 * Only documents present in the document store are returned; a missing import is skipped here (the
 * import validator reports it) and import cycles terminate.
 */
export function policyDocuments(document: LangiumDocument, services: DocumentStoreServices): Array<LangiumDocument<Policy>> {
    const store = services.shared.workspace.LangiumDocuments;
    const seen = new Set<string>();
    const result: Array<LangiumDocument<Policy>> = [];
    const visit = (current: LangiumDocument): void => {
        const key = current.uri.toString();
        if (seen.has(key)) return;
        seen.add(key);
        result.push(current as LangiumDocument<Policy>);
        for (const { target } of importsOf(current)) {
            const imported = store.getDocument(target);
            if (imported) visit(imported);
        }
    };
    visit(document);
    return result;
}

/**
 * Every URI the import statements of `document` reach, transitively, including targets that are not
 * loaded (yet): a change to any of them may change what the document's references resolve to.
 * The document's own URI is not included unless it imports itself through a cycle.
 */
export function reachableImportUris(document: LangiumDocument, services: DocumentStoreServices): Set<string> {
    const store = services.shared.workspace.LangiumDocuments;
    const reached = new Set<string>();
    const pending: LangiumDocument[] = [document];
    while (pending.length > 0) {
        const current = pending.pop()!;
        for (const { target } of importsOf(current)) {
            const key = target.toString();
            if (reached.has(key)) continue;
            reached.add(key);
            const imported = store.getDocument(target);
            if (imported) pending.push(imported);
        }
    }
    return reached;
}

/**
 * Documents of several entry files merged into one policy: each entry's `policyDocuments`, in the
 * order of the entries, each document once.
 */
export function mergedPolicyDocuments(
    entries: readonly LangiumDocument[], services: DocumentStoreServices,
): Array<LangiumDocument<Policy>> {
    const byUri = new Map<string, LangiumDocument<Policy>>();
    for (const entry of entries) {
        for (const document of policyDocuments(entry, services)) {
            const key = document.uri.toString();
            if (!byUri.has(key)) byUri.set(key, document);
        }
    }
    return [...byUri.values()];
}
