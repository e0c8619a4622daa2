import { AstUtils, type LangiumDocument, type ValidationAcceptor } from 'langium';
import type { Policy } from '../generated/ast.js';
import { billedTogetherDocuments, billedTogetherEntries } from '../workspace/billed-together.js';
import { plainImportClosures } from '../workspace/import-reach.js';
import type { DocumentStoreServices } from '../workspace/policy-documents.js';
import { relevantPolicyStatements } from './policy-index.js';
import { collectStatements, documentsSeeing, type PolicyStatements } from './policy-view.js';

/** What a cross-statement check of one document sees; built once per validation of the document. */
export interface PolicyContext {
    readonly root: Policy;
    readonly document: LangiumDocument<Policy>;
    /** Statements of this document only: the ones diagnostics can be attached to. */
    readonly own: PolicyStatements;
    /**
     * Statements of this document and of what it imports, transitively, plus those of the entries billed together
     * with it (workspace/billed-together.ts): one bill, so one account per group and unique names across it.
     * Outside a bill of several entries, only the statements the checks ask about (policy-index.ts: those sharing an
     * id or a name with this document's, payers, auto-associate groups), in the same order: the checks answer the
     * same, at the cost of the matches rather than of the import closure.
     */
    readonly policy: PolicyStatements;
    /** Statements of every document whose policy includes this one (this one and its importers). */
    readonly seeing: () => PolicyStatements;
    /** The document store, for the indexed questions of policy-view.ts. */
    readonly services: DocumentStoreServices;
}

export type PolicyCheck = (context: PolicyContext, accept: ValidationAcceptor) => void;

export function createPolicyContext(root: Policy, services: DocumentStoreServices): PolicyContext {
    const document = AstUtils.getDocument<Policy>(root);
    let seeing: PolicyStatements | undefined;
    const own = collectStatements([document]);
    const indexed = plainImportClosures() || billedTogetherEntries(document, services) ? undefined : relevantPolicyStatements(document, own, services);
    return {
        root,
        document,
        own,
        policy: indexed ?? collectStatements(billedTogetherDocuments(document, services)),
        seeing: () => seeing ??= collectStatements(documentsSeeing(document, services)),
        services,
    };
}
