import { AstUtils, type AstNode, type DiagnosticInfo, diagnosticData, GrammarUtils, type ValidationAcceptor } from 'langium';
import type { DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import type { IssueDefinition } from './issue-codes.js';

/** Where a diagnostic goes: a node and optionally one of its properties or keywords, plus related places. */
export type IssueLocation<N extends AstNode> = Omit<DiagnosticInfo<N>, 'code' | 'data'>;

/**
 * Reports a catalogue issue. Every diagnostic of the language goes through here (or through the
 * document validator for lexer, parser and linker errors), so each one carries its catalogue code both
 * as the LSP `code` (shown to users) and in `data.code` (read by code actions).
 */
export function reportIssue<Args extends readonly unknown[], N extends AstNode>(
    accept: ValidationAcceptor,
    issue: IssueDefinition<Args>,
    location: IssueLocation<N>,
    ...args: Args
): void {
    const info: DiagnosticInfo<N> = { ...location, code: issue.code, data: diagnosticData(issue.code) } as DiagnosticInfo<N>;
    accept(issue.severity, issue.message(...args), info);
}

/** A related location for `relatedInformation`: a node (or one of its properties), possibly in another file. */
export function relatedAt(node: AstNode, message: string, property?: string, index?: number): DiagnosticRelatedInformation {
    const document = AstUtils.getDocument(node);
    const cst = (property ? GrammarUtils.findNodeForProperty(node.$cstNode, property, index) : undefined) ?? node.$cstNode;
    const range = cst?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { location: { uri: document.uri.toString(), range }, message };
}

/** `true` when the node was parsed from `document`'s text (not from an imported file). */
export function isInDocument(node: AstNode, root: AstNode): boolean {
    return AstUtils.findRootNode(node) === root;
}

/** At most this many related locations per diagnostic: a thousand duplicates must not make a message of a million. */
export const MAX_RELATED = 10;

/**
 * Related locations for the first `MAX_RELATED` of `others` and, for the rest, one entry (at the next of them) that
 * counts them: the diagnostic's size stays bounded however many duplicates there are. `total` is how many others
 * there are in all when `others` was cut short (see `othersOf`).
 */
export function relatedCapped<T>(
    others: readonly T[], related: (other: T) => DiagnosticRelatedInformation, total = others.length,
): DiagnosticRelatedInformation[] {
    const shown = others.slice(0, MAX_RELATED).map(related);
    const rest = total - shown.length;
    if (rest > 0 && others.length > MAX_RELATED) {
        shown.push({ location: related(others[MAX_RELATED]!).location, message: `and ${rest.toLocaleString('en-US')} more (not listed)` });
    }
    return shown;
}

/**
 * The elements of `group` (which holds `self`) other than `self`: the first `MAX_RELATED + 1`, enough for
 * `relatedCapped`, and how many in all — in constant time per call, so reporting every member of a group of n
 * duplicates costs O(n), not O(n²).
 */
export function othersOf<T>(group: readonly T[], self: T): { readonly others: T[]; readonly total: number } {
    const others: T[] = [];
    for (const element of group) {
        if (others.length > MAX_RELATED) break;
        if (element !== self) others.push(element);
    }
    return { others, total: group.length - 1 };
}
