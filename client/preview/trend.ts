import type { GroupReport } from '../../engine/report/types.js';
import type { TrendReport } from '../../server/protocol.js';
import { escapeHtml } from './html.js';
import { formatMoney, toCents, toNumberForChart } from './money.js';

/** How many periods the trend shows, ending with the shown one (the ABC console shows 13 months). */
export const TREND_PERIODS = 13;

const WIDTH = 640;
const HEIGHT = 120;
const PAD_TOP = 10;
const PAD_BOTTOM = 22;

/**
 * Per group, its pro forma, AWS cost and margin over the data's periods (up to 13, ending with the shown period):
 * a chart (pro forma bars, AWS cost markers) and a table whose figures are each exact value rounded once, as in
 * every other view. `report` is the report over every period (headline figures suffice).
 */
export function renderTrend(report: TrendReport, period: string | undefined, pending = false): string {
    const periods = trendPeriods(report, period);
    if (periods.length < 2) return '';
    const byName = groupsByName(report);
    const sections = [...byName.keys()].map((name) => trendOf(byName.get(name)!, name, periods, period, report.currency));
    return `<section class="trend${pending ? ' pending' : ''}" aria-label="Trend across periods"><h3>Trend across periods (${escapeHtml(periods[0]!)} to ${escapeHtml(periods[periods.length - 1]!)})${pending ? ' — updating' : ''}</h3>${pending ? TREND_PENDING_NOTE : ''}${sections.join('\n')}</section>`;
}

/** Said over trend figures that predate the last change while every period is priced again (never shown as current). */
export const TREND_PENDING_NOTE = '<p class="muted trend-pending" role="status">Updating: these trend figures are from before the last change; the bill above is current.</p>';

/** What a group's trend shows, to tell whether its section must be rendered again. */
export function groupTrendSignature(report: TrendReport | null | undefined, name: string, period: string | undefined): string {
    if (!report) return '';
    const periods = new Set(trendPeriods(report, period));
    return JSON.stringify(report.groups.filter((g) => g.name === name && periods.has(g.period)).map((g) => [g.period, g.proformaCost, g.awsCost, g.margin, g.hasUsage]));
}

/** One group's trend (inside its section when the preview has many groups). */
export function renderGroupTrend(report: TrendReport, name: string, period: string | undefined, pending = false): string {
    const periods = trendPeriods(report, period);
    if (periods.length < 2) return '';
    const html = trendOf(report.groups.filter((g) => g.name === name), name, periods, period, report.currency);
    return html ? `<h3>Trend across periods (${escapeHtml(periods[0]!)} to ${escapeHtml(periods[periods.length - 1]!)})${pending ? ' — updating' : ''}</h3>${pending ? TREND_PENDING_NOTE : ''}${html}` : '';
}

function trendPeriods(report: TrendReport, period: string | undefined): string[] {
    return report.periods.filter((p) => period === undefined || p <= period).slice(-TREND_PERIODS);
}

function groupsByName(report: TrendReport): Map<string, GroupReport[]> {
    const byName = new Map<string, GroupReport[]>();
    for (const group of report.groups) {
        const list = byName.get(group.name);
        if (list) list.push(group);
        else byName.set(group.name, [group]);
    }
    return byName;
}

function trendOf(groups: readonly GroupReport[], name: string, periods: readonly string[], period: string | undefined, currency: string): string {
    const rows = periods.map((p) => groups.find((g) => g.period === p)).filter((g): g is GroupReport => g !== undefined);
    if (rows.length === 0) return '';
    const body = rows.map((g) => {
        const margin = toCents(g.margin, currency);
        return `<tr${g.period === period ? ' class="current"' : ''}><td>${escapeHtml(g.period)}</td><td class="num">${formatMoney(g.proformaCost, currency)}</td><td class="num">${g.hasUsage ? formatMoney(g.awsCost, currency) : '<span class="no-usage">no usage</span>'}</td><td class="num${margin < 0n ? ' negative' : ''}">${formatMoney(g.margin, currency)}</td></tr>`;
    });
    return `<div class="trend-group" data-trend-group="${escapeHtml(name)}"><h4>${escapeHtml(name)}</h4>${trendChart(rows, period, currency)}
<table class="trend-table"><thead><tr><th>Period</th><th class="num">Pro forma</th><th class="num">AWS cost</th><th class="num">Margin</th></tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}

function trendChart(rows: readonly GroupReport[], period: string | undefined, currency: string): string {
    const pro = rows.map((g) => toNumberForChart(g.proformaCost));
    const aws = rows.map((g) => toNumberForChart(g.awsCost));
    const max = Math.max(0, ...pro, ...aws);
    const min = Math.min(0, ...pro, ...aws);
    const span = max - min || 1;
    const slot = WIDTH / rows.length;
    const bar = Math.min(28, slot * 0.5);
    const y = (value: number) => PAD_TOP + ((max - value) / span) * (HEIGHT - PAD_TOP - PAD_BOTTOM);
    const marks = rows.map((g, i) => {
        const x = i * slot + (slot - bar) / 2;
        const top = Math.min(y(0), y(pro[i]!));
        const height = Math.max(Math.abs(y(pro[i]!) - y(0)), 1);
        const current = g.period === period ? ' current' : '';
        return `<rect class="bar-proforma${current}" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${bar.toFixed(1)}" height="${height.toFixed(1)}"><title>${escapeHtml(g.period)}: pro forma ${formatMoney(g.proformaCost, currency)}, AWS cost ${formatMoney(g.awsCost, currency)}</title></rect>` +
            `<circle class="mark-aws" cx="${(x + bar / 2).toFixed(1)}" cy="${y(aws[i]!).toFixed(1)}" r="3"/>` +
            `<text x="${(x + bar / 2).toFixed(1)}" y="${HEIGHT - 6}" text-anchor="middle">${escapeHtml(g.period)}</text>`;
    });
    return `<svg class="chart trend-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="Pro forma (bars) and AWS cost (dots) per period"><line class="chart-axis" x1="0" x2="${WIDTH}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}"/>${marks.join('')}</svg>`;
}
