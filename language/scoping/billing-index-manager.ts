import { DefaultIndexManager, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import { reachableImportUris } from '../workspace/policy-documents.js';

/**
 * Relinks a document when a file it imports (directly or transitively) changes, appears or
 * disappears, even if none of its references pointed there before: a new or deleted import target
 * changes what names resolve to and whether the import itself is valid.
 */
export class BillingIndexManager extends DefaultIndexManager {
    constructor(private readonly sharedServices: LangiumSharedCoreServices) {
        super(sharedServices);
    }

    override isAffected(document: LangiumDocument, changedUris: Set<string>): boolean {
        if (super.isAffected(document, changedUris)) return true;
        for (const uri of reachableImportUris(document, { shared: this.sharedServices })) {
            if (changedUris.has(uri)) return true;
        }
        return false;
    }
}
