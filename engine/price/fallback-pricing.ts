import { ZERO, type Decimal } from '../money/decimal.js';
import type { ReportIssue } from '../report/types.js';
import type { PlanLookup } from './plan-lookup.js';
import { ClassCode, type PreparedAccount, type PreparedCube } from './prepare-cube.js';

/** The repriced line items of one group and period that had no public on-demand price. */
export interface FallbackPricing {
    readonly rows: number;
    /** Σ their billed (unblended) cost: the base they were priced from instead. */
    readonly cost: Decimal;
}

/**
 * Counts the repriced rows of a group's accounts that were priced from their billed cost for want of a
 * public on-demand price, and sums that cost. It makes exactly the decisions `GroupCellPricer.totals`
 * makes (a cell is repriced when it is usage, or covered usage whose commitment owner is outside the
 * group; custom tiers do not use the public cost) but walks cells one by one, so it runs only when the
 * totals saw such rows: never on the common re-pricing path.
 */
export function fallbackPricing(prepared: PreparedCube, groupIndex: number, accounts: readonly PreparedAccount[], start: number, end: number, groupOfAccount: Int32Array, lookup: PlanLookup): FallbackPricing {
    const { source, classCode, ownerIndex, rowsWithoutPublicCost, serviceId } = prepared.cells;
    let rows = 0;
    let cost = ZERO;
    for (let a = start; a < end; a++) {
        const account = accounts[a]!;
        for (let i = account.first; i < account.end; i++) {
            if (rowsWithoutPublicCost[i] === 0) continue;
            const code = classCode[i]!;
            if (code !== ClassCode.Usage && code !== ClassCode.Covered) continue;
            if (code === ClassCode.Covered) {
                const owner = ownerIndex[i]!;
                if (owner >= 0 && groupOfAccount[owner] === groupIndex) continue;
            }
            if (lookup.forService(serviceId[i]!).perCell) continue;
            rows += rowsWithoutPublicCost[i]!;
            cost = cost.plus(source[i]!.unblendedWithoutPublicCost);
        }
    }
    return { rows, cost };
}

/** The `public-cost-missing` warning of one group and period. */
export function fallbackWarning(groupName: string, period: string, fallback: FallbackPricing): ReportIssue {
    const { rows, cost } = fallback;
    return {
        severity: 'warning',
        code: 'public-cost-missing',
        message: `Group ${groupName}, ${period}: ${rows} line item${rows === 1 ? ' has' : 's have'} no public on-demand price `
            + `(public cost empty, or 0 while billed: Spot, AWS Marketplace, idle Elastic IPs…); priced from ${rows === 1 ? 'its' : 'their'} `
            + `billed cost ${cost.toFixed()} instead.`,
        group: groupName,
        period,
        rows,
        cost: cost.toFixed(),
    };
}
