import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { CATALOG, COST_CENTERS, ENVIRONMENTS, MARKETPLACE, REGIONS, type ServiceSpec, type UsageSpec } from './catalog.js';
import { cumulative, Prng } from './prng.js';

/**
 * Deterministic generator of realistic CUR 1.0 CSV: the same options and seed give the same bytes on
 * every machine (integer PRNG, IEEE arithmetic and `toFixed` only). Rows are written as they are
 * made, so millions of rows need no memory; the output appears atomically (temp file + rename).
 *
 * Line item types: Usage (some free-tier rows billed 0 with a public cost), DiscountedUsage (RI
 * covered, ARN of the owner account, reservation/EffectiveCost), RIFee, Fee (RI upfront, bill type
 * Purchase), SavingsPlanCoveredUsage followed by its SavingsPlanNegation, SavingsPlanRecurringFee,
 * Credit, Tax, Refund, EdpDiscount, support (AWSSupportBusiness Fee) and AWS Marketplace usage.
 * Money has up to 10 decimals and, now and then, exponent notation (`4.1E-5`).
 */

export interface GenerateCurOptions {
    /** Output path; `.gz` compresses. */
    readonly output: string;
    readonly rows: number;
    readonly seed?: number;
    /** Usage account ids, or how many to make up (default 24). */
    readonly accounts?: number | readonly string[];
    readonly payerAccountId?: string;
    /** Billing periods `YYYY-MM`, or how many from `startPeriod` (default 3). */
    readonly periods?: number | readonly string[];
    readonly startPeriod?: string;
    /** Product codes to use (default: the whole catalog). */
    readonly services?: readonly string[];
}

export interface GenerateCurResult {
    readonly path: string;
    readonly rows: number;
    readonly columns: number;
    readonly periods: readonly string[];
    readonly accounts: readonly string[];
}

export const CUR1_COLUMNS = [
    'identity/LineItemId', 'identity/TimeInterval', 'bill/InvoiceId', 'bill/InvoicingEntity', 'bill/BillingEntity',
    'bill/BillType', 'bill/PayerAccountId', 'bill/BillingPeriodStartDate', 'bill/BillingPeriodEndDate',
    'lineItem/UsageAccountId', 'lineItem/LineItemType', 'lineItem/UsageStartDate', 'lineItem/UsageEndDate',
    'lineItem/ProductCode', 'lineItem/UsageType', 'lineItem/Operation', 'lineItem/AvailabilityZone', 'lineItem/ResourceId',
    'lineItem/UsageAmount', 'lineItem/NormalizationFactor', 'lineItem/NormalizedUsageAmount', 'lineItem/CurrencyCode',
    'lineItem/UnblendedRate', 'lineItem/UnblendedCost', 'lineItem/BlendedRate', 'lineItem/BlendedCost',
    'lineItem/LineItemDescription', 'lineItem/TaxType', 'lineItem/LegalEntity', 'product/ProductName',
    'product/instanceType', 'product/productFamily', 'product/region', 'product/servicecode', 'product/sku',
    'pricing/publicOnDemandCost', 'pricing/publicOnDemandRate', 'pricing/term', 'pricing/unit',
    'reservation/EffectiveCost', 'reservation/ReservationARN', 'savingsPlan/SavingsPlanARN',
    'savingsPlan/SavingsPlanEffectiveCost', 'savingsPlan/SavingsPlanRate', 'resourceTags/user:Environment',
    'resourceTags/user:Cost Center',
] as const;

type Column = typeof CUR1_COLUMNS[number];
type Row = Partial<Record<Column, string>>;

const AWS_INC = 'Amazon Web Services, Inc.';
const NORMALIZATION: Record<string, number> = { 'm5.large': 4, 't3.micro': 0.5, 'c5.xlarge': 8, 'r5.2xlarge': 16 };

type Kind = 'usage' | 'discounted' | 'sp' | 'riFee' | 'riUpfront' | 'spFee' | 'credit' | 'tax' | 'refund' | 'edp' | 'support' | 'marketplace';
const KINDS: readonly Kind[] = ['usage', 'discounted', 'sp', 'riFee', 'riUpfront', 'spFee', 'credit', 'tax', 'refund', 'edp', 'support', 'marketplace'];
const KIND_WEIGHTS = cumulative([700, 70, 60, 10, 3, 8, 30, 30, 8, 40, 8, 30]);

