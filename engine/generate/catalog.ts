/**
 * What the generator bills: services with realistic usage types, operations, units and public
 * on-demand rates (us-east-1 list prices, rounded). Region prefixes follow CUR usage types
 * (`USE1-`, `USW2-`, `EUC1-`).
 */

export interface UsageSpec {
    /** Usage type without the region prefix, e.g. `BoxUsage:m5.large`. */
    readonly usageType: string;
    readonly operation: string;
    readonly unit: string;
    /** Public on-demand rate per unit (decimal text). */
    readonly rate: string;
    /** Typical daily quantity range [min, max] and decimals of the quantity. */
    readonly amount: readonly [number, number, number];
    readonly productFamily: string;
    readonly instanceType?: string;
    /** Relative weight within the service. */
    readonly weight: number;
    /** Free tier covers some of its usage. */
    readonly freeTier?: boolean;
    /** Can be covered by an RI (EC2/RDS instance hours). */
    readonly reservable?: boolean;
    readonly description: string;
}

export interface ServiceSpec {
    readonly code: string;
    readonly name: string;
    readonly weight: number;
    readonly usages: readonly UsageSpec[];
}

const hours = (instance: string, rate: string, weight: number, extra: Partial<UsageSpec> = {}): UsageSpec => ({
    usageType: `BoxUsage:${instance}`, operation: 'RunInstances', unit: 'Hrs', rate, amount: [1, 24, 0],
    productFamily: 'Compute Instance', instanceType: instance, weight, reservable: true,
    description: `$${rate} per On Demand Linux ${instance} Instance Hour`, ...extra,
});

