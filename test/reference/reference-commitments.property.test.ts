import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport, ingest, prepareCube, pricePolicy } from '../../engine/index.js';
import { Exact } from '../../engine/reference/exact.js';
import { readLineItems, referenceBill } from '../../engine/reference/index.js';
import { asReferenceBill } from './engine-as-reference.js';
import type { CustomTier, PolicyModel, PricingRule } from '../../engine/policy/model.js';
import { policy } from './random-billing.js';
import { commitmentData, RDS_ENGINES, writeCommitmentCur } from './random-commitments.js';

/**
 * Hourly commitment re-application (docs/semantics.md "Hourly data: commitments re-applied inside each group"):
 * the engine (engine/commitments via the prepared cube) against the reference pricer's own re-application
 * (engine/reference/commitments.ts), on random hourly EC2, RDS, ElastiCache, OpenSearch, Redshift and SageMaker usage,
 * RIs of the first five, Compute, EC2 Instance and SageMaker Savings Plans, as CUR 1.0 or CUR 2.0 CSV (the RDS deployment
 * option flat or in the `product` map) (test/reference/random-commitments.ts) and random policies (with, in half the runs, custom tiers at the data's
 * scale on EC2: covered usage is not tiered, docs/semantics.md "Custom tiers"): every group's pro forma, commitments figures
 * (eligible, covered, coverage, each commitment's utilization), unassigned and total equal to the last digit, and
 * Σ groups + unassigned = input total exactly. CI runs a fixed seed; FC_RUNS and FC_SEED run deeper or elsewhere
 * (`FC_RUNS=2000 FC_SEED=7 npx vitest run test/reference/reference-commitments.property.test.ts`).
 */
/**
 * Custom tiers at the scale of the data (amounts in halves, a few hours): random-billing's tiers start their second
 * tier at 1 to 800 units, which a few hours of m5.large seldom reach. Prepended to every plan (listed first, it is the
 * TIERING rule of its scope and key), as a SERVICE AmazonEC2 or a GLOBAL rule, so that custom tiers meet re-applied
 * commitments often and their thresholds fall inside the group's usage ("Covered usage is not tiered").
 */
const smallTiers: fc.Arbitrary<PricingRule> = fc.record({
    widths: fc.array(fc.constantFrom('0.5', '1', '1.5', '2', '3'), { minLength: 0, maxLength: 2 }),
    rates: fc.array(fc.constantFrom('0', '0.05', '0.1', '0.25', '1'), { minLength: 3, maxLength: 3 }),
    closed: fc.boolean(),
    service: fc.boolean(),
}).map(({ widths, rates, closed, service }): PricingRule => {
    const tiers: CustomTier[] = [];
    let begin = new Exact(0);
    widths.forEach((width, i) => {
        const end = begin.plus(width);
        tiers.push({ beginInclusive: begin.toFixed(), endExclusive: end.toFixed(), rate: rates[i]! });
        begin = end;
    });
    tiers.push(closed ? { beginInclusive: begin.toFixed(), endExclusive: begin.plus(2).toFixed(), rate: rates[2]! } : { beginInclusive: begin.toFixed(), rate: rates[2]! });
    return { name: 'ec2-tiers', scope: service ? 'SERVICE' : 'GLOBAL', ...(service && { service: 'AmazonEC2' }), type: 'TIERING', modifierPercent: '0', customTiers: tiers } as PricingRule;
});

const policyWithTiers: fc.Arbitrary<PolicyModel> = fc.tuple(policy, fc.option(smallTiers, { freq: 2 })).map(([model, tiers]) => (!tiers ? model : {
    ...model,
    rules: [tiers, ...model.rules],
    plans: model.plans.map((plan) => ({
        ...plan, rules: [tiers.name, ...plan.rules],
        ...(plan.ruleLists && { ruleLists: plan.ruleLists.map((line) => ({ ...line, rules: [tiers.name, ...line.rules] })) }),
    })),
}));

const RUNS = Number(process.env.FC_RUNS ?? 300);
const SEED = Number(process.env.FC_SEED ?? 1212);

