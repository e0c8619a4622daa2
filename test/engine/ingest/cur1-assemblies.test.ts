import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ingest, resolveDataPathsDetailed } from '../../../engine/ingest/index.js';
import { Decimal } from '../../../engine/money/decimal.js';
import { tempDir } from './helpers.js';

/**
 * A CUR 1.0 bucket as AWS delivers it (hand-built): s3://bucket/cur/acme/<yyyymmdd-yyyymmdd>/ holds
 * acme-Manifest.json (the current assembly) and one folder per assembly, each with its gzipped report and its
 * own copy of the manifest. March was delivered twice (a stale and a fresh assembly, the same line items).
 */
const HEADER = 'identity/LineItemId,identity/TimeInterval,bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount\n';
const line = (id: string, month: string, cost: string): string =>
    `${id},${month}-01T00:00:00Z/${month}-02T00:00:00Z,${month}-01T00:00:00Z,111111111111,Usage,AmazonEC2,BoxUsage:m5.large,RunInstances,USD,${cost},${cost},1\n`;

const STALE = 'a1b2c3d4-0000-4000-8000-000000000001';
const FRESH = 'a1b2c3d4-0000-4000-8000-000000000002';
const FEBRUARY = 'a1b2c3d4-0000-4000-8000-0000000000f2';

function bucket(): { root: string; staleReport: string; freshReport: string; februaryReport: string; marchManifest: string } {
    const root = tempDir('cur1-assemblies');
    const put = (key: string, content: string | Buffer): string => {
        const file = path.join(root, key);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, content);
        return file;
    };
    const manifest = (month: string, period: string, assemblyId: string): string => JSON.stringify({
        assemblyId, account: '999999999999', bucket: 'bucket', reportName: 'acme',
        billingPeriod: { start: `${month.replace('-', '')}01T000000.000Z` },
        reportKeys: [`cur/acme/${period}/${assemblyId}/acme-1.csv.gz`],
    });
    const march = '20260301-20260401';
    const february = '20260201-20260301';
    // Stale March: 10 + 5; fresh March restates the same line items: 12 + 5.
    const staleReport = put(`cur/acme/${march}/${STALE}/acme-1.csv.gz`, gzipSync(HEADER + line('li-1', '2026-03', '10') + line('li-2', '2026-03', '5')));
    put(`cur/acme/${march}/${STALE}/acme-Manifest.json`, manifest('2026-03', march, STALE));
    const freshReport = put(`cur/acme/${march}/${FRESH}/acme-1.csv.gz`, gzipSync(HEADER + line('li-1', '2026-03', '12') + line('li-2', '2026-03', '5')));
    put(`cur/acme/${march}/${FRESH}/acme-Manifest.json`, manifest('2026-03', march, FRESH));
    const marchManifest = put(`cur/acme/${march}/acme-Manifest.json`, manifest('2026-03', march, FRESH));
    // February: one assembly, 7.
    const februaryReport = put(`cur/acme/${february}/${FEBRUARY}/acme-1.csv.gz`, gzipSync(HEADER + line('li-9', '2026-02', '7')));
    put(`cur/acme/${february}/${FEBRUARY}/acme-Manifest.json`, manifest('2026-02', february, FEBRUARY));
    put(`cur/acme/${february}/acme-Manifest.json`, manifest('2026-02', february, FEBRUARY));
    return { root, staleReport, freshReport, februaryReport, marchManifest };
}

describe('CUR 1.0 delivery folders with several assemblies', () => {
    it('reads only the assembly each period\'s manifest names, and notes the one skipped', async () => {
        const { root, freshReport, februaryReport, marchManifest } = bucket();
        const resolved = await resolveDataPathsDetailed([path.join(root, 'cur')]);
        expect([...resolved.files].sort()).toEqual([februaryReport, freshReport].sort());
        expect(resolved.issues).toEqual([expect.objectContaining({ severity: 'info', code: 'cur1-other-assemblies-skipped', file: marchManifest })]);
        const message = resolved.issues[0]!.message;
        expect(message).toContain(`read assembly ${FRESH} (1 file), the one acme-Manifest.json names`);
        expect(message).toContain(`skipped 1 file of the other assembly ${STALE}`);
        // February 7 + fresh March 12 + 5 = 24 (the stale 10 + 5 not added: no overlap, no double count).
        const cube = await ingest([path.join(root, 'cur')], { workers: 0 });
        const total = cube.cells.reduce((sum, cell) => sum.plus(cell.unblendedCost), new Decimal(0));
        expect(total.toFixed()).toBe('24');
        expect(cube.issues.map((issue) => issue.code)).toContain('cur1-other-assemblies-skipped');
    });

    it('an explicit file argument still reads that file (the stale assembly: 10 + 5 = 15)', async () => {
        const { staleReport } = bucket();
        const resolved = await resolveDataPathsDetailed([staleReport]);
        expect(resolved.files).toEqual([staleReport]);
        expect(resolved.issues).toEqual([]);
        const cube = await ingest([staleReport], { workers: 0 });
        expect(cube.cells.map((cell) => cell.unblendedCost.toFixed())).toEqual(['15']);
    });

    it('a period folder whose manifest lists a report that is not there is an error naming it (nothing guessed)', async () => {
        const { root, freshReport } = bucket();
        rmSync(freshReport);
        await expect(resolveDataPathsDetailed([path.join(root, 'cur')])).rejects.toMatchObject({ code: 'MANIFEST_FILES_MISSING' });
    });
});
