import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../engine/money/decimal.js';
import {
    normalizedUnitsOf, reservationCapacity, reservationDemand, reservationFit, reservationIsSizeFlexible,
    sizeFlexibilityUnmeasurable, usageQuantityCovered,
} from '../../../engine/commitments/matching.js';
import type { EligibleUsage, Reservation } from '../../../engine/commitments/terms.js';
import { ri, usage } from './builders.js';

const capacity = (r: Reservation): [string, string] => {
    const c = reservationCapacity(r);
    return [c.fit, c.perHour.toFixed()];
};
const demand = (r: Reservation, u: EligibleUsage): string => reservationDemand(reservationFit(r, u)!, u).toFixed();
/** Share of the usage hour covered when the reservation gives it all of its capacity. */
const share = (r: Reservation, u: EligibleUsage): string => {
    const fit = reservationFit(r, u)!;
    const units = Decimal.min(reservationCapacity(r).perHour, reservationDemand(fit, u));
    return usageQuantityCovered(fit, u, units).div(u.usageAmount).toFixed();
};

describe('EC2 zonal Reserved Instances', () => {
    // AWS: "if you purchase two c4.xlarge default tenancy Linux/Unix Standard Reserved Instances in Availability Zone
    // us-east-1a, then up to two c4.xlarge default tenancy Linux/Unix instances running in the Availability Zone us-east-1a
    // can benefit from the Reserved Instance discount. The attributes (tenancy, platform, Availability Zone, instance type,
    // and instance size) of the running instances must match that of the Reserved Instances."
    const zonal = ri({ instanceType: 'c4.xlarge', availabilityZone: 'us-east-1a', count: '2', normalizedUnitsPerHour: '16' });
    const running = usage({ instanceType: 'c4.xlarge', availabilityZone: 'us-east-1a', normalizationFactor: '8' });

    it('covers the same instance type, zone, platform and tenancy, instance for instance: two RIs = 2 instance hours', () => {
        expect(reservationFit(zonal, running)).toBe('exact');
        expect(capacity(zonal)).toEqual(['exact', '2']);
        expect(demand(zonal, running)).toBe('1');
    });

    it('does not cover another zone, another size, another platform or another tenancy', () => {
        expect(reservationFit(zonal, { ...running, availabilityZone: 'us-east-1b' })).toBeUndefined();
        expect(reservationFit(zonal, usage({ instanceType: 'c4.large', availabilityZone: 'us-east-1a', normalizationFactor: '4' }))).toBeUndefined();
        expect(reservationFit(zonal, { ...running, operation: 'RunInstances:0002', usageType: 'BoxUsage:c4.xlarge' })).toBeUndefined();
        expect(reservationFit(zonal, { ...running, tenancy: 'Dedicated', usageType: 'DedicatedUsage:c4.xlarge' })).toBeUndefined();
    });

    it('is never size flexible ("Instance size flexibility is not supported for … zonal Reserved Instances")', () => {
        expect(reservationIsSizeFlexible(zonal)).toBe(false);
    });
});

