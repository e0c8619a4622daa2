import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { POOL } from './random-billing.js';

/**
 * Random **hourly** commitment data (CUR 1.0 only) for the re-application property test: EC2 instance usage of the
 * pool's accounts hour by hour, EC2 Reserved Instances (regional size-flexible, regional of another family, zonal)
 * and Compute and EC2 Instance Savings Plans owned by accounts inside and outside the random policy's groups, written as a real
 * CUR 1.0 writes them: a monthly `RIFee` line per RI, one `SavingsPlanRecurringFee` line per plan and hour it is in
 * force, usage AWS covered as `DiscountedUsage` (billed 0) or `SavingsPlanCoveredUsage` (billed on demand, the
 * plan's rate beside it) plus its `SavingsPlanNegation`. AWS's own allocation is drawn at random: re-application
 * throws it away, it only moves the AWS-cost side.
 *
 * Beside the EC2 data, RDS reserved DB instances, ElastiCache reserved nodes, OpenSearch reserved instances and
 * Redshift reserved nodes with their DB instance hours (`InstanceUsage` / `Multi-AZUsage` / `Multi-AZClusterUsage`,
 * engines MySQL and PostgreSQL, which AWS makes size flexible, and SQL Server SE, which it does not), node hours
 * (`NodeUsage`, Redis and Memcached), OpenSearch instance hours (`ESInstance`, types `….search`, which AWS's size
 * table does not know) and Redshift node hours (`Node`, `ra3.xlplus` without a factor): RIs Single-AZ, Multi-AZ or
 * Multi-AZ DB cluster, usage billed on demand, by free tier or as `DiscountedUsage` of one of them,
 * `lineItem/NormalizationFactor` written as the size's factor, as the size's × the RDS deployment's, or not at all.
 * SageMaker Savings Plans beside the Compute and EC2 Instance ones, with SageMaker ML instance usage (`Host:` and
 * `Train:` hours of `ml.*` types) billed on demand, by free tier or under a SageMaker plan (its rate beside it).
 *
 * The file is CUR 1.0, or CUR 2.0 CSV with the RDS deployment option in the `product` map (`deployment_option`,
 * JSON text) or in a flat `product_deployment_option` column.
 *
 * One row per key and hour (the engine aggregates rows of a key; two rows of one key in one hour would make the
 * per-row reference and the per-key engine disagree on order, not on semantics). Prices are chosen so every
 * quotient re-application takes (commitment ÷ rate, units ÷ factor) is a short exact decimal: on-demand and plan
 * rates of 0.1 / 0.125 / 0.2 / 0.25 / 0.4 / 0.5, hourly commitments of 0.1 / 0.2 / 0.25 / 0.5, amounts in halves.
 */

export const COMMITMENT_PERIOD = '2026-02';
const PERIOD_START = Date.UTC(2026, 1, 1);
const PERIOD_HOURS = 28 * 24;
const HOUR = 3_600_000;

/** Instance types of the data: normalization factor, public on-demand rate, Compute Savings Plan rate. */
const INSTANCES = {
    'm5.large': { factor: '4', onDemand: '0.2', plan: '0.1' },
    'm5.xlarge': { factor: '8', onDemand: '0.4', plan: '0.25' },
    'c5.large': { factor: '4', onDemand: '0.25', plan: '0.2' },
    'c5.xlarge': { factor: '8', onDemand: '0.5', plan: '0.25' },
} as const;
type InstanceType = keyof typeof INSTANCES;
const TYPES = Object.keys(INSTANCES) as InstanceType[];
const ZONES = ['us-east-1a', 'us-east-1b'];

export interface RandomRi { readonly owner: string; readonly instanceType: InstanceType; readonly zone: string; readonly count: number; readonly countColumn: boolean }
export interface RandomSp {
    readonly owner: string;
    readonly commitment: string;
    readonly hours: readonly boolean[];
    /** An EC2 Instance Savings Plan of this family in us-east-1; undefined: a Compute Savings Plan (or SageMaker, below). */
    readonly family?: 'm5' | 'c5' | undefined;
    /** A SageMaker Savings Plan (no family). */
    readonly sageMaker?: boolean | undefined;
}
export interface RandomUsage {
    readonly hour: number;
    readonly account: string;
    readonly instanceType: InstanceType;
    readonly zone: string;
    readonly amount: string;
    /** How AWS billed it: on demand, by RI n, by Savings Plan n, or by the free tier. */
    readonly billedAs: { readonly kind: 'usage' | 'free' } | { readonly kind: 'ri' | 'sp'; readonly index: number };
}
export interface CommitmentData {
    readonly hours: number;
    readonly ris: readonly RandomRi[];
    readonly sps: readonly RandomSp[];
    readonly usage: readonly RandomUsage[];
    /** RDS and ElastiCache RIs and their usage (absent: none). */
    readonly db?: { readonly ris: readonly RandomDbRi[]; readonly usage: readonly RandomDbUsage[] };
    /** SageMaker ML instance usage (absent: none). */
    readonly ml?: readonly RandomMlUsage[];
    /** CUR 1.0 (default), or CUR 2.0 CSV with the deployment option in the `product` map or a flat column. */
    readonly format?: 'cur1' | 'cur2-map' | 'cur2-flat';
}

