import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextEdit } from 'vscode-languageserver-types';

/*
 * Text edits for quick fixes, computed on the document text so that they keep the user's layout:
 * removing one element of a comma list, removing whole statements with their line, inserting lines.
 */

/** Offsets [start, end) of a piece of text. */
export interface Span {
    readonly start: number;
    readonly end: number;
}

export function editOf(document: TextDocument, span: Span, newText: string): TextEdit {
    return { range: rangeOf(document, span), newText };
}

export function rangeOf(document: TextDocument, span: Span): Range {
    return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

export function spanOf(document: TextDocument, range: Range): Span {
    return { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
}

/**
 * The span to delete to remove one element of a comma-separated list: the element with the comma
 * after it (`a, ` of `a, b`), else with the comma before it (`, b`). Undefined when the element is
 * alone in its list (no comma on either side): the caller removes the whole clause instead.
 */
export function listElementRemoval(text: string, element: Span): Span | undefined {
    let after = element.end;
    while (after < text.length && isBlank(text[after]!)) after++;
    if (text[after] === ',') {
        let end = after + 1;
        while (end < text.length && isBlank(text[end]!)) end++;
        return { start: element.start, end };
    }
    let before = element.start - 1;
    while (before >= 0 && isBlank(text[before]!)) before--;
    if (before >= 0 && text[before] === ',') {
        let start = before;
        while (start > 0 && isBlank(text[start - 1]!)) start--;
        return { start, end: element.end };
    }
    return undefined;
}

/**
 * Widens a span that covers whole statements to whole lines: the indentation before it and the line
 * break after it go too, when nothing else is on those lines.
 */
export function wholeLines(text: string, span: Span): Span {
    let start = span.start;
    while (start > 0 && isBlank(text[start - 1]!)) start--;
    const lineStart = start === 0 || text[start - 1] === '\n';
    let end = span.end;
    while (end < text.length && isBlank(text[end]!)) end++;
    const lineEnd = end === text.length || text[end] === '\n' || text[end] === '\r';
    if (!lineStart || !lineEnd) return span;
    if (text[end] === '\r') end++;
    if (text[end] === '\n') end++;
    return { start, end };
}

/** The indentation (spaces and tabs) of the line `offset` is on. */
export function indentationAt(text: string, offset: number): string {
    let lineStart = offset;
    while (lineStart > 0 && text[lineStart - 1] !== '\n') lineStart--;
    let end = lineStart;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    return text.substring(lineStart, end);
}

/** The offset just after the line `offset` is on (after its line break, or the end of the text). */
export function endOfLine(text: string, offset: number): number {
    const newline = text.indexOf('\n', offset);
    return newline < 0 ? text.length : newline + 1;
}

/** The line break the document uses. */
export function lineBreakOf(text: string): string {
    return text.includes('\r\n') ? '\r\n' : '\n';
}

/** A word as the language accepts it unquoted (the ID terminal), else quoted. */
export function codeLiteral(value: string, keywords: ReadonlySet<string> = new Set()): string {
    return /^[a-zA-Z_][a-zA-Z0-9_.@+-]*$/.test(value) && !keywords.has(value) ? value : JSON.stringify(value);
}

function isBlank(char: string): boolean {
    return char === ' ' || char === '\t';
}
