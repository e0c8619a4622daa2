/**
 * What the exact-double money form (engine/price/exact-accumulator.ts) buys on the re-pricing path, measured in one
 * run on the re-pricing benchmark's cube (1M generated rows, 10,000 accounts, cached in .bench/ like `npm run bench`
 * section 3): the per-edit loop's exact sums over the prepared records as exact doubles (ExactAccumulator) against
 * the same sums as plain BigInt additions (the representation it would fall back to without them), alternating
 * round by round, and a whole edit (pricePolicy + headline report) for scale. Prints figures and the ratio; asserts
 * nothing. Run: `npx esbuild bench/money-forms.ts --bundle --platform=node --outfile=out/money-forms.cjs && node out/money-forms.cjs`.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { generateCur } from '../engine/generate/index.js';
import { ingest } from '../engine/ingest/index.js';
import { ExactAccumulator } from '../engine/price/exact-accumulator.js';
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
    const edits: number[] = [];
    for (let edit = 0; edit < 15; edit++) {
        const policy = repricePolicy(prepared.byPeriod.values().next().value!.accounts.map((account) => account.accountId), 5000, edit);
        edits.push(time(() => buildReport(pricePolicy(prepared, policy), { detail: false })));
    }
    console.log(`Σ over every record: exact doubles median ${median(doubles).toFixed(2)} ms, BigInt ${median(bigs).toFixed(2)} ms: BigInt / doubles = ${(median(bigs) / median(doubles)).toFixed(2)}`);
    console.log(`one edit (pricePolicy + headline report, 5,000 groups): median ${median(edits).toFixed(2)} ms`);
}

void main();
