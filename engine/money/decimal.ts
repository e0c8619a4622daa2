import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The one decimal type for money in the engine.
 *
 * Precision is 60 significant digits so that no sum of CUR amounts (at most ~10 integer digits and
 * 10–20 fractional digits each) is ever rounded; arithmetic on money is therefore exact. The only
 * rounding in the product happens at presentation (see `roundMoney`) and for ratios (margin %).
 */
export const Decimal = DecimalJs.clone({ precision: 60, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -60, toExpPos: 60 });
export type Decimal = DecimalJs;

export const ZERO: Decimal = new Decimal(0);

/** Presentation rounding: half-even ("banker's") to `places` decimals (cents by default). */
export function roundMoney(value: Decimal, places = 2): Decimal {
    return value.toDecimalPlaces(places, DecimalJs.ROUND_HALF_EVEN);
}

/** Exact decimal string without exponent notation (the JSON form of money). */
export function moneyString(value: Decimal): string {
    return value.toFixed();
}
