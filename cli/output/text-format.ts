import { terminalText } from '../../engine/report/index.js';
import type { ValidationReport } from './validation-report.js';

/** `path:line:col severity CODE message`, one diagnostic per line: the shape editors and terminals make clickable. */
export function formatText(report: ValidationReport): string {
    return report.diagnostics
        .map((d) => `${terminalText(d.file)}:${d.line}:${d.column} ${d.severity} ${d.code} ${terminalText(oneLine(d.message))}\n`)
        .join('');
}

function oneLine(message: string): string {
    return message.replace(/\s*\r?\n\s*/g, ' ');
}