/** SageMaker ML instance types: normalization factor, public on-demand rate, SageMaker Savings Plan rate. */
const ML_INSTANCES = {
    'ml.m5.xlarge': { factor: '8', onDemand: '0.25', plan: '0.2' },
    'ml.c5.xlarge': { factor: '8', onDemand: '0.2', plan: '0.125' },
} as const;
type MlInstanceType = keyof typeof ML_INSTANCES;
export interface RandomMlUsage {
    readonly hour: number;
    readonly account: string;
    readonly instanceType: MlInstanceType;
    /** Endpoint hosting or training hours. */
    readonly use: 'Host' | 'Train';
    readonly amount: string;
    /** How AWS billed it: on demand, by free tier, or by the SageMaker Savings Plan of this index in `sps`. */
    readonly billedAs: { readonly kind: 'usage' | 'free' } | { readonly kind: 'sp'; readonly index: number };
}

/** RDS DB instance classes and ElastiCache node types: normalization factor, public on-demand rate (Single-AZ; Multi-AZ twice). */
const DB_INSTANCES = {
    'db.r5.large': { factor: '4', onDemand: '0.25' },
    'db.r5.xlarge': { factor: '8', onDemand: '0.5' },
    'db.m5.large': { factor: '4', onDemand: '0.2' },
    'cache.r6g.large': { factor: '4', onDemand: '0.2' },
    'cache.r6g.xlarge': { factor: '8', onDemand: '0.4' },
    'cache.m6g.large': { factor: '4', onDemand: '0.125' },
    // OpenSearch: not in AWS's size table ('search' is no size); the data's factor when written, else none.
    'r6g.large.search': { factor: '4', onDemand: '0.125' },
    'r6g.xlarge.search': { factor: '8', onDemand: '0.25' },
    'm6g.large.search': { factor: '', onDemand: '0.2' },
    // Redshift: dc2.large and ra3.4xlarge are in the table, ra3.xlplus is not.
    'dc2.large': { factor: '4', onDemand: '0.25' },
    'ra3.4xlarge': { factor: '32', onDemand: '0.5' },
    'ra3.xlplus': { factor: '', onDemand: '0.4' },
} as const;
type DbInstanceType = keyof typeof DB_INSTANCES;
const RDS_TYPES: DbInstanceType[] = ['db.r5.large', 'db.r5.xlarge', 'db.m5.large'];
const CACHE_TYPES: DbInstanceType[] = ['cache.r6g.large', 'cache.r6g.xlarge', 'cache.m6g.large'];
const SEARCH_TYPES: DbInstanceType[] = ['r6g.large.search', 'r6g.xlarge.search', 'm6g.large.search'];
const REDSHIFT_TYPES: DbInstanceType[] = ['dc2.large', 'ra3.4xlarge', 'ra3.xlplus'];
/** MySQL and PostgreSQL (size flexible), SQL Server SE license included (exact fit). */
export const RDS_ENGINES = ['CreateDBInstance:0002', 'CreateDBInstance:0014', 'CreateDBInstance:0012'] as const;
type DbService = 'AmazonRDS' | 'AmazonElastiCache' | 'AmazonES' | 'AmazonRedshift';
const DB_KINDS: Record<DbService, { readonly types: readonly DbInstanceType[]; readonly operations: readonly string[] }> = {
    AmazonRDS: { types: RDS_TYPES, operations: RDS_ENGINES },
    // Redis and Memcached.
    AmazonElastiCache: { types: CACHE_TYPES, operations: ['CreateCacheCluster:0002', 'CreateCacheCluster:0001'] },
    AmazonES: { types: SEARCH_TYPES, operations: ['ESDomain'] },
    AmazonRedshift: { types: REDSHIFT_TYPES, operations: ['RunComputeNode:0001'] },
};

