import type { BillingGroup, CustomLineItem, DatedValue, PeriodRange, PolicyModel, PricingPlan, PricingRule } from '../policy/model.js';
import { hasVersions, policyInForce, versionBoundaries } from '../policy/versions.js';
import { lineItemText, membershipText, rangeText, ruleText } from './describe-policy.js';

/** What a policy change is about. */
export type PolicyElement = 'rule' | 'plan' | 'group' | 'membership' | 'lineItem' | 'account' | 'payer' | 'closedThrough' | 'data';

/** One structural difference between two compiled policies (part of the `billing diff` JSON contract). */
export interface PolicyChange {
    readonly element: PolicyElement;
    readonly change: 'added' | 'removed' | 'changed';
    /** The rule, plan or group name; the account id of a membership or account; the line item's name. */
    readonly name: string;
    /** The group of a membership or line item. */
    readonly group?: string;
    /** For a change of one field: which (`modifier`, `scope`, `rules`, `plan`, `primary`, `budget`, `minMarginPercent`, …). */
    readonly field?: string;
    /** The field (or element) before and after, as the policy would say it. */
    readonly before?: string;
    readonly after?: string;
    /** One sentence for people. */
    readonly description: string;
    /** Groups whose bill or checks the change can affect (HEAD's names, and BASE's for what was removed). */
    readonly groups: readonly string[];
    /**
     * Effective-dated pricing: the billing periods the change affects (`from` inclusive, `until` exclusive), when that
     * is not every period — e.g. `[{ "from": "2026-04" }]` for a change of only the `from 2026-04` version. Absent: every period.
     */
    readonly periods?: readonly PeriodRange[];
}

/**
 * The structural diff of two compiled policies: rules, plans, groups, memberships, custom line items,
 * budgets and floors, declared accounts. Origins (where things are written) and descriptions are ignored, and
 * so is the order of a plan's rules (it changes no price).
 */
export function diffPolicies(base: PolicyModel, head: PolicyModel): PolicyChange[] {
    const changes = structuralChanges(base, head);
    return hasVersions(base) || hasVersions(head) ? changes.map((change) => withPeriods(change, base, head)) : changes;
}

function structuralChanges(base: PolicyModel, head: PolicyModel): PolicyChange[] {
    const changes: PolicyChange[] = [];
    const groupsUsingPlan = (plan: string): string[] =>
        unique([...head.groups, ...base.groups].filter((group) => group.plan === plan).map((group) => group.name));
    const groupsUsingRule = (rule: string): string[] => {
        const plans = [...head.plans, ...base.plans].filter((plan) => plan.rules.includes(rule)).map((plan) => plan.name);
        return unique(plans.flatMap(groupsUsingPlan));
    };

    const ruleText = datedRuleText;
    for (const [name, before, after] of pairs(base.rules, head.rules)) {
        const groups = groupsUsingRule(name);
        if (!before) changes.push({ element: 'rule', change: 'added', name, after: ruleText(after!), description: `rule ${name} added: ${ruleText(after!)}`, groups });
        else if (!after) changes.push({ element: 'rule', change: 'removed', name, before: ruleText(before), description: `rule ${name} removed (was ${ruleText(before)})`, groups });
        else if (ruleText(before) !== ruleText(after)) {
            const field = ruleField(before, after);
            changes.push({ element: 'rule', change: 'changed', name, field, before: ruleText(before), after: ruleText(after), description: `rule ${name}: ${ruleText(before)} → ${ruleText(after)}`, groups });
        }
    }

    for (const [name, before, after] of pairs(base.plans, head.plans)) {
        const groups = groupsUsingPlan(name);
        if (!before) changes.push({ element: 'plan', change: 'added', name, after: planText(after!), description: `plan ${name} added: ${planText(after!)}`, groups });
        else if (!after) changes.push({ element: 'plan', change: 'removed', name, before: planText(before), description: `plan ${name} removed (was ${planText(before)})`, groups });
        else changes.push(...planChanges(name, before, after, groups));
    }

    for (const [name, before, after] of pairs(base.groups, head.groups)) {
        if (!before) changes.push({ element: 'group', change: 'added', name, after: groupText(after!), description: `group ${name} added: ${groupText(after!)}`, groups: [name] });
        else if (!after) changes.push({ element: 'group', change: 'removed', name, before: groupText(before), description: `group ${name} removed (was ${groupText(before)})`, groups: [name] });
        else changes.push(...groupChanges(name, before, after));
    }

    const accountsBefore = new Map(base.accounts.map((account) => [account.id, account.name ?? '']));
    const accountsAfter = new Map(head.accounts.map((account) => [account.id, account.name ?? '']));
    for (const id of unique([...accountsBefore.keys(), ...accountsAfter.keys()])) {
        const before = accountsBefore.get(id);
        const after = accountsAfter.get(id);
        if (before === undefined) changes.push({ element: 'account', change: 'added', name: id, after: after!, description: `account ${id} declared${after ? ` as "${after}"` : ''}`, groups: [] });
        else if (after === undefined) changes.push({ element: 'account', change: 'removed', name: id, before, description: `account ${id} no longer declared`, groups: [] });
        else if (before !== after) changes.push({ element: 'account', change: 'changed', name: id, field: 'name', before, after, description: `account ${id} renamed "${before}" → "${after}"`, groups: [] });
    }
    if ((base.payer?.id ?? '') !== (head.payer?.id ?? '')) {
        changes.push({ element: 'payer', change: 'changed', name: head.payer?.id ?? base.payer!.id, before: base.payer?.id ?? 'none', after: head.payer?.id ?? 'none', description: `payer ${base.payer?.id ?? 'none'} → ${head.payer?.id ?? 'none'}`, groups: [] });
    }
    // Closing a month changes no figure; it decides which periods `billing check` keeps as billed.
    const closedBefore = base.closedThrough?.period;
    const closedAfter = head.closedThrough?.period;
    if (closedBefore !== closedAfter) {
        const change = closedBefore === undefined ? 'added' : closedAfter === undefined ? 'removed' : 'changed';
        changes.push({
            element: 'closedThrough', change, name: 'closed through',
            ...(closedBefore !== undefined && { before: closedBefore }), ...(closedAfter !== undefined && { after: closedAfter }),
            description: `closed through ${closedBefore ?? 'none'} → ${closedAfter ?? 'none'}`, groups: [],
        });
    }
    changes.push(...dataChanges(base, head));
    return changes;
}

