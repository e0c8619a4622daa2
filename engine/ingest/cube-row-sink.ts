import {
    A_ROWS_NO_PUBLIC, CellTable, K_ACCOUNT, K_ACCOUNT_NAME, K_BILLING_ENTITY, K_COMMITMENT_OWNER, K_CURRENCY,
    K_LINE_ITEM_TYPE, K_OPERATION, K_PERIOD, K_PRODUCT_NAME, K_SERVICE, K_USAGE_TYPE, M_FREE_TIER, M_PUBLIC, M_UNBLENDED,
    M_UNBLENDED_NO_PUBLIC, M_USAGE, STRIDE,
} from './cell-table.js';
import { fieldText, unescapeField, type RowSink, type ScanState } from './csv-scanner.js';
import { ingestError, shorten } from './errors.js';
import { focusBillingEntity, focusLineItemType } from './focus-mapping.js';
import { productNameOfMap } from '../cube/product-names.js';
import { Field, type ColumnMapping } from './formats.js';
import type { IdentityCollector } from './line-item-identity.js';
import type { CommitmentLedgerSink } from './commitment-ledger-sink.js';
import { decimalOfText, MAX_DECIMALS, MAX_INTEGER_DIGITS, NUM_EMPTY, NUM_EXOTIC, NUM_INVALID, NUM_OK, NUM_OUT_OF_RANGE, parseDecimalBytes, scaledToDecimal, tripleToScaled } from './scaled-decimal.js';

const EMPTY = Buffer.alloc(0);
const ISO_4217_SHAPE = /^[A-Z]{3}$/;
const CURRENCY_EXPECTED = 'an ISO 4217 currency code (three capital letters, e.g. USD)';
const AWS = Buffer.from('AWS');
const USAGE = Buffer.from('Usage');
const MARKETPLACE = Buffer.from('AWS Marketplace');

/** The fields `CubeRowSink.addRow` reads: every other field is part of the row's key, read by `cellOf`. */
export const PER_ROW_FIELDS: readonly Field[] = [
    Field.UnblendedCost, Field.PublicCost, Field.UsageAmount, Field.UsageAmountFallback, Field.ListUnitPrice, Field.LineItemId, Field.TimeInterval,
];

/**
 * The fields `cellOf` and `keysFor` read (with `PER_ROW_FIELDS` and the commitment ledger's fields, every field):
 * the native Parquet reader groups rows the ledger does not want by these alone (native-parquet.ts). **A field
 * `cellOf` or `keysFor` starts reading must be added here.**
 */
export const CELL_FIELDS: readonly Field[] = [
    Field.Period, Field.Account, Field.AccountName, Field.Service, Field.ServiceFallback, Field.UsageType, Field.Operation,
    Field.LineItemType, Field.BillingEntity, Field.Currency, Field.ReservationArn, Field.SavingsPlanArn, Field.ChargeCategory,
    Field.CommitmentStatus, Field.CommitmentType, Field.ChargeFrequency, Field.ProviderName, Field.PublisherName,
    Field.InvoiceIssuer, Field.InstanceType, Field.ProductName, Field.ProductMap,
];

/**
 * Rows of one cell aggregated elsewhere (native-parquet.ts), all alike in what `addRow` branches on: each measure's
 * exact sum as units × 10^-scale (undefined: every row's value is empty), and the per-row conditions.
 */
export interface RowAggregate {
    readonly rows: number;
    /** Every row's unblended cost is empty or zero (else none is). */
    readonly unblendedZero: boolean;
    /** The sign of every row's public cost (undefined: empty in every row). */
    readonly publicSign: -1 | 0 | 1 | undefined;
    /** Every row's usage amount is empty (its usage then comes from the fallback column); else none is. */
    readonly usageEmpty: boolean;
    readonly unblended?: ScaledSum;
    readonly publicCost?: ScaledSum;
    readonly usage?: ScaledSum;
    readonly usageFallback?: ScaledSum;
}

export interface ScaledSum { readonly units: bigint; readonly scale: number }

