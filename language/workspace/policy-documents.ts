import { type AstNode, type LangiumCoreServices, type LangiumDocument, type URI, UriUtils } from 'langium';
import { isPolicy, type Import, type Policy } from '../generated/ast.js';
import { memoisedForGraph } from './import-graph-cache.js';
import { escapesBoundary } from './workspace-boundary.js';

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
export function policyDocuments(document: LangiumDocument, services: DocumentStoreServices): ReadonlyArray<LangiumDocument<Policy>> {
    // Memoised per version of the import graph (import-graph-cache.ts): each closure is walked once per build, not
    // once per check, scope and document that asks for it.
    const store = services.shared.workspace.LangiumDocuments;
    return memoisedForGraph(store, 'policyDocuments', document, () => walkPolicyDocuments(document, services));
}

function walkPolicyDocuments(document: LangiumDocument, services: DocumentStoreServices): ReadonlyArray<LangiumDocument<Policy>> {
    const store = services.shared.workspace.LangiumDocuments;
    const seen = new Set<LangiumDocument>();
    // A document not in the store standing for one that is (same URI): the stored one is the same file, left out.
    const stored = store.getDocument(document.uri);
    if (stored && stored !== document) seen.add(stored);
    const result: Array<LangiumDocument<Policy>> = [];
    const pending: LangiumDocument[] = [document];
    while (pending.length > 0) {
        const current = pending.pop()!;
        if (seen.has(current)) continue;
        seen.add(current);
        result.push(current as LangiumDocument<Policy>);
        const imported = importedDocuments(current, services);
        for (let i = imported.length - 1; i >= 0; i--) {
            if (!seen.has(imported[i]!)) pending.push(imported[i]!);
        }
    }
    // The memo is shared by every caller: frozen so that none can change what the others see.
    return Object.freeze(result);
}

/**
 * The loaded documents `document` imports directly, in the order of its import statements (a target imported twice
 * once), looked up in the store once per version of the graph: the walks then step from document to document
 * without resolving a URI, so a closure costs its size. A target outside the boundary (workspace-boundary.ts) is no
 * part of the policy even when a document for it is loaded (an editor opened it): the validator reports it (BIL123).
 */
function importedDocuments(document: LangiumDocument, services: DocumentStoreServices): readonly LangiumDocument[] {
    const store = services.shared.workspace.LangiumDocuments;
    return memoisedForGraph(store, 'importedDocuments', document, () => {
        const found: LangiumDocument[] = [];
        for (const { target } of importsOf(document)) {
            const imported = store.getDocument(target);
            if (imported && !found.includes(imported) && !escapesBoundary(target, services, document.uri)) found.push(imported);
        }
        return found;
    });
}

/**
 * Every URI the import statements of `document` reach, transitively, including targets that are not
 * loaded (yet): a change to any of them may change what the document's references resolve to.
 * The document's own URI is not included unless it imports itself through a cycle.
 */
export function reachableImportUris(document: LangiumDocument, services: DocumentStoreServices): ReadonlySet<string> {
    const store = services.shared.workspace.LangiumDocuments;
    return memoisedForGraph(store, 'reachableImportUris', document, () => walkReachable(document, services));
}

