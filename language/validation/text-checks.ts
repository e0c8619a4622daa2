import { AstUtils, CstUtils, isLeafCstNode, type LeafCstNode, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { BillingAstType, Policy } from '../generated/ast.js';
import { Issues, Limits } from './issue-codes.js';
import { reportIssue } from './report.js';

/** C0 and C1 controls and DEL: what moves a terminal's cursor, starts an escape sequence or a new line. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Bidirectional controls (Trojan Source, CVE-2021-42574). */
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Checks on the text of the tokens themselves, over the document's CST in one pass: control characters in strings
 * (as written or as an escape such as `\n`), numbers beyond the range of bill amounts, and bidirectional controls
 * outside strings. Policies come from pull requests others write; what they name ends up in logs, PR comments and
 * spreadsheets, and their figures are priced.
 */
export function textChecks(): ValidationChecks<BillingAstType> {
    return { Policy: checkTokens };
}

function checkTokens(policy: Policy, accept: ValidationAcceptor): void {
    const root = policy.$cstNode;
    if (!root) return;
    const stringOffsets: Array<readonly [number, number]> = [];
    for (const node of CstUtils.streamCst(root)) {
        if (!isLeafCstNode(node)) continue;
        const token = node.tokenType.name;
        if (token === 'STRING') {
            stringOffsets.push([node.offset, node.end]);
            checkString(policy, node, accept);
        } else if (token === 'NUMBER') {
            checkNumber(policy, node, accept);
        }
    }
    checkBidi(policy, stringOffsets, accept);
}

function checkString(policy: Policy, leaf: LeafCstNode, accept: ValidationAcceptor): void {
    const value = unquoted(leaf.text);
    const match = CONTROL.exec(value);
    if (!match) return;
    reportIssue(accept, Issues.controlCharacter, { node: policy, range: leaf.range }, codePoint(match[0]));
}

/** A STRING token's value, escapes resolved as the value converter resolves them (`\n` is a line break). */
function unquoted(text: string): string {
    const escapes: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '0': '\0' };
    return text.slice(1, -1).replace(/\\(.)/gs, (_, char: string) => escapes[char] ?? char);
}

function checkNumber(policy: Policy, leaf: LeafCstNode, accept: ValidationAcceptor): void {
    const text = leaf.text.startsWith('-') ? leaf.text.slice(1) : leaf.text;
    const point = text.indexOf('.');
    const integerDigits = point < 0 ? text.length : point;
    const decimals = point < 0 ? 0 : text.length - point - 1;
    if (integerDigits <= Limits.numberIntegerDigits && decimals <= Limits.numberDecimals) return;
    reportIssue(accept, Issues.numberTooLarge, { node: policy, range: leaf.range }, integerDigits, decimals);
}

function checkBidi(policy: Policy, strings: ReadonlyArray<readonly [number, number]>, accept: ValidationAcceptor): void {
    const document = AstUtils.getDocument(policy);
    const text = document.textDocument.getText();
    let next = 0;
    for (const match of text.matchAll(BIDI)) {
        const offset = match.index;
        while (next < strings.length && strings[next]![1] <= offset) next++;
        if (next < strings.length && strings[next]![0] <= offset) continue; // inside a string literal
        const start = document.textDocument.positionAt(offset);
        const range = { start, end: document.textDocument.positionAt(offset + match[0].length) };
        reportIssue(accept, Issues.bidiControl, { node: policy, range }, codePoint(match[0]));
    }
}

function codePoint(char: string): string {
    return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
