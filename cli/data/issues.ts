import type { ReportIssue } from '../../engine/index.js';
import type { TextSink } from '../context.js';

/** Data and pricing warnings on stderr, one line each: `warning CODE: message` (stdout stays the report). */
export function printIssues(issues: readonly ReportIssue[], stderr: TextSink): void {
    for (const issue of issues) {
        const where = issue.file ? ` (${issue.file}${issue.row !== undefined ? `, data row ${issue.row}` : ''}${issue.column ? `, column ${issue.column}` : ''})` : '';
        stderr.write(`${issue.severity} ${issue.code}: ${issue.message.replace(/\s*\r?\n\s*/g, ' ')}${where}\n`);
    }
}
