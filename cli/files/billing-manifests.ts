import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { BillingManifestError, findBillingManifest, readBillingManifest } from '../../language/index.js';
import { CliError } from '../errors.js';
import { isWithin, realPathOf, repositoryOf } from '../../language/workspace/workspace-boundary.js';
import { checkPolicyFile } from './policy-file-kind.js';

/**
 * The files `validate` loads: the named ones, plus the entries listed by the nearest `billing.json` of each (the
 * files billed together with it, language/workspace/billed-together.ts), so that an account in two groups of two
 * billed-together files is found whichever of them is named. A manifest that cannot be read, or that lists a file
 * that is missing or not policy text, is an error (exit 2) naming the manifest. Manifests are looked for up to the
 * named file's repository root (workspace-boundary.ts), and a manifest or an entry whose real path lies outside that
 * repository is an error before anything opens it (BIL123).
 */
export async function withManifestEntries(files: readonly string[], cwd: string): Promise<string[]> {
    const fileSystem = NodeFileSystem.fileSystemProvider();
    const result = [...files];
    const seen = new Set(files.map((file) => path.resolve(file)));
    const manifests = new Set<string>();
    for (const file of files) {
        const repository = repositoryOf(file);
        const manifest = findBillingManifest(URI.file(path.resolve(file)), fileSystem, repository);
        if (!manifest || manifests.has(manifest.fsPath)) continue;
        manifests.add(manifest.fsPath);
        const outside = (entry: string): string | undefined => {
            const real = realPathOf(entry);
            return isWithin(real, repository) ? undefined : `resolves to ${real}, outside the repository ${repository}, so it is not read (BIL123)`;
        };
        const manifestOutside = outside(manifest.fsPath);
        if (manifestOutside) throw new CliError(`${shown(manifest.fsPath, cwd)}: ${manifestOutside}`);
        let entries: URI[];
        try {
            entries = readBillingManifest(manifest, fileSystem);
        } catch (error) {
            if (error instanceof BillingManifestError) throw new CliError(shown(error.message, cwd));
            throw error;
        }
        for (const entry of entries) {
            const absolute = entry.fsPath;
            if (seen.has(absolute)) continue;
            const where = `${shown(manifest.fsPath, cwd)} lists ${shown(absolute, cwd)}`;
            const entryOutside = outside(absolute);
            if (entryOutside) throw new CliError(`${where}: ${entryOutside}`);
            if (!existsSync(absolute)) throw new CliError(`${where}: no such file`);
            await checkPolicyFile(absolute, where);
            seen.add(absolute);
            result.push(absolute);
        }
    }
    return result;
}

function shown(text: string, cwd: string): string {
    const prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
    return text.split(prefix).join('');
}
