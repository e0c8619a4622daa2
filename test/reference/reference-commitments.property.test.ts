import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport, ingest, prepareCube, pricePolicy } from '../../engine/index.js';
import { Exact } from '../../engine/reference/exact.js';
import { readLineItems, referenceBill } from '../../engine/reference/index.js';
import { asReferenceBill } from './engine-as-reference.js';
import { policy } from './random-billing.js';
import { commitmentData, writeCommitmentCur } from './random-commitments.js';

/**
 * Hourly commitment re-application (docs/semantics.md "Hourly data: commitments re-applied inside each group"):
 * the engine (engine/commitments via the prepared cube) against the reference pricer's own re-application
 * (engine/reference/commitments.ts), on random hourly EC2 usage, RIs, Compute and EC2 Instance Savings Plans
 * (test/reference/random-commitments.ts) and random policies: every group's pro forma, commitments figures
 * (eligible, covered, coverage, each commitment's utilization), unassigned and total equal to the last digit, and
 * Σ groups + unassigned = input total exactly. CI runs a fixed seed; FC_RUNS and FC_SEED run deeper or elsewhere
 * (`FC_RUNS=2000 FC_SEED=7 npx vitest run test/reference/reference-commitments.property.test.ts`).
 */
const RUNS = Number(process.env.FC_RUNS ?? 300);
const SEED = Number(process.env.FC_SEED ?? 1212);

describe('hourly commitment re-application: the engine equals the reference pricer', () => {
    it('on random hourly RIs, Compute and EC2 Instance Savings Plans, usage and policies: every figure, to the last digit', { timeout: Math.max(60_000, RUNS * 400) }, async () => {
        const reached = new Set<string>();
        await fc.assert(fc.asyncProperty(commitmentData, policy, async (data, model) => {
            const cur = writeCommitmentCur(data);
            try {
                const engine = buildReport(pricePolicy(prepareCube(await ingest(cur.files, { workers: 0 })), model, {}));
                const reference = referenceBill(await readLineItems(cur.files), model);
                for (const group of reference.groups) {
                    if (!group.commitments) continue;
                    reached.add('re-applied');
                    if (group.commitments.coveredCost !== '0') reached.add('covered');
                    for (const c of group.commitments.commitments) {
                        if (c.used === '0') continue;
                        reached.add(`${c.kind} used`);
                        if (c.kind === 'savingsPlan' && data.sps[Number(c.arn.split('sp-')[1])]?.family) reached.add('EC2 Instance plan used');
                        if (group.accountIds.length > 1) reached.add(`${c.kind} used in a group of several accounts`);
                    }
                }
                if (reference.unassigned.awsCost !== '0') reached.add('unassigned');
                const { currencies: _c, ...bill } = reference;
                expect(asReferenceBill(engine)).toEqual(bill);
                // Σ groups' AWS cost + unassigned = input total, exactly (re-application moves only the pro forma side).
                const groups = reference.groups.reduce((sum, g) => sum.plus(g.awsCost), new Exact(0));
                expect(groups.plus(reference.unassigned.awsCost).eq(reference.total.awsCost)).toBe(true);
                expect(engine.reconciliation.difference).toBe('0');
            } finally {
                cur.dispose();
            }
        }), { numRuns: RUNS, seed: SEED });
        // The random data reaches what the comparison is about (so that equality means something).
        if (RUNS >= 100) {
            expect([...reached].sort()).toEqual([
                'EC2 Instance plan used', 'covered', 're-applied', 'reservation used', 'reservation used in a group of several accounts',
                'savingsPlan used', 'savingsPlan used in a group of several accounts', 'unassigned',
            ]);
        }
    });
});
