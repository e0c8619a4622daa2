import type { CommitmentLedger, HourUsage, LedgerCommitment, PeriodLedger } from '../cube/commitment-ledger.js';
import { usageNormalizationFactor } from '../commitments/normalization-factors.js';
import type { EligibleUsage, Reservation, SavingsPlan, SavingsPlanOffering } from '../commitments/terms.js';
import { Decimal, ZERO } from '../money/decimal.js';
import type { ScanState } from './csv-scanner.js';
import type { ScaledSum } from './cube-row-sink.js';
import { fieldText } from './csv-scanner.js';
import { Field, type ColumnMapping } from './formats.js';
import { decimalOfText } from './scaled-decimal.js';

/**
 * Collects the commitment ledger (engine/cube/commitment-ledger.ts) beside the cube: RIs from RIFee
 * lines, Savings Plans from SavingsPlanRecurringFee lines, and the commitment-eligible usage (Usage,
 * DiscountedUsage, SavingsPlanCoveredUsage of the services a commitment can cover) summed per period,
 * hour, account and usage key, with the Savings Plan rates seen per SKU and plan. Every other row costs
 * one length test of its line item type. CUR 1.0 and CUR 2.0 only (FOCUS lacks instance types and
 * rates). The result is plain, cloneable data (decimal strings) merged by `mergeLedgers`.
 */

const MS_PER_HOUR = 3_600_000;

/** Services a commitment can cover with instance usage (an instance type on the line). */
const INSTANCE_SERVICES = new Set(['AmazonEC2', 'AmazonRDS', 'AmazonElastiCache', 'AmazonES', 'AmazonRedshift', 'AmazonSageMaker']);

/** The text fields of a usage key (terms.ts), as read from the row. */
type UsageKeyText = Pick<EligibleUsage, 'service' | 'usageType' | 'operation' | 'region' | 'availabilityZone' | 'instanceType' | 'tenancy'>;

export interface RawUsage extends UsageKeyText {
    readonly period: string;
    readonly hour: number;
    readonly accountId: string;
    usageAmount: string;
    publicOnDemandCost: string;
    normalizationFactor: string;
}

export interface RawCommitment extends UsageKeyText {
    readonly period: string;
    readonly kind: 'reservation' | 'savingsPlan';
    readonly arn: string;
    readonly ownerAccountId: string;
    readonly normalizationFactor: string;
    readonly offering: string;
    readonly planRegion: string;
    readonly planFamily: string;
    /** RI: Σ usage amount (reserved hours); SP: Σ commitment. */
    amount: string;
    /** `reservation/NumberOfReservations` when the data says ('' otherwise). */
    numberOfReservations: string;
    /** RDS: `product/deploymentOption` of the RIFee line ('' when the data does not say). */
    deploymentOption: string;
    /** Σ hours of the fee lines' intervals. */
    hours: number;
    intervals: [number, number][];
}

export interface RawPeriodStats {
    /** Eligible usage rows spanning more than one hour or without an interval. */
    coarseRows: number;
    eligibleRows: number;
    commitmentLines: number;
}

/**
 * The fields the ledger reads from a row besides those of the cube's key (`CELL_FIELDS`) and its measures: the native
 * Parquet reader groups the ledger's rows by these too (native-parquet.ts). **A field the ledger starts reading must
 * be added here** (or to `LEDGER_MEASURES`). `TimeInterval` is read where the row has it (the readers of one file do not
 * render it: identities only).
 */
export const LEDGER_FIELDS: readonly Field[] = [
    Field.UsageStart, Field.UsageEnd, Field.Region, Field.AvailabilityZone, Field.Tenancy, Field.NormalizationFactor,
    Field.ReservationCount, Field.ReservationZone, Field.SavingsPlanRate, Field.SavingsPlanOffering, Field.SavingsPlanRegion,
    Field.SavingsPlanFamily, Field.DeploymentOption,
];

/** The amounts the ledger sums: usage, public cost, and a fee line's commitment (the first non-empty of these three). */
export const LEDGER_COMMITMENT_FIELDS: readonly Field[] = [Field.SavingsPlanCommitment, Field.SavingsPlanRecurring, Field.UnblendedCost];