/** Where the first currency of a partial cube was seen (to name both places of a mixed-currency error). */
export interface CurrencySighting {
    readonly currency: string;
    readonly file: string;
    readonly row: number;
    readonly line: number;
    readonly column: string;
}

/**
 * Turns scanned rows into cube cells: points the cell table's key slots at the row's bytes (or at a
 * constant for derived values), checks the period and the currency, and adds the measures exactly.
 * Field bounds arrive by Field slot (see formats.ts).
 */
export class CubeRowSink implements RowSink {
    /** Slots (= fields) read per row by addRow (a columnar reader's `KeyedRowSink`). */
    readonly perRowSlots: readonly number[] = PER_ROW_FIELDS;
    /** The commitment ledger reads key fields in `addRow`: a columnar reader renders them for every row then. */
    get keysPerRow(): boolean {
        return this.ledger !== undefined;
    }
    /** `addRow` reads a measure from `ScanState.parsed`/`numbers` where the reader handed it over as a number. */
    readonly parsedMeasures = true;
    /** Rows that went into the cube (after the period filter). */
    rows = 0;
    currency: CurrencySighting | undefined;
    private currencyBytes: Buffer = EMPTY;
    private readonly num = new Float64Array(3);
    private readonly pub = new Float64Array(3);
    private scratch = Buffer.alloc(1 << 16);
    private scratchUsed = 0;
    private readonly has: Uint8Array;
    private readonly isFocus: boolean;
    private readonly derived = new Map<string, Buffer>();

    constructor(
        readonly table: CellTable,
        private readonly mapping: ColumnMapping,
        private readonly file: string,
        private readonly periodFilter: ReadonlySet<number> | undefined,
        /** Collects each row's line item identity (multi-file ingests; see line-item-identity.ts). */
        readonly identities?: IdentityCollector,
        /** Collects the commitment ledger (CUR files; see commitment-ledger-sink.ts). */
        readonly ledger?: CommitmentLedgerSink,
    ) {
        this.has = new Uint8Array(mapping.fieldColumn.length);
        mapping.fieldColumn.forEach((column, field) => { this.has[field] = column >= 0 ? 1 : 0; });
        this.isFocus = mapping.format === 'focus';
        const constants: [number, Buffer][] = [];
        if (!this.has[Field.BillingEntity] && !this.isFocus) constants.push([K_BILLING_ENTITY, AWS]);
        if (!this.has[Field.AccountName]) constants.push([K_ACCOUNT_NAME, EMPTY]);
        if (!this.has[Field.UsageType]) constants.push([K_USAGE_TYPE, EMPTY]);
        if (!this.has[Field.Operation]) constants.push([K_OPERATION, EMPTY]);
        this.constants = constants;
    }

    /** Key slots this file has no column for; set on every row since files may share one table. */
    private readonly constants: readonly (readonly [number, Buffer])[];

    /**
     * After `cellOf(buf, st)`: whether `addRow` reads the key fields of rows of that key (the commitment
     * ledger wants it); where not, a columnar reader passes `keys: false` and renders only the per-row fields.
     */
    keysFor(buf: Buffer, st: ScanState): boolean {
        return this.ledger !== undefined && this.ledger.wantsKey(buf, st);
    }

    row(buf: Buffer, st: ScanState): void {
        const cell = this.cellOf(buf, st);
        if (cell >= 0) this.addRow(cell, this.isUsage(), buf, st);
    }

