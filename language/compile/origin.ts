import { AstUtils, type AstNode, GrammarUtils } from 'langium';
import type { Origin } from '../../engine/policy/model.js';

/**
 * Where `node` was written: the start of its `property` (typically its name) when given and
 * present, else the start of the node (its keyword). Lines and columns are 1-based.
 */
export function originOf<T extends AstNode>(node: T, property?: keyof T & string): Origin | undefined {
    const cst = node.$cstNode;
    if (!cst) return undefined;
    const anchor = (property && GrammarUtils.findNodeForProperty(cst, property)) || cst;
    const { line, character } = anchor.range.start;
    return { uri: AstUtils.getDocument(node).uri.toString(), line: line + 1, column: character + 1 };
}