interface Reservation { readonly arn: string; readonly owner: string; readonly service: ServiceSpec; readonly usage: UsageSpec; readonly region: typeof REGIONS[number]; readonly recurring: number; readonly upfront: string }
interface SavingsPlan { readonly arn: string; readonly owner: string; readonly commitment: number }

export async function generateCur(options: GenerateCurOptions): Promise<GenerateCurResult> {
    const rng = new Prng(options.seed ?? 1);
    const payer = options.payerAccountId ?? '999999999999';
    const accounts = typeof options.accounts === 'object' ? [...options.accounts] : makeAccounts(rng, options.accounts ?? 24);
    const periods = typeof options.periods === 'object' ? [...options.periods] : makePeriods(options.startPeriod ?? '2026-01', options.periods ?? 3);
    const services = options.services ? CATALOG.filter(s => options.services!.includes(s.code)) : CATALOG;
    if (services.length === 0) throw new Error(`no catalog service among ${options.services!.join(', ')}`);
    if (accounts.length === 0 || periods.length === 0) throw new Error('the generator needs at least one account and one period');

    const serviceWeights = cumulative(services.map(s => s.weight));
    const usageWeights = new Map(services.map(s => [s, cumulative(s.usages.map(u => u.weight))]));
    const regionWeights = cumulative(REGIONS.map(r => r.weight));
    const owners = [accounts[0], accounts[Math.min(2, accounts.length - 1)]];
    const reservations = makeReservations(rng, services, owners);
    const savingsPlans: SavingsPlan[] = owners.map((owner, i) => ({
        arn: `arn:aws:savingsplans::${owner}:savingsplan/${uuid(rng)}`, owner, commitment: i === 0 ? 1.25 : 0.4,
    }));
    const spServices = services.filter(s => s.code === 'AmazonEC2' || s.code === 'AWSLambda');
    const skuCache = new Map<string, string>();

    const output = path.resolve(options.output);
    await mkdir(path.dirname(output), { recursive: true });
    const temp = `${output}.partial-${process.pid}`;
    const file = createWriteStream(temp);
    const gzip = /\.gz$/i.test(output) ? createGzip({ level: 6 }) : undefined;
    const sink: Writable = gzip ?? file;
    if (gzip) gzip.pipe(file);
    const finished = once(file, 'close');
    let pendingError: unknown;
    file.on('error', e => { pendingError = e; });

    let chunk = CUR1_COLUMNS.join(',') + '\n';
    const flush = async (): Promise<void> => {
        if (pendingError) throw pendingError;
        if (!sink.write(chunk)) await once(sink, 'drain');
        chunk = '';
    };

    let written = 0;
    try {
        for (let p = 0; p < periods.length; p++) {
            const period = periods[p];
            const periodRows = Math.floor(options.rows * (p + 1) / periods.length) - Math.floor(options.rows * p / periods.length);
            const [year, month] = period.split('-').map(Number);
            const days = daysIn(year, month);
            const start = `${period}-01T00:00:00Z`;
            const end = `${nextPeriod(period)}-01T00:00:00Z`;
            const invoice = `${year}${String(month).padStart(2, '0')}${rng.int(100000, 999999)}`;
            let made = 0;
            while (made < periodRows) {
                const day = rng.int(1, days);
                const ctx: Context = {
                    rng, payer, period, start, end, invoice, day, days, year, month, accounts, skuCache,
                    account: rng.pick(accounts),
                };
                const kind = rng.pickWeighted(KINDS, KIND_WEIGHTS);
                const rows: Row[] = [];
                switch (kind) {
                    case 'usage': {
                        const service = rng.pickWeighted(services, serviceWeights);
                        const usage = rng.pickWeighted(service.usages, usageWeights.get(service)!);
                        rows.push(usageRow(ctx, service, usage, rng.pickWeighted(REGIONS, regionWeights)));
                        break;
                    }
                    case 'discounted': {
                        const ri = rng.pick(reservations);
                        if (ri) rows.push(discountedRow(ctx, ri));
                        break;
                    }
                    case 'sp': {
                        const service = rng.pick(spServices);
                        if (!service) break;
                        const usage = rng.pickWeighted(service.usages, usageWeights.get(service)!);
                        rows.push(...savingsPlanRows(ctx, service, usage, rng.pickWeighted(REGIONS, regionWeights), rng.pick(savingsPlans)));
                        break;
                    }
                    case 'riFee': { const ri = rng.pick(reservations); if (ri) rows.push(riFeeRow(ctx, ri)); break; }
                    case 'riUpfront': { const ri = rng.pick(reservations); if (ri) rows.push(riUpfrontRow(ctx, ri)); break; }
                    case 'spFee': rows.push(spFeeRow(ctx, rng.pick(savingsPlans))); break;
                    case 'credit': case 'refund': case 'edp': case 'tax': {
                        const service = rng.pickWeighted(services, serviceWeights);
                        const usage = rng.pickWeighted(service.usages, usageWeights.get(service)!);
                        rows.push(adjustmentRow(ctx, kind, service, usage, rng.pickWeighted(REGIONS, regionWeights)));
                        break;
                    }
                    case 'support': rows.push(supportRow(ctx)); break;
                    case 'marketplace': rows.push(marketplaceRow(ctx, rng.pick(MARKETPLACE))); break;
                }
                for (const row of rows) {
                    if (made >= periodRows) break;
                    chunk += csvLine(row);
                    made++;
                    written++;
                    if (chunk.length > 1 << 20) await flush();
                }
            }
        }
        await flush();
        sink.end();
        await finished;
        if (pendingError) throw pendingError;
        await rename(temp, output);
    } catch (error) {
        sink.destroy();
        file.destroy();
        await rm(temp, { force: true });
        throw error;
    }
    return { path: output, rows: written, columns: CUR1_COLUMNS.length, periods, accounts };
}

