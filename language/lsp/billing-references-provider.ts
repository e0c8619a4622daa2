import type { LangiumDocument, LangiumSharedCoreServices, MaybePromise } from 'langium';
import { DefaultReferencesProvider, type LangiumServices } from 'langium/lsp';
import type { ReferenceParams } from 'vscode-languageserver';
import { Location } from 'vscode-languageserver-types';
import { accountIdAt, idReferences, leafAt } from './account-locations.js';

/**
 * Langium's find-references, plus the places an account is written by id: for accounts, the name
 * and the 12-digit id are two spellings of one thing.
 */
export class BillingReferencesProvider extends DefaultReferencesProvider {
    private readonly shared: LangiumSharedCoreServices;

    constructor(services: LangiumServices) {
        super(services);
        this.shared = services.shared;
    }

    override findReferences(document: LangiumDocument, params: ReferenceParams): MaybePromise<Location[]> {
        const locations = [...(super.findReferences(document, params) as Location[])];
        const leaf = leafAt(document, document.textDocument.offsetAt(params.position));
        const id = leaf ? accountIdAt(leaf) : undefined;
        if (id === undefined) return locations;
        const seen = new Set(locations.map(key));
        for (const found of idReferences({ shared: this.shared }, id)) {
            const location = Location.create(found.document.uri.toString(), found.leaf.range);
            if (!seen.has(key(location))) {
                seen.add(key(location));
                locations.push(location);
            }
        }
        return locations;
    }
}

function key(location: Location): string {
    const { start, end } = location.range;
    return `${location.uri}:${start.line}:${start.character}:${end.line}:${end.character}`;
}
