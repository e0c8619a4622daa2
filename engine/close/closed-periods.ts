import { Decimal } from '../money/decimal.js';
import type { PolicyModel } from '../policy/model.js';
import type { CostReport, GroupReport } from '../report/types.js';
import type { LockedGroup, LockedPeriod, LockFile } from './lock.js';
import { entityDigests } from './policy-digest.js';

export type ClosedFigure = 'awsCost' | 'charges' | 'proformaCost' | 'margin' | 'marginPercent';
const FIGURES: readonly ClosedFigure[] = ['awsCost', 'charges', 'proformaCost', 'margin', 'marginPercent'];

/** A closed period whose figures the current policy and data would change (or that was never closed). */
export type ClosedPeriodChange =
    | { readonly kind: 'not-locked'; readonly period: string }
    | { readonly kind: 'group-changed'; readonly period: string; readonly group: string; readonly figures: readonly FigureChange[]; readonly causes: Causes; readonly causedBy?: readonly Culprit[] }
    | { readonly kind: 'group-added'; readonly period: string; readonly group: string; readonly proformaCost: string; readonly causes: Causes; readonly causedBy?: readonly Culprit[] }
    | { readonly kind: 'group-removed'; readonly period: string; readonly group: string; readonly proformaCost: string; readonly causes: Causes }
    | { readonly kind: 'unassigned-changed'; readonly period: string; readonly locked: string; readonly now: string; readonly causes: Causes };

export interface FigureChange {
    readonly figure: ClosedFigure;
    readonly locked: string | null;
    readonly now: string | null;
}

/**
 * A statement of the policy whose edit since the period was closed reaches the group: a rule of its plan, its plan,
 * the group itself (most specific first). Only when the lock file has entity digests and the policy changed.
 */
export interface Culprit {
    readonly kind: 'rule' | 'plan' | 'group';
    readonly name: string;
}

/** What differs from what the period was closed with: the policy model, the data files (digests). */
export interface Causes {
    readonly policy: boolean;
    readonly data: boolean;
}

/**
 * The closed periods (`closed through`) of the report: each one's changes against the lock file. Without a data
 * digest (the editor has the data, not its files' bytes), the data is named as the cause only when the policy is
 * as it was closed.
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
        const policy = locked.policyDigest !== digests.policy;
        // Pricing is deterministic: with the policy as it was closed, a change can only come from the data (the
        // editor has no data digest, but this much it knows).
        const causes = { policy, data: digests.data !== undefined ? locked.dataDigest !== digests.data : !policy };
        const culprits = causes.policy && locked.entityDigests ? culpritsOf(model, locked.entityDigests) : undefined;
        changes.push(...periodChanges(locked, report, causes).map((change) => {
            if (!culprits || (change.kind !== 'group-changed' && change.kind !== 'group-added')) return change;
            const causedBy = culprits(change.group);
            return causedBy.length > 0 ? { ...change, causedBy } : change;
        }));
    }
    return changes;
}

/**
 * For a group: the statements edited since the lock that reach it, most specific first — rules of its plan that
 * were changed, its plan, the group itself (its plan reference, members, fees) — then rules and plans that are new
 * since (the group moved to a new plan: the group is named before them).
 */
function culpritsOf(model: PolicyModel, locked: Readonly<Record<string, string>>): (group: string) => Culprit[] {
    const now = entityDigests(model);
    const modified = (key: string) => locked[key] !== undefined && now[key] !== undefined && now[key] !== locked[key];
    const added = (key: string) => locked[key] === undefined && now[key] !== undefined;
    return (name) => {
        const group = model.groups.find((candidate) => candidate.name === name);
        if (!group) return [];
        const plan = model.plans.find((candidate) => candidate.name === group.plan);
        const rules = plan?.rules ?? [];
        const culprits: Culprit[] = [];
        for (const rule of rules) if (modified(`rule:${rule}`)) culprits.push({ kind: 'rule', name: rule });
        if (plan && modified(`plan:${plan.name}`)) culprits.push({ kind: 'plan', name: plan.name });
        if (modified(`group:${name}`) || added(`group:${name}`)) culprits.push({ kind: 'group', name });
        if (plan && added(`plan:${plan.name}`)) culprits.push({ kind: 'plan', name: plan.name });
        for (const rule of rules) if (added(`rule:${rule}`)) culprits.push({ kind: 'rule', name: rule });
        return culprits;
    };
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
