import { CATALOG, COST_CENTERS, type UsageSpec } from './catalog.js';
import { HOURS_PER_YEAR, type Reservation, type SavingsPlan } from './commitments.js';
import type { Row } from './cur-columns.js';
import { costOf, divideRounded, floorQuantity, fromUnits, MONEY_SCALE, percentOf, pow10, quantityText, toUnits, type Quantity } from './fixed-point.js';
import { BUSINESS_SUPPORT, EDP_PERCENT } from './organisation.js';
import { SAVINGS_PLAN_SERVICE, SUPPORT_SERVICE, type MonthlyItem, type Stream } from './period-plan.js';
import type { Prng } from './prng.js';
import type { AccountModel, UsageKey } from './usage-model.js';

/**
 * Turns a period plan into CUR rows: each stream's quantity split over days of the month, and the
 * monthly line items computed exactly from what the period's rows charged (fees from the
 * commitments' use, support from each subscriber's charges, discounts and taxes per account and
 * service).
 */

const AWS_INC = 'Amazon Web Services, Inc.';
const NORMALIZATION: Record<string, number> = { 'm5.large': 4, 'm5.xlarge': 8, 't3.micro': 0.5, 't3.medium': 2, 'c5.xlarge': 8, 'r5.2xlarge': 16 };
const SERVICE_NAMES = new Map<string, string>([
    ...CATALOG.map(s => [s.code, s.name] as const),
    [SAVINGS_PLAN_SERVICE, 'Savings Plans for AWS Compute usage'],
    [SUPPORT_SERVICE, 'AWS Support (Business)'],
]);

export interface PeriodContext {
    readonly rng: Prng;
    readonly payer: string;
    readonly accounts: readonly AccountModel[];
    readonly period: string;
    /** Billing period start and end, ISO. */
    readonly start: string;
    readonly end: string;
    readonly invoice: string;
    readonly days: number;
    readonly hours: number;
    /** Daily: a line is one day's usage; monthly: each line spans the billing period. */
    readonly granularity: 'daily' | 'monthly';
    /** Marketplace usage with a public on-demand cost of 0, as real exports write it (GenerateCurOptions.realExportCases). */
    readonly realExportCases?: boolean;
    readonly skuCache: Map<string, string>;
}

interface DayColumns {
    readonly start: string;
    readonly end: string;
    readonly interval: string;
}

interface ReservationUse {
    /** Hours used so far, in units of 10^-10 hours. */
    hours: bigint;
    amortized: bigint;
}

/** Writes one period: `emit` receives each row as it is made. */
export class PeriodWriter {
    /** AWS charges per account index and service, in money units. */
    private readonly charges = new Map<number, Map<string, bigint>>();
    private readonly edp = new Map<string, bigint>();
    private readonly reservationUse = new Map<Reservation, ReservationUse>();
    private readonly savingsPlanUse = new Map<SavingsPlan, bigint>();
    private readonly dayColumns: DayColumns[] = [];

    constructor(private readonly ctx: PeriodContext, private readonly emit: (row: Row) => void) {}

    stream(stream: Stream): void {
        switch (stream.kind) {
            case 'usage': {
                const whole = floorQuantity(stream.cost / Number(stream.key.usage.rate), stream.key.usage.decimals);
                const total = whole.units > 0n ? whole : { units: 1n, scale: whole.scale };
                for (const quantity of this.split(total, stream.lines)) this.usageRow(stream.account, stream.key, quantity, false);
                break;
            }
            case 'free':
                for (const quantity of this.split(stream.quantity, stream.lines)) this.usageRow(stream.account, stream.key, quantity, true);
                break;
            case 'reserved':
                for (const quantity of this.split(stream.quantity, stream.lines)) this.reservedRow(stream.account, stream.reservation, quantity);
                break;
            case 'savingsPlan':
                for (const quantity of this.split(stream.quantity, stream.lines)) this.savingsPlanRows(stream.account, stream.key, stream.plan, quantity);
                break;
            case 'marketplace':
                for (const quantity of this.split(stream.quantity, stream.lines)) this.marketplaceRow(stream.account, stream.product, quantity);
                break;
        }
    }

