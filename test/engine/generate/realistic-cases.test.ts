import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { REALISTIC_ACCOUNTS, REALISTIC_PATHS, realisticCaseFiles, writeRealisticCases } from '../../../engine/generate/index.js';
import { ingest } from '../../../engine/ingest/index.js';
import { prepareCube, priceReport } from '../../../engine/price/index.js';
import { group, markup, policy } from '../price/fixtures.js';
import { tempDir } from '../ingest/helpers.js';

/**
 * The generator's realistic mode: every case of issue 10 in one delivery tree. Pro forma figures are worked out by
 * hand; the AWS-cost totals of the files come from DuckDB SQL over the same files.
 */
const [A1, A2] = REALISTIC_ACCOUNTS;
const MODEL = policy([markup('ten', '10')], [group('g', { primary: A1, members: [A1, A2] })]);

async function sql(query: string): Promise<string> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
        const reader = await connection.runAndReadAll(query);
        return String((reader.getRowsJson()[0] as unknown[])[0]);
    } finally {
        connection.closeSync();
    }
}

describe('realistic generator mode', () => {
    let dir: string;
    const at = (relative: string): string => path.join(dir, ...relative.split('/'));
    beforeAll(async () => {
        dir = tempDir('realistic');
        await writeRealisticCases(dir);
    });

    it('is deterministic: the same bytes every time', () => {
        const first = realisticCaseFiles();
        const second = realisticCaseFiles();
        for (const [name, content] of first) expect(Buffer.from(second.get(name)!).equals(Buffer.from(content))).toBe(true);
        expect(readFileSync(at(REALISTIC_PATHS.manifest), 'utf8')).toContain('"assemblyId"');
    });

    it('CUR 1.0 bucket: the manifest\'s assembly only; Spot, idle EIP and Marketplace at billed cost; 12-month charged, Always Free kept', async () => {
        const cube = await ingest([at(REALISTIC_PATHS.cur1Bucket)], { workers: 0 });
        const report = priceReport(prepareCube(cube), MODEL);
        const g = report.groups[0]!;
        const awsCost = await sql(`SELECT SUM(CAST("lineItem/UnblendedCost" AS DECIMAL(18,6)))::VARCHAR FROM read_csv('${at(REALISTIC_PATHS.currentReport)}', header = true, all_varchar = true)`);
        // DuckDB: 96 + 28.8 + 3.6 + 50 + 0 + 0 − 10 + 5 = 173.4 (the current assembly; the stale one is not added).
        expect(Number(awsCost)).toBe(173.4);
        expect(g.awsCost).toBe('173.4');
        // Base: on-demand 96 + Spot 28.8 + EIP 3.6 + Marketplace 50 (billed: no public price) + t3.micro 7.488 (12-month, charged)
        // = 185.888; Lambda's 6.66668 stays free; credit and tax left out. × 1.1 = 204.4768.
        expect(g.proformaCost).toBe('204.4768');
        const fallback = report.issues.find((issue) => issue.code === 'public-cost-missing');
        // 3 rows, 28.8 + 3.6 + 50 = 82.4.
        expect(fallback).toMatchObject({ rows: 3, cost: '82.4' });
        expect(report.issues.map((issue) => issue.code)).toContain('cur1-other-assemblies-skipped');
    });

    it('the stale assembly read on its own: Spot 20 instead of 28.8 → base 177.088 × 1.1 = 194.7968', async () => {
        const report = priceReport(prepareCube(await ingest([at(REALISTIC_PATHS.staleReport)], { workers: 0 })), MODEL);
        expect(report.groups[0]!.proformaCost).toBe('194.7968');
    });

    it('the second delivery overlaps the bucket: an error naming both files, not a double count', async () => {
        await expect(ingest([at(REALISTIC_PATHS.cur1Bucket), at(REALISTIC_PATHS.redelivered)], { workers: 0 })).rejects.toMatchObject({ code: 'OVERLAPPING_DELIVERIES' });
    });

    it('FOCUS export of the same month (ListCost = BilledCost): billed-cost base, one warning saying why it differs from CUR', async () => {
        const report = priceReport(prepareCube(await ingest([at(REALISTIC_PATHS.focus)], { workers: 0 })), MODEL);
        const awsCost = await sql(`SELECT SUM(CAST(BilledCost AS DECIMAL(18,6)))::VARCHAR FROM read_csv('${at(REALISTIC_PATHS.focus)}', header = true, all_varchar = true)`);
        expect(Number(awsCost)).toBe(173.4);
        expect(report.groups[0]!.awsCost).toBe('173.4');
        // Base = billed usage: 96 + 28.8 + 3.6 + 50 + 0 + 0 = 178.4; × 1.1 = 196.24 (≠ CUR's 204.4768, and the warning says why).
        expect(report.groups[0]!.proformaCost).toBe('196.24');
        expect(report.issues.filter((issue) => issue.code === 'focus-list-cost-is-billed-cost')).toHaveLength(1);
    });
});
