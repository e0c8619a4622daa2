import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../engine/money/decimal.js';
import {
    reservationCapacity, reservationDemand, reservationFit, reservationOrder, savingsPlanApplies, savingsPlanOrder,
    savingsPlanRate, usageOrderForReservation, usageOrderForSavingsPlan, usageQuantityCovered,
} from '../../../engine/commitments/matching.js';
import type { EligibleUsage, Reservation, SavingsPlan } from '../../../engine/commitments/terms.js';
import { OTHER, OWNER, THIRD, plan, ri, usage } from './builders.js';

/**
 * One hour of COMMITMENTS-SPEC step 3, written out plainly in the test, so that AWS's documented examples check the
 * orders and the fit functions together: RIs in `reservationOrder`, each covering usage in `usageOrderForReservation`,
 * covered amount = min(remaining demand, remaining capacity). Returns the covered instance hours per usage label.
 */
function applyReservations(reservations: Reservation[], usages: Record<string, EligibleUsage>): Record<string, string> {
    const remaining = new Map(Object.entries(usages).map(([label, u]) => [label, u.usageAmount]));
    const covered = new Map(Object.keys(usages).map(label => [label, new Decimal(0)]));
    for (const r of [...reservations].sort(reservationOrder)) {
        let capacity = reservationCapacity(r).perHour;
        const order = usageOrderForReservation(r.ownerAccountId);
        const eligible = Object.entries(usages).filter(([, u]) => reservationFit(r, u) !== undefined).sort(([, a], [, b]) => order(a, b));
        for (const [label, u] of eligible) {
            const fit = reservationFit(r, u)!;
            const left = { ...u, usageAmount: remaining.get(label)! };
            const units = Decimal.min(capacity, reservationDemand(fit, left));
            const quantity = usageQuantityCovered(fit, u, units);
            capacity = capacity.minus(units);
            remaining.set(label, left.usageAmount.minus(quantity));
            covered.set(label, covered.get(label)!.plus(quantity));
        }
    }
    return Object.fromEntries([...covered].map(([label, q]) => [label, q.toFixed()]));
}

