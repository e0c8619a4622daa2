import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport, ingest, prepareCube, pricePolicy, type PolicyModel } from '../../engine/index.js';
import type { GroupReport } from '../../engine/report/types.js';
import { readLineItems, referenceBill } from '../../engine/reference/index.js';
import { asReferenceBill } from './engine-as-reference.js';
import { POOL } from './random-billing.js';
import { commitmentCsv, type CommitmentData } from './random-commitments.js';

/**
 * Hand-worked hourly fixtures of the commitment kinds the reference re-application restates beside EC2 and Compute /
 * EC2 Instance plans (docs/semantics.md, "Which commitment covers which usage"): OpenSearch reserved instances and
 * Redshift reserved nodes (exact fit), SageMaker Savings Plans, and an RDS Multi-AZ DB cluster reservation (× 3),
 * each asserted on the engine and on the reference pricer (and the two bills equal). Accounts A and B are group g1
 * (primary A), C is group g2; both on a 10 % markup. The period is February 2026 (672 hours); every RIFee is
 * count × 672 h × 0.1 (one RI: 67.2). Written by random-commitments.ts's `commitmentCsv`, as a real CUR writes them
 * (RIFee month line, DiscountedUsage billed 0, SavingsPlanCoveredUsage billed on demand with its negation).
 */
const [A, B, C] = POOL as [string, string, string];
const model: PolicyModel = {
    accounts: POOL.map((id) => ({ id })), rules: [{ name: 'up', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: '10' }], plans: [{ name: 'p', rules: ['up'] }],
    groups: [
        { name: 'g1', primaryAccountId: A, members: [{ accountId: A }, { accountId: B }], plan: 'p', autoAssociate: false, lineItems: [] },
        { name: 'g2', primaryAccountId: C, members: [{ accountId: C }], plan: 'p', autoAssociate: false, lineItems: [] },
    ],
    dataPaths: [],
};

type Figures = [awsCost: string, proformaCost: string, eligible: string | undefined, covered: string | undefined, coverage: string | null | undefined];
const figures = (g: Omit<GroupReport, 'presented'>): Figures =>
    [g.awsCost, g.proformaCost, g.commitments?.eligibleCost, g.commitments?.coveredCost, g.commitments?.coveragePercent];
const utilization = (g: Omit<GroupReport, 'presented'>) => g.commitments?.commitments.map((c) => [c.arn.replace(/^.*[:/]/, ''), c.unit, c.used, c.capacity, c.utilizationPercent]);

