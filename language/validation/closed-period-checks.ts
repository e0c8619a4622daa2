import { AstUtils, type AstNode, type LangiumCoreServices, type LangiumDocument, type ValidationAcceptor, type ValidationChecks } from 'langium';
import { changeLocation, describeClosedChange, type ChangeLocation, type ClosedPeriodChange } from '../../engine/close/index.js';
import type { Origin, PolicyModel } from '../../engine/policy/model.js';
import type { BillingAstType, ClosedPeriods, DataSource, Group, Plan, Rule } from '../generated/ast.js';
import { DATA_VALIDATION_CATEGORY } from './data-checks.js';
import { Issues } from './issue-codes.js';
import { reportIssue } from './report.js';
import { factsPerPass } from './facts-per-pass.js';

/**
 * What the closed-period check needs from priced data: the changes the policy as edited would make to the closed
 * period the editor shows, against the lock file (engine/close `closedPeriodChanges`).
 */
export interface ClosedPeriodFacts {
    /** The lock file, as the messages name it. */
    readonly lockName: string;
    /** Undefined when there are no figures (no data, policy errors, no lock file to compare with). */
    changesOf(document: LangiumDocument): readonly ClosedPeriodChange[] | undefined;
    /** The policy model the changes were priced with, to locate them at the edited statement (else at the group). */
    modelOf?(document: LangiumDocument): PolicyModel | undefined;
}

/** Without the model: at the group a change concerns, else at `closed through` (as before entity digests). */
function fallbackLocation(change: ClosedPeriodChange): ChangeLocation {
    return change.kind === 'group-changed' || change.kind === 'group-added' ? { kind: 'group', name: change.group } : { kind: 'closed-through' };
}

export type ClosedPeriodFactsProvider = (document: LangiumDocument) => ClosedPeriodFacts | undefined;

/**
 * Registers BIL110 in the `data` category, at the statement whose edit would change the closed period (a rule, a
 * plan, a group; the `data` statement when only the data changed), else at `closed through` (a period never
 * recorded, a group the policy no longer has).
 */
export function registerClosedPeriodChecks(services: LangiumCoreServices, askFacts: ClosedPeriodFactsProvider): void {
    const factsOf = factsPerPass(services, askFacts);
    // Each change once, at the statement engine/close changeLocation names: the rule, plan or group whose edit
    // causes it, the data statement when the policy is as it was closed, else the group, else `closed through`.
    const at = (node: AstNode, wanted: (location: ChangeLocation) => boolean, property: string, accept: ValidationAcceptor) => {
        const document = AstUtils.getDocument(node);
        const facts = factsOf(document);
        const model = facts?.modelOf?.(document);
        for (const change of facts?.changesOf(document) ?? []) {
            const location: ChangeLocation = model ? changeLocation(model, change) : fallbackLocation(change);
            if (wanted(location)) reportIssue(accept, Issues.closedPeriodChanged, { node, property }, describeClosedChange(change, facts!.lockName));
        }
    };
    const declares = (node: AstNode, origin: Origin | undefined) => {
        if (!origin || !node.$cstNode) return origin === undefined;
        const start = node.$cstNode.range.start.line + 1;
        const end = node.$cstNode.range.end.line + 1;
        return AstUtils.getDocument(node).uri.toString() === origin.uri && origin.line >= start && origin.line <= end;
    };
    const checks: ValidationChecks<BillingAstType> = {
        Rule: (rule: Rule, accept) => {
            if (rule.name !== undefined) at(rule, (l) => l.kind === 'rule' && l.name === rule.name && declares(rule, l.origin), 'name', accept);
        },
        Plan: (plan: Plan, accept) => {
            if (plan.name !== undefined) at(plan, (l) => l.kind === 'plan' && l.name === plan.name && declares(plan, l.origin), 'name', accept);
        },
        Group: (group: Group, accept) => {
            if (group.name !== undefined) at(group, (l) => l.kind === 'group' && l.name === group.name, 'name', accept);
        },
        DataSource: (data: DataSource, accept) => {
            at(data, (l) => l.kind === 'data' && declares(data, l.origin), 'paths', accept);
        },
        ClosedPeriods: (statement: ClosedPeriods, accept) => {
            at(statement, (l) => l.kind === 'closed-through', 'period', accept);
        },
    };
    services.validation.ValidationRegistry.register(checks, undefined, DATA_VALIDATION_CATEGORY);
}
