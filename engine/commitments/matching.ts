import { Decimal } from '../money/decimal.js';
import { instanceFamilyOf, normalizationFactorOf } from './normalization-factors.js';
import { isRdsSizeFlexible } from './rds-engines.js';
import type { EligibleUsage, Reservation, SavingsPlan } from './terms.js';
import {
    isEc2InstanceHours, isEc2SavingsPlanUsage, isFargateCompute, isLambdaCompute, isRdsInstanceHours, isReservedNodeHours,
    isSageMakerInstanceUsage, isSpotUsage, rdsDeploymentOf, type RdsDeployment,
} from './usage-kinds.js';

/**
 * Which commitment may cover which usage, by the rules AWS documents for each service
 * (docs/semantics.md, "Which commitment covers which usage", quotes the sources). Pure functions
 * over terms.ts; reapply.ts decides the amounts, in the order defined in order.ts.
 */

export { instanceFamilyOf, normalizationFactorOf } from './normalization-factors.js';
export { reservationOrder, savingsPercent, savingsPlanOrder, usageOrderForReservation, usageOrderForSavingsPlan } from './order.js';

/**
 * How a reservation covers a usage: instance for instance (capacity `count` instance hours, demand
 * the usage's instance hours), or by normalized units (capacity `reservationCapacity`, demand
 * `normalizedUnitsOf`). A reservation has one fit for every usage it covers.
 */
export type ReservationFit = 'exact' | 'size-flexible';

const EC2 = 'AmazonEC2';
const RDS = 'AmazonRDS';
const ELASTICACHE = 'AmazonElastiCache';

/**
 * EC2 families whose regional Linux reservations do not flex across sizes. AWS EC2 User Guide,
 * "How Reserved Instances are applied": "Instance size flexibility is not supported for the
 * following Reserved Instances: … Reserved Instances for G4ad, G4dn, G5, G5g, and Inf1 instances".
 */
const EC2_FIXED_SIZE_FAMILIES: ReadonlySet<string> = new Set(['g4ad', 'g4dn', 'g5', 'g5g', 'inf1']);

/** Linux/UNIX: the only EC2 platform whose regional reservations are size flexible. */
const LINUX_UNIX = 'RunInstances';

export function reservationFit(reservation: Reservation, usage: EligibleUsage): ReservationFit | undefined {
    if (!sameScope(reservation, usage) || !isReservableUsage(usage)) return undefined;
    if (reservation.service === EC2) {
        if (ec2Tenancy(reservation.tenancy, '') !== ec2Tenancy(usage.tenancy, usage.usageType)) return undefined;
        if (reservation.availabilityZone !== '') {
            return usage.availabilityZone === reservation.availabilityZone && usage.instanceType === reservation.instanceType ? 'exact' : undefined;
        }
    }
    if (reservationIsSizeFlexible(reservation)) {
        return sameFamily(reservation, usage) && usage.normalizationFactor.gt(0) ? 'size-flexible' : undefined;
    }
    if (usage.instanceType !== reservation.instanceType) return undefined;
    if (reservation.service === RDS && reservationDeployment(reservation) !== rdsDeploymentOf(usage.usageType)) return undefined;
    return 'exact';
}

/**
 * Whether a reservation applies across the sizes of its family, by normalized units:
 * - EC2: regional, Linux/UNIX (`RunInstances`), default (shared) tenancy, not a fixed-size family;
 * - RDS: MySQL, MariaDB, PostgreSQL, Aurora MySQL/PostgreSQL, Oracle BYOL (rds-engines.ts);
 * - ElastiCache: every reserved node (size flexible since October 2024);
 * and only when the reserved size has a normalization factor (table or data).
 */
export function reservationIsSizeFlexible(reservation: Reservation): boolean {
    let flexible = sizeFlexible.get(reservation);
    if (flexible === undefined) {
        flexible = reservationSizeFactor(reservation) !== undefined && flexibleKind(reservation);
        sizeFlexible.set(reservation, flexible);
    }
    return flexible;
}

/** Asked for every usage of every hour: a reservation's answer is computed once (terms are immutable). */
const sizeFlexible = new WeakMap<Reservation, boolean>();

/**
 * A pair that AWS would match by size flexibility but that we cannot measure: the reservation's or
 * the usage's size has no normalization factor in the table or the data. Such usage stays
 * uncovered by that reservation; reapply.ts counts it in a warning.
 */
export function sizeFlexibilityUnmeasurable(reservation: Reservation, usage: EligibleUsage): boolean {
    if (!flexibleKind(reservation) || !sameScope(reservation, usage) || !isReservableUsage(usage) || !sameFamily(reservation, usage)) return false;
    if (reservation.service === EC2 && ec2Tenancy(usage.tenancy, usage.usageType) !== 'Shared') return false;
    if (reservationFit(reservation, usage) !== undefined) return false;
    return reservationSizeFactor(reservation) === undefined || !usage.normalizationFactor.gt(0);
}