/**
 * Rows of one ledger key aggregated elsewhere (native-parquet.ts): alike in every field the ledger reads as text (they
 * are in the row passed with it), with their amounts summed exactly. `commitment`: Σ of the first non-empty field of
 * `LEDGER_COMMITMENT_FIELDS`, the same one in every row.
 */
export interface LedgerAggregate {
    readonly rows: number;
    readonly unblendedZero: boolean;
    /** Exact sums as units × 10^-scale (undefined: empty in every row). */
    readonly usage?: ScaledSum;
    readonly publicCost?: ScaledSum;
    readonly commitment?: ScaledSum;
}

function decimalOfSum(sum: ScaledSum | undefined): Decimal {
    return sum === undefined ? ZERO : new Decimal(`${sum.units}e-${sum.scale}`);
}

/** One task's share of the ledger (structured-cloneable). */
export interface RawLedger {
    readonly usage: Map<string, RawUsage>;
    readonly commitments: Map<string, RawCommitment>;
    /** `period \0 usageType \0 operation \0 region \0 plan ARN` → rate per usage unit. */
    readonly rates: Map<string, string>;
    readonly periods: Map<string, RawPeriodStats>;
}

export class CommitmentLedgerSink {
    private readonly usage = new Map<string, { raw: RawUsage; amount: Decimal; cost: Decimal; factor: string }>();
    private readonly commitments = new Map<string, { raw: RawCommitment; amount: Decimal }>();
    private readonly rates = new Map<string, string>();
    private readonly periods = new Map<string, RawPeriodStats>();
    private readonly has: Uint8Array;
    /**
     * Set by a reader that feeds aggregates (`addAggregate`): a value the ledger keeps from the first row of a key (a
     * Savings Plan rate, a usage key's normalization factor, a commitment's descriptive fields) that differs between
     * two rows or aggregates of that key is recorded (`aggregateConflict`), since aggregates do not keep the file order.
     */
    checkFirstSeen = false;
    private readonly conflicts: { period: string; what: string; always: boolean }[] = [];

    constructor(mapping: ColumnMapping) {
        this.has = new Uint8Array(mapping.fieldColumn.length);
        mapping.fieldColumn.forEach((column, field) => { this.has[field] = column >= 0 ? 1 : 0; });
    }

    /** A row of the cube (after the period filter); `unblendedZero`: billed at zero (free tier when Usage with a public cost). */
    row(buf: Buffer, st: ScanState, unblendedZero: boolean): void {
        this.take(buf, st, unblendedZero, undefined);
    }

    /**
     * `row` for `agg.rows` rows at once, alike in every field the ledger reads as text (rendered in `buf`/`st` as one
     * row) with their amounts summed: the same derivations (eligibility, intervals, keys, factors) on the aggregate.
     * The result equals reading the rows one by one in any order, except where `aggregateConflict` says otherwise,
     * and except `eligibleRows` of a period coarser than hourly: every eligible row is counted here, while `row` stops
     * counting a period's Usage rows once it knows the period is coarse (only whether it is > 0 is used).
     */
    addAggregate(buf: Buffer, st: ScanState, agg: LedgerAggregate): void {
        this.take(buf, st, agg.unblendedZero, agg);
    }

    /**
     * Lines of a period coarser than hourly that a reader counts instead of feeding them (native-parquet.ts): the
     * period's eligible usage has no hours to keep, so of its Usage, DiscountedUsage, SavingsPlanCoveredUsage and
     * SavingsPlanNegation lines `take` only counts `commitmentLines`, `eligibleRows` and `coarseRows` (it drops the
     * period's hours once it finds a coarse line, and a Savings Plan rate of a coarse period is never used:
     * `mergeLedgers` looks rates up for hourly periods only). Call it before any row of the period is fed: the rows fed
     * after it (fee lines, rows of other measures) then find the period coarse, as `take` would after its first coarse
     * line. `lines` describes `rows` alike lines by the fields `take` reads of them; `eligibleRows` counts every
     * eligible line (`take` stops counting a period's Usage rows once it knows: only `> 0` is used).
     */
    addCountedLines(lines: CountedLines): void {
        const counted = countedLineEffect(lines);
        if (counted === undefined) return;
        let stats = this.periods.get(lines.period);
        if (!stats) this.periods.set(lines.period, (stats = { coarseRows: 0, eligibleRows: 0, commitmentLines: 0 }));
        if (counted.commitmentLine) stats.commitmentLines += lines.rows;
        if (!counted.eligible) return;
        stats.eligibleRows += lines.rows;
        if (counted.coarse) stats.coarseRows += lines.rows;
    }

