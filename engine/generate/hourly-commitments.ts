import * as path from 'node:path';
import { AtomicFile } from '../files/index.js';
import { fromUnits, pow10, toUnits } from './fixed-point.js';
import { skuOf as sku } from './line-items.js';
import { HOURLY_CUR1_COLUMNS, HOURLY_CUR2_COLUMNS, hourlyCsvLine, hourlyHeader, type HourlyRow } from './hourly-columns.js';
import { Prng } from './prng.js';

/**
 * The generator's hourly mode: a month (or several) of hourly CUR data in which Reserved Instances and Savings
 * Plans owned by one account are used — as AWS shares them across the organisation in the billable bill — by
 * accounts that the example policies (examples/*.billing) put in other billing groups, while the owner's own
 * usage, which those commitments would cover in its group's pro forma, stays on-demand. The data issue 12's
 * re-application is tried on (docs/semantics.md, "Reserved Instances and Savings Plans").
 *
 * Commitments, all owned by data-prod (333333333333): a regional m5.xlarge RI ×4 (Linux, size flexible: 32
 * normalized units an hour), a zonal c5.xlarge RI ×2 in us-east-1b, an EC2 Instance Savings Plan for r5 in
 * us-east-1 and a Compute Savings Plan. In the billable bill each hour's benefit goes to the other accounts first
 * (zonal RI, regional RI smallest size first, then the plans by savings percentage), the owner getting what is
 * left. Lines: RIFee (monthly, with reservation/NumberOfReservations, TotalReservedNormalizedUnits, Unused*),
 * DiscountedUsage with reservation/ReservationARN and lineItem/NormalizationFactor, SavingsPlanRecurringFee (hourly),
 * SavingsPlanCoveredUsage with savingsPlan/SavingsPlanRate and its SavingsPlanNegation, Usage for what is left,
 * plus S3 and EBS usage no commitment covers; identity/TimeInterval is each line's hour. Deterministic (seeded);
 * quantities in 10^-4 hours and money at 10 decimals, exact.
 */

export interface GenerateHourlyOptions {
    /** Output path (.csv; .gz compresses). */
    readonly output: string;
    /** CUR 1.0 (`lineItem/UsageAccountId`) or CUR 2.0 (`line_item_usage_account_id`, `product` map) columns. */
    readonly format?: 'cur1' | 'cur2';
    readonly seed?: number;
    /** Billing periods `YYYY-MM` (default 2026-01); every hour of each is written. */
    readonly periods?: readonly string[];
    readonly payerAccountId?: string;
}

export interface GenerateHourlyResult {
    readonly path: string;
    readonly rows: number;
    readonly columns: number;
    readonly periods: readonly string[];
    readonly accounts: readonly string[];
    readonly format: 'cur1' | 'cur2';
}

/** The commitments' owner: data-prod, in the example policies' data / production / payments groups. */
export const HOURLY_OWNER = '333333333333';

interface InstanceSpec {
    readonly rate: string;
    readonly nf: number;
    /** Compute Savings Plan rate (1 year, No Upfront). */
    readonly computeRate: string;
    /** EC2 Instance Savings Plan rate (r5 only). */
    readonly instanceRate?: string;
    readonly family: string;
}

const INSTANCES: Record<string, InstanceSpec> = {
    't3.medium': { rate: '0.0416', nf: 2, computeRate: '0.0333', family: 't3' },
    'm5.large': { rate: '0.096', nf: 4, computeRate: '0.0672', family: 'm5' },
    'm5.xlarge': { rate: '0.192', nf: 8, computeRate: '0.1344', family: 'm5' },
    'm5.2xlarge': { rate: '0.384', nf: 16, computeRate: '0.2688', family: 'm5' },
    'c5.xlarge': { rate: '0.17', nf: 8, computeRate: '0.1139', family: 'c5' },
    'r5.large': { rate: '0.126', nf: 4, computeRate: '0.0882', instanceRate: '0.0794', family: 'r5' },
    'r5.xlarge': { rate: '0.252', nf: 8, computeRate: '0.1764', instanceRate: '0.1588', family: 'r5' },
};

