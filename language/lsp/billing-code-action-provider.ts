import {
    AstUtils, CstUtils, GrammarAST, type AstNode, type DiagnosticData, type LangiumDocument, type MaybePromise, type Reference,
    type ReferenceInfo,
} from 'langium';
import type { CodeActionProvider, LangiumServices } from 'langium/lsp';
import type { CodeActionParams } from 'vscode-languageserver';
import { CodeActionKind, type CodeAction, type Command, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import {
    isAccountRef, isGroup, isLineItemBase, isMembership, isPlan, isPolicy, isPrimary, isRule,
    type Policy,
} from '../generated/ast.js';
import { closestMatch } from '../validation/closest-match.js';
import { Issues, KNOWN_BILLING_ENTITIES } from '../validation/issue-codes.js';
import { accountIdOf } from '../validation/accounts.js';
import { leaveOtherGroups, overlappingMembershipFixes } from './membership-fixes.js';
import {
    codeLiteral, editOf, endOfLine, indentationAt, lineBreakOf, listElementRemoval, spanOf, wholeLines, type Span,
} from './text-edits.js';

/** A quick fix in the making: its title and the edits to the diagnostic's document. */
export interface QuickFix {
    readonly title: string;
    readonly edits: readonly TextEdit[];
    /** The one fix to apply when the user asks to "auto fix" (only when it is clearly what was meant). */
    readonly preferred?: boolean;
}

/**
 * Quick fixes for catalogue codes whose fix is clear:
 * - BIL003–BIL006 unknown account, rule, plan or line item name → the closest declared name;
 * - BIL024 unknown billing entity → the closest of AWS, AWS Marketplace, AISPL;
 * - BIL039 unused rule, BIL053 unused plan → remove the declaration;
 * - BIL051 rule listed twice in a plan, BIL082 base listed twice → remove the repetition;
 * - BIL061 primary not a member → add the primary to the group's accounts;
 * - BIL065 account in two groups (or twice in one) for overlapping periods → remove this membership (never a group's
 *   primary), move the account to this group, or limit this membership with from/until (each leaves no new error).
 * Subclasses add fixes that need more than the text (the language server adds data-driven ones).
 */
export class BillingCodeActionProvider implements CodeActionProvider {
    protected readonly services: LangiumServices;
    private keywordSet?: ReadonlySet<string>;

    constructor(services: LangiumServices) {
        this.services = services;
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction> | undefined> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            const code = (diagnostic.data as DiagnosticData | undefined)?.code ?? (typeof diagnostic.code === 'string' ? diagnostic.code : undefined);
            if (!code) continue;
            let fixes: readonly QuickFix[] = [];
            try {
                fixes = this.fixesFor(code, diagnostic, document);
            } catch (error) {
                // A fix that cannot be computed is left out; the other fixes still show.
                console.error(`quick fix for ${code} failed:`, error);
            }
            for (const fix of fixes) {
                actions.push({
                    title: fix.title,
                    kind: CodeActionKind.QuickFix,
                    diagnostics: [diagnostic],
                    isPreferred: fix.preferred ?? false,
                    edit: { changes: { [document.textDocument.uri]: [...fix.edits] } },
                });
            }
        }
        return actions;
    }

    protected fixesFor(code: string, diagnostic: Diagnostic, document: LangiumDocument): readonly QuickFix[] {
        switch (code) {
            case Issues.unknownAccount.code:
            case Issues.unknownRule.code:
            case Issues.unknownPlan.code:
            case Issues.unknownLineItem.code:
                return this.renameToClosest(diagnostic, document);
            case Issues.unknownBillingEntity.code:
                return this.replaceValue(diagnostic, document, KNOWN_BILLING_ENTITIES);
            case Issues.unusedRule.code:
            case Issues.unusedPlan.code:
                return this.removeDeclaration(diagnostic, document);
            case Issues.duplicateRuleInPlan.code:
            case Issues.duplicateBase.code:
                return this.removeListElement(diagnostic, document, 'the repeated entry');
            case Issues.primaryNotMember.code:
                return this.addPrimaryToAccounts(diagnostic, document);
            case Issues.overlappingMembership.code:
                return this.removeMembership(diagnostic, document);
            default:
                return [];
        }
    }

    /** The AST node whose text starts where the diagnostic starts, innermost first matching `guard`. */
    protected nodeAt<T extends AstNode>(document: LangiumDocument, diagnostic: Diagnostic, guard: (node: AstNode) => node is T): T | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(diagnostic.range.start));
        return leaf ? AstUtils.getContainerOfType(leaf.astNode, guard) : undefined;
    }

    /** BIL003–006: replace the unresolved name with the closest name in scope. */
    protected renameToClosest(diagnostic: Diagnostic, document: LangiumDocument): QuickFix[] {
        const found = this.referenceAt(document, diagnostic);
        if (!found) return [];
        const scope = this.services.references.ScopeProvider.getScope(found.info);
        const names = scope.getAllElements().map(element => element.name).distinct().toArray();
        const suggestion = closestMatch(found.reference.$refText, names);
        if (!suggestion) return [];
        // Account names may be quoted strings; rule, plan and line item names are always plain names.
        const newText = isAccountRef(found.info.container) ? codeLiteral(suggestion, this.keywords()) : suggestion;
        return [{
            title: `Change to '${suggestion}'`,
            edits: [{ range: diagnostic.range, newText }],
            preferred: true,
        }];
    }

    /** The cross-reference whose text the diagnostic covers. */
    protected referenceAt(document: LangiumDocument, diagnostic: Diagnostic): { reference: Reference; info: ReferenceInfo } | undefined {
        const start = document.textDocument.offsetAt(diagnostic.range.start);
        for (const node of AstUtils.streamAst(document.parseResult.value)) {
            for (const info of AstUtils.streamReferences(node)) {
                const refNode = info.reference.$refNode;
                if (refNode && refNode.offset === start) {
                    return { reference: info.reference as Reference, info: { reference: info.reference, container: info.container, property: info.property, index: info.index } };
                }
            }
        }
        return undefined;
    }

    /** Replace the value the diagnostic covers with the closest candidate. */
    protected replaceValue(diagnostic: Diagnostic, document: LangiumDocument, candidates: readonly string[]): QuickFix[] {
        const written = unquote(document.textDocument.getText(diagnostic.range));
        const suggestion = closestMatch(written, candidates);
        if (!suggestion) return [];
        return [{ title: `Change to '${suggestion}'`, edits: [{ range: diagnostic.range, newText: codeLiteral(suggestion, this.keywords()) }], preferred: true }];
    }

    /** BIL039 / BIL053: remove the unused rule or plan, with its line(s) and the comments right above it. */
    protected removeDeclaration(diagnostic: Diagnostic, document: LangiumDocument): QuickFix[] {
        const node = this.nodeAt(document, diagnostic, (n): n is AstNode => isRule(n) || isPlan(n));
        const cst = node?.$cstNode;
        if (!node || !cst) return [];
        const text = document.textDocument.getText();
        const span = wholeLines(text, { start: cst.offset, end: cst.end });
        const kind = isRule(node) ? 'rule' : 'plan';
        return [{ title: `Remove unused ${kind} '${(node as { name?: string }).name ?? ''}'`, edits: [editOf(document.textDocument, span, '')] }];
    }

    /** BIL051 / BIL082: remove one element of a comma list (a plan's rules, a line item's bases). */
    protected removeListElement(diagnostic: Diagnostic, document: LangiumDocument, what: string): QuickFix[] {
        const text = document.textDocument.getText();
        let element = spanOf(document.textDocument, diagnostic.range);
        const base = this.nodeAt(document, diagnostic, isLineItemBase);
        if (base?.$cstNode) element = { start: base.$cstNode.offset, end: base.$cstNode.end };
        const removal = listElementRemoval(text, element) ?? this.soleRuleClause(text, element);
        if (!removal) return [];
        const written = text.substring(element.start, element.end);
        return [{ title: `Remove ${what} '${written}'`, edits: [editOf(document.textDocument, removal, '')], preferred: true }];
    }

    /** A plan may repeat `rules`: a repeated rule alone in its clause goes with its `rules` keyword. */
    private soleRuleClause(text: string, element: Span): Span | undefined {
        const before = text.substring(0, element.start).trimEnd();
        if (!before.endsWith('rules')) return undefined;
        return wholeLines(text, { start: before.length - 'rules'.length, end: element.end });
    }

    /** BIL061: append the primary to the group's unrestricted `accounts` line, or add such a line. */
    protected addPrimaryToAccounts(diagnostic: Diagnostic, document: LangiumDocument): QuickFix[] {
        const primary = this.nodeAt(document, diagnostic, isPrimary);
        const group = primary && AstUtils.getContainerOfType(primary, isGroup);
        if (!primary?.account?.$cstNode || !group || !primary.$cstNode) return [];
        const text = document.textDocument.getText();
        const written = primary.account.$cstNode.text;
        const id = accountIdOf(primary.account);
        // The primary in another group of this file: adding it here alone would make BIL065 (whose fix undid this one).
        const leave = id === undefined ? { groups: [], spans: [] } : leaveOtherGroups(document, group, id);
        if (!leave) return [];
        const removals = leave.spans.map(span => editOf(document.textDocument, span, ''));
        const open = group.members.filter(isMembership).find(m => !m.from && !m.until && m.accounts.length > 0);
        const title = leave.groups.length > 0
            ? `Move ${written} to group '${group.name}' (remove it from ${leave.groups.map(name => `'${name}'`).join(', ')})`
            : `Add ${written} to the accounts of group '${group.name}'`;
        if (open) {
            const last = open.accounts[open.accounts.length - 1]!.$cstNode!;
            return [{ title, edits: [editOf(document.textDocument, { start: last.end, end: last.end }, `, ${written}`), ...removals], preferred: true }];
        }
        const at = endOfLine(text, primary.$cstNode.end);
        const indentation = indentationAt(text, primary.$cstNode.offset);
        const lineBreak = lineBreakOf(text);
        const prefix = at === text.length && !text.endsWith('\n') ? lineBreak : '';
        return [{ title, edits: [editOf(document.textDocument, { start: at, end: at }, `${prefix}${indentation}accounts ${written}${lineBreak}`), ...removals], preferred: true }];
    }

    /** BIL065: fixes that each leave no new error (membership-fixes.ts). */
    protected removeMembership(diagnostic: Diagnostic, document: LangiumDocument): QuickFix[] {
        const ref = this.nodeAt(document, diagnostic, isAccountRef);
        return ref ? overlappingMembershipFixes(document, ref) : [];
    }

    /** Keywords of the grammar: such a word needs quotes where a name or code is expected. */
    protected keywords(): ReadonlySet<string> {
        return this.keywordSet ??= new Set(AstUtils.streamAllContents(this.services.Grammar).filter(GrammarAST.isKeyword).map(keyword => keyword.value));
    }
}

function unquote(text: string): string {
    return /^(".*"|'.*')$/s.test(text) ? text.slice(1, -1) : text;
}

/** The policy root of a document, if it parsed to one. */
export function policyOf(document: LangiumDocument): Policy | undefined {
    const root = document.parseResult.value;
    return isPolicy(root) ? root : undefined;
}
