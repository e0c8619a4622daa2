import { normalizationFactorOf } from '../commitments/normalization-factors.js';
import type { CommitmentUtilization, GroupCommitmentsReport } from '../report/types.js';
import { Exact, exactOf, moneyText, ROUND_HALF_EVEN } from './exact.js';
import type { LineItem } from './line-items.js';

/**
 * docs/semantics.md, "Hourly data: commitments re-applied inside each group", written plainly from the text (it
 * imports only AWS's normalization-factor table, never engine/commitments' matching or ordering). Covers what the
 * reference property tests generate: EC2 Reserved Instances (zonal, regional exact fit, regional size-flexible
 * Linux/UNIX shared tenancy), RDS reserved DB instances (size flexible for the engines AWS lists, exact fit for the
 * others; Multi-AZ counting double, a Multi-AZ DB cluster triple), ElastiCache reserved nodes (size flexible),
 * OpenSearch reserved instances and Redshift reserved nodes (exact fit), Compute and EC2 Instance Savings Plans and
 * SageMaker Savings Plans on the instance usage whose SKU shows the plan's rate. A period holding another kind of
 * commitment (an RI of another service, a plan of another offering) is not re-applied here (documented in
 * docs/semantics.md, "Invariants", and ARCHITECTURE.md): `reapply` throws, so a test that reaches one fails loudly
 * rather than comparing against a wrong oracle. Fargate and Lambda usage is not restated (no instance type).
 */

const HOUR = 3_600_000;
const INSTANCE_SERVICES = ['AmazonEC2', 'AmazonRDS', 'AmazonElastiCache', 'AmazonES', 'AmazonRedshift', 'AmazonSageMaker'];

/** "every commitment-eligible usage line spans at most one hour: identity/TimeInterval, else UsageStartDate..UsageEndDate". */
function intervalOf(item: LineItem): [number, number] | undefined {
    const d = item.detail;
    if (!d) return undefined;
    const [from, to] = d.timeInterval !== '' ? d.timeInterval.split('/') : [d.usageStart, d.usageEnd];
    const start = Date.parse(from ?? ''), end = Date.parse(to ?? '');
    return Number.isNaN(start) || Number.isNaN(end) ? undefined : [start, end];
}

/** 1. Eligible usage: Usage, DiscountedUsage, SavingsPlanCoveredUsage with an instance type (Fargate/Lambda left out here). */
function isEligibleType(item: LineItem): boolean {
    const t = item.key.lineItemType;
    return (t === 'Usage' || t === 'DiscountedUsage' || t === 'SavingsPlanCoveredUsage') && INSTANCE_SERVICES.includes(item.key.service) && (item.detail?.instanceType ?? '') !== '';
}

/** "Usage the free tier covered (billed 0 with a public cost) is not eligible". */
function isFreeTier(item: LineItem): boolean {
    return item.key.lineItemType === 'Usage' && exactOf(item.unblendedCost).isZero();
}

function ownerOf(arn: string): string | undefined {
    return /^arn:[^:]*:[^:]*:[^:]*:(\d+):/.exec(arn)?.[1];
}

