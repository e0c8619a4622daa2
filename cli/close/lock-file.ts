import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { EMPTY_LOCK, LOCK_FILE_NAME, parseLock, type LockFile } from '../../engine/close/index.js';
import type { CostReport } from '../../engine/index.js';
import { CliError, isNodeIoError } from '../errors.js';
import { displayPath } from '../output/validation-report.js';

/** `--lock FILE`, else LOCK_FILE_NAME next to the first policy file. */
export function lockPath(option: unknown, policyFiles: readonly string[], cwd: string): string {
    if (typeof option === 'string' && option !== '') return path.resolve(cwd, option);
    return path.join(path.dirname(policyFiles[0] ?? path.join(cwd, 'policy.billing')), LOCK_FILE_NAME);
}

/** The lock file, or an empty lock when there is none yet; a malformed one is an error naming it. */
export async function readLock(file: string, cwd: string): Promise<LockFile> {
    let text: string;
    try {
        text = await readFile(file, 'utf8');
    } catch (error) {
        if (isNodeIoError(error) && error.code === 'ENOENT') return EMPTY_LOCK;
        throw new CliError(`cannot read the lock file ${displayPath(file, cwd)}: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
        return parseLock(text);
    } catch (error) {
        throw new CliError(`${displayPath(file, cwd)}: ${error instanceof Error ? error.message : String(error)}`);
    }
}

/** `sha256:` of the data files a report was billed from: each file's name (as shown) and the hash of its bytes. */
export async function dataDigest(report: CostReport, cwd: string): Promise<string> {
    const hash = createHash('sha256');
    for (const source of [...report.data.sources].sort()) {
        const bytes = await readFile(path.resolve(cwd, source));
        hash.update(`${path.basename(source)}\0${createHash('sha256').update(bytes).digest('hex')}\n`);
    }
    return `sha256:${hash.digest('hex')}`;
}
