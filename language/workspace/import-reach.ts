import type { LangiumDocument } from 'langium';
import { memoisedForGraph } from './import-graph-cache.js';
import { type DocumentStoreServices, importedDocumentsOf, importGraphComponents } from './policy-documents.js';

/**
 * Which documents' import closures hold which documents, answered in constant time: `reaches(from, to)` is whether
 * `to` is one of `policyDocuments(from)`, without walking or materialising that closure. Scoping and the checks
 * across a policy look a name or an id up in an index of the whole store, then keep what the closure holds: the cost
 * is what matches, not the closure (a closure per document made an import chain quadratic, issue 18 item 8).
 *
 * Built once per version of the import graph (import-graph-cache.ts): the strongly connected components (Tarjan,
 * iterative), then for each component, in an order where what it imports comes first, a bit set of the components
 * it reaches (its own, or'ed with those of the components it imports). Time and memory are C²/32 words for C
 * components (a 12,000-file chain: 18 MB, milliseconds); no recursion, so no depth limit.
 */
export interface ImportReach {
    /**
     * Whether `to` is in the import closure of `from` (`from` itself included); undefined when either is not the
     * stored document of its URI (not in the graph: the caller then walks, as before).
     */
    reaches(from: LangiumDocument, to: LangiumDocument): boolean | undefined;
}

/** The reach of the current version of the import graph of `services`' store. */
export function importReach(services: DocumentStoreServices): ImportReach {
    const store = services.shared.workspace.LangiumDocuments;
    return memoisedForGraph(store, 'importReach', store, () => buildReach(services));
}

function buildReach(services: DocumentStoreServices): ImportReach {
    const components = importGraphComponents(services);
    let count = 0;
    for (const component of components.values()) count = Math.max(count, component + 1);
    const words = Math.ceil(count / 32);
    const members: LangiumDocument[][] = Array.from({ length: count }, () => []);
    for (const [document, component] of components) members[component]!.push(document);
    const bits = new Uint32Array(count * words);
    // Tarjan's numbering: a component's imports have smaller numbers, so they are complete when it is reached.
    for (let component = 0; component < count; component++) {
        const row = component * words;
        bits[row + (component >>> 5)]! |= 1 << (component & 31);
        for (const document of members[component]!) {
            for (const imported of importedDocumentsOf(document, services)) {
                const other = components.get(imported);
                if (other === undefined || other === component) continue;
                const from = other * words;
                for (let word = 0; word < words; word++) bits[row + word]! |= bits[from + word]!;
            }
        }
    }
    return {
        reaches(from, to) {
            const a = components.get(from);
            const b = components.get(to);
            if (a === undefined || b === undefined) return undefined;
            return (bits[a * words + (b >>> 5)]! & (1 << (b & 31))) !== 0;
        },
    };
}

let plain = false;

/**
 * For the equivalence tests only: with `true`, scoping and the policy checks compute every closure the plain way
 * (walk it, collect it), as before the indexes — the reference the indexed answers are compared with.
 */
export function usePlainImportClosures(on: boolean): void {
    plain = on;
}

/** Whether the plain computation is asked for (see `usePlainImportClosures`). */
export function plainImportClosures(): boolean {
    return plain;
}
