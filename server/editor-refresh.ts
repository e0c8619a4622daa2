import { Cancellation, DocumentState, isOperationCancelled, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { DATA_VALIDATION_CATEGORY } from '../language/validation/index.js';
import { traceChange } from './latency-trace.js';
import type { ServerLog } from './server-log.js';

/**
 * How long typing must pause before the slower checks run. Longer than VS Code's CodeLens debounce (at least 250 ms
 * after a keystroke, more when lens requests are slow): the checks re-validate the document, which sets it back
 * below `Validated`, and a CodeLens request arriving meanwhile waits for them to finish. At 250 ms the two met on
 * every keystroke, and VS Code's moving average of the slow answers raised its debounce further (keystroke → lens
 * p50 ~518 ms in the e2e suite).
 */
export const SETTLE_MS = 700;

/**
 * Runs the slower work that follows an edit once typing settles, without ever delaying an edit:
 * the `data` validation category of the edited documents (Langium runs only 'built-in' and 'fast'
 * on edits), and a full re-validation of the open documents when the data itself changes.
 *
 * These builds take the workspace lock as readers, never as writers: a writer would cancel an edit's
 * build that is about to start. Instead they carry their own cancellation, triggered by any change
 * of an open document, so an edit waits at most for the current check to notice.
 */
export class EditorRefresh {
    private timer: NodeJS.Timeout | undefined;
    private readonly pending = new Set<string>();
    private revalidateAll = false;
    private running: Cancellation.CancellationTokenSource | undefined;
    /** True while one of our builds runs: its build-phase events are not edits. */
    inOwnBuild = false;

    constructor(private readonly shared: LangiumSharedServices, private readonly log: ServerLog) {
        const documents = shared.workspace.TextDocuments;
        documents.onDidChangeContent((event) => {
            traceChange(event.document.uri, event.document.version);
            this.interrupt();
        });
        documents.onDidClose(() => this.interrupt());
    }

    /** Run the data checks of these documents once typing settles. */
    scheduleDataChecks(uris: Iterable<URI>): void {
        for (const uri of uris) this.pending.add(uri.toString());
        this.arm();
    }

    /** Re-validate every open document (all categories) once typing settles: the data changed. */
    scheduleRevalidation(): void {
        this.revalidateAll = true;
        this.arm();
    }

    /** Open documents (in an editor), as Langium documents. */
    openDocuments(): LangiumDocument[] {
        const store = this.shared.workspace.LangiumDocuments;
        return this.shared.workspace.TextDocuments.all()
            .map(text => store.getDocument(URI.parse(text.uri)))
            .filter((doc): doc is LangiumDocument => doc !== undefined);
    }

    private arm(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
            this.timer = undefined;
            void this.run();
        }, SETTLE_MS);
    }

    private interrupt(): void {
        this.running?.cancel();
    }

    /**
     * A source whose token exists from the start: a source cancelled before anyone asked for its token
     * holds a constant token without `cancel`, so a second edit's interrupt threw ("this._token.cancel
     * is not a function", found by the LSP soak).
     */
    private static newSource(): Cancellation.CancellationTokenSource {
        const source = new Cancellation.CancellationTokenSource();
        void source.token;
        return source;
    }

    private async run(): Promise<void> {
        const all = this.revalidateAll;
        const uris = new Set(this.pending);
        this.revalidateAll = false;
        this.pending.clear();
        const source = EditorRefresh.newSource();
        this.running = source;
        try {
            await this.shared.workspace.WorkspaceLock.read(async () => {
                // Inside the lock no edit build runs: document states are stable here.
                const candidates = all ? this.openDocuments() : this.openDocuments().filter(doc => uris.has(doc.uri.toString()));
                const ready = candidates.filter(doc => doc.state === DocumentState.Validated);
                if (ready.length === 0 || source.token.isCancellationRequested) return;
                this.inOwnBuild = true;
                try {
                    await this.shared.workspace.DocumentBuilder.build(ready,
                        all ? { validation: true } : { validation: { categories: [DATA_VALIDATION_CATEGORY] } }, source.token);
                } finally {
                    this.inOwnBuild = false;
                }
            });
        } catch (error) {
            if (!isOperationCancelled(error)) this.log.error(`data validation failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
            // Interrupted by an edit: the edit's build is followed by a new schedule.
            if (all) this.revalidateAll = true;
        } finally {
            if (this.running === source) this.running = undefined;
            source.dispose();
        }
    }
}
