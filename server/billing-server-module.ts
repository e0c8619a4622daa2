import type { LangiumDocument, Module } from 'langium';
import type { DefaultSharedModuleContext, LangiumSharedServices, PartialLangiumServices } from 'langium/lsp';
import { createBillingServices } from '../language/index.js';
import { registerBreachChecks, registerClosedPeriodChecks, registerDataChecks, vocabularyFacts, type DataFacts } from '../language/validation/index.js';
import { BillingWorkspaceManager } from './billing-workspace-manager.js';
import type { BillingDocumentValidator } from '../language/validation/billing-document-validator.js';
import { documentationUrl } from '../cli/docs-links.js';
import { bundledSamplePath } from './data/bundled-sample.js';
import { DataManager } from './data/data-manager.js';
import { BillingCodeLensProvider } from './lsp/billing-code-lens-provider.js';
import { BillingCompletionProvider } from './lsp/billing-completion-provider.js';
import { BillingHoverProvider } from './lsp/billing-hover-provider.js';
import { BillingInlayHintProvider } from './lsp/billing-inlay-hint-provider.js';
import { DataCodeActionProvider } from './lsp/data-code-action-provider.js';
import { closedPeriodFacts } from './pricing/closed-period-facts.js';
import { breachFacts } from './pricing/breach-facts.js';
import { groupReportOf, PolicyPricing } from './pricing/policy-pricing.js';
import { ServerLog } from './server-log.js';
import type { BillingServerAddedServices, BillingServerServices } from './server-services.js';

/** The language server's services on top of the language's: data, pricing, log, and the data-aware editor features. */
export const BillingServerModule: Module<BillingServerServices, PartialLangiumServices & Partial<BillingServerAddedServices>> = {
    server: {
        Log: services => new ServerLog(services.shared.lsp.Connection),
        Data: services => {
            const data = new DataManager(services, bundledSamplePath());
            data.logger = services.server.Log;
            return data;
        },
        Pricing: services => {
            const pricing = new PolicyPricing(services.shared, services.server.Data);
            pricing.onFailure = message => services.server.Log.error(message);
            return pricing;
        },
    },
    lsp: {
        CodeLensProvider: services => new BillingCodeLensProvider(services),
        InlayHintProvider: services => new BillingInlayHintProvider(services),
        HoverProvider: services => new BillingHoverProvider(services),
        CompletionProvider: services => new BillingCompletionProvider(services),
        CodeActionProvider: services => new DataCodeActionProvider(services),
    },
};

/** The services of the language server (also used by provider tests without a connection). */
export function createBillingServerServices(context: DefaultSharedModuleContext): { shared: LangiumSharedServices; Billing: BillingServerServices } {
    const { shared, Billing } = createBillingServices<BillingServerAddedServices>(context, BillingServerModule, {
        workspace: { WorkspaceManager: services => new BillingWorkspaceManager(services) },
    });
    (Billing.validation.DocumentValidator as BillingDocumentValidator).setDiagnosticDocs(diagnosticDocsUrl());
    registerDataChecks(Billing, document => dataFacts(Billing, document));
    registerBreachChecks(Billing, document => breachFacts(Billing, document));
    registerClosedPeriodChecks(Billing, document => closedPeriodFacts(Billing, document));
    return { shared, Billing };
}

/**
 * What the data-aware checks see: the document's data once loaded, except the bundled sample (it
 * shows numbers to a new user; its accounts and services say nothing about the user's policy).
 */
export function dataFacts(services: BillingServerServices, document: LangiumDocument): DataFacts | undefined {
    const entry = services.server.Data.entryFor(document, false);
    if (!entry || entry.current.state !== 'ready' || entry.spec.origin === 'sample') return undefined;
    const data = entry.current.data;
    return vocabularyFacts(data.vocabulary, entry.spec.label, services.server.Data.periodFor(data), (doc, group) => {
        const pricing = services.server.Pricing.pricingFor(doc, 'shown', false);
        if (pricing.kind !== 'priced' || pricing.stale || !pricing.periodInData) return undefined;
        return groupReportOf(pricing, group)?.hasUsage;
    });
}

/**
 * Where the editor's diagnostics link to (`codeDescription`): docs/diagnostics.md as the CLI links it — on GitHub when
 * package.json names a GitHub repository, else the copy shipped with the extension — undefined when neither is found.
 */
function diagnosticDocsUrl(): string | undefined {
    try {
        return documentationUrl('docs/diagnostics.md');
    } catch {
        return undefined;
    }
}
