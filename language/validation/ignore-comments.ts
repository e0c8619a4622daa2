import { diagnosticData, type LangiumDocument } from 'langium';
import type { Lexer } from 'langium';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { issueByCode, Issues, type IssueDefinition } from './issue-codes.js';

/**
 * `// billing-ignore BIL100 reason`: silences the named warnings and infos of the comment's own line and of the next
 * line, in the editor and in `billing validate` alike (both validate through BillingDocumentValidator). The reason is
 * required (BIL126 otherwise, and the comment silences nothing); a code that silences nothing is BIL127. Errors are
 * never silenced: a policy with errors cannot be billed, and compiling relies on it.
 */
export interface IgnoreComment {
    /** 0-based line of the comment. */
    readonly line: number;
    readonly range: Range;
    readonly codes: readonly { readonly code: string; readonly range: Range }[];
    /** The text after the codes, trimmed ('' when there is none). */
    readonly reason: string;
}

const MARKER = 'billing-ignore';
const COMMENT = /^\/\/\s*billing-ignore\b([\s\S]*)$/;
const CODE = /^\s*,?\s*(BIL\d{3})\b/;

/** The `// billing-ignore` comments of a text (real comments only: the lexer's hidden SL_COMMENT tokens, never strings). */
export function ignoreComments(text: string, lexer: Lexer): IgnoreComment[] {
    if (!text.includes(MARKER)) return [];
    const comments: IgnoreComment[] = [];
    for (const token of lexer.tokenize(text).hidden) {
        const match = COMMENT.exec(token.image);
        if (!match) continue;
        const line = (token.startLine ?? 1) - 1;
        const column = (token.startColumn ?? 1) - 1;
        let rest = match[1]!;
        let offset = token.image.length - rest.length;
        const codes: { code: string; range: Range }[] = [];
        for (let found = CODE.exec(rest); found; found = CODE.exec(rest)) {
            const start = offset + found[0].length - found[1]!.length;
            codes.push({ code: found[1]!, range: { start: { line, character: column + start }, end: { line, character: column + start + found[1]!.length } } });
            offset += found[0].length;
            rest = rest.slice(found[0].length);
        }
        if (codes.length === 0) continue; // `// billing-ignore` as prose: nothing is asked for
        const reason = rest.replace(/^\s*(--|:|—|-)?\s*/, '').trim();
        comments.push({ line, codes, reason, range: { start: { line, character: column }, end: { line, character: column + token.image.length } } });
    }
    return comments;
}

/** Data-aware codes (the catalogue entries with a `dataContext`): checked only in the `data` category. */
export function isDataAwareCode(code: string): boolean {
    return issueByCode(code)?.dataContext !== undefined;
}

/**
 * Applies the document's ignore comments to the diagnostics one validation produced (`categories`: those it ran),
 * and adds BIL126/BIL127 for the comments. Each pass judges the codes it produces: the typing checks the language
 * codes, the `data` category the data-aware ones — and those only when `dataChecked` (the data checks had data).
 */
export function applyIgnoreComments(
    document: LangiumDocument, lexer: Lexer, diagnostics: Diagnostic[], categories: readonly string[] | undefined, dataChecked: boolean,
): Diagnostic[] {
    const comments = ignoreComments(document.textDocument.getText(), lexer);
    if (comments.length === 0) return diagnostics;
    const runsFast = !categories || categories.includes('fast');
    const runsData = !categories || categories.includes('data');
    const judged = (code: string): boolean => (isDataAwareCode(code) ? runsData && dataChecked : runsFast);
    const silenced = new Set<Diagnostic>();
    const extra: Diagnostic[] = [];
    for (const comment of comments) {
        if (!comment.reason) {
            if (runsFast) extra.push(toDiagnostic(Issues.ignoreWithoutReason, comment.range, comment.codes.map(entry => entry.code).join(', ')));
            continue;
        }
        for (const { code, range } of comment.codes) {
            const issue = issueByCode(code);
            const matching = diagnostics.filter(diagnostic => diagnostic.code === code
                && (diagnostic.range.start.line === comment.line || diagnostic.range.start.line === comment.line + 1));
            const ignorable = matching.filter(diagnostic => (diagnostic.severity ?? DiagnosticSeverity.Error) !== DiagnosticSeverity.Error);
            ignorable.forEach(diagnostic => silenced.add(diagnostic));
            if (!judged(code) || ignorable.length > 0) continue;
            const why = !issue ? `${code} is no diagnostic code of the language (docs/diagnostics.md lists them)`
                : issue.severity === 'error' || matching.length > 0 ? `${code} is an error, and errors cannot be silenced`
                    : `no ${code} diagnostic on this line or the next`;
            extra.push(toDiagnostic(Issues.unusedIgnore, range, code, why));
        }
    }
    return [...diagnostics.filter(diagnostic => !silenced.has(diagnostic)), ...extra];
}

function toDiagnostic<Args extends readonly unknown[]>(issue: IssueDefinition<Args>, range: Range, ...args: Args): Diagnostic {
    return {
        range, code: issue.code, message: issue.message(...args), source: 'billing',
        severity: issue.severity === 'error' ? DiagnosticSeverity.Error : issue.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
        data: diagnosticData(issue.code),
    };
}
