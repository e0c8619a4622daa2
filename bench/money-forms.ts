/**
 * What the exact-double money form (engine/price/exact-accumulator.ts) buys on the re-pricing path, measured in one
 * run on the re-pricing benchmark's cube (1M generated rows, 10,000 accounts, cached in .bench/ like `npm run bench`
 * section 3): the per-edit loop's exact sums over the prepared records as exact doubles (ExactAccumulator) against
 * the same sums as plain BigInt additions (the representation it would fall back to without them), then whole edits
 * (pricePolicy + headline report of bench/reprice-policy.ts's 5,000 groups) with the accumulator's additions as
 * they are and as BigInt additions, alternating edit by edit (same figures checked). Prints figures and the ratio; asserts
 * nothing. Run: `npx esbuild bench/money-forms.ts --bundle --platform=node --outfile=out/money-forms.cjs && node out/money-forms.cjs`.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateCur } from '../engine/generate/index.js';
import { ingest } from '../engine/ingest/index.js';
import { ExactAccumulator, type ExactValues } from '../engine/price/exact-accumulator.js';
import { buildReport, prepareCube, pricePolicy } from '../engine/price/index.js';
import { repricePolicy } from './reprice-policy.js';

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const time = (run: () => unknown): number => {
    const started = process.hrtime.bigint();
    run();
    return Number(process.hrtime.bigint() - started) / 1e6;
};

async function main(): Promise<void> {
    const dir = path.resolve('.bench');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'cur1-1000000-10000-accounts.csv');
    const accounts = Array.from({ length: 10_000 }, (_x, i) => String(100000000000 + i * 7919));
    if (!existsSync(file)) await generateCur({ output: file, rows: 1_000_000, seed: 424242, accounts, periods: 1, startPeriod: '2026-03' });
    const prepared = prepareCube(await ingest([file]));
    const records = prepared.records;
    const numbers = records.numbers;
    const bigints = Array.from(numbers, (value, i) => (value === value ? BigInt(value) : records.exact.get(i)!));
    console.log(`${prepared.cube.rows} rows, ${prepared.cube.cells.length} cells, ${numbers.length} record entries (${records.exact.size} not safe integers)`);

    const asDoubles = (): bigint => {
        const sum = new ExactAccumulator();
        for (let i = 0; i < numbers.length; i++) sum.addAt(records, i);
        return sum.take();
    };
    const asBigInts = (): bigint => {
        let sum = 0n;
        for (let i = 0; i < bigints.length; i++) sum += bigints[i]!;
        return sum;
    };
    if (asDoubles() !== asBigInts()) throw new Error('the two sums differ');
    const doubles: number[] = [];
    const bigs: number[] = [];
    for (let round = 0; round < 15; round++) {
        doubles.push(time(asDoubles));
        bigs.push(time(asBigInts));
    }
    console.log(`Σ over every record: exact doubles median ${median(doubles).toFixed(2)} ms, BigInt ${median(bigs).toFixed(2)} ms: BigInt / doubles = ${(median(bigs) / median(doubles)).toFixed(2)}`);

    // Whole edits, the accumulator's additions as they are and as BigInt additions over BigInt columns (what the
    // loop would do without the exact-double form; the columns' BigInt copies are made once, outside the timing).
    const original = { addAt: ExactAccumulator.prototype.addAt, subtractAt: ExactAccumulator.prototype.subtractAt };
    const copies = new Map<unknown, bigint[]>();
    const bigintsOf = (column: ExactValues): bigint[] => {
        let copy = copies.get(column.numbers);
        if (!copy) copies.set(column.numbers, (copy = Array.from(column.numbers, (value, i) => (value === value ? BigInt(value) : column.exact.get(i)!))));
        return copy;
    };
    let lastColumn: unknown;
    let lastCopy: bigint[] = [];
    const asBigInt = {
        addAt(this: ExactAccumulator, column: ExactValues, i: number): void {
            if (column.numbers !== lastColumn) [lastColumn, lastCopy] = [column.numbers, bigintsOf(column)];
            (this as unknown as { big: bigint }).big += lastCopy[i]!;
        },
        subtractAt(this: ExactAccumulator, column: ExactValues, i: number): void {
            if (column.numbers !== lastColumn) [lastColumn, lastCopy] = [column.numbers, bigintsOf(column)];
            (this as unknown as { big: bigint }).big -= lastCopy[i]!;
        },
    };
    const periodAccounts = prepared.byPeriod.values().next().value!.accounts.map((account) => account.accountId);
    const edit = (n: number): { ms: number; total: string } => {
        const policy = repricePolicy(periodAccounts, 5000, n);
        let total = '';
        const ms = time(() => (total = buildReport(pricePolicy(prepared, policy), { detail: false }).total.proformaCost));
        return { ms, total };
    };
    Object.assign(ExactAccumulator.prototype, asBigInt);
    edit(0);
    const withDoubles: number[] = [];
    const withBigInts: number[] = [];
    for (let n = 1; n <= 12; n++) {
        Object.assign(ExactAccumulator.prototype, original);
        const a = edit(n);
        Object.assign(ExactAccumulator.prototype, asBigInt);
        const b = edit(n);
        if (a.total !== b.total) throw new Error(`edit ${n}: ${a.total} ≠ ${b.total}`);
        withDoubles.push(a.ms);
        withBigInts.push(b.ms);
    }
    Object.assign(ExactAccumulator.prototype, original);
    console.log(`one edit (pricePolicy + headline report, 5,000 groups): exact doubles median ${median(withDoubles).toFixed(2)} ms, BigInt additions ${median(withBigInts).toFixed(2)} ms: ` +
        `ratio ${(median(withBigInts) / median(withDoubles)).toFixed(2)} (load average ${os.loadavg()[0]!.toFixed(1)})`);
}

void main();
