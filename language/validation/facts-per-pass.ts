import type { LangiumCoreServices, LangiumDocument } from 'langium';

/**
 * `factsOf` asked once per document per validation pass instead of once per checked node: a 5,000-group policy has
 * tens of thousands of checked nodes, and finding a document's data and pricing is not free (issue 15: it was most
 * of an edit's time in `bench:lsp --groups 5000`). Forgotten before and after each document's validation, so a later
 * pass (the data loaded, another period) asks again.
 */
export function factsPerPass<F>(services: LangiumCoreServices, factsOf: (document: LangiumDocument) => F): (document: LangiumDocument) => F {
    let pass: { readonly document: LangiumDocument; readonly facts: F } | undefined;
    const registry = services.validation.ValidationRegistry;
    registry.registerBeforeDocument(() => { pass = undefined; });
    registry.registerAfterDocument(() => { pass = undefined; });
    return document => {
        if (pass?.document !== document) pass = { document, facts: factsOf(document) };
        return pass.facts;
    };
}
