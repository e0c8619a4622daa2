import { Decimal } from '../../engine/money/decimal.js';

/** The exact value of a NUMBER token's text; undefined for missing (error-recovered) or unparsable text. */
export function decimalOf(text: string | undefined): Decimal | undefined {
    if (text === undefined || text === '') return undefined;
    try {
        return new Decimal(text);
    } catch {
        return undefined;
    }
}

export type { Decimal };
