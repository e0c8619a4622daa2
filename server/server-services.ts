import type { BillingServices } from '../language/index.js';
import type { DataManager } from './data/data-manager.js';
import type { PolicyPricing } from './pricing/policy-pricing.js';
import type { ServerLog } from './server-log.js';

/** What the language server adds to the language's services: data, pricing and a log. */
export interface BillingServerAddedServices {
    readonly server: {
        readonly Data: DataManager;
        readonly Pricing: PolicyPricing;
        readonly Log: ServerLog;
    };
}

export type BillingServerServices = BillingServices & BillingServerAddedServices;