    /**
     * After the last row or aggregate (with `checkFirstSeen`): why the result may depend on the order of the rows — two
     * rows or aggregates of one key with different first-seen values in a period where they are used — or undefined.
     */
    aggregateConflict(): string | undefined {
        for (const c of this.conflicts) if (c.always || (this.periods.get(c.period)?.coarseRows ?? 0) === 0) return `${c.what} differs between rows of ${c.period}`;
        return undefined;
    }

    private take(buf: Buffer, st: ScanState, unblendedZero: boolean, agg: LedgerAggregate | undefined): void {
        const n = agg?.rows ?? 1;
        const s = st.start[Field.LineItemType]!;
        const len = st.end[Field.LineItemType]! - s;
        // Byte tests first: Usage(5) RIFee(5) DiscountedUsage(15) SavingsPlanNegation(19) SavingsPlanCoveredUsage(23) SavingsPlanRecurringFee(23).
        if (len !== 5 && len !== 15 && len !== 19 && len !== 23) return;
        const first = buf[s];
        if (len === 5 && first === 85 /* U */) {
            // Most rows: a period already known to be daily or monthly needs nothing more from them.
            if (agg === undefined && this.inCoarsePeriod(buf, st)) return;
            if (unblendedZero || !this.eligible(buf, st)) return; // free tier: AWS applies it before any commitment
            if (this.text(Field.LineItemType, buf, st) === 'Usage') this.addUsage(buf, st, false, agg);
            return;
        }
        if (st.escaped[Field.LineItemType]) return;
        const type = buf.toString('latin1', s, s + len);
        switch (type) {
            case 'DiscountedUsage':
            case 'SavingsPlanCoveredUsage':
                this.stats(buf, st).commitmentLines += n;
                if (!this.eligible(buf, st)) return;
                this.addUsage(buf, st, type === 'SavingsPlanCoveredUsage', agg);
                return;
            case 'SavingsPlanNegation':
                this.stats(buf, st).commitmentLines += n;
                return;
            case 'RIFee':
                this.stats(buf, st).commitmentLines += n;
                this.addCommitment(buf, st, 'reservation', agg);
                return;
            case 'SavingsPlanRecurringFee':
                this.stats(buf, st).commitmentLines += n;
                this.addCommitment(buf, st, 'savingsPlan', agg);
                return;
        }
    }

    /**
     * Whether `row` can do anything for a row with these key fields (line item type, service, instance
     * type, usage type: the fields that decide it before any per-row field is read). A columnar reader
     * asks once per distinct key and skips the ledger (and rendering the key fields per row) where not.
     */
    wantsKey(buf: Buffer, st: ScanState): boolean {
        const s = st.start[Field.LineItemType]!;
        const len = st.end[Field.LineItemType]! - s;
        if (len !== 5 && len !== 15 && len !== 19 && len !== 23) return false;
        if (len === 5 && buf[s] === 85 /* U */) return this.text(Field.LineItemType, buf, st) === 'Usage' && this.eligible(buf, st);
        if (st.escaped[Field.LineItemType]) return false;
        const type = buf.toString('latin1', s, s + len);
        return type === 'DiscountedUsage' || type === 'SavingsPlanCoveredUsage' || type === 'SavingsPlanNegation' || type === 'RIFee' || type === 'SavingsPlanRecurringFee';
    }

    /** The last period found to be coarser than hourly (its 7 bytes), compared without making a string. */
    private coarse: Buffer = Buffer.alloc(0);

    private inCoarsePeriod(buf: Buffer, st: ScanState): boolean {
        const c = this.coarse;
        if (c.length !== 7) return false;
        const p = st.start[Field.Period]!;
        for (let i = 0; i < 7; i++) if (buf[p + i] !== c[i]) return false;
        return true;
    }

