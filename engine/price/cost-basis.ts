import type { Cube } from '../cube/types.js';
import type { ReportIssue } from '../report/types.js';
import { classifyLineItem } from './line-item-class.js';

/**
 * AWS's FOCUS 1.0 export writes ListCost = BilledCost on every on-demand usage row, free-tier usage included
 * (ListCost 0 where BilledCost is 0): the file cannot show public prices. Then the markup base is the billed
 * cost and there is no free tier to remove, so the pro forma differs from CUR 2.0's for the same month
 * (docs/semantics.md, "FOCUS cost basis"). Checked once per cube, over cells: every billed usage cell's base
 * equals its billed cost.
 */
export function listCostIsBilledCost(cube: Cube): boolean {
    if (cube.format !== 'focus') return false;
    let billedUsage = false;
    for (const cell of cube.cells) {
        if (classifyLineItem(cell.lineItemType, cell.service) !== 'usage') continue;
        if (!cell.publicOnDemandCost.plus(cell.unblendedWithoutPublicCost).eq(cell.unblendedCost)) return false;
        if (!cell.unblendedCost.isZero()) billedUsage = true;
    }
    return billedUsage;
}

export const LIST_COST_IS_BILLED_COST: ReportIssue = {
    severity: 'warning',
    code: 'focus-list-cost-is-billed-cost',
    message: 'FOCUS ListCost equals BilledCost: free tier and public-rate base not available. Usage is priced from its billed '
        + 'cost (AWS\'s FOCUS export writes no public price); a CUR 2.0 export of the same month gives the public-rate pro forma.',
};
