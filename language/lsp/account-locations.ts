import { AstUtils, CstUtils, GrammarAST, type LangiumDocument, type LeafCstNode } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import { isAccount, isAccountRef, isImport, isPolicy, type Account } from '../generated/ast.js';
import { isWellFormedPath, policyDocuments, resolveImportUri, type DocumentStoreServices } from '../workspace/policy-documents.js';

/*
 * Accounts are written by name (a cross-reference Langium follows) or by 12-digit id (a plain
 * number Langium knows nothing about). These helpers let definition, references and hover treat
 * both spellings as the same account.
 */

/** The token under the cursor, if any (not whitespace or a comment). */
export function leafAt(document: LangiumDocument, offset: number): LeafCstNode | undefined {
    const root = document.parseResult.value.$cstNode;
    if (!root) return undefined;
    const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
    return leaf && !leaf.hidden ? leaf : undefined;
}

/** The account id a token stands for: an id or name in an account reference, or an account declaration. */
export function accountIdAt(leaf: LeafCstNode): string | undefined {
    const node = leaf.astNode;
    if (isAccountRef(node)) return node.id ?? node.account?.ref?.id;
    if (isAccount(node) && !GrammarAST.isKeyword(leaf.grammarSource)) return node.id;
    return undefined;
}

/** Declarations of an account id in a document's policy (the document and its imports). */
export function accountDeclarations(document: LangiumDocument, services: DocumentStoreServices, id: string): Account[] {
    return policyDocuments(document, services).flatMap(doc => {
        const root = doc.parseResult.value;
        return isPolicy(root) ? root.statements.filter(isAccount).filter(account => account.id === id) : [];
    });
}

/** Every account reference written as this id, in the loaded documents, with the document holding it. */
export function idReferences(services: DocumentStoreServices, id: string): Array<{ document: LangiumDocument; leaf: { range: Range } }> {
    const found: Array<{ document: LangiumDocument; leaf: { range: Range } }> = [];
    for (const document of services.shared.workspace.LangiumDocuments.all) {
        for (const ref of AstUtils.streamAst(document.parseResult.value).filter(isAccountRef)) {
            if (ref.id === id && ref.$cstNode) found.push({ document, leaf: { range: ref.$cstNode.range } });
        }
    }
    return found;
}

/** The file an `import` path token points at. */
export function importTargetAt(document: LangiumDocument, leaf: LeafCstNode): string | undefined {
    const node = leaf.astNode;
    if (!isImport(node) || typeof node.path !== 'string' || !isWellFormedPath(node.path) || GrammarAST.isKeyword(leaf.grammarSource)) return undefined;
    return resolveImportUri(document, node.path).toString();
}
