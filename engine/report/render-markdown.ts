import { markdownText } from './escape-text.js';
import { NO_USAGE, summarize, type DetailLine } from './presentation.js';
import type { TextRenderOptions } from './render-table.js';
import type { CostReport } from './types.js';

/** A table of Markdown cells: callers escape what comes from policies or data with `markdownText`. */
function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string[] {
    return [
        `| ${header.join(' | ')} |`,
        `|${rightAligned.map((right) => (right ? ' ---: ' : ' --- ')).join('|')}|`,
        ...rows.map((row) => `| ${row.join(' | ')} |`),
    ];
}

/** The report as GitHub-flavoured markdown (a PR comment), amounts rounded to cents. */
export function renderMarkdown(report: CostReport, options: TextRenderOptions = {}): string {
    const summary = summarize(report, options);
    const currency = markdownText(summary.currency);
    const out: string[] = [`### ${summary.title}`, ''];
    // The Status column only when some group is not ACTIVE (inserted after Period).
    const withStatus = <T>(values: readonly T[], status: T): T[] => (summary.showStatus ? [...values.slice(0, 2), status, ...values.slice(2)] : [...values]);
    out.push(
        ...table(
            withStatus(['Group', 'Period', 'Accounts', `AWS cost (${currency})`, `Pro forma (${currency})`, `Margin (${currency})`, 'Margin %'], 'Status'),
            summary.rows.map((row) => {
                const cells = withStatus([markdownText(row.name), row.period, row.accounts, row.awsCost, row.proformaCost, row.margin, row.marginPercent], row.status);
                return row.kind === 'total' ? cells.map((text) => (text ? `**${text}**` : text)) : cells;
            }),
            withStatus([false, false, true, true, true, true, true], false),
        ),
    );
    if (summary.footnotes.length > 0) out.push('', ...summary.footnotes.map((note) => `<sub>${markdownText(note)}</sub><br>`));

    for (const detail of summary.details) {
        out.push('', `<details><summary><b>${markdownText(detail.name)}</b> — ${detail.period}</summary>`, '');
        if (!detail.hasUsage && detail.lineItems.length === 0) {
            out.push(`_${NO_USAGE}_`, '', '</details>');
            continue;
        }
        const section = (title: string, lines: readonly DetailLine[]) => {
            if (lines.length === 0) return;
            out.push(...table([title, 'AWS cost', 'Pro forma', 'Margin'], lines.map((line) => [markdownText(line.label), line.awsCost, line.proformaCost, line.margin]), [false, true, true, true]), '');
        };
        section('Service', detail.services);
        section('Account', detail.accounts);
        if (detail.lineItems.length > 0) {
            out.push(
                ...table(
                    ['Custom line item', 'Type', 'Charge', 'Computation', 'Amount'],
                    detail.lineItems.map((item) => [markdownText(item.name), item.type, markdownText(item.description), item.computation, item.amount]),
                    [false, false, false, false, true],
                ),
                '',
            );
        }
        if (detail.rules.length > 0) {
            out.push(
                ...table(
                    ['Rule', 'Cells', 'Before', 'After', 'Effect'],
                    detail.rules.map((rule) => [markdownText(rule.rule), rule.cells, rule.publicCost, rule.proformaCost, rule.effect]),
                    [false, true, true, true, true],
                ),
                '',
            );
        }
        if (detail.commitments) {
            out.push(`Commitment coverage: ${markdownText(detail.commitments.coverage)}`, '');
            if (detail.commitments.lines.length > 0) {
                out.push(
                    ...table(
                        ['Commitment', 'Unit', 'Used', 'Bought', 'Utilization'],
                        detail.commitments.lines.map((line) => [markdownText(line.arn), line.unit, line.used, line.capacity, line.utilization]),
                        [false, false, true, true, true],
                    ),
                    '',
                );
            }
        }
        out.push('</details>');
    }

    if (options.issues !== false && report.issues.length > 0) {
        out.push('', '#### Issues', '', ...report.issues.map((issue) => `- **${issue.severity}** \`${issue.code}\`: ${markdownText(issue.message)}`));
    }
    return `${out.join('\n')}\n`;
}
