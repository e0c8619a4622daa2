import type { PolicyDiffReport } from '../../engine/diff/index.js';
import { Decimal } from '../../engine/money/decimal.js';
import { formatCents, toCents } from '../../engine/report/index.js';
import { UsageError } from '../errors.js';

/** `--fail-on-change 100` (money, the report's currency) or `--fail-on-change 5%` (of BASE's pro forma cost). */
export type ChangeThreshold = { readonly kind: 'absolute'; readonly amount: string } | { readonly kind: 'percent'; readonly percent: string };

const NUMBER = /^\d+(\.\d+)?$/;

export function changeThresholds(values: readonly string[]): ChangeThreshold[] {
    return values.flatMap((value) => value.split(',')).map((raw) => {
        const value = raw.trim();
        if (value.endsWith('%') && NUMBER.test(value.slice(0, -1))) return { kind: 'percent', percent: value.slice(0, -1) };
        if (NUMBER.test(value)) return { kind: 'absolute', amount: value };
        throw new UsageError(`invalid value '${raw}' for '--fail-on-change' (expected an amount such as 100 or a percentage such as 5%)`, 'diff');
    });
}

/**
 * What crosses a threshold: each group's pro forma change over the reported periods, and the total's. A change is
 * over `ABS` when |Δ| > ABS; over `PCT%` when |Δ| > PCT% of BASE's pro forma cost — a group added or removed, or
 * one whose BASE pro forma is 0, has no percentage and is over any percent threshold as soon as Δ ≠ 0.
 * Returns one line per crossing, for stderr.
 */
export function changesOverThresholds(diff: PolicyDiffReport, thresholds: readonly ChangeThreshold[]): string[] {
    if (thresholds.length === 0) return [];
    const subjects = [
        ...diff.groups.map((group) => ({ name: `group ${group.group}`, base: group.total.base?.proformaCost ?? '0', change: group.total.change })),
        { name: 'total', base: diff.total.base.proformaCost, change: diff.total.change },
    ];
    const lines: string[] = [];
    for (const subject of subjects) {
        const delta = new Decimal(subject.change.proformaCost);
        if (delta.isZero()) continue;
        const crossed = thresholds.filter((threshold) => threshold.kind === 'absolute'
            ? delta.abs().greaterThan(threshold.amount)
            : new Decimal(subject.base).isZero() || delta.abs().greaterThan(new Decimal(subject.base).abs().times(threshold.percent).dividedBy(100)));
        if (crossed.length === 0) continue;
        const cents = toCents(subject.change.proformaCost, diff.currency);
        const percent = subject.change.proformaCostPercent === null ? 'no base to compare' : `${subject.change.proformaCostPercent}%`;
        const limits = crossed.map((threshold) => (threshold.kind === 'absolute' ? threshold.amount : `${threshold.percent}%`)).join(', ');
        lines.push(`${subject.name}: pro forma cost ${cents > 0n ? '+' : ''}${formatCents(cents, diff.currency)} ${diff.currency} (${percent}) exceeds --fail-on-change ${limits}`);
    }
    return lines;
}
