import type { CubeCell } from '../cube/types.js';
import { ZERO, type Decimal } from '../money/decimal.js';

/**
 * Which AWS Free Tier offer covered a line item billed at zero although its public cost is positive, read
 * from what the CUR carries (service code, usage type). ABC treats the two offers differently
 * (AWS Billing Conductor user guide, "What is pro forma billing data"):
 *
 * - "12-month Free Tier: Billing Conductor removes this Free Tier from the pro forma bill. It is exchanged
 *   with the first paid offer for the given SKU." → the usage is charged at its public on-demand cost.
 * - "Always Free Tier: Billing Conductor doesn't remove this Free Tier … You can deactivate this Free Tier
 *   by applying a tiering pricing rule" → free unless `tiering free-tier off`.
 *
 * The offers per service follow the AWS Free Tier page (aws.amazon.com/free, offer types "12 months free"
 * and "Always free", legacy free tier of accounts opened before 15 July 2025). docs/semantics.md prints this
 * table; keep both in step.
 */
export type FreeTierOffer = '12-month' | 'always-free';

export interface FreeTierOfferRule {
    /** Service code (`lineItem/ProductCode`); undefined: any service. */
    readonly service?: string;
    /** Usage types the row covers (matched against the whole usage type, region prefix included); undefined: any. */
    readonly usageType?: RegExp;
    readonly offer: FreeTierOffer;
    /** The Free Tier offer, as the AWS Free Tier page names it. */
    readonly what: string;
}

/** First match wins; a row no rule matches keeps its free tier (Always Free), see `freeTierOffer`. */
export const FREE_TIER_OFFERS: readonly FreeTierOfferRule[] = [
    { usageType: /DataTransfer|-Out-Bytes$/, offer: 'always-free', what: '100 GB of data transfer out to the internet per month (any data transfer counts as this offer)' },
    { service: 'AmazonEC2', offer: '12-month', what: '750 hours of t2.micro / t3.micro instances, 30 GB of EBS, 1 GB of snapshots per month' },
    { service: 'AmazonVPC', usageType: /PublicIPv4/, offer: '12-month', what: '750 hours of public IPv4 addresses per month' },
    { service: 'AmazonS3', offer: '12-month', what: '5 GB of S3 Standard storage, 20,000 GET and 2,000 PUT requests' },
    { service: 'AmazonRDS', offer: '12-month', what: '750 hours of db.t2/t3/t4g.micro, 20 GB of storage and backups' },
    { service: 'AmazonElastiCache', offer: '12-month', what: '750 hours of cache.t2/t3.micro nodes' },
    { service: 'AWSELB', offer: '12-month', what: '750 hours of a Classic or Application Load Balancer, 15 GB / 15 LCUs' },
    { service: 'AmazonES', offer: '12-month', what: '750 hours of t2/t3.small.search, 10 GB of EBS storage' },
    { service: 'AmazonApiGateway', offer: '12-month', what: '1 million REST API calls per month' },
    { service: 'AmazonEFS', offer: '12-month', what: '5 GB of EFS storage' },
    { service: 'AmazonECR', offer: '12-month', what: '500 MB-month of private repository storage' },
    { service: 'AWSLambda', offer: 'always-free', what: '1 million requests and 400,000 GB-seconds per month' },
    { service: 'AmazonDynamoDB', offer: 'always-free', what: '25 GB of storage, 25 read and 25 write capacity units' },
    { service: 'AmazonCloudWatch', offer: 'always-free', what: '10 metrics, 10 alarms, 1 million API requests, 5 GB of logs' },
    { service: 'AmazonSNS', offer: 'always-free', what: '1 million publishes' },
    { service: 'AWSQueueService', offer: 'always-free', what: '1 million requests' },
    { service: 'awskms', offer: 'always-free', what: '20,000 requests per month' },
    { service: 'AmazonCloudFront', offer: 'always-free', what: '1 TB of data transfer out, 10 million requests per month' },
    { service: 'AmazonStates', offer: 'always-free', what: '4,000 state transitions per month' },
    { service: 'AWSXRay', offer: 'always-free', what: '100,000 traces recorded per month' },
    { service: 'AmazonCognito', offer: 'always-free', what: '10,000 monthly active users' },
];

/**
 * The offer of a free-tier line item. Unlisted services keep their free tier (Always Free): the bill shows
 * the usage as free, and without knowing the offer we do not charge what AWS did not.
 */
export function freeTierOffer(service: string, usageType: string): FreeTierOffer {
    for (const rule of FREE_TIER_OFFERS) {
        if (rule.service !== undefined && rule.service !== service) continue;
        if (rule.usageType !== undefined && !rule.usageType.test(usageType)) continue;
        return rule.offer;
    }
    return 'always-free';
}

/**
 * The free-tier public cost "free tier on" removes from a cell's base: the Always Free offers' only; the
 * 12-month Free Tier is charged at its public cost whatever the tiering rule says.
 */
export function alwaysFreePublicCost(cell: Pick<CubeCell, 'service' | 'usageType' | 'freeTierPublicCost'>): Decimal {
    if (cell.freeTierPublicCost.isZero()) return cell.freeTierPublicCost;
    return freeTierOffer(cell.service, cell.usageType) === 'always-free' ? cell.freeTierPublicCost : ZERO;
}
