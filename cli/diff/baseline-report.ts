import { readFile } from 'node:fs/promises';
import type { CostReport } from '../../engine/index.js';
import { CliError } from '../errors.js';

/**
 * A saved `billing bill --format json` report, as the BASE of `billing diff --compare-to`: what was billed last
 * month, or on the base branch by an earlier CI run. Checked enough to diff it (schema version 1, groups, totals);
 * anything else is a CliError (exit 2) naming the file and what was expected.
 */
export async function readBaselineReport(file: string, shown: string): Promise<CostReport> {
    let text: string;
    try {
        text = await readFile(file, 'utf8');
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new CliError(`--compare-to ${shown}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code ?? String(error)}`);
    }
    const expected = 'expected a JSON report of `billing bill --format json` (schemaVersion 1)';
    let report: Partial<CostReport>;
    try {
        report = JSON.parse(text) as Partial<CostReport>;
    } catch (error) {
        throw new CliError(`--compare-to ${shown}: not JSON (${error instanceof Error ? error.message : String(error)}): ${expected}`);
    }
    if (report === null || typeof report !== 'object' || report.schemaVersion !== 1 || !Array.isArray(report.groups) || !Array.isArray(report.periods)
        || typeof report.total?.proformaCost !== 'string' || typeof report.unassigned?.awsCost !== 'string' || typeof report.currency !== 'string') {
        throw new CliError(`--compare-to ${shown}: not a billing report: ${expected}`);
    }
    for (const [index, group] of report.groups.entries()) {
        if (typeof group?.name !== 'string' || typeof group.period !== 'string' || typeof group.proformaCost !== 'string' || typeof group.awsCost !== 'string'
            || typeof group.margin !== 'string' || !Array.isArray(group.accountIds)) {
            throw new CliError(`--compare-to ${shown}: groups[${index}] lacks name, period, awsCost, proformaCost, margin or accountIds: ${expected}`);
        }
    }
    return report as CostReport;
}
