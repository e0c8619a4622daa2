/**
 * The "Explain this figure" view as pure HTML (no script: a static document under a strict CSP): how one group's
 * figure in one period is made, step by step, from engine/explain. Money goes through the preview's one presentation
 * (engine/report/money-format.ts via money.ts): each exact value rounded once, half-even; when the shown steps do not
 * add up to the shown total, a Rounding line says by how much, so the page reads the same cents as every other view.
 */
import type { ExplanationStep, GroupExplanation } from '../../engine/explain/index.js';
import { escapeHtml } from './html.js';
import { formatCents, formatMoney, toCents } from './money.js';
import { PREVIEW_CSS } from './preview-styles.js';

export interface ExplainModel {
    readonly policyLabel: string;
    readonly explanation: GroupExplanation | null;
    readonly reason?: string;
    readonly stale?: string;
    readonly sources?: readonly string[];
    /** The rule whose step a rule lens asked for (highlighted). */
    readonly focusRule?: string;
}

/** The rows of the explanation table: label, why, shown amount (cents), and whether it is a subtotal. */
export interface ExplainRow {
    readonly label: string;
    readonly why: string;
    /** Added to the running figure; undefined for subtotals and notes. */
    readonly cents?: bigint;
    /** Subtotals (AWS cost, charges, pro forma) and notes' figures. */
    readonly figure?: bigint;
    readonly kind: 'total' | 'step' | 'note' | 'rounding';
    readonly step?: ExplanationStep;
}

/** The explanation as rows whose shown cents add up: AWS cost + steps (+ rounding) = charges, + line items (+ rounding) = pro forma. */
export function explainRows(explanation: GroupExplanation): ExplainRow[] {
    const currency = explanation.currency;
    const cents = (amount: string) => toCents(amount, currency);
    const rows: ExplainRow[] = [{ label: 'AWS cost', why: `what AWS billed the group's ${explanation.accountIds.length} account${explanation.accountIds.length === 1 ? '' : 's'}`, figure: cents(explanation.awsCost), kind: 'total' }];
    const section = (steps: readonly ExplanationStep[], from: string, to: string, label: string, why: string): void => {
        let sum = 0n;
        for (const step of steps) {
            if (step.included !== undefined) {
                rows.push({ label: step.label, why: step.why, figure: cents(step.included), kind: 'note', step });
                continue;
            }
            const shown = cents(step.amount);
            sum += shown;
            rows.push({ label: step.label, why: step.why, cents: shown, kind: 'step', step });
        }
        const gap = cents(to) - cents(from) - sum;
        if (gap !== 0n) rows.push({ label: 'Rounding', why: 'each figure is rounded once to the cent; this makes the shown lines add up', cents: gap, kind: 'rounding' });
        rows.push({ label, why, figure: cents(to), kind: 'total' });
    };
    section(explanation.steps.filter((step) => step.kind !== 'line-item'), explanation.awsCost, explanation.charges, 'Charges', 'repriced usage and kept costs, before custom line items');
    section(explanation.steps.filter((step) => step.kind === 'line-item'), explanation.charges, explanation.proformaCost, 'Pro forma', 'what the group is billed');
    return rows;
}

export function renderExplainDocument(model: ExplainModel, options: { readonly nonce: string; readonly cspSource: string }): string {
    const nonce = escapeHtml(options.nonce);
    const csp = `default-src 'none'; style-src 'nonce-${options.nonce}'; img-src ${options.cspSource} data:;`;
    const title = model.explanation ? `Explain: ${model.explanation.group} · ${model.explanation.period}` : 'Explain this figure';
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${PREVIEW_CSS}${EXPLAIN_CSS}</style>
</head>
<body>
<main id="content">${renderExplainBody(model)}</main>
</body>
</html>`;
}

export function renderExplainBody(model: ExplainModel): string {
    const explanation = model.explanation;
    if (!explanation) return `<h1>Explain this figure</h1><p class="muted">${escapeHtml(model.reason ?? 'Nothing to explain.')}</p>`;
    const currency = explanation.currency;
    const money = (cents: bigint) => formatCents(cents, currency);
    const stale = model.stale ? `<p class="stale">Stale: ${escapeHtml(model.stale)}. These are the figures of the last version without errors.</p>` : '';
    const rows = explainRows(explanation).map((row) => {
        const focused = model.focusRule !== undefined && row.step?.kind === 'rule' && row.step.label === `rule ${model.focusRule}`;
        const amount = row.cents !== undefined ? signed(row.cents, money) : row.figure !== undefined ? (row.kind === 'note' ? `<span class="muted">(${money(row.figure)})</span>` : money(row.figure)) : '';
        return `<tr class="${row.kind}${focused ? ' focus' : ''}"><th scope="row">${escapeHtml(row.label)}</th><td class="why">${escapeHtml(row.why)}${row.step ? detail(row.step, currency) : ''}</td><td class="num">${amount}</td></tr>`;
    }).join('\n');
    const sources = model.sources && model.sources.length > 0 ? `<p class="muted">Computed from ${model.sources.map((source) => escapeHtml(source)).join(', ')}.</p>` : '';
    return `<h1>${escapeHtml(explanation.group)} · ${escapeHtml(explanation.period)}</h1>
<p class="muted">${escapeHtml(model.policyLabel)} · plan ${escapeHtml(explanation.plan)} · accounts ${explanation.accountIds.map(escapeHtml).join(', ') || 'none'}</p>
${stale}${explanation.hasUsage ? '' : `<p>No usage in ${escapeHtml(explanation.period)}: only custom line items, if any.</p>`}
<table class="explain"><thead><tr><th>Step</th><th>Why</th><th class="num">Amount</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${sources}`;
}

function signed(cents: bigint, money: (cents: bigint) => string): string {
    return cents > 0n ? `+${money(cents)}` : money(cents);
}

/** A rule step's public base → after × factor, and the services that contributed most. */
function detail(step: ExplanationStep, currency: string): string {
    if (step.base === undefined || step.after === undefined) return '';
    const head = `<div class="muted">${formatMoney(step.base, currency)} × ${escapeHtml(step.factor ?? '1')} = ${formatMoney(step.after, currency)} over ${step.cells} line item group${step.cells === 1 ? '' : 's'}</div>`;
    const top = (step.top ?? []).map((line) => `<li>${escapeHtml(line.label)}: ${formatMoney(line.base, currency)} → ${formatMoney(line.after, currency)}</li>`).join('');
    return head + (top ? `<ul>${top}</ul>` : '');
}

const EXPLAIN_CSS = `
table.explain { border-collapse: collapse; width: 100%; margin-top: 12px; }
table.explain th, table.explain td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--vscode-panel-border, #444); }
table.explain td.num, table.explain th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.explain tr.total th, table.explain tr.total td { font-weight: 600; }
table.explain tr.focus { background: var(--vscode-editor-selectionHighlightBackground, rgba(80,120,200,0.25)); }
table.explain ul { margin: 4px 0 0 16px; padding: 0; }
.stale { color: var(--vscode-editorWarning-foreground, #cca700); }
`;
