import { htmlText, markdownText } from './escape-text.js';
import { buildStatement, type Statement, type StatementLine, type StatementOptions } from './statement.js';
import type { CostReport } from './types.js';

/** The statement as markdown (an e-mail, a wiki page, a PR). */
export function renderStatementMarkdown(report: CostReport, options: StatementOptions): string {
    const s = buildStatement(report, options);
    const aws = options.showAwsCost === true;
    const table = (title: string, lines: readonly StatementLine[]) => {
        if (lines.length === 0) return [];
        return [
            aws ? `| ${title} | Pro forma (${s.currency}) | AWS cost (${s.currency}) |` : `| ${title} | Amount (${s.currency}) |`,
            aws ? '| --- | ---: | ---: |' : '| --- | ---: |',
            ...lines.map((l) => {
                const bold = (text: string) => (l.label === 'Total' || l.label === 'Pro forma total' ? `**${text}**` : text);
                return aws ? `| ${bold(markdownText(l.label))} | ${bold(l.proforma)} | ${l.aws !== undefined ? bold(l.aws) : ''} |` : `| ${bold(markdownText(l.label))} | ${bold(l.proforma)} |`;
            }),
            '',
        ];
    };
    const out = [
        `# Statement — ${markdownText(s.group)}, ${s.period}`,
        '',
        ...(s.description ? [markdownText(s.description), ''] : []),
        `Primary account ${s.primaryAccount} · accounts ${s.accounts.join(', ')} · ${s.currency}`,
        '',
        '## Totals',
        '',
        ...table('Item', s.totals),
    ];
    if (s.byService.length > 0) out.push('## Charges by service', '', ...table('Service', s.byService));
    if (s.byAccount.length > 0) out.push('## Charges by account', '', ...table('Account', s.byAccount));
    if (s.lineItems.length > 0) {
        out.push('## Custom line items', '', `| Item | Type | Computation | Charge | Amount (${s.currency}) |`, '| --- | --- | --- | --- | ---: |');
        out.push(...s.lineItems.map((item) => `| ${markdownText(item.name)} | ${item.type} | ${item.computation} | ${markdownText(item.how)} | ${item.amount} |`), '');
    }
    out.push(`## Trend (pro forma, last ${s.trend.length} month${s.trend.length === 1 ? '' : 's'})`, '', `| Period | Pro forma (${s.currency}) |`, '| --- | ---: |');
    out.push(...s.trend.map((t) => `| ${t.period} | ${t.proforma} |`), '');
    out.push('## Notes', '', ...s.footnotes.map((note, n) => `${n + 1}. ${note}`), '');
    return out.join('\n');
}

