import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport, ingest, prepareCube, pricePolicy, type PolicyModel } from '../../engine/index.js';
import { readLineItems, referenceBill } from '../../engine/reference/index.js';
import { POOL } from './random-billing.js';
import { commitmentCsv, type CommitmentData } from './random-commitments.js';

/**
 * The shrunk counterexamples the hourly re-application property test (reference-commitments.property.test.ts)
 * found, with figures worked out by hand from docs/semantics.md. Both were the reference pricer's mistakes:
 * 1. free-tier usage (billed 0) counted as eligible, so a period whose only instance usage was free tier was
 *    re-applied ("Usage the free tier covered … is not eligible");
 * 2. a custom-tier rule's effect started from the whole public cost of covered usage instead of its uncovered
 *    part ("The uncovered part of each eligible usage … is priced like Usage").
 */
const A = POOL[0]!;
const accounts = POOL.map((id) => ({ id }));

async function priceBoth(data: CommitmentData, model: PolicyModel) {
    const dir = mkdtempSync(path.join(tmpdir(), 'billing-commitment-regression-'));
    try {
        const file = path.join(dir, 'cur.csv');
        writeFileSync(file, commitmentCsv(data));
        const engine = buildReport(pricePolicy(prepareCube(await ingest([file], { workers: 0 })), model, {}));
        const reference = referenceBill(await readLineItems([file]), model);
        return { engine: engine.groups.map(({ presented: _p, ...g }) => g), reference: reference.groups };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

describe('hourly re-application regressions (shrunk property counterexamples, hand-worked)', () => {
    it('a period whose only instance usage is free tier is not re-applied', async () => {
        // A's Savings Plan (0.1 an hour, hour 0) and 0.5 h of m5.large the free tier covered (billed 0, public 0.5 × 0.2 = 0.1).
        const data: CommitmentData = {
            hours: 2, ris: [], sps: [{ owner: A, commitment: '0.1', hours: [true, false] }],
            usage: [{ hour: 0, account: A, instanceType: 'm5.large', zone: 'us-east-1a', amount: '0.5', billedAs: { kind: 'free' } }],
        };
        const model: PolicyModel = {
            accounts, rules: [{ name: 'r0', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: 'lots' }], plans: [{ name: 'plan0', rules: ['r0'] }],
            groups: [{ name: 'group0', primaryAccountId: A, members: [], plan: 'plan0', autoAssociate: true, lineItems: [] }], dataPaths: [],
        };
        const { engine, reference } = await priceBoth(data, model);
        for (const groups of [engine, reference]) {
            const g = groups[0]!;
            // AWS cost: fee 0.1 + usage 0. Pro forma: fee 0.1 + EC2 12-month free tier charged at its public cost 0.1 (markup 'lots' counts 0).
            expect([g.awsCost, g.proformaCost, g.commitments]).toEqual(['0.1', '0.2', undefined]);
        }
        expect(engine).toEqual(reference);
    });

    it("a custom-tier rule's effect on fully covered usage starts from the uncovered public cost, 0", async () => {
        // Two plans of A (0.1 an hour each; sp-1 in hour 0, sp-0 in hour 1); 0.5 h of m5.large in hour 0 AWS billed under sp-1.
        const data: CommitmentData = {
            hours: 2, ris: [], sps: [{ owner: A, commitment: '0.1', hours: [false, true] }, { owner: A, commitment: '0.1', hours: [true, false] }],
            usage: [{ hour: 0, account: A, instanceType: 'm5.large', zone: 'us-east-1a', amount: '0.5', billedAs: { kind: 'sp', index: 1 } }],
        };
        const model: PolicyModel = {
            accounts,
            rules: [{ name: 'r0', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: 'lots' }, { name: 'r2', scope: 'GLOBAL', type: 'TIERING', modifierPercent: '0', customTiers: [{ beginInclusive: '0', rate: '0' }] }],
            plans: [{ name: 'plan0', rules: ['r0'] }, { name: 'plan2', rules: ['r2'] }],
            groups: [
                { name: 'group0', primaryAccountId: A, members: [], plan: 'plan2', autoAssociate: true, lineItems: [] },
                { name: 'group1', primaryAccountId: A, members: [], plan: 'plan0', autoAssociate: true, lineItems: [] },
            ],
            dataPaths: [],
        };
        const { engine, reference } = await priceBoth(data, model);
        for (const groups of [engine, reference]) {
            const g = groups.find((group) => group.name === 'group0')!;
            // AWS cost: fees 0.1 + 0.1, covered usage 0.1, negation −0.1 = 0.2. Hour 0: sp-1 at rate 0.1 covers all 0.5 h
            // for 0.05 of its 0.1; covered = eligible = 0.1. Pro forma: fees 0.2 + usage 0 (all covered) + negation dropped.
            expect([g.awsCost, g.proformaCost, g.commitments?.eligibleCost, g.commitments?.coveredCost, g.commitments?.coveragePercent]).toEqual(['0.2', '0.2', '0.1', '0.1', '100.00']);
            expect(g.commitments?.commitments.map((c) => [c.arn.slice(-4), c.used, c.capacity, c.utilizationPercent])).toEqual([['sp-0', '0', '0.1', '0.00'], ['sp-1', '0.05', '0.1', '50.00']]);
            expect(g.rules).toEqual([{ rule: 'r2', publicCost: '0', proformaCost: '0', effect: '0', cells: 1 }]);
        }
        expect(engine).toEqual(reference);
    });
});

describe('the reference re-application refuses the commitment kinds it does not restate (documented limitation)', () => {
    const data: CommitmentData = {
        hours: 1, ris: [{ owner: A, instanceType: 'm5.large', zone: '', count: 1, countColumn: true }], sps: [{ owner: A, commitment: '0.1', hours: [true] }],
        usage: [{ hour: 0, account: A, instanceType: 'm5.large', zone: 'us-east-1a', amount: '1', billedAs: { kind: 'usage' } }],
    };
    const model: PolicyModel = { accounts, rules: [], plans: [], groups: [{ name: 'g', primaryAccountId: A, members: [{ accountId: A }], plan: 'p', autoAssociate: false, lineItems: [] }], dataPaths: [] };
    const throwsOn = async (csv: string, message: RegExp) => {
        const dir = mkdtempSync(path.join(tmpdir(), 'billing-commitment-kinds-'));
        try {
            const file = path.join(dir, 'cur.csv');
            writeFileSync(file, csv);
            const items = await readLineItems([file]);
            expect(() => referenceBill(items, model)).toThrow(message);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    };
    // OpenSearch and Redshift RIs and SageMaker plans are restated (reference-commitments-kinds.test.ts); a reservation
    // of another service (the engine covers nothing with it) or a plan of an unknown offering (the engine ignores it) is not.
    it('a MemoryDB reservation', async () => {
        await throwsOn(commitmentCsv(data).replace(',RIFee,2026-02-01T00:00:00Z,2026-03-01T00:00:00Z,AmazonEC2,', ',RIFee,2026-02-01T00:00:00Z,2026-03-01T00:00:00Z,AmazonMemoryDB,'),
            /covers EC2, RDS, ElastiCache, OpenSearch and Redshift RIs only, not AmazonMemoryDB/);
    });
    it('a Savings Plan of an unknown offering', async () => {
        const csv = commitmentCsv(data).replace(/(savingsplan\/sp-0),ComputeSavingsPlans,/, '$1,DatabaseSavingsPlans,');
        expect(csv).toContain('DatabaseSavingsPlans');
        await throwsOn(csv, /covers Compute, EC2 Instance and SageMaker Savings Plans only, not DatabaseSavingsPlans/);
    });
});

describe('EC2 Instance Savings Plans in the reference re-application (hand-worked)', () => {
    it('an EC2 Instance plan spends before a Compute plan whose ARN sorts first', async () => {
        // A owns sp-0 (Compute, 0.25 an hour) and sp-1 (EC2 Instance, family m5, us-east-1, 0.1 an hour), both in force
        // hours 0 and 1. m5.large (on demand 0.2, plan rate 0.1): hour 0, 1 h billed under sp-1; hour 1, 2 h billed
        // under sp-0 (so both plans show a rate for the SKU).
        const data: CommitmentData = {
            hours: 2, ris: [],
            sps: [{ owner: A, commitment: '0.25', hours: [true, true] }, { owner: A, commitment: '0.1', hours: [true, true], family: 'm5' }],
            usage: [
                { hour: 0, account: A, instanceType: 'm5.large', zone: 'us-east-1a', amount: '1', billedAs: { kind: 'sp', index: 1 } },
                { hour: 1, account: A, instanceType: 'm5.large', zone: 'us-east-1a', amount: '2', billedAs: { kind: 'sp', index: 0 } },
            ],
        };
        const model: PolicyModel = {
            accounts, rules: [{ name: 'up', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: '10' }], plans: [{ name: 'p', rules: ['up'] }],
            groups: [{ name: 'g', primaryAccountId: A, members: [{ accountId: A }], plan: 'p', autoAssociate: false, lineItems: [] }], dataPaths: [],
        };
        const { engine, reference } = await priceBoth(data, model);
        for (const groups of [engine, reference]) {
            const g = groups[0]!;
            // Hour 0: sp-1 first covers 1 h for 0.1 (all of it); sp-0 has nothing left. Hour 1: sp-1 covers 1 h for 0.1,
            // sp-0 the other 1 h for 0.1 of its 0.25. Eligible = covered = 0.2 + 0.4 = 0.6. By ARN alone sp-0 would
            // have covered all of hour 1 (0.2) and sp-1 half its capacity.
            // AWS cost: fees 2 × 0.25 + 2 × 0.1 = 0.7, covered 0.2 + 0.4, negations −0.6: 0.7. Pro forma: fees 0.7, usage 0.
            expect([g.awsCost, g.proformaCost, g.commitments?.eligibleCost, g.commitments?.coveredCost]).toEqual(['0.7', '0.7', '0.6', '0.6']);
            expect(g.commitments?.commitments.map((c) => [c.arn.slice(-4), c.used, c.capacity, c.utilizationPercent])).toEqual([['sp-0', '0.1', '0.5', '20.00'], ['sp-1', '0.2', '0.2', '100.00']]);
        }
        expect(engine).toEqual(reference);
    });
});

describe('RDS and ElastiCache reservations in the reference re-application (hand-worked)', () => {
    const [, B] = POOL as [string, string];
    const model: PolicyModel = {
        accounts, rules: [{ name: 'up', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: '10' }], plans: [{ name: 'p', rules: ['up'] }],
        groups: [{ name: 'g', primaryAccountId: A, members: [{ accountId: A }, { accountId: B }], plan: 'p', autoAssociate: false, lineItems: [] }], dataPaths: [],
    };

    it('a size-flexible MySQL db.r5.large RI covers Single-AZ, then half a Multi-AZ hour, not another engine or family', async () => {
        // A owns one MySQL db.r5.large Single-AZ RI: 4 normalized units an hour, RIFee 672 h × 0.1 = 67.2.
        // Hour 0: A 1 h MySQL db.r5.large (4 units, public 0.25, AWS billed it under the RI: 0); B 1 h MySQL db.m5.large (other family, 0.2).
        // Hour 1: B 1 h MySQL db.r5.large Multi-AZ (4 × 2 = 8 units, public 2 × 0.25 = 0.5); A 1 h PostgreSQL db.r5.large (other engine, 0.25).
        const data: CommitmentData = {
            hours: 2, ris: [], sps: [], usage: [],
            db: {
                ris: [{ service: 'AmazonRDS', owner: A, instanceType: 'db.r5.large', operation: 'CreateDBInstance:0002', multiAz: false, writeDeployment: true, count: 1, countColumn: true, factorColumn: 'size' }],
                usage: [
                    { service: 'AmazonRDS', hour: 0, account: A, instanceType: 'db.r5.large', operation: 'CreateDBInstance:0002', multiAz: false, amount: '1', factorColumn: 'size', billedAs: { kind: 'ri', index: 0 } },
                    { service: 'AmazonRDS', hour: 0, account: B, instanceType: 'db.m5.large', operation: 'CreateDBInstance:0002', multiAz: false, amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } },
                    { service: 'AmazonRDS', hour: 1, account: B, instanceType: 'db.r5.large', operation: 'CreateDBInstance:0002', multiAz: true, amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } },
                    { service: 'AmazonRDS', hour: 1, account: A, instanceType: 'db.r5.large', operation: 'CreateDBInstance:0014', multiAz: false, amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } },
                ],
            },
        };
        const { engine, reference } = await priceBoth(data, model);
        for (const groups of [engine, reference]) {
            const g = groups[0]!;
            // Hour 0: the RI's 4 units cover A's hour (covered 0.25). Hour 1: 4 of the Multi-AZ hour's 8 units, 0.5 h (covered 0.25).
            // Eligible 0.25 + 0.2 + 0.5 + 0.25 = 1.2; covered 0.5; coverage 0.5 ÷ 1.2 = 41.67 %.
            // AWS cost: 67.2 + 0 + 0.2 + 0.5 + 0.25 = 68.15. Pro forma: fee 67.2 + uncovered (0.2 + 0.25 + 0.25) × 1.1 = 0.77 → 67.97.
            // Utilization: used 4 + 4 = 8 units of 4 × 672 = 2688: 8 ÷ 2688 = 0.2976 % → 0.30.
            expect([g.awsCost, g.proformaCost, g.commitments?.eligibleCost, g.commitments?.coveredCost, g.commitments?.coveragePercent])
                .toEqual(['68.15', '67.97', '1.2', '0.5', '41.67']);
            expect(g.commitments?.commitments.map((c) => [c.unit, c.used, c.capacity, c.utilizationPercent])).toEqual([['normalized-units', '8', '2688', '0.30']]);
        }
        expect(engine).toEqual(reference);
    });

    it('a Multi-AZ RI counts double; a SQL Server RI covers its class and deployment only', async () => {
        // B owns a MySQL db.r5.large Multi-AZ RI (4 × 2 = 8 units an hour, fee 67.2) and A a SQL Server SE db.r5.large
        // Single-AZ RI (exact fit, 1 instance an hour, fee 67.2). Hour 0: A 2 h MySQL db.r5.xlarge (8 × 2 = 16 units,
        // public 2 × 0.5 = 1); A 1 h SQL Server db.r5.large Multi-AZ (0.5) and 1 h SQL Server db.r5.xlarge (0.5), neither
        // of the SQL Server RI's class and deployment.
        const data: CommitmentData = {
            hours: 1, ris: [], sps: [], usage: [],
            db: {
                ris: [
                    { service: 'AmazonRDS', owner: B, instanceType: 'db.r5.large', operation: 'CreateDBInstance:0002', multiAz: true, writeDeployment: true, count: 1, countColumn: true, factorColumn: 'size' },
                    { service: 'AmazonRDS', owner: A, instanceType: 'db.r5.large', operation: 'CreateDBInstance:0012', multiAz: false, writeDeployment: false, count: 1, countColumn: false, factorColumn: 'none' },
                ],
                usage: [
                    { service: 'AmazonRDS', hour: 0, account: A, instanceType: 'db.r5.xlarge', operation: 'CreateDBInstance:0002', multiAz: false, amount: '2', factorColumn: 'size', billedAs: { kind: 'usage' } },
                    { service: 'AmazonRDS', hour: 0, account: A, instanceType: 'db.r5.large', operation: 'CreateDBInstance:0012', multiAz: true, amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } },
                    { service: 'AmazonRDS', hour: 0, account: A, instanceType: 'db.r5.xlarge', operation: 'CreateDBInstance:0012', multiAz: false, amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } },
                ],
            },
        };
        const { engine, reference } = await priceBoth(data, model);
        for (const groups of [engine, reference]) {
            const g = groups[0]!;
            // The Multi-AZ RI's 8 units cover 8 of the 16: 1 h of the xlarge, covered 0.5. The SQL Server RI covers nothing.
            // Eligible 1 + 0.5 + 0.5 = 2; covered 0.5 (25.00 %). AWS cost 67.2 × 2 + 2 = 136.4; pro forma 134.4 + 1.5 × 1.1 = 136.05.
            // Utilization (by ARN: A's 111… sorts before B's 222…): SQL Server 0 of 672 instance-hours × 4 units = 2688;
            // MySQL 8 of 8 × 672 = 5376 units (0.15 %).
            expect([g.awsCost, g.proformaCost, g.commitments?.eligibleCost, g.commitments?.coveredCost, g.commitments?.coveragePercent])
                .toEqual(['136.4', '136.05', '2', '0.5', '25.00']);
            expect(g.commitments?.commitments.map((c) => [c.arn.slice(-7), c.used, c.capacity, c.utilizationPercent])).toEqual([['db-ri-1', '0', '2688', '0.00'], ['db-ri-0', '8', '5376', '0.15']]);
        }
        expect(engine).toEqual(reference);
    });

    it('an ElastiCache cache.r6g.large node covers half an hour of cache.r6g.xlarge, not Memcached', async () => {
        // A owns a Redis cache.r6g.large RI (4 units an hour, fee 67.2). Hour 0: B 1 h Redis cache.r6g.xlarge (8 units,
        // public 0.4) and A 1 h Memcached cache.r6g.large (0.2, another engine).
        const data: CommitmentData = {
            hours: 1, ris: [], sps: [], usage: [],
            db: {
                ris: [{ service: 'AmazonElastiCache', owner: A, instanceType: 'cache.r6g.large', operation: 'CreateCacheCluster:0002', multiAz: false, writeDeployment: false, count: 1, countColumn: true, factorColumn: 'size' }],
                usage: [
                    { service: 'AmazonElastiCache', hour: 0, account: B, instanceType: 'cache.r6g.xlarge', operation: 'CreateCacheCluster:0002', multiAz: false, amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } },
                    { service: 'AmazonElastiCache', hour: 0, account: A, instanceType: 'cache.r6g.large', operation: 'CreateCacheCluster:0001', multiAz: false, amount: '1', factorColumn: 'size', billedAs: { kind: 'usage' } },
                ],
            },
        };
        const { engine, reference } = await priceBoth(data, model);
        for (const groups of [engine, reference]) {
            const g = groups[0]!;
            // 4 of the xlarge's 8 units: 0.5 h, covered 0.2. Eligible 0.6, coverage 33.33 %. AWS 67.2 + 0.6 = 67.8;
            // pro forma 67.2 + 0.4 × 1.1 = 67.64. Utilization 4 of 2688 units: 0.15 %.
            expect([g.awsCost, g.proformaCost, g.commitments?.eligibleCost, g.commitments?.coveredCost, g.commitments?.coveragePercent])
                .toEqual(['67.8', '67.64', '0.6', '0.2', '33.33']);
            expect(g.commitments?.commitments.map((c) => [c.used, c.capacity, c.utilizationPercent])).toEqual([['4', '2688', '0.15']]);
        }
        expect(engine).toEqual(reference);
    });
});