interface Workload {
    readonly instanceType: string;
    readonly az: string;
    /** Instances running at night; `day` more from 08:00 to 20:00 UTC; `jitter`: ± up to that many. */
    readonly base: number;
    readonly day: number;
    readonly jitter: number;
    /** Instances that start or stop within the hour: a fractional part (quarters of an hour). */
    readonly partial?: boolean;
}

/** Workloads per account: web-prod and web-dev (group web in acme), shared-services, and two more. */
const FLEET: Record<string, readonly Workload[]> = {
    '111111111111': [
        { instanceType: 'm5.xlarge', az: 'us-east-1a', base: 2, day: 2, jitter: 1 },
        { instanceType: 'm5.2xlarge', az: 'us-east-1a', base: 0, day: 1, jitter: 0 },
        { instanceType: 'c5.xlarge', az: 'us-east-1b', base: 1, day: 1, jitter: 1 },
    ],
    '222222222222': [
        { instanceType: 't3.medium', az: 'us-east-1a', base: 2, day: 2, jitter: 1 },
        { instanceType: 'm5.large', az: 'us-east-1c', base: 0, day: 2, jitter: 1, partial: true },
        { instanceType: 'r5.xlarge', az: 'us-east-1a', base: 1, day: 0, jitter: 0 },
    ],
    [HOURLY_OWNER]: [
        { instanceType: 'm5.large', az: 'us-east-1a', base: 3, day: 1, jitter: 1 },
        { instanceType: 'c5.xlarge', az: 'us-east-1b', base: 1, day: 0, jitter: 1 },
        { instanceType: 'r5.large', az: 'us-east-1a', base: 1, day: 1, jitter: 0 },
        { instanceType: 't3.medium', az: 'us-east-1b', base: 1, day: 1, jitter: 1, partial: true },
    ],
    '444444444444': [
        { instanceType: 'm5.large', az: 'us-east-1b', base: 1, day: 0, jitter: 1 },
        { instanceType: 'r5.large', az: 'us-east-1a', base: 1, day: 1, jitter: 1 },
    ],
    '555555555555': [
        { instanceType: 'c5.xlarge', az: 'us-east-1a', base: 1, day: 0, jitter: 0 },
        { instanceType: 'm5.xlarge', az: 'us-east-1c', base: 0, day: 1, jitter: 1, partial: true },
    ],
};
const ACCOUNTS = Object.keys(FLEET).sort();

interface ReservationSpec {
    readonly id: string;
    readonly instanceType: string;
    readonly count: number;
    /** '' regional; the zone of a zonal RI. */
    readonly az: string;
    readonly rate: string;
}
const RESERVATIONS: readonly ReservationSpec[] = [
    { id: '7d1c9a52-3e4b-4f60-9a7b-1c2d3e4f5a6b', instanceType: 'c5.xlarge', count: 2, az: 'us-east-1b', rate: '0.107' },
    { id: 'a3f8e210-5b6c-4d7e-8f90-1a2b3c4d5e6f', instanceType: 'm5.xlarge', count: 4, az: '', rate: '0.121' },
];

interface PlanSpec {
    readonly id: string;
    readonly offering: 'EC2InstanceSavingsPlans' | 'ComputeSavingsPlans';
    readonly hourly: string;
    readonly family: string;
}
const PLANS: readonly PlanSpec[] = [
    { id: '0b5e6f70-8192-4a3b-9c4d-5e6f7a8b9c0d', offering: 'EC2InstanceSavingsPlans', hourly: '0.2', family: 'r5' },
    { id: 'e4d3c2b1-a098-4765-b432-10fedcba9876', offering: 'ComputeSavingsPlans', hourly: '0.5', family: '' },
];

