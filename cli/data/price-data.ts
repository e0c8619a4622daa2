import type { CostReport, PolicyModel } from '../../engine/index.js';
import { prepareCube, priceReport, type PreparedCube } from '../../engine/price/index.js';
import type { CliContext } from '../context.js';
import { displayPath } from '../output/validation-report.js';
import { printIssues } from './issues.js';
import type { OverlapResolution } from './overlap-option.js';
import { checkPeriods, periodsOf, readData, selectData } from './read-data.js';

/**
 * Reads the data a policy is billed on (`--data`, else the policy's `data`, else the bundled sample), checks
 * the requested periods are in it, and prepares it for pricing (once; diff prices it twice).
 */
export async function prepareData(
    dataOption: readonly string[], model: PolicyModel, periods: readonly string[] | undefined, context: CliContext, options: { readonly onOverlap?: OverlapResolution } = {},
): Promise<PreparedCube> {
    const cube = await readData(selectData(dataOption, model, context.cwd), context, options);
    checkPeriods(periods, periodsOf(cube));
    return prepareCube(cube);
}

/** The cost report of a policy on prepared data, paths relative to the working directory, its issues on stderr. */
export function priceForCli(prepared: PreparedCube, model: PolicyModel, periods: readonly string[] | undefined, context: CliContext, printWarnings = true): CostReport {
    const report = relativePaths(priceReport(prepared, model, periods ? { periods } : {}), context.cwd);
    if (printWarnings) printIssues(report.issues, context.stderr);
    return report;
}

/** File paths in the report as the user sees them: relative to the working directory, `/`-separated (as validate's). */
export function relativePaths(report: CostReport, cwd: string): CostReport {
    return {
        ...report,
        data: { ...report.data, sources: report.data.sources.map((source) => displayPath(source, cwd)) },
        issues: report.issues.map((issue) => (issue.file ? { ...issue, file: displayPath(issue.file, cwd) } : issue)),
    };
}