interface Context {
    readonly rng: Prng;
    readonly payer: string;
    readonly period: string;
    readonly start: string;
    readonly end: string;
    readonly invoice: string;
    readonly day: number;
    readonly days: number;
    readonly year: number;
    readonly month: number;
    readonly accounts: readonly string[];
    readonly account: string;
    readonly skuCache: Map<string, string>;
}

function base(ctx: Context, lineItemType: string, account = ctx.account): Row {
    const dayStart = `${ctx.period}-${pad2(ctx.day)}T00:00:00Z`;
    const dayEnd = ctx.day === ctx.days ? ctx.end : `${ctx.period}-${pad2(ctx.day + 1)}T00:00:00Z`;
    return {
        'identity/LineItemId': ctx.rng.hex(52),
        'identity/TimeInterval': `${dayStart}/${dayEnd}`,
        'bill/InvoiceId': ctx.invoice,
        'bill/InvoicingEntity': AWS_INC,
        'bill/BillingEntity': 'AWS',
        'bill/BillType': 'Anniversary',
        'bill/PayerAccountId': ctx.payer,
        'bill/BillingPeriodStartDate': ctx.start,
        'bill/BillingPeriodEndDate': ctx.end,
        'lineItem/UsageAccountId': account,
        'lineItem/LineItemType': lineItemType,
        'lineItem/UsageStartDate': dayStart,
        'lineItem/UsageEndDate': dayEnd,
        'lineItem/CurrencyCode': 'USD',
        'lineItem/LegalEntity': AWS_INC,
        'resourceTags/user:Environment': ctx.rng.pick(ENVIRONMENTS),
        'resourceTags/user:Cost Center': ctx.rng.pick(COST_CENTERS),
    };
}