    monthly(item: MonthlyItem): void {
        switch (item.kind) {
            case 'riUpfront': return this.riUpfrontRow(item.reservation);
            case 'riFee': return this.riFeeRow(item.reservation);
            case 'spFee': return this.spFeeRow(item.plan);
            case 'support': return this.supportRow(item.account);
            case 'credit': return this.adjustmentRow('Credit', item.account, item.service, -item.program.percent, item.program.description);
            case 'refund': return this.adjustmentRow('Refund', item.account, item.service, -1, `Refund for ${SERVICE_NAMES.get(item.service) ?? item.service} "service credit" (SLA)`);
            case 'edp': return this.adjustmentRow('EdpDiscount', item.account, item.service, -EDP_PERCENT, 'Enterprise Discount Program discount');
            case 'tax': return this.taxRow(item.account, item.service);
        }
    }

    // ---- usage ------------------------------------------------------------------------------------

    private usageRow(account: number, key: UsageKey, quantity: Quantity, free: boolean): void {
        const row = this.base('Usage', account, this.day());
        this.product(row, key, quantity);
        const cost = costOf(quantity, key.usage.rate);
        row['lineItem/UsageAmount'] = this.amount(quantity);
        row['lineItem/UnblendedRate'] = free ? '0' : key.usage.rate;
        row['lineItem/UnblendedCost'] = free ? '0' : this.money(cost);
        row['lineItem/BlendedRate'] = row['lineItem/UnblendedRate'];
        row['lineItem/BlendedCost'] = row['lineItem/UnblendedCost'];
        row['lineItem/LineItemDescription'] = free ? `$0.00 per ${key.usage.unit} under monthly free tier, ${key.service.name}` : key.usage.description;
        // Spot hours and idle Elastic IPs: AWS writes a public on-demand cost of 0 on the billed row.
        row['pricing/publicOnDemandCost'] = key.usage.noPublicPrice ? '0' : this.money(cost);
        row['pricing/publicOnDemandRate'] = key.usage.noPublicPrice ? '0' : key.usage.rate;
        row['pricing/term'] = key.usage.noPublicPrice ? '' : 'OnDemand';
        normalization(row, key.usage, quantity);
        if (!free) this.charge(account, key.service.code, cost);
        this.emit(row);
    }

    private reservedRow(account: number, ri: Reservation, quantity: Quantity): void {
        const row = this.base('DiscountedUsage', account, this.day());
        this.product(row, ri.key, quantity);
        const use = this.useOf(ri);
        const before = use.hours;
        use.hours += quantity.units * pow10(MONEY_SCALE - quantity.scale);
        // Amortized by cumulative hours, so that the lines add up to the period's amortization exactly.
        const amortized = this.amortized(ri, use.hours) - this.amortized(ri, before);
        use.amortized += amortized;
        const recurring = costOf(quantity, ri.recurringRate);
        const publicCost = costOf(quantity, ri.key.usage.rate);
        row['lineItem/UsageAmount'] = this.amount(quantity);
        row['lineItem/UnblendedRate'] = '0';
        row['lineItem/UnblendedCost'] = '0';
        row['lineItem/BlendedRate'] = ri.recurringRate;
        row['lineItem/BlendedCost'] = this.money(recurring);
        row['lineItem/LineItemDescription'] = `USD ${ri.recurringRate} hourly fee per ${platform(ri.key.usage)}, ${ri.key.usage.instanceType} instance`;
        row['pricing/publicOnDemandCost'] = this.money(publicCost);
        row['pricing/publicOnDemandRate'] = ri.key.usage.rate;
        row['pricing/term'] = 'Reserved';
        row['pricing/purchaseOption'] = ri.payment;
        row['reservation/ReservationARN'] = ri.arn;
        row['reservation/AmortizedUpfrontCostForUsage'] = this.money(amortized);
        row['reservation/RecurringFeeForUsage'] = this.money(recurring);
        row['reservation/EffectiveCost'] = this.money(amortized + recurring);
        normalization(row, ri.key.usage, quantity);
        this.emit(row);
    }

