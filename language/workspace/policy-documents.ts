import { type AstNode, type LangiumCoreServices, type LangiumDocument, type URI, UriUtils } from 'langium';
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

/** A document's imports, computed once per parse (keyed by the root node, which a new parse replaces). */
const importsByRoot = new WeakMap<AstNode, ReadonlyArray<{ readonly statement: Import; readonly target: URI; readonly key: string }>>();

/** The import statements of a document, with their target URIs; imports without a path are left out. */
export function importsOf(document: LangiumDocument): ReadonlyArray<{ readonly statement: Import; readonly target: URI; readonly key: string }> {
    const root = document.parseResult.value;
    if (!isPolicy(root)) return [];
    let imports = importsByRoot.get(root);
    if (!imports) {
        imports = root.imports
            .filter(statement => typeof statement.path === 'string' && statement.path.length > 0 && isWellFormedPath(statement.path))
            .map(statement => {
                const target = resolveImportUri(document, statement.path);
                return { statement, target, key: target.toString() };
            });
        importsByRoot.set(root, imports);
    }
    return imports;
}

/**
 * The documents that make up the policy of `document`: the document itself first, then every
 * document it imports, transitively, depth-first in the order of the import statements, each once.
 * Only documents present in the document store are returned; a missing import is skipped here (the
 * import validator reports it) and import cycles terminate. Iterative (an explicit stack): a chain of
 * any depth, linear in the documents and imports reached.
 */
export function policyDocuments(document: LangiumDocument, services: DocumentStoreServices): Array<LangiumDocument<Policy>> {
    const store = services.shared.workspace.LangiumDocuments;
    const seen = new Set<string>();
    const result: Array<LangiumDocument<Policy>> = [];
    const pending: LangiumDocument[] = [document];
    while (pending.length > 0) {
        const current = pending.pop()!;
        const key = current.uri.toString();
        if (seen.has(key)) continue;
        seen.add(key);
        result.push(current as LangiumDocument<Policy>);
        const imports = importsOf(current);
        for (let i = imports.length - 1; i >= 0; i--) {
            if (seen.has(imports[i]!.key)) continue;
            const imported = store.getDocument(imports[i]!.target);
            if (imported) pending.push(imported);
        }
    }
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
        for (const { target, key } of importsOf(current)) {
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