export interface RandomDbRi {
    readonly service: DbService;
    readonly owner: string;
    readonly instanceType: DbInstanceType;
    readonly operation: string;
    /** RDS: a Multi-AZ reservation (`product/deploymentOption` Multi-AZ); else Single-AZ, written or left empty. */
    readonly multiAz: boolean;
    /** RDS, with multiAz: a Multi-AZ DB cluster (`Multi-AZ (readable standbys)`, three DB instances). */
    readonly cluster?: boolean | undefined;
    readonly writeDeployment: boolean;
    readonly count: number;
    readonly countColumn: boolean;
    /** The RIFee's `lineItem/NormalizationFactor`: the size's, the size's × the deployment's, or empty. */
    readonly factorColumn: 'size' | 'deployment' | 'none';
}
export interface RandomDbUsage {
    readonly service: DbService;
    readonly hour: number;
    readonly account: string;
    readonly instanceType: DbInstanceType;
    readonly operation: string;
    /** RDS: `Multi-AZUsage` rather than `InstanceUsage`. */
    readonly multiAz: boolean;
    /** RDS, with multiAz: `Multi-AZClusterUsage`. */
    readonly cluster?: boolean | undefined;
    readonly amount: string;
    readonly factorColumn: 'size' | 'deployment' | 'none';
    /** How AWS billed it: on demand, by free tier, or by the RI of this index in `db.ris` (same service). */
    readonly billedAs: { readonly kind: 'usage' | 'free' } | { readonly kind: 'ri'; readonly index: number };
}

const owner = fc.constantFrom(...POOL);
const ri: fc.Arbitrary<RandomRi> = fc.record({
    owner, instanceType: fc.constantFrom(...TYPES), zone: fc.constantFrom('', '', ...ZONES), count: fc.integer({ min: 1, max: 3 }), countColumn: fc.boolean(),
});

const factorColumn = fc.constantFrom('size' as const, 'size' as const, 'deployment' as const, 'none' as const);
const dbKind = (service: DbService) => fc.record({
    service: fc.constant(service),
    instanceType: fc.constantFrom(...DB_KINDS[service].types),
    operation: fc.constantFrom(...DB_KINDS[service].operations),
    multiAz: service === 'AmazonRDS' ? fc.boolean() : fc.constant(false),
    cluster: service === 'AmazonRDS' ? fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) : fc.constant(false),
}).map((k) => ({ ...k, cluster: k.multiAz && k.cluster }));
const anyDbKind = fc.oneof(dbKind('AmazonRDS'), dbKind('AmazonElastiCache'), dbKind('AmazonES'), dbKind('AmazonRedshift'));
const dbRi: fc.Arbitrary<RandomDbRi> = fc.record({
    kind: anyDbKind,
    owner, writeDeployment: fc.boolean(), count: fc.integer({ min: 1, max: 2 }), countColumn: fc.boolean(), factorColumn,
}).map(({ kind, ...rest }) => ({ ...kind, ...rest }));
const dbData = (hours: number): fc.Arbitrary<NonNullable<CommitmentData['db']>> => fc.array(dbRi, { maxLength: 3 }).chain((ris) => fc.record({
    ris: fc.constant(ris),
    usage: fc.uniqueArray(fc.record({
        // Half of the usage has the service, class, engine and deployment of one of the RIs (so exact-fit RIs meet theirs).
        kind: ris.length === 0 ? anyDbKind : fc.oneof(anyDbKind, fc.constantFrom(...ris.map(({ service, instanceType, operation, multiAz, cluster }) => ({ service, instanceType, operation, multiAz, cluster })))),
        hour: fc.integer({ min: 0, max: hours - 1 }),
        account: fc.constantFrom(...POOL.slice(0, 5)),
        amount: fc.integer({ min: 1, max: 6 }).map((halves) => String(halves / 2)),
        factorColumn,
        billedAs: fc.oneof(
            { weight: 3, arbitrary: fc.constant({ kind: 'usage' as const }) },
            { weight: 2, arbitrary: fc.record({ kind: fc.constant('ri' as const), index: fc.integer({ min: 0, max: 2 }) }) },
            { weight: 1, arbitrary: fc.constant({ kind: 'free' as const }) },
        ),
    }).map(({ kind, ...rest }): RandomDbUsage => ({ ...kind, ...rest })), { selector: (u) => `${u.hour} ${u.account} ${dbUsageType(u)} ${u.operation}`, maxLength: 10 }),
})).map((db) => ({
    ...db,
    // AWS bills a usage by an RI of its service that exists; else on demand. Multi-AZ DB cluster usage (three DB
    // instances: a size-flexible RI covering part of it takes a third of its units per hour, not a short decimal)
    // only of the exact-fit engine, so every quotient stays exact; the size-flexible case is hand-worked
    // (reference-commitments-kinds.test.ts).
    usage: db.usage.map((u) => ({ ...u, cluster: u.cluster && u.operation === RDS_ENGINES[2] }))
        // (still one row per key and hour)
        .filter((u, i, all) => all.findIndex((o) => `${o.hour} ${o.account} ${dbUsageType(o)} ${o.operation}` === `${u.hour} ${u.account} ${dbUsageType(u)} ${u.operation}`) === i)
        .map((u) => (u.billedAs.kind === 'ri' && db.ris[u.billedAs.index]?.service !== u.service ? { ...u, billedAs: { kind: 'usage' as const } } : u)),
}));

