import type { ClosedFigure, ClosedPeriodChange } from './closed-periods.js';

const FIGURE_NAMES: Readonly<Record<ClosedFigure, string>> = {
    awsCost: 'AWS cost', charges: 'charges', proformaCost: 'pro forma cost', margin: 'margin', marginPercent: 'margin %',
};

/** One line saying what would change in a closed period, and why (the policy or the data since it was closed). */
export function describeClosedChange(change: ClosedPeriodChange, lockName: string): string {
    if (change.kind === 'not-locked') {
        return `period ${change.period} is closed by the policy but not recorded in ${lockName}: run \`billing close ${change.period}\``;
    }
    const why = [change.causes.policy && 'the policy', change.causes.data && 'the data'].filter(Boolean).join(' and ');
    const cause = why ? ` (${why} changed since it was closed)` : '';
    switch (change.kind) {
        case 'group-changed': {
            const figures = change.figures.map((f) => `${FIGURE_NAMES[f.figure]} ${f.locked ?? 'none'} → ${f.now ?? 'none'}`).join(', ');
            return `closed period ${change.period} would change for group "${change.group}": ${figures}${cause}`;
        }
        case 'group-added':
            return `closed period ${change.period} would bill group "${change.group}", which it did not: pro forma cost ${change.proformaCost}${cause}`;
        case 'group-removed':
            return `closed period ${change.period} billed group "${change.group}" (pro forma cost ${change.proformaCost}), which the policy no longer has${cause}`;
        case 'unassigned-changed':
            return `closed period ${change.period} would change the unassigned AWS cost: ${change.locked} → ${change.now}${cause}`;
    }
}
