import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CsvFileWriter } from '../../../engine/export/csv-writer.js';
import { tempDir } from '../ingest/helpers.js';

describe('CsvFileWriter', () => {
    const dir = tempDir('csv-writer');

    it('rows over many 1 MB chunks, not awaited row by row (the export awaits once per input chunk): the file is every line in order', async () => {
        const file = path.join(dir, 'many.csv');
        const writer = await CsvFileWriter.open(file);
        const warnings: string[] = [];
        const onWarning = (warning: Error): void => { warnings.push(warning.name); };
        process.on('warning', onWarning);
        const expected: string[] = [];
        const waits: Promise<void>[] = [];
        // ~30 MB of rows with multi-byte text (é: 2 bytes, €: 3, 😀: 4 for 2 UTF-16 units), none awaited until the end.
        for (let i = 0; i < 200_000; i++) {
            const fields = [`row ${i}`, 'é€😀'.repeat(i % 7), 'x'.repeat(100 + (i % 50))];
            expected.push(fields.join(','));
            const wait = writer.row(fields);
            if (wait) waits.push(wait);
        }
        // One line longer than a chunk.
        const long = 'é'.repeat(700_000);
        expected.push(long);
        const wait = writer.line(long);
        if (wait) waits.push(wait);
        await Promise.all(waits);
        await writer.commit();
        await new Promise((resolve) => setImmediate(resolve));
        process.off('warning', onWarning);
        expect(waits.length).toBeGreaterThan(20);
        expect(readFileSync(file, 'utf8')).toBe(expected.join('\n') + '\n');
        expect(warnings).toEqual([]);
    });

    it('field and line: quoting and the spreadsheet guard as row applies them; gzip output', async () => {
        const file = path.join(dir, 'fields.csv.gz');
        const writer = await CsvFileWriter.open(file);
        expect(['plain', '-12.50', '=SUM(A1)', 'a,b', 'say "hi"', '@x', ''].map((value) => writer.field(value)))
            .toEqual(['plain', '-12.50', "'=SUM(A1)", '"a,b"', '"say ""hi"""', "'@x", '']);
        await writer.row(['=1+1', 'two']);
        await writer.line('made,by,hand');
        await writer.commit();
        expect(gunzipSync(readFileSync(file)).toString('utf8')).toBe("'=1+1,two\nmade,by,hand\n");
    });
});
