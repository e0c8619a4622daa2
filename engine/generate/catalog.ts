/**
 * What the generator bills: services with realistic usage types, operations, units and public
 * on-demand rates (us-east-1 list prices, rounded). Region prefixes follow CUR usage types
 * (`USE1-`, `USW2-`, `EUC1-`).
 */

export interface FreeTier {
    /** Monthly quantity the AWS Free Tier covers, in the usage's unit. */
    readonly allowance: number;
    /** Only accounts in their first twelve months get it (otherwise: Always Free, once per organization). */
    readonly newAccountsOnly?: boolean;
}

export interface UsageSpec {
    /** Stable name the account profiles use to refer to this usage, e.g. `ec2.m5.large`. */
    readonly id: string;
    /** Usage type without the region prefix, e.g. `BoxUsage:m5.large`. */
    readonly usageType: string;
    readonly operation: string;
    readonly unit: string;
    /** Public on-demand rate per unit (decimal text). */
    readonly rate: string;
    /** Decimals of a line's quantity (0 for whole hours and requests). */
    readonly decimals: number;
    readonly productFamily: string;
    readonly instanceType?: string;
    /** Relative weight within the service, for accounts without a profile mix. */
    readonly weight: number;
    readonly freeTier?: FreeTier;
    /** Instance hours an RI can cover. */
    readonly reservable?: boolean;
    /** Discount of a 1-year No Upfront Compute Savings Plan against the on-demand rate (0.27 = 27 %). */
    readonly spDiscount?: number;
    /**
     * No public on-demand price: real exports write `pricing/publicOnDemandCost` 0 on these billed rows (Spot
     * instances, idle Elastic IP addresses); `rate` is then the billed rate. Only the real-export cases use them.
     */
    readonly noPublicPrice?: boolean;
    readonly description: string;
}

export interface ServiceSpec {
    readonly code: string;
    readonly name: string;
    readonly weight: number;
    readonly usages: readonly UsageSpec[];
}

const linux = (instance: string, rate: string, weight: number, spDiscount: number, extra: Partial<UsageSpec> = {}): UsageSpec => ({
    id: `ec2.${instance}`, usageType: `BoxUsage:${instance}`, operation: 'RunInstances', unit: 'Hrs', rate, decimals: 0,
    productFamily: 'Compute Instance', instanceType: instance, weight, reservable: true, spDiscount,
    description: `$${rate} per On Demand Linux ${instance} Instance Hour`, ...extra,
});

const mysql = (instance: string, rate: string, weight: number, extra: Partial<UsageSpec> = {}): UsageSpec => ({
    id: `rds.${instance}`, usageType: `InstanceUsage:${instance}`, operation: 'CreateDBInstance:0002', unit: 'Hrs', rate, decimals: 0,
    productFamily: 'Database Instance', instanceType: instance, weight, reservable: true,
    description: `USD ${rate} per ${instance} instance hour (or partial hour) running MySQL`, ...extra,
});

