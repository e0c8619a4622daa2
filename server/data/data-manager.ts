import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { Emitter, GrammarUtils, type Event, type LangiumDocument } from 'langium';
import { ingest, IngestError, resolveDataPaths, specialFileKind, type Cube } from '../../engine/index.js';
import { prepareCube, type PreparedCube } from '../../engine/price/index.js';
import { isDataSource, isPolicy } from '../../language/generated/ast.js';
import { policyDocuments } from '../../language/index.js';
import type { DataErrorLocation, DataStatus } from '../protocol.js';
import { DEFAULT_SETTINGS, type ServerSettings } from '../settings.js';
import { chooseDataSpec, displayPath, type DataSpec } from './data-source.js';
import { DataVocabulary } from '../../engine/cube/data-vocabulary.js';

/** A cube ready for pricing, shared by every spec that resolves to the same files. */
export interface LoadedData {
    /** Resolved files with their modification times and sizes: a changed file is different data. */
    readonly cubeKey: string;
    readonly cube: Cube;
    readonly prepared: PreparedCube;
    readonly vocabulary: DataVocabulary;
    /** Increases with every cube loaded: part of every cache key that depends on the data. */
    readonly generation: number;
    readonly loadMs: number;
    /** When the files were read (ISO 8601). */
    readonly loadedAt: string;
}

export type DataState =
    | { readonly state: 'loading'; readonly progress?: number }
    | { readonly state: 'ready'; readonly data: LoadedData }
    | { readonly state: 'error'; readonly message: string; readonly location?: DataErrorLocation }
    | { readonly state: 'cancelled'; readonly message: string };

/** The data of one spec and how far its loading is. */
export interface DataEntry {
    readonly spec: DataSpec;
    readonly current: DataState;
    /** Resolves when loading ends, whatever the outcome. */
    readonly settled: Promise<void>;
}

/** Work-done progress as the manager needs it (the LSP implementation lives in the server wiring). */
export interface ProgressHost {
    begin(title: string, message: string, onCancel: () => void): Promise<ProgressReporter>;
}
export interface ProgressReporter {
    report(fraction: number, message?: string): void;
    done(): void;
}

/** Where the manager logs: the connection console in the server, nothing in tests. */
export interface DataLogger {
    info(message: string): void;
    error(message: string): void;
}

class Entry implements DataEntry {
    current: DataState = { state: 'loading' };
    readonly controller = new AbortController();
    settled: Promise<void> = Promise.resolve();
    /** The files' identity once resolved: the cube this entry loads or shows (see `DataManager.cubes`). */
    cubeKey: string | undefined;
    /** Asked for by the document a user looks at (not only for another's checks or usage lenses): see `evictCubes`. */
    activated = false;
    constructor(readonly spec: DataSpec) {}
}

const MAX_ENTRIES = 8;
/**
 * Cubes kept in memory (with what is derived from them: prepared cube, vocabulary, reports) besides those of the
 * active and the open documents' data, which are priced to show their figures and are never dropped (see `evictCubes`).
 */
const MAX_CUBES = 2;
const PROGRESS_INTERVAL_MS = 150;
/** Reads of data that changes while it is read, and the wait before the next one (× the attempt). */
const STABLE_READ_ATTEMPTS = 5;
const STABLE_READ_WAIT_MS = 200;

/**
 * Loads billing data in the background and keeps it: one entry per data spec (setting, policy
 * `data` paths, bundled sample), cubes cached by their files' identity (paths, mtimes, sizes) so
 * that two specs naming the same files, or a spec re-chosen later, reuse one cube. Never throws to
 * its callers: failures become an entry state with a message.
 */