/** Whether the period is re-applied: hourly eligible usage and commitments (or commitment lines) in the data. */
export function isReapplied(inPeriod: readonly LineItem[]): boolean {
    if (inPeriod.some((item) => !item.detail)) return false;
    // "Usage the free tier covered … is not eligible": it neither decides the granularity nor makes a period re-applied.
    const eligible = inPeriod.filter((item) => isEligibleType(item) && !isFreeTier(item));
    if (eligible.length === 0) return false;
    if (eligible.some((item) => { const i = intervalOf(item); return !i || i[1] - i[0] > HOUR; })) return false;
    return inPeriod.some((item) => ['RIFee', 'SavingsPlanRecurringFee', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation'].includes(item.key.lineItemType));
}

interface Ri {
    arn: string; owner: string; service: string; deployment: number; instanceType: string; region: string; zone: string; tenancy: string; operation: string;
    /** The RIFee line's `lineItem/NormalizationFactor` as written ('' when absent). */
    dataFactor: string;
    perHour: Exact; flexible: boolean; hours: Exact; intervals: [number, number][]; used: Exact;
}
interface Sp { arn: string; owner: string; offering: string; perHour: Exact; hours: Exact; intervals: [number, number][]; used: Exact }
interface Demand { item: LineItem; hour: number; remaining: Exact }

export interface Reapplied {
    /** Covered on-demand cost of each eligible line item. */
    readonly covered: Map<LineItem, Exact>;
    /** Covered usage amount (units) of each eligible line item: what custom tiers leave out. */
    readonly coveredQuantity: Map<LineItem, Exact>;
    /** The report's `commitments` figures of each group index. */
    readonly figures: Map<number, GroupCommitmentsReport>;
}

/** Re-application of one period, per group (`groupOf`: account → group index in the period). */
export function reapply(period: string, inPeriod: readonly LineItem[], groupOf: ReadonlyMap<string, number>, groupCount: number): Reapplied {
    const [y, m] = period.split('-').map(Number) as [number, number];
    const periodStart = Date.UTC(y, m - 1, 1), periodEnd = Date.UTC(y, m, 1);
    const hoursIn = (intervals: [number, number][]): Exact =>
        intervals.reduce((sum, [s, e]) => sum.plus(Math.max(0, Math.min(e, periodEnd) - Math.max(s, periodStart))), new Exact(0)).dividedBy(HOUR);

    // 2. The commitments: RIs from RIFee lines, Savings Plans from SavingsPlanRecurringFee lines, by ARN.
    const ris = new Map<string, Ri & { amount: Exact; count: string }>();
    const sps = new Map<string, Sp & { commitment: Exact }>();
    for (const item of inPeriod) {
        const d = item.detail!;
        const interval = intervalOf(item);
        if (item.key.lineItemType === 'RIFee') {
            const owner = ownerOf(d.reservationArn);
            if (owner === undefined) continue;
            if (!RI_SERVICES.includes(item.key.service)) throw new Error(`reference re-application covers EC2, RDS, ElastiCache, OpenSearch and Redshift RIs only, not ${item.key.service} (${d.reservationArn}): a documented limitation of the reference, docs/semantics.md "Invariants"`);
            let ri = ris.get(d.reservationArn);
            if (!ri) ris.set(d.reservationArn, (ri = {
                arn: d.reservationArn, owner, service: item.key.service, deployment: item.key.service === RDS ? deploymentOfOption(d.deploymentOption) : 1, instanceType: riInstanceType(d.instanceType, item.key.usageType), region: d.region, zone: d.reservationZone, tenancy: d.tenancy,
                operation: item.key.operation, dataFactor: d.normalizationFactor, perHour: new Exact(0), flexible: false, hours: new Exact(0), intervals: [], used: new Exact(0),
                amount: new Exact(0), count: d.numberOfReservations,
            }));
            ri.amount = ri.amount.plus(exactOf(item.usageAmount));
            if (interval) ri.intervals.push(interval);
        } else if (item.key.lineItemType === 'SavingsPlanRecurringFee') {
            const owner = ownerOf(d.savingsPlanArn);
            if (owner === undefined) continue;
            if (!SP_OFFERINGS.includes(d.savingsPlanOffering)) throw new Error(`reference re-application covers Compute, EC2 Instance and SageMaker Savings Plans only, not ${d.savingsPlanOffering || 'an unnamed offering'} (${d.savingsPlanArn}): a documented limitation of the reference, docs/semantics.md "Invariants"`);
            let sp = sps.get(d.savingsPlanArn);
            if (!sp) sps.set(d.savingsPlanArn, (sp = { arn: d.savingsPlanArn, owner, offering: d.savingsPlanOffering, perHour: new Exact(0), hours: new Exact(0), intervals: [], used: new Exact(0), commitment: new Exact(0) }));
            sp.commitment = sp.commitment.plus(exactOf(d.savingsPlanCommitment !== '' ? d.savingsPlanCommitment : item.unblendedCost));
            if (interval) sp.intervals.push(interval);
        }
    }
    const feeHours = (intervals: [number, number][]): Exact => intervals.reduce((sum, [s, e]) => sum.plus(e - s), new Exact(0)).dividedBy(HOUR);
    for (const ri of ris.values()) {
        // "An RI's count is reservation/NumberOfReservations, else its RIFee usage amount ÷ hours".
        const count = ri.count !== '' ? new Exact(ri.count) : ri.amount.dividedBy(feeHours(ri.intervals));
        ri.flexible = isSizeFlexible(ri);
        // Size flexible: count × the size's factor units an hour (× 2 for an RDS Multi-AZ RI, × 3 for a Multi-AZ DB
        // cluster); exact fit: count instances an hour.
        ri.perHour = ri.flexible ? count.times(riSizeFactor(ri)!).times(ri.deployment) : count;
        ri.hours = hoursIn(ri.intervals);
    }
    for (const sp of sps.values()) {
        sp.perHour = sp.commitment.dividedBy(feeHours(sp.intervals));
        sp.hours = hoursIn(sp.intervals);
    }
    // "the rate is savingsPlan/SavingsPlanRate of the plan's covered lines of the same SKU (usage type, operation, region) anywhere in the period".
    const rates = new Map<string, Exact>();
    for (const item of inPeriod) {
        const d = item.detail!;
        if (item.key.lineItemType !== 'SavingsPlanCoveredUsage' || d.savingsPlanArn === '' || d.savingsPlanRate === '') continue;
        const k = [item.key.usageType, item.key.operation, d.region, d.savingsPlanArn].join('\u0000');
        if (!rates.has(k)) rates.set(k, new Exact(d.savingsPlanRate));
    }

    const covered = new Map<LineItem, Exact>();
    const coveredQuantity = new Map<LineItem, Exact>();
    const figures = new Map<number, GroupCommitmentsReport>();
    const factor = (item: LineItem): Exact | undefined => {
        const data = item.detail!.normalizationFactor;
        if (data !== '' && new Exact(data).gt(0)) return new Exact(data);
        const table = normalizationFactorOf(item.detail!.instanceType);
        return table === undefined ? undefined : new Exact(table.toString());
    };
    const inForce = (intervals: [number, number][], hour: number): boolean => intervals.some(([s, e]) => s <= hour && hour < e);

    for (let g = 0; g < groupCount; g++) {
        // "A commitment owned outside the group gives the group nothing".
        const groupRis = [...ris.values()].filter((ri) => groupOf.get(ri.owner) === g)
            // "zonal before regional, then by ARN".
            .sort((a, b) => (a.zone === '' ? 1 : 0) - (b.zone === '' ? 1 : 0) || cmp(a.arn, b.arn));
        // "EC2 Instance Savings Plans before Compute Savings Plans (SageMaker plans cover only SageMaker), then by ARN".
        const groupSps = [...sps.values()].filter((sp) => groupOf.get(sp.owner) === g)
            .sort((a, b) => SP_OFFERINGS.indexOf(a.offering) - SP_OFFERINGS.indexOf(b.offering) || cmp(a.arn, b.arn));
        const demands: Demand[] = inPeriod.filter((item) => isEligibleType(item) && !isFreeTier(item) && groupOf.get(item.key.accountId) === g)
            .map((item) => ({ item, hour: intervalOf(item)![0] - (intervalOf(item)![0] % HOUR), remaining: exactOf(item.usageAmount) }));
        const hours = [...new Set(demands.map((d) => d.hour))].sort((a, b) => a - b);
        for (const hour of hours) {
            const now = demands.filter((d) => d.hour === hour);
            // 3. Reserved Instances first.
            for (const ri of groupRis) {
                if (!inForce(ri.intervals, hour)) continue;
                let capacity = ri.perHour;
                const order = (d: Demand): [number, Exact] => [d.item.key.accountId === ri.owner ? 0 : 1, factor(d.item) ?? new Exact(0)];
                const sorted = [...now].sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1].comparedTo(order(b)[1])
                    || cmp(a.item.key.accountId, b.item.key.accountId) || cmp(a.item.key.usageType, b.item.key.usageType) || cmp(a.item.detail!.instanceType, b.item.detail!.instanceType));
                for (const d of sorted) {
                    if (capacity.lte(0)) break;
                    if (d.remaining.lte(0) || !riCovers(ri, d.item)) continue;
                    const f = ri.flexible ? demandFactor(ri, d.item, factor(d.item)) : new Exact(1);
                    if (f === undefined || f.isZero()) continue;
                    // "a usage's demand is usage amount × normalization factor"; "A usage may be partly covered".
                    const units = Exact.min(d.remaining.times(f), capacity);
                    d.remaining = d.remaining.minus(units.dividedBy(f));
                    capacity = capacity.minus(units);
                    ri.used = ri.used.plus(units);
                }
            }
            // 4. Savings Plans next, on what the RIs left.
            for (const sp of groupSps) {
                if (!inForce(sp.intervals, hour)) continue;
                const rateOf = (d: Demand): Exact | undefined => rates.get([d.item.key.usageType, d.item.key.operation, d.item.detail!.region, sp.arn].join('\u0000'));
                // A usage the plan could cover and that shows no rate for it stays on demand; one that shows a rate is
                // AWS's own decision that the plan covers it (an EC2 Instance plan's family and region included, a
                // SageMaker plan's ML instance usage too): "eligible for that plan whatever its usage type".
                const candidates = now.filter((d) => d.remaining.gt(0) && rateOf(d) !== undefined);
                const savings = (d: Demand): Exact => {
                    const onDemandRate = exactOf(d.item.publicOnDemandCost).dividedBy(exactOf(d.item.usageAmount));
                    return onDemandRate.minus(rateOf(d)!).dividedBy(onDemandRate);
                };
                // "purchasing account's usage first, then the other accounts', each part by savings percentage descending, ties by account id and usage type".
                candidates.sort((a, b) => (a.item.key.accountId === sp.owner ? 0 : 1) - (b.item.key.accountId === sp.owner ? 0 : 1)
                    || savings(b).comparedTo(savings(a)) || cmp(a.item.key.accountId, b.item.key.accountId) || cmp(a.item.key.usageType, b.item.key.usageType));
                let commitment = sp.perHour;
                for (const d of candidates) {
                    if (commitment.lte(0)) break;
                    const rate = rateOf(d)!;
                    // "Covering a quantity q costs q × the plan's rate … up to the hourly commitment".
                    const q = rate.isZero() ? d.remaining : Exact.min(d.remaining, commitment.dividedBy(rate));
                    const spent = Exact.min(q.times(rate), commitment);
                    d.remaining = d.remaining.minus(q);
                    commitment = commitment.minus(spent);
                    sp.used = sp.used.plus(spent);
                }
            }
        }
        // 5./6. Covered part of each usage; coverage and utilization.
        let eligibleCost = new Exact(0), coveredCost = new Exact(0);
        for (const d of demands) {
            const cost = exactOf(d.item.publicOnDemandCost), amount = exactOf(d.item.usageAmount);
            const part = amount.isZero() ? new Exact(0) : cost.times(amount.minus(d.remaining)).dividedBy(amount);
            covered.set(d.item, part);
            coveredQuantity.set(d.item, amount.minus(d.remaining));
            eligibleCost = eligibleCost.plus(cost);
            coveredCost = coveredCost.plus(part);
        }
        const commitments: CommitmentUtilization[] = [
            ...groupRis.map((ri): CommitmentUtilization => {
                // "RI: normalized unit-hours, an exact-fit RI's instance-hours × its size's factor".
                // (RDS: the size's factor × 2 for Multi-AZ, × 3 for a Multi-AZ DB cluster).
                const size = riSizeFactor(ri);
                const unitsPerInstance = ri.flexible ? new Exact(1) : size === undefined ? undefined : size.times(ri.deployment);
                const used = unitsPerInstance ? ri.used.times(unitsPerInstance) : ri.used;
                const capacity = ri.perHour.times(ri.hours).times(unitsPerInstance ?? 1);
                return { arn: ri.arn, kind: 'reservation', ownerAccountId: ri.owner, unit: unitsPerInstance ? 'normalized-units' : 'instance-hours', used: moneyText(used), capacity: moneyText(capacity), utilizationPercent: percent(used, capacity) };
            }),
            ...groupSps.map((sp): CommitmentUtilization => {
                const capacity = sp.perHour.times(sp.hours);
                return { arn: sp.arn, kind: 'savingsPlan', ownerAccountId: sp.owner, unit: 'commitment', used: moneyText(sp.used), capacity: moneyText(capacity), utilizationPercent: percent(sp.used, capacity) };
            }),
        ].sort((a, b) => cmp(a.arn, b.arn));
        figures.set(g, { eligibleCost: moneyText(eligibleCost), coveredCost: moneyText(coveredCost), coveragePercent: percent(coveredCost, eligibleCost), commitments });
    }
    return { covered, coveredQuantity, figures };
}

