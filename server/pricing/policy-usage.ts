import type { LangiumDocument, LangiumSharedCoreServices } from 'langium';
import type { GroupReport, RuleEffect } from '../../engine/index.js';
import { isGroup, isPolicy } from '../../language/generated/ast.js';
import { policyDocuments } from '../../language/index.js';
import { Decimal } from '../../engine/money/decimal.js';
import type { Pricing, PolicyPricing, Priced } from './policy-pricing.js';

/**
 * The pricings that show how a document's rules and plans are used: the document's own policy when
 * it has groups, else the policies of the loaded documents that import it (a shared rate card is
 * used by its importers' groups, never by itself).
 */
export function pricingsUsing(document: LangiumDocument, shared: LangiumSharedCoreServices, pricing: PolicyPricing): Pricing[] {
    if (hasGroups([document, ...policyDocuments(document, { shared }).slice(1)])) return [pricing.pricingFor(document)];
    const key = document.uri.toString();
    const importers = shared.workspace.LangiumDocuments.all
        .filter(candidate => candidate.uri.toString() !== key)
        .filter(candidate => hasGroups([candidate]) && policyDocuments(candidate, { shared }).some(doc => doc.uri.toString() === key))
        .toArray();
    if (importers.length === 0) return [pricing.pricingFor(document)];
    return importers.map(importer => pricing.pricingFor(importer, 'shown', false));
}

function hasGroups(documents: readonly LangiumDocument[]): boolean {
    return documents.some(doc => {
        const root = doc.parseResult.value;
        return isPolicy(root) && root.statements.some(isGroup);
    });
}

/** One group's use of a rule: the group, and what the rule priced there (undefined: no matching usage). */
export interface RuleUse {
    readonly group: GroupReport;
    readonly effect: RuleEffect | undefined;
    readonly currency: string;
    /** The policy document the group is priced in. */
    readonly uri: string;
}

/** The groups (of the period shown) whose plan lists the rule. */
export function ruleUses(priced: readonly Priced[], rule: string): RuleUse[] {
    const uses: RuleUse[] = [];
    for (const entry of priced) {
        const plans = new Set(entry.model.plans.filter(plan => plan.rules.includes(rule)).map(plan => plan.name));
        const groups = entry.report.groups;
        for (let index = 0; index < groups.length; index++) {
            const group = groups[index]!;
            if (!plans.has(group.plan)) continue;
            // The headline report has no rules: the group's effects from the same pricing (made once per group).
            const effect = entry.reports.ruleEffects(index).find(candidate => candidate.rule === rule && candidate.cells > 0);
            uses.push({ group, effect, currency: entry.report.currency, uri: entry.uri });
        }
    }
    return uses;
}

/** The groups (of the period shown) that use a plan. */
export function planUses(priced: readonly Priced[], plan: string): GroupReport[] {
    return priced.flatMap(entry => entry.report.groups.filter(group => group.plan === plan));
}

export function total(values: Iterable<string>): Decimal {
    let sum = new Decimal(0);
    for (const value of values) sum = sum.plus(value);
    return sum;
}
