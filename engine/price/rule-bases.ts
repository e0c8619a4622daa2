// The per-rule bases of one account's segment walk, summed and kept across edits (see `RuleBasesCache`).
import { ExactAccumulator, ExactColumnBuilder, safeNumber } from './exact-accumulator.js';
import { PAIR_OWNER, PAIR_STRIDE, SEG_OWNER, SEGMENT_STRIDE, type PreparedAccount, type PreparedCube } from './prepare-cube.js';

/**
 * Exact sums of bases by rule order (a rule's position in its plan), plus what no rule prices (`plain`, kept costs
 * and unpriced bases, × 10^factorPlaces later) and the kept SavingsPlanNegation: what the segment walk of
 * `GroupCellPricer.totals` adds up for a group, or for one account of it (then taken as `AccountBases`).
 */
export class RuleSums {
    private readonly sums: ExactAccumulator[] = [];
    private seen = new Uint8Array(0);
    /** The orders added to since the last take: [0, touchedCount) (a reused array). */
    readonly touched: number[] = [];
    touchedCount = 0;
    readonly plain = new ExactAccumulator();
    readonly negation = new ExactAccumulator();

    /** Room for rule orders [0, size): called once per group (`PlanRules.ruleCount`), not per segment. */
    ensure(size: number): void {
        if (size <= this.seen.length) return;
        const seen = new Uint8Array(Math.max(size, 2 * this.seen.length));
        seen.set(this.seen);
        this.seen = seen;
        while (this.sums.length < seen.length) this.sums.push(new ExactAccumulator());
    }

    /** The sum of one rule order (marked as used). */
    of(order: number): ExactAccumulator {
        if (this.seen[order] === 0) {
            this.seen[order] = 1;
            this.touched[this.touchedCount++] = order;
        }
        return this.sums[order]!;
    }

    /** The sum of the `t`-th order used, unmarked (the caller drains it). */
    release(t: number): ExactAccumulator {
        const order = this.touched[t]!;
        this.seen[order] = 0;
        return this.sums[order]!;
    }

    /** Adds an account's bases (a kept walk of `table`); returns its rows without a public price. */
    add(table: BasesTable, bases: AccountBases): number {
        const values = table.values;
        const numbers = values.numbers;
        const { at, count } = bases;
        const orders = at + count + 2;
        for (let j = 0; j < count; j++) this.of(numbers[orders + j]!).addAt(values, at + j);
        this.plain.addAt(values, at + count);
        this.negation.addAt(values, at + count + 1);
        return bases.rows;
    }

    /** Everything summed so far, written into `table` as `AccountBases`; resets. */
    take(rows: number, table: BasesTable): AccountBases {
        const count = this.touchedCount;
        const at = table.reserve(2 * count + 2);
        const values = table.values;
        const put = (i: number, units: bigint): void => {
            const value = safeNumber(units);
            values.set(i, value, value === value ? undefined : units);
        };
        for (let t = 0; t < count; t++) {
            values.numbers[at + count + 2 + t] = this.touched[t]!;
            put(at + t, this.release(t).take());
        }
        this.touchedCount = 0;
        put(at + count, this.plain.take());
        put(at + count + 1, this.negation.take());
        return { at, count, rows };
    }
}

/**
 * One account's segment walk under one plan shape, in its table's `values` from `at`: Σ bases per rule order
 * (`count` of them), the plain sum, the kept negation, then the `count` rule orders; exact doubles, with the
 * BigInts that are not safe integers in the values' side map. One flat column per table, not arrays per account:
 * tens of thousands of accounts are kept per shape.
 */
export interface AccountBases {
    readonly at: number;
    readonly count: number;
    readonly rows: number;
}

/**
 * The kept walks of one account under one plan shape. A walk reads the group only to ask whether a commitment's
 * owner is in it (covered usage is then kept, not repriced); the account itself always is, so a walk is a
 * function of which of the account's other owners (`owners`) are in the group: `variants[mask]`, bit k set when
 * `owners[k]` is.
 */
