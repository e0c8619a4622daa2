/**
 * What the extension watches for the data in use, and how it batches what changed. Pure (no VS Code import), so it is
 * tested without an editor; client/data-watcher.ts turns the targets into file system watchers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A watcher: every file matching `pattern` (a glob relative to `base`) under the folder `base`. */
export interface WatchTarget {
    readonly base: string;
    readonly pattern: string;
}

const GLOB = /[*?[{]/;

/**
 * The watch targets of data paths as the server resolves them: a file (or manifest) → itself; a folder → everything
 * below it (a new delivery adds files); a glob → its pattern below the folder part before the first wildcard.
 */
export function watchTargets(paths: readonly string[], isFolder: (file: string) => boolean = folderOnDisk): WatchTarget[] {
    const targets = new Map<string, WatchTarget>();
    for (const given of paths) {
        let target: WatchTarget;
        if (GLOB.test(given)) {
            const segments = given.split(/[\\/]/);
            const first = segments.findIndex(segment => GLOB.test(segment));
            const base = segments.slice(0, first).join(path.sep) || path.sep;
            target = { base, pattern: segments.slice(first).join('/') };
        } else if (isFolder(given)) {
            target = { base: given, pattern: '**/*' };
        } else {
            target = { base: path.dirname(given), pattern: path.basename(given) };
        }
        targets.set(`${target.base}\u0000${target.pattern}`, target);
    }
    return [...targets.values()];
}

function folderOnDisk(file: string): boolean {
    try {
        return fs.statSync(file).isDirectory();
    } catch {
        return false;
    }
}

/**
 * Collects changed paths and hands them over once nothing changed for `quietMs`: a file written in many chunks (a
 * copy, a download) is reloaded once, after its last write, not at every chunk.
 */
export class ChangeBatcher {
    private readonly pending = new Set<string>();
    private timer: ReturnType<typeof setTimeout> | undefined;

    constructor(private readonly quietMs: number, private readonly flush: (paths: readonly string[]) => void) {}

    add(file: string): void {
        this.pending.add(file);
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
            this.timer = undefined;
            const paths = [...this.pending];
            this.pending.clear();
            this.flush(paths);
        }, this.quietMs);
    }

    dispose(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
        this.pending.clear();
    }
}
