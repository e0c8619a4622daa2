import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ReportIssue } from '../report/types.js';

/**
 * CUR 1.0 delivers each billing period to `<prefix>/<report>/<yyyymmdd-yyyymmdd>/`: one folder per assembly
 * (`<assemblyId>/<report>-1.csv.gz`, each assembly a complete report version, every later one restating the
 * month) and, next to them, `<report>-Manifest.json`, whose `assemblyId` and `reportKeys` name the current one.
 * A copy of that bucket read as a folder would sum every version of the month. So in a folder walk, a period
 * folder with such a manifest is read as the manifest says and the other assemblies are skipped, with a note.
 */

/** A period folder's manifest: it names an assembly that is a subfolder next to it. */
export interface PeriodManifest {
    readonly manifest: string;
    readonly folder: string;
    readonly assemblyId: string;
}

/** The CUR 1.0 period manifests among a folder walk's files (assembly folders' own manifest copies are not). */
export async function periodManifests(found: readonly string[]): Promise<PeriodManifest[]> {
    const out: PeriodManifest[] = [];
    for (const file of found) {
        if (!/-Manifest\.json$/i.test(file)) continue;
        const assemblyId = await assemblyIdOf(file);
        if (assemblyId === undefined) continue;
        const folder = path.dirname(file);
        const assembly = path.join(folder, assemblyId) + path.sep;
        if (found.some((other) => other.startsWith(assembly))) out.push({ manifest: file, folder, assemblyId });
    }
    return out;
}

/** `assemblyId` of a CUR 1.0 manifest (one with `reportKeys`); undefined for anything else (a broken file is the reader's to report). */
async function assemblyIdOf(file: string): Promise<string | undefined> {
    try {
        const data = JSON.parse(await readFile(file, 'utf8')) as { assemblyId?: unknown; reportKeys?: unknown };
        const id = data.assemblyId;
        // An assembly id is one path segment (a UUID); anything else cannot name a folder next to the manifest.
        return typeof id === 'string' && id !== '' && !/[\\/]|^\.\.?$/.test(id) && Array.isArray(data.reportKeys) ? id : undefined;
    } catch {
        return undefined;
    }
}

/**
 * The data files of a walk once each period folder is read from its manifest: `listed(manifest)` gives the files a
 * period manifest names; every other data file below that folder is skipped, one note per period folder naming
 * the manifest, the assembly read and the assemblies skipped.
 */
export async function selectAssemblies(
    given: string,
    data: readonly string[],
    manifests: readonly PeriodManifest[],
    listed: (manifest: string) => Promise<string[]>,
    issues: ReportIssue[],
): Promise<string[]> {
    const within = (file: string, folder: string): boolean => file.startsWith(folder + path.sep);
    const out = data.filter((file) => !manifests.some((entry) => within(file, entry.folder)));
    for (const entry of manifests) {
        const read = await listed(entry.manifest);
        const keep = new Set(read.map((file) => path.resolve(file)));
        const skipped = data.filter((file) => within(file, entry.folder) && !keep.has(path.resolve(file)));
        out.push(...read);
        if (skipped.length === 0) continue;
        const assemblies = [...new Set(skipped.map((file) => path.relative(entry.folder, file).split(path.sep)[0]!))].sort();
        issues.push({
            severity: 'info',
            code: 'cur1-other-assemblies-skipped',
            file: entry.manifest,
            message: `${path.join(given, path.relative(path.resolve(given), entry.folder))}: read assembly ${entry.assemblyId} (${read.length} file${read.length === 1 ? '' : 's'}), ` +
                `the one ${path.basename(entry.manifest)} names; skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'} of ` +
                `${assemblies.length === 1 ? 'the other assembly' : `${assemblies.length} other assemblies`} ${assemblies.join(', ')} (earlier versions of the same month; pass a file to read it anyway)`,
        });
    }
    return out;
}
