import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { ReportIssue } from '../report/types.js';
import { describeKind } from './csv-reader.js';
import { periodManifests, selectAssemblies } from './cur1-assemblies.js';
import { IngestError, ingestError } from './errors.js';

/**
 * Turns what a user passes (files, directories, globs, AWS manifests) into the list of data files
 * to read, in a stable order, with clear errors for anything that does not resolve.
 *
 * - file: taken as is (any name; the format is detected from its header).
 * - directory: every .csv, .csv.gz and .parquet below it, recursively, sorted by path.
 *   An S3 sync of a CUR 1.0 bucket holds every report version (assembly) of a month: a period folder
 *   with its `<report>-Manifest.json` is read as that manifest says, the other assemblies skipped with a
 *   note (cur1-assemblies.ts); other manifests in a directory get a warning.
 * - glob: `*`, `?`, `**`, `[abc]`, `{a,b}` in any path segment.
 * - manifest (a .json file): CUR 1.0 `<report>-Manifest.json` (`reportKeys`) or a Data Exports
 *   manifest (`dataFiles`). Each listed S3 key is looked up locally under the manifest's
 *   folder (by the key's trailing segments; `..` and absolute keys are refused), then by basename next to the manifest (also without a
 *   `.gz` suffix, for files decompressed after download). Missing files are an error naming all of them.
 */

export interface ResolvedDataPaths {
    readonly files: readonly string[];
    readonly issues: readonly ReportIssue[];
}

const DATA_FILE = /\.(csv|csv\.gz|parquet)$/i;

export async function resolveDataPaths(paths: readonly string[]): Promise<string[]> {
    return [...(await resolveDataPathsDetailed(paths)).files];
}

export async function resolveDataPathsDetailed(paths: readonly string[]): Promise<ResolvedDataPaths> {
    if (paths.length === 0) throw new IngestError('NO_DATA_FILES', 'no data path given: expected a CUR/FOCUS file, directory, glob or manifest');
    const files: string[] = [];
    const issues: ReportIssue[] = [];
    for (const given of paths) {
        const resolved = path.resolve(given);
        if (hasGlob(given)) {
            // A pattern names manifests only when it asks for .json files; otherwise it selects data files.
            const wantsManifests = /\.json$/i.test(given);
            const matches = (await expandGlob(resolved)).filter(f => (wantsManifests ? /\.json$/i.test(f) : DATA_FILE.test(f)));
            if (matches.length === 0) {
                throw ingestError('NO_DATA_FILES', `the pattern ${given} matches no .csv, .csv.gz, .parquet or manifest file`, { file: given });
            }
            for (const m of matches) files.push(...(/\.json$/i.test(m) ? await manifestFiles(m) : [m]));
            continue;
        }
        const info = await stat(resolved).catch(() => undefined);
        if (!info) throw ingestError('FILE_NOT_FOUND', 'no such file or directory', { file: given });
        if (!info.isDirectory() && !info.isFile()) {
            throw ingestError('NOT_A_REGULAR_FILE', `${describeKind(info)}: only regular files (and folders, globs, manifests of them) are read as data`, { file: given, expected: 'a regular file' });
        }
        if (info.isDirectory()) {
            const found = await walk(resolved);
            const data = found.filter(f => DATA_FILE.test(f));
            if (data.length === 0) {
                throw ingestError('NO_DATA_FILES', 'the directory holds no .csv, .csv.gz or .parquet file', { file: given });
            }
            // CUR 1.0 period folders with their manifest: only the assembly it names (cur1-assemblies.ts).
            const periods = await periodManifests(found);
            const selected = periods.length === 0 ? data : await selectAssemblies(given, data, periods, manifestFiles, issues);
            const inPeriod = (file: string): boolean => periods.some((entry) => file.startsWith(entry.folder + path.sep));
            if (found.some(f => /manifest\.json$/i.test(f) && !inPeriod(f) && !periods.some((entry) => entry.manifest === f))) {
                issues.push({
                    severity: 'warning', code: 'directory-with-manifests', file: resolved,
                    message: `${given} holds AWS manifest files: all ${selected.length} data files below it are read; if it is a copy of an export bucket with several report versions per month, pass the month's manifest instead to avoid counting costs twice`,
                });
            }
            files.push(...selected);
        } else if (/\.json$/i.test(resolved)) {
            files.push(...(await manifestFiles(resolved)));
        } else {
            files.push(resolved);
        }
    }
    const distinct = await distinctFiles(files);
    await refuseSpecialFiles(distinct);
    checkCompressedTwins(distinct);
    return { files: distinct, issues };
}