    private savingsPlanRows(account: number, key: UsageKey, plan: SavingsPlan, quantity: Quantity): void {
        const covered = this.base('SavingsPlanCoveredUsage', account, this.day());
        this.product(covered, key, quantity);
        const cost = costOf(quantity, key.usage.rate);
        const spRate = fromUnits(toUnits((Number(key.usage.rate) * (1 - key.usage.spDiscount!)).toFixed(12)));
        const effective = costOf(quantity, spRate);
        this.savingsPlanUse.set(plan, (this.savingsPlanUse.get(plan) ?? 0n) + effective);
        const costText = this.money(cost);
        covered['lineItem/UsageAmount'] = this.amount(quantity);
        covered['lineItem/UnblendedRate'] = key.usage.rate;
        covered['lineItem/UnblendedCost'] = costText;
        covered['lineItem/BlendedRate'] = key.usage.rate;
        covered['lineItem/BlendedCost'] = costText;
        covered['lineItem/LineItemDescription'] = key.usage.description;
        covered['pricing/publicOnDemandCost'] = costText;
        covered['pricing/publicOnDemandRate'] = key.usage.rate;
        covered['pricing/term'] = 'OnDemand';
        covered['savingsPlan/SavingsPlanARN'] = plan.arn;
        covered['savingsPlan/SavingsPlanEffectiveCost'] = this.money(effective);
        covered['savingsPlan/SavingsPlanRate'] = spRate;
        normalization(covered, key.usage, quantity);
        const negation: Row = { ...covered, 'identity/LineItemId': this.ctx.rng.hex(52), 'lineItem/LineItemType': 'SavingsPlanNegation' };
        negation['lineItem/UnblendedRate'] = '-' + key.usage.rate;
        negation['lineItem/UnblendedCost'] = negate(costText);
        negation['lineItem/BlendedRate'] = '-' + key.usage.rate;
        negation['lineItem/BlendedCost'] = negate(costText);
        negation['lineItem/LineItemDescription'] = `SavingsPlanNegation used by AccountId : ${this.ctx.accounts[account]!.id} and UsageSku : ${covered['product/sku']}`;
        negation['pricing/publicOnDemandCost'] = '';
        negation['pricing/publicOnDemandRate'] = '';
        negation['savingsPlan/SavingsPlanEffectiveCost'] = '';
        this.emit(covered);
        this.emit(negation);
    }

    private marketplaceRow(account: number, product: { code: string; name: string; seller: string; usageType: string; operation: string; rate: string }, quantity: Quantity): void {
        const row = this.base('Usage', account, this.day());
        const cost = this.money(costOf(quantity, product.rate));
        row['bill/BillingEntity'] = 'AWS Marketplace';
        row['lineItem/LegalEntity'] = product.seller;
        row['lineItem/ProductCode'] = product.code;
        row['lineItem/UsageType'] = product.usageType;
        row['lineItem/Operation'] = product.operation;
        row['lineItem/UsageAmount'] = this.amount(quantity);
        row['lineItem/UnblendedRate'] = product.rate;
        row['lineItem/UnblendedCost'] = cost;
        row['lineItem/BlendedRate'] = product.rate;
        row['lineItem/BlendedCost'] = cost;
        row['lineItem/LineItemDescription'] = `${product.name}, hourly subscription`;
        row['product/ProductName'] = product.name;
        // Real exports: most Marketplace usage has a public on-demand cost of 0 (the seller's price is no AWS public rate).
        row['pricing/publicOnDemandCost'] = this.ctx.realExportCases ? '0' : cost;
        row['pricing/publicOnDemandRate'] = this.ctx.realExportCases ? '0' : product.rate;
        row['pricing/term'] = 'OnDemand';
        row['pricing/unit'] = 'Hrs';
        this.emit(row);
    }

