import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../engine/money/decimal.js';
import {
    instanceFamilyOf, instanceSizeOf, normalizationFactorOf, usageNormalizationFactor,
} from '../../../engine/commitments/normalization-factors.js';

const factor = (t: string): string | undefined => normalizationFactorOf(t)?.toFixed();

describe('normalization factors (EC2 User Guide, "How Reserved Instances are applied", table "Instance size | Normalization factor")', () => {
    it('reads every size of AWS\'s table', () => {
        // The table, row by row: nano 0.25 … 112xlarge 896.
        const table: [string, string][] = [
            ['nano', '0.25'], ['micro', '0.5'], ['small', '1'], ['medium', '2'], ['large', '4'], ['xlarge', '8'],
            ['2xlarge', '16'], ['3xlarge', '24'], ['4xlarge', '32'], ['6xlarge', '48'], ['8xlarge', '64'], ['9xlarge', '72'],
            ['10xlarge', '80'], ['12xlarge', '96'], ['16xlarge', '128'], ['18xlarge', '144'], ['24xlarge', '192'],
            ['32xlarge', '256'], ['48xlarge', '384'], ['56xlarge', '448'], ['112xlarge', '896'],
        ];
        for (const [size, value] of table) expect([size, factor(`m5.${size}`)]).toEqual([size, value]);
    });

    it('"For example, a t2.medium instance has a normalization factor of 2"', () => {
        expect(factor('t2.medium')).toBe('2');
    });

    it('applies the same scale to RDS classes and ElastiCache nodes, and to the abbreviated sizes of RDS usage types', () => {
        // RDS table: "large | 4 | 8" (Single-AZ | Multi-AZ); db.m5.2xl is how usage types spell db.m5.2xlarge.
        expect(factor('db.r5.large')).toBe('4');
        expect(factor('cache.r6g.xlarge')).toBe('8');
        expect(factor('db.m5.2xl')).toBe('16');
        expect(instanceSizeOf('db.m5.xl')).toBe('xlarge');
    });

    it('a metal instance counts as the largest size of its family; metal-Nxl names its size', () => {
        // i3's largest size is 16xlarge (128); m5's is 24xlarge (192); m7i.metal-48xl = 48xlarge (384).
        expect(factor('i3.metal')).toBe('128');
        expect(factor('m5.metal')).toBe('192');
        expect(factor('m7i.metal-48xl')).toBe('384');
        expect(factor('c7i.metal-24xl')).toBe('192');
    });

    it('has no factor for a size outside the table, a metal of an unlisted family, or a type without a size', () => {
        expect(factor('u-6tb1.metal')).toBeUndefined();
        expect(factor('mac1.metal')).toBeUndefined();
        expect(factor('m5.huge')).toBeUndefined();
        expect(factor('')).toBeUndefined();
    });

    it('the data\'s lineItem/NormalizationFactor wins; without it the table; without both 0 (unknown)', () => {
        expect(usageNormalizationFactor('m5.large', new Decimal('5')).toFixed()).toBe('5');
        expect(usageNormalizationFactor('m5.large', undefined).toFixed()).toBe('4');
        expect(usageNormalizationFactor('m5.large', new Decimal('0')).toFixed()).toBe('4');
        expect(usageNormalizationFactor('u-6tb1.metal', undefined).toFixed()).toBe('0');
    });

    it('instance family: m5.xlarge → m5, db.r5.large → r5, cache.r6g.large → r6g', () => {
        expect(instanceFamilyOf('m5.xlarge')).toBe('m5');
        expect(instanceFamilyOf('db.r5.large')).toBe('r5');
        expect(instanceFamilyOf('cache.r6g.large')).toBe('r6g');
        expect(instanceFamilyOf('m5d.large')).toBe('m5d');
    });
});
