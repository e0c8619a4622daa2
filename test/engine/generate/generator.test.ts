import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CUR1_COLUMNS, generateCur } from '../../../engine/generate/index.js';
import { exponentForm } from '../../../engine/generate/cur-generator.js';
import { Decimal } from '../../../engine/money/decimal.js';
import { tempDir } from '../ingest/helpers.js';

describe('generateCur', () => {
    const dir = tempDir('generator');

    it('is deterministic: same seed, same bytes; .gz holds the same CSV', async () => {
        const a = await generateCur({ output: path.join(dir, 'a.csv'), rows: 3000, seed: 5 });
        const b = await generateCur({ output: path.join(dir, 'b.csv'), rows: 3000, seed: 5 });
        const c = await generateCur({ output: path.join(dir, 'c.csv.gz'), rows: 3000, seed: 5 });
        const d = await generateCur({ output: path.join(dir, 'd.csv'), rows: 3000, seed: 6 });
        const bytes = readFileSync(a.path);
        expect(readFileSync(b.path).equals(bytes)).toBe(true);
        expect(gunzipSync(readFileSync(c.path)).equals(bytes)).toBe(true);
        expect(readFileSync(d.path).equals(bytes)).toBe(false);
        expect(a.rows).toBe(3000);
    });

    it('writes valid CUR 1.0 CSV: the header, every row as wide, money with at most 10 decimals', async () => {
        const out = await generateCur({ output: path.join(dir, 'valid.csv'), rows: 5000, seed: 8, accounts: ['111111111111', '222222222222'], periods: ['2025-12', '2026-01'] });
        const records = parse(readFileSync(out.path)) as string[][];
        expect(records[0]).toEqual([...CUR1_COLUMNS]);
        expect(records.length).toBe(5001);
        const col = (name: string): number => records[0].indexOf(name);
        const money = ['lineItem/UnblendedCost', 'pricing/publicOnDemandCost', 'lineItem/UsageAmount', 'reservation/EffectiveCost'].map(col);
        let exponents = 0;
        for (const r of records.slice(1)) {
            expect(r.length).toBe(CUR1_COLUMNS.length);
            expect(['111111111111', '222222222222']).toContain(r[col('lineItem/UsageAccountId')]);
            expect(['2025-12-01T00:00:00Z', '2026-01-01T00:00:00Z']).toContain(r[col('bill/BillingPeriodStartDate')]);
            for (const m of money) {
                if (r[m] === '') continue;
                if (/E/.test(r[m])) exponents++;
                expect(new Decimal(r[m]).decimalPlaces()).toBeLessThanOrEqual(10);
            }
        }
        expect(exponents).toBeGreaterThan(0);
        // A negation line follows each covered usage line, with the opposite cost and the same SP ARN.
        for (let i = 1; i < records.length - 1; i++) {
            if (records[i][col('lineItem/LineItemType')] !== 'SavingsPlanNegation') continue;
            const covered = records[i - 1];
            expect(covered[col('lineItem/LineItemType')]).toBe('SavingsPlanCoveredUsage');
            expect(new Decimal(records[i][col('lineItem/UnblendedCost')]).plus(covered[col('lineItem/UnblendedCost')]).isZero()).toBe(true);
            expect(records[i][col('savingsPlan/SavingsPlanARN')]).toBe(covered[col('savingsPlan/SavingsPlanARN')]);
        }
    });

    it('exponent form keeps the value', () => {
        expect(exponentForm('0.0000412')).toBe('4.12E-5');
        expect(exponentForm('-0.0004')).toBe('-4E-4');
        expect(new Decimal(exponentForm('0.0000000123')).eq('0.0000000123')).toBe(true);
    });
});
