import { plainMinorUnits, toMinorUnits } from './money-format.js';
import type { CostReport, PresentedFigures } from './types.js';

/**
 * The report as pretty JSON (the public contract), newline-terminated: the exact decimal strings, plus each
 * group's, unassigned period's and the total's figures as every other view presents them (`presented`), and the
 * `rounding` that makes the presented lines add up to the presented total.
 */
export function renderJson(report: CostReport): string {
    return `${JSON.stringify(withPresentedFigures(report), null, 2)}\n`;
}

export function withPresentedFigures(report: CostReport): CostReport {
    const currency = report.currency;
    const minor = (exact: string) => toMinorUnits(exact, currency);
    const plain = (value: bigint) => plainMinorUnits(value, currency);
    const figures = (aws: bigint, proforma: bigint, margin: bigint): PresentedFigures => ({ awsCost: plain(aws), proformaCost: plain(proforma), margin: plain(margin) });
    let aws = 0n;
    let proforma = 0n;
    let margin = 0n;
    const groups = report.groups.map((g) => {
        const shown = { aws: minor(g.awsCost), proforma: minor(g.proformaCost), margin: minor(g.margin) };
        aws += shown.aws;
        proforma += shown.proforma;
        margin += shown.margin;
        return { ...g, presented: figures(shown.aws, shown.proforma, shown.margin) };
    });
    const byPeriod = report.unassigned.byPeriod.map((line) => {
        const shown = minor(line.awsCost);
        aws += shown;
        return { ...line, presentedAwsCost: plain(shown) };
    });
    const total = { aws: minor(report.total.awsCost), proforma: minor(report.total.proformaCost), margin: minor(report.total.margin) };
    return {
        ...report,
        groups,
        unassigned: { ...report.unassigned, byPeriod },
        total: {
            ...report.total,
            presented: figures(total.aws, total.proforma, total.margin),
            rounding: figures(total.aws - aws, total.proforma - proforma, total.margin - margin),
        },
    };
}
