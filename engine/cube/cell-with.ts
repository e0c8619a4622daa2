import type { CubeCell } from './types.js';

/**
 * A plain copy of a cell with some fields changed. Cells need not be plain objects (the ingest's read their
 * measures from a packed store, engine/ingest/packed-cells.ts), so an object spread (`{ ...cell }`) would drop
 * their measures: code that derives one cell from another copies every field by name here.
 */
export function cellWith(cell: CubeCell, changes: Partial<CubeCell>): CubeCell {
    const covered = 'coveredUsageAmount' in changes ? changes.coveredUsageAmount : cell.coveredUsageAmount;
    return {
        period: changes.period ?? cell.period,
        accountId: changes.accountId ?? cell.accountId,
        service: changes.service ?? cell.service,
        usageType: changes.usageType ?? cell.usageType,
        operation: changes.operation ?? cell.operation,
        lineItemType: changes.lineItemType ?? cell.lineItemType,
        billingEntity: changes.billingEntity ?? cell.billingEntity,
        currency: changes.currency ?? cell.currency,
        commitmentOwnerId: changes.commitmentOwnerId ?? cell.commitmentOwnerId,
        unblendedCost: changes.unblendedCost ?? cell.unblendedCost,
        publicOnDemandCost: changes.publicOnDemandCost ?? cell.publicOnDemandCost,
        freeTierPublicCost: changes.freeTierPublicCost ?? cell.freeTierPublicCost,
        unblendedWithoutPublicCost: changes.unblendedWithoutPublicCost ?? cell.unblendedWithoutPublicCost,
        usageAmount: changes.usageAmount ?? cell.usageAmount,
        ...(covered !== undefined && { coveredUsageAmount: covered }),
        rows: changes.rows ?? cell.rows,
        rowsWithoutPublicCost: changes.rowsWithoutPublicCost ?? cell.rowsWithoutPublicCost,
    };
}
