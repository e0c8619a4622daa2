import { escapeHtml } from './html.js';
import { formatMoney, isZero, toNumberForChart } from './money.js';

/** One group's bars: AWS (public) cost against the pro forma cost. */
export interface ChartGroup {
    readonly name: string;
    readonly awsCost: string;
    readonly proformaCost: string;
    readonly hasUsage: boolean;
}

const WIDTH = 640;
const LABEL_WIDTH = 120;
const VALUE_WIDTH = 110;
const BAR_HEIGHT = 12;
const ROW_GAP = 14;
const LEGEND_HEIGHT = 24;

/**
 * A horizontal bar chart as inline SVG (no library, no remote load). Colours come from CSS classes that use the
 * theme's chart colours, because presentation attributes cannot refer to CSS variables. Bar lengths are the only
 * place money becomes a float; every printed figure is the exact amount rounded half-even.
 */
export function renderCostChart(groups: readonly ChartGroup[], currency: string): string {
    if (groups.length === 0) return '';
    const rowHeight = 2 * BAR_HEIGHT + 2 + ROW_GAP;
    const height = LEGEND_HEIGHT + groups.length * rowHeight;
    const values = groups.flatMap((g) => [toNumberForChart(g.awsCost), toNumberForChart(g.proformaCost)]);
    const max = Math.max(0, ...values);
    const min = Math.min(0, ...values);
    const span = max - min || 1;
    const plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    const x = (value: number): number => LABEL_WIDTH + ((value - min) / span) * plotWidth;
    const zeroX = x(0);

    const bar = (value: number, y: number, cssClass: string): string => {
        const left = Math.min(x(value), zeroX);
        const width = Math.max(Math.abs(x(value) - zeroX), value === 0 ? 0 : 1);
        return `<rect class="${cssClass}" x="${left.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" rx="2"></rect>`;
    };
    const rows = groups.map((group, index) => {
        const top = LEGEND_HEIGHT + index * rowHeight;
        const label = `<text class="chart-label" x="${LABEL_WIDTH - 8}" y="${top + BAR_HEIGHT + 4}" text-anchor="end">${escapeHtml(truncate(group.name, 16))}</text>`;
        if (!group.hasUsage && isZero(group.proformaCost)) {
            return `<g data-group="${escapeHtml(group.name)}">${label}<text class="chart-muted" x="${zeroX + 4}" y="${top + BAR_HEIGHT + 4}">no usage</text></g>`;
        }
        const aws = group.hasUsage ? toNumberForChart(group.awsCost) : 0;
        const proforma = toNumberForChart(group.proformaCost);
        const valueX = LABEL_WIDTH + plotWidth + 6;
        return [
            `<g data-group="${escapeHtml(group.name)}">`,
            `<title>${escapeHtml(group.name)}: AWS cost ${group.hasUsage ? formatMoney(group.awsCost, currency) : 'no usage'}, pro forma ${formatMoney(group.proformaCost, currency)}</title>`,
            label,
            bar(aws, top, 'bar-aws'),
            bar(proforma, top + BAR_HEIGHT + 2, 'bar-proforma'),
            `<text class="chart-value" x="${valueX}" y="${top + BAR_HEIGHT - 2}">${group.hasUsage ? formatMoney(group.awsCost, currency) : 'no usage'}</text>`,
            `<text class="chart-value" x="${valueX}" y="${top + 2 * BAR_HEIGHT}">${formatMoney(group.proformaCost, currency)}</text>`,
            '</g>',
        ].join('');
    });
    const axis = min < 0 ? `<line class="chart-axis" x1="${zeroX.toFixed(1)}" y1="${LEGEND_HEIGHT - 4}" x2="${zeroX.toFixed(1)}" y2="${height}"></line>` : '';
    const legend = [
        `<rect class="bar-aws" x="${LABEL_WIDTH}" y="4" width="10" height="10" rx="2"></rect>`,
        `<text class="chart-legend" x="${LABEL_WIDTH + 14}" y="13">AWS cost</text>`,
        `<rect class="bar-proforma" x="${LABEL_WIDTH + 90}" y="4" width="10" height="10" rx="2"></rect>`,
        `<text class="chart-legend" x="${LABEL_WIDTH + 104}" y="13">Pro forma</text>`,
    ].join('');
    return `<svg class="chart" role="img" aria-label="AWS cost and pro forma cost per billing group" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">${legend}${axis}${rows.join('')}</svg>`;
}

function truncate(text: string, max: number): string {
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
