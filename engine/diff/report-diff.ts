import { Decimal } from '../money/decimal.js';
import type { PolicyModel } from '../policy/model.js';
import { percentOf } from '../report/display-rounding.js';
import type { CostReport, GroupReport, Money } from '../report/types.js';
import { diffPolicies, type PolicyChange } from './policy-diff.js';

/** A group's figures in one period of one version. */
export interface DiffFigures {
    readonly awsCost: Money;
    readonly proformaCost: Money;
    readonly margin: Money;
    /** null when the pro forma cost is 0 (as in the report). */
    readonly marginPercent: string | null;
    readonly accountIds: readonly string[];
}

/** HEAD − BASE (a missing side counts 0). */
export interface FigureChange {
    readonly awsCost: Money;
    readonly proformaCost: Money;
    /** The pro forma change in % of BASE's pro forma, half-even to 2 decimals; null when BASE's is 0 or absent. */
    readonly proformaCostPercent: string | null;
    readonly margin: Money;
    /** HEAD's margin % − BASE's, in percentage points; null when either is null. */
    readonly marginPercentPoints: string | null;
}

export interface GroupPeriodDiff {
    readonly period: string;
    /** null: the group is not in that version of the policy. */
    readonly base: DiffFigures | null;
    readonly head: DiffFigures | null;
    readonly change: FigureChange;
    /** Accounts of the group in HEAD and not in BASE in this period, and the other way round. */
    readonly accountsAdded: readonly string[];
    readonly accountsRemoved: readonly string[];
}

export interface TotalFigures {
    readonly awsCost: Money;
    readonly proformaCost: Money;
    readonly margin: Money;
}

export interface GroupDiff {
    readonly group: string;
    /** added / removed: the group exists in one version only; changed: a figure, an account or its policy changed. */
    readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
    /** Accounts that join or leave the group in some period (union over the periods). */
    readonly accountsAdded: readonly string[];
    readonly accountsRemoved: readonly string[];
    readonly periods: readonly GroupPeriodDiff[];
    /** Σ over the periods. */
    readonly total: { readonly base: TotalFigures | null; readonly head: TotalFigures | null; readonly change: FigureChange };
    /** The policy changes that can affect this group (its own, its plan's, its plan's rules'). */
    readonly changes: readonly PolicyChange[];
}

export interface PolicyDiffReport {
    readonly schemaVersion: 1;
    readonly base: DiffSide;
    readonly head: DiffSide;
    readonly data: CostReport['data'];
    readonly periods: readonly string[];
    readonly currency: string;
    /** HEAD's groups in policy order, then the groups only BASE has. */
    readonly groups: readonly GroupDiff[];
    readonly unassigned: { readonly base: Money; readonly head: Money; readonly change: Money };
    readonly total: { readonly base: TotalFigures; readonly head: TotalFigures; readonly change: FigureChange };
    /** Every structural change, rules first, then plans, groups (memberships, line items), accounts. */
    readonly policyChanges: readonly PolicyChange[];
}

export interface DiffSide {
    /** As given: a path, or `REV:PATH`. */
    readonly source: string;
    /** The files of the policy (the entry and its imports), as shown to the user. */
    readonly files: readonly string[];
}

export interface DiffInput {
    /**
     * Without a model (a saved JSON report as the baseline, `billing diff --compare-to`), BASE's groups are those of
     * its report and no structural change of the policy is listed.
     */
    readonly base: { readonly side: DiffSide; readonly model?: PolicyModel; readonly report: CostReport };
    readonly head: { readonly side: DiffSide; readonly model: PolicyModel; readonly report: CostReport };
}

/**
 * Compares two versions of a policy priced on the same data: per group and period the figures before and
 * after and the change, the accounts that move, and the structural changes of the policy.
 */
