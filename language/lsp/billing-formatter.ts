import {
    type AstNode, type CstNode, CstUtils, type CompositeCstNode, GrammarAST, isCompositeCstNode, isLeafCstNode,
    type LangiumDocument,
} from 'langium';
import { AbstractFormatter, Formatting, type FormattingAction, type FormattingContext } from 'langium/lsp';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver-types';
import { isGroup, isPlan, isPolicy, isRule, type Import, type Statement } from '../generated/ast.js';

/** The canonical layout indents blocks by two spaces whatever the editor's settings (like gofmt). */
export const CANONICAL_FORMATTING_OPTIONS: FormattingOptions = { tabSize: 2, insertSpaces: true };

/** Before a top-level statement: a new line at column 0, keeping at most one blank line. */
const TOP_LEVEL: FormattingAction = Formatting.fit(Formatting.newLine(), Formatting.newLines(2));
/** Before the first clause of a block: the next line, indented one level. */
const FIRST_CLAUSE: FormattingAction = { options: {}, moves: [{ lines: 1, tabs: 1 }] };
/** Before a later clause of a block: a new indented line, keeping at most one blank line. */
const NEXT_CLAUSE: FormattingAction = { options: {}, moves: [{ lines: 1, tabs: 1 }, { lines: 2, tabs: 1 }] };

/** Keywords that start a clause written directly in a block (not as a nested node). */
const CLAUSE_KEYWORDS = new Set(['rules', 'service', 'billing-entity', 'usage-type', 'operation']);
/** Keywords written without a space before them: `7%`, `a, b`. */
const TIGHT_KEYWORDS = new Set(['%', ',']);

/**
 * The canonical layout of `.billing` files (see examples/acme.billing):
 * - imports and statements start at column 0, one per line, at most one blank line between them;
 * - single spaces between tokens, none before `%` and `,`;
 * - groups and plans are blocks `name "desc" {` … `}` with one member / `rules` clause per line,
 *   indented by two spaces; rules stay on one line unless they list custom tiers, dated versions of their
 *   modifier (one version per line) or hold comments;
 * - comments are kept (the formatter only ever edits whitespace, so it cannot change meaning).
 */
export class BillingFormatter extends AbstractFormatter {
    protected override format(node: AstNode): void {
        if (!isPolicy(node) || !node.$cstNode) return;
        const elements: Array<Import | Statement> = [...node.imports, ...node.statements]
            .filter(element => element.$cstNode)
            .sort((a, b) => a.$cstNode!.offset - b.$cstNode!.offset);
        const rootContent = (node.$cstNode as CompositeCstNode).content ?? [];
        elements.forEach((element, index) => {
            const cst = element.$cstNode!;
            const startsDocument = index === 0 && (rootContent.length === 0 || rootContent[0].offset >= cst.offset);
            this.prepend(cst, startsDocument ? Formatting.noSpace() : TOP_LEVEL);
            this.layoutStatement(element, cst);
        });
    }

    private layoutStatement(element: Import | Statement, cst: CstNode): void {
        const leaves = tokensOf(cst);
        const open = leaves.find(leaf => isKeyword(leaf, '{'));
        if (!open) {
            this.inline(leaves.slice(1));
            return;
        }
        const block = open.container as CompositeCstNode;
        const openIndex = block.content.indexOf(open);
        const closeIndex = block.content.findIndex((child, i) => i > openIndex && isLeafCstNode(child) && isKeyword(child, '}'));
        const body = block.content.slice(openIndex + 1, closeIndex < 0 ? undefined : closeIndex);
        const multiLine = isGroup(element) || isPlan(element)
            || (isRule(element) && (element.tiers.length > 0 || element.modifiers.length > 1 || body.some(child => child.hidden)));

        this.inline(leaves.slice(1, leaves.indexOf(open) + 1));
        let clauses = 0;
        for (const child of body) {
            if (child.hidden) {
                if (multiLine) this.prepend(child, FIRST_CLAUSE);
                continue;
            }
            const tokens = tokensOf(child);
            if (this.startsClause(child, element)) {
                this.prepend(child, !multiLine ? Formatting.oneSpace() : clauses === 0 ? FIRST_CLAUSE : NEXT_CLAUSE);
                this.inline(tokens.slice(1));
                clauses++;
            } else {
                this.inline(tokens);
            }
        }
        if (closeIndex >= 0) {
            const close = block.content[closeIndex];
            const empty = body.length === 0;
            this.prepend(close, empty ? Formatting.noSpace() : multiLine ? Formatting.newLine() : Formatting.oneSpace());
        }
    }

    /** A clause is a nested node (group member, modifier, tier) or one of the field keywords of its block. */
    private startsClause(child: CstNode, element: AstNode): boolean {
        if (isCompositeCstNode(child)) return child.astNode !== element;
        return GrammarAST.isKeyword(child.grammarSource) && CLAUSE_KEYWORDS.has(child.text);
    }

