/**
 * The commitments oracle on the hand-worked hourly fixtures (test/fixtures/commitments): each group's pro forma,
 * coverage and utilization equal the figures worked out by hand in commitments-fixtures.ts, as exact strings.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOURLY_CUR1_COLUMNS } from '../../engine/generate/index.js';
import { commitmentsOracle, type CommitmentsOracleReport } from './commitments-oracle-sql.js';
import { A, B, C, COMMITMENTS_FIXTURES, FIXTURE_DIR, FIXTURE_POLICY, type GroupFigures } from './commitments-fixtures.js';
import type { OraclePolicy } from './report-oracle-sql.js';

function figuresOf(result: CommitmentsOracleReport, group: 'alpha' | 'beta'): GroupFigures {
    const report = result.report.groups.find((g) => g.group === group && g.period === '2026-02')!;
    const extra = result.groups.find((g) => g.group === group && g.period === '2026-02')!;
    return {
        awsCost: report.awsCost, proformaCost: report.proformaCost,
        eligibleOnDemandCost: extra.eligibleOnDemandCost, coveredOnDemandCost: extra.coveredOnDemandCost,
        reservations: { purchased: extra.reservations.purchased, used: extra.reservations.used },
        savingsPlans: { purchased: extra.savingsPlans.purchased, used: extra.savingsPlans.used },
    };
}

describe('commitments oracle on the hand-worked hourly fixtures', () => {
    for (const [file, expected] of Object.entries(COMMITMENTS_FIXTURES)) {
        it(`${file}: each group's pro forma, coverage and utilization equal the hand-worked figures`, async () => {
            // The fixtures have the columns of the generator's hourly mode.
            expect(readFileSync(path.join(FIXTURE_DIR, file), 'utf8').split('\n', 1)[0]).toBe(HOURLY_CUR1_COLUMNS.join(','));
            const result = await commitmentsOracle(path.join(FIXTURE_DIR, file), FIXTURE_POLICY);
            expect(result.hourlyPeriods).toEqual(['2026-02']);
            expect(result.notReapplied).toEqual([]);
            expect(figuresOf(result, 'alpha')).toEqual(expected.groups.alpha);
            expect(figuresOf(result, 'beta')).toEqual(expected.groups.beta);
            expect(result.report.total.awsCost).toBe(expected.total);
            expect(result.report.unassigned.awsCost).toBe('0');
            for (const g of result.groups) expect(g.unrated).toEqual({ rows: 0, onDemandCost: '0' });
            // Every commitment is A's and A is in alpha.
            expect(result.commitments.every((c) => c.ownerAccountId === A && c.group === 'alpha')).toBe(true);
        });
    }

    it('the owner moved to beta: the same commitments then serve beta, and alpha pays on-demand', async () => {
        // (a) with A in beta: the RI (8 units an hour) covers its owner A's m5.large first (1, 1, 3, 1 h = 4, 4, 12, 4
        // units), then B's m5.xlarge (1 h = 8 units each hour):
        //   h1: A 4, B 4 of 8 → B 0.5 h on-demand; h2: same; h3: A 8 (A 1 h on-demand), B 1 h on-demand; h4: as h1.
        //   beta on-demand: B 0.5 + 0.5 + 1 + 0.5 = 2.5 h × 0.192 = 0.48, A 1 h × 0.096 = 0.096: 0.576 × 1.20 =
        //   0.6912; + S3 1.20 + RIFee 81.312 (now billed in beta) = 83.2032.
        //   alpha (C alone): 3 h m5.large × 0.096 = 0.288 × 1.10 = 0.3168.
        const moved: OraclePolicy = {
            ...FIXTURE_POLICY,
            memberships: [{ group: 'beta', account: A }, { group: 'alpha', account: C }, { group: 'beta', account: B }],
        };
        const result = await commitmentsOracle(path.join(FIXTURE_DIR, 'a-regional-ri-cross-group.csv'), moved);
        expect(result.report.groups.find((g) => g.group === 'beta')!.proformaCost).toBe('83.2032');
        expect(result.report.groups.find((g) => g.group === 'alpha')!.proformaCost).toBe('0.3168');
        // Used 4 + 4 + 8 + 4 (A) + 4 + 4 + 0 + 4 (B) = 32 units of 8 × 672 h in force = 5376.
        expect(result.commitments[0]).toMatchObject({ group: 'beta', purchased: '5376', used: '32' });
    });

    it('an owner in no group: its commitments cover nothing, every group pays on-demand', async () => {
        // (c) without A: C alone in alpha, 1.23 − 0.794 = 0.436 on-demand × 1.10 = 0.4796; beta as before, 1.476.
        const ownerless: OraclePolicy = { ...FIXTURE_POLICY, memberships: FIXTURE_POLICY.memberships.filter((m) => m.account !== A) };
        const result = await commitmentsOracle(path.join(FIXTURE_DIR, 'c-ri-then-sp-cross-group.csv'), ownerless);
        expect(result.report.groups.find((g) => g.group === 'alpha')!.proformaCost).toBe('0.4796');
        expect(result.report.groups.find((g) => g.group === 'beta')!.proformaCost).toBe('1.476');
        // A's AWS cost (fees 81.312 + 0.4722, usage 0.794) is unassigned: 82.5782.
        expect(result.report.unassigned.awsCost).toBe('82.5782');
        expect(result.commitments.map((c) => c.used)).toEqual(['0', '0']);
    });
});
