import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { URI, type FileSystemNode, type FileSystemProvider } from 'langium';
import { isWithin, type BoundedFileSystem, type PolicyBoundary } from './workspace-boundary.js';

/** What is wrong with a `REV:PATH` (the CLI prints it and exits 2; the editor shows no git lens). */
export class GitRevisionError extends Error {
    override readonly name = 'GitRevisionError';
}

/*
 * A policy as committed at a git revision, read with the `git` command without touching the working tree: `billing diff
 * REV:PATH` (cli/diff) and the editor's "Δ vs HEAD" lens (server/lsp/git-delta.ts) share it.
 */

/** A policy at a git revision: `REV:PATH`, PATH relative to the repository root (or to the current folder with ./ or ../). */
export interface GitPolicySource {
    /** As the user wrote it. */
    readonly spec: string;
    readonly revision: string;
    /** The commit the revision names (so both sides of a diff read a fixed tree). */
    readonly commit: string;
    /** Absolute path of the repository's working tree (documents are known by paths below it). */
    readonly root: string;
    /** The policy file, relative to the root, `/`-separated. */
    readonly path: string;
}

/** `REV:PATH` → its parts; undefined when `spec` is not of that form (a Windows drive `C:\\…` is a path). */
export function splitRevisionSpec(spec: string): { readonly revision: string; readonly path: string } | undefined {
    if (/^[A-Za-z]:[\\/]/.test(spec)) return undefined;
    const colon = spec.indexOf(':');
    if (colon <= 0 || colon === spec.length - 1) return undefined;
    return { revision: spec.slice(0, colon), path: spec.slice(colon + 1) };
}

/** Resolves `REV:PATH` from the working directory's repository; a CliError (exit 2) names what is wrong. */
export function resolveGitSource(spec: string, revision: string, given: string, cwd: string): GitPolicySource {
    let root: string;
    let prefix: string;
    try {
        root = git(cwd, ['rev-parse', '--show-toplevel']).trim();
        prefix = git(cwd, ['rev-parse', '--show-prefix']).trim();
    } catch (error) {
        throw new GitRevisionError(`${spec}: not a file, and ${cwd} is not in a git repository (${gitMessage(error)})`);
    }
    let commit: string;
    try {
        commit = git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]).trim();
    } catch {
        throw new GitRevisionError(`${spec}: unknown git revision '${revision}' (and no such file)`);
    }
    // As `git show REV:PATH`: relative to the root, unless it starts with ./ or ../ (relative to the current folder).
    const relative = /^\.\.?(\/|$)/.test(given) ? path.posix.normalize(path.posix.join(prefix, given)) : path.posix.normalize(given);
    if (relative.startsWith('../')) throw new GitRevisionError(`${spec}: ${given} lies outside the repository`);
    if (objectType(root, commit, relative) !== 'blob') throw new GitRevisionError(`${spec}: no file ${relative} at ${revision}`);
    const source = { spec, revision, commit, root, path: relative };
    const real = new GitRevisionFileSystem(source).realPath(path.join(root, ...relative.split('/')));
    if (!isWithin(real, root)) throw new GitRevisionError(`${spec}: ${relative} is a symlink to ${real}, outside the repository, so it is not read`);
    return source;
}

/** The text of a file at the source's commit. */
export function readAtRevision(source: GitPolicySource, relative: string): string {
    return git(source.root, ['cat-file', 'blob', `${source.commit}:${relative}`]);
}

/**
 * Langium's file system, answered from one commit: documents are known by their working-tree paths (so
 * imports resolve as they do on disk), but their text is the commit's. The working tree is never read.
 * Its boundary is the repository: a path is read only when it, and any symlink committed at it, stays inside the root
 * (workspace-boundary.ts; a symlink is followed within the commit, never on the disk).
 */
export class GitRevisionFileSystem implements FileSystemProvider, BoundedFileSystem {
    private readonly types = new Map<string, 'blob' | 'tree' | undefined>();
    private readonly links = new Map<string, string | undefined>();
    readonly policyBoundary: PolicyBoundary;

    constructor(private readonly source: GitPolicySource) {
        this.policyBoundary = { scope: 'repository', roots: [source.root], realPath: file => this.realPath(file) };
    }

