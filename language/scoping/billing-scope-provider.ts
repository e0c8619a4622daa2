import {
    type AstNodeDescription, AstUtils, DefaultScopeProvider, type LangiumCoreServices, type LangiumDocument, MultiMapScope, type ReferenceInfo,
    type Scope, type Stream, stream, WorkspaceCache,
} from 'langium';
import { Plan } from '../generated/ast.js';
import { importReach, plainImportClosures } from '../workspace/import-reach.js';
import { policyDocuments } from '../workspace/policy-documents.js';
import type { BillingIndexManager } from './billing-index-manager.js';
import { builtInPlanDescriptions } from './built-in-plans.js';

/**
 * Import-based scoping. Langium's default global scope is every document of the workspace, which
 * would let a policy resolve a name it never imported when opened next to other files, and fail in
 * CI where only the named files and their imports are loaded. Here the global scope of a document is
 * what its import closure exports (see `policyDocuments`); its own declarations come from its local
 * symbols and shadow imported ones. `Plan` references also see ABC's AWS-managed plans (built-in-plans.ts), after
 * every declared one.
 *
 * A name is looked up in an index of the whole store's exports (per reference type and name, in the index manager's
 * order), keeping the descriptions of documents in the closure (`importReach`): the same answers as a scope of the
 * closure's exports, at the cost of the matches, not of the closure (issue 18 item 8).
 */
export class BillingScopeProvider extends DefaultScopeProvider {
    /** Keyed by document URI and reference type; cleared on every workspace change. */
    private readonly importScopeCache: WorkspaceCache<string, Scope>;

    constructor(private readonly services: LangiumCoreServices) {
        super(services);
        this.importScopeCache = new WorkspaceCache(services.shared);
    }

    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const document = AstUtils.getDocument(context.container);
        const key = `${document.uri.toString()}\u0000${referenceType}`;
        return this.importScopeCache.get(key, () => {
            const store = this.services.shared.workspace.LangiumDocuments;
            if (!plainImportClosures() && store.getDocument(document.uri) === document) {
                return new ImportClosureScope(document, referenceType, this.services, () => this.closureScope(document, referenceType));
            }
            return this.closureScope(document, referenceType);
        });
    }

    /** The scope of the closure's exports, collected (the reference the indexed scope answers as). */
    private closureScope(document: LangiumDocument, referenceType: string): Scope {
        const imported = policyDocuments(document, this.services).slice(1).map(doc => doc.uri.toString());
        const builtIn = referenceType === Plan.$type ? builtInPlanDescriptions(this.services) : [];
        if (imported.length === 0) return new MultiMapScope(builtIn);
        return new MultiMapScope([...this.indexManager.allElements(referenceType, new Set(imported)), ...builtIn]);
    }
}

/**
 * The global scope of `document` for `referenceType`: the exports of the other documents of its import closure, then
 * the built-in plans. Looks names up when asked (the index and the reach of the current store, never a stale copy);
 * every element (completion) is the collected scope.
 */
class ImportClosureScope implements Scope {
    private all: Scope | undefined;

    constructor(
        private readonly document: LangiumDocument, private readonly referenceType: string, private readonly services: LangiumCoreServices,
        private readonly collected: () => Scope,
    ) {}

    getElement(name: string): AstNodeDescription | undefined {
        return this.matches(name).head();
    }

    getElements(name: string): Stream<AstNodeDescription> {
        return this.matches(name);
    }

    getAllElements(): Stream<AstNodeDescription> {
        this.all ??= this.collected();
        return this.all.getAllElements();
    }

    private matches(name: string): Stream<AstNodeDescription> {
        const store = this.services.shared.workspace.LangiumDocuments;
        const reach = importReach(this.services);
        const indexManager = this.services.shared.workspace.IndexManager as BillingIndexManager;
        const declared = indexManager.exportsNamed(this.referenceType, name).filter(description => {
            const owner = store.getDocument(description.documentUri);
            return owner !== undefined && owner !== this.document && reach.reaches(this.document, owner) === true;
        });
        const builtIn = this.referenceType === Plan.$type ? builtInPlanDescriptions(this.services).filter(plan => plan.name === name) : [];
        return stream(declared, builtIn);
    }
}
