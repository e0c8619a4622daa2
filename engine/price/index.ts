// Public surface of engine/price: PolicyModel × Cube → CostReport, and per-row pricing for exports.
import type { PolicyModel } from '../policy/model.js';
import type { CostReport } from '../report/types.js';
import { buildReport, type ReportOptions } from './build-report.js';
import type { PreparedCube } from './prepare-cube.js';
import { pricePolicy, type PriceOptions } from './price-policy.js';

export { prepareCube, type PreparedCube } from './prepare-cube.js';
export { pricePolicy, type PriceOptions, type PricedPolicy, type GroupPeriodPricing } from './price-policy.js';
export { buildReport, buildGroupReport, buildRuleEffects, ReconciliationError, type ReportOptions } from './build-report.js';
export { createRowPricer, type RowPricer, type RowPrice } from './row-pricer.js';
export { reappliedPeriods, reappliedRowCells } from './commitment-pricing.js';
export { classifyLineItem, treatmentOf, isSupportService, type LineItemClass, type Treatment } from './line-item-class.js';
export { PlanRules, indexPlans, type RateRule, type TieringRule, type SkuKey } from './rule-index.js';
export { ruleFactor } from './factor.js';
export { tieredCost, allocateProportionally } from './custom-tiers.js';
export { resolveMembership, inPeriodRange, type PeriodMembership } from './membership.js';
export type { PricedLineItem } from './custom-line-items.js';
export type { GroupDetail, RuleTotals, Posting } from './group-detail.js';

/**
 * Prices a prepared cube with a policy and writes the report. Run `prepareCube` once per cube and
 * this once per policy edit (with `detail: false` when only headline figures are shown).
 */
export function priceReport(prepared: PreparedCube, policy: PolicyModel, options: PriceOptions & ReportOptions = {}): CostReport {
    return buildReport(pricePolicy(prepared, policy, options), options);
}