    // ---- monthly line items -----------------------------------------------------------------------

    private riUpfrontRow(ri: Reservation): void {
        const row = this.base('Fee', ri.owner, 1);
        this.product(row, ri.key);
        const total = toUnits(ri.upfrontPerInstance) * BigInt(ri.count);
        row['bill/BillType'] = 'Purchase';
        row['lineItem/UsageType'] = `${ri.key.region.prefix}-HeavyUsage:${ri.key.usage.instanceType}`;
        row['lineItem/UsageAmount'] = String(ri.count);
        row['lineItem/UnblendedRate'] = ri.upfrontPerInstance;
        row['lineItem/UnblendedCost'] = this.money(total);
        row['lineItem/BlendedRate'] = ri.upfrontPerInstance;
        row['lineItem/BlendedCost'] = row['lineItem/UnblendedCost'];
        row['lineItem/LineItemDescription'] = `Sign up charge for subscription: ${ri.subscriptionId}, planId: ${ri.subscriptionId.slice(0, 4)}`;
        row['pricing/term'] = 'Reserved';
        row['pricing/purchaseOption'] = ri.payment;
        row['reservation/ReservationARN'] = ri.arn;
        this.charge(ri.owner, ri.key.service.code, total);
        this.emit(row);
    }

    private riFeeRow(ri: Reservation): void {
        const row = this.base('RIFee', ri.owner, 0);
        this.product(row, ri.key);
        const reserved = BigInt(ri.count * this.ctx.hours);
        const reservedUnits = reserved * pow10(MONEY_SCALE);
        const use = this.useOf(ri);
        const unusedHours = reservedUnits - use.hours;
        const fee = costOf({ units: reserved, scale: 0 }, ri.recurringRate);
        const amortizedPeriod = this.amortized(ri, reservedUnits);
        const unusedRecurring = costOf({ units: unusedHours, scale: MONEY_SCALE }, ri.recurringRate);
        const unusedAmortized = amortizedPeriod - use.amortized;
        row['lineItem/UsageType'] = `${ri.key.region.prefix}-HeavyUsage:${ri.key.usage.instanceType}`;
        row['lineItem/UsageAmount'] = String(reserved);
        row['lineItem/UnblendedRate'] = ri.recurringRate;
        row['lineItem/UnblendedCost'] = this.money(fee);
        row['lineItem/BlendedRate'] = ri.recurringRate;
        row['lineItem/BlendedCost'] = row['lineItem/UnblendedCost'];
        row['lineItem/LineItemDescription'] = `USD ${ri.recurringRate} hourly fee per ${platform(ri.key.usage)}, ${ri.key.usage.instanceType} instance (${ri.payment}, ${ri.count} reserved)`;
        row['pricing/term'] = 'Reserved';
        row['pricing/purchaseOption'] = ri.payment;
        row['reservation/ReservationARN'] = ri.arn;
        row['reservation/TotalReservedUnits'] = String(reserved);
        row['reservation/AmortizedUpfrontFeeForBillingPeriod'] = this.money(amortizedPeriod);
        row['reservation/UnusedQuantity'] = fromUnits(unusedHours);
        row['reservation/UnusedRecurringFee'] = this.money(unusedRecurring);
        row['reservation/UnusedAmortizedUpfrontFeeForBillingPeriod'] = this.money(unusedAmortized);
        row['reservation/EffectiveCost'] = this.money(unusedRecurring + unusedAmortized);
        this.charge(ri.owner, ri.key.service.code, fee);
        this.emit(row);
    }