describe('EC2 regional Linux/UNIX Reserved Instances: instance size flexibility', () => {
    const m5xl = ri({ instanceType: 'm5.xlarge', normalizedUnitsPerHour: '8' });
    const m5large = (account?: string): EligibleUsage => usage({ instanceType: 'm5.large', normalizationFactor: '4', ...(account ? { accountId: account } : {}) });

    it('a regional m5.xlarge Linux RI (8 units) covers two m5.large (4 + 4), in any zone of the region', () => {
        // AWS: "Regional Reserved Instances on the Linux/Unix platform with default tenancy also provide instance size
        // flexibility, where the Reserved Instance discount applies to instance usage within that instance type, regardless of size."
        expect(capacity(m5xl)).toEqual(['size-flexible', '8']);
        const a = m5large();
        const b = { ...m5large(), availabilityZone: 'us-east-1c' };
        expect([reservationFit(m5xl, a), reservationFit(m5xl, b)]).toEqual(['size-flexible', 'size-flexible']);
        // 4 + 4 = 8 = the RI's capacity: both hours fully covered.
        expect(new Decimal(demand(m5xl, a)).plus(demand(m5xl, b)).toFixed()).toBe('8');
    });

    it('"a t2.medium … Reserved Instance … two running t2.small instances … the billing benefit is applied in full to both"', () => {
        const medium = ri({ instanceType: 't2.medium', normalizedUnitsPerHour: '2' });
        const small = usage({ instanceType: 't2.small', normalizationFactor: '1' });
        // 2 units = 1 + 1.
        expect(capacity(medium)).toEqual(['size-flexible', '2']);
        expect(demand(medium, small)).toBe('1');
        // "… if you have one t2.large instance running …, the billing benefit is applied to 50% of the usage": 2 / 4.
        expect(share(medium, usage({ instanceType: 't2.large', normalizationFactor: '4' }))).toBe('0.5');
    });

    it('Scenario 1: "the c4.large Reserved Instance billing discount applies to 50% of c4.xlarge usage" (4 of 8 units)', () => {
        const c4large = ri({ instanceType: 'c4.large', normalizedUnitsPerHour: '4' });
        expect(share(c4large, usage({ instanceType: 'c4.xlarge', normalizationFactor: '8' }))).toBe('0.5');
    });

    it('takes the data\'s factor for the usage (a 3-hour m5.large line = 12 units) and the table when the RI has none', () => {
        const noUnits = ri({ instanceType: 'm5.xlarge', count: '3' });
        // 3 × 8 (table) = 24.
        expect(capacity(noUnits)).toEqual(['size-flexible', '24']);
        expect(demand(noUnits, usage({ instanceType: 'm5.large', normalizationFactor: '4', usageAmount: '3' }))).toBe('12');
    });

    it('a metal instance is its family\'s largest size: an m5.24xlarge RI (192 units) covers an m5.metal hour (192)', () => {
        const big = ri({ instanceType: 'm5.24xlarge', normalizedUnitsPerHour: '192' });
        expect(share(big, usage({ instanceType: 'm5.metal', normalizationFactor: '192' }))).toBe('1');
    });

    it('stays within the family and the region', () => {
        expect(reservationFit(m5xl, usage({ instanceType: 'm5d.large', normalizationFactor: '4' }))).toBeUndefined();
        expect(reservationFit(m5xl, usage({ instanceType: 'c5.large', normalizationFactor: '4' }))).toBeUndefined();
        expect(reservationFit(m5xl, { ...m5large(), region: 'eu-west-1', usageType: 'EU-BoxUsage:m5.large' })).toBeUndefined();
    });

    it('does not cover Spot, Dedicated Host hours or non-instance EC2 usage', () => {
        expect(reservationFit(m5xl, { ...m5large(), usageType: 'SpotUsage:m5.large' })).toBeUndefined();
        expect(reservationFit(m5xl, { ...m5large(), usageType: 'HostUsage:m5' })).toBeUndefined();
        expect(reservationFit(m5xl, { ...m5large(), usageType: 'EBS:VolumeUsage.gp3' })).toBeUndefined();
    });

    it('regional Windows, RHEL and SUSE RIs do not flex: the same instance type only', () => {
        // AWS: "Instance size flexibility is not supported for … Reserved Instances for Windows Server, … RHEL, and SUSE Linux Enterprise Server".
        for (const operation of ['RunInstances:0002', 'RunInstances:0010', 'RunInstances:000g']) {
            const r = ri({ instanceType: 'm5.xlarge', operation, normalizedUnitsPerHour: '8' });
            expect(reservationIsSizeFlexible(r)).toBe(false);
            expect(capacity(r)).toEqual(['exact', '1']);
            expect(reservationFit(r, usage({ instanceType: 'm5.large', operation, normalizationFactor: '4' }))).toBeUndefined();
            expect(reservationFit(r, usage({ instanceType: 'm5.xlarge', operation, normalizationFactor: '8', availabilityZone: 'us-east-1d' }))).toBe('exact');
            // Nor another platform: a Windows RI never covers Linux.
            expect(reservationFit(r, usage({ instanceType: 'm5.xlarge', normalizationFactor: '8' }))).toBeUndefined();
        }
    });

    it('dedicated tenancy does not flex, and a shared-tenancy RI does not cover dedicated instances', () => {
        // AWS: "Instance size flexibility is not supported for … Reserved Instances with dedicated tenancy".
        const dedicated = ri({ instanceType: 'm5.xlarge', tenancy: 'Dedicated', normalizedUnitsPerHour: '8' });
        const dedicatedLarge = usage({ instanceType: 'm5.large', tenancy: 'Dedicated', usageType: 'DedicatedUsage:m5.large', normalizationFactor: '4' });
        const dedicatedXl = usage({ instanceType: 'm5.xlarge', tenancy: '', usageType: 'USE2-DedicatedUsage:m5.xlarge', normalizationFactor: '8' });
        expect(reservationFit(dedicated, dedicatedLarge)).toBeUndefined();
        expect(reservationFit(dedicated, dedicatedXl)).toBe('exact');
        expect(reservationFit(m5xl, dedicatedLarge)).toBeUndefined();
    });

    it('G4ad, G4dn, G5, G5g and Inf1 regional RIs do not flex (AWS lists them as not supported)', () => {
        const g5 = ri({ instanceType: 'g5.2xlarge', normalizedUnitsPerHour: '16' });
        expect(reservationIsSizeFlexible(g5)).toBe(false);
        expect(reservationFit(g5, usage({ instanceType: 'g5.xlarge', normalizationFactor: '8' }))).toBeUndefined();
        expect(reservationFit(g5, usage({ instanceType: 'g5.2xlarge', normalizationFactor: '16' }))).toBe('exact');
    });

    it('a size with no factor in the data or the table is not size flexible, and that lost flexibility is detectable', () => {
        // m5.weird: the ingest found no factor (0). The m5.xlarge RI would flex to it but cannot measure it.
        const weird = usage({ instanceType: 'm5.weird', normalizationFactor: '0' });
        expect(reservationFit(m5xl, weird)).toBeUndefined();
        expect(sizeFlexibilityUnmeasurable(m5xl, weird)).toBe(true);
        // An RI of an unknown size covers its own instance type only.
        const unknown = ri({ instanceType: 'x9q.mega' });
        expect(reservationIsSizeFlexible(unknown)).toBe(false);
        expect(reservationFit(unknown, usage({ instanceType: 'x9q.mega' }))).toBe('exact');
        expect(sizeFlexibilityUnmeasurable(unknown, usage({ instanceType: 'x9q.large', normalizationFactor: '4' }))).toBe(true);
        // Not "lost flexibility": pairs AWS would not match anyway.
        expect(sizeFlexibilityUnmeasurable(m5xl, usage({ instanceType: 'c5.weird' }))).toBe(false);
        expect(sizeFlexibilityUnmeasurable(ri({ operation: 'RunInstances:0002' }), { ...weird, operation: 'RunInstances:0002' })).toBe(false);
    });
});

