import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamRows, type HeaderInfo, type StreamedRow } from '../../../engine/ingest/index.js';
import { tempDir } from './helpers.js';

describe('streamRows', () => {
    const dir = tempDir('stream');

    it('gives the raw header, the column roles, raw fields and the cube key; awaits async consumers in order', async () => {
        const file = path.join(dir, 'focus.csv');
        writeFileSync(file, [
            'BillingPeriodStart,SubAccountId,SubAccountName,ServiceName,ChargeCategory,CommitmentDiscountStatus,CommitmentDiscountType,CommitmentDiscountId,ProviderName,PublisherName,BillingCurrency,BilledCost,ListCost,ConsumedQuantity',
            '2024-09-01 00:00:00,"123","Team, A",Amazon S3,Usage,NULL,NULL,NULL,AWS,"Amazon Web Services, Inc.",USD,0.5,0.6,2',
            '2024-09-01 00:00:00,"456",B,Amazon EC2,Usage,Used,Savings Plan,arn:aws:savingsplans::999999999999:savingsplan/x,AWS,Red Hat Inc.,USD,0,1.25,NULL',
        ].join('\r\n'));
        let header: readonly string[] = [];
        let info: HeaderInfo | undefined;
        const rows: StreamedRow[] = [];
        const result = await streamRows(file, (h, i) => { header = h; info = i; }, async row => {
            await new Promise(resolve => setTimeout(resolve, 5));
            rows.push(row);
        });
        expect(result.rows).toBe(2);
        expect(header[0]).toBe('BillingPeriodStart');
        expect(info).toMatchObject({ format: 'focus', publicCostColumn: 12 });
        expect(info!.columns).toMatchObject({ account: 1, accountName: 2, unblendedCost: 11, publicOnDemandCost: 12, usageAmount: 13, lineItemType: -1 });
        expect(rows.map(r => r.fields[2])).toEqual(['Team, A', 'B']);
        expect(rows[0].fields[5]).toBe('NULL');
        expect(rows[0]).toMatchObject({ row: 1, line: 2, accountName: 'Team, A', unblendedCost: '0.5', publicOnDemandCost: '0.6', usageAmount: '2' });
        expect(rows[0].key).toEqual({
            period: '2024-09', accountId: '123', service: 'Amazon S3', usageType: '', operation: '', lineItemType: 'Usage',
            billingEntity: 'AWS', currency: 'USD', commitmentOwnerId: '',
        });
        expect(rows[1].key).toMatchObject({ lineItemType: 'SavingsPlanCoveredUsage', billingEntity: 'AWS Marketplace', commitmentOwnerId: '999999999999' });
        expect(rows[1].usageAmount).toBe('');
    });

    it('filters periods and reports bad rows like the ingest', async () => {
        const file = path.join(dir, 'cur.csv');
        writeFileSync(file, 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,lineItem/UsageAmount\n'
            + '2026-01-01T00:00:00Z,1,Usage,S,u,o,USD,1,1\n2026-02-01T00:00:00Z,1,Usage,S,u,o,USD,2,1\nMarch,1,Usage,S,u,o,USD,2,1\n');
        writeFileSync(file.replace('cur.csv', 'cur-ok.csv'), 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,lineItem/UsageAmount\n'
            + '2026-01-01T00:00:00Z,1,Usage,S,u,o,USD,1,1\n2026-02-01T00:00:00Z,1,Usage,S,u,o,USD,2,1\n');
        const periods: string[] = [];
        await streamRows(file.replace('cur.csv', 'cur-ok.csv'), () => undefined, r => { periods.push(r.key.period); }, { periods: ['2026-02'] });
        expect(periods).toEqual(['2026-02']);
        await expect(streamRows(file, () => undefined, () => undefined, { periods: ['2026-02'] }))
            .rejects.toMatchObject({ code: 'INVALID_PERIOD', row: 3, line: 4, column: 'bill/BillingPeriodStartDate' });
    });

    it('select: delivers only the rows whose (period, usage account) it accepts, asked with the raw texts; a bad period still fails', async () => {
        const header = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,lineItem/UsageAmount\n';
        const file = path.join(dir, 'select.csv');
        writeFileSync(file, header
            + '2026-01-01T00:00:00Z,111,Usage,S,u,o,USD,1,1\n2026-01-01T00:00:00Z,"222",Usage,S,u,o,USD,2,1\n'
            + '2026-02-01T00:00:00Z,111,Usage,S,u,o,USD,3,1\n2026-02-01T00:00:00Z,222,Usage,S,u,o,USD,4,1\n');
        const asked: string[] = [];
        const costs: string[] = [];
        await streamRows(file, () => undefined, r => { costs.push(r.unblendedCost); }, {
            select: (period, account) => { asked.push(`${period} ${account}`); return account === '222' || period === '2026-02'; },
        });
        // Rows 2 (account 222, quoted), 3 (February) and 4 (both); row 1 is skipped.
        expect(costs).toEqual(['2', '3', '4']);
        expect(asked).toEqual(['2026-01 111', '2026-01 222', '2026-02 111', '2026-02 222']);
        // With periods: rows of other periods are not asked about.
        asked.length = 0;
        costs.length = 0;
        await streamRows(file, () => undefined, r => { costs.push(r.unblendedCost); }, { periods: ['2026-02'], select: (period, account) => { asked.push(`${period} ${account}`); return account === '111'; } });
        expect(costs).toEqual(['3']);
        expect(asked).toEqual(['2026-02 111', '2026-02 222']);
        // A row whose period is not a date reaches the row reader, which names it, whatever select would say.
        const bad = path.join(dir, 'select-bad.csv');
        writeFileSync(bad, header + '2026-01-01T00:00:00Z,111,Usage,S,u,o,USD,1,1\nMarch,111,Usage,S,u,o,USD,2,1\n');
        await expect(streamRows(bad, () => undefined, () => undefined, { select: () => false }))
            .rejects.toMatchObject({ code: 'INVALID_PERIOD', row: 2, line: 3 });
    });

    it('CSV fields cut from the row decoded once are those of each field decoded alone: ASCII, quotes, "" escapes, CRLF, UTF-8, an invalid byte', async () => {
        const file = path.join(dir, 'texts.csv');
        const header = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,lineItem/UsageAmount,resourceTags/user:Name';
        writeFileSync(file, Buffer.concat([
            Buffer.from(`${header}\r\n`),
            Buffer.from('2026-01-01T00:00:00Z,1,Usage,S,u,o,USD,1,1,plain\r\n'),
            Buffer.from('2026-01-01T00:00:00Z,"1",Usage,"S,3","say ""hi""",o,USD,2,1,"two\nlines"\r\n'),
            Buffer.from('2026-01-01T00:00:00Z,1,Usage,S,u,o,USD,3,1,café €\n'),
            // A lone 0xFF byte (one byte, one U+FFFD) and a truncated 3-byte sequence before a comma (two bytes, one U+FFFD).
            Buffer.from('2026-01-01T00:00:00Z,1,Usage,S,u'), Buffer.from([0xff]), Buffer.from(',o'), Buffer.from([0xe2, 0x82]),
            Buffer.from(',USD,4,1,end\n'),
            // Only lone invalid bytes: as many characters as bytes, the row is cut from its text.
            Buffer.from('2026-01-01T00:00:00Z,1,Usage,S,'), Buffer.from([0xff]), Buffer.from(',o,USD,5,1,'), Buffer.from([0x80]), Buffer.from('\n'),
        ]));
        for (const inScan of [false, true]) {
            const rows: (readonly string[])[] = [];
            await streamRows(file, () => undefined, row => { rows.push(row.fields); }, { inScan });
            expect(rows).toEqual([
                ['2026-01-01T00:00:00Z', '1', 'Usage', 'S', 'u', 'o', 'USD', '1', '1', 'plain'],
                ['2026-01-01T00:00:00Z', '1', 'Usage', 'S,3', 'say "hi"', 'o', 'USD', '2', '1', 'two\nlines'],
                ['2026-01-01T00:00:00Z', '1', 'Usage', 'S', 'u', 'o', 'USD', '3', '1', 'café €'],
                ['2026-01-01T00:00:00Z', '1', 'Usage', 'S', 'u\ufffd', 'o\ufffd', 'USD', '4', '1', 'end'],
                ['2026-01-01T00:00:00Z', '1', 'Usage', 'S', '\ufffd', 'o', 'USD', '5', '1', '\ufffd'],
            ]);
        }
    });

    it('inScan: onRow is called as rows are scanned, in file order, and each promise it returns is awaited before streamRows resolves', async () => {
        const file = path.join(dir, 'in-scan.csv');
        const header = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,lineItem/UsageAmount\n';
        let text = header;
        for (let i = 1; i <= 500; i++) text += `2026-01-01T00:00:00Z,${i % 3},Usage,S,u,o,USD,${i},1\n`;
        writeFileSync(file, text);
        const costs: string[] = [];
        let settled = 0;
        const result = await streamRows(file, () => undefined, row => {
            costs.push(row.unblendedCost);
            return row.row % 50 === 0 ? new Promise<void>(resolve => setTimeout(() => { settled++; resolve(); }, 2)) : undefined;
        }, { inScan: true, chunkSize: 1000, select: (_period, account) => account !== '0' });
        const expected = Array.from({ length: 500 }, (_, i) => i + 1).filter(i => i % 3 !== 0).map(String);
        expect(costs).toEqual(expected);
        expect(result.rows).toBe(expected.length);
        // Rows 50, 100, … 500 whose account is not 0 (row i has account i % 3).
        expect(settled).toBe(Array.from({ length: 10 }, (_, k) => 50 * (k + 1)).filter(i => i % 3 !== 0).length);
    });
});