function product(ctx: Context, row: Row, service: ServiceSpec, usage: UsageSpec, region: typeof REGIONS[number]): void {
    row['lineItem/ProductCode'] = service.code;
    row['lineItem/UsageType'] = `${region.prefix}-${usage.usageType}`;
    row['lineItem/Operation'] = usage.operation;
    row['product/ProductName'] = service.name;
    row['product/productFamily'] = usage.productFamily;
    row['product/region'] = region.region;
    row['product/servicecode'] = service.code;
    row['product/sku'] = sku(ctx, `${service.code}/${region.prefix}-${usage.usageType}/${usage.operation}`);
    row['pricing/unit'] = usage.unit;
    if (usage.instanceType) row['product/instanceType'] = usage.instanceType;
    if (service.code === 'AmazonEC2') {
        row['lineItem/AvailabilityZone'] = `${region.region}${'abc'[ctx.rng.int(0, 2)]}`;
        row['lineItem/ResourceId'] = usage.instanceType ? `i-0${ctx.rng.hex(16)}` : '';
    } else if (service.code === 'AWSLambda') {
        row['lineItem/ResourceId'] = `arn:aws:lambda:${region.region}:${row['lineItem/UsageAccountId']}:function:fn-${ctx.rng.int(1, 40)}`;
    } else if (service.code === 'AmazonS3') {
        row['lineItem/ResourceId'] = `bucket-${ctx.rng.hex(8)}`;
    }
}

function amountOf(ctx: Context, usage: UsageSpec): number {
    const [min, max, decimals] = usage.amount;
    const scale = 10 ** decimals;
    return Math.round((min + ctx.rng.next() * (max - min)) * scale) / scale;
}

function usageRow(ctx: Context, service: ServiceSpec, usage: UsageSpec, region: typeof REGIONS[number]): Row {
    const row = base(ctx, 'Usage');
    product(ctx, row, service, usage, region);
    const amount = amountOf(ctx, usage);
    const cost = amount * Number(usage.rate);
    const freeTier = usage.freeTier === true && ctx.rng.next() < 0.3;
    row['lineItem/UsageAmount'] = money(ctx, amount);
    row['lineItem/UnblendedRate'] = freeTier ? '0' : usage.rate;
    row['lineItem/UnblendedCost'] = freeTier ? '0' : money(ctx, cost);
    row['lineItem/BlendedRate'] = row['lineItem/UnblendedRate'];
    row['lineItem/BlendedCost'] = row['lineItem/UnblendedCost'];
    row['lineItem/LineItemDescription'] = freeTier ? `$0.00 per ${usage.unit} under monthly free tier, ${service.name}` : usage.description;
    row['pricing/publicOnDemandCost'] = money(ctx, cost);
    row['pricing/publicOnDemandRate'] = usage.rate;
    row['pricing/term'] = 'OnDemand';
    normalization(row, usage, amount);
    return row;
}

function normalization(row: Row, usage: UsageSpec, amount: number): void {
    const factor = usage.instanceType ? NORMALIZATION[usage.instanceType] : undefined;
    if (factor === undefined) return;
    row['lineItem/NormalizationFactor'] = String(factor);
    row['lineItem/NormalizedUsageAmount'] = decimal(amount * factor, 6);
}

function discountedRow(ctx: Context, ri: Reservation): Row {
    const row = base(ctx, 'DiscountedUsage');
    product(ctx, row, ri.service, ri.usage, ri.region);
    const amount = amountOf(ctx, ri.usage);
    const cost = amount * Number(ri.usage.rate);
    row['lineItem/UsageAmount'] = money(ctx, amount);
    row['lineItem/UnblendedRate'] = '0';
    row['lineItem/UnblendedCost'] = '0';
    row['lineItem/BlendedRate'] = decimal(ri.recurring, 10);
    row['lineItem/BlendedCost'] = money(ctx, amount * ri.recurring);
    row['lineItem/LineItemDescription'] = `${ri.usage.instanceType} reserved instance applied`;
    row['pricing/publicOnDemandCost'] = money(ctx, cost);
    row['pricing/publicOnDemandRate'] = ri.usage.rate;
    row['pricing/term'] = 'Reserved';
    row['reservation/EffectiveCost'] = money(ctx, cost * 0.62);
    row['reservation/ReservationARN'] = ri.arn;
    normalization(row, ri.usage, amount);
    return row;
}

