import { AstUtils, CstUtils, GrammarAST, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import { DefaultRenameProvider, type LangiumServices } from 'langium/lsp';
import { ErrorCodes, ResponseError, type RenameParams, type TextDocumentPositionParams } from 'vscode-languageserver';
import { TextEdit, type Range, type WorkspaceEdit } from 'vscode-languageserver-types';
import { isAccount } from '../generated/ast.js';
import { codeLiteral } from './text-edits.js';

const ID = /^[a-zA-Z_][a-zA-Z0-9_.@+-]*$/;

/**
 * Rename that writes valid text: an account name is a string in its declaration (`"web prod"`) and
 * a plain word or a string where it is used (`primary web-prod`, `primary "web prod"`), so each
 * place gets the spelling it needs; rule, plan, group and line item names must be plain names and
 * a new name that is not one is refused with a message.
 */
export class BillingRenameProvider extends DefaultRenameProvider {
    private readonly keywords: ReadonlySet<string>;
    /** Keywords the `Name` rule accepts as names. */
    private readonly nameKeywords: ReadonlySet<string>;

    constructor(services: LangiumServices) {
        super(services);
        const grammar = services.Grammar;
        this.keywords = new Set(AstUtils.streamAllContents(grammar).filter(GrammarAST.isKeyword).map(keyword => keyword.value));
        const nameRule = grammar.rules.find(rule => rule.name === 'Name');
        this.nameKeywords = new Set(nameRule ? AstUtils.streamAllContents(nameRule).filter(GrammarAST.isKeyword).map(keyword => keyword.value) : []);
    }

    /** The name's range, inside the quotes of a quoted name, so that the editor offers the bare name. */
    override prepareRename(document: LangiumDocument, params: TextDocumentPositionParams): MaybePromise<Range | undefined> {
        const range = this.renameNodeRange(document, params.position);
        if (!range) return undefined;
        const text = document.textDocument.getText(range);
        if (text.length < 2 || unquote(text) === text) return range;
        const start = document.textDocument.offsetAt(range.start);
        return { start: document.textDocument.positionAt(start + 1), end: document.textDocument.positionAt(start + text.length - 1) };
    }

    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        const target = this.targetAt(document, params);
        if (!target) return undefined;
        const newName = unquote(params.newName.trim());
        if (newName.length === 0) throw new ResponseError(ErrorCodes.InvalidParams, 'a name cannot be empty');
        if (!isAccount(target) && !ID.test(newName) && !this.nameKeywords.has(newName)) {
            throw new ResponseError(ErrorCodes.InvalidParams,
                `'${newName}' is not a valid name: use letters, digits, '_', '-', '.', '@' and '+', starting with a letter or '_'`);
        }
        const changes: Record<string, TextEdit[]> = {};
        const declaration = this.nameProvider.getNameNode(target);
        for (const reference of this.references.findReferences(target, { includeDeclaration: true })) {
            const isDeclaration = declaration !== undefined && reference.sourceUri.toString() === AstUtils.getDocument(target).uri.toString()
                && reference.segment.offset === declaration.offset;
            const newText = !isAccount(target) ? newName : isDeclaration ? JSON.stringify(newName) : codeLiteral(newName, this.keywords);
            (changes[reference.sourceUri.toString()] ??= []).push(TextEdit.replace(reference.segment.range, newText));
        }
        return { changes };
    }

    private targetAt(document: LangiumDocument, params: RenameParams): AstNode | undefined {
        const range = this.renameNodeRange(document, params.position);
        const root = document.parseResult.value.$cstNode;
        if (!range || !root) return undefined;
        const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(range.start));
        return leaf ? this.references.findDeclarations(leaf)[0] : undefined;
    }
}

function unquote(text: string): string {
    return /^(".*"|'.*')$/s.test(text) ? text.slice(1, -1) : text;
}
