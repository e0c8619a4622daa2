import { Decimal } from '../../../engine/money/decimal.js';
import type { EligibleUsage, Reservation, SavingsPlan } from '../../../engine/commitments/terms.js';

/** Test data for the matching rules: plain terms with readable defaults, amounts as decimal strings. */

export const OWNER = '111111111111';
export const OTHER = '222222222222';
export const THIRD = '333333333333';

type ReservationInput = Omit<Partial<Reservation>, 'count' | 'normalizedUnitsPerHour'> & { count?: string; normalizedUnitsPerHour?: string };

export function ri(fields: ReservationInput): Reservation {
    const { count, normalizedUnitsPerHour, ...rest } = fields;
    return {
        kind: 'reservation',
        arn: `arn:aws:ec2:us-east-1:${OWNER}:reserved-instances/ri-1`,
        ownerAccountId: OWNER,
        service: 'AmazonEC2',
        region: 'us-east-1',
        availabilityZone: '',
        instanceType: 'm5.xlarge',
        operation: 'RunInstances',
        tenancy: 'Shared',
        ...rest,
        count: new Decimal(count ?? '1'),
        normalizedUnitsPerHour: new Decimal(normalizedUnitsPerHour ?? '0'),
    };
}

type UsageInput = Omit<Partial<EligibleUsage>, 'usageAmount' | 'normalizationFactor' | 'publicOnDemandCost' | 'savingsPlanRates'> & {
    usageAmount?: string;
    normalizationFactor?: string;
    publicOnDemandCost?: string;
    savingsPlanRates?: Record<string, string>;
};

export function usage(fields: UsageInput): EligibleUsage {
    const { usageAmount, normalizationFactor, publicOnDemandCost, savingsPlanRates, ...rest } = fields;
    const instanceType = rest.instanceType ?? 'm5.large';
    return {
        accountId: OWNER,
        service: 'AmazonEC2',
        usageType: `BoxUsage:${instanceType}`,
        operation: 'RunInstances',
        region: 'us-east-1',
        availabilityZone: 'us-east-1a',
        tenancy: 'Shared',
        ...rest,
        instanceType,
        usageAmount: new Decimal(usageAmount ?? '1'),
        normalizationFactor: new Decimal(normalizationFactor ?? '0'),
        publicOnDemandCost: new Decimal(publicOnDemandCost ?? '1'),
        savingsPlanRates: new Map(Object.entries(savingsPlanRates ?? {}).map(([arn, rate]) => [arn, new Decimal(rate)])),
    };
}

export function plan(fields: Omit<Partial<SavingsPlan>, 'hourlyCommitment'> & { hourlyCommitment?: string }): SavingsPlan {
    const { hourlyCommitment, ...rest } = fields;
    return {
        kind: 'savingsPlan',
        arn: `arn:aws:savingsplans::${OWNER}:savingsplan/sp-1`,
        ownerAccountId: OWNER,
        offering: 'ComputeSavingsPlans',
        region: '',
        instanceFamily: '',
        ...rest,
        hourlyCommitment: new Decimal(hourlyCommitment ?? '1'),
    };
}
