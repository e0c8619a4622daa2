/** The "Billing: Validate Workspace" summary (pure: unit-tested without VS Code). */

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface FileDiagnostic {
    readonly severity: Severity;
    readonly code?: string;
    readonly message: string;
    /** 1-based. */
    readonly line: number;
    readonly column: number;
}

export interface FileDiagnostics {
    /** Workspace-relative path. */
    readonly path: string;
    readonly diagnostics: readonly FileDiagnostic[];
}

export interface ValidationSummary {
    readonly files: number;
    readonly errors: number;
    readonly warnings: number;
    readonly filesWithErrors: number;
    /** One line for the notification. */
    readonly message: string;
    /** `path:line:column severity CODE message` lines, like `billing validate`'s text format. */
    readonly details: readonly string[];
}

function plural(count: number, word: string): string {
    return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function summarizeValidation(results: readonly FileDiagnostics[]): ValidationSummary {
    let errors = 0;
    let warnings = 0;
    let filesWithErrors = 0;
    const details: string[] = [];
    for (const file of [...results].sort((a, b) => a.path.localeCompare(b.path))) {
        const fileErrors = file.diagnostics.filter((d) => d.severity === 'error').length;
        errors += fileErrors;
        warnings += file.diagnostics.filter((d) => d.severity === 'warning').length;
        if (fileErrors > 0) filesWithErrors++;
        const sorted = [...file.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
        for (const d of sorted) details.push(`${file.path}:${d.line}:${d.column} ${d.severity}${d.code ? ` ${d.code}` : ''} ${d.message}`);
    }
    const files = results.length;
    let message: string;
    if (files === 0) message = 'No .billing files in the workspace.';
    else if (errors === 0 && warnings === 0) message = `${plural(files, '.billing file')} validated: no problems.`;
    else message = `${plural(files, '.billing file')} validated: ${plural(errors, 'error')}${filesWithErrors > 0 ? ` in ${plural(filesWithErrors, 'file')}` : ''}, ${plural(warnings, 'warning')}.`;
    return { files, errors, warnings, filesWithErrors, message, details };
}