function savingsPlanRows(ctx: Context, service: ServiceSpec, usage: UsageSpec, region: typeof REGIONS[number], sp: SavingsPlan): Row[] {
    const covered = base(ctx, 'SavingsPlanCoveredUsage');
    product(ctx, covered, service, usage, region);
    const amount = amountOf(ctx, usage);
    const cost = money(ctx, amount * Number(usage.rate));
    const rate = decimal(Number(usage.rate) * 0.72, 10);
    covered['lineItem/UsageAmount'] = money(ctx, amount);
    covered['lineItem/UnblendedRate'] = usage.rate;
    covered['lineItem/UnblendedCost'] = cost;
    covered['lineItem/BlendedRate'] = usage.rate;
    covered['lineItem/BlendedCost'] = cost;
    covered['lineItem/LineItemDescription'] = usage.description;
    covered['pricing/publicOnDemandCost'] = cost;
    covered['pricing/publicOnDemandRate'] = usage.rate;
    covered['pricing/term'] = 'OnDemand';
    covered['savingsPlan/SavingsPlanARN'] = sp.arn;
    covered['savingsPlan/SavingsPlanEffectiveCost'] = money(ctx, amount * Number(rate));
    covered['savingsPlan/SavingsPlanRate'] = rate;
    const negation: Row = { ...covered, 'identity/LineItemId': ctx.rng.hex(52), 'lineItem/LineItemType': 'SavingsPlanNegation' };
    negation['lineItem/UnblendedRate'] = '-' + usage.rate;
    negation['lineItem/UnblendedCost'] = negate(cost);
    negation['lineItem/BlendedRate'] = '-' + usage.rate;
    negation['lineItem/BlendedCost'] = negate(cost);
    negation['lineItem/LineItemDescription'] = `SavingsPlanNegation used by AccountId : ${ctx.account} and UsageSku : ${covered['product/sku']}`;
    negation['pricing/publicOnDemandCost'] = '';
    negation['pricing/publicOnDemandRate'] = '';
    negation['savingsPlan/SavingsPlanEffectiveCost'] = '';
    return [covered, negation];
}

function riFeeRow(ctx: Context, ri: Reservation): Row {
    const row = base(ctx, 'RIFee', ri.owner);
    product(ctx, row, ri.service, ri.usage, ri.region);
    row['lineItem/UsageType'] = `${ri.region.prefix}-HeavyUsage:${ri.usage.instanceType}`;
    const hours = ctx.days * 24;
    row['lineItem/UsageAmount'] = String(hours);
    row['lineItem/UnblendedRate'] = decimal(ri.recurring, 10);
    row['lineItem/UnblendedCost'] = money(ctx, hours * ri.recurring);
    row['lineItem/BlendedRate'] = row['lineItem/UnblendedRate'];
    row['lineItem/BlendedCost'] = row['lineItem/UnblendedCost'];
    row['lineItem/LineItemDescription'] = `USD ${decimal(ri.recurring, 4)} hourly fee per Linux/UNIX (Amazon VPC), ${ri.usage.instanceType} instance`;
    row['pricing/term'] = 'Reserved';
    row['reservation/ReservationARN'] = ri.arn;
    return row;
}

function riUpfrontRow(ctx: Context, ri: Reservation): Row {
    const row = base(ctx, 'Fee', ri.owner);
    product(ctx, row, ri.service, ri.usage, ri.region);
    row['bill/BillType'] = 'Purchase';
    row['lineItem/UsageType'] = `${ri.region.prefix}-HeavyUsage:${ri.usage.instanceType}`;
    row['lineItem/UsageAmount'] = '1';
    row['lineItem/UnblendedRate'] = ri.upfront;
    row['lineItem/UnblendedCost'] = ri.upfront;
    row['lineItem/BlendedRate'] = ri.upfront;
    row['lineItem/BlendedCost'] = ri.upfront;
    row['lineItem/LineItemDescription'] = `Sign up charge for subscription: ${ctx.rng.int(100000000, 999999999)}, planId: ${ctx.rng.int(1000, 9999)}`;
    row['pricing/term'] = 'Reserved';
    row['reservation/ReservationARN'] = ri.arn;
    return row;
}