    private spFeeRow(plan: SavingsPlan): void {
        const row = this.base('SavingsPlanRecurringFee', plan.owner, 0);
        const fee = costOf({ units: BigInt(this.ctx.hours), scale: 0 }, plan.hourlyCommitment);
        const feeText = this.money(fee);
        row['lineItem/ProductCode'] = SAVINGS_PLAN_SERVICE;
        row['lineItem/UsageType'] = 'ComputeSP:1yrNoUpfront';
        row['lineItem/Operation'] = '';
        row['lineItem/UsageAmount'] = String(this.ctx.hours);
        row['lineItem/UnblendedRate'] = plan.hourlyCommitment;
        row['lineItem/UnblendedCost'] = feeText;
        row['lineItem/BlendedRate'] = plan.hourlyCommitment;
        row['lineItem/BlendedCost'] = feeText;
        row['lineItem/LineItemDescription'] = `1 year No Upfront Compute Savings Plan with ${plan.hourlyCommitment} USD hourly commitment`;
        row['product/ProductName'] = SERVICE_NAMES.get(SAVINGS_PLAN_SERVICE);
        row['pricing/purchaseOption'] = 'No Upfront';
        row['savingsPlan/SavingsPlanARN'] = plan.arn;
        row['savingsPlan/TotalCommitmentToDate'] = feeText;
        row['savingsPlan/RecurringCommitmentForBillingPeriod'] = feeText;
        row['savingsPlan/UsedCommitment'] = this.money(this.savingsPlanUse.get(plan) ?? 0n);
        this.charge(plan.owner, SAVINGS_PLAN_SERVICE, fee);
        this.emit(row);
    }

    private supportRow(account: number): void {
        const row = this.base('Fee', account, 0);
        let base = 0n;
        for (const [service, cost] of this.charges.get(account) ?? []) if (service !== SUPPORT_SERVICE) base += cost;
        let fee = 0n;
        let floor = 0n;
        for (const tier of BUSINESS_SUPPORT.tiers) {
            const ceiling = tier.upTo === Infinity ? base : toUnits(String(tier.upTo));
            if (base > floor) fee += percentOf((base < ceiling ? base : ceiling) - floor, tier.percent);
            floor = ceiling;
        }
        const minimum = toUnits(String(BUSINESS_SUPPORT.minimum));
        if (fee < minimum) fee = minimum;
        const value = this.money(fee);
        row['lineItem/ProductCode'] = SUPPORT_SERVICE;
        row['lineItem/UsageType'] = 'Dollar';
        row['lineItem/Operation'] = '';
        row['lineItem/UsageAmount'] = '1';
        row['lineItem/UnblendedRate'] = value;
        row['lineItem/UnblendedCost'] = value;
        row['lineItem/BlendedRate'] = value;
        row['lineItem/BlendedCost'] = value;
        row['lineItem/LineItemDescription'] = 'Business support: the greater of $100 or 10% of the first $10K of monthly AWS charges, 7% from $10K to $80K, 5% from $80K to $250K, 3% above';
        row['product/ProductName'] = SERVICE_NAMES.get(SUPPORT_SERVICE);
        row['product/servicecode'] = SUPPORT_SERVICE;
        row['pricing/publicOnDemandCost'] = value;
        row['pricing/publicOnDemandRate'] = value;
        row['pricing/term'] = 'OnDemand';
        row['pricing/unit'] = 'Dollar';
        this.charge(account, SUPPORT_SERVICE, fee);
        this.emit(row);
    }

    /** A credit, refund or discount of `percent` % (negative) of the account's charges for the service. */
    private adjustmentRow(type: 'Credit' | 'Refund' | 'EdpDiscount', account: number, service: string, percent: number, description: string): void {
        const row = this.base(type, account, 0);
        const value = percentOf(this.chargesOf(account, service), percent);
        if (type === 'EdpDiscount') this.edp.set(`${account} ${service}`, value);
        if (type === 'Refund') row['bill/BillType'] = 'Refund';
        this.serviceOnly(row, service);
        row['lineItem/UsageAmount'] = '0';
        row['lineItem/UnblendedCost'] = this.money(value);
        row['lineItem/BlendedCost'] = row['lineItem/UnblendedCost'];
        row['lineItem/LineItemDescription'] = description;
        this.emit(row);
    }

