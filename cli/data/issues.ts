import { issueLine, type ReportIssue } from '../../engine/report/index.js';
import type { TextSink } from '../context.js';

/** Data and pricing warnings on stderr, one line each: `warning CODE: message` (stdout stays the report). */
export function printIssues(issues: readonly ReportIssue[], stderr: TextSink): void {
    for (const issue of issues) stderr.write(`${issueLine({ ...issue, message: issue.message.replace(/\s*\r?\n\s*/g, ' ') })}\n`);
}
