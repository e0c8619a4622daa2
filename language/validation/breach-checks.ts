import { AstUtils, type LangiumCoreServices, type LangiumDocument, type ValidationAcceptor, type ValidationChecks } from 'langium';
import type { Breach, BudgetBreach, MarginBreach } from '../../engine/check/index.js';
import { showMoney } from '../../engine/check/index.js';
import { isBudget, isMinMargin, isPlanUse, type BillingAstType, type Group } from '../generated/ast.js';
import { DATA_VALIDATION_CATEGORY } from './data-checks.js';
import { Issues } from './issue-codes.js';
import { reportIssue } from './report.js';
import { factsPerPass } from './facts-per-pass.js';

/** The catalogue entries the breach checks report. */
export const BREACH_CHECK_ISSUES = [Issues.budgetExceeded, Issues.marginBelowFloor] as const;

/**
 * What the breach checks need from priced data: the budget and margin-floor breaches of one group of a
 * document's policy in the period the editor shows (engine/check `findBreaches` on the editor's report).
 */
export interface BreachFacts {
    /** Undefined when there are no figures (no data, policy errors, a period the data lacks). */
    breachesOf(document: LangiumDocument, group: string): readonly Breach[] | undefined;
}

export type BreachFactsProvider = (document: LangiumDocument) => BreachFacts | undefined;

/**
 * Registers the breach checks (BIL107, BIL108) in the `data` category, next to the other data-aware
 * checks: they need a priced report, so they run once data is loaded, never while typing.
 */
export function registerBreachChecks(services: LangiumCoreServices, askFacts: BreachFactsProvider): void {
    const factsOf = factsPerPass(services, askFacts);
    const checks: ValidationChecks<BillingAstType> = {
        Group: (group: Group, accept: ValidationAcceptor) => {
            if (group.name === undefined || !mayBreach(group)) return;
            const document = AstUtils.getDocument(group);
            const breaches = factsOf(document)?.breachesOf(document, group.name);
            for (const breach of breaches ?? []) {
                if (breach.kind === 'budget') reportBudget(group, breach, accept);
                else reportMargin(group, breach, accept);
            }
        },
    };
    services.validation.ValidationRegistry.register(checks, undefined, DATA_VALIDATION_CATEGORY);
}

/** How breach messages write money: the CLI's `220.00 USD` (engine/check `showMoney`) unless the editor sets its own. */
let money: (exact: string, currency: string) => string = showMoney;

/**
 * The language server writes money in its diagnostics as in its lenses and hovers (`$220.00`, `−$12.30`: the one
 * formatter of engine/report/money-format.ts in the editor's style), so a budget message and the group's lens agree.
 */
export function setDiagnosticMoney(format: ((exact: string, currency: string) => string) | undefined): void {
    money = format ?? showMoney;
}

/** A group without a budget, a floor or a plan (whose floor it could inherit) cannot breach: no pricing asked. */
function mayBreach(group: Group): boolean {
    return group.members.some(member => isBudget(member) || isMinMargin(member)) || (group.members.find(isPlanUse)?.plan?.ref?.minMargins.length ?? 0) > 0;
}

function reportBudget(group: Group, breach: BudgetBreach, accept: ValidationAcceptor): void {
    const budget = group.members.find(isBudget);
    const location = budget ? { node: budget, property: 'amount' } : { node: group, property: 'name' };
    reportIssue(accept, Issues.budgetExceeded, location as never, breach.group, breach.period,
        money(breach.proformaCost, breach.currency), money(breach.budget, breach.currency), money(breach.over, breach.currency));
}

function reportMargin(group: Group, breach: MarginBreach, accept: ValidationAcceptor): void {
    const own = group.members.find(isMinMargin);
    const planUse = group.members.find(isPlanUse);
    // At the group's own floor; an inherited floor at the `plan` clause that brings it.
    const location = own ? { node: own } : planUse ? { node: planUse } : { node: group, property: 'name' };
    const margin = breach.marginPercent === null ? `${money(breach.margin, breach.currency)} with no pro forma cost` : `${breach.marginPercent}%`;
    const from = breach.floorFrom === 'plan' ? ` set by plan '${breach.plan}'` : '';
    reportIssue(accept, Issues.marginBelowFloor, location as never, breach.group, breach.period, margin, breach.minMarginPercent, from);
}