export class DataManager {
    private settings: ServerSettings = DEFAULT_SETTINGS;
    private workspaceRoot: string | undefined;
    private readonly entries = new Map<string, Entry>();
    /**
     * Every cube in memory, least recently used first: an entry whose cube leaves this map leaves `entries` with it,
     * so that nothing of the manager keeps a cube this map does not (issue 18: ten data sets switched kept ten cubes).
     */
    private readonly cubes = new Map<string, Promise<LoadedData>>();
    private active: Entry | undefined;
    /** The document whose data the status describes (the last one a request or an edit was about). */
    private activeDocument: LangiumDocument | undefined;
    private generation = 0;
    private readonly changeEmitter = new Emitter<DataEntry>();
    private readonly statusEmitter = new Emitter<DataStatus>();
    private readonly dropEmitter = new Emitter<void>();
    private lastStatus = '';
    /** Where each policy `data` path seen was declared (resolved path → statement), for error messages. */
    private readonly declarations = new Map<string, DataDeclaration>();
    progressHost: ProgressHost | undefined;
    logger: DataLogger | undefined;
    /** The documents open in editors (the server wiring): their data is never dropped to make room. */
    openDocuments: (() => readonly LangiumDocument[]) | undefined;

    constructor(private readonly services: Parameters<typeof policyDocuments>[1], private readonly samplePath: string | undefined) {}

    /** Fires when an entry finished loading (ready, error, cancelled) or the settings changed what to show. */
    get onDidChange(): Event<DataEntry> {
        return this.changeEmitter.event;
    }

    /** Fires when cubes were dropped from memory: caches of what was derived from them drop it too. */
    get onDidDropData(): Event<void> {
        return this.dropEmitter.event;
    }

    /** Fires when the status of the active data (the last document's) changes. */
    get onDidChangeStatus(): Event<DataStatus> {
        return this.statusEmitter.event;
    }

    configure(settings: ServerSettings, workspaceRoot?: string): void {
        this.settings = settings;
        if (workspaceRoot !== undefined) this.workspaceRoot = workspaceRoot;
    }

    get currentSettings(): ServerSettings {
        return this.settings;
    }

    /** Use these data paths (null: back to the policy's `data`, else the sample). Failed loads are retried. */
    setDataPaths(paths: readonly string[] | null): void {
        this.settings = { ...this.settings, dataPaths: paths };
        this.dropUnsettled();
        // The active document's data is what the user looks at: switch to (and start loading) its new data now.
        if (this.activeDocument) this.entryFor(this.activeDocument);
        if (this.active) this.changeEmitter.fire(this.active);
        this.emitStatus();
    }

    setPeriod(period: string | null): void {
        this.settings = { ...this.settings, period };
        if (this.active) this.changeEmitter.fire(this.active);
        this.emitStatus();
    }

    /** Cancels the active entry's load (CancelLoadNotification). */
    cancelActiveLoad(): void {
        if (this.active?.current.state === 'loading') this.active.controller.abort();
    }

    /** The spec a document's policy is priced with. */
    specFor(document: LangiumDocument): DataSpec | undefined {
        const declarations = policyDataDeclarations(document, this.services);
        if (this.declarations.size > 1000) this.declarations.clear(); // every path typed, keystroke by keystroke
        for (const declaration of declarations) this.declarations.set(declaration.path, declaration);
        // Restricted Mode: the workspace's data is not read until the user trusts it.
        const trusted = this.settings.trusted !== false;
        return chooseDataSpec({
            explicit: trusted ? this.settings.dataPaths : null,
            policyPaths: trusted ? declarations.map(declaration => declaration.path) : [],
            samplePath: this.samplePath,
            workspaceRoot: this.workspaceRoot,
        });
    }

