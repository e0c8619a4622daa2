import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/*
 * Where a file's git HEAD stands, read from the `.git` files themselves, without starting `git`: the "Δ vs HEAD" lens
 * (git-delta.ts) is asked on every CodeLens request, and three `git` processes per request (started synchronously, so
 * blocking the server) were most of a lens answer's time, even outside any repository where every one of them failed.
 */

/** The repository of a folder as far as HEAD goes. */
export interface HeadState {
    /**
     * Changes whenever HEAD names another commit (a commit, checkout, reset, rebase, `pack-refs`); undefined when the
     * `.git` files could not be read as expected (then nothing may be cached on it).
     */
    readonly fingerprint: string | undefined;
}

/**
 * HEAD of the repository holding `folder`; undefined when no folder from it up to the root has a `.git` (not in a
 * repository; `GIT_DIR` pointing elsewhere is not followed, as the lens never needed it).
 */
export function headState(folder: string): HeadState | undefined {
    const gitDir = findGitDir(path.resolve(folder));
    if (gitDir === undefined) return undefined;
    if (gitDir === null) return { fingerprint: undefined };
    try {
        const head = readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
        if (!head.startsWith('ref: ')) return { fingerprint: `${gitDir}\u0000${head}` }; // detached: the commit itself
        const ref = head.slice('ref: '.length);
        const common = commonDir(gitDir);
        return { fingerprint: `${gitDir}\u0000${head}\u0000${looseRef(gitDir, ref) ?? looseRef(common, ref) ?? packedRefs(common)}` };
    } catch {
        return { fingerprint: undefined };
    }
}

/** The git directory (`.git`, or where a worktree's `.git` file points); undefined: none found; null: unreadable. */
function findGitDir(start: string): string | null | undefined {
    for (let folder = start; ; folder = path.dirname(folder)) {
        const candidate = path.join(folder, '.git');
        const stat = statSync(candidate, { throwIfNoEntry: false });
        if (stat?.isDirectory()) return candidate;
        if (stat?.isFile()) {
            try {
                const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(candidate, 'utf8'));
                return pointer ? path.resolve(folder, pointer[1]!.trim()) : null;
            } catch {
                return null;
            }
        }
        if (path.dirname(folder) === folder) return undefined;
    }
}

/** A linked worktree keeps its HEAD apart but its refs in the main repository's git directory. */
function commonDir(gitDir: string): string {
    try {
        return path.resolve(gitDir, readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim());
    } catch {
        return gitDir;
    }
}

function looseRef(gitDir: string, ref: string): string | undefined {
    try {
        return readFileSync(path.join(gitDir, ...ref.split('/')), 'utf8').trim();
    } catch {
        return undefined;
    }
}

/** A branch without a loose ref file is in packed-refs: any rewrite of that file may have moved it. */
function packedRefs(gitDir: string): string {
    const stat = statSync(path.join(gitDir, 'packed-refs'), { throwIfNoEntry: false });
    return stat ? `packed ${stat.mtimeMs} ${stat.size}` : 'unborn';
}
