import { describe, expect, it } from 'vitest';
import {
    isEc2InstanceHours, isEc2SavingsPlanUsage, isFargateCompute, isLambdaCompute, isRdsInstanceHours, isReservedNodeHours,
    rdsDeploymentOf,
} from '../../../engine/commitments/usage-kinds.js';

describe('usage types, with and without a region prefix', () => {
    it('EC2 instance hours a Reserved Instance can cover: shared, dedicated and unused capacity reservations', () => {
        for (const t of ['BoxUsage:m5.large', 'USE2-BoxUsage:m5.large', 'EU-BoxUsage:m5.large', 'APN1-DedicatedUsage:c5.xlarge', 'UnusedBox:m5.large', 'USW2-UnusedDed:r5.large']) {
            expect([t, isEc2InstanceHours(t)]).toEqual([t, true]);
        }
        for (const t of ['SpotUsage:m5.large', 'USE1-SpotUsage:g5.xlarge', 'HostUsage:m5', 'EBS:VolumeUsage.gp3', 'DataTransfer-Out-Bytes', 'USE1-CapacityBlock:p5.48xlarge']) {
            expect([t, isEc2InstanceHours(t)]).toEqual([t, false]);
        }
        // Savings Plans also cover Dedicated Host hours ("regardless of … tenancy").
        expect(isEc2SavingsPlanUsage('USE1-HostUsage:m5')).toBe(true);
        expect(isEc2SavingsPlanUsage('SpotUsage:m5.large')).toBe(false);
    });

    it('RDS DB instance hours and their deployment', () => {
        expect(isRdsInstanceHours('USW2-Multi-AZUsage:db.r6g.xlarge')).toBe(true);
        expect(isRdsInstanceHours('InstanceUsage:db.m5.xl')).toBe(true);
        expect(isRdsInstanceHours('RDS:GP2-Storage')).toBe(false);
        expect(rdsDeploymentOf('InstanceUsage:db.r5.large')).toBe('Single-AZ');
        expect(rdsDeploymentOf('USE1-Multi-AZUsage:db.r5.large')).toBe('Multi-AZ');
        expect(rdsDeploymentOf('USE2-Multi-AZClusterUsage:db.m5d.large')).toBe('Multi-AZ cluster');
        expect(rdsDeploymentOf('Multi-AZ (readable standbys)')).toBe('Multi-AZ cluster');
        expect(rdsDeploymentOf('Multi-AZ')).toBe('Multi-AZ');
        expect(rdsDeploymentOf('')).toBe('Single-AZ');
    });

    it('ElastiCache, OpenSearch and Redshift node hours', () => {
        expect(isReservedNodeHours('AmazonElastiCache', 'USE1-NodeUsage:cache.r6g.large')).toBe(true);
        expect(isReservedNodeHours('AmazonElastiCache', 'ElastiCache:ServerlessStorage')).toBe(false);
        expect(isReservedNodeHours('AmazonES', 'ESInstance:r6g.large')).toBe(true);
        expect(isReservedNodeHours('AmazonES', 'ES:GP3-Storage')).toBe(false);
        expect(isReservedNodeHours('AmazonRedshift', 'USW2-Node:ra3.4xlarge')).toBe(true);
        expect(isReservedNodeHours('AmazonRedshift', 'RMS:ra3')).toBe(false);
    });

    it('Fargate compute (not Spot, not ephemeral storage) and Lambda compute (not requests)', () => {
        expect(isFargateCompute('USE1-Fargate-vCPU-Hours:perCPU')).toBe(true);
        expect(isFargateCompute('Fargate-Windows-vCPU-Hours:perCPU')).toBe(true);
        expect(isFargateCompute('SpotUsage-Fargate-GB-Hours')).toBe(false);
        expect(isFargateCompute('Fargate-EphemeralStorage-GB-Hours')).toBe(false);
        expect(isLambdaCompute('Lambda-Provisioned-GB-Second')).toBe(true);
        expect(isLambdaCompute('Request-ARM')).toBe(false);
    });
});
