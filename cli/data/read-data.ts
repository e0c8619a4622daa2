import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingest, IngestError, SAMPLE_CUR_PATH, type Cube, type IngestOptions, type PolicyDataSource, type PolicyModel } from '../../engine/index.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { displayPath } from '../output/validation-report.js';
import { productPackage } from '../version.js';
import type { OverlapResolution } from './overlap-option.js';
import { progressBar } from './progress.js';

/** Where the billing data comes from, in order of precedence. */
export interface DataSelection {
    readonly source: 'option' | 'policy' | 'sample';
    /** Absolute paths (files, folders, globs or manifests). */
    readonly paths: readonly string[];
    /** How stderr names the source. */
    readonly label: string;
    /** The policy's `data` statements (source 'policy'), to report a path that does not resolve at its statement. */
    readonly declarations?: readonly PolicyDataSource[];
}

/**
 * `--data` paths (relative to the working directory) win; else the policy's `data` statements (already
 * relative to their file); else the sample bundled with the package (so `billing bill policy.billing`
 * shows a bill before any data is at hand).
 */
export function selectData(optionPaths: readonly string[], model: Pick<PolicyModel, 'dataPaths' | 'dataSources'>, cwd: string): DataSelection {
    if (optionPaths.length > 0) {
        return { source: 'option', paths: optionPaths.map((given) => path.resolve(cwd, given)), label: `--data ${optionPaths.join(', ')}` };
    }
    if (model.dataPaths.length > 0) {
        return {
            source: 'policy', paths: model.dataPaths, label: `policy data ${model.dataPaths.map((given) => displayPath(given, cwd)).join(', ')}`,
            ...(model.dataSources && { declarations: model.dataSources }),
        };
    }
    return { source: 'sample', paths: [bundledSamplePath()], label: `bundled sample ${SAMPLE_CUR_PATH}` };
}

/** The sample CUR shipped with the package, found from the package root (from source and from the bundle alike). */
export function bundledSamplePath(): string {
    const sample = path.join(productPackage().root, ...SAMPLE_CUR_PATH.split('/'));
    if (!existsSync(sample)) throw new CliError(`the bundled sample ${sample} is missing; pass --data PATH`);
    return sample;
}

/**
 * Reads the selected data into the cube, with a progress bar on a terminal and one `data:` line on
 * stderr. An unreadable or malformed input becomes a CliError (exit 2) whose message names the file,
 * line, row and column, with paths shown relative to the working directory.
 */
export async function readData(
    selection: DataSelection, context: CliContext,
    options: { readonly onOverlap?: OverlapResolution } & Pick<IngestOptions, 'spool' | 'onSpools' | 'signal'> = {},
): Promise<Cube> {
    const progress = progressBar(context.stderr, 'reading data');
    let cube: Cube;
    try {
        cube = await ingest(selection.paths, {
            onProgress: (done, total) => progress.update(done, total), onOverlap: options.onOverlap, spool: options.spool, onSpools: options.onSpools, signal: options.signal,
        });
    } catch (error) {
        if (error instanceof IngestError) throw new CliError(unresolvedPolicyPath(error, selection, context.cwd) ?? relativeMessage(error.message, context.cwd));
        throw error;
    } finally {
        progress.done();
    }
    const files = cube.sources.length;
    context.stderr.write(
        `data: ${selection.label} (${files === 1 ? '' : `${files} files, `}${cube.formatLabel ?? formatName(cube.format)}, ${cube.rows.toLocaleString('en-US')} rows)\n`,
    );
    return cube;
}

/** The periods the data has, for messages. */
export function periodsOf(cube: Cube): string[] {
    return [...new Set(cube.cells.map((cell) => cell.period))].sort();
}

/** Every requested period must be in the data: a typo in a month-end script must not produce an empty bill. */
export function checkPeriods(requested: readonly string[] | undefined, available: readonly string[]): void {
    if (!requested) return;
    const missing = requested.filter((period) => !available.includes(period));
    if (missing.length === 0) return;
    const has = available.length > 0 ? `the data has ${available.join(', ')}` : 'the data has no line items';
    throw new CliError(`${missing.length === 1 ? 'period' : 'periods'} ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the data (${has})`);
}

export function formatName(format: Cube['format']): string {
    return format === 'cur1' ? 'CUR 1.0' : format === 'cur2' ? 'CUR 2.0' : 'FOCUS';
}

/**
 * A policy's `data` path that names nothing: said at the `data` statement (policy file, line, column), with
 * the path as written and as resolved, since a policy's paths are relative to the policy file, not to the
 * working directory.
 */
function unresolvedPolicyPath(error: IngestError, selection: DataSelection, cwd: string): string | undefined {
    if (error.code !== 'FILE_NOT_FOUND' && error.code !== 'NO_DATA_FILES') return undefined;
    const declaration = selection.declarations?.find((source) => source.path === error.file);
    if (!declaration) return undefined;
    const origin = declaration.origin;
    const where = origin ? `${displayPath(origin.uri.startsWith('file:') ? fileURLToPath(origin.uri) : origin.uri, cwd)}:${origin.line}:${origin.column}: ` : '';
    const problem = error.code === 'FILE_NOT_FOUND' ? 'no such file or directory' : relativeMessage(error.message, cwd).replace(/^[^:]*: /, '');
    return `${where}data path ${JSON.stringify(declaration.written)} resolves to ${declaration.path}: ${problem} (a policy's data paths are relative to the policy file)`;
}

/** Ingest messages name files by absolute path: show them relative to the working directory. */
function relativeMessage(message: string, cwd: string): string {
    const prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
    return message.split(prefix).join('');
}
