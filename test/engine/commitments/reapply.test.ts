import { describe, expect, it } from 'vitest';
import { reapplyCommitments } from '../../../engine/commitments/reapply.js';
import type { EligibleUsage, Reservation, SavingsPlan } from '../../../engine/commitments/terms.js';
import type { LedgerCommitment, PeriodLedger } from '../../../engine/cube/commitment-ledger.js';
import { Decimal } from '../../../engine/money/decimal.js';

/**
 * Hand-worked hours of exact-fit cases (same instance type; Windows, RunInstances:0002, whose RIs are never size
 * flexible, so that any version of matching.ts covers instance for instance), the figures written out next to each
 * expectation.
 */
const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const WINDOWS = 'RunInstances:0002';
const JAN = [Date.UTC(2026, 0, 1), Date.UTC(2026, 1, 1)] as const;
const H = (n: number): number => Date.UTC(2026, 0, 1, n);
const d = (v: string): Decimal => new Decimal(v);

const usage = (accountId: string, instanceType: string, amount: string, cost: string, more: Partial<EligibleUsage> = {}): EligibleUsage => ({
    accountId, service: 'AmazonEC2', usageType: `USE1-BoxUsage:${instanceType}`, operation: WINDOWS, region: 'us-east-1',
    availabilityZone: 'us-east-1a', instanceType, tenancy: 'Shared', usageAmount: d(amount), normalizationFactor: d('4'),
    publicOnDemandCost: d(cost), savingsPlanRates: new Map(), ...more,
});
const ri = (arn: string, owner: string, instanceType: string, count: string, zone = ''): LedgerCommitment => ({
    commitment: {
        kind: 'reservation', arn, ownerAccountId: owner, service: 'AmazonEC2', region: 'us-east-1', availabilityZone: zone, instanceType,
        operation: WINDOWS, tenancy: 'Shared', count: d(count), normalizedUnitsPerHour: d('0'),
    } satisfies Reservation,
    intervals: [[JAN[0], JAN[1]]],
});
const sp = (arn: string, owner: string, hourly: string, offering: SavingsPlan['offering'] = 'ComputeSavingsPlans'): LedgerCommitment => ({
    commitment: { kind: 'savingsPlan', arn, ownerAccountId: owner, offering, region: '', instanceFamily: '', hourlyCommitment: d(hourly) } satisfies SavingsPlan,
    intervals: [[JAN[0], JAN[1]]],
});
const ledger = (commitments: LedgerCommitment[], hours: EligibleUsage[][]): PeriodLedger => ({
    period: '2026-01', granularity: 'hourly', eligibleRows: hours.length, commitmentLines: 1, commitments, hours: hours.map((usage, n) => ({ hour: H(n), usage })),
});
const groups = (map: Record<string, number>) => (accountId: string): number | undefined => map[accountId];
const covered = (result: ReturnType<typeof reapplyCommitments>): Record<string, string> =>
    Object.fromEntries(result.usage.map(u => [`${u.accountId} ${u.usageType}`, u.coveredCost.toFixed()]));

