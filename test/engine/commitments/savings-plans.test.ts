import { describe, expect, it } from 'vitest';
import { savingsPercent, savingsPlanApplies, savingsPlanRate } from '../../../engine/commitments/matching.js';
import type { EligibleUsage } from '../../../engine/commitments/terms.js';
import { OTHER, plan, usage } from './builders.js';

const compute = plan({ offering: 'ComputeSavingsPlans' });
const r5Plan = plan({ arn: 'arn:aws:savingsplans::111111111111:savingsplan/ec2-r5', offering: 'EC2InstanceSavingsPlans', region: 'us-east-1', instanceFamily: 'r5' });
const sageMaker = plan({ arn: 'arn:aws:savingsplans::111111111111:savingsplan/sm', offering: 'SageMakerSavingsPlans' });

const ec2 = (instanceType: string, fields: Parameters<typeof usage>[0] = {}): EligibleUsage => usage({ instanceType, ...fields });
const fargate = (usageType: string, service = 'AmazonECS'): EligibleUsage =>
    usage({ service, usageType, operation: 'FargateTask', instanceType: '', availabilityZone: '', tenancy: '' });
const lambda = (usageType: string): EligibleUsage =>
    usage({ service: 'AWSLambda', usageType, operation: 'Invoke', instanceType: '', availabilityZone: '', tenancy: '' });

describe('Compute Savings Plans', () => {
    // AWS: Compute Savings Plans "automatically apply to EC2 instance usage regardless of instance family, size, AZ,
    // Region, OS or tenancy, and also apply to Fargate or Lambda usage".
    it('cover EC2 instance usage of any family, size, region, OS and tenancy', () => {
        expect(savingsPlanApplies(compute, ec2('c5.9xlarge'))).toBe(true);
        expect(savingsPlanApplies(compute, ec2('c5.24xlarge', { operation: 'RunInstances:0002', tenancy: 'Dedicated', usageType: 'DedicatedUsage:c5.24xlarge' }))).toBe(true);
        expect(savingsPlanApplies(compute, ec2('m7g.large', { region: 'eu-west-1', usageType: 'EU-BoxUsage:m7g.large' }))).toBe(true);
        expect(savingsPlanApplies(compute, ec2('m5', { usageType: 'USE2-HostUsage:m5' }))).toBe(true);
    });

    it('cover Fargate vCPU and memory of ECS and EKS, and Lambda duration and provisioned concurrency', () => {
        expect(savingsPlanApplies(compute, fargate('USW1-Fargate-vCPU-Hours:perCPU'))).toBe(true);
        expect(savingsPlanApplies(compute, fargate('Fargate-GB-Hours', 'AmazonEKS'))).toBe(true);
        expect(savingsPlanApplies(compute, fargate('Fargate-ARM-vCPU-Hours:perCPU'))).toBe(true);
        expect(savingsPlanApplies(compute, lambda('Lambda-GB-Second'))).toBe(true);
        expect(savingsPlanApplies(compute, lambda('USE2-Lambda-GB-Second-ARM'))).toBe(true);
        expect(savingsPlanApplies(compute, lambda('Lambda-Provisioned-Concurrency'))).toBe(true);
    });

    it('do not cover Lambda requests, Lambda@Edge, Spot (EC2 or Fargate), Capacity Blocks, EBS, RDS or SageMaker', () => {
        expect(savingsPlanApplies(compute, lambda('Request'))).toBe(false);
        expect(savingsPlanApplies(compute, lambda('Lambda-Edge-GB-Second'))).toBe(false);
        expect(savingsPlanApplies(compute, ec2('m5.large', { usageType: 'SpotUsage:m5.large' }))).toBe(false);
        expect(savingsPlanApplies(compute, fargate('USE1-SpotUsage-Fargate-vCPU-Hours:perCPU'))).toBe(false);
        expect(savingsPlanApplies(compute, ec2('p5.48xlarge', { usageType: 'USE1-CapacityBlock:p5.48xlarge' }))).toBe(false);
        expect(savingsPlanApplies(compute, ec2('', { usageType: 'EBS:VolumeUsage.gp3', operation: 'CreateVolume-Gp3' }))).toBe(false);
        expect(savingsPlanApplies(compute, usage({ service: 'AmazonRDS', instanceType: 'db.m5.large', usageType: 'InstanceUsage:db.m5.large' }))).toBe(false);
        expect(savingsPlanApplies(compute, usage({ service: 'AmazonSageMaker', instanceType: 'ml.m5.large', usageType: 'Host:ml.m5.large' }))).toBe(false);
    });

    it('cover whatever the data shows covered by this very plan (a SavingsPlanRate for its ARN)', () => {
        const storage = (rates: Record<string, string>): EligibleUsage => usage({
            service: 'AmazonECS', usageType: 'Fargate-EphemeralStorage-GB-Hours', instanceType: '', savingsPlanRates: rates,
        });
        expect(savingsPlanApplies(compute, storage({}))).toBe(false);
        expect(savingsPlanApplies(compute, storage({ [compute.arn]: '0.0001' }))).toBe(true);
    });
});

