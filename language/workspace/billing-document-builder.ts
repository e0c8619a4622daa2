import {
    type BuildOptions, type Cancellation, DefaultDocumentBuilder, DocumentState, interruptAndCheck, type LangiumDocument,
    type LangiumSharedCoreServices,
} from 'langium';
import { loadImportedDocuments } from './import-loader.js';

/**
 * Builds the files a build's documents import together with them, loading the ones not in the
 * document store yet. In a language server this is what makes an import of a file outside the
 * workspace folders (or not yet opened) resolve: Langium only loads the workspace folders by itself.
 */
export class BillingDocumentBuilder extends DefaultDocumentBuilder {
    constructor(private readonly sharedServices: LangiumSharedCoreServices) {
        super(sharedServices);
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
