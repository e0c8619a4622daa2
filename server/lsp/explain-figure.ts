import { explainGroup } from '../../engine/explain/index.js';
import { pricePolicy } from '../../engine/price/index.js';
import type { Pricing } from '../pricing/policy-pricing.js';
import type { ExplainResult } from '../protocol.js';

/**
 * The "Explain this figure" answer for one group of a pricing (the period the pricing shows, or `period` of an
 * all-periods one): the engine's step-by-step explanation of the same report the lenses and the preview show.
 */
export function explainFigure(pricing: Pricing, group: string, period: string | undefined): ExplainResult {
    if (pricing.kind !== 'priced') return { explanation: null, reason: 'detail' in pricing && pricing.detail ? `${pricing.label}: ${pricing.detail}` : pricing.label };
    const wanted = period ?? pricing.period;
    if (wanted !== undefined && !pricing.data.prepared.byPeriod.has(wanted)) return { explanation: null, reason: `no data for ${wanted}` };
    const groupIndex = pricing.model.groups.findIndex(candidate => candidate.name === group);
    if (groupIndex < 0) return { explanation: null, reason: `the policy has no group '${group}'` };
    const rows = pricing.report.groups.filter(candidate => candidate.name === group);
    const report = wanted === undefined ? rows[rows.length - 1] : rows.find(candidate => candidate.period === wanted);
    if (!report) return { explanation: null, reason: `group '${group}' is not priced in ${wanted ?? 'the data'}` };
    const priced = pricePolicy(pricing.data.prepared, pricing.model, { periods: [report.period] });
    return {
        explanation: explainGroup(priced, groupIndex, report, pricing.report.currency),
        sources: pricing.report.data.sources,
        ...(pricing.stale ? { stale: pricing.stale } : {}),
    };
}
