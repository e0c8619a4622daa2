import { describe, expect, it } from 'vitest';
import { buildGroupReport, buildReport, prepareCube, pricePolicy, priceReport, ReconciliationError } from '../../../engine/price/index.js';
import type { CubeCell } from '../../../engine/cube/types.js';
import { A1, A2, A3, cells, cube, flatFee, group, markup, policy } from './fixtures.js';

describe('reconciliation', () => {
    it('Σ groups + unassigned = input total exactly, with tiny amounts over many cells', () => {
        // 1,000 cells of 0.1000000001 each (one cell per usage type), accounts A1, A2, A3 in turn:
        //   A1: k ≡ 0 (mod 3) → 334 cells → 33.4000000334; A2: 333 → 33.3000000333; A3 (unassigned): 33.3000000333
        //   total 1000 × 0.1000000001 = 100.0000001
        const accounts = [A1, A2, A3];
        const list = cells(
            Array.from({ length: 1000 }, (_, k) => `2026-01 ${accounts[k % 3]} AmazonS3 Usage cost=0.1000000001 pub=0.1000000001 ut=u${k}`).join('\n'),
        );
        const report = priceReport(prepareCube(cube(list)), policy([], [group('g1', { primary: A1 }), group('g2', { primary: A2 })]));
        expect(report.groups.map((g) => g.awsCost)).toEqual(['33.4000000334', '33.3000000333']);
        expect(report.reconciliation).toEqual({
            groupsAwsCost: '66.7000000667',
            unassignedAwsCost: '33.3000000333',
            inputAwsCost: '100.0000001',
            difference: '0',
        });
        expect(report.total.awsCost).toBe('100.0000001');
    });

    it('keeps 10^-10 next to 10^9 and 10^-20 without rounding', () => {
        // 1000000000 + 0.0000000001 + 0.00000000000000000001 = 1000000000.00000000010000000001
        // markup 10%: 1100000000.000000000110000000011
        const data = cube(
            cells(`
                2026-01 ${A1} AmazonEC2 Usage cost=1000000000 pub=1000000000 ut=a
                2026-01 ${A1} AmazonEC2 Usage cost=0.0000000001 pub=0.0000000001 ut=b
                2026-01 ${A1} AmazonEC2 Usage cost=0.00000000000000000001 pub=0.00000000000000000001 ut=c
            `),
        );
        const report = priceReport(prepareCube(data), policy([markup('global', '10')], [group('g', { primary: A1 })]));
        expect(report.total.awsCost).toBe('1000000000.00000000010000000001');
        expect(report.groups[0]!.proformaCost).toBe('1100000000.000000000110000000011');
        expect(report.groups[0]!.margin).toBe('100000000.000000000010000000001');
    });

    it('a 0.1 + 0.2 style sum is exact (no binary floating point)', () => {
        const data = cube(
            cells(`
                2026-01 ${A1} AmazonEC2 Usage cost=0.1 pub=0.1 ut=a
                2026-01 ${A1} AmazonEC2 Usage cost=0.2 pub=0.2 ut=b
            `),
        );
        const report = priceReport(prepareCube(data), policy([], [group('g', { primary: A1 })]));
        expect(report.total.awsCost).toBe('0.3');
        expect(report.groups[0]!.proformaCost).toBe('0.3');
    });

    it('total pro forma and margin are Σ over groups', () => {
        // g1: 100 × 1.1 = 110 (aws 90); g2: 50 × 1.1 = 55 (aws 50); A3 unassigned 7.
        // total aws 147; pro forma 165; margin (110 − 90) + (55 − 50) = 25
        const data = cube(
            cells(`
                2026-01 ${A1} AmazonEC2 Usage cost=90 pub=100
                2026-01 ${A2} AmazonEC2 Usage cost=50 pub=50
                2026-01 ${A3} AmazonEC2 Usage cost=7 pub=7
            `),
        );
        const report = priceReport(prepareCube(data), policy([markup('global', '10')], [group('g1', { primary: A1 }), group('g2', { primary: A2 })]));
        expect(report.total).toEqual({ awsCost: '147', proformaCost: '165', margin: '25' });
    });

    it('reports the data source', () => {
        const data = cube(cells(`2026-01 ${A1} AmazonEC2 Usage cost=1 pub=1 rows=7`));
        const report = priceReport(prepareCube(data), policy([], [group('g', { primary: A1 })]));
        expect(report.data).toEqual({ sources: ['/data/test.csv'], format: 'cur2', rows: 7, cells: 1 });
        expect(report.schemaVersion).toBe(1);
        expect(report.currency).toBe('USD');
    });

    it('reports mixed currencies as an error issue', () => {
        const list: CubeCell[] = cells(`
            2026-01 ${A1} AmazonEC2 Usage cost=1 pub=1
            2026-01 ${A1} AmazonEC2 Usage cost=1 pub=1 cur=CNY ut=x
            2026-01 ${A1} AmazonEC2 Usage cost=1 pub=1 ut=y
        `);
        const report = priceReport(prepareCube(cube(list)), policy([], [group('g', { primary: A1 })]));
        expect(report.currency).toBe('USD');
        expect(report.issues.filter((issue) => issue.code === 'mixed-currency').map((issue) => issue.severity)).toEqual(['error']);
    });
});

