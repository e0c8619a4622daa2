/**
 * The organisation the generator bills: what kind of workload each account runs, how much it spends
 * and on what. Accounts take these profiles in order (the first account is a production web
 * workload, the third a production data platform, …) and cycle through them when there are more
 * accounts than profiles, so the bundled sample's accounts line up with the example policies'
 * names (examples/*.billing) and any account list gets a plausible mix.
 *
 * Spend is the on-demand equivalent of a month's usage in the first billing period, before
 * commitments, free tier, credits and discounts; a typical 12-account organisation comes to about
 * USD 60,000 a month. Mixes are relative weights of catalog usages (catalog.ts ids).
 */

export interface CreditProgram {
    readonly description: string;
    /** Services whose charges earn the credit. */
    readonly services: readonly string[];
    /** Share of those charges credited, in percent. */
    readonly percent: number;
}

export interface MarketplaceSubscription {
    /** Index into MARKETPLACE. */
    readonly product: number;
    /** Hosts or endpoints billed every hour. */
    readonly units: number;
}

export interface AccountProfile {
    readonly role: string;
    /** On-demand equivalent spend of the first billing period, USD. */
    readonly monthlySpend: number;
    /** Month-on-month growth of usage (0.03 = 3 %). */
    readonly growth: number;
    readonly mix: Readonly<Record<string, number>>;
    /** Part of the compute, storage and database usage run in a second region. */
    readonly secondaryRegion?: { readonly prefix: 'USW2' | 'EUC1'; readonly share: number };
    /** Sales tax on the account's AWS charges, in percent (0: the account's tax address has none). */
    readonly taxPercent: number;
    /** Subscribes to AWS Business Support (billed to this account). */
    readonly businessSupport?: boolean;
    readonly credit?: CreditProgram;
    readonly marketplace?: readonly MarketplaceSubscription[];
    /** Opened less than a year ago: gets the 12-month free tier. */
    readonly newAccount?: boolean;
    /** Usual value of the Environment tag. */
    readonly environment: string;
    /**
     * Usage added to `mix` when the generator writes the real-export cases (`realExportCases`): Spot hours and
     * idle Elastic IP addresses, billed with a public on-demand cost of 0.
     */
    readonly realExportMix?: Readonly<Record<string, number>>;
}

const WEB_PROD: AccountProfile = {
    role: 'web production', monthlySpend: 14000, growth: 0.03, taxPercent: 6.25, businessSupport: true, environment: 'prod',
    secondaryRegion: { prefix: 'USW2', share: 0.1 },
    credit: { description: 'AWS Migration Acceleration Program credit', services: ['AmazonEC2', 'AmazonRDS'], percent: 12 },
    marketplace: [{ product: 0, units: 35 }],
    mix: {
        'ec2.m5.large': 22, 'ec2.c5.xlarge': 8, 'ec2.m5.large.windows': 3, 'ec2.ebs.gp3': 6, 'ec2.ebs.snapshot': 1.5,
        'ec2.dt.out': 7, 'ec2.dt.regional': 2, 'ec2.nat.hours': 1, 'ec2.nat.bytes': 2,
        'rds.db.r5.large': 8, 'rds.storage': 2.5, 'rds.backup': 0.5,
        's3.standard': 4, 's3.put': 0.8, 's3.get': 0.5,
        'cloudfront.out': 6, 'cloudfront.requests': 1.2,
        'elb.hours': 1.5, 'elb.lcu': 2,
        'lambda.compute': 2, 'lambda.requests': 0.4,
        'dynamodb.read': 1.2, 'dynamodb.write': 1.2, 'dynamodb.storage': 0.6,
        'cloudwatch.metrics': 1.5, 'cloudwatch.requests': 0.3, 'cloudwatch.logs': 1.5,
        'vpc.ipv4': 0.8, 'vpc.endpoint': 0.4, 'sqs.requests': 0.3, 'kms.keys': 0.2, 'kms.requests': 0.3,
    },
};

const WEB_DEV: AccountProfile = {
    role: 'web development', monthlySpend: 4000, growth: 0.02, taxPercent: 6.25, environment: 'dev',
    realExportMix: { 'ec2.spot.m5.large': 6, 'ec2.eip.idle': 0.4 },
    mix: {
        'ec2.m5.large': 20, 'ec2.t3.medium': 14, 'ec2.ebs.gp3': 9, 'ec2.ebs.snapshot': 2, 'ec2.dt.out': 3, 'ec2.nat.hours': 3, 'ec2.nat.bytes': 2,
        'rds.db.t3.medium': 10, 'rds.storage': 4,
        's3.standard': 5, 's3.put': 1, 's3.get': 0.5,
        'elb.hours': 3, 'elb.lcu': 1, 'lambda.compute': 3, 'lambda.requests': 0.5,
        'dynamodb.read': 1, 'dynamodb.write': 1, 'cloudwatch.metrics': 2, 'cloudwatch.logs': 3,
        'vpc.ipv4': 1.5, 'kms.keys': 0.3,
    },
};

