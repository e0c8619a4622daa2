import {
    AstUtils, DefaultScopeProvider, type LangiumCoreServices, MultiMapScope, type ReferenceInfo, type Scope, WorkspaceCache,
} from 'langium';
import { Plan } from '../generated/ast.js';
import { policyDocuments } from '../workspace/policy-documents.js';
import { builtInPlanDescriptions } from './built-in-plans.js';

/**
 * Import-based scoping. Langium's default global scope is every document of the workspace, which
 * would let a policy resolve a name it never imported when opened next to other files, and fail in
 * CI where only the named files and their imports are loaded. Here the global scope of a document is
 * what its import closure exports (see `policyDocuments`); its own declarations come from its local
 * symbols and shadow imported ones. `Plan` references also see ABC's AWS-managed plans (built-in-plans.ts), after
 * every declared one.
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
            const imported = policyDocuments(document, this.services).slice(1).map(doc => doc.uri.toString());
            const builtIn = referenceType === Plan.$type ? builtInPlanDescriptions(this.services) : [];
            if (imported.length === 0) return new MultiMapScope(builtIn);
            return new MultiMapScope([...this.indexManager.allElements(referenceType, new Set(imported)), ...builtIn]);
        });
    }
}
