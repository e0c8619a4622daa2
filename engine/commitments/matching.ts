import type { Decimal } from '../money/decimal.js';
import type { EligibleUsage, Reservation, SavingsPlan } from './terms.js';

/**
 * Which commitment may cover which usage, by the rules AWS documents for each service. Pure
 * functions over terms.ts; reapply.ts decides the order and the amounts.
 *
 * This first version matches exactly (same service, region, instance type, operation, tenancy and,
 * for zonal reservations, zone); size flexibility and the per-service rules are to be added here.
 */

/** How a reservation covers a usage: instance for instance, or by normalized units. */
export type ReservationFit = 'exact' | 'size-flexible';

export function reservationFit(reservation: Reservation, usage: EligibleUsage): ReservationFit | undefined {
    if (reservation.service !== usage.service || reservation.region !== usage.region) return undefined;
    if (reservation.availabilityZone !== '' && reservation.availabilityZone !== usage.availabilityZone) return undefined;
    if (reservation.operation !== usage.operation) return undefined;
    if (reservation.tenancy !== '' && usage.tenancy !== '' && reservation.tenancy !== usage.tenancy) return undefined;
    return reservation.instanceType === usage.instanceType ? 'exact' : undefined;
}

/** Savings Plan rate per usage unit for this usage, when the data shows one. */
export function savingsPlanRate(plan: SavingsPlan, usage: EligibleUsage): Decimal | undefined {
    return usage.savingsPlanRates.get(plan.arn);
}

export function savingsPlanApplies(plan: SavingsPlan, usage: EligibleUsage): boolean {
    switch (plan.offering) {
        case 'ComputeSavingsPlans':
            return usage.service === 'AmazonEC2' || usage.service === 'AWSLambda' || usage.service === 'AmazonECS';
        case 'EC2InstanceSavingsPlans':
            return usage.service === 'AmazonEC2' && usage.region === plan.region
                && instanceFamilyOf(usage.instanceType) === plan.instanceFamily;
        case 'SageMakerSavingsPlans':
            return usage.service === 'AmazonSageMaker';
    }
}

/** `m5.xlarge` → `m5`; `db.r5.large` → `r5`. */
export function instanceFamilyOf(instanceType: string): string {
    const parts = instanceType.split('.');
    return parts.length >= 3 ? parts[1]! : parts[0]!;
}
