import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCur, SAMPLE_CUR_PATH } from '../../../engine/generate/index.js';
import { Decimal } from '../../../engine/money/decimal.js';
import { tempDir } from '../ingest/helpers.js';

/**
 * The generated bill checked as a FinOps analyst would, recomputing every figure from the CSV's own
 * columns with decimal.js (never with the generator's code): commitments consistent with their use,
 * support, tax and discounts computed from the charges they apply to, and — on the bundled sample —
 * the proportions of a real organisation's bill.
 */

type Line = Record<string, string>;

const D = (value: string | undefined): Decimal => new Decimal(value === undefined || value === '' ? '0' : value);
const sum = (lines: readonly Line[], column: string): Decimal => lines.reduce((total, line) => total.plus(D(line[column])), new Decimal(0));
const period = (line: Line): string => line['bill/BillingPeriodStartDate']!.slice(0, 7);
const type = (line: Line): string => line['lineItem/LineItemType']!;
const account = (line: Line): string => line['lineItem/UsageAccountId']!;
const isSupport = (line: Line): boolean => line['lineItem/ProductCode']!.startsWith('AWSSupport');
const group = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
    const map = new Map<string, T[]>();
    for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
    return map;
};

/** What AWS charges an account for AWS services before credits, discounts and tax: usage, commitment fees, support. */
const CHARGE_TYPES = new Set(['Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation', 'RIFee', 'Fee', 'SavingsPlanRecurringFee']);
const isCharge = (line: Line): boolean => line['bill/BillingEntity'] === 'AWS' && CHARGE_TYPES.has(type(line));
/** On-demand usage at public prices (covered usage included, at its on-demand equivalent). */
const USAGE_TYPES = new Set(['Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage']);
const isUsage = (line: Line): boolean => line['bill/BillingEntity'] === 'AWS' && USAGE_TYPES.has(type(line));

function read(file: string): Line[] {
    return parse(readFileSync(file), { columns: true }) as Line[];
}

