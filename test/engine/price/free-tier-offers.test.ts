import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FREE_TIER_OFFERS, freeTierOffer } from '../../../engine/price/free-tier-offers.js';

/**
 * The free-tier offer table (engine/price/free-tier-offers.ts, printed in docs/semantics.md "Free tier") on the
 * free-tier rows real exports carry. Expected offers are written by hand from the AWS Free Tier page's offer types.
 */

/** Every distinct free-tier row (Usage, billed 0, public cost > 0) of the real CUR 2.0 export in ../shared, by hand. */
const REAL_EXPORT_FREE_TIER: readonly [service: string, usageType: string, description: string][] = [
    ['AWSELB', 'DataTransfer-Out-Bytes', '$0.000 per GB - data transfer out under the monthly global free tier'],
    ['AWSELB', 'DataTransfer-Regional-Bytes', '$0.000 per GB - regional data transfer under the monthly global free tier'],
    ['AWSGlue', 'CAN1-Catalog-Request', '$0 for AWS Glue Data Catalog requests under the free tier'],
    ['AWSGlue', 'USE1-Catalog-Request', '$0 for AWS Glue Data Catalog requests under the free tier'],
    ['AWSGlue', 'USE2-Catalog-Request', '$0 for AWS Glue Data Catalog requests under the free tier'],
    ['AWSQueueService', 'CAN1-Requests-Tier1', 'First 1,000,000 Amazon SQS Requests per month are free'],
    ['AWSQueueService', 'Requests-RBP', 'First 1,000,000 Amazon SQS Requests per month are free'],
    ['AWSQueueService', 'USE2-Requests-Tier1', 'First 1,000,000 Amazon SQS Requests per month are free'],
    ['AmazonCloudWatch', 'CW:AlarmMonitorUsage', '$0.00 per alarm metric month - first 10 alarm metrics'],
    ['AmazonCloudWatch', 'CW:Requests', '$0.00 per request - first 1,000,000 requests'],
    ['AmazonCloudWatch', 'DashboardsUsageHour-Basic', 'First 3 Dashboards per month are free.'],
    ['AmazonEC2', 'DataTransfer-Out-Bytes', '$0.000 per GB - data transfer out under the monthly global free tier'],
    ['AmazonEC2', 'DataTransfer-Regional-Bytes', '$0.000 per GB - regional data transfer under the monthly global free tier'],
    ['AmazonRDS', 'DataTransfer-Out-Bytes', '$0.000 per GB - data transfer out under the monthly global free tier'],
    ['AmazonS3', 'DataTransfer-Out-Bytes', '$0.000 per GB - data transfer out under the monthly global free tier'],
    ['AmazonSNS', 'CAN1-Requests-Tier1', 'First 1,000,000 Amazon SNS API Requests per month are free'],
    ['AmazonSNS', 'DataTransfer-Out-Bytes', '$0.000 per GB - data transfer out under the monthly global free tier'],
    ['AmazonSNS', 'Requests-Tier1', 'First 1,000,000 Amazon SNS API Requests per month are free'],
    ['AmazonSNS', 'USE2-Requests-Tier1', 'First 1,000,000 Amazon SNS API Requests per month are free'],
    ...['ap-northeast-3', 'ap-south-1', 'ca-central-1', 'eu-central-1', 'eu-north-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2']
        .map((region): [string, string, string] => ['awskms', `${region}-KMS-Requests`, '$0.00 per request - Monthly Global Free Tier for KMS requests']),
];

describe('free-tier offers', () => {
    it('12-month offers: EC2 micro hours and EBS, RDS micro, S3 storage, load balancer hours, public IPv4 (AWS Free Tier, "12 months free")', () => {
        for (const [service, usageType] of [
            ['AmazonEC2', 'USE1-BoxUsage:t3.micro'], ['AmazonEC2', 'BoxUsage:t2.micro'], ['AmazonEC2', 'USE1-EBS:VolumeUsage.gp3'],
            ['AmazonRDS', 'USE1-InstanceUsage:db.t3.micro'], ['AmazonS3', 'TimedStorage-ByteHrs'], ['AWSELB', 'USE1-LoadBalancerUsage'],
            ['AmazonVPC', 'USE1-PublicIPv4:InUseAddress'],
        ] as const) expect(freeTierOffer(service, usageType), `${service} ${usageType}`).toBe('12-month');
    });

    it('data transfer is the Always Free 100 GB/month out, whichever service bills it (the EC2, S3 and RDS rows of the real export)', () => {
        for (const service of ['AmazonEC2', 'AmazonS3', 'AmazonRDS', 'AWSELB', 'AmazonSNS', 'AmazonCloudFront', 'AmazonVPC']) {
            expect(freeTierOffer(service, 'DataTransfer-Out-Bytes'), service).toBe('always-free');
            expect(freeTierOffer(service, 'USE1-DataTransfer-Regional-Bytes'), service).toBe('always-free');
            expect(freeTierOffer(service, 'USE1-USW2-AWS-Out-Bytes'), service).toBe('always-free');
        }
    });

    it('a service the table does not name keeps its free tier (Always Free): AWS Glue\'s Data Catalog requests are', () => {
        expect(FREE_TIER_OFFERS.some((rule) => rule.service === 'AWSGlue')).toBe(false);
        expect(freeTierOffer('AWSGlue', 'USE1-Catalog-Request')).toBe('always-free');
        expect(freeTierOffer('AWSCloudTrail', 'USE1-FreeEventsRecorded')).toBe('always-free');
    });

    it('every free-tier row of the real CUR 2.0 export is Always Free (its account is on the credit-based free plan: no 12-month offer)', () => {
        for (const [service, usageType] of REAL_EXPORT_FREE_TIER) expect(freeTierOffer(service, usageType), `${service} ${usageType}`).toBe('always-free');
    });

    it('the description cannot tell the offers apart: 12-month EC2 hours and Always Free data transfer both say "monthly free tier"', () => {
        // AWS's 12-month EC2 line (as the CUR writes it) and the Always Free data transfer line of the real export.
        const twelveMonth = '$0.00 per Linux t2.micro instance-hour (or partial hour) under monthly free tier';
        const alwaysFree = REAL_EXPORT_FREE_TIER.find(([service, usageType]) => service === 'AmazonEC2' && usageType === 'DataTransfer-Out-Bytes')![2];
        expect(twelveMonth).toMatch(/monthly free tier/i);
        expect(alwaysFree).toMatch(/monthly global free tier/i);
        expect(freeTierOffer('AmazonEC2', 'BoxUsage:t2.micro')).toBe('12-month');
        expect(freeTierOffer('AmazonEC2', 'DataTransfer-Out-Bytes')).toBe('always-free');
    });

    const real = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'data', 'ola-raji-cur2-csv', 'ha-project-CUR-daily-1-00001.csv');
    it('the hand list above is every free-tier row of that export (../shared/data, when present)', () => {
        if (!existsSync(real)) {
            if (process.env.CI) throw new Error(`${real} is missing (CI must provide ../shared/data)`);
            return;
        }
        const rows = parse(readFileSync(real), { columns: true }) as Record<string, string>[];
        const free = new Set(rows
            .filter((row) => row.line_item_line_item_type === 'Usage' && Number(row.line_item_unblended_cost || '0') === 0 && Number(row.pricing_public_on_demand_cost || '0') > 0)
            .map((row) => [row.line_item_product_code, row.line_item_usage_type, row.line_item_line_item_description].join('\u0000')));
        expect([...free].sort()).toEqual(REAL_EXPORT_FREE_TIER.map((entry) => entry.join('\u0000')).sort());
    });
});