const STORAGE = [
    {
        service: 'AmazonS3', usageType: 'USE1-TimedStorage-ByteHrs', operation: 'StandardStorage', rate: '0.023', minGb: 200, maxGb: 4000,
        productName: 'Amazon Simple Storage Service', description: '$0.023 per GB - first 50 TB / month of storage used',
    },
    {
        service: 'AmazonEC2', usageType: 'USE1-EBS:VolumeUsage.gp3', operation: 'CreateVolume-Gp3', rate: '0.08', minGb: 100, maxGb: 800,
        productName: 'Amazon Elastic Compute Cloud', description: '$0.08 per GB-month of General Purpose (gp3) provisioned storage - US East (Northern Virginia)',
    },
] as const;

const REGION = 'us-east-1';
const QS = 4;
const Q1 = pow10(QS);
const AWS_INC = 'Amazon Web Services, Inc.';

const riArn = (ri: ReservationSpec): string => `arn:aws:ec2:${REGION}:${HOURLY_OWNER}:reserved-instances/${ri.id}`;
const planArn = (plan: PlanSpec): string => `arn:aws:savingsplans::${HOURLY_OWNER}:savingsplan/${plan.id}`;

/** One hour's usage of one workload, split as AWS applied the commitments to it. */
interface Item {
    readonly account: string;
    readonly workload: Workload;
    /** 10^-4 hours not yet covered. */
    left: bigint;
}

export async function generateHourlyCommitmentsCur(options: GenerateHourlyOptions): Promise<GenerateHourlyResult> {
    const format = options.format ?? 'cur1';
    const periods = [...(options.periods ?? ['2026-01'])];
    for (const p of periods) if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(p)) throw new Error(`period ${p} is not YYYY-MM`);
    const rng = new Prng(options.seed ?? 1);
    const payer = options.payerAccountId ?? '999999999999';
    const output = path.resolve(options.output);
    const file = await AtomicFile.open(output);
    let chunk = hourlyHeader(format);
    let rows = 0;
    const emit = (row: HourlyRow): void => {
        chunk += hourlyCsvLine(row, format);
        rows++;
    };
    try {
        for (const period of periods) {
            const writer = new HourlyPeriod(rng, payer, period, emit);
            for (let h = 0; h < writer.hours; h++) {
                writer.hour(h);
                if (chunk.length > 1 << 20) {
                    await file.write(chunk);
                    chunk = '';
                }
            }
            writer.monthly();
        }
        await file.write(chunk);
        await file.commit();
    } catch (error) {
        await file.abort();
        throw error;
    }
    return {
        path: output, rows, periods, accounts: ACCOUNTS, format,
        columns: (format === 'cur1' ? HOURLY_CUR1_COLUMNS : HOURLY_CUR2_COLUMNS).length,
    };
}

class HourlyPeriod {
    readonly hours: number;
    private readonly start: string;
    private readonly end: string;
    private readonly invoice: string;
    /** Normalized units (10^-4) used per reservation in the billable bill. */
    private readonly riUsed = new Map<ReservationSpec, bigint>();

    constructor(private readonly rng: Prng, private readonly payer: string, period: string, private readonly emit: (row: HourlyRow) => void) {
        const [y, m] = period.split('-').map(Number) as [number, number];
        const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
        this.start = `${period}-01T00:00:00Z`;
        this.end = `${next}-01T00:00:00Z`;
        this.hours = Math.round((Date.parse(this.end) - Date.parse(this.start)) / 3_600_000);
        this.invoice = `${y}${String(m).padStart(2, '0')}${rng.int(100000, 999999)}`;
    }

