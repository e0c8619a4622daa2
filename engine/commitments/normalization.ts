import { Decimal, ZERO } from '../money/decimal.js';

/**
 * Normalization factor of an instance size, AWS's table for size-flexible RIs (nano 0.25 … xlarge 8,
 * N·xlarge 8·N). Used at ingest where the data has no `lineItem/NormalizationFactor`; 0 for sizes the
 * table does not give (metal and unknown sizes: such usage is covered instance for instance only).
 * A local helper until matching.ts offers one (the per-service tables belong there).
 */
const SIZES: Readonly<Record<string, string>> = { nano: '0.25', micro: '0.5', small: '1', medium: '2', large: '4', xlarge: '8' };

export function normalizationFactorOfSize(instanceType: string): Decimal {
    const size = instanceType.slice(instanceType.lastIndexOf('.') + 1);
    const fixed = SIZES[size];
    if (fixed !== undefined) return new Decimal(fixed);
    const multiple = /^(\d+)xlarge$/.exec(size);
    return multiple ? new Decimal(8).times(multiple[1]!) : ZERO;
}
