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
