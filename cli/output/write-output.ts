import { realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomically as writeAtomically, WriteFileError } from '../../engine/files/index.js';
import { CliError } from '../errors.js';

/**
 * Writes `text` to `file` atomically (engine/files: temporary file + rename, the target's mode and
 * symbolic link kept, no temporary file left on errors or signals); any failure is a CliError (exit 2).
 * `inputs` (policy and data files the output was computed from) are never overwritten.
 */
export async function writeFileAtomically(file: string, text: string, inputs: readonly string[] = []): Promise<void> {
    await refuseInputAsOutput(file, inputs, 'the report to');
    try {
        await writeAtomically(file, text);
    } catch (error) {
        if (error instanceof WriteFileError) throw new CliError(error.message);
        throw error;
    }
}

/**
 * Refuses an output that is one of the command's inputs (the same file after resolving symbolic links,
 * `..` and hard links by device and inode), so `--out` can never overwrite the data or policy it was
 * computed from.
 */
export async function refuseInputAsOutput(output: string, inputs: readonly string[], what: string): Promise<void> {
    const target = await identity(output);
    if (!target) return;
    for (const input of inputs) {
        const source = await identity(input);
        if (source && (source.path === target.path || (source.ino !== undefined && source.ino === target.ino && source.dev === target.dev))) {
            throw new CliError(`refusing to write ${what} ${output}: it is one of the inputs (${input}); choose another output file`);
        }
    }
}

interface FileIdentity {
    readonly path: string;
    readonly dev?: number;
    readonly ino?: number;
}

async function identity(file: string): Promise<FileIdentity | undefined> {
    const absolute = path.resolve(file);
    try {
        const real = await realpath(absolute);
        const info = await stat(real);
        return { path: real, dev: info.dev, ino: info.ino };
    } catch {
        // Not there yet: its folder may still be a link to an input's folder.
        const folder = await realpath(path.dirname(absolute)).catch(() => undefined);
        return folder ? { path: path.join(folder, path.basename(absolute)) } : undefined;
    }
}