    hour(h: number): void {
        const from = new Date(Date.parse(this.start) + h * 3_600_000).toISOString().replace('.000Z', 'Z');
        const to = new Date(Date.parse(this.start) + (h + 1) * 3_600_000).toISOString().replace('.000Z', 'Z');
        const daytime = h % 24 >= 8 && h % 24 < 20;
        const items: Item[] = [];
        for (const account of ACCOUNTS) {
            for (const workload of FLEET[account]!) {
                const count = workload.base + (daytime ? workload.day : 0) + (workload.jitter ? this.rng.int(-workload.jitter, workload.jitter) : 0);
                let units = BigInt(Math.max(0, count)) * Q1;
                if (workload.partial && this.rng.next() < 0.5) units += BigInt(this.rng.int(1, 3)) * (Q1 / 4n);
                if (units > 0n) items.push({ account, workload, left: units });
            }
        }
        // Billable: the other accounts first (ascending id), the owner last.
        const order = (a: Item, b: Item): number => Number(a.account === HOURLY_OWNER) - Number(b.account === HOURLY_OWNER) || a.account.localeCompare(b.account);
        const covered = new Map<Item, { ri: { spec: ReservationSpec; units: bigint }[]; sp: { plan: PlanSpec; units: bigint; rate: string }[] }>();
        const note = (item: Item) => covered.get(item) ?? (covered.set(item, { ri: [], sp: [] }), covered.get(item)!);
        for (const ri of RESERVATIONS) {
            const nf = INSTANCES[ri.instanceType]!.nf;
            const zonal = ri.az !== '';
            // Capacity in 10^-4 instance-hours (zonal) or normalized units (regional).
            let capacity = BigInt(ri.count) * Q1 * (zonal ? 1n : BigInt(nf));
            const fits = items.filter(i => zonal
                ? i.workload.instanceType === ri.instanceType && i.workload.az === ri.az
                : INSTANCES[i.workload.instanceType]!.family === INSTANCES[ri.instanceType]!.family);
            fits.sort((a, b) => order(a, b) || INSTANCES[a.workload.instanceType]!.nf - INSTANCES[b.workload.instanceType]!.nf);
            for (const item of fits) {
                if (capacity <= 0n || item.left <= 0n) continue;
                const unit = zonal ? 1n : BigInt(INSTANCES[item.workload.instanceType]!.nf);
                const take = item.left * unit <= capacity ? item.left : capacity / unit;
                if (take <= 0n) continue;
                capacity -= take * unit;
                item.left -= take;
                note(item).ri.push({ spec: ri, units: take });
                this.riUsed.set(ri, (this.riUsed.get(ri) ?? 0n) + take * (zonal ? BigInt(nf) : unit));
            }
        }
        for (const plan of PLANS) {
            let commitment = toUnits(plan.hourly);
            const rateOf = (item: Item): string | undefined => {
                const spec = INSTANCES[item.workload.instanceType]!;
                return plan.offering === 'ComputeSavingsPlans' ? spec.computeRate : spec.family === plan.family ? spec.instanceRate : undefined;
            };
            const savings = (item: Item): number => 1 - Number(rateOf(item)) / Number(INSTANCES[item.workload.instanceType]!.rate);
            const fits = items.filter(i => rateOf(i) !== undefined).sort((a, b) => order(a, b) || savings(b) - savings(a));
            for (const item of fits) {
                if (commitment <= 0n || item.left <= 0n) continue;
                const rate = toUnits(rateOf(item)!);
                const afford = commitment * Q1 / rate;
                const take = item.left < afford ? item.left : afford;
                if (take <= 0n) continue;
                commitment -= take * rate / Q1;
                item.left -= take;
                note(item).sp.push({ plan, units: take, rate: rateOf(item)! });
            }
            this.planFee(plan, from, to, toUnits(plan.hourly) - commitment);
        }
        for (const item of items) {
            const split = covered.get(item);
            for (const part of split?.ri ?? []) this.discounted(item, part.spec, part.units, from, to);
            for (const part of split?.sp ?? []) this.savingsPlanCovered(item, part.plan, part.units, part.rate, from, to);
            if (item.left > 0n) this.usage(item, item.left, from, to);
        }
        for (const account of ACCOUNTS) this.storage(account, from, to);
    }

