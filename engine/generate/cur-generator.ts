import * as path from 'node:path';
import { AtomicFile } from '../files/index.js';
import { CATALOG } from './catalog.js';
import { applyReservation, sizeReservations, sizeSavingsPlan, type Reservation, type SavingsPlan } from './commitments.js';
import { CUR1_COLUMNS, csvLine } from './cur-columns.js';
import { PeriodWriter } from './line-items.js';
import { planPeriod } from './period-plan.js';
import { Prng } from './prng.js';
import { buildAccounts, buildBudgets, type PeriodBudgets } from './usage-model.js';

export { CUR1_COLUMNS } from './cur-columns.js';
export { exponentForm } from './line-items.js';

/**
 * Deterministic generator of realistic CUR 1.0 CSV: the same options and seed give the same bytes on
 * every machine (integer PRNG, exact BigInt money, IEEE arithmetic only for planning). Rows are
 * written as they are made, so millions of rows need no memory; the output appears atomically
 * (temp file + rename).
 *
 * The data is a plausible organisation's bill (organisation.ts): each account has a workload profile
 * and a monthly spend that grows a little from period to period; the number of rows only decides how
 * finely that spend is split into line items. Line item types: Usage (with free-tier rows billed 0 at
 * a public cost), DiscountedUsage covered by Reserved Instances with their RIFee and upfront Fee
 * (bill type Purchase), SavingsPlanCoveredUsage followed by its SavingsPlanNegation with the plan's
 * SavingsPlanRecurringFee, Credit, Refund, EdpDiscount, Tax, support (AWSSupportBusiness Fee) and AWS
 * Marketplace usage. Commitments are consistent with their use: Σ reservation/EffectiveCost of an RI's
 * DiscountedUsage + the RIFee line's EffectiveCost (its unused part) = RIFee cost + the period's
 * amortized upfront; Σ savingsPlan/SavingsPlanEffectiveCost of a plan's covered usage = its
 * UsedCommitment ≤ its recurring fee. Money has up to 10 decimals and, now and then, exponent notation.
 */

export interface GenerateCurOptions {
    /** Output path; `.gz` compresses. */
    readonly output: string;
    readonly rows: number;
    readonly seed?: number;
    /** Usage account ids, or how many to make up (default 24). */
    readonly accounts?: number | readonly string[];
    readonly payerAccountId?: string;
    /** Billing periods `YYYY-MM`, or how many from `startPeriod` (default 3). */
    readonly periods?: number | readonly string[];
    readonly startPeriod?: string;
    /** Product codes to use (default: the whole catalog). */
    readonly services?: readonly string[];
    /**
     * Accounts that own the commitments, among `accounts`: the first buys the Compute Savings Plan, the
     * second (or the first, if only one) the Reserved Instances. Default: the first and third accounts.
     */
    readonly commitmentOwners?: readonly string[];
    /**
     * Time granularity of usage lines: `daily` (default) spreads each usage over days of the month;
     * `monthly` makes every line span its billing period, as a monthly CUR does (a small file then
     * holds a month of each resource rather than scattered days).
     */
    readonly granularity?: 'daily' | 'monthly';
    /**
     * The cases of real exports (issue 10) that the default output leaves out: Spot instance hours and idle
     * Elastic IP addresses billed with a public on-demand cost of 0 (accounts of the web-development and
     * load-testing profiles), and AWS Marketplace usage with a public on-demand cost of 0, as AWS writes them.
     * The bundled sample has them; the default is off, so other generated data keeps its bytes.
     */
    readonly realExportCases?: boolean;
}

export interface GenerateCurResult {
    readonly path: string;
    readonly rows: number;
    readonly columns: number;
    readonly periods: readonly string[];
    readonly accounts: readonly string[];
}