describe('the order of Reserved Instances and of the usage they cover', () => {
    it('zonal reservations come before regional ones, then by ARN', () => {
        const regionalA = ri({ arn: 'arn:a' });
        const regionalB = ri({ arn: 'arn:b' });
        const zonalZ = ri({ arn: 'arn:z', availabilityZone: 'us-east-1a' });
        expect([regionalB, zonalZ, regionalA].sort(reservationOrder).map(r => r.arn)).toEqual(['arn:z', 'arn:a', 'arn:b']);
    });

    it('the purchasing account first, then the others; smallest size first; then account, usage type, instance type', () => {
        const order = usageOrderForReservation(OWNER);
        const labelled: [string, EligibleUsage][] = [
            ['other xlarge', usage({ accountId: OTHER, instanceType: 'm5.xlarge', normalizationFactor: '8' })],
            ['third large', usage({ accountId: THIRD, instanceType: 'm5.large', normalizationFactor: '4' })],
            ['owner 2xlarge', usage({ accountId: OWNER, instanceType: 'm5.2xlarge', normalizationFactor: '16' })],
            ['other large', usage({ accountId: OTHER, instanceType: 'm5.large', normalizationFactor: '4' })],
            ['owner large', usage({ accountId: OWNER, instanceType: 'm5.large', normalizationFactor: '4' })],
            ['other large (EU)', usage({ accountId: OTHER, instanceType: 'm5.large', usageType: 'EU-BoxUsage:m5.large', region: 'eu-west-1', normalizationFactor: '4' })],
        ];
        expect(labelled.sort(([, a], [, b]) => order(a, b)).map(([label]) => label))
            .toEqual(['owner large', 'owner 2xlarge', 'other large', 'other large (EU)', 'third large', 'other xlarge']);
    });

    it('AWS Scenario 2, single account: the m3.2xlarge RI (16 units) covers both m3.large (4 + 4), then one of two m3.xlarge (8)', () => {
        // "It applies first to the m3.large instances and then to the m3.xlarge instances, because it applies from the
        // smallest to the largest instance size … The remaining m3.xlarge usage is charged at the On-Demand rate."
        const covered = applyReservations([ri({ instanceType: 'm3.2xlarge', normalizedUnitsPerHour: '16' })], {
            'xlarge ×2': usage({ instanceType: 'm3.xlarge', usageAmount: '2', normalizationFactor: '8' }),
            'large ×2': usage({ instanceType: 'm3.large', usageAmount: '2', availabilityZone: 'us-east-1b', normalizationFactor: '4' }),
        });
        // 16 − 2 × 4 = 8 units left = 1 m3.xlarge hour.
        expect(covered).toEqual({ 'xlarge ×2': '1', 'large ×2': '2' });
    });

    it('AWS Scenario 2, linked accounts: account A\'s RIs cover A\'s instances first, smallest size first', () => {
        // "The discount of the four m4.xlarge Reserved Instances is used by the two m4.xlarge instances in account A and the
        // m4.2xlarge instance in account A" (32 = 2 × 8 + 16, nothing left for B's two m4.xlarge); "The discount of the two
        // c4.xlarge Reserved Instances applies to the two c4.xlarge instances, because they are a smaller instance size than
        // the c4.2xlarge instance."
        const covered = applyReservations([
            ri({ arn: 'arn:m4', instanceType: 'm4.xlarge', count: '4', normalizedUnitsPerHour: '32' }),
            ri({ arn: 'arn:c4', instanceType: 'c4.xlarge', count: '2', normalizedUnitsPerHour: '16' }),
        ], {
            'A m4.xlarge ×2': usage({ instanceType: 'm4.xlarge', usageAmount: '2', normalizationFactor: '8' }),
            'A m4.2xlarge': usage({ instanceType: 'm4.2xlarge', availabilityZone: 'us-east-1b', normalizationFactor: '16' }),
            'A c4.xlarge ×2': usage({ instanceType: 'c4.xlarge', usageAmount: '2', normalizationFactor: '8' }),
            'A c4.2xlarge': usage({ instanceType: 'c4.2xlarge', availabilityZone: 'us-east-1b', normalizationFactor: '16' }),
            'B m4.xlarge ×2': usage({ accountId: OTHER, instanceType: 'm4.xlarge', usageAmount: '2', normalizationFactor: '8' }),
        });
        expect(covered).toEqual({ 'A m4.xlarge ×2': '2', 'A m4.2xlarge': '1', 'A c4.xlarge ×2': '2', 'A c4.2xlarge': '0', 'B m4.xlarge ×2': '0' });
    });

    it('a zonal RI is used before a regional one, whoever owns it', () => {
        // AWS Scenario 3: "The discount of the m4.xlarge zonal Reserved Instance owned by account C is applied to the m4.xlarge
        // usage in account A. The discount of the m4.xlarge regional Reserved Instance owned by account A is applied to the
        // m4.xlarge usage in account B." (Within one billing group, as here, all three accounts are in the group.)
        const covered = applyReservations([
            ri({ arn: 'arn:regional-A', instanceType: 'm4.xlarge', normalizedUnitsPerHour: '8' }),
            ri({ arn: 'arn:zonal-C', ownerAccountId: THIRD, instanceType: 'm4.xlarge', availabilityZone: 'us-east-1a', normalizedUnitsPerHour: '8' }),
        ], {
            'A 1a': usage({ instanceType: 'm4.xlarge', availabilityZone: 'us-east-1a', normalizationFactor: '8' }),
            'B 1b': usage({ accountId: OTHER, instanceType: 'm4.xlarge', availabilityZone: 'us-east-1b', normalizationFactor: '8' }),
        });
        expect(covered).toEqual({ 'A 1a': '1', 'B 1b': '1' });
    });
});

