import { CstUtils, GrammarAST, GrammarUtils, type AstNode, type LeafCstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver-types';
import { isPolicy } from '../generated/ast.js';

/** A token's type and modifiers. */
interface TokenStyle {
    readonly type: string;
    readonly modifier?: readonly string[];
}

const DECLARATION = [SemanticTokenModifiers.declaration];
const READONLY = [SemanticTokenModifiers.readonly];

/*
 * Standard LSP token types only, so that every theme colours them without the extension declaring
 * custom ones:
 *   keywords → keyword; group → namespace; plan → class; rule → function; line item → property;
 *   account names → variable; account ids → variable + readonly; service codes, usage types,
 *   operations, billing entities → type; numbers and percentages (with their `%`) → number;
 *   billing periods → enumMember; descriptions and paths → string; `=` / `!=` → operator.
 * Declarations carry the `declaration` modifier.
 */
const BY_PROPERTY: Readonly<Record<string, TokenStyle>> = {
    'Account.id': { type: SemanticTokenTypes.variable, modifier: [...READONLY, ...DECLARATION] },
    'Account.name': { type: SemanticTokenTypes.variable, modifier: DECLARATION },
    'AccountRef.id': { type: SemanticTokenTypes.variable, modifier: READONLY },
    'AccountRef.account': { type: SemanticTokenTypes.variable },
    'Rule.name': { type: SemanticTokenTypes.function, modifier: DECLARATION },
    'RuleList.rules': { type: SemanticTokenTypes.function },
    'Plan.name': { type: SemanticTokenTypes.class, modifier: DECLARATION },
    'PlanUse.plan': { type: SemanticTokenTypes.class },
    'Group.name': { type: SemanticTokenTypes.namespace, modifier: DECLARATION },
    'LineItem.name': { type: SemanticTokenTypes.property, modifier: DECLARATION },
    'LineItemBase.item': { type: SemanticTokenTypes.property },
    'LineItem.kind': { type: SemanticTokenTypes.keyword },
    'Rule.services': { type: SemanticTokenTypes.type },
    'Rule.usageTypes': { type: SemanticTokenTypes.type },
    'Rule.operations': { type: SemanticTokenTypes.type },
    'Rule.billingEntities': { type: SemanticTokenTypes.type },
    'ServiceFilter.services': { type: SemanticTokenTypes.type },
    'ServiceFilter.operator': { type: SemanticTokenTypes.operator },
    'PresentedAs.service': { type: SemanticTokenTypes.type },
    'Percent.value': { type: SemanticTokenTypes.number },
    'FlatCharge.amount': { type: SemanticTokenTypes.number },
    'Tier.begin': { type: SemanticTokenTypes.number },
    'Tier.end': { type: SemanticTokenTypes.number },
    'Tier.rate': { type: SemanticTokenTypes.number },
    'Tiering.freeTier': { type: SemanticTokenTypes.keyword },
    'Membership.from': { type: SemanticTokenTypes.enumMember },
    'Membership.until': { type: SemanticTokenTypes.enumMember },
    'FromPeriod.period': { type: SemanticTokenTypes.enumMember },
    'UntilPeriod.period': { type: SemanticTokenTypes.enumMember },
    'Import.path': { type: SemanticTokenTypes.string },
    'DataSource.paths': { type: SemanticTokenTypes.string },
};

const WORD_KEYWORD = /^[a-z][a-z-]*$/;

/**
 * Semantic highlighting: one pass over the tokens of the document (not one per AST node), each
 * classified by the grammar assignment it feeds, so that a keyword used as a name (`rule data …`) is
 * coloured as the name it is.
 */
export class BillingSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected override highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): 'prune' | undefined {
        if (!isPolicy(node) || !node.$cstNode) return 'prune';
        const range = this.currentRange;
        for (const leaf of CstUtils.flattenCst(node.$cstNode)) {
            if (leaf.hidden) continue;
            if (range && (leaf.range.end.line < range.start.line || leaf.range.start.line > range.end.line)) continue;
            const style = styleOf(leaf);
            if (style) acceptor({ cst: leaf, type: style.type, modifier: style.modifier ? [...style.modifier] : undefined });
        }
        return 'prune';
    }
}

function styleOf(leaf: LeafCstNode): TokenStyle | undefined {
    const assignment = GrammarUtils.findAssignment(leaf);
    if (assignment) {
        const owner = leaf.astNode.$type;
        const style = BY_PROPERTY[`${owner}.${assignment.feature}`];
        if (style) return style;
    }
    const source = leaf.grammarSource;
    if (GrammarAST.isKeyword(source)) {
        if (source.value === '%') return { type: SemanticTokenTypes.number };
        if (WORD_KEYWORD.test(source.value)) return { type: SemanticTokenTypes.keyword };
        return undefined;
    }
    if (leaf.tokenType.name === 'STRING') return { type: SemanticTokenTypes.string };
    return undefined;
}
