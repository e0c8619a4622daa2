import { Decimal } from '../money/decimal.js';
import type { PolicyModel } from '../policy/model.js';
import type { CostReport, GroupReport } from '../report/types.js';
import type { LockedGroup, LockedPeriod, LockFile } from './lock.js';

export type ClosedFigure = 'awsCost' | 'charges' | 'proformaCost' | 'margin' | 'marginPercent';
const FIGURES: readonly ClosedFigure[] = ['awsCost', 'charges', 'proformaCost', 'margin', 'marginPercent'];

/** A closed period whose figures the current policy and data would change (or that was never closed). */
export type ClosedPeriodChange =
    | { readonly kind: 'not-locked'; readonly period: string }
    | { readonly kind: 'group-changed'; readonly period: string; readonly group: string; readonly figures: readonly FigureChange[]; readonly causes: Causes }
    | { readonly kind: 'group-added'; readonly period: string; readonly group: string; readonly proformaCost: string; readonly causes: Causes }
    | { readonly kind: 'group-removed'; readonly period: string; readonly group: string; readonly proformaCost: string; readonly causes: Causes }
    | { readonly kind: 'unassigned-changed'; readonly period: string; readonly locked: string; readonly now: string; readonly causes: Causes };

export interface FigureChange {
    readonly figure: ClosedFigure;
    readonly locked: string | null;
    readonly now: string | null;
}

/** What differs from what the period was closed with: the policy model, the data files (digests). */
export interface Causes {
    readonly policy: boolean;
    readonly data: boolean;
}

/**
 * The closed periods (`closed through`) of the report: each one's changes against the lock file. Without a data
 * digest (the editor has the data, not its files' bytes), the data is never named as a cause.
 */
export function closedPeriodChanges(model: PolicyModel, report: CostReport, lock: LockFile, digests: { policy: string; data?: string }): ClosedPeriodChange[] {
    const through = model.closedThrough?.period;
    if (through === undefined) return [];
    const changes: ClosedPeriodChange[] = [];
    for (const period of report.periods.filter((period) => period <= through)) {
        const locked = lock.periods.find((entry) => entry.period === period);
        if (!locked) {
            changes.push({ kind: 'not-locked', period });
            continue;
        }
        changes.push(...periodChanges(locked, report, { policy: locked.policyDigest !== digests.policy, data: digests.data !== undefined && locked.dataDigest !== digests.data }));
    }
    return changes;
}

function periodChanges(locked: LockedPeriod, report: CostReport, causes: Causes): ClosedPeriodChange[] {
    const { period } = locked;
    const changes: ClosedPeriodChange[] = [];
    const current = report.groups.filter((group) => group.period === period);
    for (const before of locked.groups) {
        const now = current.find((group) => group.name === before.name);
        if (!now) {
            changes.push({ kind: 'group-removed', period, group: before.name, proformaCost: before.proformaCost, causes });
            continue;
        }
        const figures = FIGURES.filter((figure) => !same(before[figure], now[figure])).map((figure) => ({ figure, locked: before[figure], now: now[figure] }));
        if (figures.length > 0) changes.push({ kind: 'group-changed', period, group: before.name, figures, causes });
    }
    for (const now of current) {
        if (locked.groups.some((group) => group.name === now.name)) continue;
        // A group added later that bills nothing in the closed period leaves it as it was.
        if (isZero(now)) continue;
        changes.push({ kind: 'group-added', period, group: now.name, proformaCost: now.proformaCost, causes });
    }
    const unassigned = report.unassigned.byPeriod.find((line) => line.period === period)?.awsCost ?? '0';
    if (!same(locked.unassignedAwsCost, unassigned)) changes.push({ kind: 'unassigned-changed', period, locked: locked.unassignedAwsCost, now: unassigned, causes });
    return changes;
}

function same(a: string | null, b: string | null): boolean {
    if (a === null || b === null) return a === b;
    return new Decimal(a).eq(new Decimal(b));
}

function isZero(group: GroupReport | LockedGroup): boolean {
    return [group.awsCost, group.charges, group.proformaCost].every((value) => new Decimal(value).isZero());
}