describe('margin %', () => {
    const marginPercentOf = (aws: string, publicCost: string) =>
        priceReport(prepareCube(cube(cells(`2026-01 ${A1} AmazonEC2 Usage cost=${aws} pub=${publicCost}`))), policy([], [group('g', { primary: A1 })])).groups[0]!.marginPercent;

    it('is margin ÷ pro forma × 100 rounded half-even to 2 decimals', () => {
        // (200 − 175.31) / 200 × 100 = 24.69 / 2 = 12.345 → half-even → 12.34 (half-up would give 12.35)
        expect(marginPercentOf('175.31', '200')).toBe('12.34');
        // 24.67 / 2 = 12.335 → 12.34 (the even neighbour)
        expect(marginPercentOf('175.33', '200')).toBe('12.34');
        // −24.69 / 2 = −12.345 → −12.34
        expect(marginPercentOf('224.69', '200')).toBe('-12.34');
        // 1/3: (3 − 2) / 3 × 100 = 33.333… → 33.33; 2/3 → 66.67
        expect(marginPercentOf('2', '3')).toBe('33.33');
        expect(marginPercentOf('1', '3')).toBe('66.67');
        // 0 margin → 0.00
        expect(marginPercentOf('5', '5')).toBe('0.00');
    });

    it('is null when pro forma is 0', () => {
        // Only a tax line: pro forma 0, AWS cost 5, margin −5.
        const report = priceReport(prepareCube(cube(cells(`2026-01 ${A1} AmazonEC2 Tax cost=5`))), policy([], [group('g', { primary: A1 })]));
        expect(report.groups[0]!.proformaCost).toBe('0');
        expect(report.groups[0]!.margin).toBe('-5');
        expect(report.groups[0]!.marginPercent).toBeNull();
    });
});

describe('reconciliation guard', () => {
    it('throws an internal error if groups + unassigned ever differ from the input total', () => {
        // Simulate a pricing bug: drop the unassigned account's cost (A2, 5) from the priced state.
        const data = cube(
            cells(`
                2026-01 ${A1} AmazonEC2 Usage cost=10 pub=10
                2026-01 ${A2} AmazonEC2 Usage cost=5 pub=5
            `),
        );
        const priced = pricePolicy(prepareCube(data), policy([], [group('g', { primary: A1 })]));
        expect(() => buildReport(priced)).not.toThrow();
        expect(() => buildReport({ ...priced, unassigned: [] })).toThrow(ReconciliationError);
    });

    it('an empty cube gives an empty report that still reconciles', () => {
        const report = priceReport(prepareCube(cube([])), policy([], [group('g', { primary: A1 })]));
        expect(report.periods).toEqual([]);
        expect(report.groups).toEqual([]);
        expect(report.total).toEqual({ awsCost: '0', proformaCost: '0', margin: '0' });
        expect(report.reconciliation.difference).toBe('0');
    });
});

describe('headline-only reports', () => {
    it('detail: false leaves byService, byAccount and rules empty and says so; buildGroupReport gives one group in full', () => {
        // g: 100 × 1.1 = 110 (aws 90); fee 5 → 115.
        const data = cube(cells(`2026-01 ${A1} AmazonEC2 Usage cost=90 pub=100`));
        const model = policy([markup('global', '10')], [group('g', { primary: A1, lineItems: [flatFee('fee', '5')] })]);
        const full = priceReport(prepareCube(data), model);
        const headline = priceReport(prepareCube(data), model, { detail: false });
        expect(full.detail).toBeUndefined();
        expect(headline.detail).toBe(false);
        const g = headline.groups[0]!;
        expect([g.awsCost, g.charges, g.proformaCost, g.margin, g.marginPercent]).toEqual(['90', '110', '115', '25', '21.74']); // 25 / 115 = 21.739…%
        expect([g.byService, g.byAccount, g.rules]).toEqual([[], [], []]);
        expect(g.customLineItems.map((line) => line.amount)).toEqual(['5']);
        expect({ ...headline, detail: undefined, groups: [] }).toEqual({ ...full, detail: undefined, groups: [] });
        const priced = pricePolicy(prepareCube(data), model);
        expect(buildGroupReport(priced, 0)).toEqual(full.groups[0]);
    });
});