    /** Sales tax on the account's charges for the service, net of the EDP discount. */
    private taxRow(account: number, service: string): void {
        const row = this.base('Tax', account, 0);
        const profile = this.ctx.accounts[account]!.profile;
        const taxable = this.chargesOf(account, service) + (this.edp.get(`${account} ${service}`) ?? 0n);
        this.serviceOnly(row, service);
        row['lineItem/UsageAmount'] = '1';
        row['lineItem/UnblendedCost'] = this.money(percentOf(taxable, profile.taxPercent));
        row['lineItem/BlendedCost'] = row['lineItem/UnblendedCost'];
        row['lineItem/TaxType'] = 'Sales Tax';
        row['lineItem/LineItemDescription'] = `Tax for product code ${service} (${profile.taxPercent}%)`;
        this.emit(row);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** A random day of the month (0, the whole month, at monthly granularity). */
    private day(): number {
        return this.ctx.granularity === 'monthly' ? 0 : this.ctx.rng.int(1, this.ctx.days);
    }

    /**
     * Common columns; `day` 0 spans the whole billing period. Every row has every column, in column order
     * ('' for none), so that all rows share one shape and csvLine reads them quickly.
     */
    private base(lineItemType: string, account: number, day: number): Row {
        const ctx = this.ctx;
        const days = this.dayColumns[day] ??= this.dayColumnsOf(day);
        const profile = ctx.accounts[account]!.profile;
        const roll = ctx.rng.next();
        // The draws in the order the columns were always made: the line item id, then the cost center.
        const id = ctx.rng.hex(52);
        const environment = roll < 0.1 ? '' : roll < 0.13 ? 'Team "Blue"' : profile.environment;
        return {
            'identity/LineItemId': id,
            'identity/TimeInterval': days.interval,
            'bill/InvoiceId': ctx.invoice,
            'bill/InvoicingEntity': AWS_INC,
            'bill/BillingEntity': 'AWS',
            'bill/BillType': 'Anniversary',
            'bill/PayerAccountId': ctx.payer,
            'bill/BillingPeriodStartDate': ctx.start,
            'bill/BillingPeriodEndDate': ctx.end,
            'lineItem/UsageAccountId': ctx.accounts[account]!.id,
            'lineItem/LineItemType': lineItemType,
            'lineItem/UsageStartDate': days.start,
            'lineItem/UsageEndDate': days.end,
            'lineItem/ProductCode': '',
            'lineItem/UsageType': '',
            'lineItem/Operation': '',
            'lineItem/AvailabilityZone': '',
            'lineItem/ResourceId': '',
            'lineItem/UsageAmount': '',
            'lineItem/NormalizationFactor': '',
            'lineItem/NormalizedUsageAmount': '',
            'lineItem/CurrencyCode': 'USD',
            'lineItem/UnblendedRate': '',
            'lineItem/UnblendedCost': '',
            'lineItem/BlendedRate': '',
            'lineItem/BlendedCost': '',
            'lineItem/LineItemDescription': '',
            'lineItem/TaxType': '',
            'lineItem/LegalEntity': AWS_INC,
            'product/ProductName': '',
            'product/instanceType': '',
            'product/productFamily': '',
            'product/region': '',
            'product/servicecode': '',
            'product/sku': '',
            'pricing/publicOnDemandCost': '',
            'pricing/publicOnDemandRate': '',
            'pricing/term': '',
            'pricing/purchaseOption': '',
            'pricing/unit': '',
            'reservation/EffectiveCost': '',
            'reservation/ReservationARN': '',
            'reservation/AmortizedUpfrontCostForUsage': '',
            'reservation/RecurringFeeForUsage': '',
            'reservation/AmortizedUpfrontFeeForBillingPeriod': '',
            'reservation/UnusedAmortizedUpfrontFeeForBillingPeriod': '',
            'reservation/UnusedRecurringFee': '',
            'reservation/UnusedQuantity': '',
            'reservation/TotalReservedUnits': '',
            'savingsPlan/SavingsPlanARN': '',
            'savingsPlan/SavingsPlanEffectiveCost': '',
            'savingsPlan/SavingsPlanRate': '',
            'savingsPlan/TotalCommitmentToDate': '',
            'savingsPlan/UsedCommitment': '',
            'savingsPlan/RecurringCommitmentForBillingPeriod': '',
            'resourceTags/user:Environment': environment,
            'resourceTags/user:Cost Center': ctx.rng.pick(COST_CENTERS),
        };
    }

    /** Start, end and interval of a line on `day` (0: the whole period). */
    private dayColumnsOf(day: number): DayColumns {
        const ctx = this.ctx;
        const start = day === 0 ? ctx.start : `${ctx.period}-${pad2(day)}T00:00:00Z`;
        const end = day === 0 || day === ctx.days ? ctx.end : `${ctx.period}-${pad2(day + 1)}T00:00:00Z`;
        return { start, end, interval: `${start}/${end}` };
    }

    private product(row: Row, key: UsageKey, quantity?: Quantity): void {
        const { service, usage, region } = key;
        row['lineItem/ProductCode'] = service.code;
        row['lineItem/UsageType'] = `${region.prefix}-${usage.usageType}`;
        row['lineItem/Operation'] = usage.operation;
        row['product/ProductName'] = service.name;
        row['product/productFamily'] = usage.productFamily;
        row['product/region'] = region.region;
        row['product/servicecode'] = service.code;
        row['product/sku'] = this.sku(`${service.code}/${region.prefix}-${usage.usageType}/${usage.operation}`);
        row['pricing/unit'] = usage.unit;
        if (usage.instanceType) row['product/instanceType'] = usage.instanceType;
        if (!quantity) return;
        // A resource id where the line is one instance's usage; larger lines aggregate a fleet.
        if (service.code === 'AmazonEC2') {
            row['lineItem/AvailabilityZone'] = `${region.region}${'abc'[this.ctx.rng.int(0, 2)]}`;
            const hours = this.ctx.granularity === 'monthly' ? this.ctx.hours : 24;
            const oneInstance = usage.instanceType !== undefined && quantity.units <= BigInt(hours) * pow10(quantity.scale);
            row['lineItem/ResourceId'] = oneInstance ? `i-0${this.ctx.rng.hex(16)}` : '';
        } else if (service.code === 'AWSLambda') {
            row['lineItem/ResourceId'] = `arn:aws:lambda:${region.region}:${row['lineItem/UsageAccountId']}:function:fn-${this.ctx.rng.int(1, 40)}`;
        } else if (service.code === 'AmazonS3') {
            row['lineItem/ResourceId'] = `bucket-${this.ctx.rng.hex(8)}`;
        }
    }

    /** Columns of a line that belongs to a service but to no usage (credits, discounts, taxes). */
    private serviceOnly(row: Row, service: string): void {
        row['lineItem/ProductCode'] = service;
        row['lineItem/UsageType'] = '';
        row['lineItem/Operation'] = '';
        row['product/ProductName'] = SERVICE_NAMES.get(service) ?? service;
        row['product/servicecode'] = service;
    }

    private charge(account: number, service: string, cost: bigint): void {
        let services = this.charges.get(account);
        if (!services) this.charges.set(account, services = new Map());
        services.set(service, (services.get(service) ?? 0n) + cost);
    }

    private chargesOf(account: number, service: string): bigint {
        return this.charges.get(account)?.get(service) ?? 0n;
    }

    private useOf(ri: Reservation): ReservationUse {
        let use = this.reservationUse.get(ri);
        if (!use) this.reservationUse.set(ri, use = { hours: 0n, amortized: 0n });
        return use;
    }

    /** Upfront amortized over `hours` (units of 10^-10 hours) of the one-year term, in money units. */
    private amortized(ri: Reservation, hours: bigint): bigint {
        return divideRounded(toUnits(ri.upfrontPerInstance) * hours, BigInt(HOURS_PER_YEAR) * pow10(MONEY_SCALE));
    }

    private split(total: Quantity, lines: number): Quantity[] {
        return splitQuantity(this.ctx.rng, ensureUnits(total, lines), lines);
    }

    private amount(quantity: Quantity): string {
        return this.maybeExponent(quantityText(quantity));
    }

    private money(units: bigint): string {
        return this.maybeExponent(fromUnits(units));
    }

    /** Tiny non-zero values sometimes in exponent notation, as real CURs show them. */
    private maybeExponent(text: string): string {
        if (text === '0' || !/^-?0\.000/.test(text) || this.ctx.rng.next() >= 0.3) return text;
        return exponentForm(text);
    }

    private sku(key: string): string {
        let value = this.ctx.skuCache.get(key);
        if (value === undefined) this.ctx.skuCache.set(key, value = skuOf(key));
        return value;
    }
}

/** A stable made-up SKU per product key: 16 characters of AWS's SKU alphabet. */
export function skuOf(key: string): string {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    let value = '';
    for (let i = 0; i < 16; i++) {
        h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
        value += alphabet[h % 32];
    }
    return value;
}

/** At least one unit per line: finer decimals when the quantity is too small to split. */
function ensureUnits(total: Quantity, lines: number): Quantity {
    let { units, scale } = total;
    while (units < BigInt(lines) && scale < MONEY_SCALE) {
        units *= 10n;
        scale++;
    }
    return { units, scale };
}

/** `lines` positive parts adding up to `total` exactly, in uneven random proportions. */
function splitQuantity(rng: Prng, total: Quantity, lines: number): Quantity[] {
    if (lines === 1) return [total];
    const n = BigInt(lines);
    const floor = total.units >= n ? 1n : 0n;
    const spare = total.units - floor * n;
    const weights: bigint[] = [];
    let sum = 0n;
    for (let i = 0; i < lines; i++) {
        const u = rng.next();
        const w = BigInt(Math.floor(u * u * 1e9)) + 1n;
        weights.push(w);
        sum += w;
    }
    const parts = weights.map(w => floor + spare * w / sum);
    let rest = total.units - parts.reduce((s, p) => s + p, 0n);
    for (let i = 0; rest > 0n; i = (i + 1) % lines, rest--) parts[i]! += 1n;
    return parts.map(units => ({ units, scale: total.scale }));
}

function normalization(row: Row, usage: UsageSpec, quantity: Quantity): void {
    const factor = usage.instanceType ? NORMALIZATION[usage.instanceType] : undefined;
    if (factor === undefined) return;
    row['lineItem/NormalizationFactor'] = String(factor);
    // Factors have at most one decimal: quantity × factor = quantity × (10·factor) at one more decimal.
    row['lineItem/NormalizedUsageAmount'] = fromUnits(quantity.units * BigInt(Math.round(factor * 10)), quantity.scale + 1);
}

function platform(usage: UsageSpec): string {
    return usage.usageType.startsWith('InstanceUsage:') ? 'MySQL' : 'Linux/UNIX (Amazon VPC)';
}

function pad2(n: number): string {
    return n < 10 ? '0' + n : String(n);
}

function negate(value: string): string {
    return value === '0' ? '0' : value.startsWith('-') ? value.slice(1) : '-' + value;
}

/** `0.0000412` → `4.12E-5` (the same decimal value). */
export function exponentForm(s: string): string {
    const negative = s.startsWith('-');
    const digits = (negative ? s.slice(1) : s).slice(2);
    const zeros = digits.length - digits.replace(/^0+/, '').length;
    const mantissa = digits.slice(zeros);
    return `${negative ? '-' : ''}${mantissa[0]}${mantissa.length > 1 ? '.' + mantissa.slice(1) : ''}E-${zeros + 1}`;
}
