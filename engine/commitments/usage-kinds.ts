/**
 * What kind of usage a CUR line is, read from `lineItem/UsageType` (region prefix and all), as far
 * as commitment eligibility needs it. Usage types follow AWS's price list: `BoxUsage:m5.large`,
 * `USE2-DedicatedUsage:c5.xlarge`, `SpotUsage:g5.xlarge`, `InstanceUsage:db.r5.large`,
 * `Multi-AZUsage:db.r5.large`, `Multi-AZClusterUsage:db.m5d.large`, `NodeUsage:cache.r6g.large`,
 * `Fargate-vCPU-Hours:perCPU`, `Lambda-GB-Second`, `Train:ml.m5.xlarge`.
 */

/** The part after the region prefix (`USE2-BoxUsage:m5.large` → `BoxUsage:m5.large`). */
function unprefixed(usageType: string): string {
    const dash = usageType.indexOf('-');
    const colon = usageType.indexOf(':');
    // A region prefix is upper-case letters and digits before the first dash, ahead of any colon.
    if (dash > 0 && (colon < 0 || dash < colon) && /^[A-Z]{2,4}\d?$/.test(usageType.slice(0, dash))) return usageType.slice(dash + 1);
    return usageType;
}

/** Spot capacity (EC2 Spot, Fargate Spot, SageMaker managed Spot training): no commitment applies. */
export function isSpotUsage(usageType: string): boolean {
    return /spot/i.test(usageType);
}

/** EC2 Capacity Blocks for ML are paid up front at purchase; no commitment applies to them. */
export function isCapacityBlockUsage(usageType: string): boolean {
    return /capacityblock/i.test(usageType);
}

/**
 * On-Demand EC2 instance hours a Reserved Instance can cover: shared (`BoxUsage`) or dedicated
 * instance (`DedicatedUsage`) hours, and unused On-Demand Capacity Reservations (`UnusedBox`,
 * `UnusedDed`). Not Dedicated Host hours (`HostUsage`: Dedicated Host Reservations are a different
 * product), not Spot, not Capacity Blocks.
 */
export function isEc2InstanceHours(usageType: string): boolean {
    if (isSpotUsage(usageType) || isCapacityBlockUsage(usageType)) return false;
    return /^(BoxUsage|DedicatedUsage|UnusedBox|UnusedDed)(:|$)/.test(unprefixed(usageType));
}

/** EC2 compute a Savings Plan can cover: instance hours as above plus Dedicated Host hours. */
export function isEc2SavingsPlanUsage(usageType: string): boolean {
    if (isSpotUsage(usageType) || isCapacityBlockUsage(usageType)) return false;
    return isEc2InstanceHours(usageType) || /^HostUsage(:|$)/.test(unprefixed(usageType));
}

/** Fargate vCPU and memory hours (ECS or EKS), not Fargate Spot. */
export function isFargateCompute(usageType: string): boolean {
    if (isSpotUsage(usageType)) return false;
    return /^Fargate-(ARM-|Windows-)?(vCPU-Hours|GB-Hours)/.test(unprefixed(usageType));
}

/**
 * Lambda duration and provisioned concurrency (`Lambda-GB-Second`, `Lambda-GB-Second-ARM`,
 * `Lambda-Provisioned-Concurrency`, `Lambda-Provisioned-GB-Second`); not requests, not Lambda@Edge.
 */
export function isLambdaCompute(usageType: string): boolean {
    const type = unprefixed(usageType);
    return /^Lambda-(GB-Second|Provisioned-)/.test(type) && !/Edge/.test(type);
}

/** SageMaker ML instance usage (`Notebk:ml.t3.medium`, `Train:ml.m5.xlarge`, `Host:ml.c5.large`, …), not Spot. */
export function isSageMakerInstanceUsage(usageType: string, instanceType: string): boolean {
    if (isSpotUsage(usageType)) return false;
    return instanceType.startsWith('ml.') || /:ml\./.test(usageType);
}

export type RdsDeployment = 'Single-AZ' | 'Multi-AZ' | 'Multi-AZ cluster';

/**
 * The RDS deployment of a usage type (`Multi-AZUsage:…`, `Multi-AZClusterUsage:…`) or of a
 * `product/deploymentOption` value (`Single-AZ`, `Multi-AZ`, `Multi-AZ (readable standbys)`).
 */
export function rdsDeploymentOf(text: string): RdsDeployment {
    if (/Multi-AZCluster|readable standby/i.test(text)) return 'Multi-AZ cluster';
    return /Multi-AZ/i.test(text) ? 'Multi-AZ' : 'Single-AZ';
}

/** Node or instance hours of ElastiCache (`NodeUsage:cache.…`), OpenSearch (`ESInstance:…`) or Redshift (`Node:…`). */
export function isReservedNodeHours(service: string, usageType: string): boolean {
    const type = unprefixed(usageType);
    switch (service) {
        case 'AmazonElastiCache': return /^NodeUsage:cache\./.test(type);
        case 'AmazonES': return /^ESInstance:/.test(type);
        case 'AmazonRedshift': return /^Node:/.test(type);
        default: return false;
    }
}

/** RDS DB instance hours a reservation can cover (not storage, I/O, backup or Extended Support). */
export function isRdsInstanceHours(usageType: string): boolean {
    return /^(InstanceUsage|Multi-AZUsage|Multi-AZClusterUsage)(IOOptimized)?:db\./.test(unprefixed(usageType));
}