function walkReachable(document: LangiumDocument, services: DocumentStoreServices): ReadonlySet<string> {
    const reached = new Set<string>();
    const visited = new Set<LangiumDocument>([document]);
    const pending: LangiumDocument[] = [document];
    while (pending.length > 0) {
        const current = pending.pop()!;
        for (const { key } of importsOf(current)) reached.add(key);
        for (const imported of importedDocuments(current, services)) {
            if (visited.has(imported)) continue;
            visited.add(imported);
            pending.push(imported);
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
    const store = services.shared.workspace.LangiumDocuments;
    const byUri = new Map<string, LangiumDocument<Policy>>();
    const merged = new Set<LangiumDocument>();
    for (const entry of entries) {
        if (merged.has(entry)) continue; // its policy is merged already (a subset of an earlier entry's)
        if (store.getDocument(entry.uri) !== entry) {
            // Not the stored document of its URI: its own closure, as policyDocuments walks it (which leaves out the
            // stored document of that URI, so these are not marked merged: a later walk still steps through them).
            for (const document of policyDocuments(entry, services)) {
                const key = document.uri.toString();
                if (!byUri.has(key)) byUri.set(key, document);
            }
            continue;
        }
        // The entry's walk in policyDocuments' order, stopping at documents merged already: everything they import
        // is merged too, so the result is the same as appending each closure, and the cost is linear in all of them
        // (not the sum of the closures, quadratic in an import chain).
        const pending: LangiumDocument[] = [entry];
        while (pending.length > 0) {
            const current = pending.pop()!;
            if (merged.has(current)) continue;
            merged.add(current);
            const key = current.uri.toString();
            if (!byUri.has(key)) byUri.set(key, current as LangiumDocument<Policy>);
            const imported = importedDocuments(current, services);
            for (let i = imported.length - 1; i >= 0; i--) {
                if (!merged.has(imported[i]!)) pending.push(imported[i]!);
            }
        }
    }
    return [...byUri.values()];
}

/**
 * Whether `from` and `to` may lie on a common import cycle (the same strongly connected component of the import graph
 * of the loaded documents). The components are found once per version of the graph (Tarjan's algorithm, iterative:
 * no recursion limit), so asking costs a lookup, not a walk.
 */
export function onCommonImportCycle(from: LangiumDocument, to: LangiumDocument, services: DocumentStoreServices): boolean {
    if (from === to) return true;
    const components = importGraphComponents(services);
    const a = components.get(from);
    const b = components.get(to);
    // A document outside the store (not in the graph): no answer here, so "maybe" (the caller then walks).
    return a === undefined || b === undefined || a === b;
}

/**
 * The strongly connected components of the import graph of the loaded documents, numbered so that a component's
 * imports (the components it reaches) have smaller numbers than it (Tarjan's order): once per version of the graph.
 */
export function importGraphComponents(services: DocumentStoreServices): ReadonlyMap<LangiumDocument, number> {
    const store = services.shared.workspace.LangiumDocuments;
    return memoisedForGraph(store, 'importComponents', store, () => importComponents(services));
}

/** The loaded documents `document` imports directly (each once, in the order of its import statements). */
export function importedDocumentsOf(document: LangiumDocument, services: DocumentStoreServices): readonly LangiumDocument[] {
    return importedDocuments(document, services);
}

function importComponents(services: DocumentStoreServices): Map<LangiumDocument, number> {
    const store = services.shared.workspace.LangiumDocuments;
    const component = new Map<LangiumDocument, number>();
    const index = new Map<LangiumDocument, number>();
    const low = new Map<LangiumDocument, number>();
    const stack: LangiumDocument[] = [];
    const onStack = new Set<LangiumDocument>();
    let counter = 0;
    let components = 0;
    for (const root of store.all) {
        if (index.has(root)) continue;
        // Each frame: a document and how many of its imports were looked at.
        const frames: Array<{ document: LangiumDocument; next: number }> = [{ document: root, next: 0 }];
        index.set(root, counter); low.set(root, counter); counter++;
        stack.push(root); onStack.add(root);
        while (frames.length > 0) {
            const frame = frames.at(-1)!;
            const imported = importedDocuments(frame.document, services);
            if (frame.next < imported.length) {
                const next = imported[frame.next++]!;
                if (!index.has(next)) {
                    index.set(next, counter); low.set(next, counter); counter++;
                    stack.push(next); onStack.add(next);
                    frames.push({ document: next, next: 0 });
                } else if (onStack.has(next)) {
                    low.set(frame.document, Math.min(low.get(frame.document)!, index.get(next)!));
                }
                continue;
            }
            frames.pop();
            const parent = frames.at(-1);
            if (parent) low.set(parent.document, Math.min(low.get(parent.document)!, low.get(frame.document)!));
            if (low.get(frame.document) === index.get(frame.document)) {
                let member: LangiumDocument;
                do {
                    member = stack.pop()!;
                    onStack.delete(member);
                    component.set(member, components);
                } while (member !== frame.document);
                components++;
            }
        }
    }
    return component;
}
