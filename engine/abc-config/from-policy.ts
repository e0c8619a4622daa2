import { Decimal } from '../money/decimal.js';
import type { BillingGroup, CustomLineItem, PolicyModel, PricingRule } from '../policy/model.js';
import { DEFAULT_PRESENTATION_SERVICE } from '../policy/model.js';
import type { AbcBillingGroup, AbcConfig, AbcCustomLineItem, AbcFinding, AbcLineItemFilter, AbcPricingPlan, AbcPricingRule } from './types.js';
import { opt } from './optional.js';
import { datedClauses } from '../policy/versions.js';

export interface PolicyToAbc {
    readonly config: AbcConfig;
    readonly findings: readonly AbcFinding[];
}

/**
 * The ABC resources that deploy a policy, and what of the policy they cannot carry (docs/cli.md
 * "export-config"). ABC holds the current state of a configuration, so what the language says about
 * time (membership ranges, line item ranges other than one month or recurring) and the checks it adds
 * (budgets, margin floors, effective-dated clauses) are findings, never dropped silently.
 */
export function policyToAbc(model: PolicyModel): PolicyToAbc {
    const findings: AbcFinding[] = [];
    const rules = model.rules.map(ruleToAbc);
    const plans: AbcPricingPlan[] = model.plans.map((plan) => {
        if (plan.minMarginPercent !== undefined) {
            findings.push({ severity: 'lossy', construct: `plan ${plan.name}: min-margin ${plan.minMarginPercent}%`, message: 'ABC has no margin floor (checked by `billing check` only)', ...origin(plan.origin) });
        }
        return { Name: plan.name, ...opt('Description', plan.description), rules: [...plan.rules] };
    });
    const groups: AbcBillingGroup[] = [];
    const lineItems: AbcCustomLineItem[] = [];
    for (const group of model.groups) {
        groups.push(groupToAbc(group, findings));
        for (const item of group.lineItems) lineItems.push(lineItemToAbc(group, item, findings));
    }
    // ABC's resources hold one current state: each value's version in force last is written (the model's top-level fields).
    for (const clause of datedClauses(model)) {
        findings.push({ severity: 'lossy', construct: clause.construct, message: `ABC has no effective dating (written: ${clause.written}, the version in force last, for every period)`, ...origin(clause.origin) });
    }
    if (model.payer) findings.push({ severity: 'note', construct: `payer ${model.payer.id}`, message: 'not a resource of ABC (the stack is deployed in the payer account)', ...origin(model.payer.origin) });
    const named = model.accounts.filter((account) => account.name !== undefined);
    if (named.length > 0) findings.push({ severity: 'note', construct: `account names (${named.length})`, message: 'ABC takes account names from AWS Organizations', ...origin(named[0]!.origin) });
    for (const source of model.dataSources ?? []) findings.push({ severity: 'note', construct: `data "${source.written}"`, message: 'local billing data, not part of the ABC configuration', ...origin(source.origin) });
    if (model.closedThrough) findings.push({ severity: 'note', construct: `closed through ${model.closedThrough.period}`, message: 'ABC closes a billing period itself', ...origin(model.closedThrough.origin) });
    return { config: { rules, plans, groups, lineItems }, findings };
}

function ruleToAbc(rule: PricingRule): AbcPricingRule {
    const tiering = rule.type === 'TIERING'
        ? {
            Tiering: {
                ...(rule.freeTier !== undefined && { FreeTier: { Activated: rule.freeTier } }),
                ...(rule.customTiers && rule.customTiers.length > 0 && {
                    CustomTiers: rule.customTiers.map((tier) => ({ BeginRangeInclusive: dec(tier.beginInclusive), ...opt('EndRangeExclusive', tier.endExclusive === undefined ? undefined : dec(tier.endExclusive)), RateValue: dec(tier.rate) })),
                }),
            },
        }
        : {};
    return {
        Name: rule.name,
        ...opt('Description', rule.description),
        Scope: rule.scope,
        Type: rule.type,
        ...(rule.type !== 'TIERING' && { ModifierPercentage: dec(rule.modifierPercent) }),
        ...opt('Service', rule.service),
        ...opt('BillingEntity', rule.billingEntity),
        ...opt('UsageType', rule.usageType),
        ...opt('Operation', rule.operation),
        ...tiering,
    };
}

