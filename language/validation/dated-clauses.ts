/**
 * Effective-dated clauses (issue 16): a rule's modifiers, a plan's `rules` lines and `min-margin`, a group's `plan`,
 * `budget` and `min-margin` may carry `from YYYY-MM` / `until YYYY-MM`, the range semantics of memberships
 * (`from` inclusive, `until` exclusive; periods.ts). Several clauses of one kind are then versions of one thing.
 */
import type { Reference } from 'langium';
import type { Plan, Rule, RuleList } from '../generated/ast.js';
import type { PeriodRangeText } from './periods.js';

/** A clause with an optional `from`/`until` (the grammar's `InForce` fragment). */
export interface DatedClause extends PeriodRangeText {
    readonly $type: string;
}

export function isDated(clause: PeriodRangeText): boolean {
    return clause.from !== undefined || clause.until !== undefined;
}

/** Whether any of the clauses carries a range: they are then versions, not repetitions. */
export function anyDated(clauses: readonly PeriodRangeText[]): boolean {
    return clauses.some(isDated);
}

/** One rule reference of a plan's `rules` lines, with the line it is on and its position in that line. */
export interface PlanRuleEntry {
    readonly list: RuleList;
    readonly reference: Reference<Rule>;
    /** Index within `list.rules` (for diagnostics at `{ node: list, property: 'rules', index }`). */
    readonly index: number;
}

/** Every rule reference of a plan, in text order, across its `rules` lines. */
export function planRuleEntries(plan: Plan): PlanRuleEntry[] {
    return plan.ruleLists.flatMap(list => list.rules.map((reference, index) => ({ list, reference, index })));
}

/** Every rule reference of a plan, in text order. */
export function planRuleReferences(plan: Plan): Reference<Rule>[] {
    return plan.ruleLists.flatMap(list => list.rules);
}
