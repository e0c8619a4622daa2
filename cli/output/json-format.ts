import type { DiagnosticRecord, ValidationSummary } from './validation-report.js';
import type { ValidationReport } from './validation-report.js';

/**
 * The `billing validate --format json` document: a public contract (docs/cli.md). Add fields, never rename
 * or remove them; a breaking change bumps `version`.
 */
export interface ValidationJson {
    readonly version: 1;
    readonly files: readonly string[];
    readonly diagnostics: readonly DiagnosticRecord[];
    readonly summary: ValidationSummary;
}

export function formatJson(report: ValidationReport): string {
    const document: ValidationJson = {
        version: 1,
        files: report.files,
        diagnostics: report.diagnostics.map((d) => ({
            file: d.file, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn,
            severity: d.severity, code: d.code, message: d.message,
        })),
        summary: report.summary,
    };
    return `${JSON.stringify(document, null, 2)}\n`;
}