describe('the order of Savings Plans and of the usage they cover', () => {
    const computeA = plan({ arn: 'arn:compute-a', offering: 'ComputeSavingsPlans' });
    const computeB = plan({ arn: 'arn:compute-b', offering: 'ComputeSavingsPlans' });
    const instanceZ = plan({ arn: 'arn:instance-z', offering: 'EC2InstanceSavingsPlans', region: 'us-east-1', instanceFamily: 'c5' });
    const sageMaker = plan({ arn: 'arn:sagemaker-a', offering: 'SageMakerSavingsPlans' });

    it('"EC2 Instance Savings Plans are applied before Compute Savings Plans"; SageMaker plans last; then by ARN', () => {
        expect([sageMaker, computeB, instanceZ, computeA].sort(savingsPlanOrder).map(p => p.arn))
            .toEqual(['arn:instance-z', 'arn:compute-a', 'arn:compute-b', 'arn:sagemaker-a']);
    });

    it('the purchasing account first; then "highest savings percentage first"; usage without a rate last', () => {
        // Savings (illustrative rates of the AWS example): c5.9xlarge (4 − 2) / 4 = 50%, Fargate vCPU (1.5 − 1) / 1.5 = 33.3%,
        // c5.24xlarge Windows (10 − 8) / 10 = 20%. The owner's Windows instance comes first despite its 20%.
        const rate = (r: string): Record<string, string> => ({ [computeA.arn]: r });
        const labelled: [string, EligibleUsage][] = [
            ['other vCPU 33%', usage({ accountId: OTHER, service: 'AmazonECS', usageType: 'Fargate-vCPU-Hours:perCPU', instanceType: '', publicOnDemandCost: '1.50', savingsPlanRates: rate('1.00') })],
            ['other no rate', usage({ accountId: OTHER, instanceType: 'c5.xlarge', publicOnDemandCost: '0.17' })],
            ['other c5.9xlarge 50%', usage({ accountId: OTHER, instanceType: 'c5.9xlarge', publicOnDemandCost: '4.00', savingsPlanRates: rate('2.00') })],
            ['owner Windows 20%', usage({ instanceType: 'c5.24xlarge', operation: 'RunInstances:0002', publicOnDemandCost: '10.00', savingsPlanRates: rate('8.00') })],
        ];
        const order = usageOrderForSavingsPlan(computeA);
        expect(labelled.sort(([, a], [, b]) => order(a, b)).map(([label]) => label))
            .toEqual(['owner Windows 20%', 'other c5.9xlarge 50%', 'other vCPU 33%', 'other no rate']);
    });

    it('equal savings percentages: by account id, then usage type (COMMITMENTS-SPEC; AWS prefers the lower rate, see docs/semantics.md)', () => {
        const rate = (r: string): Record<string, string> => ({ [computeA.arn]: r });
        const labelled: [string, EligibleUsage][] = [
            ['third GB 50%', usage({ accountId: THIRD, service: 'AmazonECS', usageType: 'Fargate-GB-Hours', instanceType: '', publicOnDemandCost: '2.00', savingsPlanRates: rate('1.00') })],
            ['other GB 50%', usage({ accountId: OTHER, service: 'AmazonECS', usageType: 'Fargate-GB-Hours', instanceType: '', publicOnDemandCost: '2.00', savingsPlanRates: rate('1.00') })],
            ['other c5 50%', usage({ accountId: OTHER, instanceType: 'c5.9xlarge', publicOnDemandCost: '4.00', savingsPlanRates: rate('2.00') })],
        ];
        const order = usageOrderForSavingsPlan(computeA);
        expect(labelled.sort(([, a], [, b]) => order(a, b)).map(([label]) => label)).toEqual(['other c5 50%', 'other GB 50%', 'third GB 50%']);
    });

    it('one hour of a $3.00 Compute Savings Plan: the order decides what is covered', () => {
        // Owner-free pool. c5.9xlarge (50%) first: 1 h × $2.00 = $2.00 spent, $1.00 left; Fargate vCPU (33.3%) next:
        // $1.00 / $1.00 = 1 of its 2 vCPU-hours; the Windows instance (20%) gets nothing. Covered on-demand equivalent:
        // $4.00 + 1 × $1.50 = $5.50.
        const p = plan({ arn: 'arn:compute', ownerAccountId: THIRD, hourlyCommitment: '3.00' });
        const rate = (r: string): Record<string, string> => ({ [p.arn]: r });
        const usages: Record<string, EligibleUsage> = {
            windows: usage({ accountId: OTHER, instanceType: 'c5.24xlarge', operation: 'RunInstances:0002', publicOnDemandCost: '10.00', savingsPlanRates: rate('8.00') }),
            vcpu: usage({ accountId: OTHER, service: 'AmazonECS', usageType: 'Fargate-vCPU-Hours:perCPU', instanceType: '', usageAmount: '2', publicOnDemandCost: '3.00', savingsPlanRates: rate('1.00') }),
            linux: usage({ accountId: OTHER, instanceType: 'c5.9xlarge', publicOnDemandCost: '4.00', savingsPlanRates: rate('2.00') }),
        };
        const { covered, coveredCost } = applySavingsPlan(p, usages);
        expect(covered).toEqual({ linux: '1', vcpu: '1', windows: '0' });
        expect(coveredCost).toBe('5.5');
    });
});

/** One hour of COMMITMENTS-SPEC step 4 for one plan, plainly: covered quantity = min(usage, commitment left / rate). */
function applySavingsPlan(p: SavingsPlan, usages: Record<string, EligibleUsage>): { covered: Record<string, string>; coveredCost: string } {
    let left = p.hourlyCommitment;
    let coveredCost = new Decimal(0);
    const covered: Record<string, string> = Object.fromEntries(Object.keys(usages).map(label => [label, '0']));
    const order = usageOrderForSavingsPlan(p);
    for (const [label, u] of Object.entries(usages).filter(([, u]) => savingsPlanApplies(p, u)).sort(([, a], [, b]) => order(a, b))) {
        const rate = savingsPlanRate(p, u);
        if (rate === undefined) continue;
        const quantity = Decimal.min(u.usageAmount, left.div(rate));
        left = left.minus(quantity.mul(rate));
        coveredCost = coveredCost.plus(u.publicOnDemandCost.mul(quantity).div(u.usageAmount));
        covered[label] = quantity.toFixed();
    }
    return { covered, coveredCost: coveredCost.toFixed() };
}