/**
 * A changed `data` statement is a policy change: the data a policy names decides its figures, so a pull request that
 * points `data` elsewhere must show it (the diff itself prices both sides on BASE's data or `--data`).
 */
function dataChanges(base: PolicyModel, head: PolicyModel): PolicyChange[] {
    const key = (model: PolicyModel) => [...new Set(model.dataPaths)].sort().join('\u0000');
    if (key(base) === key(head)) return [];
    const written = (model: PolicyModel): string => {
        const paths = model.dataSources?.map((source) => source.written) ?? model.dataPaths;
        return paths.length ? paths.join(', ') : 'none';
    };
    const change = base.dataPaths.length === 0 ? 'added' : head.dataPaths.length === 0 ? 'removed' : 'changed';
    return [{
        element: 'data', change, name: 'data', field: 'paths', before: written(base), after: written(head),
        description: `data ${written(base)} → ${written(head)} (the diff is priced on BASE's data or --data, never HEAD's)`, groups: [],
    }];
}

function ruleField(before: PricingRule, after: PricingRule): string {
    const scope = (rule: PricingRule) => [rule.scope, rule.service, rule.billingEntity, rule.usageType, rule.operation].join('\u0000');
    if (scope(before) !== scope(after)) return before.type === after.type && before.modifierPercent === after.modifierPercent ? 'scope' : 'rule';
    if (before.type !== 'TIERING' && after.type !== 'TIERING') return 'modifier';
    return 'tiering';
}

function planText(plan: PricingPlan): string {
    const rules = plan.ruleLists
        ? plan.ruleLists.map((list) => `${list.rules.join(', ')}${rangeText(list)}`).join('; ')
        : plan.rules.length ? plan.rules.join(', ') : '(none)';
    const floor = plan.minMarginVersions ? datedText(plan.minMarginVersions, '%') : plan.minMarginPercent !== undefined ? `${plan.minMarginPercent}%` : undefined;
    return `rules ${rules}${floor !== undefined ? `, min-margin ${floor}` : ''}`;
}

/** A rule with its dated versions: `markup 7% until 2026-04, markup 6% from 2026-04 on service AmazonEC2`. */
function datedRuleText(rule: PricingRule): string {
    if (!rule.versions) return ruleText(rule);
    const scope = ruleText({ ...rule, type: 'MARKUP', modifierPercent: '0' }).replace(/^markup 0%/, '');
    return `${rule.versions.map((version) => `${ruleText({ name: rule.name, scope: 'GLOBAL', ...version, ...(rule.customTiers && { customTiers: rule.customTiers }) })}${rangeText(version)}`).join(', ')}${scope}`;
}

