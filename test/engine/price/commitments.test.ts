import { describe, expect, it } from 'vitest';
import { prepareCube, priceReport } from '../../../engine/price/index.js';
import type { CostReport, GroupReport } from '../../../engine/report/types.js';
import { A1, A2, cells, cube, group, markup, policy } from './fixtures.js';

const groupNamed = (report: CostReport, name: string): GroupReport => report.groups.find((g) => g.name === name)!;
const globalMarkup = [markup('global', '10')];

describe('Reserved Instances', () => {
    // A1 owns an RI (monthly RIFee 60); A2's usage is covered by it (DiscountedUsage billed 0, public 100).
    // A2 also has on-demand usage of public 50.
    const data = cube(
        cells(`
            2026-01 ${A1} AmazonEC2 RIFee cost=60
            2026-01 ${A2} AmazonEC2 DiscountedUsage cost=0 pub=100 owner=${A1}
            2026-01 ${A2} AmazonEC2 Usage cost=50 pub=50
        `),
    );

    it('owner in the same group: the covered usage keeps its billed cost and the fee counts; no rule applies', () => {
        // RIFee 60 (kept) + DiscountedUsage 0 (kept) + Usage 50 × 1.1 = 55 → 115; AWS cost 60 + 0 + 50 = 110
        const g = priceReport(prepareCube(data), policy(globalMarkup, [group('g', { primary: A1, members: [A1, A2] })])).groups[0]!;
        expect(g.proformaCost).toBe('115');
        expect(g.awsCost).toBe('110');
        expect(g.rules).toEqual([{ rule: 'global', publicCost: '50', proformaCost: '55', effect: '5', cells: 1 }]);
    });

    it('owner in another group: the covered usage is repriced at public on-demand × rule; the fee stays with the purchasing account', () => {
        // owner group: RIFee 60. user group: DiscountedUsage 100 × 1.1 = 110, Usage 50 × 1.1 = 55 → 165.
        const report = priceReport(prepareCube(data), policy(globalMarkup, [group('owner', { primary: A1 }), group('user', { primary: A2 })]));
        expect(groupNamed(report, 'owner').proformaCost).toBe('60');
        expect(groupNamed(report, 'owner').awsCost).toBe('60');
        expect(groupNamed(report, 'user').proformaCost).toBe('165');
        expect(groupNamed(report, 'user').awsCost).toBe('50');
        expect(report.total.proformaCost).toBe('225');
    });

    it('owner unassigned (e.g. the payer): covered usage is repriced', () => {
        // A1 in no group; user group: 110 + 55 = 165; A1's RIFee 60 is unassigned AWS cost.
        const report = priceReport(prepareCube(data), policy(globalMarkup, [group('user', { primary: A2 })]));
        expect(groupNamed(report, 'user').proformaCost).toBe('165');
        expect(report.unassigned.awsCost).toBe('60');
    });
});

describe('Savings Plans', () => {
    // A1 owns a Savings Plan (SavingsPlanRecurringFee 70, plus an upfront fee 12 this month).
    // A2's usage of public 100 is covered: SavingsPlanCoveredUsage 100, SavingsPlanNegation −100.
    const data = cube(
        cells(`
            2026-01 ${A1} ComputeSavingsPlans SavingsPlanRecurringFee cost=70
            2026-01 ${A1} ComputeSavingsPlans SavingsPlanUpfrontFee cost=12
            2026-01 ${A2} AmazonEC2 SavingsPlanCoveredUsage cost=100 pub=100 owner=${A1}
            2026-01 ${A2} AmazonEC2 SavingsPlanNegation cost=-100 owner=${A1}
        `),
    );

    it('owner in the same group: covered usage and negation are kept, so the usage nets to the commitment (not charged twice)', () => {
        // 70 + 12 + 100 − 100 = 82, the same as AWS cost; the global markup does not touch any of it.
        const g = priceReport(prepareCube(data), policy(globalMarkup, [group('g', { primary: A1, members: [A1, A2] })])).groups[0]!;
        expect(g.proformaCost).toBe('82');
        expect(g.awsCost).toBe('82');
        expect(g.margin).toBe('0');
        expect(g.rules).toEqual([]);
        expect(g.byService).toEqual([
            { service: 'AmazonEC2', awsCost: '0', proformaCost: '0', margin: '0' },
            { service: 'ComputeSavingsPlans', awsCost: '82', proformaCost: '82', margin: '0' },
        ]);
    });

    it('owner in another group: covered usage is repriced at on-demand and the negation is dropped', () => {
        // owner: fees 70 + 12 = 82. user: covered 100 × 1.1 = 110, negation dropped → 110; user AWS cost 100 − 100 = 0.
        const report = priceReport(prepareCube(data), policy(globalMarkup, [group('owner', { primary: A1 }), group('user', { primary: A2 })]));
        expect(groupNamed(report, 'owner').proformaCost).toBe('82');
        expect(groupNamed(report, 'user').proformaCost).toBe('110');
        expect(groupNamed(report, 'user').awsCost).toBe('0');
        expect(groupNamed(report, 'user').margin).toBe('110');
        expect(groupNamed(report, 'user').marginPercent).toBe('100.00');
    });

    it('ownership is per period: the same Savings Plan is in-group one month and outside the next', () => {
        // 2026-01: A1 and A2 both in g → 82 (as above). 2026-02: A1 leaves g (to "other"); in g, covered usage
        // is repriced at 100 × 1.1 = 110 and the negation dropped; "other" carries the fees 82.
        const twoMonths = cube([...data.cells, ...data.cells.map((cell) => ({ ...cell, period: '2026-02' }))]);
        const groups = [group('g', { primary: A2, members: [A2, `${A1} ..2026-02`] }), group('other', { primary: A1, members: [`${A1} 2026-02..`] })];
        const report = priceReport(prepareCube(twoMonths), policy(globalMarkup, groups));
        expect(report.groups.map((g) => [g.period, g.name, g.proformaCost])).toEqual([
            ['2026-01', 'g', '82'],
            ['2026-01', 'other', '0'],
            ['2026-02', 'g', '110'],
            ['2026-02', 'other', '82'],
        ]);
    });

    it('a covered line with no commitment owner is repriced', () => {
        // owner '' (no ARN in the data): 100 × 1.1 = 110; the negation without owner is dropped.
        const noOwner = cube(
            cells(`
                2026-01 ${A2} AmazonEC2 SavingsPlanCoveredUsage cost=100 pub=100
                2026-01 ${A2} AmazonEC2 SavingsPlanNegation cost=-100
            `),
        );
        expect(priceReport(prepareCube(noOwner), policy(globalMarkup, [group('g', { primary: A2 })])).groups[0]!.proformaCost).toBe('110');
    });
});
