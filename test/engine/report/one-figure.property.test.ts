/**
 * Property: over random multi-period reports, a group × period figure's text is the same in every renderer (table,
 * markdown, CSV's shown columns, JSON's presented figures, the editor's money format, the preview's) and in every
 * period selection (the report restricted to any subset of its periods). The oracle of the figure is decimal.js's
 * own half-even rounding of the exact value, not the code under test.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney as previewMoney } from '../../../client/preview/money.js';
import { renderCsv, renderJson, renderMarkdown, renderTable } from '../../../engine/report/index.js';
import type { CostReport, GroupReport } from '../../../engine/report/types.js';
import { formatMoney as editorMoney } from '../../../server/pricing/money-format.js';
import { groupLine, reportOf } from './report-fixture.js';

const PERIODS = ['2026-01', '2026-02', '2026-03', '2026-04'];
const money = fc.bigInt({ min: -(10n ** 10n), max: 10n ** 13n }).chain((units) => fc.integer({ min: 0, max: 8 }).map((scale) => new Decimal(units.toString()).dividedBy(new Decimal(10).pow(scale))));

/** The oracle: `46628.49`-style digits with grouping, `-` for negatives. */
function oracle(exact: string): string {
    const fixed = new Decimal(exact).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
    const negative = fixed.startsWith('-') && !/^-0\.00$/.test(fixed);
    const [whole, cents] = fixed.replace('-', '').split('.');
    return `${negative ? '-' : ''}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

function reportFor(groups: readonly GroupReport[], periods: readonly string[]): CostReport {
    const kept = groups.filter((g) => periods.includes(g.period));
    const sum = (pick: (g: GroupReport) => string) => kept.reduce((total, g) => total.plus(pick(g)), new Decimal(0)).toFixed();
    return { ...reportOf(kept, { awsCost: sum((g) => g.awsCost), proformaCost: sum((g) => g.proformaCost), margin: sum((g) => g.margin) }), periods };
}

const columns = (line: string) => line.trim().split(/\s{2,}/);

/** Every view's text of each group × period's AWS cost, pro forma and margin, as `-1,234.56`. */
function views(report: CostReport): Map<string, string[][]> {
    const byKey = new Map<string, string[][]>();
    const add = (key: string, figures: string[]) => byKey.set(key, [...(byKey.get(key) ?? []), figures]);
    const names = new Set(report.groups.map((g) => g.name));
    for (const line of renderTable(report, { issues: false }).split('\n')) {
        const cells = columns(line);
        if (names.has(cells[0]!)) add(`${cells[0]} ${cells[1]}`, cells.slice(3, 6));
    }
    for (const line of renderMarkdown(report, { issues: false }).split('\n')) {
        const cells = line.split(' | ').map((cell) => cell.replace(/^\| /, '').replace(/ \|$/, ''));
        if (names.has(cells[0]!)) add(`${cells[0]} ${cells[1]}`, cells.slice(3, 6));
    }
    const group = (plain: string) => oracleGrouping(plain);
    for (const line of renderCsv(report).split('\n')) {
        const cells = line.split(',');
        if (cells[0] === 'group') add(`${cells[2]} ${cells[1]}`, cells.slice(-3).map(group));
    }
    const json = JSON.parse(renderJson(report)) as CostReport;
    for (const g of json.groups) add(`${g.name} ${g.period}`, [g.presented!.awsCost, g.presented!.proformaCost, g.presented!.margin].map(group));
    const strip = (text: string) => text.replace('\u2212', '-').replace('$', '');
    for (const g of report.groups) {
        add(`${g.name} ${g.period}`, [g.awsCost, g.proformaCost, g.margin].map((exact) => strip(editorMoney(exact, 'USD'))));
        add(`${g.name} ${g.period}`, [g.awsCost, g.proformaCost, g.margin].map((exact) => strip(previewMoney(exact, 'USD'))));
    }
    return byKey;
}

function oracleGrouping(plain: string): string {
    const negative = plain.startsWith('-');
    const [whole, cents] = plain.replace('-', '').split('.');
    return `${negative ? '-' : ''}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

describe('one figure in every view and every period selection', () => {
    it('holds on random reports', () => {
        const groupArb = fc.record({ aws: money, proforma: money });
        fc.assert(
            fc.property(
                fc.array(fc.array(groupArb, { minLength: PERIODS.length, maxLength: PERIODS.length }), { minLength: 1, maxLength: 4 }),
                fc.subarray(PERIODS, { minLength: 1 }),
                (table, selection) => {
                    const groups = table.flatMap((row, n) =>
                        row.map((figures, p) =>
                            groupLine(`g${n}`, {
                                period: PERIODS[p]!,
                                awsCost: figures.aws.toFixed(),
                                proformaCost: figures.proforma.toFixed(),
                                margin: figures.proforma.minus(figures.aws).toFixed(),
                                marginPercent: null,
                            }),
                        ),
                    );
                    const all = views(reportFor(groups, PERIODS));
                    const some = views(reportFor(groups, selection));
                    for (const g of groups) {
                        const key = `${g.name} ${g.period}`;
                        const expected = [oracle(g.awsCost), oracle(g.proformaCost), oracle(g.margin)];
                        // Six views in the full report, the same six in the selection when it holds the period.
                        expect(all.get(key)).toEqual(Array(6).fill(expected));
                        if (selection.includes(g.period)) expect(some.get(key)).toEqual(Array(6).fill(expected));
                        else expect(some.has(key)).toBe(false);
                    }
                },
            ),
            { numRuns: 150 },
        );
    });
});
