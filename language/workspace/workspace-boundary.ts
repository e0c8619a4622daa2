import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { LangiumCoreServices, URI } from 'langium';

/*
 * Where policy text may be read from (issue 18: safe on untrusted pull requests). A `.billing` file, an import target or a
 * `billing.json` entry is read only when its REAL path (symlinks followed) lies inside the allowed roots:
 * - the language server: the workspace folders (a file opened from outside them: its own repository);
 * - the CLI and library loads (`loadPolicyFiles`): the repository of each policy file named, i.e. the nearest folder at
 *   or above it holding `.git`, else the working directory when the file lies inside it, else the file's own folder;
 * - a git revision (`billing diff BASE HEAD`, the editor's Δ vs HEAD lens): the repository, symlinks resolved in the commit.
 * A path outside is never opened: callers ask `escapesBoundary` first and report BIL123 (or skip and log it), so no byte of
 * such a file can reach a diagnostic. This module only decides; it reads nothing but directory entries and symlinks.
 */

/** What the roots are, as messages name them. */
export type BoundaryScope = 'workspace' | 'repository';

export interface PolicyBoundary {
    readonly scope: BoundaryScope;
    /** Real paths of the folders policy text may come from; empty: each file's own repository. */
    readonly roots: readonly string[];
    /** The real path of a file (defaults to the disk's, `realPathOf`). */
    readonly realPath?: (file: string) => string;
}

/** A file system that knows its own boundary (a git revision's). */
export interface BoundedFileSystem {
    readonly policyBoundary: PolicyBoundary;
}

/** A path that lies outside: its real path and the scope it escapes. */
export interface BoundaryEscape {
    readonly real: string;
    readonly scope: BoundaryScope;
}

type Services = Pick<LangiumCoreServices, 'shared'>;

/** Boundaries declared per document store (the server's workspace folders, the CLI's repositories). */
const declared = new WeakMap<object, PolicyBoundary>();

/** Declares where the documents of `services` may be read from (replaces an earlier declaration). */
export function declarePolicyBoundary(services: Services, boundary: PolicyBoundary): void {
    declared.set(services.shared.workspace.LangiumDocuments, boundary);
}

/** The boundary of `services`: their file system's (a git revision), else the declared one, else each file's repository. */
export function policyBoundary(services: Services): PolicyBoundary {
    const fileSystem = services.shared.workspace.FileSystemProvider as Partial<BoundedFileSystem>;
    return fileSystem.policyBoundary ?? declared.get(services.shared.workspace.LangiumDocuments) ?? { scope: 'repository', roots: [] };
}

/**
 * Whether `target` (an import target, a `billing.json` entry, a file found by a scan) must not be read: its real path lies
 * outside the roots. `from` is the file that names it (the importer, the manifest); when `from` itself lies outside every
 * root (a file the user opened from elsewhere), or there are no roots, the roots are `from`'s own repository. Without
 * `from`, the target stands for itself: the roots, else the repository of the folder it is found in (so a symlink
 * escaping its repository is refused). Non-file URIs (untitled buffers) have no real path and never escape.
 */
export function escapesBoundary(target: URI, services: Services, from?: URI): BoundaryEscape | undefined {
    if (target.scheme !== 'file') return undefined;
    const boundary = policyBoundary(services);
    const realPath = boundary.realPath ?? realPathOf;
    const anchor = from?.scheme === 'file' ? realPath(from.fsPath) : path.join(realPathOf(path.dirname(target.fsPath)), path.basename(target.fsPath));
    const roots = boundary.roots.some(root => isWithin(anchor, root)) ? boundary.roots : [repositoryOf(anchor)];
    const real = realPath(target.fsPath);
    if (roots.some(root => isWithin(real, root))) return undefined;
    return { real, scope: boundary.roots.length > 0 && roots === boundary.roots ? boundary.scope : 'repository' };
}

/**
 * For a file named on the command line or found by a folder scan: whether its real path leaves its own repository
 * (`outsideGit`: see `repositoryOf`).
 */
export function escapesOwnRepository(file: string, outsideGit: string | undefined = process.cwd()): BoundaryEscape | undefined {
    const absolute = path.resolve(file);
    const root = repositoryOf(path.join(realPathOf(path.dirname(absolute)), path.basename(absolute)), outsideGit);
    const real = realPathOf(absolute);
    return isWithin(real, root) ? undefined : { real, scope: 'repository' };
}

/**
 * The repository of a file: the real path of the nearest folder at or above its folder holding `.git`. Outside any
 * repository, `outsideGit` (the CLI passes its working directory: a project folder not under git, where
 * `teams/web.billing` imports `../shared/rates.billing`) when the file lies inside it and it is not the filesystem's
 * root; else the real path of the file's folder.
 */
export function repositoryOf(file: string, outsideGit?: string): string {
    const folder = realPathOf(path.dirname(path.resolve(file)));
    for (let current = folder; ; current = path.dirname(current)) {
        if (existsSync(path.join(current, '.git'))) return current;
        if (path.dirname(current) === current) break;
    }
    if (outsideGit !== undefined) {
        const root = realPathOf(outsideGit);
        if (path.dirname(root) !== root && isWithin(folder, root)) return root;
    }
    return folder;
}

/**
 * The real path of `file` (symlinks followed, `..` resolved). For a path that does not exist, the real path of its
 * deepest existing ancestor followed by the rest: a missing file behind a symlinked folder is outside too, so whether a
 * file exists outside cannot be probed by its diagnostic.
 */
export function realPathOf(file: string): string {
    const absolute = path.resolve(file);
    const rest: string[] = [];
    for (let current = absolute; ; current = path.dirname(current)) {
        try {
            return path.join(realpathSync.native(current), ...rest);
        } catch {
            if (path.dirname(current) === current) return absolute;
            rest.unshift(path.basename(current));
        }
    }
}

/** Whether `file` is `root` or lies below it (both absolute, normalised). */
export function isWithin(file: string, root: string): boolean {
    const relative = path.relative(root, file);
    return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}
