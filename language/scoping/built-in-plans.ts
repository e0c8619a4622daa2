import { type AstNodeDescription, type LangiumCoreServices, URI } from 'langium';
import { BASIC_PRICING_PLAN, PASSTHROUGH_PLAN } from '../../engine/policy/model.js';
import type { Policy } from '../generated/ast.js';

/** Where the built-in plans live: no file, never part of a workspace, never validated or compiled. */
export const BUILT_IN_PLANS_URI = 'builtin:/abc-managed-plans.billing';

/**
 * ABC's AWS-managed pricing plans, as `.billing` text: a group names them (`plan BasicPricingPlan`) without
 * declaring them, as ABC's API takes their ARNs (`arn:aws:billingconductor::aws:pricingplan/BasicPricingPlan`).
 * Their meaning is the engine's (engine/price): the text only gives the names something to resolve to, hover over
 * and jump to.
 */
const BUILT_IN_PLANS_TEXT = `// AWS-managed pricing plans of AWS Billing Conductor: used by name, never declared.
plan ${BASIC_PRICING_PLAN} "AWS-managed: public on-demand rates, no rules (credits, taxes, support and non-public discounts left out)" { }
plan ${PASSTHROUGH_PLAN} "AWS-managed, billing-transfer groups only: the billable figures unchanged (credits, discounts and tax as billed)" { }
`;

const cache = new WeakMap<LangiumCoreServices, readonly AstNodeDescription[]>();

/** The descriptions of the built-in plans, for the global scope of `Plan` references (parsed once per language). */
export function builtInPlanDescriptions(services: LangiumCoreServices): readonly AstNodeDescription[] {
    let found = cache.get(services);
    if (!found) {
        const document = services.shared.workspace.LangiumDocumentFactory.fromString<Policy>(BUILT_IN_PLANS_TEXT, URI.parse(BUILT_IN_PLANS_URI));
        const describe = services.workspace.AstNodeDescriptionProvider;
        found = document.parseResult.value.statements.map((plan) => describe.createDescription(plan, (plan as { name?: string }).name, document));
        cache.set(services, found);
    }
    return found;
}
