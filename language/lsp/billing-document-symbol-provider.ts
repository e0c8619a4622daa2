import { type AstNode, GrammarUtils, type LangiumDocument } from 'langium';
import type { DocumentSymbolProvider } from 'langium/lsp';
import { type DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import {
    isAccount, isDataSource, isFlatCharge, isGroup, isImport, isLineItem, isPercentCharge, isPlan, isRule,
    isMarkup, isTiering, type Account, type Group, type LineItem, type Modifier, type Plan, type Policy, type Rule,
} from '../generated/ast.js';
import { anyDated, planRuleReferences } from '../validation/dated-clauses.js';
import { rulePercent, ruleScope, ruleType } from '../compile/rule-shape.js';

/**
 * The outline of a policy: imports, data sources, accounts, rules, plans and groups, with each
 * group's custom line items beneath it. Langium's default only lists nodes with a `name`, which
 * would drop unnamed accounts and show named ones without their id.
 */
export class BillingDocumentSymbolProvider implements DocumentSymbolProvider {
    getSymbols(document: LangiumDocument): DocumentSymbol[] {
        const root = document.parseResult.value as Policy;
        const symbols: DocumentSymbol[] = [];
        for (const node of [...(root.imports ?? []), ...(root.statements ?? [])]) {
            const symbol = this.symbolOf(node);
            if (symbol) symbols.push(symbol);
        }
        return symbols.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    }

    private symbolOf(node: AstNode): DocumentSymbol | undefined {
        if (isImport(node)) return this.create(node, 'path', node.path, SymbolKind.File, 'import');
        if (isDataSource(node)) return this.create(node, 'paths', node.paths.join(', '), SymbolKind.File, 'data');
        if (isAccount(node)) return this.accountSymbol(node);
        if (isRule(node)) return this.create(node, 'name', node.name, SymbolKind.Function, describeRule(node));
        if (isPlan(node)) {
            return this.create(node, 'name', node.name, SymbolKind.Class, describePlanRules(node));
        }
        if (isGroup(node)) return this.groupSymbol(node);
        return undefined;
    }

    /** Accounts read `name (id)`; the id alone when unnamed. The detail says payer or linked account. */
    private accountSymbol(account: Account): DocumentSymbol | undefined {
        const label = account.name ? `${account.name} (${account.id})` : account.id;
        return this.create(account, 'id', label, account.payer ? SymbolKind.Constant : SymbolKind.Variable,
            account.payer ? 'payer' : 'account');
    }

    private groupSymbol(group: Group): DocumentSymbol | undefined {
        const symbol = this.create(group, 'name', group.name, SymbolKind.Namespace, group.description);
        if (!symbol) return undefined;
        const children = group.members.filter(isLineItem)
            .map(item => this.create(item, 'name', item.name, SymbolKind.Field, describeLineItem(item)))
            .filter((child): child is DocumentSymbol => child !== undefined);
        return children.length > 0 ? { ...symbol, children } : symbol;
    }

    private create<T extends AstNode>(node: T, property: keyof T & string, name: string | undefined, kind: SymbolKind,
        detail?: string): DocumentSymbol | undefined {
        const cst = node.$cstNode;
        if (!cst) return undefined;
        const selection = GrammarUtils.findNodeForProperty(cst, property) ?? cst;
        return {
            name: name && name.length > 0 ? name : selection.text || '(unnamed)',
            kind,
            range: cst.range,
            selectionRange: selection.range,
            ...(detail ? { detail } : {}),
        };
    }
}

/** e.g. `standard-markup, ec2-discount`; dated lines with their range: `a, b until 2026-04; a, c from 2026-04`. */
function describePlanRules(plan: Plan): string {
    if (!anyDated(plan.ruleLists)) return planRuleReferences(plan).map(ref => ref.$refText).join(', ');
    return plan.ruleLists.map(list => [list.rules.map(ref => ref.$refText).join(', '), rangeText(list)].filter(Boolean).join(' ')).join('; ');
}

/** `from 2026-04`, `until 2026-04`, `from 2026-01 until 2026-04`, or '' for an undated clause. */
function rangeText(clause: { from?: string; until?: string }): string {
    return [clause.from && `from ${clause.from}`, clause.until && `until ${clause.until}`].filter(Boolean).join(' ');
}

/** One modifier, e.g. `markup 7%`, `tiering`, with its range when dated. */
function describeModifier(modifier: Modifier): string {
    const text = isTiering(modifier) ? 'tiering' : `${isMarkup(modifier) ? 'markup' : 'discount'} ${modifier.percent?.value ?? '0'}%`;
    return [text, rangeText(modifier)].filter(Boolean).join(' ');
}

/** e.g. `markup 7% · SERVICE AmazonEC2`, `tiering · GLOBAL`; dated: `markup 7% until 2026-04, markup 6% from 2026-04 · GLOBAL`. */
function describeRule(rule: Rule): string {
    const type = ruleType(rule);
    const scope = ruleScope(rule);
    const modifier = anyDated(rule.modifiers)
        ? rule.modifiers.map(describeModifier).join(', ')
        : type === 'TIERING' ? 'tiering' : `${type.toLowerCase()} ${rulePercent(rule)}%`;
    const target = [rule.services[0], rule.billingEntities[0], rule.usageTypes[0], rule.operations[0]]
        .filter((value): value is string => value !== undefined);
    return [modifier, [scope, ...target].join(' ')].join(' · ');
}

/** e.g. `fee · flat 500.00`, `credit · 5% of charges`. */
function describeLineItem(item: LineItem): string {
    const charge = item.charge;
    let amount = '';
    if (isFlatCharge(charge)) amount = `flat ${charge.amount}`;
    else if (isPercentCharge(charge)) {
        amount = `${charge.percent?.value}% of ${charge.bases.map(base => base.$cstNode?.text ?? '').join(', ')}`;
    }
    return amount ? `${item.kind} · ${amount}` : item.kind;
}