function groupToAbc(group: BillingGroup, findings: AbcFinding[]): AbcBillingGroup {
    const where = `group ${group.name}`;
    if (group.budget !== undefined) findings.push({ severity: 'lossy', construct: `${where}: budget ${group.budget}`, message: 'ABC has no budget (checked by `billing check` only)', ...origin(group.origin) });
    if (group.minMarginPercent !== undefined) findings.push({ severity: 'lossy', construct: `${where}: min-margin ${group.minMarginPercent}%`, message: 'ABC has no margin floor (checked by `billing check` only)', ...origin(group.origin) });
    const linked: string[] = [];
    for (const member of group.members) {
        const ranged = member.from !== undefined || member.until !== undefined;
        if (ranged) {
            const range = `${member.from ? ` from ${member.from}` : ''}${member.until ? ` until ${member.until}` : ''}`;
            const kept = member.until === undefined;
            findings.push({
                severity: 'lossy',
                construct: `${where}: account ${member.accountId}${range}`,
                message: `ABC associates an account for the current billing period only (written ${kept ? 'as a member, without its start' : 'without this membership, which ends'})`,
                ...origin(member.origin),
            });
            if (!kept) continue;
        }
        if (!linked.includes(member.accountId)) linked.push(member.accountId);
    }
    return {
        Name: group.name,
        ...opt('Description', group.description),
        PrimaryAccountId: group.primaryAccountId,
        plan: group.plan,
        LinkedAccountIds: linked,
        AutoAssociate: group.autoAssociate,
    };
}

function lineItemToAbc(group: BillingGroup, item: CustomLineItem, findings: AbcFinding[]): AbcCustomLineItem {
    const where = `group ${group.name}: ${item.type === 'FEE' ? 'fee' : 'credit'} ${item.name}`;
    const filters: AbcLineItemFilter[] = item.filters.map((filter) => filter.kind === 'excludeSavingsPlanNegation'
        ? { Attribute: 'LINE_ITEM_TYPE', MatchOption: 'NOT_EQUAL', Values: ['SAVINGS_PLAN_NEGATION'] }
        : { Attribute: 'SERVICE', MatchOption: filter.match, AttributeValues: [...filter.services] });
    for (const filter of item.filters) {
        if (filter.kind === 'service' && filter.services.length > 1) {
            findings.push({ severity: 'lossy', construct: `${where}: service = ${filter.services.join(', ')}`, message: "ABC's SERVICE filter takes one service code (written with all of them, which ABC refuses)", ...origin(item.origin) });
        }
    }
    if (filters.length > 1) {
        findings.push({ severity: 'lossy', construct: `${where}: ${filters.length} filters`, message: 'ABC takes at most one line item filter per custom line item', ...origin(item.origin) });
    }
    const { from, until } = item.periods;
    if (until !== undefined && (from === undefined || nextPeriod(from) !== until)) {
        findings.push({
            severity: 'lossy',
            construct: `${where}: ${from ? `from ${from} ` : ''}until ${until}`,
            message: 'ABC accepts an end period only one month after the start (a one-month item); a longer range must be ended by hand',
            ...origin(item.origin),
        });
    }
    const charge: AbcCustomLineItem['charge'] = item.charge.kind === 'flat'
        ? { kind: 'flat', ChargeValue: dec(item.charge.amount) }
        : { kind: 'percentage', PercentageValue: dec(item.charge.percent), associated: item.charge.bases.map((base) => base.kind === 'charges' ? { kind: 'group' as const } : { kind: 'lineItem' as const, name: base.name }) };
    const range = { ...opt('InclusiveStartBillingPeriod', from), ...opt('ExclusiveEndBillingPeriod', until) };
    return {
        Name: item.name,
        ...opt('Description', item.description),
        group: group.name,
        ...opt('AccountId', item.accountId),
        Type: item.type,
        charge,
        LineItemFilters: filters,
        ComputationRule: item.computation,
        ...(item.presentationService !== undefined && item.presentationService !== DEFAULT_PRESENTATION_SERVICE && { PresentationService: item.presentationService }),
        ...(Object.keys(range).length > 0 && { BillingPeriodRange: range }),
    };
}

/** A decimal as ABC's API and templates carry it (a JSON number): `500.00` → `500`. */
function dec(value: string): string {
    return new Decimal(value).toFixed();
}

/** `YYYY-MM` → the month after. */
export function nextPeriod(period: string): string {
    const [year, month] = period.split('-').map(Number) as [number, number];
    return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

function origin(value: PolicyModel['accounts'][number]['origin']): { origin?: NonNullable<typeof value> } {
    return value ? { origin: value } : {};
}
