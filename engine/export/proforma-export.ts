import * as crypto from 'node:crypto';
import { createHash, type Hash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { CubeCell, DataFormat } from '../cube/types.js';
import { IngestError, PROFORMA_MARKER_COLUMN, streamRows, type SpoolSpec, type StreamedRow } from '../ingest/index.js';
import { Decimal, ZERO } from '../money/decimal.js';
import { DEFAULT_PRESENTATION_SERVICE, type BillingGroup, type CustomLineItem, type LineItemFilter } from '../policy/model.js';
import { createRowPricer, inPeriodRange, reappliedRowCells, type PricedLineItem, type PricedPolicy, type RowPrice } from '../price/index.js';
import { CsvFileWriter } from './csv-writer.js';
import { exportColumns } from './export-columns.js';
import { RowTemplate } from './row-template.js';

/**
 * The pro forma Cost and Usage Report of one billing group: the input's rows of the group's accounts
 * with their pro forma cost, plus the group's custom line items as rows — what ABC delivers as the
 * group's pro forma CUR. Rows are streamed (`streamRows`), never loaded whole; the file appears
 * atomically. Semantics of every column: docs/cli.md (`billing export`).
 *
 * Invariant (tested): ingesting the export gives, per period, Σ unblended cost = the group's
 * `proformaCost` in the cost report, to the last digit, and the rows of each custom line item add up to
 * its amount. Amounts are written with at most `WRITTEN_DECIMALS` decimals (what a CUR reader accepts;
 * AWS writes 10 to 15); the rounding remainder of a period's usage rows, and of each custom line item's
 * rows, goes on one row of them (the first with a nonzero cost), held back and written last.
 */

/** Decimals of a written cost (half-even); a remainder row carries as many as the report's figure has. */
export const WRITTEN_DECIMALS = 15;
/** Significant digits of a written rate (rates are per unit: a decimal-place limit would zero small ones). */
const RATE_DIGITS = 15;

export interface ProformaExportOptions {
    readonly priced: PricedPolicy;
    /** Index of the group in `priced.policy.groups`. */
    readonly groupIndex: number;
    /** The data files, as the ingest resolved them (`cube.sources`). */
    readonly files: readonly string[];
    /** `.csv` or `.csv.gz` (compressed). */
    readonly output: string;
    /** Fields as in the input (a machine pipeline); by default text that a spreadsheet would run as a formula is neutralised. */
    readonly raw?: boolean;
    readonly signal?: AbortSignal;
    /**
     * Size and modification time of each data file when it was read to price (`fileStamps` before the ingest):
     * a file that differs when the export has streamed it (a new delivery overwrote it) fails the export with
     * DATA_CHANGED before the output is committed, so an export never disagrees with the bill it was priced from.
     */
    readonly stamps?: ReadonlyMap<string, FileStamp>;
    /** Called after each input file with how many are done. */
    readonly onFile?: (done: number, total: number) => void;
    /**
     * Per input file, the spool files its ingest wrote (`ingest`'s `spool`, made from `exportSpoolSpec` of this group):
     * the rows of that file the export may need, read instead of the file. The output is the same; should the spool
     * fail to stream (a row the ingest took that the export cannot read), the export reads the files instead, so that
     * the error names the input's rows.
     */
    readonly spools?: ReadonlyMap<string, readonly string[]>;
}

export interface ProformaExportResult {
    readonly format: DataFormat;
    /** The header written: the union of the inputs' headers, in first-seen order. */
    readonly columns: readonly string[];
    /** Line items of the input written (with their pro forma cost). */
    readonly rows: number;
    /** Rows of custom line items written. */
    readonly lineItemRows: number;
    /** Σ cost column written, per period (exact decimal strings): the group's pro forma cost in the report. */
    readonly totals: ReadonlyMap<string, string>;
}

interface ItemizedItem {
    readonly item: CustomLineItem;
    /** Signed multiplier of a row's pro forma cost: ±percent/100 × the number of times `charges` is a base. */
    readonly factor: Decimal;
    readonly filters: readonly LineItemFilter[];
}

export async function exportProformaCur(options: ProformaExportOptions): Promise<ProformaExportResult> {
    if (!options.spools || options.spools.size === 0) return exportFrom(options, undefined);
    try {
        return await exportFrom(options, options.spools);
    } catch (error) {
        if (!(error instanceof IngestError) || error.code === 'ABORTED' || error.code === 'DATA_CHANGED' || options.signal?.aborted) throw error;
        return exportFrom(options, undefined);
    }
}

/**
 * Whether a spool made from `spec` holds every row of the group as priced: each account the pricing's memberships
 * gave the group in some period is one the spec spooled. `exportSpoolSpec` derives its superset from the policy
 * before the data is read; this checks it against `resolveMembership`'s answer, so that a membership rule it does not
 * foresee makes the export read the input again instead of missing rows.
 */
export function spoolCovers(spec: SpoolSpec, priced: PricedPolicy, groupIndex: number): boolean {
    const accounts = new Set(spec.accounts);
    const excluded = new Set(spec.excluded);
    for (const membership of priced.memberships.values()) {
        for (const account of membership.accountsOf[groupIndex] ?? []) {
            if (spec.allAccounts ? excluded.has(account) : !accounts.has(account)) return false;
        }
    }
    return true;
}

/**
 * The rows a group's export may need, by usage account (row-spool.ts): a superset of the accounts `resolveMembership`
 * may give the group in any period. The auto-associate group may get any account but those another group claims in
 * every period (listed without dates, or primary, in a group that is no billing transfer still pending).
 */
export function exportSpoolSpec(groups: readonly BillingGroup[], groupIndex: number, dir: string): SpoolSpec {
    const group = groups[groupIndex];
    if (!group) throw new RangeError(`no billing group #${groupIndex}`);
    const accounts = new Set(group.members.map((member) => member.accountId));
    if (group.primaryAccountId !== '') accounts.add(group.primaryAccountId);
    const excluded = new Set<string>();
    if (group.autoAssociate) {
        groups.forEach((other, index) => {
            if (index === groupIndex || other.transfer?.from !== undefined) return;
            for (const member of other.members) if (member.from === undefined && member.until === undefined) excluded.add(member.accountId);
            if (other.primaryAccountId !== '') excluded.add(other.primaryAccountId);
        });
        for (const account of accounts) excluded.delete(account);
    }
    return { dir, accounts: [...accounts], allAccounts: group.autoAssociate, excluded: [...excluded] };
}

async function exportFrom(options: ProformaExportOptions, spools: ReadonlyMap<string, readonly string[]> | undefined): Promise<ProformaExportResult> {
    const { priced, groupIndex, signal } = options;
    const group = priced.policy.groups[groupIndex];
    if (!group) throw new RangeError(`no billing group #${groupIndex}`);
    const format = priced.prepared.cube.format;
    const spec = exportColumns(format);
    const selected = new Set(priced.periods);

    // The header: every input's columns, first-seen order, matched case-insensitively (as the ingest does).
    const columns: string[] = [];
    const columnOf = new Map<string, number>();
    for (const file of options.files) {
        for (const name of await readHeader(file, signal)) {
            const key = name.trim().toLowerCase();
            if (!columnOf.has(key)) {
                columnOf.set(key, columns.length);
                columns.push(name);
            }
        }
    }
    // Marks the file as a pro forma CUR, so that reading it back as data is warned about (ingest).
    const marker = PROFORMA_MARKER_COLUMN[format];
    if (!columnOf.has(marker.toLowerCase())) {
        columnOf.set(marker.toLowerCase(), columns.length);
        columns.push(marker);
    }
    const markerCol = columnOf.get(marker.toLowerCase())!;
    const col = (name: string): number => columnOf.get(name.toLowerCase()) ?? -1;
    const cols = (names: readonly string[]): number[] => names.map(col).filter((index) => index >= 0);
    const costCols = cols(spec.cost);
    const repricedCostCols = cols(spec.repricedCost);
    const rateCols = cols(spec.rate);
    const publicRateCol = col(spec.publicRate);
    const unblendedRateCol = col(spec.unblendedRate);
    const clearedCols = columns.flatMap((name, index) => (spec.cleared(name.trim().toLowerCase()) ? [index] : []));
    const width = columns.length;

    const pricer = createRowPricer(priced);
    const rowCell = reappliedRows(priced);
    const itemized = itemizedItems(group.lineItems);
    const pricingOf = new Map(priced.groups.filter((pricing) => pricing.groupIndex === groupIndex).map((pricing) => [pricing.period, pricing]));
    // The priced line of each (period, item), found once per period rather than once per row.
    const linesOf = new Map<string, Map<CustomLineItem, PricedLineItem>>();
    const lineOf = (period: string, item: CustomLineItem): PricedLineItem | undefined => {
        let lines = linesOf.get(period);
        if (!lines) {
            linesOf.set(period, (lines = new Map()));
            for (const line of pricingOf.get(period)?.lineItems ?? []) if (!lines.has(line.item)) lines.set(line.item, line);
        }
        return lines.get(item);
    };
    const accountNames = new Map(priced.prepared.cube.accountNames);
    for (const account of priced.policy.accounts) if (account.name && !accountNames.has(account.id)) accountNames.set(account.id, account.name);

    const templates = new Map<string, string[]>();
    const awsTemplates = new Set<string>();
    let rows = 0;
    let lineItemRows = 0;
    /** Σ cost written per period (the report's pro forma cost where the group is priced), made when the rows are done. */
    const totals = new Map<string, Decimal>();
    // Rows add up per stream: a period's usage rows (item ''), and each custom line item's rows in a period. The key
    // strings are made once per (period, item): a row's Map lookups then hash no new string.
    const streamKeys = new Map<string, Map<string, string>>();
    const streamKey = (period: string, item: string): string => {
        let keys = streamKeys.get(period);
        if (!keys) streamKeys.set(period, (keys = new Map()));
        let key = keys.get(item);
        if (key === undefined) keys.set(item, (key = `${period}\u0000${item}`));
        return key;
    };
    /** Per stream: its first row of nonzero cost (held back to take the rounding remainder), Σ written, Σ exact. */
    const held = new Map<string, { out: string[]; costIndexes: readonly number[] }>();
    const written = new Map<string, Decimal>();
    const exact = new Map<string, Decimal>();
    /**
     * Writes a row of stream `key` with cost `amount` in `costIndexes`: `row` is its fields, or a custom line item's row
     * made from its line's template (fields made only if it is held back).
     */
    const emit = (key: string, row: string[] | LineItemDraft, amount: Decimal, costIndexes: readonly number[]): Promise<void> | undefined => {
        const sum = exact.get(key);
        exact.set(key, sum === undefined ? ZERO.plus(amount) : sum.plus(amount));
        if (!amount.isZero() && !held.has(key)) {
            held.set(key, { out: Array.isArray(row) ? row : row.fields(), costIndexes });
            return undefined;
        }
        // Most amounts have at most WRITTEN_DECIMALS decimals: written as they are (toDecimalPlaces would give the same value).
        const rounded = amount.decimalPlaces() > WRITTEN_DECIMALS ? amount.toDecimalPlaces(WRITTEN_DECIMALS, Decimal.ROUND_HALF_EVEN) : amount;
        const text = money(rounded);
        const before = written.get(key);
        written.set(key, before === undefined ? ZERO.plus(rounded) : before.plus(rounded));
        if (!Array.isArray(row)) return writer.line(row.line(writer.field(text)));
        for (const index of costIndexes) row[index] = text;
        return writer.row(row);
    };

    const idCol = spec.lineItem.id === undefined ? -1 : col(spec.lineItem.id);
    const fromLineItemCols = cols(spec.lineItem.fromLineItem);
    /** Per priced line: its row without id and without what an itemized row copies from its line item, and the template it was made from. */
    const lineItemBases = new Map<PricedLineItem, LineItemBase>();
    /** The row of a custom line item: the fields common to its rows made (and rendered) once per line and template. */
    const lineItemRow = (period: string, item: CustomLineItem, line: PricedLineItem, sequence: number, source?: readonly string[]): LineItemDraft => {
        const template = templates.get(period);
        let base = lineItemBases.get(line);
        if (!base || base.template !== template) {
            lineItemBases.set(line, (base = new LineItemBase(template, lineItemBase(period, item, line, template), writer, idCol, fromLineItemCols, lineItemCostCols)));
        }
        return new LineItemDraft(base, idCol >= 0 ? lineItemId(group.name, item.name, period, sequence) : '', source);
    };
    const lineItemBase = (period: string, item: CustomLineItem, line: { accountId: string; presentationService: string }, template: string[] | undefined): string[] => {
        const out = new Array<string>(width).fill('');
        const set = (name: string | undefined, value: string): void => {
            if (name === undefined) return;
            const index = col(name);
            if (index >= 0) out[index] = value;
        };
        const start = template?.[col(spec.periodStart)] || `${period}-01T00:00:00Z`;
        const end = template?.[col(spec.periodEnd)] || '';
        for (const name of spec.lineItem.fromPeriod) {
            const index = col(name);
            if (index >= 0 && template) out[index] = template[index]!;
        }
        set(spec.periodStart, start);
        set(spec.lineItem.timeInterval, end ? `${start}/${end}` : '');
        set(spec.lineItem.billType, 'Anniversary');
        set(spec.lineItem.billingEntity, 'AWS');
        set(spec.lineItem.account, line.accountId);
        set(spec.lineItem.accountName, accountNames.get(line.accountId) ?? '');
        set(spec.lineItem.type, lineItemType(format, item, line.presentationService));
        set(spec.lineItem.chargeFrequency, 'Recurring');
        set(spec.lineItem.usageStart, start);
        set(spec.lineItem.usageEnd, end);
        for (const name of spec.lineItem.product) set(name, line.presentationService);
        set(spec.lineItem.productName, line.presentationService === DEFAULT_PRESENTATION_SERVICE ? 'AWS Billing Conductor' : line.presentationService);
        for (const name of spec.lineItem.usageAmount) set(name, '1');
        set(spec.lineItem.description, item.description ?? item.name);
        out[markerCol] = group.name;
        return out;
    };

    // Only the group's rows are priced and written; another group's row is skipped from its period, account and billing
    // entity unless it is to be a template row (above): its period's first row, or its first AWS-sold row. The
    // questions come in file order, so these sets run ahead of `templates` by at most a chunk or row group.
    const periodsSeen = new Set<string>();
    const awsPeriodsSeen = new Set<string>();
    const select = (period: string, accountId: string, billingEntity: () => string): boolean | 'once' => {
        const mine = pricer.groupOf(period, accountId) === groupIndex;
        if (awsPeriodsSeen.has(period)) return mine;
        const aws = billingEntity() === 'AWS';
        if (!mine && !aws && periodsSeen.has(period)) return false;
        periodsSeen.add(period);
        if (aws) awsPeriodsSeen.add(period);
        // On Parquet a key's later rows share its period and entity: after its first row none of them is a template.
        return mine || 'once';
    };

    const lineItemCostCols = [...costCols, ...repricedCostCols, ...rateCols];
    const repricedCostIndexes = [...costCols, ...repricedCostCols];
    const writer = await CsvFileWriter.open(options.output, options.raw === true);
    try {
        await writer.row(columns);
        for (let f = 0; f < options.files.length; f++) {
            const file = options.files[f]!;
            let toOutput = new Int32Array(0);
            for (const part of spools?.get(file) ?? [file]) await streamRows(
                part,
                (header) => { toOutput = Int32Array.from(header, (name) => col(name)); },
                (row) => {
                    const period = row.key.period;
                    if (!selected.has(period)) return undefined;
                    let out: string[] | undefined;
                    // Custom line item rows copy period-level columns (payer, legal entity…) from an AWS-sold row of the period.
                    if (!templates.has(period) || (!awsTemplates.has(period) && row.key.billingEntity === 'AWS')) {
                        out = project(row.fields, toOutput, width);
                        templates.set(period, out);
                        if (row.key.billingEntity === 'AWS') awsTemplates.add(period);
                    }
                    // Another group's row (delivered as a template row, see `select`): not decoded nor priced.
                    if (pricer.groupOf(period, row.key.accountId) !== groupIndex) return undefined;
                    const cell = cellOf(row, file);
                    const price = pricer.price(rowCell(cell));
                    if (price.groupIndex !== groupIndex || price.treatment === 'dropped') return undefined;
                    out = out ? [...out] : project(row.fields, toOutput, width);
                    let pending = emit(streamKey(period, ''), out, price.proformaCost, rewriteCosts(out, price, cell));
                    rows++;

                    for (const entry of itemized) {
                        if (!inPeriodRange(entry.item.periods, period) || !passes(entry.filters, cell.service, price)) continue;
                        const amount = price.proformaCost.times(entry.factor);
                        if (amount.isZero()) continue;
                        const line = lineOf(period, entry.item);
                        if (!line) continue;
                        pending = both(pending, emit(streamKey(period, entry.item.name), lineItemRow(period, entry.item, line, lineItemRows, out), amount, lineItemCostCols));
                        lineItemRows++;
                    }
                    return pending;
                },
                { periods: priced.periods, signal, select, inScan: true },
            );
            options.onFile?.(f + 1, options.files.length);
        }

        // Consolidated items, then what itemized rows leave (the part of their base that is no line item: named flat items).
        // What each item's itemized rows add up to: its stream's sum so far (only itemized rows have written to it).
        const itemizedSums = new Map(exact);
        for (const period of priced.periods) {
            const pricing = pricingOf.get(period);
            if (!pricing) continue;
            for (const line of pricing.lineItems) {
                let amount = fixedDecimal(line.amount);
                if (isItemized(line)) amount = amount.minus(itemizedSums.get(streamKey(period, line.item.name)) ?? ZERO);
                if (amount.isZero() && isItemized(line)) continue;
                await emit(streamKey(period, line.item.name), lineItemRow(period, line.item, line, lineItemRows), amount, lineItemCostCols);
                lineItemRows++;
            }
        }
        // Each stream's held row takes the report's figure minus what its other rows wrote: the sums are the report's.
        for (const period of priced.periods) {
            // Without the group's pricing in the period: what its streams add up to (exact sums, in any order).
            let total = ZERO;
            for (const [key, sum] of exact) if (key.startsWith(`${period}\u0000`)) total = total.plus(sum);
            totals.set(period, total);
        }
        for (const period of priced.periods) {
            const pricing = pricingOf.get(period);
            if (!pricing) continue;
            const streams: [string, Decimal][] = [[streamKey(period, ''), fixedDecimal(pricing.charges)]];
            for (const line of pricing.lineItems) streams.push([streamKey(period, line.item.name), fixedDecimal(line.amount)]);
            for (const [key, target] of streams) {
                const row = held.get(key);
                const sum = exact.get(key) ?? ZERO;
                // The rows' exact amounts add up to the report's figure (custom tiers: to far decimal places); more is a bug.
                if (target.minus(sum).abs().gt(EXACT_SLACK) || (!row && !target.eq(written.get(key) ?? ZERO))) {
                    throw new Error(`internal: the export of group ${group.name}, ${period} (${key.slice(period.length + 1) || 'usage'}) adds up to ${sum.toFixed()}, the report says ${target.toFixed()}`);
                }
                if (!row) continue;
                const text = money(target.minus(written.get(key) ?? ZERO));
                for (const index of row.costIndexes) row.out[index] = text;
                await writer.row(row.out);
            }
            totals.set(period, fixedDecimal(pricing.proformaCost));
        }
        if (options.stamps) await checkUnchanged(options.files, options.stamps);
        await writer.commit();

        /** Writes the row's pro forma figures; returns the columns holding its cost. */
        function rewriteCosts(out: string[], price: RowPrice, cell: CubeCell): readonly number[] {
            out[markerCol] = group.name;
            for (const index of clearedCols) out[index] = '';
            if (price.treatment === 'repriced') {
                const rate = repricedRate(price, cell, out[publicRateCol] ?? '', out[unblendedRateCol] ?? '');
                for (const index of rateCols) out[index] = rate;
                return repricedCostIndexes;
            }
            // Kept at the billed cost: blended and net figures become the unblended ones (no blending, no discounts).
            if (unblendedRateCol >= 0) for (const index of rateCols) out[index] = out[unblendedRateCol]!;
            return costCols;
        }
    } catch (error) {
        await writer.abort();
        throw error;
    }
    return {
        format,
        columns,
        rows,
        lineItemRows,
        totals: new Map([...totals].map(([period, total]) => [period, money(total)])),
    };
}

/** Both writes' promise (a row's writes may each hand a chunk to the file: none is left unawaited). */
function both(first: Promise<void> | undefined, second: Promise<void> | undefined): Promise<void> | undefined {
    return first && second ? Promise.all([first, second]).then(() => undefined) : first ?? second;
}

/** The fields a custom line item's rows share (per priced line and template row), and their rendered row templates. */
class LineItemBase {
    private readonly templates: (RowTemplate | undefined)[] = [undefined, undefined];
    /** Per template (without, with a source line item row): what fills each hole (0 cost, 1 the source's field, 2 the id). */
    private readonly kinds: Uint8Array[] = [];

    constructor(
        readonly template: string[] | undefined,
        readonly out: readonly string[],
        private readonly writer: CsvFileWriter,
        private readonly idCol: number,
        private readonly fromLineItemCols: readonly number[],
        private readonly costCols: readonly number[],
    ) {}

    /** The row's fields: the shared ones, its id and what it copies from its source row (costs are set by the caller). */
    fields(id: string, source: readonly string[] | undefined): string[] {
        const out = this.out.slice();
        if (this.idCol >= 0) out[this.idCol] = id;
        if (source) for (const index of this.fromLineItemCols) out[index] = source[index]!;
        return out;
    }

    /** The row's CSV line: the same text as `writer.row` of `fields` with `cost` (rendered) in every cost column. */
    line(id: string, source: readonly string[] | undefined, cost: string): string {
        const which = source ? 1 : 0;
        let template = this.templates[which];
        if (!template) {
            const holes = [this.idCol, ...(source ? this.fromLineItemCols : []), ...this.costCols];
            template = this.templates[which] = new RowTemplate(this.out.map((value) => this.writer.field(value)), holes);
            // As `fields` then the caller fill them: the cost over the source's field over the id.
            const costs = new Set(this.costCols);
            const copied = new Set(source ? this.fromLineItemCols : []);
            this.kinds[which] = Uint8Array.from(template.holes, (hole) => (costs.has(hole) ? 0 : copied.has(hole) ? 1 : 2));
        }
        const kinds = this.kinds[which]!;
        const holes = template.holes;
        const values = new Array<string>(holes.length);
        for (let k = 0; k < holes.length; k++) {
            const kind = kinds[k];
            values[k] = kind === 0 ? cost : kind === 1 ? this.writer.field(source![holes[k]!]!) : this.writer.field(id);
        }
        return template.line(values);
    }
}

/** One custom line item row, made into fields only when it is held back (the rounding remainder's row), else into its line. */
class LineItemDraft {
    constructor(private readonly base: LineItemBase, private readonly id: string, private readonly source: readonly string[] | undefined) {}

    fields(): string[] {
        return this.base.fields(this.id, this.source);
    }

    line(cost: string): string {
        return this.base.line(this.id, this.source, cost);
    }
}

/**
 * How a line item enters pricing: as its one-row cell, or — in a period whose RIs and Savings Plans were
 * re-applied hour by hour — as the re-applied cube holds it (`reappliedRowCells`: covered usage is Usage,
 * the part its group's own commitments cover taken off its public on-demand cost; negations dropped).
 * The row keeps its own columns; only its costs and rates are rewritten (a partly covered row has no exact
 * per-unit rate: its rate columns are left empty).
 */
function reappliedRows(priced: PricedPolicy): (cell: CubeCell) => CubeCell {
    return reappliedRowCells(priced.prepared.cube) ?? ((cell) => cell);
}

export interface FileStamp {
    readonly size: number;
    readonly mtimeMs: number;
}

/** Size and modification time of each file (to check later that it was not replaced in between). */
export async function fileStamps(files: readonly string[]): Promise<Map<string, FileStamp>> {
    const stamps = new Map<string, FileStamp>();
    for (const file of files) {
        const info = await stat(file).catch(() => undefined);
        if (info) stamps.set(file, { size: info.size, mtimeMs: info.mtimeMs });
    }
    return stamps;
}

async function checkUnchanged(files: readonly string[], stamps: ReadonlyMap<string, FileStamp>): Promise<void> {
    for (const file of files) {
        const before = stamps.get(file);
        const now = await stat(file).catch(() => undefined);
        if (!before || !now || now.size !== before.size || now.mtimeMs !== before.mtimeMs) {
            throw new IngestError('DATA_CHANGED',
                `${file} changed while the export read it (size ${before?.size ?? '?'} → ${now?.size ?? 'gone'} bytes, or its modification time): the export would not match the bill it was priced from; nothing was written, run it again`,
                { file, expected: 'the file as it was priced' });
        }
    }
}

function isItemized(line: PricedLineItem): boolean {
    return line.item.computation === 'ITEMIZED' && line.item.charge.kind === 'percentage';
}

function itemizedItems(items: readonly CustomLineItem[]): ItemizedItem[] {
    const result: ItemizedItem[] = [];
    for (const item of items) {
        if (item.computation !== 'ITEMIZED' || item.charge.kind !== 'percentage') continue;
        const chargesBases = item.charge.bases.filter((base) => base.kind === 'charges').length;
        if (chargesBases === 0) continue;
        let percent: Decimal;
        try {
            percent = new Decimal(item.charge.percent);
        } catch {
            continue; // the pricing counts it 0 and warns; its rows would all be 0
        }
        const factor = percent.div(100).times(chargesBases).times(item.type === 'CREDIT' ? -1 : 1);
        result.push({ item, factor, filters: item.filters });
    }
    return result;
}

/** Whether a row is in the base of a percentage item with these filters (the rules of the report's line items). */
function passes(filters: readonly LineItemFilter[], service: string, price: RowPrice): boolean {
    for (const filter of filters) {
        if (filter.kind === 'excludeSavingsPlanNegation') {
            if (price.lineItemClass === 'negation') return false;
        } else if (filter.services.includes(service) !== (filter.match === 'EQUAL')) {
            return false;
        }
    }
    return true;
}

/**
 * The pro forma per-unit rate of a repriced row where it is exact: the public rate (or, for rows priced
 * from their unblended cost, the unblended rate) × the rule's factor; 0 for usage the free tier covers;
 * empty under custom tiers (the row's cost is usage × the group's average tier rate).
 */
function repricedRate(price: RowPrice, cell: CubeCell, publicRate: string, unblendedRate: string): string {
    if (price.proformaCost.isZero()) return '0';
    const hasPublic = cell.rowsWithoutPublicCost === 0;
    const from = hasPublic && price.base.eq(cell.publicOnDemandCost) ? publicRate
        : !hasPublic && price.base.eq(cell.unblendedCost) ? unblendedRate : '';
    if (from.trim() === '') return '';
    try {
        const rate = new Decimal(from.trim()).times(price.factor);
        return money(rate.toSignificantDigits(RATE_DIGITS, Decimal.ROUND_HALF_EVEN));
    } catch {
        return '';
    }
}

/** The line item type of a custom line item row (ABC: §6.4 of the semantics reference). */
function lineItemType(format: DataFormat, item: CustomLineItem, presentationService: string): string {
    const credit = item.type === 'CREDIT';
    // FOCUS has no line item type: the charge category says fee or credit.
    if (format === 'focus') return credit ? 'Credit' : 'Adjustment';
    const proforma = item.computation === 'ITEMIZED' || presentationService !== DEFAULT_PRESENTATION_SERVICE;
    return `${proforma ? 'Proforma_' : ''}${credit ? 'Credit' : 'Fee'}`;
}

/** A stable id (52 hex digits, the length of CUR ids): the same policy and data give the same file. */
export function lineItemId(group: string, item: string, period: string, sequence: number, oneShot = oneShotHash): string {
    const key = `${group}\u0000${item}\u0000${period}\u0000`;
    // One-shot hashing (Node ≥ 20.12) makes no Hash object per row: a fifth of the cost of copying a prefix's hash.
    if (oneShot) return oneShot('sha256', key + String(sequence), 'hex').slice(0, 52);
    // Else the hash of the common prefix is taken once per (group, item, period) and copied: the same digest as hashing the whole text.
    let prefix = idPrefixes.get(key);
    if (!prefix) {
        if (idPrefixes.size >= 1024) idPrefixes.clear();
        idPrefixes.set(key, (prefix = createHash('sha256').update(key)));
    }
    return prefix.copy().update(String(sequence)).digest('hex').slice(0, 52);
}

const idPrefixes = new Map<string, Hash>();
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

function project(fields: readonly string[], toOutput: Int32Array, width: number): string[] {
    const out = new Array<string>(width).fill('');
    for (let i = 0; i < fields.length; i++) {
        const index = toOutput[i]!;
        if (index >= 0 && out[index] === '') out[index] = fields[i]!;
    }
    return out;
}

/** A streamed row as a one-row cell, with the measures the fast ingest derives (free tier, no public cost). */
function cellOf(row: StreamedRow, file: string): CubeCell {
    const number = (text: string, what: string): Decimal => {
        if (text.trim() === '') return ZERO;
        try {
            return new Decimal(text.trim());
        } catch {
            throw new IngestError('INVALID_NUMBER', `${file}:${row.line}, data row ${row.row}: ${what} ${JSON.stringify(text)} is not a decimal number`, {
                file, row: row.row, line: row.line, expected: 'a decimal number', found: text,
            });
        }
    };
    const unblendedCost = number(row.unblendedCost, 'the cost');
    const publicText = row.publicOnDemandCost ?? '';
    const publicOnDemandCost = publicText.trim() !== '' ? number(publicText, 'the public on-demand cost') : ZERO;
    // As the ingest decides (cube-row-sink.ts): empty, or 0 on a billed row, is no public price.
    const hasPublic = publicText.trim() !== '' && (unblendedCost.isZero() || !publicOnDemandCost.isZero());
    const freeTier = hasPublic && unblendedCost.isZero() && row.key.lineItemType === 'Usage' && publicOnDemandCost.gt(0);
    const key = row.key;
    // The key's fields written out (an object spread of the key per row cost more than the Decimals).
    return {
        period: key.period,
        accountId: key.accountId,
        service: key.service,
        usageType: key.usageType,
        operation: key.operation,
        lineItemType: key.lineItemType,
        billingEntity: key.billingEntity,
        currency: key.currency,
        commitmentOwnerId: key.commitmentOwnerId,
        unblendedCost,
        publicOnDemandCost,
        freeTierPublicCost: freeTier ? publicOnDemandCost : ZERO,
        unblendedWithoutPublicCost: hasPublic ? ZERO : unblendedCost,
        usageAmount: number(row.usageAmount, 'the usage amount'),
        rows: 1,
        rowsWithoutPublicCost: hasPublic ? 0 : 1,
    };
}

/** The header of a data file, read without reading its rows. */
async function readHeader(file: string, signal: AbortSignal | undefined): Promise<readonly string[]> {
    const controller = new AbortController();
    const forward = (): void => controller.abort();
    signal?.addEventListener('abort', forward, { once: true });
    let header: readonly string[] | undefined;
    try {
        await streamRows(file, (names) => {
            header = [...names];
            controller.abort();
        }, () => undefined, { signal: controller.signal, chunkSize: 1 << 16 });
    } catch (error) {
        if (!(header && error instanceof IngestError && error.code === 'ABORTED' && !signal?.aborted)) throw error;
    } finally {
        signal?.removeEventListener('abort', forward);
    }
    if (!header) throw new IngestError('EMPTY_FILE', `${file}: the file is empty`, { file });
    return header;
}

/** How far the rows' exact sum may lie from the report's figure (custom tiers' average rates) before it is a bug. */
const EXACT_SLACK = new Decimal('1e-12');

function fixedDecimal(value: { readonly units: bigint; readonly scale: number }): Decimal {
    return new Decimal(value.units.toString()).div(new Decimal(10).pow(value.scale));
}

/** Exact decimal text (no exponent, no negative zero). */
function money(value: Decimal): string {
    return value.isZero() ? '0' : value.toFixed();
}
