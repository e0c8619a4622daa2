import { AstUtils, GrammarUtils, type LangiumDocument, type MaybePromise } from 'langium';
import { DefaultDefinitionProvider } from 'langium/lsp';
import type { DefinitionParams } from 'vscode-languageserver';
import { LocationLink, type Range } from 'vscode-languageserver-types';
import type { LangiumServices } from 'langium/lsp';
import type { DocumentStoreServices } from '../workspace/policy-documents.js';
import { accountDeclarations, accountIdAt, importTargetAt, leafAt } from './account-locations.js';

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Langium's go-to-definition (names → declarations, also across imports), plus: an account written
 * by id → its `account` declaration, and an `import` path → the imported file.
 */
export class BillingDefinitionProvider extends DefaultDefinitionProvider {
    private readonly store: DocumentStoreServices;

    constructor(services: LangiumServices) {
        super(services);
        this.store = services;
    }

    override getDefinition(document: LangiumDocument, params: DefinitionParams): MaybePromise<LocationLink[] | undefined> {
        const leaf = leafAt(document, document.textDocument.offsetAt(params.position));
        if (leaf) {
            const target = importTargetAt(document, leaf);
            if (target) return [LocationLink.create(target, START, START, leaf.range)];
            const id = leaf.astNode.$type === 'AccountRef' ? accountIdAt(leaf) : undefined;
            if (id !== undefined && (leaf.astNode as { id?: string }).id !== undefined) {
                const links = accountDeclarations(document, this.store, id).flatMap(account => {
                    const cst = account.$cstNode;
                    if (!cst) return [];
                    const selection = GrammarUtils.findNodeForProperty(cst, 'id') ?? cst;
                    const uri = AstUtils.getDocument(account).uri.toString();
                    return [LocationLink.create(uri, cst.range, selection.range, leaf.range)];
                });
                if (links.length > 0) return links;
            }
        }
        return super.getDefinition(document, params);
    }
}