export const CATALOG: readonly ServiceSpec[] = [
    {
        code: 'AmazonEC2', name: 'Amazon Elastic Compute Cloud', weight: 30, usages: [
            linux('m5.large', '0.096', 30, 0.27),
            linux('m5.xlarge', '0.192', 8, 0.27),
            linux('t3.micro', '0.0104', 10, 0.22, { freeTier: { allowance: 750, newAccountsOnly: true } }),
            linux('t3.medium', '0.0416', 10, 0.22),
            linux('c5.xlarge', '0.17', 10, 0.28),
            linux('r5.2xlarge', '0.504', 5, 0.27),
            {
                ...linux('m5.large', '0.188', 4, 0.14), id: 'ec2.m5.large.windows', operation: 'RunInstances:0002', reservable: false,
                description: '$0.188 per On Demand Windows m5.large Instance Hour',
            },
            { id: 'ec2.ebs.gp3', usageType: 'EBS:VolumeUsage.gp3', operation: 'CreateVolume-Gp3', unit: 'GB-Mo', rate: '0.08', decimals: 6, productFamily: 'Storage', weight: 12, description: '$0.08 per GB-month of General Purpose (gp3) provisioned storage - US East (N. Virginia)' },
            { id: 'ec2.ebs.snapshot', usageType: 'EBS:SnapshotUsage', operation: 'CreateSnapshot', unit: 'GB-Mo', rate: '0.05', decimals: 6, productFamily: 'Storage Snapshot', weight: 4, description: '$0.05 per GB-Month of snapshot data stored - US East (N. Virginia)' },
            { id: 'ec2.dt.out', usageType: 'DataTransfer-Out-Bytes', operation: 'RunInstances', unit: 'GB', rate: '0.09', decimals: 6, productFamily: 'Data Transfer', weight: 8, freeTier: { allowance: 100 }, description: '$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier' },
            { id: 'ec2.dt.regional', usageType: 'DataTransfer-Regional-Bytes', operation: 'InterZone-In', unit: 'GB', rate: '0.01', decimals: 6, productFamily: 'Data Transfer', weight: 4, description: '$0.010 per GB - regional data transfer - in/out/between EC2 AZs or using elastic IPs or ELB' },
            { id: 'ec2.nat.hours', usageType: 'NatGateway-Hours', operation: 'NatGateway', unit: 'Hrs', rate: '0.045', decimals: 0, productFamily: 'NAT Gateway', weight: 6, description: '$0.045 per NAT Gateway Hour' },
            // Real-export cases only (weight 0: no account uses them unless its profile's realExportMix names them).
            {
                id: 'ec2.spot.m5.large', usageType: 'SpotUsage:m5.large', operation: 'RunInstances:SV001', unit: 'Hrs', rate: '0.0353', decimals: 0,
                productFamily: 'Compute Instance', instanceType: 'm5.large', weight: 0, noPublicPrice: true,
                description: '$0.0353 per Linux/UNIX (Amazon VPC) Spot Instance-hour in US East (Virginia) in VPC Zone #1',
            },
            {
                id: 'ec2.eip.idle', usageType: 'ElasticIP:IdleAddress', operation: 'AssociateAddressVPC', unit: 'Hrs', rate: '0.005', decimals: 0,
                productFamily: 'IP Address', weight: 0, noPublicPrice: true,
                description: '$0.005 per Elastic IP address not attached to a running instance per hour (prorated)',
            },
            { id: 'ec2.nat.bytes', usageType: 'NatGateway-Bytes', operation: 'NatGateway', unit: 'GB', rate: '0.045', decimals: 6, productFamily: 'NAT Gateway', weight: 5, description: '$0.045 per GB Data Processed by NAT Gateways' },
        ],
    },
    {
        code: 'AmazonS3', name: 'Amazon Simple Storage Service', weight: 14, usages: [
            { id: 's3.standard', usageType: 'TimedStorage-ByteHrs', operation: 'StandardStorage', unit: 'GB-Mo', rate: '0.023', decimals: 6, productFamily: 'Storage', weight: 10, description: '$0.023 per GB - first 50 TB / month of storage used' },
            { id: 's3.ia', usageType: 'TimedStorage-SIA-ByteHrs', operation: 'StandardIAStorage', unit: 'GB-Mo', rate: '0.0125', decimals: 6, productFamily: 'Storage', weight: 3, description: '$0.0125 per GB-Month of storage used in Standard-Infrequent Access' },
            { id: 's3.put', usageType: 'Requests-Tier1', operation: 'PutObject', unit: 'Requests', rate: '0.000005', decimals: 0, productFamily: 'API Request', weight: 6, description: '$0.005 per 1,000 PUT, COPY, POST, or LIST requests' },
            { id: 's3.get', usageType: 'Requests-Tier2', operation: 'GetObject', unit: 'Requests', rate: '0.0000004', decimals: 0, productFamily: 'API Request', weight: 6, description: '$0.004 per 10,000 GET and all other requests' },
        ],
    },
    {
        code: 'AmazonRDS', name: 'Amazon Relational Database Service', weight: 12, usages: [
            mysql('db.m5.large', '0.171', 8),
            mysql('db.r5.large', '0.25', 5),
            mysql('db.t3.micro', '0.017', 4, { freeTier: { allowance: 750, newAccountsOnly: true } }),
            mysql('db.t3.medium', '0.068', 4),
            { id: 'rds.storage', usageType: 'RDS:GP2-Storage', operation: 'CreateDBInstance:0002', unit: 'GB-Mo', rate: '0.115', decimals: 6, productFamily: 'Database Storage', weight: 5, description: '$0.115 per GB-month of provisioned GP2 storage running MySQL' },
            { id: 'rds.backup', usageType: 'RDS:ChargedBackupUsage', operation: 'CreateDBInstance:0002', unit: 'GB-Mo', rate: '0.095', decimals: 6, productFamily: 'Storage Snapshot', weight: 2, description: '$0.095 per additional GB-month of backup storage exceeding free allocation running MySQL' },
        ],
    },
    {
        code: 'AWSLambda', name: 'AWS Lambda', weight: 8, usages: [
            { id: 'lambda.compute', usageType: 'Lambda-GB-Second', operation: 'Invoke', unit: 'Lambda-GB-Second', rate: '0.0000166667', decimals: 3, productFamily: 'Serverless', weight: 6, freeTier: { allowance: 400000 }, spDiscount: 0.12, description: 'AWS Lambda - Total Compute - US East (Northern Virginia)' },
            { id: 'lambda.requests', usageType: 'Request', operation: 'Invoke', unit: 'Requests', rate: '0.0000002', decimals: 0, productFamily: 'Serverless', weight: 5, freeTier: { allowance: 1000000 }, description: 'AWS Lambda - Total Requests - US East (Northern Virginia)' },
        ],
    },
    {
        code: 'AmazonCloudFront', name: 'Amazon CloudFront', weight: 6, usages: [
            { id: 'cloudfront.out', usageType: 'DataTransfer-Out-Bytes', operation: 'GET', unit: 'GB', rate: '0.085', decimals: 6, productFamily: 'Data Transfer', weight: 6, freeTier: { allowance: 1024 }, description: '$0.085 per GB - first 10 TB / month data transfer out (United States)' },
            { id: 'cloudfront.requests', usageType: 'Requests-Tier1', operation: 'GET', unit: 'Requests', rate: '0.0000075', decimals: 0, productFamily: 'Request', weight: 4, freeTier: { allowance: 10000000 }, description: '$0.0075 per 10,000 HTTP requests (United States)' },
        ],
    },
    {
        code: 'AmazonDynamoDB', name: 'Amazon DynamoDB', weight: 7, usages: [
            { id: 'dynamodb.read', usageType: 'ReadRequestUnits', operation: 'PayPerRequestThroughput', unit: 'ReadRequestUnits', rate: '0.00000025', decimals: 0, productFamily: 'Amazon DynamoDB PayPerRequest Throughput', weight: 5, description: '$0.25 per million read request units (N. Virginia)' },
            { id: 'dynamodb.write', usageType: 'WriteRequestUnits', operation: 'PayPerRequestThroughput', unit: 'WriteRequestUnits', rate: '0.00000125', decimals: 0, productFamily: 'Amazon DynamoDB PayPerRequest Throughput', weight: 4, description: '$1.25 per million write request units (N. Virginia)' },
            { id: 'dynamodb.storage', usageType: 'TimedStorage-ByteHrs', operation: 'StandardStorage', unit: 'GB-Mo', rate: '0.25', decimals: 6, productFamily: 'Database Storage', weight: 3, freeTier: { allowance: 25 }, description: '$0.25 per GB-Month of storage used beyond first 25 free GB-Months' },
        ],
    },
    {
        code: 'AmazonCloudWatch', name: 'AmazonCloudWatch', weight: 6, usages: [
            { id: 'cloudwatch.metrics', usageType: 'CW:MetricMonitorUsage', operation: 'MetricStorage', unit: 'Metrics', rate: '0.3', decimals: 6, productFamily: 'Metric', weight: 5, freeTier: { allowance: 10 }, description: '$0.30 per metric-month - first 10,000 metrics' },
            { id: 'cloudwatch.requests', usageType: 'CW:Requests', operation: 'GetMetricData', unit: 'Requests', rate: '0.00001', decimals: 0, productFamily: 'API Request', weight: 3, freeTier: { allowance: 1000000 }, description: '$0.01 per 1,000 metrics requested using GetMetricData API' },
            { id: 'cloudwatch.logs', usageType: 'DataProcessing-Bytes', operation: 'PutLogEvents', unit: 'GB', rate: '0.5', decimals: 6, productFamily: 'Data Payload', weight: 3, freeTier: { allowance: 5 }, description: '$0.50 per GB custom log data ingested' },
        ],
    },
    {
        code: 'AmazonVPC', name: 'Amazon Virtual Private Cloud', weight: 6, usages: [
            { id: 'vpc.ipv4', usageType: 'PublicIPv4:InUseAddress', operation: 'AssociateAddressVPC', unit: 'Hrs', rate: '0.005', decimals: 0, productFamily: 'VPC Public IPv4 Address', weight: 6, freeTier: { allowance: 750, newAccountsOnly: true }, description: '$0.005 per In-use public IPv4 address per hour' },
            { id: 'vpc.endpoint', usageType: 'VpcEndpoint-Hours', operation: 'VpcEndpoint', unit: 'Hrs', rate: '0.01', decimals: 0, productFamily: 'VpcEndpoint', weight: 3, description: '$0.01 per VPC Endpoint Hour' },
            { id: 'vpc.endpoint.bytes', usageType: 'VpcEndpoint-Bytes', operation: 'VpcEndpoint', unit: 'GB', rate: '0.01', decimals: 6, productFamily: 'VpcEndpoint', weight: 2, description: '$0.01 per GB Data Processed by VPC Endpoints' },
        ],
    },
    {
        code: 'AWSELB', name: 'Elastic Load Balancing', weight: 5, usages: [
            { id: 'elb.hours', usageType: 'LoadBalancerUsage', operation: 'LoadBalancing:Application', unit: 'Hrs', rate: '0.0225', decimals: 0, productFamily: 'Load Balancer-Application', weight: 5, freeTier: { allowance: 750, newAccountsOnly: true }, description: '$0.0225 per Application LoadBalancer-hour (or partial hour)' },
            { id: 'elb.lcu', usageType: 'LCUUsage', operation: 'LoadBalancing:Application', unit: 'LCU-Hrs', rate: '0.008', decimals: 6, productFamily: 'Load Balancer-Application', weight: 4, description: '$0.008 per used Application load balancer capacity unit-hour (or partial hour)' },
        ],
    },
    {
        code: 'AmazonSQS', name: 'Amazon Simple Queue Service', weight: 3, usages: [
            { id: 'sqs.requests', usageType: 'Requests-Tier1', operation: 'SendMessage', unit: 'Requests', rate: '0.0000004', decimals: 0, productFamily: 'API Request', weight: 5, freeTier: { allowance: 1000000 }, description: '$0.40 per million Amazon SQS standard requests in Tier1' },
        ],
    },
    {
        code: 'awskms', name: 'AWS Key Management Service', weight: 2, usages: [
            { id: 'kms.keys', usageType: 'KMS-Keys', operation: 'CreateKey', unit: 'Keys', rate: '1', decimals: 6, productFamily: 'Encryption Key', weight: 4, description: '$1 per customer managed key per month' },
            { id: 'kms.requests', usageType: 'KMS-Requests', operation: 'Decrypt', unit: 'Requests', rate: '0.000003', decimals: 0, productFamily: 'API Request', weight: 4, freeTier: { allowance: 20000 }, description: '$0.03 per 10,000 requests' },
        ],
    },
];