    finish(): RawLedger {
        const usage = new Map<string, RawUsage>();
        for (const [key, { raw, amount, cost }] of this.usage) { raw.usageAmount = amount.toFixed(); raw.publicOnDemandCost = cost.toFixed(); usage.set(key, raw); }
        const commitments = new Map<string, RawCommitment>();
        for (const [key, { raw, amount }] of this.commitments) { raw.amount = amount.toFixed(); commitments.set(key, raw); }
        return { usage, commitments, rates: this.rates, periods: this.periods };
    }

    private eligible(buf: Buffer, st: ScanState): boolean {
        return commitmentEligible(this.text(Field.Service, buf, st), this.str(Field.InstanceType, buf, st) !== '', () => this.text(Field.UsageType, buf, st));
    }

    private addUsage(buf: Buffer, st: ScanState, covered: boolean, agg: LedgerAggregate | undefined): void {
        const stats = this.stats(buf, st);
        const n = agg?.rows ?? 1;
        stats.eligibleRows += n;
        const interval = this.interval(buf, st);
        const period = this.period(buf, st);
        if (interval === undefined || interval[1] - interval[0] > MS_PER_HOUR) {
            stats.coarseRows += n;
            this.coarse = Buffer.from(period, 'latin1');
            // The period's hours are no use any more: drop what was collected for it.
            for (const [key, u] of this.usage) if (u.raw.period === period) this.usage.delete(key);
            return;
        }
        if (stats.coarseRows > 0) return;
        const hour = interval[0] - (interval[0] % MS_PER_HOUR);
        const accountId = this.text(Field.Account, buf, st);
        const service = this.text(Field.Service, buf, st);
        const usageType = this.text(Field.UsageType, buf, st);
        const operation = this.text(Field.Operation, buf, st);
        const region = this.str(Field.Region, buf, st);
        const availabilityZone = this.str(Field.AvailabilityZone, buf, st);
        const instanceType = this.str(Field.InstanceType, buf, st);
        const tenancy = this.str(Field.Tenancy, buf, st);
        const amount = agg ? decimalOfSum(agg.usage) : this.decimal(Field.UsageAmount, buf, st);
        const cost = agg ? decimalOfSum(agg.publicCost) : this.decimal(Field.PublicCost, buf, st);
        if (covered) {
            const arn = this.str(Field.SavingsPlanArn, buf, st);
            const rate = this.str(Field.SavingsPlanRate, buf, st);
            const rateKey = `${period}\u0000${usageType}\u0000${operation}\u0000${region}\u0000${arn}`;
            if (arn !== '' && rate !== '') {
                const seen = this.rates.get(rateKey);
                if (seen === undefined) this.rates.set(rateKey, decimalOfText(rate).toFixed());
                else if (this.checkFirstSeen && seen !== decimalOfText(rate).toFixed()) this.conflict(period, 'the Savings Plan rate of a usage type and plan', false);
            }
        }
        const key = [period, hour, accountId, service, usageType, operation, region, availabilityZone, instanceType, tenancy].join('\u0000');
        const found = this.usage.get(key);
        if (found) {
            found.amount = found.amount.plus(amount); found.cost = found.cost.plus(cost);
            if (!this.checkFirstSeen) return;
            const factor = this.str(Field.NormalizationFactor, buf, st);
            if (factor !== found.factor && usageNormalizationFactor(instanceType, factor === '' ? undefined : decimalOfText(factor)).toFixed() !== found.raw.normalizationFactor) {
                this.conflict(period, 'the normalization factor of a usage key', false);
            }
            return;
        }
        const factor = this.str(Field.NormalizationFactor, buf, st);
        this.usage.set(key, {
            raw: {
                period, hour, accountId, service, usageType, operation, region, availabilityZone, instanceType, tenancy, usageAmount: '', publicOnDemandCost: '',
                normalizationFactor: usageNormalizationFactor(instanceType, factor === '' ? undefined : decimalOfText(factor)).toFixed(),
            },
            amount, cost, factor,
        });
    }

    private conflict(period: string, what: string, always: boolean): void {
        if (this.conflicts.length < 100) this.conflicts.push({ period, what, always });
    }

