/**
 * The hand-worked figures of the hourly commitment fixtures (test/fixtures/commitments, README there), with the
 * arithmetic written out: what the commitments oracle (commitments-fixtures.test.ts) and, at merge, the engine's
 * re-application are held to.
 *
 * Common to all three: period 2026-02 (672 hours), us-east-1 Linux shared tenancy, public on-demand rates
 * m5.large 0.096/h (normalization factor 4), m5.xlarge 0.192/h (8), c5.xlarge 0.17/h (8); Compute Savings Plan rates
 * m5.large 0.0768/h (savings 20 %), c5.xlarge 0.119/h (savings 30 %).
 * Accounts A = 100000000001 (owns every commitment) and C = 100000000003 in group alpha (markup 10 %),
 * B = 100000000002 in group beta (markup 20 %). In the billable bill AWS gave the commitments' benefit to B.
 */
import * as path from 'node:path';
import { repoRoot } from '../cli/cli-harness.js';
import type { OraclePolicy } from './report-oracle-sql.js';

export const FIXTURE_DIR = path.join(repoRoot, 'test/fixtures/commitments');
export const A = '100000000001';
export const B = '100000000002';
export const C = '100000000003';

/** The policy of every fixture, as oracle tables; the same as test/fixtures/commitments/policy.billing. */
export const FIXTURE_POLICY: OraclePolicy = {
    groups: [{ name: 'alpha', plan: 'alpha-rate', primary: A }, { name: 'beta', plan: 'beta-rate', primary: B }],
    memberships: [{ group: 'alpha', account: A }, { group: 'alpha', account: C }, { group: 'beta', account: B }],
    rules: [{ plan: 'alpha-rate', type: 'MARKUP', modifier: '10' }, { plan: 'beta-rate', type: 'MARKUP', modifier: '20' }],
    lineItems: [],
};

export interface GroupFigures {
    awsCost: string;
    proformaCost: string;
    eligibleOnDemandCost: string;
    coveredOnDemandCost: string;
    reservations: { purchased: string; used: string };
    savingsPlans: { purchased: string; used: string };
}