    private inline(tokens: readonly CstNode[]): void {
        for (const token of tokens) {
            const tight = GrammarAST.isKeyword(token.grammarSource) && TIGHT_KEYWORDS.has(token.text);
            this.prepend(token, tight ? Formatting.noSpace() : Formatting.oneSpace());
        }
    }

    private prepend(node: CstNode, formatting: FormattingAction): void {
        this.collector(node, 'prepend', formatting);
    }

    /**
     * A comment on a line of its own: the whitespace before it becomes one or two line breaks (at
     * most one blank line, none at the start of the file) and the indentation of its context; the
     * further lines of a block comment move by as many columns as its first line. Langium's default
     * counts characters where it should count columns (a tab is several columns), which breaks
     * idempotence, keeps trailing spaces before the comment and keeps any number of blank lines.
     * A comment after a token on the same line is left where it is.
     */
    protected override createHiddenTextEdits(
        previous: CstNode | undefined, hidden: CstNode, formatting: FormattingAction | undefined, context: FormattingContext,
    ): TextEdit[] {
        const document = context.document;
        const start = hidden.range.start;
        if (previous && previous.range.end.line === start.line) return [];
        const lineStart = { line: start.line, character: 0 };
        const move = this.findFittingMove({ start: lineStart, end: start }, formatting?.moves ?? [], context);
        const indentation = this.getIndentationCharacterCount(context, move);
        const existing = columns(document.getText({ start: lineStart, end: start }), context.options.tabSize);
        const from = previous ? previous.range.end : { line: 0, character: 0 };
        const lineBreaks = previous ? Math.min(Math.max(start.line - from.line, 1), 2) : 0;
        const edits: TextEdit[] = [{ range: { start: from, end: start }, newText: '\n'.repeat(lineBreaks) + ' '.repeat(indentation) }];
        const shift = indentation - existing;
        for (let line = start.line + 1; shift !== 0 && line <= hidden.range.end.line; line++) {
            const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
            const leading = /^[ \t]*/.exec(text)![0];
            const target = Math.max(columns(leading, context.options.tabSize) + shift, 0);
            edits.push({ range: { start: { line, character: 0 }, end: { line, character: leading.length } }, newText: ' '.repeat(target) });
        }
        return edits;
    }

    /**
     * Langium leaves the space after a comment untouched when the next token should follow on the
     * same line. Here a token after a block comment on its line gets the requested spacing, and a
     * token after a comment that ends a line continues on the next line, one level deeper than its
     * statement or member.
     */
    protected override createTextEdit(a: CstNode | undefined, b: CstNode, formatting: FormattingAction, context: FormattingContext): TextEdit[] {
        if (a?.hidden && !b.hidden) {
            const range = { start: a.range.end, end: b.range.start };
            const move = this.findFittingMove(range, formatting.moves, context);
            if (move && move.characters !== undefined && move.lines === undefined && move.tabs === undefined) {
                if (range.start.line === range.end.line) return [this.createSpaceTextEdit(range, move.characters, formatting.options)];
                const indentation = (context.indentation + 1) * (context.options.insertSpaces ? context.options.tabSize : 1);
                return [{ range, newText: `\n${' '.repeat(indentation)}` }];
            }
        }
        return super.createTextEdit(a, b, formatting, context);
    }

    protected override doDocumentFormat(document: LangiumDocument, options: FormattingOptions, range?: Range): TextEdit[] {
        const edits = super.doDocumentFormat(document, { ...options, ...CANONICAL_FORMATTING_OPTIONS }, range);
        const finalNewline = this.finalNewline(document, range);
        return finalNewline ? [...edits, finalNewline] : edits;
    }

    /** Whole-document formatting ends the file with exactly one line break. */
    private finalNewline(document: LangiumDocument, range: Range | undefined): TextEdit | undefined {
        if (range) return undefined;
        const text = document.textDocument.getText();
        const contentEnd = text.trimEnd().length;
        if (contentEnd === 0 || text.slice(contentEnd) === '\n') return undefined;
        const textDocument = document.textDocument;
        return { range: { start: textDocument.positionAt(contentEnd), end: textDocument.positionAt(text.length) }, newText: '\n' };
    }
}

/** The width of leading whitespace, a tab counting `tabSize` columns. */
function columns(whitespace: string, tabSize: number): number {
    let width = 0;
    for (const char of whitespace) width += char === '\t' ? tabSize : 1;
    return width;
}

/** The non-hidden leaf tokens of a CST node, in text order. */
function tokensOf(node: CstNode): CstNode[] {
    if (isLeafCstNode(node)) return node.hidden ? [] : [node];
    return CstUtils.streamCst(node).filter(child => isLeafCstNode(child) && !child.hidden).toArray();
}

function isKeyword(node: CstNode, value: string): boolean {
    return GrammarAST.isKeyword(node.grammarSource) && node.text === value;
}
