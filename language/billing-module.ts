import { type Module, inject } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices,
} from 'langium/lsp';
import { BillingGeneratedModule, BillingGeneratedSharedModule } from './generated/module.js';

/** Services this language adds to Langium's defaults. */
export type BillingAddedServices = Record<string, never>;

export type BillingServices = LangiumServices & BillingAddedServices;

/**
 * Overrides of Langium's default services. Each entry replaces one service slot; the comment at the
 * implementation says why the default is not enough.
 */
export const BillingModule: Module<BillingServices, PartialLangiumServices & BillingAddedServices> = {
};

/**
 * Creates the shared services and the language services.
 *
 * Without an LSP connection (CLI, tests) the configuration provider is marked initialized by hand,
 * otherwise document builds wait for a client that never comes.
 */
export function createBillingServices(context: DefaultSharedModuleContext): {
    shared: LangiumSharedServices;
    Billing: BillingServices;
} {
    const shared = inject(createDefaultSharedModule(context), BillingGeneratedSharedModule);
    const Billing = inject(createDefaultModule({ shared }), BillingGeneratedModule, BillingModule);
    shared.ServiceRegistry.register(Billing);
    if (!context.connection) {
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Billing };
}
