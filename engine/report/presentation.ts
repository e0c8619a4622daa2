import { Decimal } from '../money/decimal.js';
import type { CostReport, GroupReport } from './types.js';
import { apportionCents, formatCents, formatPercent, percentOf, toCents } from './display-rounding.js';

/**
 * The report as people read it: figures rounded to cents (half-even) that add up. Shared by the
 * table and markdown renderers.
 *
 * - AWS cost: groups' and unassigned rows add up to the total AWS cost; pro forma: groups' rows add
 *   up to the total pro forma. Where rounding each row on its own would not, the cents are
 *   distributed by the largest-remainder method and a footnote says so.
 * - Margin is shown as (shown pro forma − shown AWS cost), so every row cross-foots and the margin
 *   column adds up too.
 * - A group without usage shows "no usage", never 0.00.
 */
export interface SummaryRow {
    readonly kind: 'group' | 'unassigned' | 'total';
    readonly name: string;
    readonly period: string;
    readonly accounts: string;
    readonly awsCost: string;
    readonly proformaCost: string;
    readonly margin: string;
    readonly marginPercent: string;
}

export interface DetailLine {
    readonly label: string;
    readonly awsCost: string;
    readonly proformaCost: string;
    readonly margin: string;
}

export interface GroupDetailView {
    readonly name: string;
    readonly period: string;
    readonly hasUsage: boolean;
    readonly services: readonly DetailLine[];
    readonly accounts: readonly DetailLine[];
    readonly lineItems: readonly { readonly name: string; readonly type: string; readonly description: string; readonly amount: string; readonly computation: string }[];
    readonly rules: readonly { readonly rule: string; readonly publicCost: string; readonly proformaCost: string; readonly effect: string; readonly cells: string }[];
}

export interface Summary {
    readonly title: string;
    readonly currency: string;
    readonly rows: readonly SummaryRow[];
    readonly details: readonly GroupDetailView[];
    readonly footnotes: readonly string[];
}

export const NO_USAGE = 'no usage';
const NONE = '—';

export function summarize(report: CostReport, options: { readonly detail?: boolean } = {}): Summary {
    const unassignedRows = report.unassigned.byPeriod.filter((line) => !new Decimal(line.awsCost).isZero());
    const awsParts = [...report.groups.map((g) => g.awsCost), ...unassignedRows.map((line) => line.awsCost)];
    const aws = apportionCents(awsParts, toCents(report.total.awsCost));
    const proforma = apportionCents(
        report.groups.map((g) => g.proformaCost),
        toCents(report.total.proformaCost),
    );
    let adjusted = aws.adjusted || proforma.adjusted;

    const rows: SummaryRow[] = [];
    let marginCents = 0n;
    report.groups.forEach((g, index) => {
        const awsCents = aws.cents[index]!;
        const proformaCents = proforma.cents[index]!;
        const noUsage = !g.hasUsage;
        const empty = noUsage && g.customLineItems.length === 0 && new Decimal(g.proformaCost).isZero();
        marginCents += proformaCents - awsCents;
        rows.push({
            kind: 'group',
            name: g.name,
            period: g.period,
            accounts: String(g.accountIds.length),
            awsCost: noUsage ? NO_USAGE : formatCents(awsCents),
            proformaCost: empty ? NO_USAGE : formatCents(proformaCents),
            margin: empty ? NO_USAGE : formatCents(proformaCents - awsCents),
            marginPercent: empty ? NONE : formatPercent(g.marginPercent),
        });
    });
    unassignedRows.forEach((line, n) => {
        rows.push({
            kind: 'unassigned',
            name: 'Unassigned',
            period: line.period,
            accounts: line.accountIds ? String(line.accountIds.length) : '',
            awsCost: formatCents(aws.cents[report.groups.length + n]!),
            proformaCost: NONE,
            margin: NONE,
            marginPercent: NONE,
        });
    });
    // Each period's unassigned row right after that period's groups (the sort is stable).
    rows.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
    const totalProformaCents = toCents(report.total.proformaCost);
    rows.push({
        kind: 'total',
        name: 'Total',
        period: '',
        accounts: '',
        awsCost: formatCents(toCents(report.total.awsCost)),
        proformaCost: formatCents(totalProformaCents),
        margin: formatCents(marginCents),
        marginPercent: formatPercent(percentOf(report.total.margin, report.total.proformaCost)),
    });

    const details: GroupDetailView[] = [];
    if (options.detail) {
        report.groups.forEach((g, index) => {
            const view = groupDetail(g, aws.cents[index]!, proforma.cents[index]!);
            if (view.adjusted) adjusted = true;
            details.push(view.view);
        });
    }

    const footnotes: string[] = [];
    if (adjusted) {
        footnotes.push('Amounts are rounded to cents; where rounding each line on its own would not add up to the total, the cents were distributed by the largest-remainder method.');
    }
    if (unassignedRows.length > 0) {
        footnotes.push('Unassigned: accounts in the data that no billing group claims; their AWS cost is in the total but billed to no group (no pro forma, no margin).');
    }
    const periods = report.periods;
    const title = periods.length === 0 ? 'Pro forma bill' : periods.length === 1 ? `Pro forma bill — ${periods[0]}` : `Pro forma bill — ${periods[0]} to ${periods[periods.length - 1]}`;
    return { title, currency: report.currency, rows, details, footnotes };
}

function groupDetail(g: GroupReport, awsCents: bigint, proformaCents: bigint): { view: GroupDetailView; adjusted: boolean } {
    const lines = (items: readonly { label: string; awsCost: string; proformaCost: string }[]) => {
        const aws = apportionCents(
            items.map((item) => item.awsCost),
            awsCents,
        );
        const proforma = apportionCents(
            items.map((item) => item.proformaCost),
            proformaCents,
        );
        return {
            adjusted: aws.adjusted || proforma.adjusted,
            lines: items.map((item, n): DetailLine => ({
                label: item.label,
                awsCost: formatCents(aws.cents[n]!),
                proformaCost: formatCents(proforma.cents[n]!),
                margin: formatCents(proforma.cents[n]! - aws.cents[n]!),
            })),
        };
    };
    const services = lines(g.byService.map((line) => ({ label: line.service, awsCost: line.awsCost, proformaCost: line.proformaCost })));
    const accounts = lines(g.byAccount.map((line) => ({ label: line.accountName ? `${line.accountId} (${line.accountName})` : line.accountId, awsCost: line.awsCost, proformaCost: line.proformaCost })));
    return {
        adjusted: services.adjusted || accounts.adjusted,
        view: {
            name: g.name,
            period: g.period,
            hasUsage: g.hasUsage,
            services: services.lines,
            accounts: accounts.lines,
            lineItems: g.customLineItems.map((item) => ({
                name: item.name,
                type: item.type,
                description: item.percent !== undefined ? `${item.percent}% of ${formatCents(toCents(item.base ?? '0'))}` : 'flat',
                amount: formatCents(toCents(item.amount)),
                computation: item.computation,
            })),
            // Effect shown as (after − before) as shown, so that each rule line cross-foots.
            rules: g.rules.map((rule) => {
                const before = toCents(rule.publicCost);
                const after = toCents(rule.proformaCost);
                return { rule: rule.rule, publicCost: formatCents(before), proformaCost: formatCents(after), effect: formatCents(after - before), cells: String(rule.cells) };
            }),
        },
    };
}