const DATA_PROD: AccountProfile = {
    role: 'data production', monthlySpend: 16000, growth: 0.04, taxPercent: 6.25, businessSupport: true, environment: 'prod',
    secondaryRegion: { prefix: 'EUC1', share: 0.08 },
    marketplace: [{ product: 0, units: 30 }],
    mix: {
        'ec2.r5.2xlarge': 16, 'ec2.m5.xlarge': 8, 'ec2.m5.large': 5, 'ec2.c5.xlarge': 4, 'ec2.ebs.gp3': 6, 'ec2.ebs.snapshot': 1.5,
        'ec2.dt.out': 4, 'ec2.dt.regional': 2, 'ec2.nat.hours': 0.8, 'ec2.nat.bytes': 1.5,
        'rds.db.m5.large': 18, 'rds.storage': 5, 'rds.backup': 1,
        's3.standard': 9, 's3.ia': 2, 's3.put': 1, 's3.get': 0.6,
        'dynamodb.read': 2, 'dynamodb.write': 2.5, 'dynamodb.storage': 1,
        'lambda.compute': 2.5, 'lambda.requests': 0.4,
        'cloudwatch.metrics': 1.5, 'cloudwatch.logs': 1.5, 'cloudwatch.requests': 0.2,
        'vpc.endpoint': 0.5, 'sqs.requests': 0.4, 'kms.keys': 0.3, 'kms.requests': 0.5,
    },
};

const SHARED_SERVICES: AccountProfile = {
    role: 'shared services', monthlySpend: 5000, growth: 0.02, taxPercent: 6.25, environment: 'prod',
    mix: {
        'ec2.m5.large': 18, 'ec2.c5.xlarge': 10, 'ec2.ebs.gp3': 6, 'ec2.dt.out': 4, 'ec2.dt.regional': 2,
        'ec2.nat.hours': 7, 'ec2.nat.bytes': 6,
        's3.standard': 7, 's3.put': 1, 'lambda.compute': 4, 'lambda.requests': 0.5,
        'cloudwatch.metrics': 4, 'cloudwatch.logs': 5, 'cloudwatch.requests': 1,
        'vpc.endpoint': 5, 'vpc.endpoint.bytes': 2, 'vpc.ipv4': 2, 'elb.hours': 3, 'elb.lcu': 2,
        'kms.keys': 1, 'kms.requests': 1,
    },
};

const DATA_LAKE: AccountProfile = {
    role: 'data lake', monthlySpend: 6000, growth: 0.05, taxPercent: 0, environment: 'prod',
    mix: {
        's3.standard': 26, 's3.ia': 9, 's3.put': 4, 's3.get': 3,
        'ec2.r5.2xlarge': 8, 'ec2.m5.large': 7, 'ec2.ebs.gp3': 4, 'ec2.dt.out': 6, 'ec2.dt.regional': 3,
        'rds.db.m5.large': 6, 'rds.storage': 2,
        'lambda.compute': 5, 'lambda.requests': 0.6, 'dynamodb.read': 2, 'dynamodb.write': 2, 'dynamodb.storage': 1,
        'cloudwatch.metrics': 2, 'cloudwatch.logs': 3, 'sqs.requests': 1, 'kms.requests': 1,
    },
};

const NETWORK_HUB: AccountProfile = {
    role: 'network hub', monthlySpend: 3000, growth: 0.02, taxPercent: 6.25, environment: 'prod',
    mix: {
        'ec2.nat.hours': 16, 'ec2.nat.bytes': 18, 'ec2.dt.out': 14, 'ec2.dt.regional': 6, 'ec2.c5.xlarge': 10, 'ec2.ebs.gp3': 2,
        'vpc.endpoint': 12, 'vpc.endpoint.bytes': 4, 'vpc.ipv4': 5,
        'elb.hours': 4, 'elb.lcu': 3, 'cloudwatch.metrics': 2, 'cloudwatch.logs': 3, 's3.standard': 2,
    },
};

const SECURITY: AccountProfile = {
    role: 'security tooling', monthlySpend: 2000, growth: 0.02, taxPercent: 6.25, environment: 'prod',
    marketplace: [{ product: 1, units: 5 }],
    mix: {
        'ec2.m5.large': 25, 'ec2.ebs.gp3': 7, 'cloudwatch.logs': 14, 'cloudwatch.metrics': 4, 'cloudwatch.requests': 1,
        's3.standard': 12, 's3.put': 2, 'lambda.compute': 8, 'lambda.requests': 1,
        'kms.keys': 3, 'kms.requests': 3, 'dynamodb.read': 2, 'dynamodb.write': 2, 'vpc.endpoint': 2, 'sqs.requests': 1,
    },
};

