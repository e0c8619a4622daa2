import type { LangiumDocument } from 'langium';
import { findBreaches, type Breach } from '../../engine/check/index.js';
import type { CostReport } from '../../engine/index.js';
import type { BreachFacts } from '../../language/validation/index.js';
import type { BillingServerServices } from '../server-services.js';

const breachesByReport = new WeakMap<CostReport, readonly Breach[]>();

/**
 * What the breach checks (BIL107, BIL108) see: the breaches of the editor's report for the period shown.
 * Like the other data-aware checks, nothing is reported against the bundled sample (its figures say nothing
 * about the user's budgets).
 */
export function breachFacts(services: BillingServerServices, document: LangiumDocument): BreachFacts | undefined {
    const entry = services.server.Data.entryFor(document, false);
    if (!entry || entry.current.state !== 'ready' || entry.spec.origin === 'sample') return undefined;
    return {
        breachesOf: (doc, group) => {
            const pricing = services.server.Pricing.pricingFor(doc, 'shown', false);
            if (pricing.kind !== 'priced' || pricing.stale || !pricing.periodInData) return undefined;
            let breaches = breachesByReport.get(pricing.report);
            if (!breaches) breachesByReport.set(pricing.report, (breaches = findBreaches(pricing.model, pricing.report)));
            return breaches.filter(breach => breach.group === group && (pricing.period === undefined || breach.period === pricing.period));
        },
    };
}
