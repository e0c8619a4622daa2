import { applyCorrections, policyDigest } from '../../engine/close/index.js';
import type { CostReport, PolicyModel } from '../../engine/index.js';
import type { PreparedCube } from '../../engine/price/index.js';
import type { OptionSpec } from '../command.js';
import type { CliContext } from '../context.js';
import { priceForCli } from '../data/price-data.js';
import { periodsOf } from '../data/read-data.js';
import { UsageError } from '../errors.js';
import { displayPath } from '../output/validation-report.js';
import { dataDigest, lockPath, readLock } from './lock-file.js';

/** `--corrections`, `--reason`, `--lock` of bill and statement (docs/closing-a-month.md "Corrections"). */
export const correctionOptions: readonly OptionSpec[] = [
    { name: 'corrections', type: 'boolean', description: 'Keep closed periods as locked and post what changed in them as correction lines in the first open period' },
    { name: 'reason', type: 'string', valueName: 'TEXT', description: 'With --corrections: the reason the correction lines carry (default: what changed since the period was closed)' },
    { name: 'lock', type: 'string', valueName: 'FILE', description: 'With --corrections: the lock file (default: billing.lock.json next to the first policy file)' },
];

/** Whether --corrections is on; --reason and --lock without it are usage errors. */
export function correctionsOption(options: Record<string, unknown>, command: string): boolean {
    const on = options.corrections === true;
    for (const option of ['reason', 'lock']) {
        if (options[option] !== undefined && !on) throw new UsageError(`'--${option}' needs '--corrections'`, command);
    }
    return on;
}

/** `--corrections`: the report with the closed periods as locked and their differences posted in the first open period. */
export async function corrected(report: CostReport, prepared: PreparedCube, model: PolicyModel, files: readonly string[], options: Record<string, unknown>, context: CliContext, command: string): Promise<CostReport> {
    const through = model.closedThrough?.period;
    if (through === undefined) throw new UsageError("'--corrections' needs a policy that closes periods (`closed through YYYY-MM`)", command);
    const file = lockPath(options.lock, files, context.cwd);
    const lock = await readLock(file, context.cwd);
    const dataPeriods = periodsOf(prepared.cube);
    const closedPeriods = dataPeriods.filter((period) => period <= through);
    // The closed periods are priced whatever --period shows: their differences are posted in the first open one.
    const closed = closedPeriods.every((period) => report.periods.includes(period)) ? report : priceForCli(prepared, model, closedPeriods, context, false);
    const digests = { policy: policyDigest(model), data: await dataDigest(report, context.cwd) };
    const reason = typeof options.reason === 'string' && options.reason.trim() !== '' ? options.reason : undefined;
    return applyCorrections(report, closed, model, lock, digests, { lockName: displayPath(file, context.cwd), dataPeriods, ...(reason !== undefined && { reason }) }).report;
}