/** The hand-worked figures, per fixture file and group (period 2026-02). */
export const COMMITMENTS_FIXTURES: Record<string, { total: string; groups: Record<'alpha' | 'beta', GroupFigures> }> = {
    /*
     * (a) A regional m5.xlarge RI of A (1 reservation = 8 normalized units an hour, No Upfront 0.121/h; RIFee
     * 672 h × 0.121 = 81.312, billed to A), its benefit given by AWS to B's m5.xlarge (1 h in each of 4 hours).
     * alpha's usage (m5.large, 4 units an hour): A 1, 1, 3, 1 h; C 0, 2, 1, 0 h in hours 1–4. Re-applied in alpha:
     *   h1: A 4 units covered (RI left 4 unused).                         used 4
     *   h2: A 4 covered; C needs 8, gets the 4 left: 1 h covered, 1 h on-demand.   used 8
     *   h3: A needs 12, gets 8: 2 h covered, 1 h on-demand; C 1 h on-demand.        used 8
     *   h4: A 4 covered.                                                  used 4
     *   on-demand left: 3 h × 0.096 = 0.288, × 1.10 = 0.3168; pro forma alpha = 81.312 + 0.3168 = 81.6288
     *   (A's Tax 0.50: 0 in pro forma). Utilization 24 / (8 units × 672 h in force) = 24 / 5376 (the RIFee spans the
     *   month; AWS's own reservation/TotalReservedNormalizedUnits on it says 5376 too). Eligible 9 h × 0.096 = 0.864,
     *   covered 6 h × 0.096 = 0.576.
     *   AWS cost alpha = 81.312 + A 6 h × 0.096 (0.576) + C 3 h × 0.096 (0.288) + tax 0.50 = 82.676.
     * beta holds no commitment: B's 4 h of m5.xlarge at on-demand 4 × 0.192 = 0.768, × 1.20 = 0.9216, plus its S3
     *   line 1.00 × 1.20 = 1.20: pro forma beta = 2.1216; AWS cost beta = 0 (DiscountedUsage) + 1.00 = 1.00.
     * Total AWS cost 82.676 + 1.00 = 83.676 (all of it in groups).
     */
    'a-regional-ri-cross-group.csv': {
        total: '83.676',
        groups: {
            alpha: {
                awsCost: '82.676', proformaCost: '81.6288', eligibleOnDemandCost: '0.864', coveredOnDemandCost: '0.576',
                reservations: { purchased: '5376', used: '24' }, savingsPlans: { purchased: '0', used: '0' },
            },
            beta: {
                awsCost: '1', proformaCost: '2.1216', eligibleOnDemandCost: '0.768', coveredOnDemandCost: '0',
                reservations: { purchased: '0', used: '0' }, savingsPlans: { purchased: '0', used: '0' },
            },
        },
    },
    /*
     * (b) A Compute Savings Plan of A, 0.1574 an hour (hourly SavingsPlanRecurringFee, 4 × 0.1574 = 0.6296 billed to
     * A), used by AWS entirely for B (each hour c5.xlarge 1 h at 0.119 + m5.large 0.5 h at 0.0384 = 0.1574, with its
     * SavingsPlanNegation). alpha's usage, on-demand in the billable bill: A h1 c5.xlarge 1 h + m5.large 1 h,
     * h2 m5.large 0.5 h, h4 m5.large 1 h; C h2 c5.xlarge 1.5 h + m5.large 1 h, h3 c5.xlarge 1 h + m5.large 1 h.
     * Re-applied in alpha (A first, then C; within each, c5.xlarge 30 % before m5.large 20 %):
     *   h1: A c5 1 h costs 0.119 (0.0384 left); A m5 1 h would cost 0.0768: 0.0384 / 0.0768 = 0.5 h covered,
     *       0.5 h on-demand = 0.048.                                       spent 0.1574
     *   h2: A m5 0.5 h costs 0.0384 (0.119 left); C c5 1.5 h would cost 0.1785: 0.119 / 0.119 = 1 h covered,
     *       0.5 h on-demand = 0.085; C m5 1 h on-demand = 0.096.            spent 0.1574
     *   h3: C c5 1 h costs 0.119 (0.0384 left); C m5 0.5 h covered, 0.5 h on-demand = 0.048.   spent 0.1574
     *   h4: A m5 1 h costs 0.0768 (0.0806 unused).                          spent 0.0768
     *   on-demand left 0.048 + 0.085 + 0.096 + 0.048 = 0.277, × 1.10 = 0.3047; pro forma alpha = 0.6296 + 0.3047
     *   = 0.9343. Utilization 0.549 / 0.6296. Eligible: A 0.17 + 0.096 + 0.048 + 0.096 = 0.41, C 0.255 + 0.096 +
     *   0.17 + 0.096 = 0.617, together 1.027; covered 1.027 − 0.277 = 0.75.
     *   AWS cost alpha = 0.6296 + 0.41 + 0.617 = 1.6566.
     * beta: B's covered usage at on-demand, 4 × (0.17 + 0.048) = 0.872, × 1.20 = 1.0464; negations dropped.
     *   AWS cost beta = 0.872 − 0.872 = 0.
     */
    'b-compute-sp-cross-group.csv': {
        total: '1.6566',
        groups: {
            alpha: {
                awsCost: '1.6566', proformaCost: '0.9343', eligibleOnDemandCost: '1.027', coveredOnDemandCost: '0.75',
                reservations: { purchased: '0', used: '0' }, savingsPlans: { purchased: '0.6296', used: '0.549' },
            },
            beta: {
                awsCost: '0', proformaCost: '1.0464', eligibleOnDemandCost: '0.872', coveredOnDemandCost: '0',
                reservations: { purchased: '0', used: '0' }, savingsPlans: { purchased: '0', used: '0' },
            },
        },
    },
    /*
     * (c) Both commitments of (a) and (b) over 3 hours: the RI (8 units an hour, RIFee 81.312) and the Savings Plan
     * (0.1574 an hour, 3 × 0.1574 = 0.4722), AWS giving both to B (m5.xlarge 1 h by the RI; c5.xlarge 1 h +
     * m5.large 0.5 h by the plan, each hour). alpha's usage: A h1 m5.large 3 h + c5.xlarge 1 h, h2 m5.large 2.5 h,
     * h3 m5.large 1 h; C h2 c5.xlarge 1 h, h3 m5.large 1 h + c5.xlarge 1 h. RI first, then the plan:
     *   h1: RI: A m5 12 units, 8 covered (2 h), 1 h left. Plan: A c5 0.119, A m5 1 h: 0.0384 / 0.0768 = 0.5 h
     *       covered, 0.5 h on-demand = 0.048.
     *   h2: RI: A m5 10 units, 8 covered, 0.5 h left. Plan: A m5 0.5 h 0.0384, C c5 1 h 0.119: 0.1574, all covered.
     *   h3: RI: A m5 4 units, C m5 4 units: all covered. Plan: C c5 0.119 (0.0384 unused).
     *   on-demand left 0.048 × 1.10 = 0.0528; pro forma alpha = 81.312 + 0.4722 + 0.0528 = 81.837.
     *   RI used 24 units of 8 × 672 h in force = 5376 (the RIFee spans the month); plan (hourly fee lines, 3 h in force)
     *   0.1574 + 0.1574 + 0.119 = 0.4338 / 0.4722. Eligible: A 0.288 + 0.17 + 0.24 +
     *   0.096 = 0.794, C 0.17 + 0.096 + 0.17 = 0.436, together 1.23; covered 1.23 − 0.048 = 1.182.
     *   (Plan first would have covered A's h1 c5 and m5 before the RI, leaving RI units unused: the order matters.)
     *   AWS cost alpha = 81.312 + 0.4722 + 1.23 = 83.0142.
     * beta: B at on-demand: 3 × (0.192 + 0.17 + 0.048) = 1.23, × 1.20 = 1.476. AWS cost beta 0 + 0.654 − 0.654 = 0.
     */
    'c-ri-then-sp-cross-group.csv': {
        total: '83.0142',
        groups: {
            alpha: {
                awsCost: '83.0142', proformaCost: '81.837', eligibleOnDemandCost: '1.23', coveredOnDemandCost: '1.182',
                reservations: { purchased: '5376', used: '24' }, savingsPlans: { purchased: '0.4722', used: '0.4338' },
            },
            beta: {
                awsCost: '0', proformaCost: '1.476', eligibleOnDemandCost: '1.23', coveredOnDemandCost: '0',
                reservations: { purchased: '0', used: '0' }, savingsPlans: { purchased: '0', used: '0' },
            },
        },
    },
};

