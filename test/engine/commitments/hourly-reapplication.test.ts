import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../../engine/ingest/index.js';
import { Decimal } from '../../../engine/money/decimal.js';
import { prepareCube, pricePolicy, priceReport } from '../../../engine/price/index.js';
import { renderMarkdown, renderTable } from '../../../engine/report/index.js';
import type { CostReport, GroupReport } from '../../../engine/report/types.js';
import { buildIngestWorker, tempDir } from '../ingest/helpers.js';
import { group, markup, policy } from '../price/fixtures.js';

import { A, B, C, HEADER, LINES, MONTH, RI, row, SP, type Line } from './hourly-fixture.js';

const groupNamed = (report: CostReport, name: string): GroupReport => report.groups.find(g => g.name === name)!;
const alphaBeta = policy([markup('global', '10')], [group('Alpha', { primary: A, members: [A, B] }), group('Beta', { primary: C })]);

async function cubeOf(lines: readonly Line[], granularity: 'hourly' | 'daily' = 'hourly'): Promise<ReturnType<typeof prepareCube>> {
    const dir = tempDir('hourly-commitments');
    const file = path.join(dir, 'cur.csv');
    const daily = (l: Line): Line => (l.when === MONTH ? l : { ...l, when: ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'] });
    writeFileSync(file, [HEADER, ...lines.map(l => row(granularity === 'daily' ? daily(l) : l))].join('\n') + '\n');
    return prepareCube(await ingest([file], { workers: 0 }));
}

/** The same columns in CUR 2.0 naming. */
const CUR2_HEADER = [
    'bill_billing_period_start_date', 'line_item_usage_account_id', 'line_item_line_item_type', 'line_item_usage_start_date', 'line_item_usage_end_date',
    'line_item_product_code', 'line_item_usage_type', 'line_item_operation', 'line_item_currency_code', 'line_item_usage_amount',
    'line_item_unblended_cost', 'pricing_public_on_demand_cost', 'product_instance_type', 'product_region_code', 'reservation_reservation_a_r_n',
    'reservation_number_of_reservations', 'savings_plan_savings_plan_a_r_n', 'savings_plan_savings_plan_rate', 'savings_plan_total_commitment_to_date',
    'savings_plan_offering_type',
].join(',');

describe('hourly re-application of RIs and Savings Plans inside billing groups (hand-worked)', () => {
    it('reads the same ledger from CUR 2.0 CSV and Parquet (and through the ingest workers)', async () => {
        const dir = tempDir('hourly-commitments-cur2');
        const csv = path.join(dir, 'cur2.csv');
        writeFileSync(csv, [CUR2_HEADER, ...LINES.map(row)].join('\n') + '\n');
        const parquet = path.join(dir, 'cur2.parquet');
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        try {
            await connection.run(`COPY (SELECT * FROM read_csv('${csv}', all_varchar = true)) TO '${parquet}' (FORMAT PARQUET)`);
        } finally { connection.closeSync(); }
        const workerScript = await buildIngestWorker(dir);
        for (const [file, options] of [[csv, { workers: 0 }], [parquet, { workers: 0 }], [csv, { workers: 2, workerScript, splitThreshold: 1 }]] as const) {
            const report = priceReport(prepareCube(await ingest([file], options)), alphaBeta);
            // As worked out below: Alpha 111.6935, Beta 0.3047.
            expect(groupNamed(report, 'Alpha').proformaCost, file).toBe('111.6935');
            expect(groupNamed(report, 'Beta').proformaCost, file).toBe('0.3047');
        }
    });

    it('each group is billed as its own consolidated family; Σ groups + unassigned = input total', async () => {
        const report = priceReport(await cubeOf(LINES), alphaBeta);
        const alpha = groupNamed(report, 'Alpha');
        const beta = groupNamed(report, 'Beta');
        // Alpha (A, B) holds ri-1 and sp-1. Eligible usage (on-demand equivalent):
        //   hour 0: A c5 1 h 0.085, B m5 1 h 0.096.
        //     RI (4 units): A has no m5 → B's m5 (1 h × 4 = 4 units) covered: 0.096.
        //     SP (0.10): A's c5 first: q = min(1, 0.10 / 0.05 = 2) = 1, spends 0.05: covered 0.085.
        //   hour 1: A m5 1 h 0.096, B c5 3 h 0.255.
        //     RI: A's m5 covered (4 units): 0.096.
        //     SP (0.10): A has nothing left; B's c5: q = min(3, 0.10 / 0.05 = 2) = 2, spends 0.10: covered 0.255 × 2 / 3 = 0.17.
        //   uncovered: 0.255 − 0.17 = 0.085, × 1.1 = 0.0935. Fees kept: 37.20 + 74.40 = 111.60. Negation dropped.
        //   Alpha pro forma = 111.60 + 0.0935 = 111.6935; AWS cost = A 111.60 + B 0.351 = 111.951.
        expect(alpha.proformaCost).toBe('111.6935');
        expect(alpha.awsCost).toBe('111.951');
        // Beta (C) holds no commitment: all of C's usage at on-demand × 1.1: (0.096 + 0.085 + 0.096) × 1.1 = 0.277 × 1.1 = 0.3047.
        expect(beta.proformaCost).toBe('0.3047');
        expect(beta.awsCost).toBe('0.181');
        expect(report.total.awsCost).toBe('112.132');
        expect(report.unassigned.awsCost).toBe('0');
        expect(report.total.proformaCost).toBe('111.9982');
    });

    it('reports utilization and coverage per group in pro forma terms', async () => {
        const report = priceReport(await cubeOf(LINES), alphaBeta);
        const alpha = groupNamed(report, 'Alpha').commitments!;
        // Eligible 0.085 + 0.096 + 0.096 + 0.255 = 0.532; covered 0.096 + 0.085 + 0.096 + 0.17 = 0.447.
        expect(alpha.eligibleCost).toBe('0.532');
        expect(alpha.coveredCost).toBe('0.447');
        // RI: 4 + 4 = 8 normalized units used of 4 × 744 = 2976; SP: 0.05 + 0.10 = 0.15 used of 0.10 × 744 = 74.4.
        expect(alpha.commitments).toEqual([
            // 8 / 2976 × 100 = 0.2688… → 0.27; 0.15 / 74.4 × 100 = 0.2016… → 0.20
            { arn: RI, kind: 'reservation', ownerAccountId: A, unit: 'normalized-units', used: '8', capacity: '2976', utilizationPercent: '0.27' },
            { arn: SP, kind: 'savingsPlan', ownerAccountId: A, unit: 'commitment', used: '0.15', capacity: '74.4', utilizationPercent: '0.20' },
        ]);
        // 0.447 / 0.532 × 100 = 84.0225… → 84.02
        expect(alpha.coveragePercent).toBe('84.02');
        const beta = groupNamed(report, 'Beta').commitments!;
        expect(beta).toEqual({ eligibleCost: '0.277', coveredCost: '0', coveragePercent: '0.00', commitments: [] });
    });

    it('shows coverage and utilization in the --detail tables (rounded once, as everywhere)', async () => {
        const report = priceReport(await cubeOf(LINES), alphaBeta);
        const table = renderTable(report, { detail: true });
        // covered 0.447 → 0.45, eligible 0.532 → 0.53; RI 8 of 2976 normalized unit-hours (0.27 %); SP 0.15 of 74.40 (0.20 %).
        expect(table).toContain('Commitment coverage: 0.45 of 0.53 eligible on-demand (84.02 %)');
        expect(table).toMatch(new RegExp(`${RI.replace(/[/.]/g, '\\$&')}\\s+normalized unit-hours\\s+8\\.00\\s+2976\\.00\\s+0\\.27 %`));
        expect(table).toMatch(new RegExp(`${SP.replace(/[/.]/g, '\\$&')}\\s+commitment\\s+0\\.15\\s+74\\.40\\s+0\\.20 %`));
        // Beta: nothing covered of 0.277 → 0.28.
        expect(table).toContain('Commitment coverage: 0.00 of 0.28 eligible on-demand (0.00 %)');
        expect(renderMarkdown(report, { detail: true })).toContain('Commitment coverage: 0.45 of 0.53 eligible on-demand (84.02 %)');
    });

    it('a non-terminating share stays exact to 60 digits and still reconciles', async () => {
        // Plan rate 0.06 instead of 0.05. Alpha, hour 0: A's c5 1 h spends 0.06 (B's m5 is the RI's).
        // Hour 1: B's c5 q = min(3, 0.10 / 0.06 = 1.666…) → covered 0.255 × (5/3) / 3 = 0.141666…, uncovered 0.113333…,
        // × 1.1 = 0.124666…; pro forma 111.60 + 0.124666… = 111.724666… → 111.72 shown. AWS side unchanged: 112.132.
        const lines = LINES.map(l => (l.rate ? { ...l, rate: '0.06' } : l));
        const report = priceReport(await cubeOf(lines), alphaBeta);
        const alpha = groupNamed(report, 'Alpha');
        expect(alpha.proformaCost.slice(0, 14)).toBe('111.7246666666');
        expect(new Decimal(alpha.proformaCost).toDecimalPlaces(2).toFixed(2)).toBe('111.72');
        expect(report.reconciliation.difference).toBe('0');
        expect(report.total.awsCost).toBe('112.132');
    });

    it('all three accounts in one group: the commitments serve the purchasing account first, then the others', async () => {
        const report = priceReport(await cubeOf(LINES), policy([markup('global', '10')], [group('All', { primary: A, members: [A, B, C] })]));
        // hour 0: RI → A has no m5; others pooled by normalization factor, then account: B's m5 (0.096), C's m5 left.
        //         SP (0.10) → A's c5 (rate 0.05, 1 h, spends 0.05); then C's c5 (0.05 left → 1 h, spends 0.05).
        //         uncovered: C's m5 0.096.
        // hour 1: RI → A's m5. SP → B's c5 2 of 3 h (0.17). uncovered: B's c5 0.085, C's m5 0.096.
        // pro forma = 111.60 + (0.096 + 0.085 + 0.096) × 1.1 = 111.60 + 0.3047 = 111.9047
        expect(groupNamed(report, 'All').proformaCost).toBe('111.9047');
        expect(report.total.awsCost).toBe('112.132');
    });

    it('a policy edit that leaves membership alone re-prices without re-applying', async () => {
        const prepared = await cubeOf(LINES);
        const first = priceReport(prepared, alphaBeta);
        const edited = priceReport(prepared, policy([markup('global', '20')], alphaBeta.groups));
        // Beta: 0.277 × 1.2 = 0.3324; Alpha: 111.60 + 0.085 × 1.2 = 111.702
        expect(groupNamed(edited, 'Beta').proformaCost).toBe('0.3324');
        expect(groupNamed(edited, 'Alpha').proformaCost).toBe('111.702');
        expect(groupNamed(first, 'Beta').proformaCost).toBe('0.3047');
        // The re-applied cube is reused (cached per membership): same object for both policies, another one when membership moves.
        const reused = pricePolicy(prepared, alphaBeta).prepared;
        expect(pricePolicy(prepared, policy([markup('global', '20')], alphaBeta.groups)).prepared).toBe(reused);
        expect(reused).not.toBe(prepared);
        const moved = pricePolicy(prepared, policy([markup('global', '10')], [group('Alpha', { primary: A, members: [A, B, C] })])).prepared;
        expect(moved).not.toBe(reused);
    });

    it('daily data keeps the owner-in-group treatment and says so once per period', async () => {
        const report = priceReport(await cubeOf(LINES, 'daily'), alphaBeta);
        const warnings = report.issues.filter(i => i.code === 'commitments-not-reapplied');
        expect(warnings).toHaveLength(1);
        expect(warnings[0]!.period).toBe('2026-01');
        expect(warnings[0]!.message).toMatch(/data is daily/);
        // Today's treatment: Alpha keeps A's covered lines at billed cost (0.085 − 0.085 + 0), B at on-demand × 1.1:
        //   111.60 + 0 + (0.096 + 0.255) × 1.1 = 111.60 + 0.3861 = 111.9861.
        // Beta: C's DiscountedUsage (owner A outside) repriced 0.096 × 1.1 + (0.085 + 0.096) × 1.1 = 0.3047.
        expect(groupNamed(report, 'Alpha').proformaCost).toBe('111.9861');
        expect(groupNamed(report, 'Beta').proformaCost).toBe('0.3047');
        expect(groupNamed(report, 'Alpha').commitments).toBeUndefined();
    });
});
