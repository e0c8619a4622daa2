/**
 * Effective-dated pricing (issue 16): the versions of one dated value — a rule's modifiers, a plan's `min-margin`s, a
 * group's `plan`s, `budget`s and `min-margin`s — follow each other without overlap (BIL114) or gap (BIL115); a
 * rule keeps one kind over time (BIL118); a group's dated plans cover its life (BIL116), and no dated group clause
 * lies outside it (BIL117). Each period and each `until` after `from` is checked with memberships (period-checks.ts).
 */
import type { AstNode, ValidationAcceptor, ValidationChecks } from 'langium';
import type { BillingAstType, Budget, Group, MinMargin, Plan, PlanUse, Rule } from '../generated/ast.js';
import { anyDated, type DatedClause } from './dated-clauses.js';
import { Issues } from './issue-codes.js';
import { describeOverlap, describeRange, isEmptyRange, rangesOverlap, type PeriodRangeText } from './periods.js';
import { relatedAt, relatedCapped, reportIssue } from './report.js';

type Clause = DatedClause & AstNode;

export function versionChecks(): ValidationChecks<BillingAstType> {
    return {
        Rule: checkRuleVersions,
        Plan: checkPlanVersions,
        Group: checkGroupVersions,
    };
}

function checkRuleVersions(rule: Rule, accept: ValidationAcceptor): void {
    if (rule.modifiers.length < 2 || !anyDated(rule.modifiers)) return;
    const tiering = rule.modifiers.filter(modifier => modifier.$type === 'Tiering');
    if (tiering.length > 0 && tiering.length < rule.modifiers.length && rule.name !== undefined) {
        reportIssue(accept, Issues.mixedRuleVersions, { node: rule, property: 'name' }, rule.name);
    }
    checkVersionSet(rule.modifiers, `rule '${rule.name}'`, accept);
}

function checkPlanVersions(plan: Plan, accept: ValidationAcceptor): void {
    if (plan.minMargins.length > 1 && anyDated(plan.minMargins)) checkVersionSet(plan.minMargins, `the min-margin of plan '${plan.name}'`, accept);
}

function checkGroupVersions(group: Group, accept: ValidationAcceptor): void {
    const plans = group.members.filter((member): member is PlanUse => member.$type === 'PlanUse');
    const budgets = group.members.filter((member): member is Budget => member.$type === 'Budget');
    const floors = group.members.filter((member): member is MinMargin => member.$type === 'MinMargin');
    const sets = [['plan', plans], ['budget', budgets], ['min-margin', floors]] as const;
    for (const [keyword, clauses] of sets) {
        if (clauses.length > 1 && anyDated(clauses)) checkVersionSet(clauses, `the ${keyword} of group '${group.name}'`, accept);
    }
    const life = groupLife(group);
    if (life.from === undefined && life.until === undefined) {
        if (anyDated(plans)) checkPlanCoverage(group, plans, life, accept);
        return;
    }
    for (const [keyword, clauses] of sets) {
        if (!anyDated(clauses)) continue;
        for (const clause of clauses) {
            if (isEmptyRange(clause) || rangesOverlap(clause, life)) continue;
            reportIssue(accept, Issues.versionOutsideGroupLife, { node: clause }, keyword, describeRange(clause), group.name, describeRange(life));
        }
    }
    if (anyDated(plans)) checkPlanCoverage(group, plans, life, accept);
}

/**
 * The periods the group can have members: the span of its `accounts` ranges; every period when a membership is
 * undated, the primary is listed in none (it is then a member in every period) or the group auto-associates.
 */
function groupLife(group: Group): PeriodRangeText {
    const memberships = group.members.filter(member => member.$type === 'Membership');
    const primary = group.members.find(member => member.$type === 'Primary');
    const primaryRef = primary?.$type === 'Primary' ? primary.account : undefined;
    const primaryId = primaryRef?.id ?? primaryRef?.account?.ref?.id;
    const primaryListed = primaryRef === undefined || memberships.some(membership => membership.$type === 'Membership'
        && membership.accounts.some(ref => (ref.id ?? ref.account?.ref?.id) === primaryId));
    if (memberships.length === 0 || !primaryListed || group.members.some(member => member.$type === 'AutoAssociate')) return {};
    const ranges = memberships.map(member => member as unknown as PeriodRangeText).filter(range => !isEmptyRange(range));
    if (ranges.length === 0) return {};
    const froms = ranges.map(range => range.from);
    const untils = ranges.map(range => range.until);
    return {
        ...(froms.every(from => from !== undefined) && { from: (froms as string[]).sort()[0] }),
        ...(untils.every(until => until !== undefined) && { until: (untils as string[]).sort().pop() }),
    };
}

/** A dated `plan` must be in force wherever the group has members: before its first and after its last version too. */
function checkPlanCoverage(group: Group, plans: readonly PlanUse[], life: PeriodRangeText, accept: ValidationAcceptor): void {
    const ranges = plans.filter(plan => !isEmptyRange(plan));
    if (ranges.length === 0 || group.name === undefined) return;
    const first = ranges.reduce((a, b) => (b.from === undefined || (a.from !== undefined && b.from < a.from) ? b : a));
    const last = ranges.reduce((a, b) => (b.until === undefined || (a.until !== undefined && b.until > a.until) ? b : a));
    if (first.from !== undefined && (life.from === undefined || life.from < first.from)) {
        reportIssue(accept, Issues.planNotInForce, { node: first, property: 'from' }, group.name, describeRange({ ...life.from !== undefined && { from: life.from }, until: first.from }));
    }
    if (last.until !== undefined && (life.until === undefined || last.until < life.until)) {
        reportIssue(accept, Issues.planNotInForce, { node: last, property: 'until' }, group.name, describeRange({ from: last.until, ...life.until !== undefined && { until: life.until } }));
    }
}

/**
 * Versions of one value: each one that overlaps another is reported (so both places get a diagnostic), and each
 * gap between consecutive versions at both versions around it.
 */
function checkVersionSet(clauses: readonly Clause[], what: string, accept: ValidationAcceptor): void {
    const versions = clauses.filter(clause => !isEmptyRange(clause));
    for (const version of versions) {
        const others = versions.filter(other => other !== version && rangesOverlap(version, other));
        const [first] = others;
        if (!first) continue;
        reportIssue(accept, Issues.overlappingVersions, {
            node: version,
            relatedInformation: relatedCapped(others, other => relatedAt(other, `another version of ${what}, ${describeRange(other)}`)),
        }, what, describeOverlap(version, first));
    }
    const sorted = [...versions].sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
    let end: { period: string | undefined; clause: Clause } | undefined;
    for (const version of sorted) {
        if (end && end.period !== undefined && version.from !== undefined && end.period < version.from) {
            const gap = describeRange({ from: end.period, until: version.from });
            reportIssue(accept, Issues.gapBetweenVersions, { node: end.clause, property: 'until', relatedInformation: [relatedAt(version, `the next version starts here, ${describeRange(version)}`)] }, what, gap);
            reportIssue(accept, Issues.gapBetweenVersions, { node: version, property: 'from', relatedInformation: [relatedAt(end.clause, `the previous version ends here, ${describeRange(end.clause)}`)] }, what, gap);
        }
        if (!end || end.period !== undefined && (version.until === undefined || version.until > end.period)) end = { period: version.until, clause: version };
    }
}