function spFeeRow(ctx: Context, sp: SavingsPlan): Row {
    const row = base(ctx, 'SavingsPlanRecurringFee', sp.owner);
    const hours = ctx.days * 24;
    row['lineItem/ProductCode'] = 'ComputeSavingsPlans';
    row['lineItem/UsageType'] = 'ComputeSP:1yrNoUpfront';
    row['lineItem/Operation'] = '';
    row['lineItem/UsageAmount'] = String(hours);
    row['lineItem/UnblendedRate'] = decimal(sp.commitment, 10);
    row['lineItem/UnblendedCost'] = money(ctx, hours * sp.commitment);
    row['lineItem/BlendedRate'] = row['lineItem/UnblendedRate'];
    row['lineItem/BlendedCost'] = row['lineItem/UnblendedCost'];
    row['lineItem/LineItemDescription'] = `1 year No Upfront Compute Savings Plan with ${decimal(sp.commitment, 3)} USD hourly commitment`;
    row['product/ProductName'] = 'Savings Plans for AWS Compute usage';
    row['savingsPlan/SavingsPlanARN'] = sp.arn;
    return row;
}

function adjustmentRow(ctx: Context, kind: 'credit' | 'refund' | 'edp' | 'tax', service: ServiceSpec, usage: UsageSpec, region: typeof REGIONS[number]): Row {
    const type = kind === 'credit' ? 'Credit' : kind === 'refund' ? 'Refund' : kind === 'edp' ? 'EdpDiscount' : 'Tax';
    const row = base(ctx, type);
    product(ctx, row, service, usage, region);
    const amount = amountOf(ctx, usage) * Number(usage.rate);
    const value = kind === 'tax' ? amount * 0.0825 : kind === 'edp' ? -amount * 0.06 : -amount;
    row['lineItem/UsageAmount'] = kind === 'tax' ? '1' : '0';
    row['lineItem/UnblendedRate'] = '';
    row['lineItem/UnblendedCost'] = money(ctx, value);
    row['lineItem/BlendedRate'] = '';
    row['lineItem/BlendedCost'] = row['lineItem/UnblendedCost'];
    if (kind === 'tax') {
        row['lineItem/UsageType'] = '';
        row['lineItem/Operation'] = '';
        row['lineItem/TaxType'] = 'Sales Tax';
        row['lineItem/LineItemDescription'] = `Tax for product code ${service.code}`;
    } else {
        row['lineItem/LineItemDescription'] = kind === 'credit' ? 'AWS Credits, promotional' : kind === 'refund' ? `Refund for ${service.name} "service credit"` : 'Enterprise Discount Program discount';
    }
    row['pricing/unit'] = '';
    return row;
}

function supportRow(ctx: Context): Row {
    const row = base(ctx, 'Fee');
    const value = money(ctx, 100 + ctx.rng.next() * 400);
    row['lineItem/ProductCode'] = 'AWSSupportBusiness';
    row['lineItem/UsageType'] = 'Dollar';
    row['lineItem/Operation'] = '';
    row['lineItem/UsageAmount'] = '1';
    row['lineItem/UnblendedRate'] = value;
    row['lineItem/UnblendedCost'] = value;
    row['lineItem/BlendedRate'] = value;
    row['lineItem/BlendedCost'] = value;
    row['lineItem/LineItemDescription'] = 'Business support, 10% of monthly AWS usage for the first $0-$10K';
    row['product/ProductName'] = 'AWS Support (Business)';
    row['product/servicecode'] = 'AWSSupportBusiness';
    row['pricing/publicOnDemandCost'] = value;
    row['pricing/publicOnDemandRate'] = value;
    row['pricing/term'] = 'OnDemand';
    row['pricing/unit'] = 'Dollar';
    return row;
}

function marketplaceRow(ctx: Context, item: typeof MARKETPLACE[number]): Row {
    const row = base(ctx, 'Usage');
    const amount = ctx.rng.int(1, 24);
    const cost = money(ctx, amount * Number(item.rate));
    row['bill/BillingEntity'] = 'AWS Marketplace';
    row['lineItem/LegalEntity'] = item.seller;
    row['lineItem/ProductCode'] = item.code;
    row['lineItem/UsageType'] = item.usageType;
    row['lineItem/Operation'] = item.operation;
    row['lineItem/UsageAmount'] = String(amount);
    row['lineItem/UnblendedRate'] = item.rate;
    row['lineItem/UnblendedCost'] = cost;
    row['lineItem/BlendedRate'] = item.rate;
    row['lineItem/BlendedCost'] = cost;
    row['lineItem/LineItemDescription'] = `${item.name}, hourly subscription`;
    row['product/ProductName'] = item.name;
    row['pricing/publicOnDemandCost'] = cost;
    row['pricing/publicOnDemandRate'] = item.rate;
    row['pricing/term'] = 'OnDemand';
    row['pricing/unit'] = 'Hrs';
    return row;
}