    /** The RIFee of each reservation, with what the billable bill left unused. */
    monthly(): void {
        for (const ri of RESERVATIONS) {
            const nf = BigInt(INSTANCES[ri.instanceType]!.nf);
            const reserved = BigInt(ri.count * this.hours);
            const usedNu = this.riUsed.get(ri) ?? 0n;
            const unusedNu = reserved * nf * Q1 - usedNu;
            const unusedHours = fromUnits(unusedNu / nf, QS);
            const row = this.base('RIFee', HOURLY_OWNER, this.start, this.end);
            this.ec2Product(row, ri.instanceType);
            const fee = reserved * toUnits(ri.rate);
            const unusedFee = (unusedNu / nf) * toUnits(ri.rate) / Q1;
            Object.assign(row, {
                'lineItem/UsageType': `USE1-HeavyUsage:${ri.instanceType}`, 'lineItem/Operation': 'RunInstances',
                'lineItem/UsageAmount': String(reserved), 'lineItem/NormalizationFactor': String(nf),
                'lineItem/NormalizedUsageAmount': String(reserved * nf), 'lineItem/UnblendedRate': ri.rate,
                'lineItem/UnblendedCost': fromUnits(fee), 'lineItem/BlendedRate': ri.rate, 'lineItem/BlendedCost': fromUnits(fee),
                'lineItem/LineItemDescription': `USD ${ri.rate} hourly fee per Linux/UNIX (Amazon VPC), ${ri.instanceType} instance (No Upfront, ${ri.count} reserved)`,
                'pricing/term': 'Reserved', 'pricing/purchaseOption': 'No Upfront', 'pricing/unit': 'Hrs',
                'reservation/ReservationARN': riArn(ri), 'reservation/AvailabilityZone': ri.az,
                'reservation/NumberOfReservations': String(ri.count), 'reservation/NormalizedUnitsPerReservation': String(nf * BigInt(this.hours)),
                'reservation/TotalReservedUnits': String(reserved), 'reservation/TotalReservedNormalizedUnits': String(reserved * nf),
                'reservation/UnusedQuantity': unusedHours, 'reservation/UnusedNormalizedUnitQuantity': fromUnits(unusedNu, QS),
                'reservation/UnusedRecurringFee': fromUnits(unusedFee), 'reservation/EffectiveCost': fromUnits(unusedFee),
            } satisfies HourlyRow);
            this.emit(row);
        }
    }

    private planFee(plan: PlanSpec, from: string, to: string, used: bigint): void {
        const row = this.base('SavingsPlanRecurringFee', HOURLY_OWNER, from, to);
        const kind = plan.offering === 'ComputeSavingsPlans' ? 'ComputeSP' : 'EC2InstanceSP';
        const name = plan.offering === 'ComputeSavingsPlans' ? 'Compute' : `EC2 Instance (${plan.family}, ${REGION})`;
        Object.assign(row, {
            'lineItem/ProductCode': plan.offering, 'lineItem/UsageType': `${kind}:1yrNoUpfront`, 'lineItem/UsageAmount': '1',
            'lineItem/UnblendedRate': plan.hourly, 'lineItem/UnblendedCost': plan.hourly, 'lineItem/BlendedRate': plan.hourly, 'lineItem/BlendedCost': plan.hourly,
            'lineItem/LineItemDescription': `1 year No Upfront ${name} Savings Plan with ${plan.hourly} USD hourly commitment`,
            'product/ProductName': 'Savings Plans for AWS Compute usage', 'pricing/purchaseOption': 'No Upfront',
            'savingsPlan/SavingsPlanARN': planArn(plan), 'savingsPlan/OfferingType': plan.offering, 'savingsPlan/PaymentOption': 'No Upfront',
            'savingsPlan/PurchaseTerm': '1yr', 'savingsPlan/Region': plan.family ? REGION : '', 'savingsPlan/InstanceTypeFamily': plan.family,
            'savingsPlan/TotalCommitmentToDate': plan.hourly, 'savingsPlan/UsedCommitment': fromUnits(used),
            'savingsPlan/RecurringCommitmentForBillingPeriod': plan.hourly,
        } satisfies HourlyRow);
        this.emit(row);
    }