    /**
     * The row's cell from its key fields alone (checks the period and the currency); -1 when the
     * period filter drops the row. Reads no field of `PER_ROW_FIELDS`, so that a columnar reader calls
     * it once per distinct tuple of key values (parquet-reader.ts). `isUsage()` then tells the cell's
     * line item type.
     */
    cellOf(buf: Buffer, st: ScanState): number {
        const S = st.start;
        const E = st.end;
        const t = this.table;
        this.scratchUsed = 0;
        for (let i = 0; i < this.constants.length; i++) t.setConst(this.constants[i][0], this.constants[i][1]);

        const ps = S[Field.Period];
        const ym = periodNumber(buf, ps, E[Field.Period]);
        if (ym < 0) this.fail('INVALID_PERIOD', Field.Period, buf, st, 'an ISO date YYYY-MM-DD…');
        if (this.periodFilter !== undefined && !this.periodFilter.has(ym)) return -1;
        t.keyBuf[K_PERIOD] = buf; t.keyStart[K_PERIOD] = ps; t.keyEnd[K_PERIOD] = ps + 7;

        this.key(K_ACCOUNT, Field.Account, buf, st);
        this.key(K_CURRENCY, Field.Currency, buf, st);
        this.checkCurrency(buf, st);
        if (this.has[Field.UsageType]) this.key(K_USAGE_TYPE, Field.UsageType, buf, st);
        if (this.has[Field.Operation]) this.key(K_OPERATION, Field.Operation, buf, st);
        if (this.has[Field.AccountName]) this.key(K_ACCOUNT_NAME, Field.AccountName, buf, st);
        if (this.isFocus) this.focusKeys(buf, st);
        else {
            this.key(K_SERVICE, Field.Service, buf, st);
            this.key(K_LINE_ITEM_TYPE, Field.LineItemType, buf, st);
            if (this.has[Field.BillingEntity]) this.key(K_BILLING_ENTITY, Field.BillingEntity, buf, st);
            this.commitmentOwner(buf, st);
        }
        this.productName(buf, st);

        return t.findCell();
    }

    /**
     * Adds one row to `cell` (from `cellOf` over the same key values; `usage`: its line item type is
     * Usage): counts it, collects its identity and adds its measures. Reads only `PER_ROW_FIELDS`, and
     * the key fields when `keys` (the commitment ledger; false only where `keysFor` said so).
     */
    addRow(cell: number, usage: boolean, buf: Buffer, st: ScanState, keys = true): void {
        const t = this.table;
        if (this.identities !== undefined) this.identities.add(buf, st);
        t.countRow(cell);
        const acc = t.acc;
        const o = cell * STRIDE;
        this.rows++;

        const num = this.num;
        let status = this.parse(Field.UnblendedCost, buf, st, num);
        let unblendedZero = true;
        if (status === NUM_EXOTIC) {
            const text = this.text(Field.UnblendedCost, buf, st);
            unblendedZero = decimalOfText(text).isZero();
            t.addExotic(cell, M_UNBLENDED, text);
        } else if (status !== NUM_EMPTY) {
            acc[o] += num[0]; acc[o + 1] += num[1]; acc[o + 2] += num[2];
            unblendedZero = num[0] === 0 && num[1] === 0 && num[2] === 0;
        }
        const unblendedStatus = status;

        let hasPublic = false;
        if (this.has[Field.PublicCost]) {
            const pub = this.pub;
            status = this.parse(Field.PublicCost, buf, st, pub);
            // A public cost of 0 on a billed row is no public price (Spot, Marketplace, idle Elastic IPs):
            // such a row is priced from its billed cost like a row whose public cost is empty.
            if (status === NUM_EXOTIC) {
                const text = this.text(Field.PublicCost, buf, st);
                const value = decimalOfText(text);
                hasPublic = unblendedZero || !value.isZero();
                t.addExotic(cell, M_PUBLIC, text);
                if (unblendedZero && usage && value.gt(0)) t.addExotic(cell, M_FREE_TIER, text);
            } else if (status !== NUM_EMPTY) {
                hasPublic = unblendedZero || pub[0] !== 0 || pub[1] !== 0 || pub[2] !== 0;
                const po = o + M_PUBLIC * 3;
                acc[po] += pub[0]; acc[po + 1] += pub[1]; acc[po + 2] += pub[2];
                if (unblendedZero && (pub[0] > 0 || pub[1] > 0 || pub[2] > 0) && usage) {
                    const fo = o + M_FREE_TIER * 3;
                    acc[fo] += pub[0]; acc[fo + 1] += pub[1]; acc[fo + 2] += pub[2];
                }
            }
        }
        // FOCUS: ListCost is ListUnitPrice × PricingQuantity; a row without ListCost but with both is priced from them.
        if (!hasPublic && this.isFocus && (!this.has[Field.PublicCost] || this.isEmpty(Field.PublicCost, buf, st))) hasPublic = this.listPriceBase(cell, buf, st, unblendedZero, usage);
        if (!hasPublic) {
            acc[o + A_ROWS_NO_PUBLIC]++;
            if (unblendedStatus === NUM_EXOTIC) t.addExotic(cell, M_UNBLENDED_NO_PUBLIC, this.text(Field.UnblendedCost, buf, st));
            else if (unblendedStatus !== NUM_EMPTY) {
                const uo = o + M_UNBLENDED_NO_PUBLIC * 3;
                acc[uo] += num[0]; acc[uo + 1] += num[1]; acc[uo + 2] += num[2];
            }
        }

        if (this.ledger !== undefined && keys) this.ledger.row(buf, st, unblendedZero);

        let usageField = Field.UsageAmount;
        if (!this.has[usageField] || this.isEmpty(usageField, buf, st)) usageField = Field.UsageAmountFallback;
        if (this.has[usageField]) {
            status = this.parse(usageField, buf, st, num);
            if (status === NUM_EXOTIC) t.addExotic(cell, M_USAGE, this.text(usageField, buf, st));
            else if (status !== NUM_EMPTY) {
                const uo = o + M_USAGE * 3;
                acc[uo] += num[0]; acc[uo + 1] += num[1]; acc[uo + 2] += num[2];
            }
        }
    }

