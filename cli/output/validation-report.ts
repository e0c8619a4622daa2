import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { compareCodePoints } from '../files/expand-inputs.js';

export type Severity = 'error' | 'warning' | 'info';

/** One diagnostic, 1-based; `endColumn` is exclusive (the column after the last character), as in SARIF. */
export interface DiagnosticRecord {
    /** Path relative to the working directory, with `/` separators on every platform. */
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly endLine: number;
    readonly endColumn: number;
    readonly severity: Severity;
    /** Stable catalogue code (`BIL012`), or Langium's `lexing-error` / `parsing-error` / `linking-error`. */
    readonly code: string;
    readonly message: string;
}

export interface ValidationSummary {
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
    readonly files: number;
}

/** Everything a formatter needs; formatters never look at Langium objects. */
export interface ValidationReport {
    /** Every file validated (named ones and their imports), relative to the working directory, sorted. */
    readonly files: readonly string[];
    /** Sorted by file, line, column. */
    readonly diagnostics: readonly DiagnosticRecord[];
    readonly summary: ValidationSummary;
}

/** Code used when a diagnostic carries none (a check that predates the catalogue). */
export const uncodedDiagnostic = 'unknown';

export function buildValidationReport(
    files: readonly string[],
    diagnostics: readonly { readonly file: string; readonly diagnostic: Diagnostic }[],
    cwd: string,
): ValidationReport {
    const displayFiles = [...new Set(files.map((file) => displayPath(file, cwd)))].sort(compareCodePoints);
    const records = diagnostics.map(({ file, diagnostic }) => toRecord(displayPath(file, cwd), diagnostic));
    records.sort((a, b) => compareCodePoints(a.file, b.file) || a.line - b.line || a.column - b.column
        || severityRank(a.severity) - severityRank(b.severity) || compareCodePoints(a.code, b.code));
    return {
        files: displayFiles,
        diagnostics: records,
        summary: {
            errors: records.filter((record) => record.severity === 'error').length,
            warnings: records.filter((record) => record.severity === 'warning').length,
            infos: records.filter((record) => record.severity === 'info').length,
            files: displayFiles.length,
        },
    };
}

/** Path relative to `cwd` with `/` separators (stable across platforms, clickable in terminals and editors). */
export function displayPath(file: string, cwd: string): string {
    const relative = path.relative(cwd, path.resolve(cwd, file));
    return (relative === '' ? path.basename(file) : relative).split(path.sep).join('/');
}

function toRecord(file: string, diagnostic: Diagnostic): DiagnosticRecord {
    const { start, end } = diagnostic.range;
    return {
        file,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        severity: toSeverity(diagnostic.severity),
        code: diagnosticCode(diagnostic),
        message: diagnostic.message,
    };
}

/** LSP severities 1–4; a missing severity is an error (the LSP default); hints are reported as infos. */
function toSeverity(severity: number | undefined): Severity {
    if (severity === 2) return 'warning';
    if (severity === 3 || severity === 4) return 'info';
    return 'error';
}

/** Catalogue diagnostics carry `code`; Langium's lexer and parser errors carry it in `data.code`. */
function diagnosticCode(diagnostic: Diagnostic): string {
    if (diagnostic.code !== undefined && diagnostic.code !== '') return String(diagnostic.code);
    const data = diagnostic.data as { code?: unknown } | undefined;
    if (data && typeof data.code === 'string' && data.code !== '') return data.code;
    return uncodedDiagnostic;
}

function severityRank(severity: Severity): number {
    return severity === 'error' ? 0 : severity === 'warning' ? 1 : 2;
}

/** "1 error, 2 warnings in 3 files" (plus infos when there are some). */
export function summaryLine(summary: ValidationSummary): string {
    const parts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning')];
    if (summary.infos > 0) parts.push(plural(summary.infos, 'info'));
    return `${parts.join(', ')} in ${plural(summary.files, 'file')}`;
}

function plural(count: number, noun: string): string {
    return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
