import { terminalText } from './escape-text.js';
import { NO_USAGE, summarize, type DetailLine, type Summary } from './presentation.js';
import type { CostReport, ReportIssue } from './types.js';

export interface TextRenderOptions {
    /** Add per-group sections: by service, by account, custom line items, rule effects. */
    readonly detail?: boolean;
    /** List the report's issues at the end (default true). */
    readonly issues?: boolean;
}

type Align = 'left' | 'right';

/**
 * Columns padded to their widest cell; `rule` rows are drawn as a line of dashes. Cells are escaped for a terminal
 * here, once for every table (names and labels come from policies and data others write).
 */
export function alignColumns(header: readonly string[], textRows: readonly (readonly string[] | 'rule')[], align: readonly Align[]): string[] {
    const rows = textRows.map((row) => (row === 'rule' ? row : row.map(terminalText)));
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row === 'rule' ? 0 : row[column]!.length))));
    const line = (cells: readonly string[]) =>
        cells
            .map((cell, column) => (align[column] === 'right' ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
            .join('  ')
            .trimEnd();
    const total = widths.reduce((sum, width) => sum + width, 0) + 2 * (widths.length - 1);
    return [line(header), ...rows.map((row) => (row === 'rule' ? '-'.repeat(total) : line(row)))];
}

/** The report as an aligned plain-text table for a terminal, amounts rounded to cents. */
export function renderTable(report: CostReport, options: TextRenderOptions = {}): string {
    const summary = summarize(report, options);
    const out: string[] = [`${summary.title} (${terminalText(summary.currency)})`, ''];
    const groupRows = summary.rows.filter((row) => row.kind !== 'total');
    const total = summary.rows.find((row) => row.kind === 'total')!;
    // The Status column only when some group is not ACTIVE (withStatus inserts it after Period).
    const withStatus = <T>(values: readonly T[], status: T): T[] => (summary.showStatus ? [...values.slice(0, 2), status, ...values.slice(2)] : [...values]);
    const cells = (row: Summary['rows'][number]) => withStatus([row.name, row.period, row.accounts, row.awsCost, row.proformaCost, row.margin, row.marginPercent], row.status);
    out.push(
        ...alignColumns(
            withStatus(['Group', 'Period', 'Accounts', 'AWS cost', 'Pro forma', 'Margin', 'Margin %'], 'Status'),
            [...groupRows.map(cells), 'rule', cells(total)],
            withStatus<Align>(['left', 'left', 'right', 'right', 'right', 'right', 'right'], 'left'),
        ),
    );

    for (const detail of summary.details) {
        out.push('', `${terminalText(detail.name)} — ${detail.period}`);
        if (!detail.hasUsage && detail.lineItems.length === 0) {
            out.push(`  ${NO_USAGE}`);
            continue;
        }
        const section = (title: string, lines: readonly DetailLine[]) => {
            if (lines.length === 0) return;
            out.push(
                ...alignColumns(
                    [title, 'AWS cost', 'Pro forma', 'Margin'],
                    lines.map((line) => [line.label, line.awsCost, line.proformaCost, line.margin]),
                    ['left', 'right', 'right', 'right'],
                ).map((line) => `  ${line}`),
            );
        };
        section('Service', detail.services);
        if (detail.services.length > 0 && detail.accounts.length > 0) out.push('');
        section('Account', detail.accounts);
        if (detail.lineItems.length > 0) {
            out.push('');
            out.push(
                ...alignColumns(
                    ['Custom line item', 'Type', 'Charge', 'Computation', 'Amount'],
                    detail.lineItems.map((item) => [item.name, item.type, item.description, item.computation, item.amount]),
                    ['left', 'left', 'left', 'left', 'right'],
                ).map((line) => `  ${line}`),
            );
        }
        if (detail.rules.length > 0) {
            out.push('');
            out.push(
                ...alignColumns(
                    ['Rule', 'Cells', 'Before', 'After', 'Effect'],
                    detail.rules.map((rule) => [rule.rule, rule.cells, rule.publicCost, rule.proformaCost, rule.effect]),
                    ['left', 'right', 'right', 'right', 'right'],
                ).map((line) => `  ${line}`),
            );
        }
        if (detail.commitments) {
            out.push('', `  Commitment coverage: ${terminalText(detail.commitments.coverage)}`);
            if (detail.commitments.lines.length > 0) {
                out.push(
                    ...alignColumns(
                        ['Commitment', 'Unit', 'Used', 'Bought', 'Utilization'],
                        detail.commitments.lines.map((line) => [line.arn, line.unit, line.used, line.capacity, line.utilization]),
                        ['left', 'left', 'right', 'right', 'right'],
                    ).map((line) => `  ${line}`),
                );
            }
        }
    }

    if (summary.footnotes.length > 0) out.push('', ...summary.footnotes.map((note) => `Note: ${terminalText(note)}`));
    if (options.issues !== false && report.issues.length > 0) out.push('', 'Issues:', ...report.issues.map((issue) => `  ${issueLine(issue)}`));
    return `${out.join('\n')}\n`;
}

export function issueLine(issue: ReportIssue): string {
    const where = issue.file ? ` (${issue.file}${issue.row !== undefined ? `:${issue.row}` : ''}${issue.column !== undefined ? `, column ${issue.column}` : ''})` : '';
    return terminalText(`${issue.severity} ${issue.code}: ${issue.message}${where}`);
}