    /**
     * `addRow` for `agg.rows` rows of `cell` at once, with no identity and no commitment ledger (their rows are
     * never aggregated) and no FOCUS list price base (rows priced from it are read one by one): the same branches,
     * taken on the aggregate's conditions instead of each row's values.
     */
    addAggregate(cell: number, usage: boolean, agg: RowAggregate): void {
        const t = this.table;
        t.countRows(cell, agg.rows);
        this.rows += agg.rows;
        if (agg.unblended) t.addUnits(cell, M_UNBLENDED, agg.unblended.units, agg.unblended.scale);
        let hasPublic = false;
        if (this.has[Field.PublicCost] && agg.publicSign !== undefined) {
            hasPublic = agg.unblendedZero || agg.publicSign !== 0;
            if (agg.publicCost) {
                t.addUnits(cell, M_PUBLIC, agg.publicCost.units, agg.publicCost.scale);
                if (agg.unblendedZero && agg.publicSign > 0 && usage) t.addUnits(cell, M_FREE_TIER, agg.publicCost.units, agg.publicCost.scale);
            }
        }
        if (!hasPublic) {
            t.acc[cell * STRIDE + A_ROWS_NO_PUBLIC] += agg.rows;
            if (agg.unblended) t.addUnits(cell, M_UNBLENDED_NO_PUBLIC, agg.unblended.units, agg.unblended.scale);
        }
        const fromUsage = this.has[Field.UsageAmount] && !agg.usageEmpty;
        const sum = fromUsage ? agg.usage : this.has[Field.UsageAmountFallback] ? agg.usageFallback : undefined;
        if (sum) t.addUnits(cell, M_USAGE, sum.units, sum.scale);
        t.settle(cell);
    }

    /** Points key slot k at field f of the row (unescaped into scratch when it holds `""`). */
    private key(k: number, f: number, buf: Buffer, st: ScanState): void {
        const t = this.table;
        const s = st.start[f];
        let e = st.end[f];
        if (this.isFocus && e - s === 4 && isNull(buf, s)) e = s;
        if (st.escaped[f]) {
            // Earlier slots of this row keep a reference to the old scratch when it has to grow.
            if (this.scratchUsed + (e - s) > this.scratch.length) { this.scratch = Buffer.alloc(Math.max(this.scratch.length * 2, e - s)); this.scratchUsed = 0; }
            const at = this.scratchUsed;
            this.scratchUsed = unescapeField(buf, s, e, this.scratch, at);
            t.keyBuf[k] = this.scratch; t.keyStart[k] = at; t.keyEnd[k] = this.scratchUsed;
            return;
        }
        t.keyBuf[k] = buf; t.keyStart[k] = s; t.keyEnd[k] = e;
    }

