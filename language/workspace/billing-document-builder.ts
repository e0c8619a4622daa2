import {
    type BuildOptions, type Cancellation, DefaultDocumentBuilder, DocumentState, interruptAndCheck, type LangiumDocument,
    type LangiumSharedCoreServices, type URI,
} from 'langium';
import { loadImportedDocuments } from './import-loader.js';
import { escapesBoundary, type BoundaryEscape } from './workspace-boundary.js';

/**
 * Builds the files a build's documents import together with them, loading the ones not in the
 * document store yet. In a language server this is what makes an import of a file not yet opened (or not found by
 * the workspace scan) resolve; a target outside the workspace is never loaded (workspace-boundary.ts).
 * A file reported as changed on disk whose real path lies outside the boundary (a symlink to a credentials file, see
 * workspace-boundary.ts) is not loaded; `onRefused` hears of it once (the language server logs it).
 */
export class BillingDocumentBuilder extends DefaultDocumentBuilder {
    /** Told once per file left out because it resolves outside the workspace or repository. */
    onRefused: ((uri: URI, escape: BoundaryEscape) => void) | undefined;
    private readonly refused = new Set<string>();

    constructor(private readonly sharedServices: LangiumSharedCoreServices) {
        super(sharedServices);
    }

    /** Whether the file at `uri` must not be loaded as a document (its real path is outside); reported once. */
    refuseOutside(uri: URI): boolean {
        const escape = escapesBoundary(uri, { shared: this.sharedServices });
        if (!escape) return false;
        if (!this.refused.has(uri.toString())) {
            this.refused.add(uri.toString());
            this.onRefused?.(uri, escape);
        }
        return true;
    }

    override async update(changed: URI[], deleted: URI[], cancelToken?: Cancellation.CancellationToken): Promise<void> {
        // Documents already loaded (an editor's) are the user's; a new file from the disk must lie inside.
        const allowed = changed.filter(uri => this.langiumDocuments.hasDocument(uri) || !this.refuseOutside(uri));
        return super.update(allowed, deleted, cancelToken);
    }

    protected override async buildDocuments(documents: LangiumDocument[], options: BuildOptions, cancelToken: Cancellation.CancellationToken): Promise<void> {
        // Imports are known once a document is parsed. Parse here as the first phase would (the build
        // phase itself is still announced once, by the default implementation), then add the imports.
        for (const document of documents) {
            if (document.state >= DocumentState.Parsed) continue;
            await interruptAndCheck(cancelToken);
            await this.langiumDocumentFactory.update(document, cancelToken);
            document.state = DocumentState.Parsed;
            await this.notifyDocumentPhase(document, DocumentState.Parsed, cancelToken);
        }
        const imported = await loadImportedDocuments(documents, { shared: this.sharedServices });
        return super.buildDocuments(imported.length > 0 ? [...documents, ...imported] : documents, options, cancelToken);
    }
}