const EC2 = 'AmazonEC2', RDS = 'AmazonRDS', ELASTICACHE = 'AmazonElastiCache', OPENSEARCH = 'AmazonES', REDSHIFT = 'AmazonRedshift';
const RI_SERVICES = [EC2, RDS, ELASTICACHE, OPENSEARCH, REDSHIFT];
/** `savingsPlan/OfferingType`, in the order plans apply (Instance plans first, SageMaker plans last). */
const SP_OFFERINGS = ['EC2InstanceSavingsPlans', 'ComputeSavingsPlans', 'SageMakerSavingsPlans'];

/**
 * RDS engines (`lineItem/Operation` `CreateDBInstance:NNNN`) whose reserved DB instances are size flexible. AWS RDS
 * User Guide, "Size-flexible reserved DB instances": "MariaDB, MySQL, Oracle, Bring Your Own License, PostgreSQL";
 * Aurora User Guide: Aurora's too. So: MySQL 0002, Oracle SE1/SE/EE/SE2 BYOL 0003/0004/0005/0019, PostgreSQL 0014,
 * Aurora MySQL 0016, MariaDB 0018, Aurora PostgreSQL 0021. Every other engine (SQL Server, license-included Oracle,
 * an unknown code) matches class and deployment exactly.
 */
const RDS_FLEXIBLE_ENGINES = ['0002', '0003', '0004', '0005', '0014', '0016', '0018', '0019', '0021'];