/** The invariants every generated file keeps, whatever its size and accounts. */
function checkConsistency(lines: readonly Line[]): void {
    // Reserved Instances, per period and reservation.
    const reserved = group(lines.filter(l => l['reservation/ReservationARN'] !== ''), l => `${period(l)} ${l['reservation/ReservationARN']}`);
    expect(reserved.size).toBeGreaterThan(0);
    for (const [key, items] of reserved) {
        const fees = items.filter(l => type(l) === 'RIFee');
        expect(fees, key).toHaveLength(1);
        const fee = fees[0]!;
        const used = items.filter(l => type(l) === 'DiscountedUsage');
        const owner = fee['reservation/ReservationARN']!.split(':')[4];
        expect(account(fee), key).toBe(owner);
        const units = D(fee['reservation/TotalReservedUnits']);
        expect(units.eq(D(fee['lineItem/UsageAmount'])), key).toBe(true);
        const hours = sum(used, 'lineItem/UsageAmount');
        expect(hours.plus(D(fee['reservation/UnusedQuantity'])).eq(units), `${key} hours`).toBe(true);
        const utilisation = hours.div(units).toNumber();
        expect(utilisation, `${key} utilisation`).toBeGreaterThanOrEqual(0.8);
        expect(utilisation, `${key} utilisation`).toBeLessThanOrEqual(1);
        // Recurring fee = reserved hours × rate; used part + unused part = fee.
        expect(D(fee['lineItem/UnblendedCost']).eq(units.times(D(fee['lineItem/UnblendedRate']))), key).toBe(true);
        expect(sum(used, 'reservation/RecurringFeeForUsage').plus(D(fee['reservation/UnusedRecurringFee'])).eq(D(fee['lineItem/UnblendedCost'])), `${key} recurring`).toBe(true);
        expect(sum(used, 'reservation/AmortizedUpfrontCostForUsage').plus(D(fee['reservation/UnusedAmortizedUpfrontFeeForBillingPeriod']))
            .eq(D(fee['reservation/AmortizedUpfrontFeeForBillingPeriod'])), `${key} amortized`).toBe(true);
        // The identity of amortized cost: Σ effective cost of the covered usage + the unused part = fee + amortized upfront.
        expect(sum(used, 'reservation/EffectiveCost').plus(D(fee['reservation/EffectiveCost']))
            .eq(D(fee['lineItem/UnblendedCost']).plus(D(fee['reservation/AmortizedUpfrontFeeForBillingPeriod']))), `${key} effective`).toBe(true);
        for (const line of used) {
            expect(D(line['lineItem/UnblendedCost']).isZero()).toBe(true);
            expect(D(line['reservation/EffectiveCost']).eq(D(line['reservation/AmortizedUpfrontCostForUsage']).plus(D(line['reservation/RecurringFeeForUsage'])))).toBe(true);
            expect(D(line['reservation/RecurringFeeForUsage']).eq(D(line['lineItem/UsageAmount']).times(D(fee['lineItem/UnblendedRate'])))).toBe(true);
        }
        // An upfront payment in the data is the one-year prepayment the period's amortization spreads: upfront × hours / 8760.
        const upfront = lines.filter(l => type(l) === 'Fee' && l['bill/BillType'] === 'Purchase' && l['reservation/ReservationARN'] === fee['reservation/ReservationARN']);
        for (const purchase of upfront) {
            const perPeriod = D(purchase['lineItem/UnblendedCost']).times(units).div(D(purchase['lineItem/UsageAmount'])).div(8760);
            expect(perPeriod.minus(D(fee['reservation/AmortizedUpfrontFeeForBillingPeriod'])).abs().lt('1e-9'), `${key} upfront`).toBe(true);
        }
    }

    // Savings Plans, per period and plan.
    const plans = group(lines.filter(l => l['savingsPlan/SavingsPlanARN'] !== ''), l => `${period(l)} ${l['savingsPlan/SavingsPlanARN']}`);
    expect(plans.size).toBeGreaterThan(0);
    for (const [key, items] of plans) {
        const fees = items.filter(l => type(l) === 'SavingsPlanRecurringFee');
        expect(fees, key).toHaveLength(1);
        const fee = fees[0]!;
        expect(account(fee)).toBe(fee['savingsPlan/SavingsPlanARN']!.split(':')[4]);
        const commitment = D(fee['lineItem/UnblendedCost']);
        expect(commitment.eq(D(fee['lineItem/UsageAmount']).times(D(fee['lineItem/UnblendedRate']))), key).toBe(true);
        expect(D(fee['savingsPlan/TotalCommitmentToDate']).eq(commitment)).toBe(true);
        const covered = items.filter(l => type(l) === 'SavingsPlanCoveredUsage');
        const effective = sum(covered, 'savingsPlan/SavingsPlanEffectiveCost');
        // Σ effective cost of the covered usage + the unused commitment = the recurring fee.
        expect(effective.eq(D(fee['savingsPlan/UsedCommitment'])), `${key} used`).toBe(true);
        const unused = commitment.minus(effective);
        expect(unused.gte(0), `${key} unused ${unused}`).toBe(true);
        expect(effective.div(commitment).toNumber(), `${key} utilisation`).toBeGreaterThanOrEqual(0.8);
        // The commitment is 70–95 % of the on-demand cost it covers (a Compute SP saves 12–28 %).
        const onDemand = sum(covered, 'lineItem/UnblendedCost');
        expect(commitment.div(onDemand).toNumber(), `${key} commitment / on-demand`).toBeGreaterThanOrEqual(0.7);
        expect(commitment.div(onDemand).toNumber(), `${key} commitment / on-demand`).toBeLessThanOrEqual(0.95);
        for (const line of covered) {
            const rate = D(line['savingsPlan/SavingsPlanRate']);
            expect(rate.lt(D(line['lineItem/UnblendedRate']))).toBe(true);
            expect(D(line['savingsPlan/SavingsPlanEffectiveCost']).minus(D(line['lineItem/UsageAmount']).times(rate)).abs().lte('5e-11')).toBe(true);
        }
        // Each covered line is cancelled by its negation: the usage account pays nothing for it, the owner pays the fee.
        expect(sum(items.filter(l => type(l) === 'SavingsPlanNegation'), 'lineItem/UnblendedCost').plus(onDemand).isZero()).toBe(true);
    }

    for (const [key, items] of group(lines, period)) {
        const charges = group(items.filter(isCharge), l => `${account(l)} ${l['lineItem/ProductCode']}`);
        const edp = new Map(items.filter(l => type(l) === 'EdpDiscount').map(l => [`${account(l)} ${l['lineItem/ProductCode']}`, D(l['lineItem/UnblendedCost'])]));
        // Business Support: one line per subscribing account, max($100, 10 % to $10K + 7 % to $80K + …) of its charges.
        for (const support of items.filter(l => isSupport(l) && type(l) === 'Fee')) {
            const base = sum(items.filter(l => isCharge(l) && !isSupport(l) && account(l) === account(support)), 'lineItem/UnblendedCost');
            const tiered = Decimal.min(base, 10000).times('0.10').plus(Decimal.max(0, Decimal.min(base, 80000).minus(10000)).times('0.07'))
                .plus(Decimal.max(0, Decimal.min(base, 250000).minus(80000)).times('0.05')).plus(Decimal.max(0, base.minus(250000)).times('0.03'));
            expect(D(support['lineItem/UnblendedCost']).minus(Decimal.max(100, tiered)).abs().lte('1e-10'), `${key} support ${account(support)}`).toBe(true);
        }
        const subscribers = items.filter(l => isSupport(l) && type(l) === 'Fee').map(account);
        expect(new Set(subscribers).size, `${key}: one support line per subscriber`).toBe(subscribers.length);
        // EDP and tax per account and service: −3 % of the charges; the account's tax rate on the charges net of EDP.
        for (const line of items.filter(l => type(l) === 'EdpDiscount')) {
            const id = `${account(line)} ${line['lineItem/ProductCode']}`;
            expect(D(line['lineItem/UnblendedCost']).minus(sum(charges.get(id) ?? [], 'lineItem/UnblendedCost').times('-0.03')).abs().lte('1e-10'), `${key} EDP ${id}`).toBe(true);
        }
        for (const line of items.filter(l => type(l) === 'Tax')) {
            const id = `${account(line)} ${line['lineItem/ProductCode']}`;
            const percent = /\(([\d.]+)%\)$/.exec(line['lineItem/LineItemDescription']!)![1]!;
            expect(Number(percent)).toBeGreaterThan(0);
            expect(Number(percent)).toBeLessThanOrEqual(10);
            const taxable = sum(charges.get(id) ?? [], 'lineItem/UnblendedCost').plus(edp.get(id) ?? 0);
            expect(D(line['lineItem/UnblendedCost']).minus(taxable.times(percent).div(100)).abs().lte('1e-10'), `${key} tax ${id}`).toBe(true);
        }
    }
}

