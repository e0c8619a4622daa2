import type { CostReport } from '../../engine/index.js';
import type { ReferenceBill } from '../../engine/reference/index.js';

/** The engine's report in the reference bill's shape (the fallback counts from the `public-cost-missing` warnings). */
export function asReferenceBill(report: CostReport): Omit<ReferenceBill, 'currencies'> {
    const fallback = new Map(report.issues.filter((issue) => issue.code === 'public-cost-missing').map((issue) => [`${issue.group}\u0000${issue.period}`, { rows: issue.rows!, cost: issue.cost! }]));
    return {
        periods: report.periods,
        groups: report.groups.map((group) => {
            const found = fallback.get(`${group.name}\u0000${group.period}`);
            return { ...group, ...(found && { fallback: found }) };
        }),
        unassigned: { ...report.unassigned, byPeriod: report.unassigned.byPeriod.map(({ period, awsCost, accountIds }) => ({ period, awsCost, accountIds: accountIds ?? [] })) },
        total: report.total,
    };
}