    private discounted(item: Item, ri: ReservationSpec, units: bigint, from: string, to: string): void {
        const row = this.instanceRow('DiscountedUsage', item, units, from, to);
        const nf = BigInt(INSTANCES[item.workload.instanceType]!.nf);
        // The RI's hourly fee per normalized unit of the usage it covers.
        const effective = units * nf * toUnits(ri.rate) / (BigInt(INSTANCES[ri.instanceType]!.nf) * Q1);
        Object.assign(row, {
            'lineItem/UnblendedRate': '0', 'lineItem/UnblendedCost': '0', 'lineItem/BlendedRate': '0', 'lineItem/BlendedCost': '0',
            'lineItem/LineItemDescription': `USD ${ri.rate} hourly fee per Linux/UNIX (Amazon VPC), ${ri.instanceType} instance`,
            'pricing/term': 'Reserved', 'pricing/purchaseOption': 'No Upfront',
            'reservation/ReservationARN': riArn(ri), 'reservation/EffectiveCost': fromUnits(effective), 'reservation/RecurringFeeForUsage': fromUnits(effective),
        } satisfies HourlyRow);
        this.emit(row);
    }

    private savingsPlanCovered(item: Item, plan: PlanSpec, units: bigint, rate: string, from: string, to: string): void {
        const row = this.instanceRow('SavingsPlanCoveredUsage', item, units, from, to);
        Object.assign(row, {
            'savingsPlan/SavingsPlanARN': planArn(plan), 'savingsPlan/SavingsPlanRate': rate,
            'savingsPlan/SavingsPlanEffectiveCost': fromUnits(units * toUnits(rate) / Q1),
        } satisfies HourlyRow);
        const cost = row['lineItem/UnblendedCost']!;
        const negation: HourlyRow = {
            ...row, 'identity/LineItemId': this.rng.hex(52), 'lineItem/LineItemType': 'SavingsPlanNegation',
            'lineItem/UnblendedRate': '-' + row['lineItem/UnblendedRate'], 'lineItem/UnblendedCost': cost === '0' ? '0' : '-' + cost,
            'lineItem/BlendedRate': '-' + row['lineItem/UnblendedRate'], 'lineItem/BlendedCost': cost === '0' ? '0' : '-' + cost,
            'lineItem/LineItemDescription': `SavingsPlanNegation used by AccountId : ${item.account} and UsageSku : ${row['product/sku']}`,
            'pricing/publicOnDemandCost': '', 'pricing/publicOnDemandRate': '', 'savingsPlan/SavingsPlanEffectiveCost': '',
        };
        this.emit(row);
        this.emit(negation);
    }

    private usage(item: Item, units: bigint, from: string, to: string): void {
        this.emit(this.instanceRow('Usage', item, units, from, to));
    }

    /** An instance line at on-demand (Usage, the base of the covered ones). */
    private instanceRow(type: string, item: Item, units: bigint, from: string, to: string): HourlyRow {
        const { instanceType, az } = item.workload;
        const spec = INSTANCES[instanceType]!;
        const row = this.base(type, item.account, from, to);
        this.ec2Product(row, instanceType);
        const cost = fromUnits(units * toUnits(spec.rate) / Q1);
        Object.assign(row, {
            'lineItem/UsageType': `USE1-BoxUsage:${instanceType}`, 'lineItem/Operation': 'RunInstances', 'lineItem/AvailabilityZone': az,
            'lineItem/ResourceId': units <= Q1 ? `i-0${this.rng.hex(16)}` : '',
            'lineItem/UsageAmount': fromUnits(units, QS), 'lineItem/NormalizationFactor': String(spec.nf),
            'lineItem/NormalizedUsageAmount': fromUnits(units * BigInt(spec.nf), QS),
            'lineItem/UnblendedRate': spec.rate, 'lineItem/UnblendedCost': cost, 'lineItem/BlendedRate': spec.rate, 'lineItem/BlendedCost': cost,
            'lineItem/LineItemDescription': `$${spec.rate} per On Demand Linux ${instanceType} Instance Hour`,
            'pricing/publicOnDemandCost': cost, 'pricing/publicOnDemandRate': spec.rate, 'pricing/term': 'OnDemand', 'pricing/unit': 'Hrs',
        } satisfies HourlyRow);
        return row;
    }