/** The statement as one self-contained HTML page (no remote loads, inline SVG chart), laid out to print on A4/Letter. */
export function renderStatementHtml(report: CostReport, options: StatementOptions): string {
    const s = buildStatement(report, options);
    const aws = options.showAwsCost === true;
    const table = (title: string, heading: string, lines: readonly StatementLine[]) => {
        if (lines.length === 0) return '';
        const rows = lines.map((l) => {
            const kind = l.label === 'Total' || l.label === 'Pro forma total' ? ' class="total"' : l.label === 'Rounding' ? ' class="rounding"' : '';
            return `<tr${kind}><td>${htmlText(l.label)}</td><td class="num">${htmlText(l.proforma)}</td>${aws ? `<td class="num">${htmlText(l.aws ?? '')}</td>` : ''}</tr>`;
        });
        return `<section><h2>${htmlText(title)}</h2><table><thead><tr><th>${htmlText(heading)}</th><th class="num">${aws ? 'Pro forma' : 'Amount'} (${htmlText(s.currency)})</th>${aws ? `<th class="num">AWS cost (${htmlText(s.currency)})</th>` : ''}</tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
    };
    const items = s.lineItems.length === 0 ? '' : `<section><h2>Custom line items</h2><table><thead><tr><th>Item</th><th>Type</th><th>Computation</th><th>Charge</th><th class="num">Amount (${htmlText(s.currency)})</th></tr></thead><tbody>${s.lineItems
        .map((item) => `<tr><td>${htmlText(item.name)}</td><td>${item.type}</td><td>${item.computation}</td><td>${htmlText(item.how)}</td><td class="num">${htmlText(item.amount)}</td></tr>`)
        .join('')}</tbody></table></section>`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Statement — ${htmlText(s.group)}, ${htmlText(s.period)}</title>
<style>${STYLES}</style>
</head>
<body>
<header><h1>Statement — ${htmlText(s.group)}</h1>
${s.description ? `<p class="description">${htmlText(s.description)}</p>` : ''}
<dl><dt>Billing period</dt><dd>${htmlText(s.period)}</dd><dt>Primary account</dt><dd>${htmlText(s.primaryAccount)}</dd><dt>Accounts</dt><dd>${s.accounts.map(htmlText).join(', ')}</dd><dt>Currency</dt><dd>${htmlText(s.currency)}</dd></dl></header>
${table('Totals', 'Item', s.totals)}
${s.hasUsage ? '' : `<p class="muted">No usage in ${htmlText(s.period)}.</p>`}
${table('Charges by service', 'Service', s.byService)}
${table('Charges by account', 'Account', s.byAccount)}
${items}
<section class="trend"><h2>Trend — pro forma, last ${s.trend.length} month${s.trend.length === 1 ? '' : 's'}</h2>${trendChart(s)}</section>
<footer><h2>Notes</h2><ol>${s.footnotes.map((note) => `<li>${htmlText(note)}</li>`).join('')}</ol></footer>
</body>
</html>
`;
}

/** Bars of the exact pro forma per month (drawing only uses floats), each labelled with its shown figure. */
function trendChart(s: Statement): string {
    const width = 720;
    const height = 220;
    const top = 24;
    const bottom = 40;
    const values = s.trend.map((t) => Number(t.proformaCost));
    const max = Math.max(0, ...values);
    const min = Math.min(0, ...values);
    const span = max - min || 1;
    const slot = width / Math.max(s.trend.length, 1);
    const bar = Math.min(48, slot * 0.6);
    const y = (value: number) => top + ((max - value) / span) * (height - top - bottom);
    const bars = s.trend.map((t, i) => {
        const x = i * slot + (slot - bar) / 2;
        const y0 = y(0);
        const y1 = y(values[i]!);
        const current = t.period === s.period ? ' current' : '';
        return `<g class="bar${current}"><rect x="${x.toFixed(1)}" y="${Math.min(y0, y1).toFixed(1)}" width="${bar.toFixed(1)}" height="${Math.max(Math.abs(y1 - y0), 1).toFixed(1)}"><title>${htmlText(t.period)}: ${htmlText(t.proforma)}</title></rect>` +
            `<text class="value" x="${(x + bar / 2).toFixed(1)}" y="${(Math.min(y0, y1) - 6).toFixed(1)}">${htmlText(t.proforma)}</text>` +
            `<text class="period" x="${(x + bar / 2).toFixed(1)}" y="${height - bottom + 18}">${htmlText(t.period)}</text></g>`;
    });
    return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="Pro forma per month"><line x1="0" x2="${width}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" class="axis"/>${bars.join('')}</svg>`;
}

const STYLES = `
@page { size: A4; margin: 16mm; }
* { box-sizing: border-box; }
body { font: 11pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; margin: 24px auto; max-width: 800px; }
h1 { font-size: 20pt; margin: 0 0 4px; }
h2 { font-size: 13pt; margin: 20px 0 6px; border-bottom: 1px solid #d0d7de; padding-bottom: 2px; }
.description, .muted { color: #57606a; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dt { color: #57606a; } dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eaeef2; }
th { font-weight: 600; background: #f6f8fa; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 2px solid #1b1f24; }
tr.rounding td { color: #57606a; font-style: italic; }
section, table, .chart { break-inside: avoid; }
.chart { width: 100%; height: auto; }
.chart rect { fill: #8c959f; } .chart .current rect { fill: #0969da; }
.chart text { font-size: 10px; text-anchor: middle; fill: #1b1f24; }
.chart .axis { stroke: #57606a; stroke-width: 1; }
footer { font-size: 9pt; color: #57606a; }
@media print { body { margin: 0; max-width: none; } th { background: none; } }
`;