/** Versions of a value as the policy says them: `12000 until 2026-04, 15000 from 2026-04`. */
function datedText(versions: readonly DatedValue[], unit = ''): string {
    return versions.map((version) => `${version.value}${unit}${rangeText(version)}`).join(', ');
}

/**
 * The periods a change of a rule, plan or group affects: between two consecutive version boundaries of either side the
 * versions in force are the same, so the change affects an interval when the element in force differs there.
 */
function withPeriods(change: PolicyChange, base: PolicyModel, head: PolicyModel): PolicyChange {
    if (change.element !== 'rule' && change.element !== 'plan' && change.element !== 'group') return change;
    const boundaries = [...new Set([...versionBoundaries(base), ...versionBoundaries(head)])].sort();
    const textIn = (model: PolicyModel, period: string): string => {
        const inForce = policyInForce(model, period);
        if (change.element === 'rule') {
            const rule = inForce.rules.find((candidate) => candidate.name === change.name);
            return rule ? ruleText(rule) : 'not in force';
        }
        if (change.element === 'plan') {
            const plan = inForce.plans.find((candidate) => candidate.name === change.name);
            return plan ? planText(plan) : 'none';
        }
        const group = inForce.groups.find((candidate) => candidate.name === change.name);
        if (!group) return 'none';
        // One field's change (plan, budget, floor…) affects the periods where that field differs; else the group's.
        return change.field !== undefined ? String((group as unknown as Record<string, unknown>)[change.field] ?? 'none') : groupText(group);
    };
    const affected: PeriodRange[] = [];
    // '' sorts before every period: the interval before the first boundary.
    ['', ...boundaries].forEach((start, i) => {
        if (textIn(base, start) === textIn(head, start)) return;
        const until = boundaries[i];
        const last = affected.at(-1);
        if (last && start !== '' && last.until === start) affected[affected.length - 1] = { ...(last.from !== undefined && { from: last.from }), ...(until !== undefined && { until }) };
        else affected.push({ ...(start !== '' && { from: start }), ...(until !== undefined && { until }) });
    });
    if (affected.length === 0 || (affected.length === 1 && affected[0]!.from === undefined && affected[0]!.until === undefined)) return change;
    return { ...change, periods: affected, description: `${change.description} (affects ${affected.map((range) => rangeText(range).trim()).join(', ')})` };
}

function planChanges(name: string, before: PricingPlan, after: PricingPlan, groups: string[]): PolicyChange[] {
    const changes: PolicyChange[] = [];
    const added = after.rules.filter((rule) => !before.rules.includes(rule));
    const removed = before.rules.filter((rule) => !after.rules.includes(rule));
    if (added.length || removed.length) {
        const parts = [added.length ? `adds ${added.join(', ')}` : '', removed.length ? `drops ${removed.join(', ')}` : ''].filter(Boolean).join(', ');
        changes.push({ element: 'plan', change: 'changed', name, field: 'rules', before: before.rules.join(', '), after: after.rules.join(', '), description: `plan ${name} ${parts}`, groups });
    }
    const listsOf = (plan: PricingPlan) => (plan.ruleLists ? planText({ ...plan, minMarginPercent: undefined, minMarginVersions: undefined } as PricingPlan) : '');
    if (!(added.length || removed.length) && listsOf(before) !== listsOf(after)) {
        changes.push({ element: 'plan', change: 'changed', name, field: 'rules', before: listsOf(before) || before.rules.join(', '), after: listsOf(after) || after.rules.join(', '), description: `plan ${name}: ${listsOf(before) || `rules ${before.rules.join(', ')}`} → ${listsOf(after) || `rules ${after.rules.join(', ')}`}`, groups });
    }
    const floorOf = (plan: PricingPlan) => (plan.minMarginVersions ? datedText(plan.minMarginVersions, '%') : percent(plan.minMarginPercent));
    if (floorOf(before) !== floorOf(after)) {
        changes.push(fieldChange('plan', name, undefined, 'minMarginPercent', floorOf(before), floorOf(after), `plan ${name}: min-margin`, groups));
    }
    return changes;
}

function groupText(group: BillingGroup): string {
    const members = group.members.map(membershipText).join(', ');
    return `plan ${group.plan}, primary ${group.primaryAccountId}, accounts ${members || '(none)'}${group.autoAssociate ? ', auto-associate' : ''}` +
        `${group.lineItems.length ? `, ${group.lineItems.length} custom line item${group.lineItems.length === 1 ? '' : 's'}` : ''}`;
}