/** The engine's and the reference's groups by name (and the two whole bills, which must be equal). */
async function priceBoth(data: CommitmentData | string) {
    const dir = mkdtempSync(path.join(tmpdir(), 'billing-commitment-kinds-'));
    try {
        const file = path.join(dir, 'cur.csv');
        writeFileSync(file, typeof data === 'string' ? data : commitmentCsv(data));
        const report = buildReport(pricePolicy(prepareCube(await ingest([file], { workers: 0 })), model, {}));
        const { currencies: _c, ...reference } = referenceBill(await readLineItems([file]), model);
        const engine = asReferenceBill(report);
        expect(engine).toEqual(reference);
        expect(report.reconciliation.difference).toBe('0');
        const byName = (groups: readonly Omit<GroupReport, 'presented'>[]) => Object.fromEntries(groups.map((g) => [g.name, g]));
        return [byName(engine.groups), byName(reference.groups)] as const;
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

describe('commitment kinds re-applied by the engine and the reference alike (hand-worked)', () => {
    it('OpenSearch reserved instances: the same instance type only, purchasing account first', async () => {
        // A owns one r6g.large.search RI (its RIFee says NormalizationFactor 4: utilization in units), C one
        // r6g.xlarge.search RI (no factor anywhere: instance-hours). On-demand: large 0.125, xlarge 0.25 an hour.
        const es = { service: 'AmazonES', operation: 'ESDomain', multiAz: false } as const;
        const data: CommitmentData = {
            hours: 3, ris: [], sps: [], usage: [],
            db: {
                ris: [
                    { ...es, owner: A, instanceType: 'r6g.large.search', writeDeployment: false, count: 1, countColumn: true, factorColumn: 'size' },
                    { ...es, owner: C, instanceType: 'r6g.xlarge.search', writeDeployment: false, count: 1, countColumn: false, factorColumn: 'none' },
                ],
                usage: [
                    { ...es, hour: 0, account: A, instanceType: 'r6g.large.search', amount: '1', factorColumn: 'size', billedAs: { kind: 'ri', index: 0 } },
                    { ...es, hour: 0, account: B, instanceType: 'r6g.large.search', amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } },
                    { ...es, hour: 0, account: C, instanceType: 'r6g.large.search', amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } },
                    { ...es, hour: 1, account: B, instanceType: 'r6g.large.search', amount: '0.5', factorColumn: 'size', billedAs: { kind: 'usage' } },
                    { ...es, hour: 1, account: B, instanceType: 'r6g.xlarge.search', amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } },
                    { ...es, hour: 1, account: C, instanceType: 'r6g.xlarge.search', amount: '1', factorColumn: 'none', billedAs: { kind: 'ri', index: 1 } },
                    { ...es, hour: 2, account: A, instanceType: 'r6g.large.search', amount: '0.5', factorColumn: 'size', billedAs: { kind: 'usage' } },
                    { ...es, hour: 2, account: B, instanceType: 'r6g.large.search', amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } },
                ],
            },
        };
        for (const groups of await priceBoth(data)) {
            // g1, A's RI (1 instance an hour): hour 0 A's 1 h (owner first; B's hour stays on demand); hour 1 B's 0.5 h
            // large (0.0625), not the xlarge (no size flexibility); hour 2 A's 0.5 h, then 0.5 of B's 1 h (0.0625 each).
            // Eligible 0.125 + 0.125 + 0.0625 + 0.25 + 0.0625 + 0.125 = 0.75; covered 0.125 + 0.0625 × 3 = 0.3125 (41.67 %).
            // AWS: 67.2 + A 0 + 0.0625 + B 0.125 + 0.0625 + 0.25 + 0.125 = 67.825. Pro forma 67.2 + (0.75 − 0.3125) × 1.1 = 67.68125.
            // Used 1 + 0.5 + 1 = 2.5 instance-hours × 4 = 10 units of 672 × 4 = 2688: 0.372 % → 0.37.
            expect(figures(groups.g1!)).toEqual(['67.825', '67.68125', '0.75', '0.3125', '41.67']);
            expect(utilization(groups.g1!)).toEqual([['search-ri-0', 'normalized-units', '10', '2688', '0.37']]);
            // g2, C's xlarge RI: hour 0 C's large is another type (0.125 on demand); hour 1 its xlarge hour (0.25 covered).
            // Eligible 0.375, covered 0.25 (66.67 %). AWS 67.2 + 0.125 + 0 = 67.325; pro forma 67.2 + 0.125 × 1.1 = 67.3375.
            // Used 1 of 672 instance-hours: 0.15 %.
            expect(figures(groups.g2!)).toEqual(['67.325', '67.3375', '0.375', '0.25', '66.67']);
            expect(utilization(groups.g2!)).toEqual([['search-ri-1', 'instance-hours', '1', '672', '0.15']]);
        }
    });

    it('Redshift reserved nodes: the same node type only; covered usage billed 0 is not free tier', async () => {
        // A owns 2 dc2.large nodes (count from the RIFee: 1344 h ÷ 672 h; factor 4 from the table), fee 134.4; C one
        // ra3.xlplus node (no factor: instance-hours), fee 67.2. On-demand: dc2.large 0.25, ra3.4xlarge 0.5, ra3.xlplus 0.4.
        // Redshift is Always Free in the free-tier table: A's DiscountedUsage billed 0 must not count as free tier.
        const rs = { service: 'AmazonRedshift', operation: 'RunComputeNode:0001', multiAz: false } as const;
        const data: CommitmentData = {
            hours: 2, ris: [], sps: [], usage: [],
            db: {
                ris: [
                    { ...rs, owner: A, instanceType: 'dc2.large', writeDeployment: false, count: 2, countColumn: false, factorColumn: 'size' },
                    { ...rs, owner: C, instanceType: 'ra3.xlplus', writeDeployment: false, count: 1, countColumn: true, factorColumn: 'size' },
                ],
                usage: [
                    { ...rs, hour: 0, account: A, instanceType: 'dc2.large', amount: '1', factorColumn: 'size', billedAs: { kind: 'ri', index: 0 } },
                    { ...rs, hour: 0, account: B, instanceType: 'dc2.large', amount: '1.5', factorColumn: 'size', billedAs: { kind: 'usage' } },
                    { ...rs, hour: 0, account: B, instanceType: 'ra3.4xlarge', amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } },
                    { ...rs, hour: 1, account: B, instanceType: 'dc2.large', amount: '2', factorColumn: 'size', billedAs: { kind: 'usage' } },
                    { ...rs, hour: 1, account: C, instanceType: 'ra3.xlplus', amount: '1', factorColumn: 'size', billedAs: { kind: 'ri', index: 1 } },
                    { ...rs, hour: 1, account: C, instanceType: 'dc2.large', amount: '0.5', factorColumn: 'size', billedAs: { kind: 'usage' } },
                ],
            },
        };
        for (const groups of await priceBoth(data)) {
            // g1, 2 nodes an hour: hour 0 A's 1 h, then 1 of B's 1.5 h (0.25); not the ra3.4xlarge. Hour 1 B's 2 h (0.5).
            // Eligible 0.25 + 0.375 + 0.5 + 0.5 = 1.625; covered 0.25 + 0.25 + 0.5 = 1 (61.54 %).
            // AWS 134.4 + 0 + 0.375 + 0.5 + 0.5 = 135.775. Pro forma 134.4 + 0.625 × 1.1 = 135.0875 (read as Always Free,
            // A's hour would take 0.25 off: 134.8375). Used 4 node-hours × 4 = 16 units of 2 × 672 × 4 = 5376: 0.30 %.
            expect(figures(groups.g1!)).toEqual(['135.775', '135.0875', '1.625', '1', '61.54']);
            expect(utilization(groups.g1!)).toEqual([['redshift-ri-0', 'normalized-units', '16', '5376', '0.30']]);
            // g2: C's ra3.xlplus hour covered (0.4); its dc2.large 0.5 h (0.125) is not (A's nodes are g1's).
            // Eligible 0.525, covered 0.4 (76.19 %). AWS 67.2 + 0 + 0.125 = 67.325; pro forma 67.2 + 0.1375 = 67.3375.
            expect(figures(groups.g2!)).toEqual(['67.325', '67.3375', '0.525', '0.4', '76.19']);
            expect(utilization(groups.g2!)).toEqual([['redshift-ri-1', 'instance-hours', '1', '672', '0.15']]);
        }
    });

    it('a Redshift reserved node covers node hours (`Node:`) only, not other usage of its node type', async () => {
        // A owns one dc2.large node (fee 67.2, 4 units an hour). Hour 0: A 1 h of dc2.large written as `USE1-CS:dc2.large`
        // (concurrency scaling; public 0.25, billed on demand): eligible usage with an instance type, but no node hours.
        const rs = { service: 'AmazonRedshift', operation: 'RunComputeNode:0001', multiAz: false } as const;
        const csv = commitmentCsv({
            hours: 1, ris: [], sps: [], usage: [],
            db: {
                ris: [{ ...rs, owner: A, instanceType: 'dc2.large', writeDeployment: false, count: 1, countColumn: true, factorColumn: 'size' }],
                usage: [{ ...rs, hour: 0, account: A, instanceType: 'dc2.large', amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } }],
            },
        });
        expect(csv.split('USE1-Node:dc2.large')).toHaveLength(2);
        for (const groups of await priceBoth(csv.replace('USE1-Node:dc2.large', 'USE1-CS:dc2.large'))) {
            // Nothing covered: AWS 67.2 + 0.25 = 67.45; pro forma 67.2 + 0.25 × 1.1 = 67.475; 0 of 672 × 4 = 2688 units.
            expect(figures(groups.g1!)).toEqual(['67.45', '67.475', '0.25', '0', '0.00']);
            expect(utilization(groups.g1!)).toEqual([['redshift-ri-0', 'normalized-units', '0', '2688', '0.00']]);
        }
    });

    it('an EC2 RIFee line without product/instanceType is matched by the instance type in its usage type', async () => {
        // A owns one regional m5.large RI (fee 672 h × 0.1 = 67.2, factor 4) whose RIFee line names its size only in
        // `lineItem/UsageType` (USE1-HeavyUsage:m5.large), as some exports write it. Hour 0: B 1 h m5.xlarge (factor 8,
        // on demand 0.4), C 1 h m5.large billed by A's RI (DiscountedUsage, billed 0; C is group g2).
        const csv = commitmentCsv({
            hours: 1, sps: [],
            ris: [{ owner: A, instanceType: 'm5.large', zone: '', count: 1, countColumn: true }],
            usage: [
                { hour: 0, account: B, instanceType: 'm5.xlarge', zone: 'us-east-1a', amount: '1', billedAs: { kind: 'usage' } },
                { hour: 0, account: C, instanceType: 'm5.large', zone: 'us-east-1b', amount: '1', billedAs: { kind: 'ri', index: 0 } },
            ],
        });
        const [header, ...rows] = csv.trimEnd().split('\n');
        const instanceType = header!.split(',').indexOf('product/instanceType');
        const withoutType = [header, ...rows.map((row) => {
            const cells = row.split(',');
            if (cells.includes('RIFee')) cells[instanceType] = '';
            return cells.join(',');
        })].join('\n') + '\n';
        expect(withoutType).not.toBe(csv);
        for (const groups of await priceBoth(withoutType)) {
            // g1, 4 units an hour: half of B's xlarge hour (4 of 8 units: 0.2 covered). Eligible 0.4, covered 0.2 (50 %).
            // AWS 67.2 + 0.4 = 67.6; pro forma 67.2 + 0.2 × 1.1 = 67.42. Used 4 of 672 × 4 = 2688 units: 0.15 %.
            // (Read without an instance type the RI would fit nothing: pro forma 67.2 + 0.44 = 67.64.)
            expect(figures(groups.g1!)).toEqual(['67.6', '67.42', '0.4', '0.2', '50.00']);
            expect(utilization(groups.g1!)).toEqual([['ri-0', 'normalized-units', '4', '2688', '0.15']]);
            // g2: C's hour was covered by g1's RI: on demand here, 0.2 × 1.1 = 0.22 (AWS 0).
            expect([groups.g2!.awsCost, groups.g2!.proformaCost]).toEqual(['0', '0.22']);
        }
    });

    it('SageMaker Savings Plans: ML instance usage by savings percentage, never EC2', async () => {
        // A owns sp-0 (SageMaker, 0.25 an hour, hours 0 and 1), C owns sp-1 (SageMaker, 0.1 an hour, hour 0 only).
        // ml.m5.xlarge: on demand 0.25, plan 0.2 (20 % savings); ml.c5.xlarge: 0.2, plan 0.125 (37.5 %). Rates are
        // seen on hour 0's covered lines, for each SKU (Host:ml.m5.xlarge under sp-0 and sp-1, Train:ml.c5.xlarge under sp-0).
        const data: CommitmentData = {
            hours: 2, ris: [],
            sps: [{ owner: A, commitment: '0.25', hours: [true, true], sageMaker: true }, { owner: C, commitment: '0.1', hours: [true, false], sageMaker: true }],
            usage: [{ hour: 0, account: A, instanceType: 'm5.large', zone: 'us-east-1a', amount: '1', billedAs: { kind: 'usage' } }],
            ml: [
                { hour: 0, account: A, instanceType: 'ml.m5.xlarge', use: 'Host', amount: '0.5', billedAs: { kind: 'sp', index: 0 } },
                { hour: 0, account: B, instanceType: 'ml.c5.xlarge', use: 'Train', amount: '1', billedAs: { kind: 'sp', index: 0 } },
                { hour: 0, account: C, instanceType: 'ml.m5.xlarge', use: 'Host', amount: '1', billedAs: { kind: 'sp', index: 1 } },
                { hour: 1, account: A, instanceType: 'ml.m5.xlarge', use: 'Host', amount: '1', billedAs: { kind: 'usage' } },
                { hour: 1, account: B, instanceType: 'ml.c5.xlarge', use: 'Train', amount: '2', billedAs: { kind: 'usage' } },
                { hour: 1, account: C, instanceType: 'ml.m5.xlarge', use: 'Host', amount: '1', billedAs: { kind: 'usage' } },
            ],
        };
        for (const groups of await priceBoth(data)) {
            // g1, sp-0: hour 0, A's 0.5 h first (0.5 × 0.2 = 0.1, covered 0.125; A's EC2 m5.large shows no rate: on
            // demand), then B's 1 h (0.125 of the 0.15 left, covered 0.2). Hour 1: A's 1 h (0.2, covered 0.25), then
            // 0.05 ÷ 0.125 = 0.4 of B's 2 h (covered 0.4 × 0.2 = 0.08). Used 0.1 + 0.125 + 0.2 + 0.05 = 0.475 of 0.5: 95 %.
            // Eligible 0.125 + 0.2 + 0.2 (EC2) + 0.25 + 0.4 = 1.175; covered 0.655 (55.74 %).
            // AWS: fees 0.5 + covered lines and negations 0 + EC2 0.2 + 0.25 + 0.4 = 1.35. Pro forma 0.5 + 0.52 × 1.1 = 1.072.
            expect(figures(groups.g1!)).toEqual(['1.35', '1.072', '1.175', '0.655', '55.74']);
            expect(utilization(groups.g1!)).toEqual([['sp-0', 'commitment', '0.475', '0.5', '95.00']]);
            // g2, sp-1: hour 0, 0.1 ÷ 0.2 = 0.5 of C's 1 h (covered 0.125); hour 1 not in force (0.25 on demand).
            // Eligible 0.5, covered 0.125 (25 %). AWS 0.1 + 0 + 0.25 = 0.35; pro forma 0.1 + 0.375 × 1.1 = 0.5125.
            expect(figures(groups.g2!)).toEqual(['0.35', '0.5125', '0.5', '0.125', '25.00']);
            expect(utilization(groups.g2!)).toEqual([['sp-1', 'commitment', '0.1', '0.1', '100.00']]);
        }
    });

    for (const format of ['cur1', 'cur2-map', 'cur2-flat'] as const) {
        it(`an RDS Multi-AZ DB cluster reservation counts three DB instances (${format})`, async () => {
            // A owns a MySQL db.r5.large RI of deployment `Multi-AZ (readable standbys)`: 4 × 3 = 12 units an hour, fee 67.2.
            // On demand: db.r5.large 0.25, db.r5.xlarge 0.5 an instance hour, × 2 Multi-AZ, × 3 Multi-AZ DB cluster.
            // CUR 2.0: the deployment option in the `product` map (`deployment_option`) or a flat column.
            const mysql = { service: 'AmazonRDS', operation: 'CreateDBInstance:0002', multiAz: true } as const;
            const data: CommitmentData = {
                hours: 3, ris: [], sps: [], usage: [], format,
                db: {
                    ris: [{ ...mysql, cluster: true, owner: A, instanceType: 'db.r5.large', writeDeployment: true, count: 1, countColumn: true, factorColumn: 'size' }],
                    usage: [
                        { ...mysql, cluster: true, hour: 0, account: A, instanceType: 'db.r5.large', amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } },
                        { ...mysql, hour: 1, account: B, instanceType: 'db.r5.xlarge', amount: '1', factorColumn: 'deployment', billedAs: { kind: 'usage' } },
                        { ...mysql, cluster: true, hour: 1, account: C, instanceType: 'db.r5.large', amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } },
                        { ...mysql, cluster: true, hour: 2, account: A, instanceType: 'db.r5.large', amount: '0.5', factorColumn: 'deployment', billedAs: { kind: 'usage' } },
                        { ...mysql, cluster: true, hour: 2, account: B, instanceType: 'db.r5.xlarge', amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } },
                    ],
                },
            };
            for (const groups of await priceBoth(data)) {
                // g1, 12 units an hour: hour 0 A's cluster db.r5.large hour (4 × 3 = 12: all, 0.75). Hour 1 B's Multi-AZ
                // db.r5.xlarge hour (8 × 2 = 16; its factor column already says 16) gets 12: 0.75 h, covered 0.75 of 1.
                // Hour 2 A's 0.5 h cluster large (6 units: all, 0.375), then 6 of B's cluster xlarge hour (8 × 3 = 24):
                // 0.25 h, covered 0.375 of 1.5. Eligible 0.75 + 1 + 0.375 + 1.5 = 3.625; covered 2.25 (62.07 %).
                // AWS 67.2 + 3.625 = 70.825; pro forma 67.2 + 1.375 × 1.1 = 68.7125. Used 36 of 12 × 672 = 8064 units: 0.45 %.
                // (Read as Multi-AZ, 8 units an hour, hour 0 alone would leave 0.25 on demand.)
                expect(figures(groups.g1!)).toEqual(['70.825', '68.7125', '3.625', '2.25', '62.07']);
                expect(utilization(groups.g1!)).toEqual([['db-ri-0', 'normalized-units', '36', '8064', '0.45']]);
                // g2: C's cluster hour (0.75) is not covered by g1's RI. Pro forma 0.75 × 1.1 = 0.825.
                expect(figures(groups.g2!)).toEqual(['0.75', '0.825', '0.75', '0', '0.00']);
            }
        });
    }
});
