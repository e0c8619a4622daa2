import * as path from 'node:path';
import { UriUtils, type LangiumDocument, type MaybePromise } from 'langium';
import type { DocumentLinkProvider } from 'langium/lsp';
import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver';
import { GrammarUtils } from 'langium';
import { isDataSource, isImport, isPolicy } from '../generated/ast.js';
import { isWellFormedPath, resolveImportUri } from '../workspace/policy-documents.js';

/**
 * Clickable paths: each `import "…"` opens the imported file, each plain `data "…"` path its data
 * file (globs and folders are not links). Ranges exclude the quotes.
 */
export class BillingDocumentLinkProvider implements DocumentLinkProvider {
    getDocumentLinks(document: LangiumDocument, _params: DocumentLinkParams): MaybePromise<DocumentLink[]> {
        const root = document.parseResult.value;
        if (!isPolicy(root)) return [];
        const links: DocumentLink[] = [];
        for (const statement of root.imports) {
            if (!isImport(statement) || typeof statement.path !== 'string' || !isWellFormedPath(statement.path)) continue;
            const cst = GrammarUtils.findNodeForProperty(statement.$cstNode, 'path');
            if (cst) links.push({ range: inner(document, cst), target: resolveImportUri(document, statement.path).toString(), tooltip: 'Open the imported policy' });
        }
        for (const statement of root.statements.filter(isDataSource)) {
            statement.paths.forEach((given, index) => {
                if (typeof given !== 'string' || !isWellFormedPath(given) || /[*?[{]/.test(given) || given.endsWith('/') || !path.extname(given)) return;
                const cst = GrammarUtils.findNodeForProperty(statement.$cstNode, 'paths', index);
                if (cst) links.push({ range: inner(document, cst), target: UriUtils.resolvePath(UriUtils.dirname(document.uri), given).toString(), tooltip: 'Open the data file' });
            });
        }
        return links;
    }
}

function inner(document: LangiumDocument, cst: { offset: number; end: number }): DocumentLink['range'] {
    return { start: document.textDocument.positionAt(cst.offset + 1), end: document.textDocument.positionAt(cst.end - 1) };
}
