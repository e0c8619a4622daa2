import type { Decimal } from '../money/decimal.js';

/**
 * What the re-application of Reserved Instances and Savings Plans inside a billing group works on:
 * the commitments of a billing period and each hour's commitment-eligible usage, read from an hourly
 * CUR. Plain data; matching.ts decides which commitment may cover which usage, reapply.ts applies
 * them hour by hour (docs/semantics.md, "Reserved Instances and Savings Plans").
 */

/** A Reserved Instance (EC2, RDS, ElastiCache, OpenSearch, Redshift), read from its RIFee line. */
export interface Reservation {
    readonly kind: 'reservation';
    readonly arn: string;
    /** The purchasing account (the account field of the ARN). */
    readonly ownerAccountId: string;
    /** `lineItem/ProductCode`: AmazonEC2, AmazonRDS, AmazonElastiCache, AmazonES, AmazonRedshift. */
    readonly service: string;
    /** Region code (`product/regionCode`, else derived from `product/region` / location). */
    readonly region: string;
    /** '' for a regional reservation; the Availability Zone of a zonal one. */
    readonly availabilityZone: string;
    /** `product/instanceType`, e.g. m5.xlarge, db.r5.large, cache.r6g.large. */
    readonly instanceType: string;
    /**
     * `lineItem/Operation` of the usage it reserves: the platform or engine
     * (RunInstances = Linux/UNIX, RunInstances:0002 = Windows, CreateDBInstance:0002 = MySQL, …).
     */
    readonly operation: string;
    /** `product/tenancy` (Shared, Dedicated, Host); '' when the data does not say. */
    readonly tenancy: string;
    /** Instances reserved (`reservation/NumberOfReservations`, else the RIFee's usage amount / hours). */
    readonly count: Decimal;
    /** Normalized units reserved per hour (count × normalization factor of `instanceType`). */
    readonly normalizedUnitsPerHour: Decimal;
    /**
     * RDS only: `product/deploymentOption` of the RIFee line (`Single-AZ`, `Multi-AZ`,
     * `Multi-AZ (readable standbys)`); absent means Single-AZ. A Multi-AZ reservation covers twice
     * the normalized units (matching.ts `reservationCapacity`).
     */
    readonly deploymentOption?: string;
}

export type SavingsPlanOffering = 'ComputeSavingsPlans' | 'EC2InstanceSavingsPlans' | 'SageMakerSavingsPlans';

/** A Savings Plan, read from its SavingsPlanRecurringFee line. */
export interface SavingsPlan {
    readonly kind: 'savingsPlan';
    readonly arn: string;
    readonly ownerAccountId: string;
    /** `savingsPlan/OfferingType` (also derivable from the ARN's plan type). */
    readonly offering: SavingsPlanOffering;
    /** EC2 Instance Savings Plans only: the region and instance family they are bound to ('' otherwise). */
    readonly region: string;
    readonly instanceFamily: string;
    /** The commitment, in the bill's currency per hour (`savingsPlan/RecurringCommitmentForBillingPeriod` / hours, or the fee line). */
    readonly hourlyCommitment: Decimal;
}

export type Commitment = Reservation | SavingsPlan;

/**
 * One hour's usage of one account and one usage key that a commitment could cover, as its
 * on-demand equivalent — whatever AWS did with it (Usage, DiscountedUsage or SavingsPlanCoveredUsage
 * lines all arrive here: pro forma re-applies from scratch).
 */
export interface EligibleUsage {
    readonly accountId: string;
    readonly service: string;
    readonly usageType: string;
    readonly operation: string;
    readonly region: string;
    /** '' when the usage has no Availability Zone (e.g. regional services). */
    readonly availabilityZone: string;
    readonly instanceType: string;
    readonly tenancy: string;
    /** Σ `lineItem/UsageAmount` in that hour (instance hours for instance usage). */
    readonly usageAmount: Decimal;
    /** `lineItem/NormalizationFactor` when the data carries it, else from the instance size (matching.ts). */
    readonly normalizationFactor: Decimal;
    /** Σ public on-demand cost (`pricing/publicOnDemandCost`) of that hour's usage. */
    readonly publicOnDemandCost: Decimal;
    /**
     * Savings Plan rates per usage unit seen in the data for this usage's SKU
     * (`savingsPlan/SavingsPlanRate` of its covered lines), by Savings Plan ARN.
     */
    readonly savingsPlanRates: ReadonlyMap<string, Decimal>;
}
