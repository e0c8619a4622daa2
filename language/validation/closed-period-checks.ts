import { AstUtils, type LangiumCoreServices, type LangiumDocument, type ValidationAcceptor, type ValidationChecks } from 'langium';
import { describeClosedChange, type ClosedPeriodChange } from '../../engine/close/index.js';
import type { BillingAstType, ClosedPeriods, Group } from '../generated/ast.js';
import { DATA_VALIDATION_CATEGORY } from './data-checks.js';
import { Issues } from './issue-codes.js';
import { reportIssue } from './report.js';

/**
 * What the closed-period check needs from priced data: the changes the policy as edited would make to the closed
 * period the editor shows, against the lock file (engine/close `closedPeriodChanges`).
 */
export interface ClosedPeriodFacts {
    /** The lock file, as the messages name it. */
    readonly lockName: string;
    /** Undefined when there are no figures (no data, policy errors, no lock file to compare with). */
    changesOf(document: LangiumDocument): readonly ClosedPeriodChange[] | undefined;
}

export type ClosedPeriodFactsProvider = (document: LangiumDocument) => ClosedPeriodFacts | undefined;

/**
 * Registers BIL110 in the `data` category: at the group a change to a closed period concerns, else at the
 * `closed through` statement (a period never recorded, the unassigned cost, a group the policy no longer has).
 */
export function registerClosedPeriodChecks(services: LangiumCoreServices, factsOf: ClosedPeriodFactsProvider): void {
    const changes = (node: Group | ClosedPeriods) => {
        const document = AstUtils.getDocument(node);
        const facts = factsOf(document);
        return { facts, changes: facts?.changesOf(document) ?? [] };
    };
    const checks: ValidationChecks<BillingAstType> = {
        Group: (group: Group, accept: ValidationAcceptor) => {
            if (group.name === undefined) return;
            const { facts, changes: all } = changes(group);
            for (const change of all) {
                if ((change.kind === 'group-changed' || change.kind === 'group-added') && change.group === group.name) {
                    reportIssue(accept, Issues.closedPeriodChanged, { node: group, property: 'name' }, describeClosedChange(change, facts!.lockName));
                }
            }
        },
        ClosedPeriods: (statement: ClosedPeriods, accept: ValidationAcceptor) => {
            const { facts, changes: all } = changes(statement);
            for (const change of all) {
                if (change.kind === 'not-locked' || change.kind === 'unassigned-changed' || change.kind === 'group-removed') {
                    reportIssue(accept, Issues.closedPeriodChanged, { node: statement, property: 'period' }, describeClosedChange(change, facts!.lockName));
                }
            }
        },
    };
    services.validation.ValidationRegistry.register(checks, undefined, DATA_VALIDATION_CATEGORY);
}