/**
 * What a folder walk or a glob found is refused unless it is a regular file, before anything opens it: opening a
 * FIFO blocks one of libuv's four threads until a writer comes (four of them stop every file system call of the
 * process), and a device never ends. The readers check the opened file again (a path can change in between).
 */
async function refuseSpecialFiles(files: readonly string[]): Promise<void> {
    for (const file of files) {
        const info = await stat(file).catch(() => undefined);
        if (info && !info.isFile()) {
            throw ingestError('NOT_A_REGULAR_FILE', `${describeKind(info)}: only regular files (and folders, globs, manifests of them) are read as data`, { file, expected: 'a regular file' });
        }
    }
}

/** Why `file` is no data file a reader may open (a device, a FIFO, a socket…), or undefined (a regular file, a folder, nothing). */
export async function specialFileKind(file: string): Promise<string | undefined> {
    const info = await stat(file).catch(() => undefined);
    return info && !info.isFile() && !info.isDirectory() ? describeKind(info) : undefined;
}

/** Each file once, also when named twice through different paths (a symbolic link, `a/../b`): its costs count once. */
async function distinctFiles(files: readonly string[]): Promise<string[]> {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const file of files) {
        const identity = await realpath(file).catch(() => path.resolve(file));
        if (seen.has(identity)) continue;
        seen.add(identity);
        out.push(file);
    }
    return out;
}

/**
 * `x.csv` next to `x.csv.gz` (a report and its decompressed copy, as `gunzip -k` leaves them) is one report
 * twice: reading both would count its costs twice, so the ingest stops and says which to drop.
 */
function checkCompressedTwins(files: readonly string[]): void {
    const byReport = new Map<string, string>();
    for (const file of files) {
        const report = file.replace(/\.gz$/i, '').toLowerCase();
        const twin = byReport.get(report);
        if (twin !== undefined) {
            throw ingestError('DUPLICATE_FILES',
                `${twin} and ${file} are the same report, compressed and not: reading both would count its costs twice; pass one of them or remove the copy`,
                { file, expected: 'each report once', found: `${twin}, ${file}` });
        }
        byReport.set(report, file);
    }
}

/** Entries a folder walk visits at most: `data "/"` must end with a clear error, not walk the whole disk. */
export const MAX_WALK_ENTRIES = 200_000;

/** Files below `root`, sorted by path; bounded in entries, and every failure names the folder. */
async function walk(root: string): Promise<string[]> {
    const out: string[] = [];
    let visited = 0;
    const visit = async (dir: string): Promise<void> => {
        let entries;
        try {
            entries = await readdir(dir, { withFileTypes: true });
        } catch (error) {
            const code = (error as NodeJS.ErrnoException).code ?? String(error);
            throw ingestError('READ_ERROR', `cannot list the folder ${dir} (${code}) while looking for data files under ${root}`, { file: dir });
        }
        visited += entries.length;
        if (visited > MAX_WALK_ENTRIES) {
            throw ingestError('NO_DATA_FILES',
                `${root} holds more than ${MAX_WALK_ENTRIES.toLocaleString('en-US')} files and folders below it: name the folder of the data export, not a whole disk`,
                { file: root, expected: `a folder of at most ${MAX_WALK_ENTRIES} entries` });
        }
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const entry of entries) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) await visit(full);
            // Devices, FIFOs and sockets are listed too: refuseSpecialFiles names them (NOT_A_REGULAR_FILE).
            else out.push(full);
        }
    };
    await visit(root);
    return out;
}

// ---- globs ----

