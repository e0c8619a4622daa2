import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCur } from '../../../engine/generate/index.js';
import { ingest } from '../../../engine/ingest/index.js';
import { buildIngestWorker, tempDir } from './helpers.js';
import { expectCubeMatchesOracle, oracleCube, total } from './oracle.js';

/** Generated CUR 1.0 data: the cube must equal DuckDB's GROUP BY to the last decimal, however it is read. */
describe('ingest of generated CUR 1.0 data vs the DuckDB oracle', () => {
    const dir = tempDir('generated');
    const csv = path.join(dir, 'cur.csv');
    let worker: string;

    beforeAll(async () => {
        await generateCur({ output: csv, rows: 40_000, seed: 99, accounts: 30, periods: 3 });
        writeFileSync(path.join(dir, 'cur.csv.gz'), gzipSync(readFileSync(csv)));
        worker = await buildIngestWorker(dir);
    });

    it('in the calling thread', async () => {
        const cube = await ingest([csv], { workers: 0 });
        expect(cube.format).toBe('cur1');
        expect(cube.rows).toBe(40_000);
        expect(cube.issues).toEqual([]);
        expectCubeMatchesOracle(cube, await oracleCube([csv], { format: 'cur1' }));
    });

    it('has every line item type, free-tier rows, commitment owners and exponent-notation money', async () => {
        const text = readFileSync(csv, 'utf8');
        expect(text).toMatch(/,\d(\.\d+)?E-\d+,/);
        const cube = await ingest([csv], { workers: 0 });
        const types = new Set(cube.cells.map(c => c.lineItemType));
        for (const t of ['Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation', 'SavingsPlanRecurringFee', 'RIFee', 'Fee', 'Credit', 'Tax', 'Refund', 'EdpDiscount']) {
            expect(types, t).toContain(t);
        }
        expect(total(cube, 'freeTierPublicCost').gt(0)).toBe(true);
        expect(cube.cells.some(c => c.billingEntity === 'AWS Marketplace')).toBe(true);
        expect(cube.cells.some(c => c.service === 'AWSSupportBusiness')).toBe(true);
        const owned = cube.cells.filter(c => c.lineItemType === 'DiscountedUsage' || c.lineItemType === 'SavingsPlanNegation');
        expect(owned.length).toBeGreaterThan(0);
        expect(owned.every(c => /^\d{12}$/.test(c.commitmentOwnerId))).toBe(true);
        expect(cube.cells.filter(c => c.lineItemType === 'Usage').every(c => c.commitmentOwnerId === '')).toBe(true);
    });

    it('gzip gives the same cube', async () => {
        const cube = await ingest([path.join(dir, 'cur.csv.gz')], { workers: 0 });
        expectCubeMatchesOracle(cube, await oracleCube([csv], { format: 'cur1' }));
    });

    it('worker threads splitting one file into byte ranges give the same cube', async () => {
        const progress: number[] = [];
        const cube = await ingest([csv], { workers: 2, workerScript: worker, splitThreshold: 1, onProgress: b => progress.push(b) });
        expect(cube.rows).toBe(40_000);
        expect(cube.issues.map(i => i.code)).not.toContain('split-read-fallback');
        expectCubeMatchesOracle(cube, await oracleCube([csv], { format: 'cur1' }));
        expect(progress.length).toBeGreaterThan(0);
    });

    it('worker threads over several files (plain and gzip) give the summed cube', async () => {
        const second = path.join(dir, 'second', 'cur-2.csv');
        await generateCur({ output: second, rows: 5_000, seed: 5, accounts: 10, periods: 2 });
        await generateCur({ output: `${second}.gz`, rows: 5_000, seed: 5, accounts: 10, periods: 2 });
        const third = path.join(dir, 'third.csv.gz');
        await generateCur({ output: third, rows: 3_000, seed: 6, accounts: 10, periods: 2 });
        const cube = await ingest([csv, `${second}.gz`, third], { workers: 2, workerScript: worker });
        expect(cube.rows).toBe(48_000);
        expect(cube.sources).toEqual([csv, `${second}.gz`, third]);
        const thirdCsv = path.join(dir, 'third.csv');
        await generateCur({ output: thirdCsv, rows: 3_000, seed: 6, accounts: 10, periods: 2 });
        expectCubeMatchesOracle(cube, await oracleCube([csv, second, thirdCsv], { format: 'cur1' }));
    });

    it('the period filter keeps only the periods asked for', async () => {
        const cube = await ingest([csv], { workers: 0, periods: ['2026-02'] });
        expect(new Set(cube.cells.map(c => c.period))).toEqual(new Set(['2026-02']));
        expectCubeMatchesOracle(cube, await oracleCube([csv], { format: 'cur1', periods: ['2026-02'] }));
    });
});