describe('hourly commitment re-application: the engine equals the reference pricer', () => {
    it('on random hourly EC2, RDS, ElastiCache, OpenSearch and Redshift RIs, Compute, EC2 Instance and SageMaker Savings Plans, usage and policies: every figure, to the last digit', { timeout: Math.max(60_000, RUNS * 400) }, async () => {
        const reached = new Set<string>();
        await fc.assert(fc.asyncProperty(commitmentData, policyWithTiers, async (data, model) => {
            const cur = writeCommitmentCur(data);
            try {
                const engine = buildReport(pricePolicy(prepareCube(await ingest(cur.files, { workers: 0 })), model, {}));
                const reference = referenceBill(await readLineItems(cur.files), model);
                for (const group of reference.groups) {
                    if (!group.commitments) continue;
                    reached.add('re-applied');
                    if (group.commitments.coveredCost !== '0') reached.add('covered');
                    // Custom tiers priced usage in a group whose own commitments covered some (the first rule of a name is the plan's).
                    const tiered = group.rules.map((line) => model.rules.find((rule) => rule.name === line.rule)).find((rule) => rule?.customTiers);
                    if (tiered && group.commitments.coveredCost !== '0') {
                        reached.add('custom tiers with covered usage');
                        if (tiered.customTiers!.length > 1 && group.rules.some((line) => line.rule === tiered.name && line.proformaCost !== '0')) reached.add('several custom tiers, charged, with covered usage');
                    }
                    for (const c of group.commitments.commitments) {
                        if (c.used === '0') continue;
                        reached.add(`${c.kind} used`);
                        const plan = c.kind === 'savingsPlan' ? data.sps[Number(c.arn.split('sp-')[1])] : undefined;
                        if (plan?.family) reached.add('EC2 Instance plan used');
                        if (plan?.sageMaker) reached.add('SageMaker plan used');
                        if (group.accountIds.length > 1) reached.add(`${c.kind} used in a group of several accounts`);
                        const db = /(?:db|cache|search|redshift)-ri-(\d+)$/.exec(c.arn);
                        const ri = db ? data.db?.ris[Number(db[1])] : undefined;
                        if (!ri) continue;
                        if (ri.service === 'AmazonElastiCache') reached.add('ElastiCache reservation used');
                        else if (ri.service === 'AmazonES' || ri.service === 'AmazonRedshift') {
                            const name = ri.service === 'AmazonES' ? 'OpenSearch' : 'Redshift';
                            reached.add(`${name} reservation used`);
                            reached.add(`${name} reservation used, in ${c.unit}`);
                        } else {
                            const flexible = ri.operation !== RDS_ENGINES[2];
                            reached.add(flexible ? 'RDS size-flexible reservation used' : 'RDS exact-fit reservation used');
                            if (ri.multiAz) reached.add(ri.cluster ? 'RDS Multi-AZ DB cluster reservation used' : 'RDS Multi-AZ reservation used');
                            // Multi-AZ usage of the RI's engine and family ran in the group (so the double count is exercised).
                            if (flexible && data.db!.usage.some((u) => u.multiAz && u.operation === ri.operation && u.instanceType.split('.')[1] === ri.instanceType.split('.')[1]
                                && group.accountIds.includes(u.account))) reached.add('RDS size-flexible reservation used beside Multi-AZ usage of its family');
                        }
                    }
                }
                if (reference.unassigned.awsCost !== '0') reached.add('unassigned');
                if (data.format !== undefined && data.format !== 'cur1' && data.db?.ris.some((r) => r.multiAz) && reference.groups.some((g) => g.commitments)) reached.add(`${data.format} with a Multi-AZ reservation, re-applied`);
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
                'EC2 Instance plan used', 'ElastiCache reservation used', 'OpenSearch reservation used', 'OpenSearch reservation used, in instance-hours',
                'OpenSearch reservation used, in normalized-units', 'RDS Multi-AZ DB cluster reservation used', 'RDS Multi-AZ reservation used', 'RDS exact-fit reservation used',
                'RDS size-flexible reservation used', 'RDS size-flexible reservation used beside Multi-AZ usage of its family',
                'Redshift reservation used', 'Redshift reservation used, in instance-hours', 'Redshift reservation used, in normalized-units', 'SageMaker plan used',
                'covered', 'cur2-flat with a Multi-AZ reservation, re-applied', 'cur2-map with a Multi-AZ reservation, re-applied', 'custom tiers with covered usage', 're-applied', 'reservation used', 'reservation used in a group of several accounts',
                'savingsPlan used', 'savingsPlan used in a group of several accounts', 'several custom tiers, charged, with covered usage', 'unassigned',
            ]);
        }
    });
});
