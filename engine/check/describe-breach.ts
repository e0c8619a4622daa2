import { formatCents, toCents } from '../report/display-rounding.js';
import type { Breach, MarginBreach } from './breaches.js';

/** Money as a bill shows it (half-even cents), or the exact amount when cents would hide it (`0.004`). */
export function showMoney(exact: string): string {
    const cents = toCents(exact);
    if (cents === 0n && !/^-?0*(\.0*)?$/.test(exact)) return exact;
    return formatCents(cents);
}

/** The margin as every view shows it: the exact margin rounded once, the bill's margin column to the cent. */
function shownMargin(breach: MarginBreach): string {
    return formatCents(toCents(breach.margin));
}

/** One line naming the breach with its figures: group, period, budget vs pro forma, margin % vs floor. */
export function describeBreach(breach: Breach): string {
    if (breach.kind === 'budget') {
        return `group ${breach.group}, ${breach.period}: over budget — pro forma cost ${showMoney(breach.proformaCost)} exceeds the budget of ${showMoney(breach.budget)} by ${showMoney(breach.over)}`;
    }
    const figure = breach.marginPercent === null
        ? `no pro forma cost and a margin of ${shownMargin(breach)}`
        : `margin ${breach.marginPercent}% (${shownMargin(breach)} on a pro forma cost of ${showMoney(breach.proformaCost)})`;
    const from = breach.floorFrom === 'plan' ? ` (the floor of plan ${breach.plan})` : '';
    return `group ${breach.group}, ${breach.period}: below the margin floor — ${figure} is under the floor of ${breach.minMarginPercent}%${from}`;
}