export async function generateCur(options: GenerateCurOptions): Promise<GenerateCurResult> {
    const rng = new Prng(options.seed ?? 1);
    const payer = options.payerAccountId ?? '999999999999';
    const accountIds = typeof options.accounts === 'object' ? [...options.accounts] : makeAccounts(rng, options.accounts ?? 24);
    const periods = typeof options.periods === 'object' ? [...options.periods] : makePeriods(options.startPeriod ?? '2026-01', options.periods ?? 3);
    const services = options.services ? CATALOG.filter(s => options.services!.includes(s.code)) : CATALOG;
    if (services.length === 0) throw new Error(`no catalog service among ${options.services!.join(', ')}`);
    if (accountIds.length === 0 || periods.length === 0) throw new Error('the generator needs at least one account and one period');
    const owners = commitmentOwners(accountIds, options.commitmentOwners);

    const days = periods.map(p => daysIn(...(p.split('-').map(Number) as [number, number])));
    const hours = days.map(d => d * 24);
    const accounts = buildAccounts(accountIds, services, options.realExportCases === true);
    const budgets = buildBudgets(rng, accounts, days);
    const reservations = sizeReservations(rng, accounts, owners.reservations, services, budgets, hours);
    const savingsPlans = savingsPlansFor(rng, accounts, owners.savingsPlan, budgets[0]!, reservations, hours[0]!);
    const skuCache = new Map<string, string>();

    const output = path.resolve(options.output);
    const file = await AtomicFile.open(output);

    // Rows are encoded into ~1 MB buffers as they are made (each line's string dies young, so the
    // garbage collector never has to move a megabyte of row strings); full buffers wait for the sink.
    const chunks = new ChunkBuffer();
    chunks.add(CUR1_COLUMNS.join(',') + '\n');
    const flushFull = async (): Promise<void> => {
        for (const bytes of chunks.takeFull()) await file.write(bytes);
    };

    let written = 0;
    try {
        for (let p = 0; p < periods.length; p++) {
            const period = periods[p]!;
            const periodRows = Math.floor(options.rows * (p + 1) / periods.length) - Math.floor(options.rows * p / periods.length);
            if (periodRows === 0) continue;
            const [year, month] = period.split('-').map(Number) as [number, number];
            const plan = planPeriod({
                accounts, budgets: budgets[p]!, periodIndex: p, hours: hours[p]!, reservations, savingsPlans,
                refundPeriod: Math.min(1, periods.length - 1), rows: periodRows,
            });
            const writer = new PeriodWriter({
                rng, payer, accounts, period, skuCache, days: days[p]!, hours: hours[p]!, granularity: options.granularity ?? 'daily', realExportCases: options.realExportCases === true,
                start: `${period}-01T00:00:00Z`, end: `${nextPeriod(period)}-01T00:00:00Z`,
                invoice: `${year}${String(month).padStart(2, '0')}${rng.int(100000, 999999)}`,
            }, row => {
                chunks.add(csvLine(row));
                written++;
            });
            for (const stream of plan.streams) {
                writer.stream(stream);
                await flushFull();
            }
            for (const item of plan.monthly) writer.monthly(item);
            await flushFull();
        }
        chunks.finish();
        await flushFull();
        await file.commit();
    } catch (error) {
        await file.abort();
        throw error;
    }
    return { path: output, rows: written, columns: CUR1_COLUMNS.length, periods, accounts: accountIds };
}

const CHUNK_BYTES = 1 << 20;

/** UTF-8 bytes of text added piece by piece, in buffers of about CHUNK_BYTES. */
export class ChunkBuffer {
    private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    private used = 0;
    private full: Buffer[] = [];

    add(text: string): void {
        // A UTF-16 code unit is at most 3 bytes of UTF-8.
        if (this.used + text.length * 3 > CHUNK_BYTES) {
            this.finish();
            if (text.length * 3 > CHUNK_BYTES) {
                this.full.push(Buffer.from(text, 'utf8'));
                return;
            }
        }
        this.used += this.buffer.write(text, this.used, 'utf8');
    }

    /** Makes the bytes added so far a full buffer. */
    finish(): void {
        if (this.used === 0) return;
        this.full.push(this.buffer.subarray(0, this.used));
        this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        this.used = 0;
    }

    /** The full buffers, oldest first; they are then forgotten. */
    takeFull(): Buffer[] {
        const full = this.full;
        this.full = [];
        return full;
    }
}

function commitmentOwners(accounts: readonly string[], given: readonly string[] | undefined): { savingsPlan: number; reservations: number } {
    if (!given || given.length === 0) return { savingsPlan: 0, reservations: Math.min(2, accounts.length - 1) };
    const index = given.map(id => {
        const i = accounts.indexOf(id);
        if (i < 0) throw new Error(`commitment owner ${id} is not one of the accounts`);
        return i;
    });
    return { savingsPlan: index[0]!, reservations: index[1] ?? index[0]! };
}

/** The Savings Plan is sized on the first period's compute left after the RIs that already cover it. */
function savingsPlansFor(
    rng: Prng, accounts: Parameters<typeof sizeSavingsPlan>[1], owner: number, first: PeriodBudgets,
    reservations: readonly Reservation[], hours: number,
): SavingsPlan[] {
    const budgets = first.map(b => new Map(b));
    for (const ri of reservations) if (ri.firstPeriod === 0) applyReservation(ri, budgets, hours);
    const plan = sizeSavingsPlan(rng, accounts, owner, budgets, hours);
    return plan ? [plan] : [];
}

function makeAccounts(rng: Prng, count: number): string[] {
    const out = new Set<string>();
    while (out.size < count) out.add(String(rng.int(100000, 999999)) + String(rng.int(100000, 999999)));
    return [...out];
}

function makePeriods(start: string, count: number): string[] {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(start)) throw new Error(`start period ${start} is not YYYY-MM`);
    const out = [start];
    while (out.length < count) out.push(nextPeriod(out[out.length - 1]!));
    return out;
}

function nextPeriod(period: string): string {
    const [y, m] = period.split('-').map(Number) as [number, number];
    return m === 12 ? `${y + 1}-01` : `${y}-${m + 1 < 10 ? '0' : ''}${m + 1}`;
}

function daysIn(year: number, month: number): number {
    if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
    return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
