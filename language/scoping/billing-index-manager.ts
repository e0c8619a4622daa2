import { type AstNodeDescription, type Cancellation, DefaultIndexManager, type LangiumDocument, type LangiumSharedCoreServices, type URI } from 'langium';
import { memoisedForGraph } from '../workspace/import-graph-cache.js';
import { plainImportClosures } from '../workspace/import-reach.js';
import { importedDocumentsOf, importsOf, reachableImportUris } from '../workspace/policy-documents.js';

/**
 * Relinks a document when a file it imports (directly or transitively) changes, appears or
 * disappears, even if none of its references pointed there before: a new or deleted import target
 * changes what names resolve to and whether the import itself is valid.
 *
 * Also indexes the exported symbols by reference type and name (`exportsNamed`), for the import-closure scope:
 * rebuilt after any change of the exports (a document indexed again or removed).
 */
export class BillingIndexManager extends DefaultIndexManager {
    private readonly byName = new Map<string, Map<string, AstNodeDescription[]>>();
    /** Per set of changed URIs (one per update, asked of every document), the stored documents it affects. */
    private readonly affectedBy = new WeakMap<Set<string>, { readonly version: unknown; readonly affected: ReadonlySet<LangiumDocument> }>();

    constructor(private readonly sharedServices: LangiumSharedCoreServices) {
        super(sharedServices);
    }

    override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
        if (super.isAffected(document, changedUris)) return true;
        const store = this.sharedServices.workspace.LangiumDocuments;
        if (!plainImportClosures() && store.getDocument(document.uri) === document) {
            return this.affectedDocuments(changedUris).has(document);
        }
        for (const uri of reachableImportUris(document, { shared: this.sharedServices })) {
            if (changedUris.has(uri)) return true;
        }
        return false;
    }

    /**
     * The stored documents whose import closure imports one of `changedUris` (what `reachableImportUris` holds): the
     * importers of a changed URI and, walking the import edges backwards, every document reaching one of them. One
     * walk per update, not one closure per document (quadratic in an import chain).
     */
    private affectedDocuments(changedUris: Set<string>): ReadonlySet<LangiumDocument> {
        const store = this.sharedServices.workspace.LangiumDocuments;
        const services = { shared: this.sharedServices };
        const importers = memoisedForGraph(store, 'directImporters', store, () => {
            const byTarget = new Map<string, LangiumDocument[]>();
            const byDocument = new Map<LangiumDocument, LangiumDocument[]>();
            for (const candidate of store.all) {
                for (const { key } of importsOf(candidate)) {
                    const list = byTarget.get(key);
                    if (!list) byTarget.set(key, [candidate]);
                    else if (list.at(-1) !== candidate) list.push(candidate);
                }
                for (const imported of importedDocumentsOf(candidate, services)) {
                    const list = byDocument.get(imported);
                    if (!list) byDocument.set(imported, [candidate]);
                    else list.push(candidate);
                }
            }
            return { byTarget, byDocument };
        });
        const cached = this.affectedBy.get(changedUris);
        if (cached && cached.version === importers) return cached.affected;
        const affected = new Set<LangiumDocument>();
        const pending: LangiumDocument[] = [];
        for (const uri of changedUris) {
            for (const importer of importers.byTarget.get(uri) ?? []) {
                if (!affected.has(importer)) { affected.add(importer); pending.push(importer); }
            }
        }
        while (pending.length > 0) {
            for (const importer of importers.byDocument.get(pending.pop()!) ?? []) {
                if (!affected.has(importer)) { affected.add(importer); pending.push(importer); }
            }
        }
        this.affectedBy.set(changedUris, { version: importers, affected });
        return affected;
    }

    override async updateContent(document: LangiumDocument, cancelToken?: Cancellation.CancellationToken): Promise<void> {
        this.byName.clear();
        await super.updateContent(document, cancelToken);
        this.byName.clear();
    }

    override removeContent(uri: URI): void {
        this.byName.clear();
        super.removeContent(uri);
    }

    override remove(uri: URI): void {
        this.byName.clear();
        super.remove(uri);
    }

    /**
     * The exported descriptions of `referenceType` named `name`, over every indexed document, in the order of
     * `allElements(referenceType)`.
     */
    exportsNamed(referenceType: string, name: string): readonly AstNodeDescription[] {
        let index = this.byName.get(referenceType);
        if (!index) {
            index = new Map();
            for (const description of this.allElements(referenceType)) {
                const list = index.get(description.name);
                if (list) list.push(description);
                else index.set(description.name, [description]);
            }
            this.byName.set(referenceType, index);
        }
        return index.get(name) ?? [];
    }
}