function tableFactor(instanceType: string): Exact | undefined {
    const f = normalizationFactorOf(instanceType);
    return f === undefined ? undefined : new Exact(f.toString());
}

/**
 * The factor of one reserved instance's size: AWS's table, else the RIFee line's `lineItem/NormalizationFactor`
 * when positive (an OpenSearch `r6g.large.search` is not in the table); undefined: the size has no factor
 * ("instance-hours only for a size without a factor").
 */
function riSizeFactor(ri: Ri): Exact | undefined {
    const table = tableFactor(ri.instanceType);
    if (table !== undefined) return table;
    return ri.dataFactor !== '' && new Exact(ri.dataFactor).gt(0) ? new Exact(ri.dataFactor) : undefined;
}

/** `m5.large` → m5, `db.r5.large` → r5, `cache.r6g.large` → r6g. */
function familyOf(instanceType: string): string {
    const parts = instanceType.split('.');
    return (parts.length >= 3 ? parts[1] : parts[0]) ?? '';
}

/** The usage type without its region prefix (`USE1-InstanceUsage:db.r5.large` → `InstanceUsage:db.r5.large`). */
function bareUsageType(usageType: string): string {
    return usageType.replace(/^[A-Z]{2,4}\d?-(?=[^:]*:)/, '');
}