describe('reapplyCommitments', () => {
    it('an RI covers its purchasing account first, then the other accounts of its group pooled by account id', () => {
        // 2 × m5.large reserved by B. Hour 0: A 1 h (0.096), B 1 h (0.096), C 1 h (0.096), all one group.
        // B first (1 h), then A (1 h, A < C); C stays on-demand. Instance-hours used 2 of 2 × 744 = 1488, reported in
        // normalized units (m5.large = 4): 2 × 4 = 8 of 1488 × 4 = 5952.
        const result = reapplyCommitments(ledger([ri('arn:aws:ec2:us-east-1:222222222222:reserved-instances/r', B, 'm5.large', '2')],
            [[usage(A, 'm5.large', '1', '0.096'), usage(B, 'm5.large', '1', '0.096'), usage(C, 'm5.large', '1', '0.096')]]), groups({ [A]: 0, [B]: 0, [C]: 0 }));
        expect(covered(result)).toEqual({ [`${A} USE1-BoxUsage:m5.large`]: '0.096', [`${B} USE1-BoxUsage:m5.large`]: '0.096', [`${C} USE1-BoxUsage:m5.large`]: '0' });
        expect(result.groups.get(0)!.commitments[0]).toMatchObject({ unit: 'normalized-units', used: d('8'), capacity: d('5952') });
    });

    it('a commitment owned outside the group gives the group nothing', () => {
        // B owns the RI but is in group 1; A's usage (group 0) stays on-demand; B has no usage: 0 used.
        const result = reapplyCommitments(ledger([ri('arn:aws:ec2:us-east-1:222222222222:reserved-instances/r', B, 'm5.large', '1')],
            [[usage(A, 'm5.large', '1', '0.096')]]), groups({ [A]: 0, [B]: 1 }));
        expect(covered(result)).toEqual({ [`${A} USE1-BoxUsage:m5.large`]: '0' });
        expect(result.groups.get(1)!.commitments[0]!.used.toFixed()).toBe('0');
        expect(result.groups.get(0)!.commitments).toEqual([]);
    });

    it('zonal RIs before regional ones; a usage is partly covered when capacity runs out', () => {
        // Hour 0: A 1 h of m5.large in us-east-1a (0.096). Regional RI "a-regional" and zonal "z-zonal" (1 each): by ARN the
        // regional one would come first; the zonal one goes first and takes the hour, the regional one is left unused.
        // Hour 1: A 3 h (0.288): zonal 1 h, regional 1 h → covered 2 of 3 h = 0.288 × 2 / 3 = 0.192. Σ covered 0.096 + 0.192 = 0.288.
        const result = reapplyCommitments(ledger([
            ri('arn:aws:ec2:us-east-1:111111111111:reserved-instances/a-regional', A, 'm5.large', '1'),
            ri('arn:aws:ec2:us-east-1:111111111111:reserved-instances/z-zonal', A, 'm5.large', '1', 'us-east-1a'),
        ], [[usage(A, 'm5.large', '1', '0.096')], [usage(A, 'm5.large', '3', '0.288')]]), groups({ [A]: 0 }));
        expect(covered(result)).toEqual({ [`${A} USE1-BoxUsage:m5.large`]: '0.288' });
        expect(result.groups.get(0)!.eligibleCost.toFixed()).toBe('0.384');
        const uses = result.groups.get(0)!.commitments.map(c => [c.arn.split('/').pop(), c.used.toFixed()]);
        // Used instance-hours regional 1, zonal 1 + 1 = 2, reported in normalized units (m5.large = 4): 4 and 8.
        expect(uses).toEqual([['a-regional', '4'], ['z-zonal', '8']]);
    });

    it('Savings Plans after RIs, on what they left; highest savings percentage first within the owner, then the others', () => {
        // Hour 0, SP owned by A, 0.12/hour. A: m5.large 2 h (0.192, rate 0.06 → savings 37.5 %), c5.large 1 h (0.085, rate 0.0425 → 50 %).
        // RI (A, 1 × m5.large) covers 1 h of A's m5 first. SP: A's c5 first (50 %): 1 h, spends 0.0425 (left 0.0775);
        // A's m5 remaining 1 h at 0.06: spends 0.06 (left 0.0175); then B's c5 1 h (0.085, rate 0.0425): q = 0.0175 / 0.0425 = 7/17,
        // covered 0.085 × 7/17 = 0.035. A's m5 fully covered 0.192; A's c5 0.085.
        const rates = (r: string) => new Map([['arn:aws:savingsplans::111111111111:savingsplan/s', d(r)]]);
        const result = reapplyCommitments(ledger([
            ri('arn:aws:ec2:us-east-1:111111111111:reserved-instances/r', A, 'm5.large', '1'),
            sp('arn:aws:savingsplans::111111111111:savingsplan/s', A, '0.12'),
        ], [[usage(A, 'm5.large', '2', '0.192', { savingsPlanRates: rates('0.06') }), usage(A, 'c5.large', '1', '0.085', { savingsPlanRates: rates('0.0425') }),
            usage(B, 'c5.large', '1', '0.085', { savingsPlanRates: rates('0.0425') })]]), groups({ [A]: 0, [B]: 0 }));
        const c = covered(result);
        expect(c[`${A} USE1-BoxUsage:m5.large`]).toBe('0.192');
        expect(c[`${A} USE1-BoxUsage:c5.large`]).toBe('0.085');
        expect(new Decimal(c[`${B} USE1-BoxUsage:c5.large`]!).toDecimalPlaces(20).toFixed()).toBe('0.035');
        const plan = result.groups.get(0)!.commitments.find(x => x.kind === 'savingsPlan')!;
        expect(plan.used.toDecimalPlaces(20).toFixed()).toBe('0.12');
    });

    it('usage without a known plan rate stays on-demand and is counted', () => {
        // SP 1.00/hour, A's m5.large 1 h (0.096) with no rate of that plan in the data: not covered, 1 entry of 0.096.
        const result = reapplyCommitments(ledger([sp('arn:aws:savingsplans::111111111111:savingsplan/s', A, '1')], [[usage(A, 'm5.large', '1', '0.096')]]), groups({ [A]: 0 }));
        expect(covered(result)).toEqual({ [`${A} USE1-BoxUsage:m5.large`]: '0' });
        expect(result.missingRates.entries).toBe(1);
        expect(result.missingRates.onDemandCost.toFixed()).toBe('0.096');
    });

    it('a commitment applies only in the hours it is in force', () => {
        // RI in force for hour 1 only; A runs m5.large 1 h in hours 0 and 1 (0.096 each): only hour 1 covered; capacity 1 h.
        const entry = { ...ri('arn:aws:ec2:us-east-1:111111111111:reserved-instances/r', A, 'm5.large', '1'), intervals: [[H(1), H(2)]] as [number, number][] };
        const result = reapplyCommitments(ledger([entry], [[usage(A, 'm5.large', '1', '0.096')], [usage(A, 'm5.large', '1', '0.096')]]), groups({ [A]: 0 }));
        expect(covered(result)).toEqual({ [`${A} USE1-BoxUsage:m5.large`]: '0.096' });
        expect(result.groups.get(0)!.eligibleCost.toFixed()).toBe('0.192');
        // Capacity 1 instance-hour = 4 normalized units (m5.large).
        expect(result.groups.get(0)!.commitments[0]!.capacity.toFixed()).toBe('4');
    });
});