export const CATALOG: readonly ServiceSpec[] = [
    {
        code: 'AmazonEC2', name: 'Amazon Elastic Compute Cloud', weight: 30, usages: [
            hours('m5.large', '0.096', 30),
            hours('t3.micro', '0.0104', 20, { freeTier: true }),
            hours('c5.xlarge', '0.17', 10),
            hours('r5.2xlarge', '0.504', 5),
            { ...hours('m5.large', '0.188', 4), operation: 'RunInstances:0002', description: '$0.188 per On Demand Windows m5.large Instance Hour' },
            { usageType: 'EBS:VolumeUsage.gp3', operation: 'CreateVolume-Gp3', unit: 'GB-Mo', rate: '0.08', amount: [0.5, 40, 6], productFamily: 'Storage', weight: 12, description: '$0.08 per GB-month of General Purpose (gp3) provisioned storage - US East (N. Virginia)' },
            { usageType: 'DataTransfer-Out-Bytes', operation: 'RunInstances', unit: 'GB', rate: '0.09', amount: [0.001, 50, 8], productFamily: 'Data Transfer', weight: 8, freeTier: true, description: '$0.090 per GB - first 10 TB / month data transfer out beyond the global free tier' },
            { usageType: 'NatGateway-Hours', operation: 'NatGateway', unit: 'Hrs', rate: '0.045', amount: [1, 24, 0], productFamily: 'NAT Gateway', weight: 6, description: '$0.045 per NAT Gateway Hour' },
            { usageType: 'NatGateway-Bytes', operation: 'NatGateway', unit: 'GB', rate: '0.045', amount: [0.0001, 30, 9], productFamily: 'NAT Gateway', weight: 5, description: '$0.045 per GB Data Processed by NAT Gateways' },
        ],
    },
    {
        code: 'AmazonS3', name: 'Amazon Simple Storage Service', weight: 14, usages: [
            { usageType: 'TimedStorage-ByteHrs', operation: 'StandardStorage', unit: 'GB-Mo', rate: '0.023', amount: [0.00001, 500, 10], productFamily: 'Storage', weight: 10, freeTier: true, description: '$0.023 per GB - first 50 TB / month of storage used' },
            { usageType: 'Requests-Tier1', operation: 'PutObject', unit: 'Requests', rate: '0.000005', amount: [1, 200000, 0], productFamily: 'API Request', weight: 6, freeTier: true, description: '$0.005 per 1,000 PUT, COPY, POST, or LIST requests' },
            { usageType: 'Requests-Tier2', operation: 'GetObject', unit: 'Requests', rate: '0.0000004', amount: [1, 900000, 0], productFamily: 'API Request', weight: 6, freeTier: true, description: '$0.004 per 10,000 GET and all other requests' },
        ],
    },
    {
        code: 'AmazonRDS', name: 'Amazon Relational Database Service', weight: 12, usages: [
            { usageType: 'InstanceUsage:db.m5.large', operation: 'CreateDBInstance:0002', unit: 'Hrs', rate: '0.171', amount: [1, 24, 0], productFamily: 'Database Instance', instanceType: 'db.m5.large', weight: 8, reservable: true, description: 'USD 0.171 per db.m5.large instance hour (or partial hour) running MySQL' },
            { usageType: 'InstanceUsage:db.t3.micro', operation: 'CreateDBInstance:0002', unit: 'Hrs', rate: '0.017', amount: [1, 24, 0], productFamily: 'Database Instance', instanceType: 'db.t3.micro', weight: 4, freeTier: true, description: 'USD 0.017 per db.t3.micro instance hour (or partial hour) running MySQL' },
            { usageType: 'RDS:GP2-Storage', operation: 'CreateDBInstance:0002', unit: 'GB-Mo', rate: '0.115', amount: [0.1, 30, 6], productFamily: 'Database Storage', weight: 5, description: '$0.115 per GB-month of provisioned GP2 storage running MySQL' },
        ],
    },
    {
        code: 'AWSLambda', name: 'AWS Lambda', weight: 8, usages: [
            { usageType: 'Lambda-GB-Second', operation: 'Invoke', unit: 'Lambda-GB-Second', rate: '0.0000166667', amount: [0.1, 90000, 3], productFamily: 'Serverless', weight: 6, freeTier: true, description: 'AWS Lambda - Total Compute - US East (Northern Virginia)' },
            { usageType: 'Request', operation: 'Invoke', unit: 'Requests', rate: '0.0000002', amount: [1, 500000, 0], productFamily: 'Serverless', weight: 5, freeTier: true, description: 'AWS Lambda - Total Requests - US East (Northern Virginia)' },
        ],
    },
    {
        code: 'AmazonCloudFront', name: 'Amazon CloudFront', weight: 6, usages: [
            { usageType: 'DataTransfer-Out-Bytes', operation: 'GET', unit: 'GB', rate: '0.085', amount: [0.0001, 80, 9], productFamily: 'Data Transfer', weight: 6, freeTier: true, description: '$0.085 per GB - first 10 TB / month data transfer out (United States)' },
            { usageType: 'Requests-Tier1', operation: 'GET', unit: 'Requests', rate: '0.0000075', amount: [1, 400000, 0], productFamily: 'Request', weight: 4, description: '$0.0075 per 10,000 HTTP requests (United States)' },
        ],
    },
    {
        code: 'AmazonDynamoDB', name: 'Amazon DynamoDB', weight: 7, usages: [
            { usageType: 'ReadRequestUnits', operation: 'PayPerRequestThroughput', unit: 'ReadRequestUnits', rate: '0.00000025', amount: [1, 3000000, 0], productFamily: 'Amazon DynamoDB PayPerRequest Throughput', weight: 5, freeTier: true, description: '$0.25 per million read request units (N. Virginia)' },
            { usageType: 'WriteRequestUnits', operation: 'PayPerRequestThroughput', unit: 'WriteRequestUnits', rate: '0.00000125', amount: [1, 900000, 0], productFamily: 'Amazon DynamoDB PayPerRequest Throughput', weight: 4, description: '$1.25 per million write request units (N. Virginia)' },
            { usageType: 'TimedStorage-ByteHrs', operation: 'StandardStorage', unit: 'GB-Mo', rate: '0.25', amount: [0.00001, 60, 10], productFamily: 'Database Storage', weight: 3, freeTier: true, description: '$0.25 per GB-Month of storage used beyond first 25 free GB-Months' },
        ],
    },
    {
        code: 'AmazonCloudWatch', name: 'AmazonCloudWatch', weight: 6, usages: [
            { usageType: 'CW:MetricMonitorUsage', operation: 'MetricStorage', unit: 'Metrics', rate: '0.3', amount: [0.01, 20, 6], productFamily: 'Metric', weight: 5, freeTier: true, description: '$0.30 per metric-month - first 10,000 metrics' },
            { usageType: 'CW:Requests', operation: 'GetMetricData', unit: 'Requests', rate: '0.00001', amount: [1, 100000, 0], productFamily: 'API Request', weight: 3, freeTier: true, description: '$0.01 per 1,000 metrics requested using GetMetricData API' },
            { usageType: 'DataProcessing-Bytes', operation: 'PutLogEvents', unit: 'GB', rate: '0.5', amount: [0.000001, 10, 9], productFamily: 'Data Payload', weight: 3, freeTier: true, description: '$0.50 per GB custom log data ingested' },
        ],
    },
    {
        code: 'AmazonVPC', name: 'Amazon Virtual Private Cloud', weight: 6, usages: [
            { usageType: 'PublicIPv4:InUseAddress', operation: 'AssociateAddressVPC', unit: 'Hrs', rate: '0.005', amount: [1, 24, 0], productFamily: 'VPC Public IPv4 Address', weight: 6, freeTier: true, description: '$0.005 per In-use public IPv4 address per hour' },
            { usageType: 'VpcEndpoint-Hours', operation: 'VpcEndpoint', unit: 'Hrs', rate: '0.01', amount: [1, 24, 0], productFamily: 'VpcEndpoint', weight: 3, description: '$0.01 per VPC Endpoint Hour' },
        ],
    },
    {
        code: 'AWSELB', name: 'Elastic Load Balancing', weight: 5, usages: [
            { usageType: 'LoadBalancerUsage', operation: 'LoadBalancing:Application', unit: 'Hrs', rate: '0.0225', amount: [1, 24, 0], productFamily: 'Load Balancer-Application', weight: 5, freeTier: true, description: '$0.0225 per Application LoadBalancer-hour (or partial hour)' },
            { usageType: 'LCUUsage', operation: 'LoadBalancing:Application', unit: 'LCU-Hrs', rate: '0.008', amount: [0.0001, 30, 8], productFamily: 'Load Balancer-Application', weight: 4, description: '$0.008 per used Application load balancer capacity unit-hour (or partial hour)' },
        ],
    },
    {
        code: 'AmazonSQS', name: 'Amazon Simple Queue Service', weight: 3, usages: [
            { usageType: 'Requests-Tier1', operation: 'SendMessage', unit: 'Requests', rate: '0.0000004', amount: [1, 2000000, 0], productFamily: 'API Request', weight: 5, freeTier: true, description: '$0.40 per million Amazon SQS standard requests in Tier1' },
        ],
    },
    {
        code: 'awskms', name: 'AWS Key Management Service', weight: 2, usages: [
            { usageType: 'KMS-Keys', operation: 'CreateKey', unit: 'Keys', rate: '1', amount: [0.01, 3, 6], productFamily: 'Encryption Key', weight: 4, description: '$1 per customer managed key per month' },
            { usageType: 'KMS-Requests', operation: 'Decrypt', unit: 'Requests', rate: '0.000003', amount: [1, 300000, 0], productFamily: 'API Request', weight: 4, freeTier: true, description: '$0.03 per 10,000 requests' },
        ],
    },
];

export const REGIONS = [
    { prefix: 'USE1', region: 'us-east-1', location: 'US East (N. Virginia)', weight: 6 },
    { prefix: 'USW2', region: 'us-west-2', location: 'US West (Oregon)', weight: 3 },
    { prefix: 'EUC1', region: 'eu-central-1', location: 'EU (Frankfurt)', weight: 2 },
] as const;

/** AWS Marketplace products (bill/BillingEntity "AWS Marketplace"). */
export const MARKETPLACE = [
    { code: '3n1fd4kqtvm2chjlcy5pkyu1v', name: 'Datadog Pro', seller: 'Datadog, Inc.', usageType: 'USE1-MP:SoftwareUsage', operation: 'Subscription', rate: '0.0212' },
    { code: 'c7d5u1z0lfo2pxya8b6kh3e9j', name: 'CrowdStrike Falcon', seller: 'CrowdStrike, Inc.', usageType: 'MP:Hours', operation: 'Usage', rate: '0.1333333333' },
] as const;

export const ENVIRONMENTS = ['prod', 'dev', 'staging', '', 'Team "Blue"'] as const;
export const COST_CENTERS = ['CC-1001', 'CC-2040', 'CC-3300', '', 'R&D, Platform'] as const;