    /** ListUnitPrice × PricingQuantity as the row's public cost (exact, one decimal product); false when either is empty. */
    private listPriceBase(cell: number, buf: Buffer, st: ScanState, unblendedZero: boolean, usage: boolean): boolean {
        if (!this.has[Field.ListUnitPrice] || !this.has[Field.UsageAmountFallback]) return false;
        if (this.isEmpty(Field.ListUnitPrice, buf, st) || this.isEmpty(Field.UsageAmountFallback, buf, st)) return false;
        // Parsed first so that a value that is not a number is an error at its row and column, as every amount is.
        this.parse(Field.ListUnitPrice, buf, st, this.pub);
        this.parse(Field.UsageAmountFallback, buf, st, this.pub);
        const value = decimalOfText(this.text(Field.ListUnitPrice, buf, st)).times(decimalOfText(this.text(Field.UsageAmountFallback, buf, st)));
        // As for ListCost: 0 on a billed row is no public price.
        if (!unblendedZero && value.isZero()) return false;
        const text = value.toFixed();
        this.table.addExotic(cell, M_PUBLIC, text);
        if (unblendedZero && usage && value.gt(0)) this.table.addExotic(cell, M_FREE_TIER, text);
        return true;
    }

    private isEmpty(f: number, buf: Buffer, st: ScanState): boolean {
        if (st.parsed[f] === 1) return false;
        const s = st.start[f];
        const e = st.end[f];
        return s === e || (this.isFocus && e - s === 4 && isNull(buf, s));
    }

    private parse(f: number, buf: Buffer, st: ScanState, out: Float64Array): number {
        if (st.parsed[f] === 1) {
            const n = st.numbers;
            const o = f * 3;
            out[0] = n[o]; out[1] = n[o + 1]; out[2] = n[o + 2];
            return NUM_OK;
        }
        const s = st.start[f];
        const e = st.end[f];
        if (this.isFocus && e - s === 4 && isNull(buf, s)) return NUM_EMPTY;
        const status = parseDecimalBytes(buf, s, e, out);
        if (status === NUM_INVALID) this.fail('INVALID_NUMBER', f, buf, st, 'a decimal number');
        if (status === NUM_OUT_OF_RANGE) {
            this.fail('INVALID_NUMBER', f, buf, st, `a decimal number below 10^${MAX_INTEGER_DIGITS} in magnitude with at most ${MAX_DECIMALS} decimals`, 'is out of range: expected');
        }
        return status;
    }

    private text(f: number, buf: Buffer, st: ScanState): string {
        if (st.parsed[f] === 1) return scaledToDecimal(tripleToScaled(st.numbers, f * 3)).toFixed();
        return fieldText(buf, st.start[f], st.end[f], st.escaped[f]);
    }

    /** The line item type of the key last passed to `cellOf` is Usage. */
    isUsage(): boolean {
        const t = this.table;
        const b = t.keyBuf[K_LINE_ITEM_TYPE];
        const s = t.keyStart[K_LINE_ITEM_TYPE];
        if (t.keyEnd[K_LINE_ITEM_TYPE] - s !== 5) return false;
        for (let i = 0; i < 5; i++) if (b[s + i] !== USAGE[i]) return false;
        return true;
    }

    /**
     * One bill has one currency, and it is a currency: an empty or malformed code (not three capital letters, as
     * ISO 4217 codes are) is an error naming the row, never summed into a report whose currency becomes '' or
     * markup (issue 18: every view would then guess the symbol and the minor units).
     */
    private checkCurrency(row: Buffer, st: ScanState): void {
        const t = this.table;
        const b = t.keyBuf[K_CURRENCY];
        const s = t.keyStart[K_CURRENCY];
        const len = t.keyEnd[K_CURRENCY] - s;
        if (len === 0) this.fail('INVALID_CURRENCY', Field.Currency, row, st, CURRENCY_EXPECTED);
        const known = this.currencyBytes;
        if (known.length === len) {
            let same = true;
            for (let i = 0; i < len; i++) if (b[s + i] !== known[i]) { same = false; break; }
            if (same) return;
        }
        const currency = b.toString('utf8', s, s + len);
        if (!ISO_4217_SHAPE.test(currency)) this.fail('INVALID_CURRENCY', Field.Currency, row, st, CURRENCY_EXPECTED);
        if (this.currency === undefined) {
            this.currencyBytes = Buffer.from(currency);
            this.currency = { currency, file: this.file, row: st.row, line: st.line, column: this.mapping.fieldName[Field.Currency] };
            return;
        }
        const first = this.currency;
        throw ingestError('MIXED_CURRENCIES',
            `currency ${currency} differs from ${first.currency} (first seen at ${first.file}:${first.line}, data row ${first.row}); one bill has one currency`, {
                file: this.file, row: st.row, line: st.line, column: this.mapping.fieldName[Field.Currency],
                expected: first.currency, found: currency,
            });
    }