function hasGlob(p: string): boolean {
    return /[*?[{]/.test(p);
}

/** Expands an absolute glob pattern by walking from its longest literal prefix. */
export async function expandGlob(pattern: string): Promise<string[]> {
    const normalized = pattern.split(path.sep).join('/');
    const segments = normalized.split('/');
    let base = '';
    let i = 0;
    for (; i < segments.length && !hasGlob(segments[i]); i++) base += (i === 0 ? '' : '/') + segments[i];
    if (base === '') base = '/';
    const rest = segments.slice(i).join('/');
    const info = await stat(base).catch(() => undefined);
    if (!info?.isDirectory()) return [];
    const regex = globToRegExp(rest);
    const all = await walk(base);
    return all.filter(f => regex.test(path.relative(base, f).split(path.sep).join('/')));
}

export function globToRegExp(glob: string): RegExp {
    let re = '';
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '*') {
            if (glob[i + 1] === '*') {
                i++;
                if (glob[i + 1] === '/') { i++; re += '(?:.*/)?'; } else re += '.*';
            } else re += '[^/]*';
        } else if (c === '?') re += '[^/]';
        else if (c === '[') {
            const close = glob.indexOf(']', i + 1);
            if (close < 0) re += '\\[';
            else {
                const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
                re += `[${body}]`;
                i = close;
            }
        } else if (c === '{') {
            const close = glob.indexOf('}', i + 1);
            if (close < 0) re += '\\{';
            else {
                re += '(?:' + glob.slice(i + 1, close).split(',').map(escapeRegExp).join('|') + ')';
                i = close;
            }
        } else re += escapeRegExp(c);
    }
    return new RegExp(`^${re}$`);
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// ---- manifests ----

async function manifestFiles(manifest: string): Promise<string[]> {
    let data: unknown;
    try {
        data = JSON.parse(await readFile(manifest, 'utf8'));
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw ingestError('FILE_NOT_FOUND', 'no such manifest file', { file: manifest });
        throw ingestError('INVALID_MANIFEST', `the manifest is not valid JSON (${(error as Error).message})`, { file: manifest, expected: 'a JSON manifest' });
    }
    const record = (data ?? {}) as { reportKeys?: unknown; dataFiles?: unknown };
    const keys = Array.isArray(record.reportKeys) ? record.reportKeys : Array.isArray(record.dataFiles) ? record.dataFiles : undefined;
    if (!keys || !keys.every(k => typeof k === 'string')) {
        throw ingestError('INVALID_MANIFEST',
            'the JSON file is not an AWS manifest: expected "reportKeys" (CUR 1.0) or "dataFiles" (Data Exports) listing the data files',
            { file: manifest, expected: 'reportKeys or dataFiles' });
    }
    const dir = path.dirname(manifest);
    const found: string[] = [];
    const missing: string[] = [];
    const keyOf = new Map<string, string>();
    for (const key of keys as string[]) {
        // An S3 key is relative to its bucket: `..` segments or an absolute path would read outside the manifest's folder.
        const keyPath = key.replace(/^s3:\/\/[^/]+\//, '');
        if (keyPath.split(/[\\/]/).includes('..') || path.isAbsolute(keyPath) || /^[a-zA-Z]:/.test(keyPath)) {
            throw ingestError('INVALID_MANIFEST', `the manifest lists ${JSON.stringify(key)}, which points outside the manifest's folder (a ".." segment or an absolute path); S3 keys are relative to their bucket`,
                { file: manifest, expected: 'S3 keys below the manifest folder', found: key });
        }
        const local = await locate(key, dir);
        if (!local) { missing.push(key); continue; }
        const identity = await realpath(local).catch(() => local);
        const other = keyOf.get(identity);
        if (other !== undefined && other !== key) {
            throw ingestError('INVALID_MANIFEST', `the manifest lists ${JSON.stringify(other)} and ${JSON.stringify(key)}, which are both found locally as ${local}: one of the two data files is missing`,
                { file: manifest, expected: 'one local file per S3 key', found: `${other}, ${key}` });
        }
        keyOf.set(identity, key);
        found.push(local);
    }
    if (missing.length > 0) {
        throw new IngestError('MANIFEST_FILES_MISSING',
            `${manifest}: ${missing.length} of ${keys.length} data files listed by the manifest were not found locally ` +
            `(looked for the key under ${dir}, and by file name next to the manifest): ${missing.join(', ')}`,
            { file: manifest, expected: missing.join(', ') });
    }
    return found;
}

async function locate(key: string, dir: string): Promise<string | undefined> {
    const keyPath = key.replace(/^s3:\/\/[^/]+\//, '');
    const segments = keyPath.split('/').filter(s => s !== '');
    const candidates: string[] = [];
    for (let i = 0; i < segments.length; i++) candidates.push(path.join(dir, ...segments.slice(i)));
    const base = segments[segments.length - 1] ?? '';
    if (/\.gz$/i.test(base)) candidates.push(path.join(dir, base.replace(/\.gz$/i, '')));
    for (const candidate of candidates) {
        const info = await stat(candidate).catch(() => undefined);
        if (info?.isFile()) return candidate;
    }
    return undefined;
}