function makeReservations(rng: Prng, services: readonly ServiceSpec[], owners: readonly string[]): Reservation[] {
    const out: Reservation[] = [];
    for (const service of services) {
        for (const usage of service.usages) {
            if (!usage.reservable || usage.operation !== (service.code === 'AmazonEC2' ? 'RunInstances' : usage.operation)) continue;
            const region = REGIONS[0];
            const owner = owners[out.length % owners.length];
            const arn = service.code === 'AmazonRDS'
                ? `arn:aws:rds:${region.region}:${owner}:ri:ri-${rng.hex(12)}`
                : `arn:aws:ec2:${region.region}:${owner}:reserved-instances/${uuid(rng)}`;
            const recurring = Math.round(Number(usage.rate) * 0.38 * 1e4) / 1e4;
            out.push({ arn, owner, service, usage, region, recurring, upfront: decimal(Math.round(Number(usage.rate) * 3000) + 0.5, 2) });
        }
    }
    return out;
}

function makeAccounts(rng: Prng, count: number): string[] {
    const out = new Set<string>();
    while (out.size < count) out.add(String(rng.int(100000, 999999)) + String(rng.int(100000, 999999)));
    return [...out];
}

function makePeriods(start: string, count: number): string[] {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(start)) throw new Error(`start period ${start} is not YYYY-MM`);
    const out = [start];
    while (out.length < count) out.push(nextPeriod(out[out.length - 1]));
    return out;
}

function nextPeriod(period: string): string {
    const [y, m] = period.split('-').map(Number);
    return m === 12 ? `${y + 1}-01` : `${y}-${pad2(m + 1)}`;
}

function daysIn(year: number, month: number): number {
    if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
    return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad2(n: number): string {
    return n < 10 ? '0' + n : String(n);
}

function uuid(rng: Prng): string {
    const h = rng.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function sku(ctx: Context, key: string): string {
    let value = ctx.skuCache.get(key);
    if (value === undefined) {
        let h = 0x811c9dc5;
        for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
        const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
        value = '';
        for (let i = 0; i < 16; i++) {
            h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
            value += alphabet[h % 32];
        }
        ctx.skuCache.set(key, value);
    }
    return value;
}

/** Fixed-point text with at most `decimals` decimals, trailing zeros removed. */
export function decimal(x: number, decimals: number): string {
    let s = x.toFixed(decimals);
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
    return s === '-0' ? '0' : s;
}

/** Money with up to 10 decimals; tiny non-zero values sometimes in exponent notation, as real CURs show them. */
function money(ctx: Context, x: number): string {
    const s = decimal(x, 10);
    if (s === '0' || Math.abs(x) >= 1e-3 || ctx.rng.next() >= 0.3) return s;
    return exponentForm(s);
}

/** `0.0000412` → `4.12E-5` (the same decimal value). */
export function exponentForm(s: string): string {
    const negative = s.startsWith('-');
    const digits = (negative ? s.slice(1) : s).slice(2);
    const zeros = digits.length - digits.replace(/^0+/, '').length;
    const mantissa = digits.slice(zeros);
    return `${negative ? '-' : ''}${mantissa[0]}${mantissa.length > 1 ? '.' + mantissa.slice(1) : ''}E-${zeros + 1}`;
}

function negate(value: string): string {
    return value === '0' ? '0' : value.startsWith('-') ? value.slice(1) : '-' + value;
}

function csvLine(row: Row): string {
    let line = '';
    for (let i = 0; i < CUR1_COLUMNS.length; i++) {
        const value = row[CUR1_COLUMNS[i]] ?? '';
        if (i > 0) line += ',';
        line += /[",\n\r]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
    }
    return line + '\n';
}