describe('EC2 Instance Savings Plans', () => {
    // AWS: EC2 Instance Savings Plans are a "commitment to usage of individual instance families in a Region (e.g. M5 usage
    // in N. Virginia)" and reduce "your cost on the selected instance family in that region regardless of AZ, size, OS or tenancy".
    it('cover the plan\'s family in its region, any size, OS and tenancy', () => {
        expect(savingsPlanApplies(r5Plan, ec2('r5.4xlarge'))).toBe(true);
        expect(savingsPlanApplies(r5Plan, ec2('r5.large', { operation: 'RunInstances:0002', availabilityZone: 'us-east-1f' }))).toBe(true);
        expect(savingsPlanApplies(r5Plan, ec2('r5.24xlarge', { tenancy: 'Dedicated', usageType: 'DedicatedUsage:r5.24xlarge' }))).toBe(true);
    });

    it('do not cover another family, another region, Fargate, Lambda or Spot', () => {
        expect(savingsPlanApplies(r5Plan, ec2('m5.4xlarge'))).toBe(false);
        expect(savingsPlanApplies(r5Plan, ec2('r5d.4xlarge'))).toBe(false);
        expect(savingsPlanApplies(r5Plan, ec2('r5.4xlarge', { region: 'us-west-2', usageType: 'USW2-BoxUsage:r5.4xlarge' }))).toBe(false);
        expect(savingsPlanApplies(r5Plan, fargate('Fargate-vCPU-Hours:perCPU'))).toBe(false);
        expect(savingsPlanApplies(r5Plan, lambda('Lambda-GB-Second'))).toBe(false);
        expect(savingsPlanApplies(r5Plan, ec2('r5.4xlarge', { usageType: 'SpotUsage:r5.4xlarge' }))).toBe(false);
    });
});

describe('SageMaker Savings Plans', () => {
    it('cover SageMaker ML instance usage only, not Spot training, not EC2', () => {
        const sm = (usageType: string, instanceType: string): EligibleUsage =>
            usage({ service: 'AmazonSageMaker', usageType, instanceType, operation: 'RunInstance', availabilityZone: '', tenancy: '' });
        expect(savingsPlanApplies(sageMaker, sm('USE1-Train:ml.m5.xlarge', 'ml.m5.xlarge'))).toBe(true);
        expect(savingsPlanApplies(sageMaker, sm('Notebk:ml.t3.medium', 'ml.t3.medium'))).toBe(true);
        expect(savingsPlanApplies(sageMaker, sm('USE1-Train-Spot:ml.m5.xlarge', 'ml.m5.xlarge'))).toBe(false);
        expect(savingsPlanApplies(sageMaker, ec2('m5.xlarge'))).toBe(false);
    });
});