function groupChanges(name: string, before: BillingGroup, after: BillingGroup): PolicyChange[] {
    const changes: PolicyChange[] = [];
    const groups = [name];
    const planOf = (group: BillingGroup) => (group.planVersions ? datedText(group.planVersions) : group.plan);
    if (planOf(before) !== planOf(after)) changes.push(fieldChange('group', name, undefined, 'plan', planOf(before), planOf(after), `group ${name}: plan`, groups));
    if (before.primaryAccountId !== after.primaryAccountId) changes.push(fieldChange('group', name, undefined, 'primary', before.primaryAccountId, after.primaryAccountId, `group ${name}: primary`, groups));
    if (before.autoAssociate !== after.autoAssociate) {
        changes.push(fieldChange('group', name, undefined, 'autoAssociate', before.autoAssociate ? 'on' : 'off', after.autoAssociate ? 'on' : 'off', `group ${name}: auto-associate`, groups));
    }
    const budgetOf = (group: BillingGroup) => (group.budgetVersions ? datedText(group.budgetVersions) : group.budget ?? 'none');
    if (budgetOf(before) !== budgetOf(after)) changes.push(fieldChange('group', name, undefined, 'budget', budgetOf(before), budgetOf(after), `group ${name}: budget`, groups));
    const floorOf = (group: BillingGroup) => (group.minMarginVersions ? datedText(group.minMarginVersions, '%') : percent(group.minMarginPercent));
    if (floorOf(before) !== floorOf(after)) {
        changes.push(fieldChange('group', name, undefined, 'minMarginPercent', floorOf(before), floorOf(after), `group ${name}: min-margin`, groups));
    }

    const rangesOf = (group: BillingGroup, account: string): string[] =>
        group.members.filter((member) => member.accountId === account).map(membershipText).sort();
    for (const account of unique([...before.members, ...after.members].map((member) => member.accountId))) {
        const was = rangesOf(before, account);
        const is = rangesOf(after, account);
        if (was.join('|') === is.join('|')) continue;
        if (was.length === 0) changes.push({ element: 'membership', change: 'added', name: account, group: name, after: is.join(', '), description: `group ${name}: account ${is.join(', ')} joins`, groups });
        else if (is.length === 0) changes.push({ element: 'membership', change: 'removed', name: account, group: name, before: was.join(', '), description: `group ${name}: account ${was.join(', ')} leaves`, groups });
        else changes.push({ element: 'membership', change: 'changed', name: account, group: name, field: 'periods', before: was.join(', '), after: is.join(', '), description: `group ${name}: membership ${was.join(', ')} → ${is.join(', ')}`, groups });
    }

    for (const [item, was, is] of pairs<CustomLineItem>(before.lineItems, after.lineItems)) {
        if (!was) changes.push({ element: 'lineItem', change: 'added', name: item, group: name, after: lineItemText(is!), description: `group ${name}: ${lineItemText(is!).split(' ')[0]} ${item} added: ${lineItemText(is!)}`, groups });
        else if (!is) changes.push({ element: 'lineItem', change: 'removed', name: item, group: name, before: lineItemText(was), description: `group ${name}: ${lineItemText(was).split(' ')[0]} ${item} removed (was ${lineItemText(was)})`, groups });
        else if (lineItemText(was) !== lineItemText(is)) {
            changes.push({ element: 'lineItem', change: 'changed', name: item, group: name, before: lineItemText(was), after: lineItemText(is), description: `group ${name}: ${item}: ${lineItemText(was)} → ${lineItemText(is)}`, groups });
        }
    }
    return changes;
}

function fieldChange(element: PolicyElement, name: string, group: string | undefined, field: string, before: string, after: string, subject: string, groups: string[]): PolicyChange {
    return { element, change: 'changed', name, ...(group !== undefined && { group }), field, before, after, description: `${subject} ${before} → ${after}`, groups };
}

function percent(value: string | undefined): string {
    return value === undefined ? 'none' : `${value}%`;
}

/** Elements of both versions by name: [name, before, after], BASE's order then what HEAD adds. */
function pairs<T extends { readonly name: string }>(base: readonly T[], head: readonly T[]): Array<[string, T | undefined, T | undefined]> {
    const before = new Map<string, T>();
    for (const element of base) if (!before.has(element.name)) before.set(element.name, element);
    const after = new Map<string, T>();
    for (const element of head) if (!after.has(element.name)) after.set(element.name, element);
    return unique([...before.keys(), ...after.keys()]).map((name) => [name, before.get(name), after.get(name)]);
}

function unique<T>(values: readonly T[]): T[] {
    return [...new Set(values)];
}
