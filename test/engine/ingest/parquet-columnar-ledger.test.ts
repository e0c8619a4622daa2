import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../../engine/ingest/index.js';
import { HEADER, LINES, row, type Line } from '../commitments/hourly-fixture.js';
import { hourlyCsvAndParquet, tempDir } from './helpers.js';

/**
 * The columnar Parquet path renders a row's key fields only for the keys the commitment ledger wants
 * (eligible usage, commitment lines) and copies them back from a per-key cache instead of rendering
 * them again (parquet-reader.ts). Rows of several wanted keys interleaved with unwanted ones (S3,
 * rows of no commitment interest) must give the ledger and the cube of the CSV path, the oracle here.
 */
describe('Parquet columnar path: the commitment ledger of interleaved keys', () => {
    it('equals the CSV path on the same rows (typed and text Parquet)', async () => {
        const dir = tempDir('parquet-columnar-ledger');
        const lines: Line[] = [...LINES];
        for (let h = 2; h < 50; h++) {
            const hour = (n: number): string => new Date(Date.UTC(2026, 0, 1, n)).toISOString().replace('.000', '');
            const when = [hour(h), hour(h + 1)] as const;
            // Rows of one key (same hour, account, usage…) repeat with other amounts, around rows of other keys.
            const m5 = (amount: string): Line => ({ account: '222222222222', type: 'Usage', when, instance: 'm5.large', amount, cost: '0.096', pub: `0.${amount}96` });
            const c5 = (amount: string): Line => ({ account: '333333333333', type: 'Usage', when, instance: 'c5.large', amount, cost: '0.085', pub: `0.0${amount}85` });
            const s3 = (amount: string): Line => ({ account: '333333333333', type: 'Usage', when, service: 'AmazonS3', usageType: 'TimedStorage-ByteHrs', operation: 'StandardStorage', amount, cost: `0.0${h}`, pub: `0.0${h}` });
            lines.push(
                m5('1'),
                s3(`${h}.5`),
                m5('2'),
                s3('1.25'),
                m5('4'),
                c5(`${h % 3 + 1}`),
                { account: '111111111111', type: 'Tax', when, service: 'AmazonEC2', usageType: '', operation: '', amount: '0', cost: '0.01' },
                m5('3'),
                { account: '111111111111', type: 'DiscountedUsage', when, instance: 'm5.large', amount: '1', cost: '0', pub: '0.096', ri: LINES[0]!.ri },
                c5('7'),
                { account: '222222222222', type: 'Usage', when, service: 'AWSLambda', usageType: 'Lambda-GB-Second', operation: 'Invoke', amount: '100', cost: '0.0016', pub: '0.0016' },
                c5('5'),
            );
        }
        // Small row groups: the per-key cache lives per row group.
        const { csv, typed, text } = await hourlyCsvAndParquet(dir, lines, 100);
        const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v instanceof Map ? [...v] : v)));
        const expected = await ingest([csv], { workers: 0 });
        expect(expected.commitments?.periods.get('2026-01')?.hours.length).toBe(50);
        for (const file of [typed, text]) {
            const cube = await ingest([file], { workers: 0 });
            expect(plain(cube.commitments), file).toEqual(plain(expected.commitments));
            expect(cube.cells.length, file).toBe(expected.cells.length);
        }
    });

    it('DECIMAL(38,10) and DOUBLE measures decoded as numbers give the cube of the CSV path (small, BigInt-sized, empty values)', async () => {
        const dir = tempDir('parquet-columnar-decimals');
        const when = ['2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z'] as const;
        const small = ['0.0000000001', '-0.085', '', '12.5', '0', '3.14159', '-0.000000004'];
        // DOUBLE holds only the small ones exactly; DECIMAL(38,10) also unscaled integers beyond 2^53 (the BigInt path).
        const cases = [{ type: 'DECIMAL(38,10)', costs: [...small, '98765432109.0123456789', '-7777777777.7777777777'] }, { type: 'DOUBLE', costs: small }];
        const instance = await DuckDBInstance.create(':memory:');
        const connection = await instance.connect();
        try {
            for (const { type, costs } of cases) {
                const lines: Line[] = [];
                for (let i = 0; i < 400; i++) {
                    lines.push({ account: i % 3 === 0 ? '111111111111' : '222222222222', type: 'Usage', when, service: 'AmazonS3', usageType: `Storage-${i % 5}`, operation: 'Put',
                        amount: costs[(i + 3) % costs.length]!, cost: costs[i % costs.length]!, pub: costs[(i + 5) % costs.length]! });
                }
                const csv = path.join(dir, `${type.replace(/\W/g, '')}.csv`);
                writeFileSync(csv, [HEADER, ...lines.map(row)].join('\n') + '\n');
                const file = csv.replace(/csv$/, 'parquet');
                const cast = ['lineItem/UnblendedCost', 'pricing/publicOnDemandCost', 'lineItem/UsageAmount'].map(m => `CAST(nullif("${m}", '') AS ${type}) AS "${m}"`).join(', ');
                await connection.run(`COPY (SELECT * REPLACE (${cast}) FROM read_csv('${csv}', all_varchar = true)) TO '${file}' (FORMAT PARQUET, ROW_GROUP_SIZE 100)`);
                const expected = await ingest([csv], { workers: 0 });
                const cube = await ingest([file], { workers: 0 });
                expect(JSON.parse(JSON.stringify(cube.cells)), type).toEqual(JSON.parse(JSON.stringify(expected.cells)));
            }
        } finally { connection.closeSync(); }
    });
});
