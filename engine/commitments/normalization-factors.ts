import { Decimal } from '../money/decimal.js';

/**
 * Normalization factors of instance sizes, the unit in which size-flexible reservations are
 * measured (docs/semantics.md, "Which commitment covers which usage").
 *
 * Source: Amazon EC2 User Guide, "How Reserved Instances are applied" (apply_ri.html), the table
 * "Instance size | Normalization factor"; the same scale is used by RDS ("Size-flexible reserved DB
 * instances") and ElastiCache reserved nodes. A CUR's `lineItem/NormalizationFactor` wins over this
 * table when the data carries it (the ingest fills EligibleUsage.normalizationFactor).
 */
const SIZE_FACTORS: ReadonlyMap<string, string> = new Map([
    ['nano', '0.25'], ['micro', '0.5'], ['small', '1'], ['medium', '2'], ['large', '4'], ['xlarge', '8'],
    ['2xlarge', '16'], ['3xlarge', '24'], ['4xlarge', '32'], ['6xlarge', '48'], ['8xlarge', '64'], ['9xlarge', '72'],
    ['10xlarge', '80'], ['12xlarge', '96'], ['16xlarge', '128'], ['18xlarge', '144'], ['24xlarge', '192'],
    ['32xlarge', '256'], ['48xlarge', '384'], ['56xlarge', '448'], ['112xlarge', '896'],
]);

/**
 * A bare metal instance counts as the largest size of its family. AWS states the rule but publishes
 * no per-family table, so this one lists the families whose largest non-metal size is well known;
 * a `metal` of another family has no factor here (then only the data's factor can make it size
 * flexible). `metal-24xl` / `metal-48xl` name their size and need no table.
 */
const METAL_EQUIVALENT: ReadonlyMap<string, string> = new Map([
    ...['a1'].map(f => [f, '4xlarge'] as const),
    ...['i3', 'm6g', 'm6gd', 'c6g', 'c6gd', 'r6g', 'r6gd', 'x2gd', 'm7g', 'm7gd', 'c7g', 'c7gd', 'r7g', 'r7gd']
        .map(f => [f, '16xlarge'] as const),
    ...['c5n'].map(f => [f, '18xlarge'] as const),
    ...['m5', 'm5d', 'm5dn', 'm5n', 'r5', 'r5b', 'r5d', 'r5dn', 'r5n', 'c5', 'c5d', 'i3en'].map(f => [f, '24xlarge'] as const),
    ...['z1d', 'm5zn', 'x2iezn'].map(f => [f, '12xlarge'] as const),
    ...['m6i', 'm6id', 'm6in', 'm6idn', 'c6i', 'c6id', 'c6in', 'r6i', 'r6id', 'r6in', 'r6idn', 'i4i', 'x2idn', 'x2iedn']
        .map(f => [f, '32xlarge'] as const),
    ...['m6a', 'c6a', 'r6a'].map(f => [f, '48xlarge'] as const),
]);

/** `m5.xlarge` → `m5`; `db.r5.large` → `r5`; `cache.r6g.large` → `r6g`; `ml.m5.large` → `m5`. */
export function instanceFamilyOf(instanceType: string): string {
    const parts = instanceType.split('.');
    return parts.length >= 3 ? parts[1]! : parts[0]!;
}

/** `m5.xlarge` → `xlarge`; `db.r5.2xl` → `2xlarge` (usage types abbreviate RDS sizes); '' when there is none. */
export function instanceSizeOf(instanceType: string): string {
    const parts = instanceType.split('.');
    if (parts.length < 2) return '';
    const size = parts[parts.length - 1]!;
    return /^\d*xl$/.test(size) ? size + 'arge' : size;
}

/**
 * The normalization factor of one instance hour of `instanceType` by AWS's size table, or
 * undefined when the size is not in it (then the usage is not size flexible unless the data
 * carries `lineItem/NormalizationFactor`).
 */
export function normalizationFactorOf(instanceType: string): Decimal | undefined {
    const size = instanceSizeOf(instanceType);
    const named = /^metal-(\d+)xl$/.exec(size);
    const effective = named ? `${named[1]}xlarge` : size === 'metal' ? METAL_EQUIVALENT.get(instanceFamilyOf(instanceType)) : size;
    const factor = effective === undefined ? undefined : SIZE_FACTORS.get(effective);
    return factor === undefined ? undefined : new Decimal(factor);
}

/**
 * The factor the ingest puts into EligibleUsage.normalizationFactor: the data's
 * `lineItem/NormalizationFactor` when present and positive, else the table's, else 0 ("unknown":
 * such a usage can only be covered instance for instance).
 */
export function usageNormalizationFactor(instanceType: string, dataFactor: Decimal | undefined): Decimal {
    if (dataFactor !== undefined && dataFactor.gt(0)) return dataFactor;
    return normalizationFactorOf(instanceType) ?? new Decimal(0);
}
