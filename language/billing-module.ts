import { type Module, inject } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices,
    type PartialLangiumSharedServices,
} from 'langium/lsp';
import { BillingGeneratedModule, BillingGeneratedSharedModule } from './generated/module.js';
import { BillingCodeActionProvider } from './lsp/billing-code-action-provider.js';
import { BillingDefinitionProvider } from './lsp/billing-definition-provider.js';
import { BillingDocumentLinkProvider } from './lsp/billing-document-link-provider.js';
import { BillingDocumentSymbolProvider } from './lsp/billing-document-symbol-provider.js';
import { BillingFoldingRangeProvider } from './lsp/billing-folding-range-provider.js';
import { BillingFormatter } from './lsp/billing-formatter.js';
import { BillingReferencesProvider } from './lsp/billing-references-provider.js';
import { BillingRenameProvider } from './lsp/billing-rename-provider.js';
import { BillingSemanticTokenProvider } from './lsp/billing-semantic-token-provider.js';
import { BillingIndexManager } from './scoping/billing-index-manager.js';
import { BillingScopeProvider } from './scoping/billing-scope-provider.js';
import { registerImportValidation } from './scoping/import-validator.js';
import { BillingValidationModule, registerValidationChecks } from './validation/index.js';
import { BillingDocumentBuilder } from './workspace/billing-document-builder.js';
import { BillingLangiumDocumentFactory, BillingLangiumDocuments } from './workspace/import-graph-cache.js';

/** Services this language adds to Langium's defaults. */
export type BillingAddedServices = Record<never, never>;

export type BillingServices = LangiumServices & BillingAddedServices;

/**
 * Overrides of Langium's default services. Each entry replaces one service slot; the comment at the
 * implementation says why the default is not enough.
 */
export const BillingModule: Module<BillingServices, PartialLangiumServices & BillingAddedServices> = {
    references: {
        ScopeProvider: services => new BillingScopeProvider(services),
    },
    lsp: {
        Formatter: () => new BillingFormatter(),
        DocumentSymbolProvider: () => new BillingDocumentSymbolProvider(),
        FoldingRangeProvider: services => new BillingFoldingRangeProvider(services),
        CodeActionProvider: services => new BillingCodeActionProvider(services),
        SemanticTokenProvider: services => new BillingSemanticTokenProvider(services),
        DefinitionProvider: services => new BillingDefinitionProvider(services),
        ReferencesProvider: services => new BillingReferencesProvider(services),
        RenameProvider: services => new BillingRenameProvider(services),
        DocumentLinkProvider: () => new BillingDocumentLinkProvider(),
    },
};

/** Overrides of Langium's shared (cross-language) services. */
export const BillingSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        IndexManager: shared => new BillingIndexManager(shared),
        DocumentBuilder: shared => new BillingDocumentBuilder(shared),
        LangiumDocuments: shared => new BillingLangiumDocuments(shared),
        LangiumDocumentFactory: shared => new BillingLangiumDocumentFactory(shared),
    },
};

/**
 * Creates the shared services and the language services.
 *
 * Without an LSP connection (CLI, tests) the configuration provider is marked initialized by hand,
 * otherwise document builds wait for a client that never comes.
 */
export function createBillingServices<Added extends object = BillingAddedServices>(
    context: DefaultSharedModuleContext,
    /** More services on top of the language's (the language server adds data, pricing and editor features). */
    extension?: Module<BillingServices & Added, PartialLangiumServices & Partial<Added>>,
    /** Overrides of shared services on top of BillingSharedModule (the language server's workspace manager). */
    sharedExtension?: Module<LangiumSharedServices, PartialLangiumSharedServices>,
): {
    shared: LangiumSharedServices;
    Billing: BillingServices & Added;
} {
    const shared = inject(createDefaultSharedModule(context), BillingGeneratedSharedModule, BillingSharedModule, sharedExtension ?? {});
    const Billing = inject(
        createDefaultModule({ shared }), BillingGeneratedModule, BillingModule, BillingValidationModule, (extension ?? {}) as Module<BillingServices & Added>,
    ) as BillingServices & Added;
    shared.ServiceRegistry.register(Billing);
    registerImportValidation(Billing);
    registerValidationChecks(Billing);
    if (!context.connection) {
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Billing };
}