    /** `file` with the symlinks committed at it (and at what they point to) followed, lexically, within the commit. */
    realPath(file: string): string {
        let current = path.resolve(file);
        for (let hops = 0; hops < 40; hops++) {
            if (!isWithin(current, this.source.root)) return current;
            const relative = path.relative(this.source.root, current).split(path.sep).join('/');
            const target = relative === '' ? undefined : this.linkTarget(relative);
            if (target === undefined) return current;
            current = path.resolve(path.dirname(current), target);
        }
        return current;
    }

    /** The target of the symlink committed at `relative`, if it is one. */
    private linkTarget(relative: string): string | undefined {
        if (!this.links.has(relative)) {
            let target: string | undefined;
            try {
                const entry = git(this.source.root, ['ls-tree', '-z', this.source.commit, '--', relative]).split('\0')[0] ?? '';
                if (entry.startsWith('120000 ')) target = readAtRevision(this.source, relative);
            } catch {
                target = undefined;
            }
            this.links.set(relative, target);
        }
        return this.links.get(relative);
    }

    private relative(uri: URI): string | undefined {
        if (uri.scheme !== 'file') return undefined;
        const relative = path.relative(this.source.root, this.realPath(uri.fsPath)).split(path.sep).join('/');
        return relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative;
    }

    private type(uri: URI): 'blob' | 'tree' | undefined {
        const relative = this.relative(uri);
        if (relative === undefined) return undefined;
        if (!this.types.has(relative)) this.types.set(relative, objectType(this.source.root, this.source.commit, relative === '' ? '.' : relative));
        return this.types.get(relative);
    }

    statSync(uri: URI): FileSystemNode {
        const type = this.type(uri);
        if (!type) throw new Error(`no such file at ${this.source.revision}: ${uri.fsPath}`);
        return { uri, isFile: type === 'blob', isDirectory: type === 'tree' };
    }

    async stat(uri: URI): Promise<FileSystemNode> {
        return this.statSync(uri);
    }

    existsSync(uri: URI): boolean {
        return this.type(uri) !== undefined;
    }

    async exists(uri: URI): Promise<boolean> {
        return this.existsSync(uri);
    }

    readFileSync(uri: URI): string {
        const relative = this.relative(uri);
        if (relative === undefined || this.type(uri) !== 'blob') throw new Error(`no such file at ${this.source.revision}: ${uri.fsPath}`);
        return readAtRevision(this.source, relative);
    }

    async readFile(uri: URI): Promise<string> {
        return this.readFileSync(uri);
    }

    readBinarySync(uri: URI): Uint8Array {
        return new TextEncoder().encode(this.readFileSync(uri));
    }

    async readBinary(uri: URI): Promise<Uint8Array> {
        return this.readBinarySync(uri);
    }

    readDirectorySync(uri: URI): FileSystemNode[] {
        const relative = this.relative(uri);
        if (relative === undefined || this.type(uri) !== 'tree') return [];
        const listing = git(this.source.root, ['ls-tree', '-z', `${this.source.commit}:${relative}`]);
        return listing.split('\0').filter(Boolean).map((entry) => {
            const [meta, name] = entry.split('\t') as [string, string];
            const type = meta.split(' ')[1];
            return { uri: URI.file(path.join(this.source.root, relative, name)), isFile: type === 'blob', isDirectory: type === 'tree' };
        });
    }

    async readDirectory(uri: URI): Promise<FileSystemNode[]> {
        return this.readDirectorySync(uri);
    }
}

function objectType(root: string, commit: string, relative: string): 'blob' | 'tree' | undefined {
    try {
        const type = git(root, ['cat-file', '-t', `${commit}:${relative === '.' ? '' : relative}`]).trim();
        return type === 'blob' || type === 'tree' ? type : undefined;
    } catch {
        return undefined;
    }
}

function git(cwd: string, args: readonly string[]): string {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

function gitMessage(error: unknown): string {
    const stderr = (error as { stderr?: string }).stderr;
    return (stderr ?? String(error)).trim().split('\n')[0] ?? 'git failed';
}