const mlUsage = (hours: number): fc.Arbitrary<RandomMlUsage[]> => fc.uniqueArray(fc.record({
    hour: fc.integer({ min: 0, max: hours - 1 }),
    account: fc.constantFrom(...POOL.slice(0, 5)),
    instanceType: fc.constantFrom(...(Object.keys(ML_INSTANCES) as MlInstanceType[])),
    use: fc.constantFrom('Host' as const, 'Train' as const),
    amount: fc.integer({ min: 1, max: 6 }).map((halves) => String(halves / 2)),
    billedAs: fc.oneof(
        { weight: 2, arbitrary: fc.constant({ kind: 'usage' as const }) },
        { weight: 3, arbitrary: fc.record({ kind: fc.constant('sp' as const), index: fc.integer({ min: 0, max: 1 }) }) },
        { weight: 1, arbitrary: fc.constant({ kind: 'free' as const }) },
    ),
}), { selector: (u) => `${u.hour} ${u.account} ${mlUsageType(u)}`, maxLength: 6 });

export const commitmentData: fc.Arbitrary<CommitmentData> = fc.integer({ min: 1, max: 4 }).chain((hours) => fc.record({
    db: dbData(hours),
    ml: mlUsage(hours),
    format: fc.constantFrom('cur1' as const, 'cur1' as const, 'cur2-map' as const, 'cur2-flat' as const),
    hours: fc.constant(hours),
    ris: fc.array(ri, { maxLength: 3 }),
    sps: fc.array(fc.record({
        owner, commitment: fc.constantFrom('0.1', '0.2', '0.25', '0.5'), family: fc.constantFrom(undefined, undefined, 'm5' as const, 'c5' as const), sageMaker: fc.boolean(),
        // Mostly in force every hour; sometimes bought or expiring inside the data's hours.
        hours: fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), { minLength: hours, maxLength: hours }),
    }).map(({ sageMaker, ...plan }): RandomSp => (sageMaker && !plan.family ? { ...plan, sageMaker } : plan)), { maxLength: 2 }),
    // One row per (hour, account, instance type): the keys are unique by construction.
    usage: fc.uniqueArray(fc.record({
        hour: fc.integer({ min: 0, max: hours - 1 }),
        account: fc.constantFrom(...POOL.slice(0, 5)),
        instanceType: fc.constantFrom(...TYPES),
        zone: fc.constantFrom(...ZONES),
        amount: fc.integer({ min: 1, max: 8 }).map((halves) => String(halves / 2)),
        billedAs: fc.oneof(
            { weight: 3, arbitrary: fc.constant({ kind: 'usage' as const }) },
            { weight: 2, arbitrary: fc.record({ kind: fc.constant('ri' as const), index: fc.integer({ min: 0, max: 2 }) }) },
            { weight: 3, arbitrary: fc.record({ kind: fc.constant('sp' as const), index: fc.integer({ min: 0, max: 1 }) }) },
            { weight: 1, arbitrary: fc.constant({ kind: 'free' as const }) },
        ),
    }), { selector: (u) => `${u.hour} ${u.account} ${u.instanceType}`, minLength: 1, maxLength: 24 }),
})).map((data) => ({
    ...data,
    // AWS bills a usage by a commitment that exists (and, for a plan, is in force that hour); else on demand.
    usage: data.usage.map((u) => {
        const b = u.billedAs;
        if (b.kind === 'ri' && !data.ris[b.index]) return { ...u, billedAs: { kind: 'usage' as const } };
        const plan = b.kind === 'sp' ? data.sps[b.index] : undefined;
        if (b.kind === 'sp' && (!plan?.hours[u.hour] || plan.sageMaker || (plan.family !== undefined && !u.instanceType.startsWith(`${plan.family}.`)))) return { ...u, billedAs: { kind: 'usage' as const } };
        return u;
    }),
    // SageMaker usage is billed under a SageMaker plan in force that hour only.
    ml: data.ml.map((u) => {
        const plan = u.billedAs.kind === 'sp' ? data.sps[u.billedAs.index] : undefined;
        return u.billedAs.kind === 'sp' && !(plan?.sageMaker && plan.hours[u.hour]) ? { ...u, billedAs: { kind: 'usage' as const } } : u;
    }),
}));

