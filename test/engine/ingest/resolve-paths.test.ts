import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest, resolveDataPaths, resolveDataPathsDetailed } from '../../../engine/ingest/index.js';
import { globToRegExp } from '../../../engine/ingest/resolve-paths.js';
import { tempDir } from './helpers.js';

const HEADER = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount\n';
const row = (cost: string): string => `2026-01-01T00:00:00Z,111111111111,Usage,AmazonEC2,u,o,USD,${cost},${cost},1\n`;

describe('resolveDataPaths', () => {
    const root = tempDir('resolve');
    const write = (name: string, content = HEADER + row('1')): string => {
        const file = path.join(root, name);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, content);
        return file;
    };
    const a = write('data/2026-01/a.csv');
    const b = write('data/2026-02/b.csv.gz', '');
    const c = write('data/2026-02/deep/c.parquet', '');
    write('data/notes.txt', 'not data');
    write('data/2026-01/a.csv.bak', 'no');

    it('walks directories recursively, data files only, sorted', async () => {
        expect(await resolveDataPaths([path.join(root, 'data')])).toEqual([a, b, c]);
    });

    it('expands globs', async () => {
        expect(await resolveDataPaths([path.join(root, 'data/*/*.csv')])).toEqual([a]);
        expect(await resolveDataPaths([path.join(root, 'data/**/*.{csv,parquet}')])).toEqual([a, c]);
        expect(await resolveDataPaths([path.join(root, 'data/2026-0[2]/**')])).toEqual([b, c]);
        expect(globToRegExp('**/x?.csv').test('a/b/x1.csv')).toBe(true);
        expect(globToRegExp('*.csv').test('a/x.csv')).toBe(false);
    });

    it('keeps files as given and removes duplicates', async () => {
        expect(await resolveDataPaths([a, path.join(root, 'data/2026-01')])).toEqual([a]);
    });

    it('resolves a CUR 1.0 manifest (reportKeys) through the S3 key layout below the manifest', async () => {
        const month = 'cur/acme/20260101-20260201';
        const k1 = write(`${month}/asm-1/acme-1.csv`, HEADER + row('1.5'));
        const k2 = write(`${month}/asm-1/acme-2.csv`, HEADER + row('2.25'));
        write(`${month}/asm-0/acme-1.csv`, HEADER + row('999'));
        const manifest = write(`${month}/acme-Manifest.json`, JSON.stringify({
            assemblyId: 'asm-1', bucket: 'b', reportKeys: [`reports/acme/20260101-20260201/asm-1/acme-1.csv`, `reports/acme/20260101-20260201/asm-1/acme-2.csv`],
        }));
        expect(await resolveDataPaths([manifest])).toEqual([k1, k2]);
        const cube = await ingest([manifest], { workers: 0 });
        expect(cube.cells.map(x => x.unblendedCost.toFixed())).toEqual(['3.75']);
        // The folder holding it: the period folder is read as its manifest says, the other assembly skipped with a note.
        const detailed = await resolveDataPathsDetailed([path.join(root, 'cur')]);
        expect(detailed.files).toEqual([k1, k2]);
        expect(detailed.issues.map(i => i.code)).toEqual(['cur1-other-assemblies-skipped']);
    });

    it('resolves a Data Exports manifest (dataFiles) by file name, also decompressed copies, and lists the missing ones', async () => {
        const here = write('export/exp-00001.csv');
        const manifest = write('export/exp-Manifest.json', JSON.stringify({
            dataFiles: ['s3://bucket/p/data/BILLING_PERIOD=2026-01/x/exp-00001.csv.gz'],
        }));
        expect(await resolveDataPaths([manifest])).toEqual([here]);
        const broken = write('export/broken-Manifest.json', JSON.stringify({
            dataFiles: ['s3://bucket/p/exp-00001.csv.gz', 's3://bucket/p/exp-00002.csv.gz', 's3://bucket/p/exp-00003.parquet'],
        }));
        const error = await resolveDataPaths([broken]).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'MANIFEST_FILES_MISSING', file: broken });
        expect((error as Error).message).toContain('2 of 3');
        expect((error as Error).message).toContain('s3://bucket/p/exp-00002.csv.gz, s3://bucket/p/exp-00003.parquet');
    });

    it('rejects JSON that is not a manifest, and invalid JSON', async () => {
        await expect(resolveDataPaths([write('other.json', '{"a":1}')])).rejects.toMatchObject({ code: 'INVALID_MANIFEST' });
        await expect(resolveDataPaths([write('bad.json', '{')])).rejects.toMatchObject({ code: 'INVALID_MANIFEST' });
        await expect(resolveDataPaths([])).rejects.toMatchObject({ code: 'NO_DATA_FILES' });
    });
});
