import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { CliError } from '../errors.js';

/**
 * Writes `text` to `file` through a temporary file in the same folder and a rename, so a failure
 * never leaves a partial report over a previous good one.
 */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
    try {
        await fs.writeFile(temporary, text, 'utf8');
        await fs.rename(temporary, file);
    } catch (error) {
        await fs.rm(temporary, { force: true }).catch(() => undefined);
        throw new CliError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
}