describe('the bundled sample, as a FinOps analyst reads it', () => {
    let lines: Line[];
    beforeAll(() => { lines = read(path.resolve(SAMPLE_CUR_PATH)); });

    it('keeps the commitment, support, discount and tax identities', () => {
        checkConsistency(lines);
    });

    it('is dominated by EC2, RDS, S3 and data transfer, with smaller serverless, database, monitoring and network services', () => {
        const usage = lines.filter(isUsage);
        const total = sum(usage, 'pricing/publicOnDemandCost');
        const share = (test: (line: Line) => boolean): number => sum(usage.filter(test), 'pricing/publicOnDemandCost').div(total).toNumber();
        const service = (code: string) => (line: Line): boolean => line['lineItem/ProductCode'] === code;
        expect(share(service('AmazonEC2')) + share(service('AmazonRDS')) + share(service('AmazonS3'))).toBeGreaterThan(0.7);
        expect(share(service('AmazonEC2'))).toBeGreaterThan(0.4);
        expect(share(l => /DataTransfer/.test(l['lineItem/UsageType']!))).toBeGreaterThan(0.04);
        for (const code of ['AWSLambda', 'AmazonDynamoDB', 'AmazonCloudWatch', 'AmazonCloudFront', 'AmazonVPC', 'AWSELB', 'awskms']) {
            expect(share(service(code)), code).toBeGreaterThan(0.002);
            expect(share(service(code)), code).toBeLessThan(0.08);
        }
    });

    it('charges every account about what its usage is worth: no account pays several times its usage', () => {
        for (const [key, items] of group(lines, l => `${period(l)} ${account(l)}`)) {
            const usage = sum(items.filter(isUsage), 'pricing/publicOnDemandCost');
            const cost = sum(items, 'lineItem/UnblendedCost');
            expect(usage.gt(0), key).toBe(true);
            // 0.5: the onboarding account spends half its usage from promotional credits; 1.5: the owners pay commitments others use.
            expect(cost.div(usage).toNumber(), key).toBeGreaterThan(0.5);
            expect(cost.div(usage).toNumber(), key).toBeLessThan(1.5);
        }
    });

    it('has support, tax, discounts, credits, free tier and Marketplace in plausible proportions', () => {
        for (const [key, items] of group(lines, period)) {
            const usage = sum(items.filter(isUsage), 'pricing/publicOnDemandCost');
            const ratio = (test: (line: Line) => boolean): number => sum(items.filter(test), 'lineItem/UnblendedCost').div(usage).toNumber();
            const support = items.filter(l => isSupport(l) && type(l) === 'Fee');
            expect(support.map(account).sort(), key).toEqual(['111111111111', '333333333333']);
            expect(ratio(l => isSupport(l) && type(l) === 'Fee'), key).toBeLessThan(0.05);
            expect(ratio(l => type(l) === 'Tax'), key).toBeGreaterThan(0.02);
            expect(ratio(l => type(l) === 'Tax'), key).toBeLessThan(0.1);
            expect(ratio(l => type(l) === 'EdpDiscount'), key).toBeLessThan(-0.02);
            expect(ratio(l => type(l) === 'EdpDiscount'), key).toBeGreaterThan(-0.04);
            expect(ratio(l => type(l) === 'Credit' || type(l) === 'Refund'), key).toBeGreaterThan(-0.05);
            expect(ratio(l => type(l) === 'Credit'), key).toBeLessThan(0);
            const freeTier = sum(items.filter(l => type(l) === 'Usage' && D(l['lineItem/UnblendedCost']).isZero()), 'pricing/publicOnDemandCost');
            expect(freeTier.gt(0), key).toBe(true);
            expect(freeTier.div(usage).toNumber(), key).toBeLessThan(0.01);
            const marketplace = items.filter(l => l['bill/BillingEntity'] === 'AWS Marketplace');
            expect(new Set(marketplace.map(l => `${account(l)} ${l['lineItem/ProductCode']}`)).size, key).toBe(3);
            expect(ratio(l => l['bill/BillingEntity'] === 'AWS Marketplace'), key).toBeLessThan(0.05);
        }
    });

    it('grows mildly from January to March, and the commitments are owned by shared-services and data-prod but used across accounts', () => {
        const usage = [...group(lines.filter(isUsage), period)].map(([, items]) => sum(items, 'pricing/publicOnDemandCost').toNumber());
        expect(usage).toHaveLength(3);
        expect(usage[2]! / usage[0]!).toBeGreaterThan(1.02);
        expect(usage[2]! / usage[0]!).toBeLessThan(1.2);
        const owners = (column: string): string[] => [...new Set(lines.filter(l => l[column] !== '').map(l => l[column]!.split(':')[4]!))];
        expect(owners('savingsPlan/SavingsPlanARN')).toEqual(['444444444444']);
        expect(owners('reservation/ReservationARN')).toEqual(['333333333333']);
        const users = new Set(lines.filter(l => type(l) === 'SavingsPlanCoveredUsage' || type(l) === 'DiscountedUsage').map(account));
        for (const id of ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555']) expect(users, id).toContain(id);
        expect(lines.some(l => type(l) === 'Fee' && l['bill/BillType'] === 'Purchase')).toBe(true);
    });
});

describe('generated data of any size', () => {
    it('keeps the same identities with 24 made-up accounts at daily granularity', async () => {
        const out = await generateCur({ output: path.join(tempDir('realism'), 'cur.csv'), rows: 12_000, seed: 77 });
        checkConsistency(read(out.path));
    });

    it('keeps them with few rows and few accounts', async () => {
        const out = await generateCur({ output: path.join(tempDir('realism'), 'small.csv'), rows: 900, seed: 3, accounts: 4, periods: ['2025-12', '2026-01', '2026-02'] });
        checkConsistency(read(out.path));
    });
});