export const riArn = (r: RandomRi, i: number): string => `arn:aws:ec2:us-east-1:${r.owner}:reserved-instances/ri-${i}`;
export const dbRiArn = (r: RandomDbRi, i: number): string => ({
    AmazonRDS: `arn:aws:rds:us-east-1:${r.owner}:ri:db-ri-${i}`,
    AmazonElastiCache: `arn:aws:elasticache:us-east-1:${r.owner}:reserved-instance:cache-ri-${i}`,
    AmazonES: `arn:aws:es:us-east-1:${r.owner}:reserved-instance/search-ri-${i}`,
    AmazonRedshift: `arn:aws:redshift:us-east-1:${r.owner}:reserved-node/redshift-ri-${i}`,
})[r.service];
export const dbUsageType = (u: Pick<RandomDbUsage, 'service' | 'instanceType' | 'multiAz' | 'cluster'>): string => {
    switch (u.service) {
        case 'AmazonElastiCache': return `USE1-NodeUsage:${u.instanceType}`;
        case 'AmazonES': return `USE1-ESInstance:${u.instanceType.replace(/\.search$/, '')}`;
        case 'AmazonRedshift': return `USE1-Node:${u.instanceType}`;
        default: return `USE1-${u.cluster ? 'Multi-AZClusterUsage' : u.multiAz ? 'Multi-AZUsage' : 'InstanceUsage'}:${u.instanceType}`;
    }
};
export const mlUsageType = (u: Pick<RandomMlUsage, 'use' | 'instanceType'>): string => `USE1-${u.use}:${u.instanceType}`;
/** RDS: how many DB instances a deployment counts (Multi-AZ 2, Multi-AZ DB cluster 3). */
const deploymentTimes = (u: { readonly multiAz: boolean; readonly cluster?: boolean | undefined }): string => (u.cluster ? '3' : u.multiAz ? '2' : '1');
/** The NormalizationFactor column: the size's factor, × the RDS deployment's when 'deployment', or empty. */
const factorText = (instanceType: DbInstanceType, u: { readonly multiAz: boolean; readonly cluster?: boolean | undefined }, column: 'size' | 'deployment' | 'none'): string => {
    const factor = DB_INSTANCES[instanceType].factor;
    return column === 'none' || factor === '' ? '' : column === 'deployment' ? times(factor, deploymentTimes(u)) : factor;
};
/** `product/deploymentOption` of an RDS line. */
const deploymentText = (u: { readonly multiAz: boolean; readonly cluster?: boolean | undefined }): string => (u.cluster ? 'Multi-AZ (readable standbys)' : u.multiAz ? 'Multi-AZ' : 'Single-AZ');
export const spArn = (s: RandomSp, i: number): string => `arn:aws:savingsplans::${s.owner}:savingsplan/sp-${i}`;