    private addCommitment(buf: Buffer, st: ScanState, kind: 'reservation' | 'savingsPlan', agg: LedgerAggregate | undefined): void {
        const arn = this.str(kind === 'reservation' ? Field.ReservationArn : Field.SavingsPlanArn, buf, st);
        const owner = /^arn:[^:]*:[^:]*:[^:]*:(\d+):/.exec(arn)?.[1];
        if (owner === undefined) return;
        const period = this.period(buf, st);
        const interval = this.interval(buf, st);
        const lineHours = interval ? (interval[1] - interval[0]) / MS_PER_HOUR : 0;
        // Σ hours is a float sum in row order: the same in any order (and n × h) only for whole hours (< 2^53).
        if (this.checkFirstSeen && !Number.isInteger(lineHours)) this.conflict(period, 'a fee line of a commitment spanning part of an hour', true);
        const hours = lineHours * (agg?.rows ?? 1);
        const amount = agg ? decimalOfSum(kind === 'reservation' ? agg.usage : agg.commitment) : kind === 'reservation' ? this.decimal(Field.UsageAmount, buf, st)
            : this.firstDecimal(buf, st, ...LEDGER_COMMITMENT_FIELDS);
        const key = `${period}\u0000${arn}`;
        const found = this.commitments.get(key);
        const raw = found && !this.checkFirstSeen ? undefined : this.commitmentOf(buf, st, kind, period, arn, owner, hours, interval);
        if (found) {
            found.amount = found.amount.plus(amount);
            found.raw.hours += hours;
            if (interval) found.raw.intervals.push(interval);
            if (raw !== undefined && !sameDescription(found.raw, raw)) this.conflict(period, 'the description of a commitment', true);
            return;
        }
        this.commitments.set(key, { raw: raw!, amount });
    }

    private commitmentOf(buf: Buffer, st: ScanState, kind: 'reservation' | 'savingsPlan', period: string, arn: string, owner: string, hours: number, interval: [number, number] | undefined): RawCommitment {
        const instanceType = this.str(Field.InstanceType, buf, st);
        const factor = this.str(Field.NormalizationFactor, buf, st);
        return {
            period, kind, arn, ownerAccountId: owner, service: this.text(Field.Service, buf, st), usageType: this.text(Field.UsageType, buf, st),
            operation: this.text(Field.Operation, buf, st), region: this.str(Field.Region, buf, st),
            availabilityZone: this.str(Field.ReservationZone, buf, st) || this.str(Field.AvailabilityZone, buf, st),
            instanceType, tenancy: this.str(Field.Tenancy, buf, st),
            normalizationFactor: usageNormalizationFactor(instanceType, factor === '' ? undefined : decimalOfText(factor)).toFixed(),
            offering: this.str(Field.SavingsPlanOffering, buf, st), planRegion: this.str(Field.SavingsPlanRegion, buf, st),
            planFamily: this.str(Field.SavingsPlanFamily, buf, st), amount: '', numberOfReservations: this.str(Field.ReservationCount, buf, st),
            deploymentOption: kind === 'reservation' ? this.deploymentOption(buf, st) : '',
            hours, intervals: interval ? [interval] : [],
        };
    }

    private stats(buf: Buffer, st: ScanState): RawPeriodStats {
        const period = this.period(buf, st);
        let found = this.periods.get(period);
        if (!found) this.periods.set(period, (found = { coarseRows: 0, eligibleRows: 0, commitmentLines: 0 }));
        return found;
    }

    private period(buf: Buffer, st: ScanState): string {
        return buf.toString('latin1', st.start[Field.Period]!, st.start[Field.Period]! + 7);
    }

    /** [start, end) of the line in epoch ms: identity/TimeInterval, else usage start and end dates. */
    private interval(buf: Buffer, st: ScanState): [number, number] | undefined {
        const interval = this.str(Field.TimeInterval, buf, st);
        const slash = interval.indexOf('/');
        if (slash > 0) return intervalOfTexts(interval.slice(0, slash), interval.slice(slash + 1));
        return intervalOfTexts(this.str(Field.UsageStart, buf, st), this.str(Field.UsageEnd, buf, st));
    }

    private decimal(f: Field, buf: Buffer, st: ScanState): Decimal {
        const text = this.str(f, buf, st);
        return text === '' ? ZERO : decimalOfText(text);
    }

