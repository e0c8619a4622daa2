import type { Cube, PolicyModel } from '../../engine/index.js';
import { prepareCube, type PreparedCube } from '../../engine/price/index.js';
import type { CliContext, TextSink } from '../context.js';
import type { OverlapResolution } from './overlap-option.js';
import { prepareData } from './price-data.js';
import { checkPeriods, periodsOf, readData, selectData } from './read-data.js';

/**
 * The data of a command that compiles a policy and then prices data (bill, check, statement, close, diff). With
 * `--data` the policy chooses nothing (its `data` statements only count without it), so the read starts at once:
 * the ingest's worker threads, or DuckDB's for a native Parquet read, scan while the main thread loads the language
 * and compiles the policy. Without `--data`, the read waits for the policy, as before.
 */
export interface DataRead {
    /**
     * The data prepared for the policy once it compiled without errors (and passed the command's own checks): the
     * read started early, or (without `--data`) the policy's data or the bundled sample, read now. Its stderr (the
     * `data:` line, a progress bar) and its error (exit 2) come out here, after what the policy printed.
     */
    prepare(model: PolicyModel, periods: readonly string[] | undefined): Promise<PreparedCube>;
    /**
     * Drops an early read nobody will prepare (the policy has errors, a usage error came after): the ingest is
     * cancelled (workers terminated, DuckDB's query interrupted) and what it printed or threw is never shown, so
     * the output is what it was when the data was read after the policy. A no-op after prepare().
     */
    abandon(): void;
}

export function startDataRead(dataOption: readonly string[], context: CliContext, options: { readonly onOverlap?: OverlapResolution } = {}): DataRead {
    if (dataOption.length === 0) {
        return { prepare: (model, periods) => prepareData(dataOption, model, periods, context, options), abandon: () => undefined };
    }
    const controller = new AbortController();
    const stderr = heldSink(context.stderr);
    const reading: Promise<Cube> = readData(selectData(dataOption, { dataPaths: [] }, context.cwd), { ...context, stderr }, { ...options, signal: controller.signal });
    // Awaited by prepare(), or abandoned: never an unhandled rejection.
    reading.catch(() => undefined);
    let prepared = false;
    return {
        async prepare(_model, periods) {
            prepared = true;
            stderr.release();
            const cube = await reading;
            checkPeriods(periods, periodsOf(cube));
            return prepareCube(cube);
        },
        abandon() {
            if (!prepared) controller.abort();
        },
    };
}

/**
 * Runs a command's steps up to its data (compile the policy, check it, prepare the data) with the read already started;
 * however they end (policy errors, a usage error, an exception), a read they did not prepare is abandoned.
 */
export async function withDataRead<T>(
    dataOption: readonly string[], context: CliContext, options: { readonly onOverlap?: OverlapResolution }, steps: (data: DataRead) => Promise<T>,
): Promise<T> {
    const data = startDataRead(dataOption, context, options);
    try {
        return await steps(data);
    } finally {
        data.abandon();
    }
}

/**
 * Holds what the read prints until the policy is known good, then passes it on in order. A progress bar's redraws
 * (`\r…`) are dropped while held: each replaces the last, and the next one after release draws the bar.
 */
function heldSink(target: TextSink): TextSink & { readonly isTTY?: boolean; release(): void } {
    let held: string[] | undefined = [];
    return {
        // The progress bar draws only on a terminal.
        isTTY: (target as { isTTY?: boolean }).isTTY,
        write(text: string) {
            if (!held) target.write(text);
            else if (!text.startsWith('\r')) held.push(text);
        },
        release() {
            if (!held) return;
            for (const text of held) target.write(text);
            held = undefined;
        },
    };
}
