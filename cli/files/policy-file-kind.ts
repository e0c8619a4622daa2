import { open } from 'node:fs/promises';
import { DATA_EXTENSIONS } from '../../language/scoping/import-validator.js';
import { escapesOwnRepository } from '../../language/workspace/workspace-boundary.js';
import { CliError } from '../errors.js';


/** Header columns only billing data has (CUR 1.0, CUR 2.0, FOCUS): a renamed export is still data. */
const dataHeaderColumns = ['lineItem/UsageAccountId', 'line_item_usage_account_id', 'BilledCost', 'bill/BillingPeriodStartDate'];

/** Bytes read to tell text from binary: enough for any header, cheap for any policy. */
const sniffBytes = 8192;

/**
 * Checks that a file named as a policy is `.billing` text, before the language loads it: a wrong extension, a CUR
 * file given as the policy, or binary content is a CliError (exit 2) naming the file and what was expected, never
 * a parse of garbage into a page of syntax errors nor Langium's "no services for the extension". A symlink (or a path
 * through a symlinked folder) whose real path leaves the file's repository is refused before anything opens it
 * (language/workspace/workspace-boundary.ts): a pull request's `evil.billing -> ~/.aws/credentials` is never read.
 */
export async function checkPolicyFile(absolute: string, shown: string): Promise<void> {
    const escape = escapesOwnRepository(absolute);
    if (escape) throw new CliError(`${shown}: resolves to ${escape.real}, outside its repository, so it is not read (BIL123)`);
    const lower = absolute.toLowerCase();
    const head = await readHead(absolute);
    if (looksLikeData(lower, head)) {
        throw new CliError(`${shown}: billing data (CUR / FOCUS), not a policy: expected a .billing file (pass data with --data)`);
    }
    if (!lower.endsWith('.billing')) {
        throw new CliError(`${shown}: not a policy file: expected a .billing file`);
    }
    if (isBinary(head)) {
        throw new CliError(`${shown}: binary content, not policy text: expected a UTF-8 .billing file`);
    }
}

async function readHead(file: string): Promise<Buffer> {
    const handle = await open(file, 'r');
    try {
        const buffer = Buffer.alloc(sniffBytes);
        const { bytesRead } = await handle.read(buffer, 0, sniffBytes, 0);
        return buffer.subarray(0, bytesRead);
    } finally {
        await handle.close();
    }
}

function looksLikeData(lowerName: string, head: Buffer): boolean {
    if (DATA_EXTENSIONS.some((extension) => lowerName.endsWith(extension))) return true;
    if (head.subarray(0, 4).toString('latin1') === 'PAR1') return true;
    const firstLine = head.toString('utf8').split(/\r?\n/, 1)[0] ?? '';
    return dataHeaderColumns.some((column) => firstLine.includes(column));
}

/** NUL bytes, a gzip header, or bytes that are not UTF-8 (a multi-byte character cut at the sniff's end is fine). */
function isBinary(head: Buffer): boolean {
    if (head.includes(0)) return true;
    if (head[0] === 0x1f && head[1] === 0x8b) return true;
    try {
        new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: head.length === sniffBytes });
        return false;
    } catch {
        return true;
    }
}
