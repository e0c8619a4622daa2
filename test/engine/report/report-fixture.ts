import type { CostReport, GroupReport } from '../../../engine/report/types.js';

/** A GroupReport with the figures given and empty detail (renderer tests build reports by hand). */
export function groupLine(name: string, figures: Partial<GroupReport> & Pick<GroupReport, 'awsCost' | 'proformaCost' | 'margin' | 'marginPercent'>): GroupReport {
    return {
        name,
        period: '2026-01',
        plan: 'standard',
        primaryAccountId: '111111111111',
        accountIds: ['111111111111'],
        charges: figures.proformaCost,
        byService: [],
        byAccount: [],
        customLineItems: [],
        rules: [],
        hasUsage: true,
        ...figures,
    };
}

export function reportOf(groups: readonly GroupReport[], totals: { awsCost: string; proformaCost: string; margin: string }, unassigned: { period: string; awsCost: string; accountIds: string[] }[] = []): CostReport {
    const unassignedTotal = unassigned.reduce((sum, line) => sum + Number(line.awsCost), 0);
    return {
        schemaVersion: 1,
        currency: 'USD',
        periods: ['2026-01'],
        groups,
        unassigned: {
            awsCost: String(unassignedTotal),
            byPeriod: unassigned,
            accounts: unassigned.flatMap((line) => line.accountIds.map((accountId) => ({ accountId, awsCost: line.awsCost }))),
        },
        total: totals,
        reconciliation: { groupsAwsCost: '0', unassignedAwsCost: '0', inputAwsCost: totals.awsCost, difference: '0' },
        data: { sources: ['/data/cur.csv'], format: 'cur2', rows: 10, cells: 5 },
        issues: [],
    };
}