    /**
     * The data of a document, starting to load it if needed. The document becomes the active one:
     * the status notification describes its data.
     */
    entryFor(document: LangiumDocument, activate = true): DataEntry | undefined {
        if (activate) this.activeDocument = document;
        const spec = this.specFor(document);
        if (!spec) {
            if (activate && this.active) {
                this.active = undefined;
                this.emitStatus();
            }
            return undefined;
        }
        let entry = this.entries.get(spec.key);
        if (!entry) {
            entry = new Entry(spec);
            entry.activated = activate;
            this.entries.set(spec.key, entry);
            this.evictEntries();
            entry.settled = this.load(entry);
        } else {
            // Refresh recency (the maps keep insertion order).
            this.entries.delete(spec.key);
            this.entries.set(spec.key, entry);
            if (activate) entry.activated = true;
            const cached = entry.cubeKey === undefined ? undefined : this.cubes.get(entry.cubeKey);
            if (cached) {
                this.cubes.delete(entry.cubeKey!);
                this.cubes.set(entry.cubeKey!, cached);
            }
        }
        if (activate && this.active !== entry) {
            this.active = entry;
            this.emitStatus();
        }
        return entry;
    }

    /** The period shown for `data`: the configured one, else the latest in the data. */
    periodFor(data: LoadedData): string | undefined {
        return this.settings.period ?? data.prepared.periods[data.prepared.periods.length - 1];
    }

    /** Status of the active data, for DataStatusNotification and BillResult. */
    status(entry: DataEntry | undefined = this.active): DataStatus {
        const status = this.statusOf(entry);
        return this.settings.trusted === false ? { ...status, restricted: true } : status;
    }

    private statusOf(entry: DataEntry | undefined): DataStatus {
        if (!entry) return { state: 'none', periods: [], ...(this.settings.period ? { period: this.settings.period } : {}) };
        const source = entry.spec.label;
        const current = entry.current;
        // The bundled sample is part of the extension: nothing to watch.
        const watch = entry.spec.origin === 'sample' ? {} : { watch: entry.spec.paths };
        switch (current.state) {
            case 'loading':
                return { state: 'loading', source, periods: [], ...watch, ...(current.progress !== undefined ? { progress: current.progress } : {}) };
            case 'ready': {
                const period = this.periodFor(current.data);
                return {
                    state: 'ready', source, periods: [...current.data.prepared.periods], ...(period ? { period } : {}),
                    rows: current.data.cube.rows, ...watch, files: current.data.cube.sources, loadedAt: current.data.loadedAt,
                };
            }
            case 'error':
                return { state: 'error', source, periods: [], ...watch, message: current.message, ...(current.location ? { errorLocation: current.location } : {}) };
            case 'cancelled':
                return { state: 'cancelled', source, periods: [], ...watch, message: current.message };
        }
    }

    /**
     * Files changed on disk (watched files): entries whose data may include them are dropped, so the
     * next request reloads them (a changed file has a new cube key). Returns whether any was dropped.
     */
    filesChanged(files: readonly string[]): boolean {
        let dropped = false;
        for (const [key, entry] of this.entries) {
            const data = entry.current.state === 'ready' ? entry.current.data : undefined;
            const touches = files.some(file => data?.cube.sources.includes(file) || entry.spec.paths.some(given => isUnder(file, given)));
            if (!touches) continue;
            if (entry.current.state === 'loading') entry.controller.abort();
            this.entries.delete(key);
            if (entry.cubeKey !== undefined) this.cubes.delete(entry.cubeKey);
            dropped = true;
        }
        if (dropped) {
            this.dropEmitter.fire();
            this.logger?.info(`billing data changed on disk: ${files.map(file => displayPath(file, this.workspaceRoot)).join(', ')}`);
            const active = this.active;
            this.active = undefined;
            if (this.activeDocument) this.entryFor(this.activeDocument);
            if (active) this.changeEmitter.fire(active);
        }
        return dropped;
    }