    private firstDecimal(buf: Buffer, st: ScanState, ...fields: Field[]): Decimal {
        for (const f of fields) if (this.str(f, buf, st) !== '') return this.decimal(f, buf, st);
        return ZERO;
    }

    /** `product/deploymentOption`, else the CUR 2.0 `product` map's `deployment_option` (JSON text; '' when absent or unreadable). */
    private deploymentOption(buf: Buffer, st: ScanState): string {
        const flat = this.str(Field.DeploymentOption, buf, st);
        if (flat !== '') return flat;
        const map = this.str(Field.ProductMap, buf, st);
        if (!map.includes('deployment_option')) return '';
        try {
            const value = (JSON.parse(map) as Record<string, unknown>)['deployment_option'];
            return typeof value === 'string' ? value : '';
        } catch {
            return '';
        }
    }

    private text(f: Field, buf: Buffer, st: ScanState): string {
        return fieldText(buf, st.start[f]!, st.end[f]!, st.escaped[f]!);
    }

    private str(f: Field, buf: Buffer, st: ScanState): string {
        return this.has[f] ? this.text(f, buf, st) : '';
    }
}

/**
 * Whether a commitment can cover a usage line (`usageType` is read for Lambda and ECS lines only): instance usage of
 * the services that have instance commitments, and, for Compute Savings Plans, Fargate and Lambda duration (no
 * instance type on those lines).
 */
export function commitmentEligible(service: string, hasInstanceType: boolean, usageType: () => string): boolean {
    if (hasInstanceType) return INSTANCE_SERVICES.has(service);
    if (service === 'AWSLambda') return usageType().includes('GB-Second');
    if (service === 'AmazonECS') return usageType().includes('Fargate');
    return false;
}

/** Services whose lines `commitmentEligible` reads the usage type of (without an instance type). */
export const USAGE_TYPE_ELIGIBILITY_SERVICES: readonly string[] = ['AWSLambda', 'AmazonECS'];

/** [start, end) in epoch ms of a line's interval texts, or undefined (empty, unreadable or not increasing). */
export function intervalOfTexts(start: string, end: string): [number, number] | undefined {
    if (start === '' || end === '') return undefined;
    const s = instant(start);
    const e = instant(end);
    return Number.isFinite(s) && Number.isFinite(e) && e > s ? [s, e] : undefined;
}

/**
 * Lines alike in what the ledger reads of them in a period coarser than hourly (`addCountedLines`): the line item
 * type, the eligibility's inputs (service, whether an instance type is set, the usage type where it is read), the
 * interval texts (usage start and end; a reader of one file renders no TimeInterval), billed at zero or not.
 */
export interface CountedLines {
    readonly period: string;
    readonly type: string;
    readonly service: string;
    readonly hasInstanceType: boolean;
    readonly usageType: string;
    readonly start: string;
    readonly end: string;
    readonly unblendedZero: boolean;
    readonly rows: number;
}

/** The line item types `addCountedLines` takes (the fee lines, which describe commitments, are always fed). */
export const COUNTED_LINE_TYPES: readonly string[] = ['Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation'];

/**
 * What `take` does with such lines in a coarse period: whether they count as commitment lines, as eligible usage
 * (Usage billed above zero, DiscountedUsage and SavingsPlanCoveredUsage, of an eligible service), and whether they
 * make the period coarse (eligible, without an interval of at most one hour); undefined: not a counted type.
 */
export function countedLineEffect(lines: CountedLines): { commitmentLine: boolean; eligible: boolean; coarse: boolean } | undefined {
    const { type } = lines;
    if (!COUNTED_LINE_TYPES.includes(type)) return undefined;
    const commitmentLine = type !== 'Usage';
    const eligible = type !== 'SavingsPlanNegation' && !(type === 'Usage' && lines.unblendedZero)
        && commitmentEligible(lines.service, lines.hasInstanceType, () => lines.usageType);
    const interval = eligible ? intervalOfTexts(lines.start, lines.end) : undefined;
    return { commitmentLine, eligible, coarse: eligible && (interval === undefined || interval[1] - interval[0] > MS_PER_HOUR) };
}