/** An RDS RI's deployment as a multiplier: `Multi-AZ (readable standbys)` (a Multi-AZ DB cluster) 3, `Multi-AZ` 2, else 1. */
function deploymentOfOption(option: string): number {
    return /readable standby/i.test(option) ? 3 : /^Multi-AZ/i.test(option) ? 2 : 1;
}

/** An RDS usage's deployment by its usage type: `Multi-AZClusterUsage` 3, `Multi-AZUsage` 2, `InstanceUsage` 1. */
function deploymentOfUsage(usageType: string): number {
    const bare = bareUsageType(usageType);
    return bare.startsWith('Multi-AZClusterUsage') ? 3 : bare.startsWith('Multi-AZUsage') ? 2 : 1;
}

/**
 * Which RIs apply across the sizes of their family (only a size in AWS's factor table): EC2 regional Linux/UNIX
 * (`RunInstances`) shared tenancy, not G4ad/G4dn/G5/G5g/Inf1; RDS of a size-flexible engine; every ElastiCache
 * reserved node (size flexible since October 2024). OpenSearch and Redshift: never ("don't support size flexibility").
 */
function isSizeFlexible(ri: Ri): boolean {
    if (riSizeFactor(ri) === undefined) return false;
    if (ri.service === EC2) return ri.zone === '' && ri.operation === 'RunInstances' && ri.tenancy === 'Shared' && !/^(g4ad|g4dn|g5|g5g|inf1)\./.test(ri.instanceType);
    if (ri.service === RDS) return RDS_FLEXIBLE_ENGINES.includes(ri.operation.split(':')[1] ?? '');
    return ri.service === ELASTICACHE;
}