describe('RDS reserved DB instances', () => {
    const mysql = 'CreateDBInstance:0002';
    const rds = (fields: Parameters<typeof ri>[0]): Reservation => ri({ service: 'AmazonRDS', operation: mysql, tenancy: '', ...fields });
    const db = (instanceType: string, fields: Parameters<typeof usage>[0] = {}): EligibleUsage => usage({
        service: 'AmazonRDS', operation: mysql, tenancy: '', availabilityZone: '', instanceType,
        usageType: `InstanceUsage:${instanceType}`, ...fields,
    });

    it('"you purchase a db.t2.medium reserved DB instance, and you have two running db.t2.small … the billing benefit is applied in full to both"', () => {
        const medium = rds({ instanceType: 'db.t2.medium', normalizedUnitsPerHour: '2' });
        expect(capacity(medium)).toEqual(['size-flexible', '2']);
        expect(demand(medium, db('db.t2.small', { normalizationFactor: '1' }))).toBe('1');
        // "… one db.t2.large instance … the billing benefit is applied to 50 percent of the usage": 2 of 4 units.
        expect(share(medium, db('db.t2.large', { normalizationFactor: '4' }))).toBe('0.5');
    });

    it('flexes for MySQL, MariaDB, PostgreSQL, Aurora MySQL/PostgreSQL and Oracle BYOL; not for SQL Server or license-included Oracle', () => {
        // AWS: "Size-flexible reserved DB instances are available for the following Amazon RDS database engines: MariaDB,
        // MySQL, Oracle, Bring Your Own License, PostgreSQL"; the instance must match "DB instance size (RDS for Microsoft
        // SQL Server and Amazon RDS for Oracle License Included)".
        const flexible = ['0002', '0018', '0014', '0016', '0021', '0019', '0005'];
        const fixed = ['0012', '0015', '0011', '0010', '0020', '0006'];
        for (const code of [...flexible, ...fixed]) {
            const operation = `CreateDBInstance:${code}`;
            const r = rds({ instanceType: 'db.m5.xlarge', operation, normalizedUnitsPerHour: '8' });
            const smaller = db('db.m5.large', { operation, normalizationFactor: '4' });
            expect([code, reservationFit(r, smaller)]).toEqual([code, flexible.includes(code) ? 'size-flexible' : undefined]);
            expect([code, reservationFit(r, db('db.m5.xlarge', { operation, normalizationFactor: '8' }))])
                .toEqual([code, flexible.includes(code) ? 'size-flexible' : 'exact']);
        }
    });

    it('an engine code that is not in the table does not flex', () => {
        const r = rds({ instanceType: 'db.m5.xlarge', operation: 'CreateDBInstance:0099', normalizedUnitsPerHour: '8' });
        expect(reservationIsSizeFlexible(r)).toBe(false);
    });

    it('needs the same engine, class family and region', () => {
        // AWS: "a reserved DB instance for a db.m4.large can apply to a db.m4.xlarge, but not to a db.m5.large".
        const m4 = rds({ instanceType: 'db.m4.large', normalizedUnitsPerHour: '4' });
        expect(reservationFit(m4, db('db.m4.xlarge', { normalizationFactor: '8' }))).toBe('size-flexible');
        expect(reservationFit(m4, db('db.m5.large', { normalizationFactor: '4' }))).toBeUndefined();
        expect(reservationFit(m4, db('db.m4.large', { operation: 'CreateDBInstance:0014', normalizationFactor: '4' }))).toBeUndefined();
        expect(reservationFit(m4, db('db.m4.large', { region: 'us-west-2', normalizationFactor: '4' }))).toBeUndefined();
    });

    it('Multi-AZ counts twice the normalized units, for the reservation and for the usage', () => {
        // AWS table: "large | 4 | 8" (Single-AZ normalized units | Multi-AZ normalized units).
        const multiAz = rds({ instanceType: 'db.r5.large', deploymentOption: 'Multi-AZ', normalizedUnitsPerHour: '4' });
        const multiAzUsage = db('db.r5.large', { usageType: 'USE1-Multi-AZUsage:db.r5.large', normalizationFactor: '4' });
        expect(capacity(multiAz)).toEqual(['size-flexible', '8']);
        expect(normalizedUnitsOf(multiAzUsage).toFixed()).toBe('8');
        expect(share(multiAz, multiAzUsage)).toBe('1');
        // "Reserved DB instance benefits also apply for both Multi-AZ and Single-AZ configurations": a Single-AZ db.r5.large
        // RI (4 units) covers half of a Multi-AZ db.r5.large hour (8), and a Multi-AZ RI (8) covers two Single-AZ db.r5.large (4 + 4).
        const singleAz = rds({ instanceType: 'db.r5.large', normalizedUnitsPerHour: '4' });
        expect(share(singleAz, multiAzUsage)).toBe('0.5');
        expect(demand(multiAz, db('db.r5.large', { normalizationFactor: '4' }))).toBe('4');
        // A Multi-AZ DB cluster (three DB instances): 3 × 4 = 12 units an hour.
        expect(normalizedUnitsOf(db('db.r5.large', { usageType: 'Multi-AZClusterUsage:db.r5.large', normalizationFactor: '4' })).toFixed()).toBe('12');
    });

    it('takes a factor that already counts the Multi-AZ deployment as it is (never doubles twice)', () => {
        // An export whose db.r5.large Multi-AZ usage carries NormalizationFactor 8 (= 4 × 2) asks 8 units an hour, not 16;
        // a Multi-AZ RI whose normalizedUnitsPerHour is 2 × 4 × 2 = 16 for two db.r5.large reserves 16, not 32.
        expect(normalizedUnitsOf(db('db.r5.large', { usageType: 'Multi-AZUsage:db.r5.large', normalizationFactor: '8' })).toFixed()).toBe('8');
        expect(capacity(rds({ instanceType: 'db.r5.large', count: '2', deploymentOption: 'Multi-AZ', normalizedUnitsPerHour: '16' }))).toEqual(['size-flexible', '16']);
        expect(capacity(rds({ instanceType: 'db.r5.large', count: '2', deploymentOption: 'Multi-AZ', normalizedUnitsPerHour: '8' }))).toEqual(['size-flexible', '16']);
        expect(capacity(rds({ instanceType: 'db.r5.large', count: '2', deploymentOption: 'Multi-AZ' }))).toEqual(['size-flexible', '16']);
    });

    it('a fixed-size (SQL Server) reservation covers its own deployment only', () => {
        const sqlServer = 'CreateDBInstance:0012';
        const multiAz = rds({ instanceType: 'db.m5.xlarge', operation: sqlServer, deploymentOption: 'Multi-AZ' });
        expect(reservationFit(multiAz, db('db.m5.xlarge', { operation: sqlServer, usageType: 'Multi-AZUsage:db.m5.xl' }))).toBe('exact');
        expect(reservationFit(multiAz, db('db.m5.xlarge', { operation: sqlServer }))).toBeUndefined();
    });

    it('covers DB instance hours only, not storage or backup', () => {
        const r = rds({ instanceType: 'db.m5.large', normalizedUnitsPerHour: '4' });
        expect(reservationFit(r, db('db.m5.large', { usageType: 'RDS:GP2-Storage', normalizationFactor: '4' }))).toBeUndefined();
    });
});

