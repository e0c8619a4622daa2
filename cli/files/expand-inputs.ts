import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { CliError } from '../errors.js';
import { checkPolicyFile } from './policy-file-kind.js';

export const policyExtension = '.billing';

/** Folders never searched: dependencies and dot-folders (.git, .vscode …) are matched by neither folders nor globs. */
const ignoredFolders = ['**/node_modules/**'];

/**
 * Turns command-line inputs into absolute `.billing` file paths, sorted within each input, de-duplicated across inputs.
 * - no input: every `.billing` file under `cwd`, recursively;
 * - an existing file: that file, which must be `.billing` text (see `checkPolicyFile`);
 * - an existing folder: its `.billing` files, recursively;
 * - otherwise, a glob (`policies/**\/*.billing`) relative to `cwd`: the `.billing` files it matches.
 * Each folder or glob must yield at least one file, so a typo in a CI script fails instead of validating nothing.
 */
export async function expandPolicyInputs(inputs: readonly string[], cwd: string): Promise<string[]> {
    const files: string[] = [];
    const seen = new Set<string>();
    const add = (file: string): void => {
        if (!seen.has(file)) {
            seen.add(file);
            files.push(file);
        }
    };
    if (inputs.length === 0) {
        const found = await policyFilesUnder(cwd);
        if (found.length === 0) throw new CliError(`no ${policyExtension} files found in ${displayDir(cwd, cwd)} (searched recursively, skipping node_modules and dot-folders)`);
        found.forEach(add);
        for (const file of files) await checkPolicyFile(file, displayFile(file, cwd));
        return files;
    }
    for (const input of inputs) {
        const absolute = path.resolve(cwd, input);
        const kind = await pathKind(absolute);
        if (kind === 'file') {
            add(absolute);
        } else if (kind === 'directory') {
            const found = await policyFilesUnder(absolute);
            if (found.length === 0) throw new CliError(`no ${policyExtension} files found in ${input} (searched recursively, skipping node_modules and dot-folders)`);
            found.forEach(add);
        } else if (isDynamicPattern(toGlobSyntax(input))) {
            const found = await policyFilesMatching(input, cwd);
            if (found.length === 0) throw new CliError(`no ${policyExtension} files match ${input}`);
            found.forEach(add);
        } else {
            throw new CliError(`${input}: no such file or directory`);
        }
    }
    // Every file must be policy text: a named CUR file, a `.txt` or a binary file is an error (exit 2), not a parse.
    for (const file of files) await checkPolicyFile(file, displayFile(file, cwd));
    return files;
}

function displayFile(file: string, cwd: string): string {
    const relative = path.relative(cwd, file);
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

async function policyFilesUnder(directory: string): Promise<string[]> {
    const found = await glob(`**/*${policyExtension}`, { cwd: directory, absolute: true, onlyFiles: true, dot: false, ignore: ignoredFolders });
    return found.map((file) => path.normalize(file)).sort(compareCodePoints);
}

async function policyFilesMatching(pattern: string, cwd: string): Promise<string[]> {
    const found = await glob(toGlobSyntax(pattern), { cwd, absolute: true, onlyFiles: true, dot: false, ignore: ignoredFolders, expandDirectories: false });
    return found.filter((file) => file.endsWith(policyExtension)).map((file) => path.normalize(file)).sort(compareCodePoints);
}

/** Glob syntax uses `/`; on Windows users type `\` as a separator (there is no escaping of glob characters then). */
function toGlobSyntax(pattern: string): string {
    return path.sep === '\\' ? pattern.replaceAll('\\', '/') : pattern;
}

async function pathKind(file: string): Promise<'file' | 'directory' | 'missing'> {
    try {
        const stat = await fs.stat(file);
        return stat.isDirectory() ? 'directory' : 'file';
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
        throw new CliError(`${file}: ${code ?? String(error)}`);
    }
}

function displayDir(directory: string, cwd: string): string {
    const relative = path.relative(cwd, directory);
    return relative === '' ? `${cwd} (the current directory)` : relative;
}

/** Locale-independent order, so output is identical on every machine. */
export function compareCodePoints(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