const ANALYTICS: AccountProfile = {
    role: 'analytics', monthlySpend: 4000, growth: 0.03, taxPercent: 0, environment: 'prod',
    mix: {
        'ec2.r5.2xlarge': 16, 'ec2.c5.xlarge': 9, 'ec2.ebs.gp3': 7, 'ec2.dt.out': 4, 'ec2.dt.regional': 2,
        's3.standard': 14, 's3.ia': 4, 's3.get': 2, 's3.put': 1,
        'rds.db.r5.large': 12, 'rds.storage': 3, 'lambda.compute': 3, 'lambda.requests': 0.4,
        'cloudwatch.metrics': 2, 'cloudwatch.logs': 2,
    },
};

const MACHINE_LEARNING: AccountProfile = {
    role: 'machine learning', monthlySpend: 5000, growth: 0.06, taxPercent: 8.875, environment: 'prod',
    secondaryRegion: { prefix: 'USW2', share: 0.25 },
    mix: {
        'ec2.c5.xlarge': 22, 'ec2.r5.2xlarge': 12, 'ec2.m5.large': 4, 'ec2.ebs.gp3': 9, 'ec2.ebs.snapshot': 2, 'ec2.dt.out': 4,
        's3.standard': 20, 's3.put': 2, 's3.get': 2, 'lambda.compute': 4, 'lambda.requests': 0.5,
        'dynamodb.read': 2, 'dynamodb.write': 1, 'cloudwatch.metrics': 2, 'cloudwatch.logs': 3,
    },
};

const LOAD_TEST: AccountProfile = {
    role: 'load testing', monthlySpend: 1500, growth: 0.05, taxPercent: 6.25, environment: 'staging',
    realExportMix: { 'ec2.spot.m5.large': 30, 'ec2.eip.idle': 0.5 },
    mix: {
        'ec2.c5.xlarge': 40, 'ec2.m5.large': 8, 'ec2.ebs.gp3': 5, 'ec2.dt.out': 8, 'elb.hours': 4, 'elb.lcu': 6,
        'cloudfront.out': 12, 'cloudfront.requests': 3, 'cloudwatch.metrics': 3, 'cloudwatch.logs': 3, 's3.standard': 2,
    },
};

const ONBOARDING: AccountProfile = {
    role: 'onboarding sandbox', monthlySpend: 400, growth: 0.08, taxPercent: 6.25, newAccount: true, environment: 'dev',
    credit: { description: 'AWS Activate promotional credit', services: ['AmazonEC2', 'AmazonRDS', 'AmazonS3'], percent: 50 },
    mix: {
        'ec2.t3.micro': 12, 'ec2.t3.medium': 20, 'ec2.ebs.gp3': 10, 'rds.db.t3.micro': 14, 'rds.storage': 4,
        's3.standard': 12, 's3.put': 2, 'lambda.compute': 6, 'lambda.requests': 2, 'cloudwatch.metrics': 6, 'cloudwatch.logs': 4,
        'vpc.ipv4': 5, 'elb.hours': 4,
    },
};

const IDENTITY_DEV: AccountProfile = {
    role: 'identity development', monthlySpend: 1500, growth: 0.03, taxPercent: 8.875, environment: 'dev',
    mix: {
        'ec2.m5.large': 26, 'ec2.t3.medium': 10, 'ec2.ebs.gp3': 6, 'rds.db.t3.medium': 14, 'rds.storage': 3,
        'dynamodb.read': 7, 'dynamodb.write': 6, 'dynamodb.storage': 2, 'lambda.compute': 8, 'lambda.requests': 2,
        'cloudwatch.metrics': 4, 'cloudwatch.logs': 4, 's3.standard': 5, 'kms.keys': 2, 'kms.requests': 3,
    },
};

/** In account order: the sample's 111…, 222…, 333…, 444… take the first four, and so on. */
export const PROFILES: readonly AccountProfile[] = [
    WEB_PROD, WEB_DEV, DATA_PROD, SHARED_SERVICES, DATA_LAKE, NETWORK_HUB,
    SECURITY, ANALYTICS, MACHINE_LEARNING, LOAD_TEST, ONBOARDING, IDENTITY_DEV,
];

/** The organisation's private pricing (EDP) discount on AWS charges, in percent. */
export const EDP_PERCENT = 3;

/** Business Support: the greater of USD 100 or a falling share of the account's monthly AWS charges. */
export const BUSINESS_SUPPORT = {
    minimum: 100,
    tiers: [
        { upTo: 10000, percent: 10 },
        { upTo: 80000, percent: 7 },
        { upTo: 250000, percent: 5 },
        { upTo: Infinity, percent: 3 },
    ],
} as const;
