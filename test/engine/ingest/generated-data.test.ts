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

    it('many small files through workers: one partial per worker, the same cube as in one thread', async () => {
        const files: string[] = [];
        for (let i = 0; i < 30; i++) {
            const file = path.join(dir, 'many', `part-${String(i).padStart(2, '0')}.csv${i % 3 === 0 ? '.gz' : ''}`);
            await generateCur({ output: file, rows: 400, seed: 1000 + i, accounts: 8, periods: 2 });
            files.push(file);
        }
        const threaded = await ingest([path.join(dir, 'many')], { workers: 2, workerScript: worker });
        const inThread = await ingest(files, { workers: 0 });
        expect(threaded.rows).toBe(12_000);
        expect(threaded.sources).toEqual(files);
        const view = (cube: typeof threaded): string[] => cube.cells.map(c => `${c.period}|${c.accountId}|${c.service}|${c.usageType}|${c.operation}|${c.lineItemType}|${c.billingEntity}|${c.commitmentOwnerId} ${c.unblendedCost.toFixed()} ${c.publicOnDemandCost.toFixed()} ${c.freeTierPublicCost.toFixed()} ${c.usageAmount.toFixed()} ${c.rows}`);
        expect(view(threaded)).toEqual(view(inThread));
    });

    it('account names: the name on most rows wins, whatever the file order', async () => {
        const header = 'bill_billing_period_start_date,line_item_usage_account_id,line_item_usage_account_name,line_item_product_code,line_item_usage_type,line_item_operation,line_item_line_item_type,line_item_currency_code,line_item_unblended_cost,line_item_usage_amount\n';
        const row = (name: string): string => `2026-01-01T00:00:00Z,111111111111,${name},AmazonS3,u,o,Usage,USD,1,1\n`;
        const a = path.join(dir, 'names-a.csv');
        const b = path.join(dir, 'names-b.csv');
        writeFileSync(a, header + row('old-name'));
        writeFileSync(b, header + row('web-prod') + row('web-prod'));
        for (const order of [[a, b], [b, a]]) {
            const cube = await ingest(order, { workers: 0 });
            expect(cube.accountNames.get('111111111111')).toBe('web-prod');
            expect(cube.cells).toHaveLength(1);
            expect(cube.cells[0].rows).toBe(3);
        }
    });

    it('files with different column sets read together in one thread keep their own keys', async () => {
        const withEntity = 'bill/BillingPeriodStartDate,bill/BillingEntity,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,lineItem/UsageAmount\n';
        const without = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,lineItem/UsageAmount\n';
        const a = path.join(dir, 'entity.csv');
        const b = path.join(dir, 'no-entity.csv');
        writeFileSync(a, withEntity + '2026-01-01T00:00:00Z,AWS Marketplace,1,Usage,S,u,o,USD,1,1\n'.repeat(200));
        writeFileSync(b, without + '2026-01-01T00:00:00Z,1,Usage,S,u,o,USD,2,1\n'.repeat(200));
        const cube = await ingest([a, b], { workers: 0, chunkSize: 64 });
        expect(cube.cells.map(c => [c.billingEntity, c.unblendedCost.toFixed(), c.rows])).toEqual([['AWS', '400', 200], ['AWS Marketplace', '200', 200]]);
    });

    it('the period filter keeps only the periods asked for', async () => {
        const cube = await ingest([csv], { workers: 0, periods: ['2026-02'] });
        expect(new Set(cube.cells.map(c => c.period))).toEqual(new Set(['2026-02']));
        expectCubeMatchesOracle(cube, await oracleCube([csv], { format: 'cur1', periods: ['2026-02'] }));
    });
});