const COLUMNS = [
    'identity/LineItemId', 'identity/TimeInterval', 'bill/BillingEntity', 'bill/BillingPeriodStartDate', 'bill/BillingPeriodEndDate', 'lineItem/UsageAccountId',
    'lineItem/LineItemType', 'lineItem/UsageStartDate', 'lineItem/UsageEndDate', 'lineItem/ProductCode', 'lineItem/UsageType', 'lineItem/Operation',
    'lineItem/AvailabilityZone', 'lineItem/UsageAmount', 'lineItem/NormalizationFactor', 'lineItem/CurrencyCode', 'lineItem/UnblendedCost',
    'product/instanceType', 'product/operatingSystem', 'product/tenancy', 'product/region', 'product/deploymentOption', 'pricing/publicOnDemandCost',
    'reservation/ReservationARN', 'reservation/AvailabilityZone', 'reservation/NumberOfReservations',
    'savingsPlan/SavingsPlanARN', 'savingsPlan/OfferingType', 'savingsPlan/Region', 'savingsPlan/InstanceTypeFamily', 'savingsPlan/SavingsPlanRate', 'savingsPlan/TotalCommitmentToDate',
] as const;
type Column = (typeof COLUMNS)[number];

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
/** amount × rate for the data's short decimals, exactly (thousandths suffice: halves × rates of at most 3 decimals). */
function times(a: string, b: string): string {
    const scale = (t: string): [bigint, number] => { const [w, f = ''] = t.split('.'); return [BigInt(w! + f), f.length]; };
    const [x, dx] = scale(a), [y, dy] = scale(b);
    const places = dx + dy, digits = (x * y).toString().padStart(places + 1, '0');
    const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
    return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
const negate = (t: string): string => (t === '0' ? '0' : `-${t}`);

/** The data as one CUR 1.0 CSV. */
export function commitmentCsv(data: CommitmentData): string {
    const rows: Partial<Record<Column, string>>[] = [];
    const period = { 'bill/BillingEntity': 'AWS', 'bill/BillingPeriodStartDate': iso(PERIOD_START), 'bill/BillingPeriodEndDate': iso(PERIOD_START + PERIOD_HOURS * HOUR), 'lineItem/CurrencyCode': 'USD' };
    const span = (from: number, to: number) => ({ 'identity/TimeInterval': `${iso(from)}/${iso(to)}`, 'lineItem/UsageStartDate': iso(from), 'lineItem/UsageEndDate': iso(to) });
    data.ris.forEach((r, i) => {
        // The monthly RIFee line: count × the period's hours, at 0.1 an hour each.
        const amount = String(r.count * PERIOD_HOURS);
        rows.push({
            ...period, ...span(PERIOD_START, PERIOD_START + PERIOD_HOURS * HOUR), 'lineItem/UsageAccountId': r.owner, 'lineItem/LineItemType': 'RIFee', 'lineItem/ProductCode': 'AmazonEC2',
            'lineItem/UsageType': `USE1-HeavyUsage:${r.instanceType}`, 'lineItem/Operation': 'RunInstances', 'lineItem/UsageAmount': amount,
            'lineItem/NormalizationFactor': INSTANCES[r.instanceType].factor, 'lineItem/UnblendedCost': times(amount, '0.1'),
            'product/instanceType': r.instanceType, 'product/operatingSystem': 'Linux', 'product/tenancy': 'Shared', 'product/region': 'us-east-1',
            'reservation/ReservationARN': riArn(r, i), 'reservation/AvailabilityZone': r.zone, 'reservation/NumberOfReservations': r.countColumn ? String(r.count) : '',
        });
    });
    data.sps.forEach((s, i) => s.hours.forEach((inForce, h) => {
        if (!inForce) return;
        const from = PERIOD_START + h * HOUR;
        rows.push({
            ...period, ...span(from, from + HOUR), 'lineItem/UsageAccountId': s.owner, 'lineItem/LineItemType': 'SavingsPlanRecurringFee',
            'lineItem/ProductCode': s.sageMaker ? 'SageMakerSavingsPlans' : 'ComputeSavingsPlans',
            'lineItem/UsageType': s.sageMaker ? 'SageMakerSP:1yrNoUpfront' : s.family ? 'EC2InstanceSP:1yrNoUpfront' : 'ComputeSP:1yrNoUpfront', 'lineItem/UsageAmount': '1', 'lineItem/UnblendedCost': s.commitment,
            'savingsPlan/SavingsPlanARN': spArn(s, i), 'savingsPlan/OfferingType': s.sageMaker ? 'SageMakerSavingsPlans' : s.family ? 'EC2InstanceSavingsPlans' : 'ComputeSavingsPlans',
            'savingsPlan/TotalCommitmentToDate': s.commitment,
            ...(s.family && { 'savingsPlan/Region': 'us-east-1', 'savingsPlan/InstanceTypeFamily': s.family }),
        });
    }));
    for (const u of data.usage) {
        const from = PERIOD_START + u.hour * HOUR;
        const price = INSTANCES[u.instanceType];
        const publicCost = times(u.amount, price.onDemand);
        const line = {
            ...period, ...span(from, from + HOUR), 'lineItem/UsageAccountId': u.account, 'lineItem/ProductCode': 'AmazonEC2', 'lineItem/UsageType': `USE1-BoxUsage:${u.instanceType}`,
            'lineItem/Operation': 'RunInstances', 'lineItem/AvailabilityZone': u.zone, 'lineItem/UsageAmount': u.amount, 'lineItem/NormalizationFactor': price.factor,
            'product/instanceType': u.instanceType, 'product/operatingSystem': 'Linux', 'product/tenancy': 'Shared', 'product/region': 'us-east-1', 'pricing/publicOnDemandCost': publicCost,
        };
        const b = u.billedAs;
        if (!('index' in b)) rows.push({ ...line, 'lineItem/LineItemType': 'Usage', 'lineItem/UnblendedCost': b.kind === 'free' ? '0' : publicCost });
        else if (b.kind === 'ri') rows.push({ ...line, 'lineItem/LineItemType': 'DiscountedUsage', 'lineItem/UnblendedCost': '0', 'reservation/ReservationARN': riArn(data.ris[b.index]!, b.index) });
        else {
            const sp = { 'savingsPlan/SavingsPlanARN': spArn(data.sps[b.index]!, b.index), 'savingsPlan/SavingsPlanRate': price.plan };
            rows.push({ ...line, ...sp, 'lineItem/LineItemType': 'SavingsPlanCoveredUsage', 'lineItem/UnblendedCost': publicCost });
            rows.push({ ...line, ...sp, 'lineItem/LineItemType': 'SavingsPlanNegation', 'lineItem/UnblendedCost': negate(publicCost), 'pricing/publicOnDemandCost': '' });
        }
    }
    const db = data.db ?? { ris: [], usage: [] };
    db.ris.forEach((r, i) => {
        const amount = String(r.count * PERIOD_HOURS);
        rows.push({
            ...period, ...span(PERIOD_START, PERIOD_START + PERIOD_HOURS * HOUR), 'lineItem/UsageAccountId': r.owner, 'lineItem/LineItemType': 'RIFee', 'lineItem/ProductCode': r.service,
            'lineItem/UsageType': `USE1-HeavyUsage:${r.instanceType}`, 'lineItem/Operation': r.operation, 'lineItem/UsageAmount': amount,
            'lineItem/NormalizationFactor': factorText(r.instanceType, r, r.factorColumn), 'lineItem/UnblendedCost': times(amount, '0.1'),
            'product/instanceType': r.instanceType, 'product/region': 'us-east-1',
            'product/deploymentOption': r.service !== 'AmazonRDS' ? '' : r.multiAz || r.writeDeployment ? deploymentText(r) : '',
            'reservation/ReservationARN': dbRiArn(r, i), 'reservation/NumberOfReservations': r.countColumn ? String(r.count) : '',
        });
    });
    for (const u of db.usage) {
        const from = PERIOD_START + u.hour * HOUR;
        const publicCost = times(times(u.amount, DB_INSTANCES[u.instanceType].onDemand), deploymentTimes(u));
        const line = {
            ...period, ...span(from, from + HOUR), 'lineItem/UsageAccountId': u.account, 'lineItem/ProductCode': u.service, 'lineItem/UsageType': dbUsageType(u),
            'lineItem/Operation': u.operation, 'lineItem/AvailabilityZone': 'us-east-1a', 'lineItem/UsageAmount': u.amount,
            'lineItem/NormalizationFactor': factorText(u.instanceType, u, u.factorColumn), 'product/instanceType': u.instanceType, 'product/region': 'us-east-1',
            'product/deploymentOption': u.service !== 'AmazonRDS' ? '' : deploymentText(u), 'pricing/publicOnDemandCost': publicCost,
        };
        const b = u.billedAs;
        if (b.kind === 'ri') rows.push({ ...line, 'lineItem/LineItemType': 'DiscountedUsage', 'lineItem/UnblendedCost': '0', 'reservation/ReservationARN': dbRiArn(db.ris[b.index]!, b.index) });
        else rows.push({ ...line, 'lineItem/LineItemType': 'Usage', 'lineItem/UnblendedCost': b.kind === 'free' ? '0' : publicCost });
    }
    for (const u of data.ml ?? []) {
        const from = PERIOD_START + u.hour * HOUR;
        const price = ML_INSTANCES[u.instanceType];
        const publicCost = times(u.amount, price.onDemand);
        const line = {
            ...period, ...span(from, from + HOUR), 'lineItem/UsageAccountId': u.account, 'lineItem/ProductCode': 'AmazonSageMaker', 'lineItem/UsageType': mlUsageType(u),
            'lineItem/Operation': 'RunInstance', 'lineItem/UsageAmount': u.amount, 'lineItem/NormalizationFactor': price.factor,
            'product/instanceType': u.instanceType, 'product/region': 'us-east-1', 'pricing/publicOnDemandCost': publicCost,
        };
        const b = u.billedAs;
        if (b.kind !== 'sp') rows.push({ ...line, 'lineItem/LineItemType': 'Usage', 'lineItem/UnblendedCost': b.kind === 'free' ? '0' : publicCost });
        else {
            const sp = { 'savingsPlan/SavingsPlanARN': spArn(data.sps[b.index]!, b.index), 'savingsPlan/SavingsPlanRate': price.plan };
            rows.push({ ...line, ...sp, 'lineItem/LineItemType': 'SavingsPlanCoveredUsage', 'lineItem/UnblendedCost': publicCost });
            rows.push({ ...line, ...sp, 'lineItem/LineItemType': 'SavingsPlanNegation', 'lineItem/UnblendedCost': negate(publicCost), 'pricing/publicOnDemandCost': '' });
        }
    }
    const format = data.format ?? 'cur1';
    if (format === 'cur1') return [COLUMNS.join(','), ...rows.map((r, i) => COLUMNS.map((c) => (c === 'identity/LineItemId' ? `li-${i}` : r[c] ?? '')).join(','))].join('\n') + '\n';
    // CUR 2.0: the same columns by their CUR 2.0 names; the deployment option flat, or in the `product` map (JSON text, quoted).
    const columns = COLUMNS.filter((c) => format === 'cur2-flat' || c !== 'product/deploymentOption');
    const header = [...columns.map((c) => CUR2_NAMES[c]), ...(format === 'cur2-map' ? ['product'] : [])];
    const cell = (text: string): string => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
    const body = rows.map((r, i) => [
        ...columns.map((c) => (c === 'identity/LineItemId' ? `li-${i}` : r[c] ?? '')),
        ...(format === 'cur2-map' ? [JSON.stringify({ region_code: 'us-east-1', ...(r['product/deploymentOption'] && { deployment_option: r['product/deploymentOption'] }) })] : []),
    ].map(cell).join(','));
    return [header.join(','), ...body].join('\n') + '\n';
}

/** CUR 2.0 names of the columns (AWS's CUR 2.0 data dictionary: lower snake case, `a_r_n` for ARN). */
const CUR2_NAMES: Readonly<Record<Column, string>> = {
    'identity/LineItemId': 'identity_line_item_id', 'identity/TimeInterval': 'identity_time_interval', 'bill/BillingEntity': 'bill_billing_entity',
    'bill/BillingPeriodStartDate': 'bill_billing_period_start_date', 'bill/BillingPeriodEndDate': 'bill_billing_period_end_date',
    'lineItem/UsageAccountId': 'line_item_usage_account_id', 'lineItem/LineItemType': 'line_item_line_item_type', 'lineItem/UsageStartDate': 'line_item_usage_start_date',
    'lineItem/UsageEndDate': 'line_item_usage_end_date', 'lineItem/ProductCode': 'line_item_product_code', 'lineItem/UsageType': 'line_item_usage_type',
    'lineItem/Operation': 'line_item_operation', 'lineItem/AvailabilityZone': 'line_item_availability_zone', 'lineItem/UsageAmount': 'line_item_usage_amount',
    'lineItem/NormalizationFactor': 'line_item_normalization_factor', 'lineItem/CurrencyCode': 'line_item_currency_code', 'lineItem/UnblendedCost': 'line_item_unblended_cost',
    'product/instanceType': 'product_instance_type', 'product/operatingSystem': 'product_operating_system', 'product/tenancy': 'product_tenancy',
    'product/region': 'product_region_code', 'product/deploymentOption': 'product_deployment_option', 'pricing/publicOnDemandCost': 'pricing_public_on_demand_cost',
    'reservation/ReservationARN': 'reservation_reservation_a_r_n', 'reservation/AvailabilityZone': 'reservation_availability_zone',
    'reservation/NumberOfReservations': 'reservation_number_of_reservations', 'savingsPlan/SavingsPlanARN': 'savings_plan_savings_plan_a_r_n',
    'savingsPlan/OfferingType': 'savings_plan_offering_type', 'savingsPlan/Region': 'savings_plan_region', 'savingsPlan/InstanceTypeFamily': 'savings_plan_instance_type_family',
    'savingsPlan/SavingsPlanRate': 'savings_plan_savings_plan_rate', 'savingsPlan/TotalCommitmentToDate': 'savings_plan_total_commitment_to_date',
};

/** The data as a CSV file in a temporary folder. */
export function writeCommitmentCur(data: CommitmentData): { readonly files: readonly string[]; dispose(): void } {
    const dir = mkdtempSync(path.join(tmpdir(), 'billing-commitments-'));
    const file = path.join(dir, 'cur-hourly.csv');
    writeFileSync(file, commitmentCsv(data));
    return { files: [file], dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