export function diffReports({ base, head }: DiffInput): PolicyDiffReport {
    const policyChanges = base.model ? diffPolicies(base.model, head.model) : [];
    const baseGroups = base.model ? base.model.groups.map((group) => group.name) : [...new Set(base.report.groups.map((line) => line.name))];
    const names = [...new Set([...head.model.groups.map((group) => group.name), ...baseGroups])];
    const periods = head.report.periods;
    const lookup = (report: CostReport) => {
        const map = new Map<string, GroupReport>();
        for (const line of report.groups) map.set(`${line.name}\u0000${line.period}`, line);
        return (group: string, period: string) => map.get(`${group}\u0000${period}`);
    };
    const baseLine = lookup(base.report);
    const headLine = lookup(head.report);
    const inBase = new Set(baseGroups);
    const inHead = new Set(head.model.groups.map((group) => group.name));

    const groups = names.map((group): GroupDiff => {
        const rows = periods.map((period): GroupPeriodDiff => {
            const before = figures(baseLine(group, period));
            const after = figures(headLine(group, period));
            const was = new Set(before?.accountIds ?? []);
            const is = new Set(after?.accountIds ?? []);
            return {
                period, base: before, head: after, change: change(before, after),
                accountsAdded: [...is].filter((id) => !was.has(id)).sort(),
                accountsRemoved: [...was].filter((id) => !is.has(id)).sort(),
            };
        });
        const totalBefore = inBase.has(group) ? sum(rows.map((row) => row.base)) : null;
        const totalAfter = inHead.has(group) ? sum(rows.map((row) => row.head)) : null;
        const changes = policyChanges.filter((entry) => entry.groups.includes(group));
        const accountsAdded = [...new Set(rows.flatMap((row) => row.accountsAdded))].sort();
        const accountsRemoved = [...new Set(rows.flatMap((row) => row.accountsRemoved))].sort();
        const figuresMoved = rows.some((row) => !isZero(row.change.proformaCost) || !isZero(row.change.awsCost) || !isZero(row.change.margin));
        const status = !inBase.has(group) ? 'added' : !inHead.has(group) ? 'removed'
            : figuresMoved || changes.length > 0 || accountsAdded.length > 0 || accountsRemoved.length > 0 ? 'changed' : 'unchanged';
        return {
            group, status, accountsAdded, accountsRemoved, periods: rows,
            total: { base: totalBefore, head: totalAfter, change: change(totalBefore && { ...totalBefore, marginPercent: null }, totalAfter && { ...totalAfter, marginPercent: null }) },
            changes,
        };
    });

    const totals = (report: CostReport): TotalFigures => ({ awsCost: report.total.awsCost, proformaCost: report.total.proformaCost, margin: report.total.margin });
    return {
        schemaVersion: 1,
        base: base.side,
        head: head.side,
        data: head.report.data,
        periods,
        currency: head.report.currency,
        groups,
        unassigned: {
            base: base.report.unassigned.awsCost,
            head: head.report.unassigned.awsCost,
            change: minus(head.report.unassigned.awsCost, base.report.unassigned.awsCost),
        },
        total: {
            base: totals(base.report),
            head: totals(head.report),
            change: change({ ...totals(base.report), marginPercent: null }, { ...totals(head.report), marginPercent: null }),
        },
        policyChanges,
    };
}

function figures(line: GroupReport | undefined): DiffFigures | null {
    if (!line) return null;
    return { awsCost: line.awsCost, proformaCost: line.proformaCost, margin: line.margin, marginPercent: line.marginPercent, accountIds: line.accountIds };
}

type Comparable = Pick<DiffFigures, 'awsCost' | 'proformaCost' | 'margin' | 'marginPercent'>;

function change(before: Comparable | null, after: Comparable | null): FigureChange {
    const zero = { awsCost: '0', proformaCost: '0', margin: '0', marginPercent: null };
    const was = before ?? zero;
    const is = after ?? zero;
    const delta = minus(is.proformaCost, was.proformaCost);
    return {
        awsCost: minus(is.awsCost, was.awsCost),
        proformaCost: delta,
        proformaCostPercent: before && !new Decimal(was.proformaCost).isZero() ? percentOf(delta, was.proformaCost) : null,
        margin: minus(is.margin, was.margin),
        marginPercentPoints: before && after && was.marginPercent !== null && is.marginPercent !== null
            ? points(is.marginPercent, was.marginPercent) : null,
    };
}

function points(after: string, before: string): string {
    const difference = new Decimal(after).minus(before);
    return difference.isZero() ? '0.00' : difference.toFixed(2);
}

function sum(rows: readonly (DiffFigures | null)[]): TotalFigures {
    let aws = new Decimal(0);
    let proforma = new Decimal(0);
    let margin = new Decimal(0);
    for (const row of rows) {
        if (!row) continue;
        aws = aws.plus(row.awsCost);
        proforma = proforma.plus(row.proformaCost);
        margin = margin.plus(row.margin);
    }
    return { awsCost: aws.toFixed(), proformaCost: proforma.toFixed(), margin: margin.toFixed() };
}

function minus(a: Money, b: Money): Money {
    const difference = new Decimal(a).minus(b);
    return difference.isZero() ? '0' : difference.toFixed();
}

function isZero(value: Money): boolean {
    return new Decimal(value).isZero();
}
