import { terminalText } from '../../engine/report/index.js';
import type { Severity, ValidationReport } from './validation-report.js';

const commands: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`): each diagnostic becomes an annotation
 * on the pull request. Escaping follows @actions/core: `%`, CR, LF in the message; also `:` and `,` in properties.
 */
export function formatGithub(report: ValidationReport): string {
    return report.diagnostics.map((d) => {
        const properties = [
            ['file', d.file], ['line', d.line], ['col', d.column], ['endLine', d.endLine], ['endColumn', d.endColumn], ['title', d.code],
        ].map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
        return `::${commands[d.severity]} ${properties}::${escapeData(d.message)}\n`;
    }).join('');
}

export function escapeData(value: string): string {
    // CR and LF as @actions/core escapes them; other controls (ANSI escapes, bidi) shown as escapes, never raw in the log.
    return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/[^\r\n]+/g, terminalText);
}

export function escapeProperty(value: string): string {
    return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
