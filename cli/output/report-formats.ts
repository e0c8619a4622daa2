import { renderCsv, renderJson, renderMarkdown, renderTable, type CostReport } from '../../engine/report/index.js';

export const reportFormats = ['table', 'json', 'csv', 'markdown'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export interface ReportFormatOptions {
    /** Per-group detail (services, accounts, custom line items, rules) in table, markdown and csv. */
    readonly detail: boolean;
    /** csv: fields exactly as in the report (no formula neutralising), for machine pipelines. */
    readonly rawCsv?: boolean;
}

/**
 * The cost report in one of the `bill --format` formats (renderers: engine/report/render-*.ts). The table is
 * for a terminal, whose stderr already shows the issues; markdown is a document (a PR comment, a job summary)
 * and lists them; JSON always carries them in `issues`.
 */
export function renderCostReport(report: CostReport, format: ReportFormat, options: ReportFormatOptions): string {
    switch (format) {
        case 'json': return renderJson(report);
        case 'table': return renderTable(report, { detail: options.detail, issues: false });
        case 'markdown': return renderMarkdown(report, { detail: options.detail, issues: true });
        case 'csv': return renderCsv(report, { detail: options.detail, raw: options.rawCsv === true });
    }
}
