import { Decimal, ZERO } from '../money/decimal.js';
import { tripleText, tripleUnits, triplePlaces } from './triple-text.js';
import type { CubeCell, CubeKey } from './types.js';

/** The measures in the order of the ingest's accumulators (engine/ingest/cell-table.ts `M_*`). */
export const M_UNBLENDED = 0;
export const M_PUBLIC = 1;
export const M_FREE_TIER = 2;
export const M_UNBLENDED_NO_PUBLIC = 3;
export const M_USAGE = 4;
export const MEASURES = 5;

/**
 * The ingest's cube cells keep their measures as the exact triples the merge summed them in (integer + f1·10^-9 +
 * f2·10^-18, engine/ingest/scaled-decimal.ts), three doubles each in one typed array per cube, and hand out a
 * Decimal when one is read (issue 15 goal 4: a decimal.js value costs ~230 bytes of heap, and a 1M-row cube over
 * 10,000 accounts holds 1.2 million of them, 3/4 of its heap). A value the triple cannot hold exactly (a sum beyond
 * 2^50, an amount with more than 18 decimals) is kept as its Decimal.
 *
 * The cells are `CubeCell`s to every reader; what they are not is plain objects: an object spread (`{ ...cell }`)
 * copies only the key fields and the row counts, so code that derives a cell from another uses `cellWith`
 * (engine/cube/cell-with.ts). The values are the same at every read (the store is never written after the merge).
 */
export class MeasureStore {
    /** Per cell and measure, the triple; NaN in the integer part: the value is in `exact`. */
    readonly triples: Float64Array;
    readonly exact = new Map<number, Decimal>();

    constructor(cells: number) {
        this.triples = new Float64Array(cells * MEASURES * 3);
    }

    /** Measure `m` of cell `i`. */
    value(i: number, m: number): Decimal {
        const slot = i * MEASURES + m;
        const t = slot * 3;
        const triples = this.triples;
        const integer = triples[t]!;
        if (integer !== integer) return this.exact.get(slot)!;
        const f1 = triples[t + 1]!;
        const f2 = triples[t + 2]!;
        if (integer === 0 && f1 === 0 && f2 === 0) return ZERO;
        return new Decimal(tripleText(integer, f1, f2));
    }

    /** Decimal places of measure `m` of cell `i` (as `placesOf` of its Decimal), without making the Decimal. */
    places(i: number, m: number): number {
        const slot = i * MEASURES + m;
        const t = slot * 3;
        const triples = this.triples;
        if (triples[t] !== triples[t]) return Math.max(0, this.exact.get(slot)!.decimalPlaces());
        return triplePlaces(triples[t + 1]!, triples[t + 2]!);
    }

    /** Measure `m` of cell `i` in units of 10^-scale when that is a safe integer (scale ≥ its places, ≤ 22), else NaN. */
    units(i: number, m: number, scale: number): number {
        const t = (i * MEASURES + m) * 3;
        const triples = this.triples;
        const integer = triples[t]!;
        if (integer !== integer) return NaN;
        return tripleUnits(integer, triples[t + 1]!, triples[t + 2]!, scale);
    }
}

/** A cube cell whose measures are read from its cube's `MeasureStore`. */
export class PackedCell implements CubeCell {
    readonly period: string;
    readonly accountId: string;
    readonly service: string;
    readonly usageType: string;
    readonly operation: string;
    readonly lineItemType: string;
    readonly billingEntity: string;
    readonly currency: string;
    readonly commitmentOwnerId: string;
    readonly rows: number;
    readonly rowsWithoutPublicCost: number;
    readonly #store: MeasureStore;
    readonly #at: number;

    constructor(key: CubeKey, rows: number, rowsWithoutPublicCost: number, store: MeasureStore, at: number) {
        this.period = key.period;
        this.accountId = key.accountId;
        this.service = key.service;
        this.usageType = key.usageType;
        this.operation = key.operation;
        this.lineItemType = key.lineItemType;
        this.billingEntity = key.billingEntity;
        this.currency = key.currency;
        this.commitmentOwnerId = key.commitmentOwnerId;
        this.rows = rows;
        this.rowsWithoutPublicCost = rowsWithoutPublicCost;
        this.#store = store;
        this.#at = at;
    }

    /** Decimal places of measure `m` (`M_*`), without making its Decimal (prepareCube reads every cell once). */
    measurePlaces(m: number): number {
        return this.#store.places(this.#at, m);
    }

    /** Measure `m` in units of 10^-scale when a safe integer, else NaN (then read the Decimal). */
    measureUnits(m: number, scale: number): number {
        return this.#store.units(this.#at, m, scale);
    }

    get unblendedCost(): Decimal {
        return this.#store.value(this.#at, M_UNBLENDED);
    }

    get publicOnDemandCost(): Decimal {
        return this.#store.value(this.#at, M_PUBLIC);
    }

    get freeTierPublicCost(): Decimal {
        return this.#store.value(this.#at, M_FREE_TIER);
    }

    get unblendedWithoutPublicCost(): Decimal {
        return this.#store.value(this.#at, M_UNBLENDED_NO_PUBLIC);
    }

    get usageAmount(): Decimal {
        return this.#store.value(this.#at, M_USAGE);
    }

    /** As a plain cell would print (logs, test failures): every field, the measures as their text. */
    toJSON(): Record<string, unknown> {
        return {
            period: this.period, accountId: this.accountId, service: this.service, usageType: this.usageType, operation: this.operation,
            lineItemType: this.lineItemType, billingEntity: this.billingEntity, currency: this.currency, commitmentOwnerId: this.commitmentOwnerId,
            unblendedCost: this.unblendedCost, publicOnDemandCost: this.publicOnDemandCost, freeTierPublicCost: this.freeTierPublicCost,
            unblendedWithoutPublicCost: this.unblendedWithoutPublicCost, usageAmount: this.usageAmount,
            rows: this.rows, rowsWithoutPublicCost: this.rowsWithoutPublicCost,
        };
    }
}
