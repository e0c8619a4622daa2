import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCur, SAMPLE_CUR_OPTIONS, SAMPLE_CUR_PATH } from '../../../engine/generate/index.js';
import { ingest } from '../../../engine/ingest/index.js';
import { tempDir } from '../ingest/helpers.js';

/**
 * The bundled sample is exactly what the generator makes from SAMPLE_CUR_OPTIONS (determinism).
 * To regenerate it after changing the generator: UPDATE_SAMPLE=1 npx vitest run test/engine/generate/sample.test.ts
 */
describe('examples/data/sample-cur.csv', () => {
    it('is byte-identical to a fresh generation', async () => {
        const fresh = path.join(tempDir('sample'), 'sample-cur.csv');
        await generateCur({ ...SAMPLE_CUR_OPTIONS, output: fresh });
        const committed = path.resolve(SAMPLE_CUR_PATH);
        if (process.env.UPDATE_SAMPLE) writeFileSync(committed, readFileSync(fresh));
        expect(readFileSync(fresh).equals(readFileSync(committed))).toBe(true);
    });

    it('lines up with the example policies: accounts, services, periods, usage types', async () => {
        const cube = await ingest([path.resolve(SAMPLE_CUR_PATH)], { workers: 0 });
        expect(cube.rows).toBe(SAMPLE_CUR_OPTIONS.rows);
        expect(cube.issues).toEqual([]);
        expect([...new Set(cube.cells.map(c => c.period))].sort()).toEqual(['2026-01', '2026-02', '2026-03']);
        const accounts = new Set(cube.cells.map(c => c.accountId));
        for (const account of SAMPLE_CUR_OPTIONS.accounts as readonly string[]) expect(accounts, account).toContain(account);
        expect(accounts.size).toBe(12);
        const services = new Set(cube.cells.filter(c => c.billingEntity === 'AWS').map(c => c.service));
        for (const s of SAMPLE_CUR_OPTIONS.services!) expect(services, s).toContain(s);
        const skus = new Set(cube.cells.map(c => `${c.usageType} ${c.operation}`));
        expect(skus).toContain('USE1-BoxUsage:m5.large RunInstances');
        expect(skus).toContain('USE1-BoxUsage:t3.micro RunInstances');
        expect(cube.cells.some(c => c.billingEntity === 'AWS Marketplace')).toBe(true);
        expect(cube.cells.some(c => c.service === 'AWSLambda' && c.operation === 'Invoke')).toBe(true);
        for (const period of ['2026-01', '2026-02', '2026-03']) {
            for (const account of ['111111111111', '333333333333']) {
                expect(cube.cells.some(c => c.period === period && c.accountId === account && c.lineItemType === 'Usage'), `${period} ${account}`).toBe(true);
            }
        }
    });
});
