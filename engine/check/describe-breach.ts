import { formatMinorUnits, toMinorUnits } from '../report/money-format.js';
import type { Breach, MarginBreach } from './breaches.js';

/**
 * Money as a bill shows it (rounded once, half-even, to the currency's minor units), or the exact amount when that
 * rounding would hide it (`0.004`). With a currency, its ISO code follows (`220.00 USD`, `1,234.50 EUR`), as in
 * `diff --fail-on-change` lines: a breach line is read on its own, in a CI log, without the bill's header beside it,
 * and a symbol (`$`) would not tell USD from CAD.
 */
export function showMoney(exact: string, currency?: string): string {
    const minor = toMinorUnits(exact, currency);
    const shown = minor === 0n && !/^-?0*(\.0*)?$/.test(exact) ? exact : formatMinorUnits(minor, { currency });
    return currency === undefined ? shown : `${shown} ${currency}`;
}

/** The margin as every view shows it: the exact margin rounded once, the bill's margin column to the cent. */
function shownMargin(breach: MarginBreach): string {
    return showMoney(breach.margin, breach.currency);
}

/** One line naming the breach with its figures: group, period, budget vs pro forma, margin % vs floor. */
export function describeBreach(breach: Breach): string {
    if (breach.kind === 'budget') {
        return `group ${breach.group}, ${breach.period}: over budget — pro forma cost ${showMoney(breach.proformaCost, breach.currency)} exceeds the budget of ${showMoney(breach.budget, breach.currency)} by ${showMoney(breach.over, breach.currency)}`;
    }
    const figure = breach.marginPercent === null
        ? `no pro forma cost and a margin of ${shownMargin(breach)}`
        : `margin ${breach.marginPercent}% (${shownMargin(breach)} on a pro forma cost of ${showMoney(breach.proformaCost, breach.currency)})`;
    const from = breach.floorFrom === 'plan' ? ` (the floor of plan ${breach.plan})` : '';
    return `group ${breach.group}, ${breach.period}: below the margin floor — ${figure} is under the floor of ${breach.minMarginPercent}%${from}`;
}