    /** Commitment owner: the account field of the reservation ARN, else of the savings plan ARN. */
    private commitmentOwner(buf: Buffer, st: ScanState): void {
        const t = this.table;
        t.keyBuf[K_COMMITMENT_OWNER] = buf;
        t.keyStart[K_COMMITMENT_OWNER] = 0;
        t.keyEnd[K_COMMITMENT_OWNER] = 0;
        if (this.has[Field.ReservationArn] && this.arnOwner(Field.ReservationArn, buf, st)) return;
        if (this.has[Field.SavingsPlanArn]) this.arnOwner(Field.SavingsPlanArn, buf, st);
    }

    private arnOwner(f: number, buf: Buffer, st: ScanState): boolean {
        const s = st.start[f];
        const e = st.end[f];
        if (e - s < 8 || buf[s] !== 97 || buf[s + 1] !== 114 || buf[s + 2] !== 110 || buf[s + 3] !== 58) return false; // "arn:"
        let colons = 1;
        let i = s + 4;
        for (; i < e && colons < 4; i++) if (buf[i] === 58) colons++;
        if (colons < 4) return false;
        const a = i;
        while (i < e && buf[i] >= 48 && buf[i] <= 57) i++;
        if (i === a || i >= e || buf[i] !== 58) return false;
        const t = this.table;
        t.keyStart[K_COMMITMENT_OWNER] = a;
        t.keyEnd[K_COMMITMENT_OWNER] = i;
        return true;
    }

    /** FOCUS: service with fallback, derived line item type and billing entity, commitment owner. */
    private focusKeys(buf: Buffer, st: ScanState): void {
        const t = this.table;
        if (this.has[Field.Service] && !this.isEmpty(Field.Service, buf, st)) this.key(K_SERVICE, Field.Service, buf, st);
        else this.key(K_SERVICE, Field.ServiceFallback, buf, st);
        const type = focusLineItemType(this.str(Field.ChargeCategory, buf, st), this.str(Field.CommitmentStatus, buf, st),
            this.str(Field.CommitmentType, buf, st), this.str(Field.ChargeFrequency, buf, st));
        t.setConst(K_LINE_ITEM_TYPE, this.constant(type));
        const entity = focusBillingEntity(this.str(Field.ProviderName, buf, st), this.str(Field.PublisherName, buf, st),
            this.str(Field.InvoiceIssuer, buf, st));
        t.setConst(K_BILLING_ENTITY, this.constant(entity));
        this.commitmentOwner(buf, st);
    }

