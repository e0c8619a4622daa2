/**
 * The generator's hourly mode (engine/generate/hourly-commitments.ts): deterministic hourly CUR 1.0 / 2.0 with RIs
 * and Savings Plans owned by data-prod and used, in the billable bill, by accounts of other example groups. The
 * figures checked are identities of the data itself (what a FinOps analyst checks in a real CUR), recomputed here.
 */
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateHourlyCommitmentsCur, HOURLY_CUR1_COLUMNS, HOURLY_CUR2_COLUMNS, HOURLY_OWNER } from '../../../engine/generate/index.js';
import { cur2Name } from '../../../engine/generate/hourly-columns.js';
import { Decimal } from '../../../engine/money/decimal.js';
import { tempDir } from '../ingest/helpers.js';

type Row = Record<string, string>;

describe('generateHourlyCommitmentsCur', () => {
    const dir = tempDir('hourly-generator');
    let rows: Row[];

    beforeAll(async () => {
        const out = await generateHourlyCommitmentsCur({ output: path.join(dir, 'h.csv'), periods: ['2026-02'], seed: 3 });
        rows = parse(readFileSync(out.path), { columns: true }) as Row[];
        expect(out.rows).toBe(rows.length);
    });

    const of = (type: string): Row[] => rows.filter((r) => r['lineItem/LineItemType'] === type);
    const total = (list: Row[], column: string): Decimal => list.reduce((s, r) => s.plus(r[column] || '0'), new Decimal(0));

    it('is deterministic: same seed, same bytes; another seed, other bytes', async () => {
        const a = await generateHourlyCommitmentsCur({ output: path.join(dir, 'a.csv'), periods: ['2026-03'], seed: 4 });
        const b = await generateHourlyCommitmentsCur({ output: path.join(dir, 'b.csv'), periods: ['2026-03'], seed: 4 });
        const c = await generateHourlyCommitmentsCur({ output: path.join(dir, 'c.csv'), periods: ['2026-03'], seed: 5 });
        expect(readFileSync(b.path).equals(readFileSync(a.path))).toBe(true);
        expect(readFileSync(c.path).equals(readFileSync(a.path))).toBe(false);
    });

    it('writes every hour of the period: each usage line spans one hour, 672 hours in February 2026', () => {
        const usage = rows.filter((r) => r['lineItem/LineItemType'] !== 'RIFee');
        for (const r of usage) {
            const [from, to] = r['identity/TimeInterval']!.split('/');
            expect(Date.parse(to!) - Date.parse(from!)).toBe(3_600_000);
            expect(r['lineItem/UsageStartDate']).toBe(from);
        }
        expect(new Set(usage.map((r) => r['identity/TimeInterval'])).size).toBe(672);
        expect(new Set(rows.map((r) => r['identity/LineItemId'])).size).toBe(rows.length);
    });

    it('every commitment is data-prod\'s, and its benefit reaches web-prod and web-dev (group web in examples/acme.billing)', () => {
        const users = new Set([...of('DiscountedUsage'), ...of('SavingsPlanCoveredUsage')].map((r) => r['lineItem/UsageAccountId']));
        expect(users.has('111111111111') && users.has('222222222222')).toBe(true);
        for (const r of [...of('RIFee'), ...of('SavingsPlanRecurringFee')]) expect(r['lineItem/UsageAccountId']).toBe(HOURLY_OWNER);
        const arns = [...of('DiscountedUsage').map((r) => r['reservation/ReservationARN']!), ...of('SavingsPlanCoveredUsage').map((r) => r['savingsPlan/SavingsPlanARN']!)];
        for (const arn of arns) expect(arn).toContain(`:${HOURLY_OWNER}:`);
        expect(new Set(of('RIFee').map((r) => r['reservation/AvailabilityZone']))).toEqual(new Set(['', 'us-east-1b']));
        expect(new Set(of('SavingsPlanRecurringFee').map((r) => r['savingsPlan/OfferingType']))).toEqual(new Set(['ComputeSavingsPlans', 'EC2InstanceSavingsPlans']));
        // The owner's own usage that its commitments would cover stays on-demand in the billable bill.
        const ownOnDemand = of('Usage').filter((r) => r['lineItem/UsageAccountId'] === HOURLY_OWNER && r['lineItem/UsageType']!.includes('BoxUsage'));
        expect(ownOnDemand.some((r) => r['product/instanceType'] === 'm5.large')).toBe(true);
        expect(ownOnDemand.some((r) => r['product/instanceType'] === 'r5.large')).toBe(true);
    });

    it('RIFee: reserved = used by DiscountedUsage + unused, in normalized units; count × hours × rate', () => {
        for (const fee of of('RIFee')) {
            const arn = fee['reservation/ReservationARN'];
            const used = total(of('DiscountedUsage').filter((r) => r['reservation/ReservationARN'] === arn), 'lineItem/NormalizedUsageAmount');
            expect(used.plus(fee['reservation/UnusedNormalizedUnitQuantity']!).eq(fee['reservation/TotalReservedNormalizedUnits']!)).toBe(true);
            expect(new Decimal(fee['reservation/NumberOfReservations']!).times(672).eq(fee['reservation/TotalReservedUnits']!)).toBe(true);
            expect(new Decimal(fee['reservation/TotalReservedUnits']!).times(fee['lineItem/UnblendedRate']!).eq(fee['lineItem/UnblendedCost']!)).toBe(true);
            expect(used.gt(0)).toBe(true);
        }
    });

    it('Savings Plans: each hour\'s UsedCommitment = Σ effective cost of the plan\'s covered usage ≤ the commitment; negations cancel', () => {
        const fees = of('SavingsPlanRecurringFee');
        expect(fees).toHaveLength(2 * 672);
        const spent = new Map<string, Decimal>();
        for (const r of of('SavingsPlanCoveredUsage')) {
            const key = `${r['savingsPlan/SavingsPlanARN']} ${r['identity/TimeInterval']}`;
            spent.set(key, (spent.get(key) ?? new Decimal(0)).plus(r['savingsPlan/SavingsPlanEffectiveCost']!));
            expect(new Decimal(r['savingsPlan/SavingsPlanRate']!).times(r['lineItem/UsageAmount']!).eq(r['savingsPlan/SavingsPlanEffectiveCost']!)).toBe(true);
        }
        for (const fee of fees) {
            const used = spent.get(`${fee['savingsPlan/SavingsPlanARN']} ${fee['identity/TimeInterval']}`) ?? new Decimal(0);
            expect(used.eq(fee['savingsPlan/UsedCommitment']!)).toBe(true);
            expect(used.lte(fee['savingsPlan/TotalCommitmentToDate']!)).toBe(true);
        }
        expect(total(of('SavingsPlanCoveredUsage'), 'lineItem/UnblendedCost').plus(total(of('SavingsPlanNegation'), 'lineItem/UnblendedCost')).isZero()).toBe(true);
    });

    it('CUR 2.0: the same rows under Data Exports names, product attributes in the product map', async () => {
        const out = await generateHourlyCommitmentsCur({ output: path.join(dir, 'h2.csv'), periods: ['2026-02'], seed: 3, format: 'cur2' });
        const records = parse(readFileSync(out.path)) as string[][];
        const header = records[0]!;
        expect(header).toEqual([...HOURLY_CUR2_COLUMNS]);
        expect(header).toEqual(expect.arrayContaining(['line_item_usage_account_id', 'reservation_reservation_a_r_n', 'savings_plan_savings_plan_a_r_n', 'identity_time_interval', 'product_instance_type', 'product']));
        expect(records.length - 1).toBe(rows.length);
        const where = HOURLY_CUR1_COLUMNS.map((column) => [column, header.indexOf(cur2Name(column)), cur2Name(column).replace(/^product_/, '')] as const);
        const productAt = header.indexOf('product');
        const mismatches: string[] = [];
        for (const [i, record] of records.slice(1).entries()) {
            const product = JSON.parse(record[productAt]!) as Record<string, string>;
            for (const [column, at, key] of where) {
                const value = at >= 0 ? record[at] : product[key] ?? '';
                if (value !== rows[i]![column]) mismatches.push(`row ${i + 1} ${column}: ${value} ≠ ${rows[i]![column]}`);
            }
        }
        expect(mismatches.slice(0, 5)).toEqual([]);
    });
});