/** Whether two fee lines of one commitment describe it alike (everything but the amounts, hours and intervals). */
function sameDescription(a: RawCommitment, b: RawCommitment): boolean {
    return a.kind === b.kind && a.ownerAccountId === b.ownerAccountId && a.service === b.service && a.usageType === b.usageType && a.operation === b.operation
        && a.region === b.region && a.availabilityZone === b.availabilityZone && a.instanceType === b.instanceType && a.tenancy === b.tenancy
        && a.normalizationFactor === b.normalizationFactor && a.offering === b.offering && a.planRegion === b.planRegion && a.planFamily === b.planFamily
        && a.numberOfReservations === b.numberOfReservations && a.deploymentOption === b.deploymentOption;
}

/** An ISO instant; without a zone (Athena/Parquet text) it is UTC, as CUR times are. */
function instant(text: string): number {
    let value = instants.get(text);
    if (value === undefined) {
        const t = text.trim().replace(' ', 'T');
        value = Date.parse(/(?:Z|[+-]\d\d:?\d\d)$/.test(t) ? t : `${t}Z`);
        if (instants.size >= 10_000) instants.clear();
        instants.set(text, value);
    }
    return value;
}

/** The instants of the texts last seen (a CUR's usage start and end dates repeat: one per hour or day). */
const instants = new Map<string, number>();

/** Merges the tasks' ledgers (in input order, so the first rate seen for a SKU and plan wins) into the cube's ledger. */
export function mergeLedgers(raws: readonly RawLedger[]): CommitmentLedger | undefined {
    const stats = new Map<string, RawPeriodStats>();
    for (const raw of raws) {
        for (const [period, s] of raw.periods) {
            const t = stats.get(period);
            if (t) { t.coarseRows += s.coarseRows; t.eligibleRows += s.eligibleRows; t.commitmentLines += s.commitmentLines; }
            else stats.set(period, { ...s });
        }
    }
    if (stats.size === 0) return undefined;
    const rates = new Map<string, Decimal>();
    for (const raw of raws) for (const [key, rate] of raw.rates) if (!rates.has(key)) rates.set(key, new Decimal(rate));
    const usage = new Map<string, { raw: RawUsage; amount: Decimal; cost: Decimal }>();
    for (const raw of raws) {
        for (const [key, u] of raw.usage) {
            const found = usage.get(key);
            if (found) { found.amount = found.amount.plus(u.usageAmount); found.cost = found.cost.plus(u.publicOnDemandCost); }
            else usage.set(key, { raw: u, amount: new Decimal(u.usageAmount), cost: new Decimal(u.publicOnDemandCost) });
        }
    }
    const commitments = new Map<string, { raw: RawCommitment; amount: Decimal; hours: number; intervals: [number, number][] }>();
    for (const raw of raws) {
        for (const [key, c] of raw.commitments) {
            const found = commitments.get(key);
            if (found) { found.amount = found.amount.plus(c.amount); found.hours += c.hours; found.intervals.push(...c.intervals); }
            else commitments.set(key, { raw: c, amount: new Decimal(c.amount), hours: c.hours, intervals: [...c.intervals] });
        }
    }
    // Rates by SKU (period, usage type, operation, region) → plan ARN → rate.
    const ratesBySku = new Map<string, Map<string, Decimal>>();
    for (const [key, rate] of rates) {
        const at = key.lastIndexOf('\u0000');
        const sku = key.slice(0, at);
        let plans = ratesBySku.get(sku);
        if (!plans) ratesBySku.set(sku, (plans = new Map()));
        plans.set(key.slice(at + 1), rate);
    }
    const NO_RATES: ReadonlyMap<string, Decimal> = new Map();
    const periods = new Map<string, PeriodLedger>();
    for (const period of [...stats.keys()].sort()) {
        const s = stats.get(period)!;
        // No eligible usage at all says nothing of the granularity, and leaves nothing to re-apply.
        const hourly = s.coarseRows === 0 && s.eligibleRows > 0;
        const byHour = new Map<number, EligibleUsage[]>();
        if (hourly) {
            for (const { raw: u, amount, cost } of usage.values()) {
                if (u.period !== period) continue;
                const eligible: EligibleUsage = {
                    accountId: u.accountId, service: u.service, usageType: u.usageType, operation: u.operation, region: u.region,
                    availabilityZone: u.availabilityZone, instanceType: u.instanceType, tenancy: u.tenancy, usageAmount: amount,
                    normalizationFactor: new Decimal(u.normalizationFactor), publicOnDemandCost: cost,
                    savingsPlanRates: ratesBySku.get(`${period}\u0000${u.usageType}\u0000${u.operation}\u0000${u.region}`) ?? NO_RATES,
                };
                const list = byHour.get(u.hour);
                if (list) list.push(eligible);
                else byHour.set(u.hour, [eligible]);
            }
        }
        const hours: HourUsage[] = [...byHour.entries()].sort((a, b) => a[0] - b[0]).map(([hour, list]) => ({ hour, usage: list.sort(compareUsage) }));
        const ledgerCommitments: LedgerCommitment[] = [];
        for (const { raw: c, amount, hours: feeHours, intervals } of commitments.values()) {
            if (c.period !== period) continue;
            const commitment = c.kind === 'reservation' ? reservationOf(c, amount, feeHours) : savingsPlanOf(c, amount, feeHours);
            if (commitment) ledgerCommitments.push({ commitment, intervals: union(intervals) });
        }
        ledgerCommitments.sort((a, b) => (a.commitment.arn < b.commitment.arn ? -1 : a.commitment.arn > b.commitment.arn ? 1 : 0));
        periods.set(period, { period, granularity: hourly ? 'hourly' : 'coarser', eligibleRows: s.eligibleRows, commitmentLines: s.commitmentLines, commitments: ledgerCommitments, hours });
    }
    return { periods };
}

