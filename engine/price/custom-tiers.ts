import { Decimal, ZERO } from '../money/decimal.js';
import type { CubeMeasures } from '../cube/types.js';
import type { CustomTier } from '../policy/model.js';

/**
 * Cost of `usage` units through graduated custom tiers: the part of the usage falling in
 * [beginInclusive, endExclusive) is charged `rate` per unit. Usage outside every tier costs nothing
 * (validation requires tiers to start at 0 and be contiguous).
 */
export function tieredCost(usage: Decimal, tiers: readonly CustomTier[]): Decimal {
    let cost = ZERO;
    for (const tier of tiers) {
        const begin = new Decimal(tier.beginInclusive);
        if (usage.lte(begin)) continue;
        const end = tier.endExclusive === undefined ? usage : Decimal.min(usage, new Decimal(tier.endExclusive));
        if (end.lte(begin)) continue;
        cost = cost.plus(end.minus(begin).times(tier.rate));
    }
    return cost;
}

/** Decimal places of each allocated part (at least; more if the whole needs more). */
const ALLOCATION_PLACES = 20;

/**
 * Splits `total` across parts in proportion to `weights`. Each part but the last is rounded (half-even)
 * to max(20, places of `total`) decimals; the last part takes the remainder, so the parts always sum to
 * `total` exactly. With no weight at all (Σ weights = 0) the last part takes everything.
 */
export function allocateProportionally(total: Decimal, weights: readonly Decimal[]): Decimal[] {
    if (weights.length === 0) return [];
    const sumOfWeights = weights.reduce((sum, weight) => sum.plus(weight), ZERO);
    const places = Math.max(ALLOCATION_PLACES, total.decimalPlaces());
    const parts: Decimal[] = [];
    let allocated = ZERO;
    for (let i = 0; i < weights.length - 1; i++) {
        const part = sumOfWeights.isZero() ? ZERO : total.times(weights[i]!).dividedBy(sumOfWeights).toDecimalPlaces(places);
        parts.push(part);
        allocated = allocated.plus(part);
    }
    parts.push(total.minus(allocated));
    return parts;
}

/** The usage of a cell that custom tiers price: its usage amount less what its group's commitments covered. */
export function onDemandUsage(cell: CubeMeasures): Decimal {
    return cell.coveredUsageAmount ? cell.usageAmount.minus(cell.coveredUsageAmount) : cell.usageAmount;
}
