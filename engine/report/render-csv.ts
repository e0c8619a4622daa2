import { withPresentedFigures } from './render-json.js';
import { plainMoney } from './money-format.js';
import { spreadsheetSafe } from './escape-text.js';
import { Decimal } from '../money/decimal.js';
import type { CostReport } from './types.js';

export interface CsvRenderOptions {
    /** Add service, account, custom line item and rule rows under each group (a flat, filterable layout). */
    readonly detail?: boolean;
    /**
     * Fields exactly as in the report, for machine pipelines. By default a text field a spreadsheet would evaluate
     * as a formula gets a leading `'` (OWASP; names and labels come from policies and data others write); amounts
     * are never altered.
     */
    readonly raw?: boolean;
}

const HEADER = [
    'record',
    'period',
    'group',
    'account',
    'account_name',
    'service',
    'item',
    'item_type',
    'aws_cost',
    'proforma_cost',
    'margin',
    'margin_percent',
    'base',
    'effect',
    'has_usage',
    'aws_cost_shown',
    'proforma_cost_shown',
    'margin_shown',
    'source_period',
    'reason',
    'service_name',
] as const;
type Row = Record<(typeof HEADER)[number], string>;

/** RFC 4180: quote a field holding a comma, a quote or a line break; double inner quotes. */
function field(text: string): string {
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function shownLine(line: { readonly awsCost: string; readonly proformaCost: string; readonly margin: string }, shown: (exact: string) => string): Partial<Row> {
    return { aws_cost_shown: shown(line.awsCost), proforma_cost_shown: shown(line.proformaCost), margin_shown: shown(line.margin) };
}

const EMPTY: Row = Object.fromEntries(HEADER.map((column) => [column, ''])) as Row;

/**
 * The report as CSV: one flat table whose `record` column says what a row is — `group` (one per group
 * × period, the headline figures), `unassigned` (one per period), `total`, and with `detail` also
 * `service`, `account`, `line_item` and `rule` rows under their group. `base` is the base of a
 * percentage line item or the cost a rule started from; `effect` is a rule's effect. Money is exact
 * (unrounded decimal strings, as in the JSON report): a spreadsheet sums them to the total. The `*_shown`
 * columns carry the same figures as every other view shows them (rounded once, half-even, to the currency's
 * minor units, plain `1234.56`); a `rounding` record (shown total − Σ shown group and unassigned rows) appears
 * when those do not add up to the shown total. `service_name` (the last column, only when some `service` record has one)
 * is the Marketplace product name of a service record's code (`byService[].serviceName`). Lines end with LF.
 */
export function renderCsv(input: CostReport, options: CsvRenderOptions = {}): string {
    const report = withPresentedFigures(input);
    const shown = (exact: string) => plainMoney(exact, report.currency);
    const rows: Row[] = [];
    for (const g of report.groups) {
        const base = { ...EMPTY, period: g.period, group: g.name };
        rows.push({
            ...base,
            record: 'group',
            aws_cost: g.awsCost,
            proforma_cost: g.proformaCost,
            margin: g.margin,
            margin_percent: g.marginPercent ?? '',
            has_usage: String(g.hasUsage),
            aws_cost_shown: g.presented!.awsCost,
            proforma_cost_shown: g.presented!.proformaCost,
            margin_shown: g.presented!.margin,
        });
        // Correction lines (bill --corrections) with or without detail: the figures they move between periods.
        for (const item of g.customLineItems) {
            const c = item.correction;
            if (!c) continue;
            const margin = new Decimal(item.amount).minus(c.awsCost).toFixed();
            rows.push({
                ...base, record: 'correction', account: item.accountId, service: item.presentationService, item: item.name, item_type: item.type,
                aws_cost: c.awsCost, proforma_cost: item.amount, margin, ...shownLine({ awsCost: c.awsCost, proformaCost: item.amount, margin }, shown),
                source_period: c.sourcePeriod, reason: c.reason,
            });
        }
        if (!options.detail) continue;
        for (const line of g.byService) rows.push({ ...base, record: 'service', service: line.service, service_name: line.serviceName ?? '', aws_cost: line.awsCost, proforma_cost: line.proformaCost, margin: line.margin, ...shownLine(line, shown) });
        for (const line of g.byAccount) {
            rows.push({ ...base, record: 'account', account: line.accountId, account_name: line.accountName ?? '', aws_cost: line.awsCost, proforma_cost: line.proformaCost, margin: line.margin, ...shownLine(line, shown) });
        }
        for (const item of g.customLineItems) {
            rows.push({
                ...base,
                record: 'line_item',
                account: item.accountId,
                service: item.presentationService,
                item: item.name,
                item_type: item.type,
                proforma_cost: item.amount,
                base: item.base ?? '',
                proforma_cost_shown: shown(item.amount),
            });
        }
        for (const rule of g.rules) rows.push({ ...base, record: 'rule', item: rule.rule, proforma_cost: rule.proformaCost, base: rule.publicCost, effect: rule.effect, proforma_cost_shown: shown(rule.proformaCost) });
    }
    for (const line of report.unassigned.byPeriod) rows.push({ ...EMPTY, record: 'unassigned', period: line.period, aws_cost: line.awsCost, aws_cost_shown: line.presentedAwsCost! });
    for (const line of report.unassigned.byPeriod) {
        if (line.correction !== undefined) rows.push({ ...EMPTY, record: 'correction', period: line.period, group: '', aws_cost: line.correction, aws_cost_shown: shown(line.correction), reason: 'corrections of the unassigned AWS cost of closed periods' });
    }
    const rounding = report.total.rounding!;
    if ([rounding.awsCost, rounding.proformaCost, rounding.margin].some((value) => !/^-?0(\.0*)?$/.test(value))) {
        rows.push({ ...EMPTY, record: 'rounding', aws_cost_shown: rounding.awsCost, proforma_cost_shown: rounding.proformaCost, margin_shown: rounding.margin });
    }
    const total = report.total.presented!;
    rows.push({ ...EMPTY, record: 'total', aws_cost: report.total.awsCost, proforma_cost: report.total.proformaCost, margin: report.total.margin, aws_cost_shown: total.awsCost, proforma_cost_shown: total.proformaCost, margin_shown: total.margin });
    const safe = options.raw ? (text: string) => text : spreadsheetSafe;
    // source_period and reason only when there are correction records, service_name (last) only when a service record
    // has a Marketplace product name: every other CSV keeps its columns.
    const columns = HEADER.filter((column) =>
        column === 'source_period' || column === 'reason' ? rows.some((row) => row.record === 'correction')
            : column === 'service_name' ? rows.some((row) => row.service_name !== '')
                : true);
    return `${[columns.join(','), ...rows.map((row) => columns.map((column) => field(safe(row[column]))).join(','))].join('\n')}\n`;
}