    /** S3 storage and EBS volumes: hourly usage no commitment covers, GB-months prorated to the hour. */
    private storage(account: string, from: string, to: string): void {
        for (const spec of STORAGE) {
            const row = this.base('Usage', account, from, to);
            const gb = BigInt(this.rng.int(spec.minGb, spec.maxGb)) * Q1;
            const cost = fromUnits(gb * toUnits(spec.rate) / (Q1 * 730n));
            Object.assign(row, {
                'lineItem/ProductCode': spec.service, 'lineItem/UsageType': spec.usageType, 'lineItem/Operation': spec.operation,
                'lineItem/AvailabilityZone': spec.service === 'AmazonEC2' ? 'us-east-1a' : '',
                'lineItem/ResourceId': spec.service === 'AmazonS3' ? `bucket-${account.slice(0, 4)}` : '',
                'lineItem/UsageAmount': fromUnits(gb / 730n, QS),
                'lineItem/UnblendedRate': spec.rate, 'lineItem/UnblendedCost': cost, 'lineItem/BlendedRate': spec.rate, 'lineItem/BlendedCost': cost,
                'lineItem/LineItemDescription': spec.description,
                'product/ProductName': spec.productName, 'product/productFamily': 'Storage', 'product/region': REGION, 'product/regionCode': REGION,
                'product/servicecode': spec.service, 'product/sku': sku(`${spec.service}/${spec.usageType}`),
                'pricing/publicOnDemandCost': cost, 'pricing/publicOnDemandRate': spec.rate, 'pricing/term': 'OnDemand', 'pricing/unit': 'GB-Mo',
            } satisfies HourlyRow);
            this.emit(row);
        }
    }

    private ec2Product(row: HourlyRow, instanceType: string): void {
        const family = INSTANCES[instanceType]!.family;
        Object.assign(row, {
            'lineItem/ProductCode': 'AmazonEC2', 'product/ProductName': 'Amazon Elastic Compute Cloud', 'product/instanceType': instanceType,
            'product/instanceFamily': family === 'c5' ? 'Compute optimized' : family === 'r5' ? 'Memory optimized' : 'General purpose',
            'product/operatingSystem': 'Linux', 'product/tenancy': 'Shared', 'product/productFamily': 'Compute Instance',
            'product/region': REGION, 'product/regionCode': REGION, 'product/servicecode': 'AmazonEC2', 'product/sku': sku(`AmazonEC2/BoxUsage:${instanceType}`),
        } satisfies HourlyRow);
    }

    private base(type: string, account: string, from: string, to: string): HourlyRow {
        return {
            'identity/LineItemId': this.rng.hex(52), 'identity/TimeInterval': `${from}/${to}`, 'bill/InvoiceId': this.invoice,
            'bill/InvoicingEntity': AWS_INC, 'bill/BillingEntity': 'AWS', 'bill/BillType': 'Anniversary', 'bill/PayerAccountId': this.payer,
            'bill/BillingPeriodStartDate': this.start, 'bill/BillingPeriodEndDate': this.end,
            'lineItem/UsageAccountId': account, 'lineItem/LineItemType': type, 'lineItem/UsageStartDate': from, 'lineItem/UsageEndDate': to,
            'lineItem/CurrencyCode': 'USD', 'lineItem/LegalEntity': AWS_INC,
        };
    }
}
