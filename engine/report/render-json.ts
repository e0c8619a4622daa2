import type { CostReport } from './types.js';

/** The report as pretty JSON (the public contract, exact decimal strings), newline-terminated. */
export function renderJson(report: CostReport): string {
    return `${JSON.stringify(report, null, 2)}\n`;
}
