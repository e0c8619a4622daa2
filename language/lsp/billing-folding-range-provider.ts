import type { AstNode } from 'langium';
import { DefaultFoldingRangeProvider } from 'langium/lsp';
import { isGroup, isPlan, isPolicy, isRule } from '../generated/ast.js';

/**
 * Folds the blocks (rules, plans, groups) and multi-line comments. Langium's default folds every
 * node spanning three lines, which would also offer folds for a line item or `accounts` list that
 * merely wraps.
 */
export class BillingFoldingRangeProvider extends DefaultFoldingRangeProvider {
    protected override shouldProcess(node: AstNode): boolean {
        return isRule(node) || isPlan(node) || isGroup(node);
    }

    protected override shouldProcessContent(node: AstNode): boolean {
        return isPolicy(node);
    }
}
