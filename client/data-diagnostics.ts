import { issueByCode } from '../language/validation/issue-codes.js';

/*
 * `billing.diagnostics.data`: the data-aware findings (the catalogue's codes with billing data behind them, BIL100 on)
 * shown as the server reports them (`on`), not at all (`off`), or all at one severity. Pure (no VS Code import): the
 * extension's diagnostics middleware applies it, and re-applies it to what is shown when the setting changes.
 */

export type DataDiagnosticsMode = 'on' | 'off' | 'error' | 'warning' | 'information' | 'hint';

/** LSP / VS Code severities: Error 0, Warning 1, Information 2, Hint 3 (vscode.DiagnosticSeverity). */
const SEVERITY: Readonly<Record<'error' | 'warning' | 'information' | 'hint', number>> = { error: 0, warning: 1, information: 2, hint: 3 };

export function normalizeDataDiagnostics(raw: unknown): DataDiagnosticsMode {
    return raw === 'off' || raw === 'error' || raw === 'warning' || raw === 'information' || raw === 'hint' ? raw : 'on';
}

/** Whether a diagnostic code is a data-aware one (its catalogue entry has billing data behind it). */
export function isDataDiagnostic(code: unknown): boolean {
    const value = typeof code === 'object' && code !== null && 'value' in code ? (code as { value: unknown }).value : code;
    return typeof value === 'string' && issueByCode(value)?.dataContext !== undefined;
}

/** The diagnostics to show under the mode: the others untouched, data-aware ones dropped or copied at the severity. */
export function applyDataDiagnostics<D extends { code?: unknown }>(
    diagnostics: readonly D[], mode: DataDiagnosticsMode, withSeverity: (diagnostic: D, severity: number) => D,
): D[] {
    if (mode === 'on') return [...diagnostics];
    if (mode === 'off') return diagnostics.filter((diagnostic) => !isDataDiagnostic(diagnostic.code));
    const severity = SEVERITY[mode];
    return diagnostics.map((diagnostic) => (isDataDiagnostic(diagnostic.code) ? withSeverity(diagnostic, severity) : diagnostic));
}