/** A reservation's capacity in one hour, in the unit of its fit. */
export interface ReservationCapacity {
    readonly fit: ReservationFit;
    /** Instance hours (`exact`) or normalized units (`size-flexible`) per hour. */
    readonly perHour: Decimal;
}

/**
 * `count` instance hours for an exact-fit reservation; for a size-flexible one, its normalized
 * units per hour — `normalizedUnitsPerHour` (else count × the table's factor), doubled for an RDS
 * Multi-AZ reservation (AWS: "Multi-AZ normalized units" are twice the Single-AZ ones) and tripled
 * for a Multi-AZ DB cluster (three DB instances), unless normalizedUnitsPerHour already counts the
 * deployment in (it equals count × factor × multiplier).
 */
export function reservationCapacity(reservation: Reservation): ReservationCapacity {
    if (!reservationIsSizeFlexible(reservation)) return { fit: 'exact', perHour: reservation.count };
    const sizeUnits = reservation.count.mul(reservationSizeFactor(reservation)!);
    const units = reservation.normalizedUnitsPerHour.gt(0) ? reservation.normalizedUnitsPerHour : sizeUnits;
    const deployment = reservation.service === RDS ? deploymentMultiplier(reservationDeployment(reservation)) : 1;
    return { fit: 'size-flexible', perHour: withDeployment(units, sizeUnits, deployment) };
}

/**
 * What one instance-hour of an exact-fit reservation is worth in normalized units (its size's factor, × 2 for an
 * RDS Multi-AZ and × 3 for a Multi-AZ DB cluster reservation), so that utilization is reported in one unit for
 * every RI, as AWS's RI utilization does in units (Cost Explorer `PurchasedUnits`, `TotalActualUnits`);
 * undefined when the reserved size has no factor (then its utilization stays in instance-hours).
 */
export function exactFitUnitsPerInstanceHour(reservation: Reservation): Decimal | undefined {
    const size = reservationSizeFactor(reservation);
    if (size === undefined) return undefined;
    return reservation.service === RDS ? size.mul(deploymentMultiplier(reservationDeployment(reservation))) : size;
}

/**
 * Normalized units of a usage: usageAmount × normalizationFactor, × 2 for RDS Multi-AZ and × 3 for
 * an RDS Multi-AZ DB cluster. `lineItem/NormalizationFactor` is the factor of the instance size
 * (CUR: "based on the instance size"); the deployment comes from the usage type. A factor that
 * already is the size's × the deployment's is taken as it is.
 */
export function normalizedUnitsOf(usage: EligibleUsage): Decimal {
    if (usage.service !== RDS) return usage.usageAmount.mul(usage.normalizationFactor);
    const size = normalizationFactorOf(usage.instanceType) ?? usage.normalizationFactor;
    const factor = withDeployment(usage.normalizationFactor, size, deploymentMultiplier(rdsDeploymentOf(usage.usageType)));
    return usage.usageAmount.mul(factor);
}

/**
 * `units` × the deployment's multiplier — unless `units` already is `sizeUnits` × multiplier, i.e.
 * the data counted the deployment in (an export whose factor for a Multi-AZ db.r5.large is 8, not 4).
 */
function withDeployment(units: Decimal, sizeUnits: Decimal, multiplier: number): Decimal {
    if (multiplier === 1 || units.eq(sizeUnits.mul(multiplier))) return units;
    return units.mul(multiplier);
}

/** What a usage asks of a reservation of this fit, in the reservation's capacity unit. */
export function reservationDemand(fit: ReservationFit, usage: EligibleUsage): Decimal {
    return fit === 'exact' ? usage.usageAmount : normalizedUnitsOf(usage);
}

/**
 * The usage quantity (its own unit, e.g. instance hours) that `capacityUnits` of a reservation of
 * this fit cover: the inverse of `reservationDemand`, exact (no rounding).
 */
export function usageQuantityCovered(fit: ReservationFit, usage: EligibleUsage, capacityUnits: Decimal): Decimal {
    if (fit === 'exact') return capacityUnits;
    const demand = normalizedUnitsOf(usage);
    return demand.isZero() ? new Decimal(0) : capacityUnits.mul(usage.usageAmount).div(demand);
}

/**
 * Savings Plan rate per usage unit for this usage, when the data shows one: `savingsPlan/SavingsPlanRate`
 * of covered lines of the same SKU for that plan ARN (the ingest collects them in savingsPlanRates).
 */
export function savingsPlanRate(plan: SavingsPlan, usage: EligibleUsage): Decimal | undefined {
    return usage.savingsPlanRates.get(plan.arn);
}