describe('ElastiCache, OpenSearch and Redshift reservations', () => {
    it('ElastiCache reserved nodes flex within the node family and region, for the same engine', () => {
        // AWS Database Blog, "New – Size flexibility for Amazon ElastiCache reserved nodes": ElastiCache "now supports size
        // flexibility for all its reserved node offerings, enabling your reserved node discount to apply to all node types
        // in the node family specified in your reservation". cache.r6g.xlarge = 8 units = two cache.r6g.large (4 + 4).
        const redis = 'CreateCacheCluster:0002';
        const node = ri({ service: 'AmazonElastiCache', instanceType: 'cache.r6g.xlarge', operation: redis, tenancy: '', normalizedUnitsPerHour: '8' });
        const large = usage({
            service: 'AmazonElastiCache', instanceType: 'cache.r6g.large', usageType: 'NodeUsage:cache.r6g.large',
            operation: redis, tenancy: '', normalizationFactor: '4',
        });
        expect(capacity(node)).toEqual(['size-flexible', '8']);
        expect(demand(node, large)).toBe('4');
        expect(reservationFit(node, { ...large, operation: 'CreateCacheCluster:0001' })).toBeUndefined();
        expect(reservationFit(node, { ...large, instanceType: 'cache.r6gd.large', usageType: 'NodeUsage:cache.r6gd.large' })).toBeUndefined();
        expect(reservationFit(node, { ...large, region: 'eu-west-1' })).toBeUndefined();
    });

    it('OpenSearch and Redshift reservations cover the same instance or node type in the region only', () => {
        // AWS re:Post, "What AWS Services support reserved nodes size flexibility…": "Amazon OpenSearch Service Reserved
        // Instances, and Amazon Redshift reserved nodes don't support size flexibility."
        const search = ri({ service: 'AmazonES', instanceType: 'r6g.large.search', operation: 'ESDomain', tenancy: '' });
        const searchUsage = usage({ service: 'AmazonES', instanceType: 'r6g.large.search', usageType: 'ESInstance:r6g.large', operation: 'ESDomain', tenancy: '' });
        expect(reservationFit(search, searchUsage)).toBe('exact');
        expect(reservationFit(search, { ...searchUsage, instanceType: 'r6g.xlarge.search', usageType: 'ESInstance:r6g.xlarge' })).toBeUndefined();
        expect(reservationFit(search, { ...searchUsage, region: 'us-west-2' })).toBeUndefined();

        const redshift = ri({ service: 'AmazonRedshift', instanceType: 'ra3.4xlarge', operation: 'RunComputeNode:0001', tenancy: '', count: '2' });
        const nodeUsage = usage({ service: 'AmazonRedshift', instanceType: 'ra3.4xlarge', usageType: 'Node:ra3.4xlarge', operation: 'RunComputeNode:0001', tenancy: '' });
        expect(reservationFit(redshift, nodeUsage)).toBe('exact');
        expect(capacity(redshift)).toEqual(['exact', '2']);
        expect(reservationFit(redshift, { ...nodeUsage, instanceType: 'ra3.16xlarge', usageType: 'Node:ra3.16xlarge' })).toBeUndefined();
    });
});