/**
 * A usage hour's normalized units for a size-flexible RI: its factor (the data's, else the table's); for RDS × 2 for
 * Multi-AZ and × 3 for a Multi-AZ DB cluster usage, unless the data's factor already is the size's × that.
 */
function demandFactor(ri: Ri, item: LineItem, f: Exact | undefined): Exact | undefined {
    if (f === undefined || ri.service !== RDS) return f;
    const m = deploymentOfUsage(item.key.usageType);
    const size = tableFactor(item.detail!.instanceType) ?? f;
    return m === 1 || f.eq(size.times(m)) ? f : f.times(m);
}

/**
 * "OpenSearch `ESInstance`; Redshift `Node`": the instance (node) hours an OpenSearch or Redshift reservation may
 * cover (`USE1-ESInstance:r6g.large`, `USE2-Node:ra3.4xlarge`), never Spot.
 */
function isNodeHours(service: string, usageType: string): boolean {
    const bare = bareUsageType(usageType);
    if (/spot/i.test(bare)) return false;
    return service === OPENSEARCH ? bare.startsWith('ESInstance:') : bare.startsWith('Node:');
}

/**
 * "OpenSearch and Redshift reservations cover the same instance (node) type in the region only" (with the same
 * operation, as every reservation).
 */
function nodeReservationCovers(ri: Ri, item: LineItem): boolean {
    return isNodeHours(ri.service, item.key.usageType) && item.detail!.instanceType === ri.instanceType;
}

/** docs/semantics.md, "Which commitment covers which usage": EC2, RDS, ElastiCache, OpenSearch and Redshift RIs. */
function riCovers(ri: Ri, item: LineItem): boolean {
    const d = item.detail!;
    const { key } = item;
    if (key.service !== ri.service || key.operation !== ri.operation || d.region !== ri.region) return false;
    const usageType = bareUsageType(key.usageType);
    if (ri.service === RDS) {
        // DB instance hours (Single-AZ, Multi-AZ, Multi-AZ cluster; I/O-Optimized too), not storage, I/O or backup.
        if (!/^(InstanceUsage|Multi-AZUsage|Multi-AZClusterUsage)(IOOptimized)?:db\./.test(usageType)) return false;
        if (ri.flexible) return familyOf(d.instanceType) === familyOf(ri.instanceType);
        return d.instanceType === ri.instanceType && deploymentOfUsage(key.usageType) === ri.deployment;
    }
    if (ri.service === OPENSEARCH || ri.service === REDSHIFT) return nodeReservationCovers(ri, item);
    if (ri.service === ELASTICACHE) {
        if (!/^NodeUsage:cache\./.test(usageType)) return false;
        return ri.flexible ? familyOf(d.instanceType) === familyOf(ri.instanceType) : d.instanceType === ri.instanceType;
    }
    if (!/BoxUsage|DedicatedUsage|UnusedBox|UnusedDed/.test(key.usageType)) return false;
    if (d.tenancy !== ri.tenancy) return false;
    if (ri.zone !== '') return d.instanceType === ri.instanceType && d.availabilityZone === ri.zone;
    if (ri.flexible) return d.instanceType.split('.')[0] === ri.instanceType.split('.')[0];
    return d.instanceType === ri.instanceType;
}

function percent(part: Exact, whole: Exact): string | null {
    return whole.isZero() ? null : part.times(100).dividedBy(whole).toDecimalPlaces(2, ROUND_HALF_EVEN).toFixed(2);
}

function cmp(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * An RI's instance type: its RIFee line's `product/instanceType`, else the size its usage type names after the last
 * colon ("USE1-HeavyUsage:m5.large" → m5.large; some exports leave the product columns of fee lines empty).
 */
function riInstanceType(productInstanceType: string, usageType: string): string {
    if (productInstanceType !== '') return productInstanceType;
    const colon = usageType.lastIndexOf(':');
    return colon < 0 ? '' : usageType.slice(colon + 1);
}