function reservationOf(c: RawCommitment, amount: Decimal, hours: number): Reservation | undefined {
    const count = c.numberOfReservations !== '' ? new Decimal(c.numberOfReservations) : hours > 0 ? amount.div(hours) : ZERO;
    return {
        kind: 'reservation', arn: c.arn, ownerAccountId: c.ownerAccountId, service: c.service, region: c.region,
        availabilityZone: c.availabilityZone, instanceType: c.instanceType || instanceTypeOfUsageType(c.usageType),
        operation: c.operation, tenancy: c.tenancy, count, normalizedUnitsPerHour: count.times(c.normalizationFactor),
        ...(c.deploymentOption !== '' && { deploymentOption: c.deploymentOption }),
    };
}

function savingsPlanOf(c: RawCommitment, amount: Decimal, hours: number): SavingsPlan | undefined {
    const offering = offeringOf(c.offering, c.usageType);
    if (offering === undefined || hours <= 0) return undefined;
    return {
        kind: 'savingsPlan', arn: c.arn, ownerAccountId: c.ownerAccountId, offering, region: c.planRegion, instanceFamily: c.planFamily,
        hourlyCommitment: amount.div(hours),
    };
}

/** `savingsPlan/OfferingType` (Compute, EC2Instance, SageMaker …), else the fee line's usage type (`ComputeSP:1yrNoUpfront`). */
function offeringOf(offering: string, usageType: string): SavingsPlanOffering | undefined {
    const text = `${offering} ${usageType}`.toLowerCase();
    if (text.includes('sagemaker')) return 'SageMakerSavingsPlans';
    if (text.includes('ec2instance') || text.includes('ec2 instance') || text.includes('instancesp')) return 'EC2InstanceSavingsPlans';
    if (text.includes('compute')) return 'ComputeSavingsPlans';
    return undefined;
}

/** `USE1-HeavyUsage:m5.xlarge` → `m5.xlarge`. */
function instanceTypeOfUsageType(usageType: string): string {
    const at = usageType.lastIndexOf(':');
    return at >= 0 ? usageType.slice(at + 1) : '';
}

function union(intervals: readonly [number, number][]): [number, number][] {
    const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
    const out: [number, number][] = [];
    for (const [s, e] of sorted) {
        const last = out[out.length - 1];
        if (last && s <= last[1]) last[1] = Math.max(last[1], e);
        else out.push([s, e]);
    }
    return out;
}

function compareUsage(a: EligibleUsage, b: EligibleUsage): number {
    const x = [a.accountId, a.service, a.usageType, a.operation, a.region, a.availabilityZone, a.instanceType, a.tenancy];
    const y = [b.accountId, b.service, b.usageType, b.operation, b.region, b.availabilityZone, b.instanceType, b.tenancy];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    return 0;
}