describe('Savings Plan rate and savings percentage', () => {
    // AWS Savings Plans User Guide, "Savings Plans example" (illustrative rates): c5.9xlarge Linux On-Demand $4.00, Compute
    // Savings Plans rate $2.00 (50%), EC2 Instance Savings Plans rate $1.00 (75%); c5.24xlarge Windows $10.00 / $8.00 (20%);
    // Fargate vCPU $1.50 / $1.00 (33.3%); Fargate GB per hour $2.00 / $1.00 (50%).
    const c5Plan = plan({ arn: 'arn:aws:savingsplans::111111111111:savingsplan/ec2-c5', offering: 'EC2InstanceSavingsPlans', region: 'us-east-1', instanceFamily: 'c5' });
    const rates = (computeRate: string, ec2Rate?: string): Record<string, string> =>
        ec2Rate ? { [compute.arn]: computeRate, [c5Plan.arn]: ec2Rate } : { [compute.arn]: computeRate };

    it('the rate is the data\'s; none when the data has no rate for that plan', () => {
        const linux = ec2('c5.9xlarge', { publicOnDemandCost: '4.00', savingsPlanRates: rates('2.00', '1.00') });
        expect(savingsPlanRate(compute, linux)?.toFixed()).toBe('2');
        expect(savingsPlanRate(c5Plan, linux)?.toFixed()).toBe('1');
        expect(savingsPlanRate(r5Plan, linux)).toBeUndefined();
        expect(savingsPercent(r5Plan, linux)).toBeUndefined();
    });

    it('(on-demand rate − plan rate) / on-demand rate, with on-demand rate = public on-demand cost / usage amount', () => {
        // (4 − 2) / 4 = 0.5; (4 − 1) / 4 = 0.75; (10 − 8) / 10 = 0.2; (2 − 1) / 2 = 0.5; (1.5 − 1) / 1.5 = 1/3.
        expect(savingsPercent(compute, ec2('c5.9xlarge', { publicOnDemandCost: '4.00', savingsPlanRates: rates('2.00') }))?.toFixed()).toBe('0.5');
        expect(savingsPercent(c5Plan, ec2('c5.9xlarge', { publicOnDemandCost: '4.00', savingsPlanRates: rates('2.00', '1.00') }))?.toFixed()).toBe('0.75');
        expect(savingsPercent(compute, ec2('c5.24xlarge', { publicOnDemandCost: '10.00', savingsPlanRates: rates('8.00') }))?.toFixed()).toBe('0.2');
        const fargateUsage = (usageType: string, cost: string): EligibleUsage =>
            usage({ service: 'AmazonECS', usageType, instanceType: '', publicOnDemandCost: cost, savingsPlanRates: rates('1.00') });
        expect(savingsPercent(compute, fargateUsage('Fargate-GB-Hours', '2.00'))?.toFixed()).toBe('0.5');
        // 0.5 / 1.5 = 1/3, kept at the engine's 60 significant digits.
        expect(savingsPercent(compute, fargateUsage('Fargate-vCPU-Hours:perCPU', '1.50'))?.toFixed()).toBe('0.' + '3'.repeat(60));
        // Three hours at $4.00: on-demand rate 12 / 3 = 4, still 50%.
        expect(savingsPercent(compute, ec2('c5.9xlarge', { usageAmount: '3', publicOnDemandCost: '12.00', savingsPlanRates: rates('2.00') }))?.toFixed()).toBe('0.5');
    });

    it('is undefined for a usage without quantity or without on-demand cost', () => {
        expect(savingsPercent(compute, ec2('c5.9xlarge', { usageAmount: '0', publicOnDemandCost: '0', savingsPlanRates: rates('2.00') }))).toBeUndefined();
        expect(savingsPercent(compute, ec2('c5.9xlarge', { accountId: OTHER, publicOnDemandCost: '0', savingsPlanRates: rates('2.00') }))).toBeUndefined();
    });
});