    private async load(entry: Entry): Promise<void> {
        const started = performance.now();
        const { spec } = entry;
        const progress = new ProgressSlot();
        try {
            const special = await this.specialPolicyPaths(spec);
            if (special) throw new IngestError('NOT_A_REGULAR_FILE', special);
            const data = await this.loadStable(entry, started, progress);
            entry.current = { state: 'ready', data };
            this.logger?.info(`billing data ready: ${spec.label}, ${data.cube.rows.toLocaleString('en-US')} rows, ${data.cube.cells.length.toLocaleString('en-US')} cells, periods ${data.prepared.periods.join(', ') || 'none'} (${data.loadMs} ms)`);
        } catch (error) {
            if (entry.controller.signal.aborted) {
                entry.current = { state: 'cancelled', message: `loading ${spec.label} was cancelled` };
            } else {
                const message = error instanceof IngestError
                    ? this.unresolvedPolicyPath(error, spec) ?? error.message
                    : `cannot load ${spec.label}: ${error instanceof Error ? error.message : String(error)}`;
                // A text file's line: the extension offers "Open file at row N" (a Parquet row has no line to open).
                const location = error instanceof IngestError && error.file !== undefined && error.line !== undefined
                    ? { file: error.file, line: error.line, ...(error.row !== undefined ? { row: error.row } : {}) } : undefined;
                entry.current = { state: 'error', message, ...(location ? { location } : {}) };
                this.logger?.error(`billing data error: ${message}`);
            }
        } finally {
            progress.done();
        }
        if (this.entries.get(spec.key) === entry) {
            this.changeEmitter.fire(entry);
            if (this.active === entry) this.emitStatus();
        }
    }

    /**
     * Reads the files, and reads them again while they change under the read: a file that is being written (a new
     * delivery copied over the month) must never show as a half-read bill. The ingest's integrity checks reject what
     * is visibly incomplete (a cut row, a gzip stream without its trailer, a Parquet file without its footer); a file
     * whose size or modification time moved during the read is read again once it holds still, and so is one that
     * failed those checks while it was changing.
     */
    private async loadStable(entry: Entry, started: number, progress: ProgressSlot): Promise<LoadedData> {
        for (let attempt = 1; ; attempt++) {
            const files = await resolveDataPaths(entry.spec.paths);
            const before = await identify(files);
            let data: LoadedData | undefined;
            let failure: unknown;
            try {
                data = await this.loadOnce(entry, files, before, started, progress);
            } catch (error) {
                if (entry.controller.signal.aborted) throw error;
                failure = error;
            }
            const after = await identify(files).catch(() => '');
            if (after === before || attempt >= STABLE_READ_ATTEMPTS) {
                if (data) return data;
                throw failure;
            }
            this.cubes.delete(before);
            this.logger?.info(`billing data changed while it was read (${entry.spec.label}): reading it again`);
            await new Promise(resolve => setTimeout(resolve, STABLE_READ_WAIT_MS * attempt));
            if (entry.controller.signal.aborted) throw failure ?? new Error('cancelled');
        }
    }

    private async loadOnce(entry: Entry, files: readonly string[], cubeKey: string, started: number, progress: ProgressSlot): Promise<LoadedData> {
        entry.cubeKey = cubeKey;
        let pending = this.cubes.get(cubeKey);
        if (pending) {
            this.cubes.delete(cubeKey);
            this.cubes.set(cubeKey, pending);
        } else {
            // The client answers the progress creation whenever it likes: loading starts at once.
            if (!progress.attached) progress.attach(this.progressHost?.begin('Billing data', `loading ${entry.spec.label}`, () => entry.controller.abort()));
            const reading = this.ingest(entry, files, cubeKey, started, progress);
            pending = reading;
            this.cubes.set(cubeKey, reading);
            // A failed read is forgotten (asking again retries), unless the files were read again meanwhile.
            reading.catch(() => {
                if (this.cubes.get(cubeKey) === reading) this.cubes.delete(cubeKey);
            });
            if (entry.activated) this.evictCubes();
        }
        return pending;
    }

