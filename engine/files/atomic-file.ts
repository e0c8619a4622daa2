import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { chmod, lstat, mkdir, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { trackTemporary, untrackTemporary } from './temp-files.js';

/**
 * Every file the product writes goes through here: a temporary file next to the target (same folder, so
 * the rename is atomic), flushed to disk, then renamed over the target. Guarantees:
 * - the target is either its previous content or the complete new one, never a partial file;
 * - any open/write/flush/close/rename error (disk full, read-only folder, permissions) rejects with a
 *   `WriteFileError` naming the target and the reason, and the temporary file is removed;
 * - SIGINT/SIGTERM/SIGHUP during the write remove the temporary file (temp-files.ts);
 * - an existing target keeps its permission bits (a 0600 report stays 0600);
 * - a target that is a symbolic link keeps being one: the file it points to is replaced.
 */

export class WriteFileError extends Error {
    constructor(readonly target: string, readonly code: string | undefined, reason: string) {
        super(`cannot write ${target}: ${reason}`);
        this.name = 'WriteFileError';
    }
}

const REASONS: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'the folder does not exist',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'the path is a folder',
    EEXIST: 'a part of the path is a file, not a folder',
    EIO: 'input/output error',
    EFBIG: 'the file is too large',
};

export function writeFileError(target: string, error: unknown): WriteFileError {
    if (error instanceof WriteFileError) return error;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const reason = code ? `${REASONS[code] ?? 'I/O error'} (${code})` : (error as Error | undefined)?.message ?? String(error);
    return new WriteFileError(target, code, reason);
}

export interface AtomicFileOptions {
    /** Compress with gzip (default: when the target's name ends in .gz). */
    readonly gzip?: boolean;
    /** Create the target's missing folders (default true; reports written with `--output` do not). */
    readonly createFolders?: boolean;
}

export class AtomicFile {
    private failure: unknown;
    private closed = false;

    private constructor(
        /** The path as given (for messages). */
        readonly target: string,
        /** The file actually replaced: the target, or what its symbolic link points to. */
        private readonly destination: string,
        private readonly temporary: string,
        private readonly mode: number | undefined,
        private readonly file: WriteStream,
        private readonly sink: Writable,
        private readonly done: Promise<void>,
    ) {
        done.catch((error: unknown) => { this.failure ??= error; });
    }

    static async open(target: string, options: AtomicFileOptions = {}): Promise<AtomicFile> {
        const absolute = path.resolve(target);
        let temporary: string | undefined;
        try {
            const destination = await destinationOf(absolute);
            const existing = await stat(destination).catch(() => undefined);
            if (existing?.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
            if (options.createFolders ?? true) await mkdir(path.dirname(destination), { recursive: true });
            temporary = path.join(path.dirname(destination), `.${path.basename(destination)}.${process.pid}.${Date.now()}.tmp`);
            trackTemporary(temporary);
            const file = createWriteStream(temporary, { flags: 'wx', flush: true, mode: existing ? existing.mode & 0o777 : 0o666 });
            await once(file, 'open');
            const gzip = options.gzip ?? /\.gz$/i.test(absolute) ? createGzip({ level: 6 }) : undefined;
            const done = gzip ? pipeline(gzip, file) : finished(file);
            return new AtomicFile(target, destination, temporary, existing ? existing.mode & 0o7777 : undefined, file, gzip ?? file, done);
        } catch (error) {
            if (temporary) {
                await rm(temporary, { force: true }).catch(() => undefined);
                untrackTemporary(temporary);
            }
            throw writeFileError(target, error);
        }
    }

    /** Writes `data`; the promise (await it) resolves when the stream can take more. */
    async write(data: string | Buffer): Promise<void> {
        if (this.failure) throw writeFileError(this.target, this.failure);
        if (this.sink.write(data)) return;
        try {
            await Promise.race([once(this.sink, 'drain'), this.done]);
        } catch (error) {
            this.failure ??= error;
        }
        if (this.failure) throw writeFileError(this.target, this.failure);
    }

    /** Writes what is buffered, flushes it to disk, closes and moves it over the target. */
    async commit(): Promise<void> {
        try {
            if (this.failure) throw this.failure;
            this.sink.end();
            await this.done;
            if (this.failure) throw this.failure;
            if (this.mode !== undefined) await chmod(this.temporary, this.mode);
            await rename(this.temporary, this.destination);
            this.closed = true;
            untrackTemporary(this.temporary);
        } catch (error) {
            await this.abort();
            throw writeFileError(this.target, error);
        }
    }

    /** Drops the temporary file; the target is left as it was. */
    async abort(): Promise<void> {
        if (this.closed) return;
        this.closed = true;
        this.sink.destroy();
        this.file.destroy();
        await this.done.catch(() => undefined);
        await rm(this.temporary, { force: true }).catch(() => undefined);
        untrackTemporary(this.temporary);
    }
}

/** Writes `data` to `target` atomically (see AtomicFile). */
export async function writeFileAtomically(target: string, data: string | Buffer, options: AtomicFileOptions = {}): Promise<void> {
    const file = await AtomicFile.open(target, { gzip: false, createFolders: false, ...options });
    try {
        await file.write(data);
    } catch (error) {
        await file.abort();
        throw error;
    }
    await file.commit();
}

/** The file a write to `target` replaces: a symbolic link's final target, else `target` itself. */
async function destinationOf(target: string): Promise<string> {
    let current = target;
    for (let hops = 0; hops < 40; hops++) {
        const info = await lstat(current).catch(() => undefined);
        if (!info?.isSymbolicLink()) return current;
        const resolved = await realpath(current).catch(() => undefined);
        if (resolved) return resolved;
        // A dangling link: write where it points, so it stops dangling.
        current = path.resolve(path.dirname(current), await readlink(current));
    }
    throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' });
}