/**
 * Whether a Savings Plan may cover a usage (AWS Savings Plans User Guide):
 * - Compute Savings Plans: EC2 instance usage "regardless of instance family, size, AZ, Region, OS
 *   or tenancy", Fargate (ECS and EKS) vCPU and memory, Lambda duration and provisioned concurrency;
 * - EC2 Instance Savings Plans: EC2 instance usage of the plan's instance family in its Region,
 *   "regardless of AZ, size, OS or tenancy";
 * - SageMaker Savings Plans: SageMaker ML instance usage.
 * Never Spot or Capacity Blocks. A usage the data shows covered by this very plan (a rate for its
 * ARN) is eligible whatever its usage type: the data is AWS's own decision.
 */
export function savingsPlanApplies(plan: SavingsPlan, usage: EligibleUsage): boolean {
    if (usage.savingsPlanRates.has(plan.arn)) return true;
    switch (plan.offering) {
        case 'ComputeSavingsPlans':
            return (usage.service === EC2 && isEc2SavingsPlanUsage(usage.usageType))
                || ((usage.service === 'AmazonECS' || usage.service === 'AmazonEKS') && isFargateCompute(usage.usageType))
                || (usage.service === 'AWSLambda' && isLambdaCompute(usage.usageType));
        case 'EC2InstanceSavingsPlans':
            return usage.service === EC2 && isEc2SavingsPlanUsage(usage.usageType) && usage.region === plan.region
                && instanceFamilyOf(usage.instanceType) === plan.instanceFamily;
        case 'SageMakerSavingsPlans':
            return usage.service === 'AmazonSageMaker' && isSageMakerInstanceUsage(usage.usageType, usage.instanceType);
    }
}

// ---- helpers ------------------------------------------------------------------------------------

/** Same service, region and operation (EC2 platform; RDS engine, edition and license; cache engine). */
function sameScope(reservation: Reservation, usage: EligibleUsage): boolean {
    return reservation.service === usage.service && reservation.region === usage.region && reservation.operation === usage.operation;
}

function sameFamily(reservation: Reservation, usage: EligibleUsage): boolean {
    return usage.instanceType !== '' && instanceFamilyOf(usage.instanceType) === instanceFamilyOf(reservation.instanceType);
}

/** Instance (node) hours of the reservation's service, never Spot. */
function isReservableUsage(usage: EligibleUsage): boolean {
    if (usage.instanceType === '' || isSpotUsage(usage.usageType)) return false;
    if (usage.service === EC2) return isEc2InstanceHours(usage.usageType);
    if (usage.service === RDS) return isRdsInstanceHours(usage.usageType);
    return isReservedNodeHours(usage.service, usage.usageType);
}

function flexibleKind(reservation: Reservation): boolean {
    switch (reservation.service) {
        case EC2:
            return reservation.availabilityZone === '' && reservation.operation === LINUX_UNIX
                && ec2Tenancy(reservation.tenancy, '') === 'Shared' && !EC2_FIXED_SIZE_FAMILIES.has(instanceFamilyOf(reservation.instanceType));
        case RDS:
            return isRdsSizeFlexible(reservation.operation);
        case ELASTICACHE:
            return true;
        default:
            return false;
    }
}

/** Normalization factor of one reserved instance: the table's, else normalizedUnitsPerHour / count. */
function reservationSizeFactor(reservation: Reservation): Decimal | undefined {
    const table = normalizationFactorOf(reservation.instanceType);
    if (table !== undefined) return table;
    if (reservation.normalizedUnitsPerHour.gt(0) && reservation.count.gt(0)) return reservation.normalizedUnitsPerHour.div(reservation.count);
    return undefined;
}

type Ec2Tenancy = 'Shared' | 'Dedicated' | 'Host';

/** `product/tenancy` (Shared/default, Dedicated, Host), else what the usage type says, else Shared. */
function ec2Tenancy(tenancy: string, usageType: string): Ec2Tenancy {
    const t = tenancy.toLowerCase();
    if (t === 'dedicated') return 'Dedicated';
    if (t === 'host') return 'Host';
    if (t !== '') return 'Shared';
    if (/(^|-)(DedicatedUsage|UnusedDed)/.test(usageType)) return 'Dedicated';
    if (/(^|-)HostUsage/.test(usageType)) return 'Host';
    return 'Shared';
}

function reservationDeployment(reservation: Reservation): RdsDeployment {
    return rdsDeploymentOf(reservation.deploymentOption ?? '');
}

function deploymentMultiplier(deployment: RdsDeployment): number {
    return deployment === 'Multi-AZ cluster' ? 3 : deployment === 'Multi-AZ' ? 2 : 1;
}