    /**
     * A policy `data` path that names nothing, or a device, FIFO or socket (itself or below it), said at its statement:
     * policy file, line, column, as written and as resolved.
     */
    private unresolvedPolicyPath(error: IngestError, spec: DataSpec): string | undefined {
        if (spec.origin !== 'policy' || error.file === undefined) return undefined;
        if (error.code === 'NOT_A_REGULAR_FILE') {
            const given = spec.paths.find(entry => isUnder(error.file!, entry));
            const declaration = given === undefined ? undefined : this.declarations.get(given);
            if (!declaration) return undefined;
            return this.atStatement(declaration, declaration.path === error.file ? error.message : `${error.file}: ${error.message}`);
        }
        if (error.code !== 'FILE_NOT_FOUND' && error.code !== 'NO_DATA_FILES') return undefined;
        const declaration = this.declarations.get(error.file);
        if (!declaration) return undefined;
        const problem = error.code === 'FILE_NOT_FOUND' ? 'no such file or directory' : error.message.replace(/^[^:]*: /, '');
        return `${this.atStatement(declaration, problem)} (a policy's data paths are relative to the policy file)`;
    }

    private atStatement(declaration: DataDeclaration, problem: string): string {
        return `${displayPath(declaration.file, this.workspaceRoot)}:${declaration.line}:${declaration.column}: data path ${JSON.stringify(declaration.written)} resolves to ${declaration.path}: ${problem}`;
    }

    /**
     * Every path of a policy's `data` statements that names a device, a FIFO or a socket, each at its statement (the
     * ingest stops at the first), or undefined. Only stat(2), which never blocks on a FIFO.
     */
    private async specialPolicyPaths(spec: DataSpec): Promise<string | undefined> {
        if (spec.origin !== 'policy') return undefined;
        const problems: string[] = [];
        for (const given of spec.paths) {
            const kind = await specialFileKind(given);
            if (kind === undefined) continue;
            const problem = `${kind}: only regular files (and folders, globs, manifests of them) are read as data`;
            const declaration = this.declarations.get(given);
            problems.push(declaration ? this.atStatement(declaration, problem) : `${given}: ${problem}`);
        }
        return problems.length > 0 ? problems.join('; ') : undefined;
    }

    private async ingest(entry: Entry, files: readonly string[], cubeKey: string, started: number, progress: ProgressSlot): Promise<LoadedData> {
        let lastReport = 0;
        const cube = await ingest(files, {
            signal: entry.controller.signal,
            onProgress: (read, total) => {
                const now = performance.now();
                if (now - lastReport < PROGRESS_INTERVAL_MS || total === 0) return;
                lastReport = now;
                const fraction = read / total;
                entry.current = { state: 'loading', progress: fraction };
                progress.report(fraction, `${Math.floor(fraction * 100)}% of ${entry.spec.label}`);
                if (this.active === entry) this.emitStatus();
            },
        });
        progress.report(1, `preparing ${entry.spec.label}`);
        const prepared = prepareCube(cube);
        const vocabulary = new DataVocabulary(cube);
        return { cubeKey, cube, prepared, vocabulary, generation: ++this.generation, loadMs: Math.round(performance.now() - started), loadedAt: new Date().toISOString() };
    }

    private emitStatus(): void {
        const status = this.status();
        const key = JSON.stringify(status);
        if (key === this.lastStatus) return;
        this.lastStatus = key;
        this.statusEmitter.fire(status);
    }

    /** Entries that failed or were cancelled are forgotten, so that asking again retries. */
    private dropUnsettled(): void {
        for (const [key, entry] of this.entries) {
            if (entry.current.state === 'error' || entry.current.state === 'cancelled') this.entries.delete(key);
        }
    }

    private evictEntries(): void {
        for (const [key, entry] of this.entries) {
            if (this.entries.size <= MAX_ENTRIES) break;
            if (entry === this.active) continue;
            if (entry.current.state === 'loading') entry.controller.abort();
            this.entries.delete(key);
        }
    }