export interface Region {
    readonly prefix: string;
    readonly region: string;
    readonly location: string;
}

export const REGIONS: readonly Region[] = [
    { prefix: 'USE1', region: 'us-east-1', location: 'US East (N. Virginia)' },
    { prefix: 'USW2', region: 'us-west-2', location: 'US West (Oregon)' },
    { prefix: 'EUC1', region: 'eu-central-1', location: 'EU (Frankfurt)' },
];

export interface MarketplaceProduct {
    readonly code: string;
    readonly name: string;
    readonly seller: string;
    readonly usageType: string;
    readonly operation: string;
    /** Price per unit-hour (a host or an endpoint). */
    readonly rate: string;
}

/** AWS Marketplace products (bill/BillingEntity "AWS Marketplace"). */
export const MARKETPLACE: readonly MarketplaceProduct[] = [
    { code: '3n1fd4kqtvm2chjlcy5pkyu1v', name: 'Datadog Pro', seller: 'Datadog, Inc.', usageType: 'USE1-MP:SoftwareUsage', operation: 'Subscription', rate: '0.0212' },
    { code: 'c7d5u1z0lfo2pxya8b6kh3e9j', name: 'CrowdStrike Falcon', seller: 'CrowdStrike, Inc.', usageType: 'MP:Hours', operation: 'Usage', rate: '0.1333333333' },
];

/** Tag values, including an empty one and one that needs CSV quoting. */
export const COST_CENTERS = ['CC-1001', 'CC-2040', 'CC-3300', '', 'R&D, Platform'] as const;

export function findUsage(id: string): { service: ServiceSpec; usage: UsageSpec } | undefined {
    for (const service of CATALOG) {
        const usage = service.usages.find(u => u.id === id);
        if (usage) return { service, usage };
    }
    return undefined;
}
