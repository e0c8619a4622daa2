/** Billing periods `YYYY-MM` and half-open ranges of them (`from` inclusive, `until` exclusive). */

export interface PeriodRangeText {
    readonly from?: string;
    readonly until?: string;
}

export function isValidPeriod(period: string): boolean {
    const match = /^([0-9]{4})-([0-9]{2})$/.exec(period);
    if (!match) return false;
    const month = Number(match[2]);
    return month >= 1 && month <= 12;
}

/** `YYYY-MM` strings of equal length order like the months they name. */
export function isEmptyRange(range: PeriodRangeText): boolean {
    return range.from !== undefined && range.until !== undefined && range.from >= range.until;
}

export function rangesOverlap(a: PeriodRangeText, b: PeriodRangeText): boolean {
    if (isEmptyRange(a) || isEmptyRange(b)) return false;
    const startsBeforeOtherEnds = (x: PeriodRangeText, y: PeriodRangeText): boolean =>
        x.from === undefined || y.until === undefined || x.from < y.until;
    return startsBeforeOtherEnds(a, b) && startsBeforeOtherEnds(b, a);
}

/** The periods two ranges share, in words, e.g. `from 2026-03 until 2026-07`, `in every period`. */
export function describeOverlap(a: PeriodRangeText, b: PeriodRangeText): string {
    const from = a.from === undefined ? b.from : b.from === undefined ? a.from : a.from > b.from ? a.from : b.from;
    const until = a.until === undefined ? b.until : b.until === undefined ? a.until : a.until < b.until ? a.until : b.until;
    return describeRange({ from, until });
}

export function describeRange(range: PeriodRangeText): string {
    if (range.from === undefined && range.until === undefined) return 'in every billing period';
    const parts: string[] = [];
    if (range.from !== undefined) parts.push(`from ${range.from}`);
    if (range.until !== undefined) parts.push(`until ${range.until}`);
    return parts.join(' ');
}
