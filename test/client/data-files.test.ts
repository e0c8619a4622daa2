import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { sniffDataFile, symbolicSample } from '../../client/data-files.js';

/** The data picker's workspace files (issue 11, defect 8): recognised by a look at their header, not by name alone. */
describe('CUR/FOCUS files of the workspace', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'billing-data-files-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, content: string | Buffer) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, content);
        return file;
    };

    it('recognises CUR 1.0, CUR 2.0 and FOCUS headers, gzip included, and the bundled sample', async () => {
        expect(await sniffDataFile(write('a.csv', 'identity/LineItemId,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UnblendedCost\n1,2,3,4\n'))).toBe('CUR 1.0');
        expect(await sniffDataFile(write('b.csv.gz', zlib.gzipSync('line_item_usage_account_id,line_item_unblended_cost\n1,2\n'.repeat(2000))))).toBe('CUR 2.0');
        expect(await sniffDataFile(write('c.csv', 'BilledCost,ChargeCategory,SubAccountId\n1,Usage,2\n'))).toBe('FOCUS');
        expect(await sniffDataFile(path.resolve('examples/data/sample-cur.csv'))).toBe('CUR 1.0');
    });

    it('leaves out other CSV, JSON and Parquet files, and files it cannot read', async () => {
        expect(await sniffDataFile(write('d.csv', 'name,cost\nweb,1\n'))).toBeUndefined();
        expect(await sniffDataFile(write('package.json', '{"name":"x"}'))).toBeUndefined();
        expect(await sniffDataFile(write('e.parquet', 'not parquet'))).toBeUndefined();
        expect(await sniffDataFile(write('f.csv.gz', 'not gzip'))).toBeUndefined();
        expect(await sniffDataFile(path.join(dir, 'missing.csv'))).toBeUndefined();
    });

    it('a pick of an earlier version\'s bundled sample path becomes the symbolic choice', () => {
        expect(symbolicSample('/root/.vscode/extensions/billing-conductor.billing-conductor-0.1.0/examples/data/sample-cur.csv')).toBe('bundled:sample');
        expect(symbolicSample('C:\\Users\\a\\.vscode\\extensions\\billing-conductor.billing-conductor-0.2.0\\examples\\data\\sample-cur.csv')).toBe('bundled:sample');
        expect(symbolicSample('/ws/examples/data/sample-cur.csv')).toBe('/ws/examples/data/sample-cur.csv');
    });
});