    /**
     * The product name slot: the row's readable product name when its service is a Marketplace product (seller
     * `AWS Marketplace`, or a code of the Marketplace shape) and the name differs from the code; else ''.
     * The same rule as `productNameApplies` (engine/cube/product-names.ts), on bytes for the common rows.
     */
    private productName(buf: Buffer, st: ScanState): void {
        const t = this.table;
        t.setConst(K_PRODUCT_NAME, EMPTY);
        let field: number;
        if (this.isFocus) {
            // FOCUS: ServiceName names the product only when x_ServiceCode is the service.
            if (!this.has[Field.Service] || this.isEmpty(Field.Service, buf, st) || this.isEmpty(Field.ServiceFallback, buf, st)) return;
            field = Field.ServiceFallback;
        } else if (this.has[Field.ProductName] && !this.isEmpty(Field.ProductName, buf, st)) field = Field.ProductName;
        else if (this.has[Field.ProductMap] && !this.isEmpty(Field.ProductMap, buf, st)) field = Field.ProductMap;
        else return;
        const sb = t.keyBuf[K_SERVICE];
        const ss = t.keyStart[K_SERVICE];
        const se = t.keyEnd[K_SERVICE];
        if (se === ss) return;
        if (!sameBytes(t.keyBuf[K_BILLING_ENTITY], t.keyStart[K_BILLING_ENTITY], t.keyEnd[K_BILLING_ENTITY], MARKETPLACE) && !isMarketplaceCodeBytes(sb, ss, se)) return;
        const text = this.text(field, buf, st);
        const name = field === Field.ProductMap ? productNameOfMap(text) : text.trim();
        if (name === '' || name === sb.toString('utf8', ss, se)) return;
        t.setConst(K_PRODUCT_NAME, this.constant(name));
    }

    private str(f: number, buf: Buffer, st: ScanState): string {
        if (!this.has[f] || this.isEmpty(f, buf, st)) return '';
        return this.text(f, buf, st);
    }

    private constant(value: string): Buffer {
        let b = this.derived.get(value);
        if (b === undefined) { b = Buffer.from(value); this.derived.set(value, b); }
        return b;
    }

    private fail(code: 'INVALID_NUMBER' | 'INVALID_PERIOD' | 'INVALID_CURRENCY', f: number, buf: Buffer, st: ScanState, expected: string, verb = 'is not'): never {
        const found = shorten(fieldText(buf, st.start[f], st.end[f], st.escaped[f]));
        const column = this.mapping.fieldName[f];
        throw ingestError(code, `${JSON.stringify(found)} ${verb} ${expected}`, {
            file: this.file, row: st.row, line: st.line, column, expected, found,
        });
    }
}

function sameBytes(b: Buffer, s: number, e: number, value: Buffer): boolean {
    if (e - s !== value.length) return false;
    for (let i = 0; i < value.length; i++) if (b[s + i] !== value[i]) return false;
    return true;
}

/** `isMarketplaceProductCode` (engine/cube/product-names.ts) on bytes: `prod-` + [a-z0-9]+, or 20+ of [a-z0-9] with a digit. */
export function isMarketplaceCodeBytes(b: Buffer, s: number, e: number): boolean {
    const n = e - s;
    if (n > 5 && b[s] === 112 && b[s + 1] === 114 && b[s + 2] === 111 && b[s + 3] === 100 && b[s + 4] === 45) {
        for (let i = s + 5; i < e; i++) if (!((b[i] >= 97 && b[i] <= 122) || (b[i] >= 48 && b[i] <= 57))) return false;
        return true;
    }
    if (n < 20) return false;
    let digit = false;
    for (let i = s; i < e; i++) {
        const c = b[i];
        if (c >= 48 && c <= 57) digit = true;
        else if (!(c >= 97 && c <= 122)) return false;
    }
    return digit;
}

function isNull(buf: Buffer, s: number): boolean {
    return buf[s] === 78 && buf[s + 1] === 85 && buf[s + 2] === 76 && buf[s + 3] === 76;
}

/** year × 100 + month of an ISO date's first 7 bytes, or -1. */
export function periodNumber(buf: Buffer, s: number, e: number): number {
    if (e - s < 7 || buf[s + 4] !== 45) return -1;
    let year = 0;
    for (let i = 0; i < 4; i++) {
        const d = buf[s + i] - 48;
        if (d < 0 || d > 9) return -1;
        year = year * 10 + d;
    }
    const m1 = buf[s + 5] - 48;
    const m2 = buf[s + 6] - 48;
    if (m1 < 0 || m1 > 1 || m2 < 0 || m2 > 9) return -1;
    const month = m1 * 10 + m2;
    if (month < 1 || month > 12) return -1;
    return year * 100 + month;
}

/** `YYYY-MM` → year × 100 + month (for the period filter), or -1. */
export function periodNumberOfText(period: string): number {
    const b = Buffer.from(period);
    return b.length === 7 ? periodNumber(b, 0, 7) : -1;
}