    /**
     * When the document a user looks at reads new data: at most MAX_CUBES cubes stay in memory besides those of the
     * active entry and of the open documents, the least recently used other one going first, and with it every entry
     * showing it (loading ones are cancelled), so that the next request for that data reads it again. The open
     * documents' cubes stay: each is priced to show its figures, and dropping one would reload it on the next lens
     * request, in a loop. Data read for a document nobody looks at (the importers a shared rate card's usage lenses
     * price) drops nothing, for the same reason: it stays until the next such eviction.
     */
    private evictCubes(): void {
        if (this.cubes.size <= MAX_CUBES) return;
        const pinned = new Set<string>();
        const pin = (entry: Entry | undefined): void => {
            if (entry?.cubeKey !== undefined) pinned.add(entry.cubeKey);
        };
        pin(this.active);
        for (const document of this.openDocuments?.() ?? []) {
            const spec = this.specFor(document);
            if (spec) pin(this.entries.get(spec.key));
        }
        let dropped = false;
        for (const key of [...this.cubes.keys()]) {
            if (this.cubes.size <= MAX_CUBES) break;
            if (pinned.has(key)) continue;
            this.cubes.delete(key);
            dropped = true;
            for (const [specKey, entry] of this.entries) {
                if (entry.cubeKey !== key) continue;
                if (entry.current.state === 'loading') entry.controller.abort();
                this.entries.delete(specKey);
            }
        }
        if (dropped) this.dropEmitter.fire();
    }
}

/** A progress reporter that may arrive late (or never): reports before it arrives are dropped. */
class ProgressSlot {
    private reporter: ProgressReporter | undefined;
    private finished = false;
    attached = false;

    attach(pending: Promise<ProgressReporter> | undefined): void {
        this.attached = true;
        pending?.then(reporter => {
            if (this.finished) reporter.done();
            else this.reporter = reporter;
        }, () => undefined);
    }

    report(fraction: number, message: string): void {
        this.reporter?.report(fraction, message);
    }

    done(): void {
        this.finished = true;
        this.reporter?.done();
        this.reporter = undefined;
    }
}

/** The `data` paths of a document's policy, absolute (relative ones resolve against the declaring file). */
export function policyDataPaths(document: LangiumDocument, services: Parameters<typeof policyDocuments>[1]): string[] {
    return policyDataDeclarations(document, services).map(declaration => declaration.path);
}

/** A `data` path of a policy: resolved, as written, and the position of its string in the declaring file (1-based). */
export interface DataDeclaration {
    readonly path: string;
    readonly written: string;
    readonly file: string;
    readonly line: number;
    readonly column: number;
}

export function policyDataDeclarations(document: LangiumDocument, services: Parameters<typeof policyDocuments>[1]): DataDeclaration[] {
    const declarations: DataDeclaration[] = [];
    for (const doc of policyDocuments(document, services)) {
        const root = doc.parseResult.value;
        if (!isPolicy(root) || doc.uri.scheme !== 'file') continue;
        for (const statement of root.statements) {
            if (!isDataSource(statement)) continue;
            const literals = statement.$cstNode ? GrammarUtils.findNodesForProperty(statement.$cstNode, 'paths') : [];
            statement.paths.forEach((given, index) => {
                if (typeof given !== 'string' || given.length === 0) return;
                const start = literals[index]?.range.start ?? statement.$cstNode?.range.start;
                declarations.push({
                    path: path.resolve(path.dirname(doc.uri.fsPath), given), written: given, file: doc.uri.fsPath,
                    line: (start?.line ?? 0) + 1, column: (start?.character ?? 0) + 1,
                });
            });
        }
    }
    return declarations;
}

async function identify(files: readonly string[]): Promise<string> {
    const parts = await Promise.all(files.map(async file => {
        const info = await stat(file);
        return `${file}\u0000${info.mtimeMs}\u0000${info.size}`;
    }));
    return parts.join('\u0001');
}

/** Whether `file` is `given` or lies below it (given a file, a folder, or a glob's folder part). */
function isUnder(file: string, given: string): boolean {
    const base = given.split(/[*?[{]/)[0]!;
    return file === given || file.startsWith(base.endsWith(path.sep) ? base : base + path.sep) || (base !== given && file.startsWith(base));
}