export interface AccountWalks {
    readonly owners: readonly number[];
    readonly variants: (AccountBases | undefined)[];
}

/** The kept walks of one plan shape in one period. */
export class BasesTable {
    /**
     * Per account index: its walks; null when they are not kept (more than `MAX_OWNERS` other owners, or a service
     * priced through custom tiers, whose buckets are the group's), so the account is walked on every edit;
     * undefined when not walked yet.
     */
    readonly walks: (AccountWalks | null | undefined)[];
    /** Every kept walk's figures (`AccountBases`). */
    readonly values = new ExactColumnBuilder(1024);
    private used = 0;

    constructor(accountCount: number) {
        this.walks = new Array(accountCount);
    }

    /** Room for `size` more values; returns where they start. */
    reserve(size: number): number {
        const at = this.used;
        this.used += size;
        this.values.ensure(this.used);
        return at;
    }
}

/** 2^4 variants at most per account and shape. */
export const MAX_OWNERS = 4;

/** The commitment owners other than the account itself that its segment and pair records name, ascending. */
export function otherOwners(prepared: PreparedCube, account: PreparedAccount): number[] {
    const { recordStart, pairStart } = prepared.runs;
    const data = prepared.records.numbers;
    const owners = new Set<number>();
    for (let r = account.firstRun; r < account.endRun; r++) {
        for (let at = recordStart[r]!; at < pairStart[r]!; at += SEGMENT_STRIDE) owners.add(data[at + SEG_OWNER]!);
        for (let at = pairStart[r]!; at < recordStart[r + 1]!; at += PAIR_STRIDE) owners.add(data[at + PAIR_OWNER]!);
    }
    return [...owners].filter((owner) => owner >= 0 && owner !== account.index).sort((a, b) => a - b);
}

/**
 * Segment walks kept across pricings of one prepared cube, so that an edit that changes rates (the common edit)
 * or moves groups between plans of the same shape adds a few cached sums per account instead of walking its
 * segments again. An account's walk is a function of its cells (this cache's owner and the period), of the plan's
 * shape (`PlanRules.shape`: which rule order prices each service, billing entity and SKU, and the tiering
 * choices; not the rates, which multiply the sums afterwards) and of which of its commitments' owners are in the
 * group (`AccountWalks`). The policy is new objects on every
 * edit, so tables are keyed by content (period and shape text), never by identity. Tables the last few pricings
 * did not use are dropped once there are more than `TABLE_LIMIT`.
 */
export class RuleBasesCache {
    private readonly tables = new Map<string, { table: BasesTable; used: number }>();
    private pricing = 0;

    constructor(private readonly accountCount: number) {}

    /** Called once per pricing: ages the tables. */
    startPricing(): void {
        this.pricing++;
        if (this.tables.size <= TABLE_LIMIT) return;
        for (const [key, entry] of this.tables) if (entry.used < this.pricing - 4) this.tables.delete(key);
    }

    table(period: string, shape: string): BasesTable {
        const key = `${period}\u0000${shape}`;
        let entry = this.tables.get(key);
        if (!entry) this.tables.set(key, (entry = { table: new BasesTable(this.accountCount), used: this.pricing }));
        entry.used = this.pricing;
        return entry.table;
    }
}

/** Tables per plan shape and period: each is ~8 bytes per account of the cube plus ~150 per walked account. */
const TABLE_LIMIT = 64;

const caches = new WeakMap<PreparedCube, RuleBasesCache>();

/** The cache of a prepared cube, aged for a new pricing. */
export function ruleBasesCacheOf(prepared: PreparedCube): RuleBasesCache {
    let cache = caches.get(prepared);
    if (!cache) caches.set(prepared, (cache = new RuleBasesCache(prepared.accountIds.length)));
    cache.startPricing();
    return cache;
}
