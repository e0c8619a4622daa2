import { parse } from 'csv-parse/sync';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUR1_COLUMNS, generateCur } from '../../engine/generate/index.js';
import { ingest } from '../../engine/ingest/index.js';
import { Decimal } from '../../engine/money/decimal.js';
import type { CostReport } from '../../engine/report/types.js';
import { billing, repoRoot, tempProject } from './cli-harness.js';

const acme = readFileSync(path.join(repoRoot, 'examples', 'acme.billing'), 'utf8');
const WEB = ['111111111111', '222222222222'];
const DROPPED_TYPES = ['Credit', 'Tax', 'Refund', 'EdpDiscount'];

type Row = Record<string, string>;

function readCsv(file: string): { header: string[]; rows: Row[] } {
    const bytes = readFileSync(file);
    const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
    const [header, ...records] = parse(text) as string[][];
    return { header: header!, rows: records.map((record) => Object.fromEntries(header!.map((name, i) => [name, record[i]!]))) };
}

/** Σ unblended cost per period of a CUR file, as the ingest reads it. */
async function ingestedTotals(file: string): Promise<Record<string, string>> {
    const cube = await ingest([file]);
    const totals: Record<string, Decimal> = {};
    for (const cell of cube.cells) totals[cell.period] = (totals[cell.period] ?? new Decimal(0)).plus(cell.unblendedCost);
    return Object.fromEntries(Object.entries(totals).map(([period, total]) => [period, total.toFixed()]));
}

function proformaByPeriod(report: CostReport, group: string): Record<string, string> {
    return Object.fromEntries(report.groups.filter((line) => line.name === group).map((line) => [line.period, new Decimal(line.proformaCost).toFixed()]));
}

describe('billing export', () => {
    let project: ReturnType<typeof tempProject>;
    beforeAll(async () => {
        project = tempProject({
            'acme.billing': acme,
            'itemized.billing': `account 111111111111 "web-prod"
account 222222222222 "web-dev"
rule markup-4 { markup 4% }
rule s3-up { markup 12.5% service AmazonS3 }
plan p { rules markup-4, s3-up }
group web {
  primary web-prod
  accounts web-prod, web-dev
  plan p
  fee ops "Operations" flat 120
  fee tax "Tax model" 7.25% of charges, ops itemized account web-dev
  fee ec2-ops "EC2 operations" 3% of charges service = AmazonEC2 presented-as AmazonEC2
  credit promo "Promotion" flat 30 presented-as AmazonS3
}
group rest { primary 333333333333 accounts 333333333333 plan p auto-associate }
`,
        });
        // Two files whose headers differ: the second lacks one tag column and adds another.
        await generateCur({ output: path.join(project.dir, 'multi', 'a.csv'), rows: 600, seed: 5, accounts: [...WEB, '333333333333'], periods: ['2026-01'] });
        await generateCur({ output: path.join(project.dir, 'b-source.csv'), rows: 600, seed: 6, accounts: [...WEB, '333333333333'], periods: ['2026-02'] });
        const source = readCsv(path.join(project.dir, 'b-source.csv'));
        const header = [...source.header.filter((name) => name !== 'resourceTags/user:Environment'), 'resourceTags/user:Owner'];
        const quote = (field: string): string => (/[",\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);
        const lines = source.rows.map((row) => header.map((name) => quote(name === 'resourceTags/user:Owner' ? 'team-a' : row[name]!)).join(','));
        writeFileSync(path.join(project.dir, 'multi', 'b.csv'), [header.join(','), ...lines].join('\n') + '\n');
    });
    afterAll(() => project.dispose());

    it('refuses an output that is one of its inputs (the data, through a link, or a policy file); the input is untouched', async () => {
        mkdirSync(path.join(project.dir, 'self'), { recursive: true });
        await generateCur({ output: path.join(project.dir, 'self', 'in.csv'), rows: 200, seed: 9, accounts: WEB, periods: ['2026-01'] });
        symlinkSync(path.join(project.dir, 'self'), path.join(project.dir, 'self-link'));
        const before = readFileSync(path.join(project.dir, 'self', 'in.csv'));
        for (const out of ['self/in.csv', 'self-link/in.csv', './self/../self/in.csv']) {
            const result = billing(['export', 'acme.billing', '-g', 'web', '--data', 'self/in.csv', '--out', out], project.dir);
            expect(result.status, out).toBe(2);
            expect(result.stderr).toMatch(/^billing: refusing to write the pro forma CUR to .*in\.csv: it is one of the inputs/m);
            expect(result.stderr).not.toMatch(/\n\s+at /);
            expect(readFileSync(path.join(project.dir, 'self', 'in.csv')).equals(before), out).toBe(true);
        }
    });

    it('warns when a pro forma export is read back as billable data (an export written into the data folder)', async () => {
        mkdirSync(path.join(project.dir, 'readback'), { recursive: true });
        await generateCur({ output: path.join(project.dir, 'readback', 'cur.csv'), rows: 200, seed: 9, accounts: WEB, periods: ['2026-01'] });
        const exported = billing(['export', 'acme.billing', '-g', 'web', '--data', 'readback', '--out', 'readback/web-proforma.csv'], project.dir);
        expect(exported.status, exported.stderr).toBe(0);
        expect(exported.stderr).not.toContain('pro forma CUR written by');
        // With the CUR it came from, its rows are the same line items: an overlap, an error naming both.
        const both = billing(['bill', 'acme.billing', '--data', 'readback'], project.dir);
        expect(both.status, both.stderr).toBe(2);
        expect(both.stderr).toMatch(/readback\/cur\.csv and .*readback\/web-proforma\.csv deliver the same line items/);
        // Alone, it is read with a warning that its costs are pro forma figures.
        const alone = billing(['bill', 'acme.billing', '--data', 'readback/web-proforma.csv'], project.dir);
        expect(alone.status, alone.stderr).toBe(0);
        expect(alone.stderr).toMatch(/web-proforma\.csv is a pro forma CUR written by 'billing export'/);
    });

    it("writes the group's rows and custom line items; re-ingesting it gives the report's pro forma cost per period exactly", async () => {
        const result = billing(['export', 'acme.billing', '--group', 'web', '--out', 'web.csv'], project.dir);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stderr).toContain('data: bundled sample examples/data/sample-cur.csv');
        expect(result.stderr).toMatch(new RegExp(`wrote web\\.csv: group web, \\d+ line items \\+ 12 custom line item rows, ${CUR1_COLUMNS.length + 1} columns`));

        const { header, rows } = readCsv(path.join(project.dir, 'web.csv'));
        // The input's columns, then the marker of a pro forma CUR (the group, on every row).
        expect(header).toEqual([...CUR1_COLUMNS, 'billingConductor/ProformaBillingGroup']);
        expect(rows.every((row) => row['billingConductor/ProformaBillingGroup'] === 'web')).toBe(true);
        const custom = rows.filter((row) => row['lineItem/ProductCode'] === 'AWSBillingConductor');
        const usage = rows.filter((row) => row['lineItem/ProductCode'] !== 'AWSBillingConductor');
        expect(usage.every((row) => WEB.includes(row['lineItem/UsageAccountId']!))).toBe(true);
        expect(usage.some((row) => DROPPED_TYPES.includes(row['lineItem/LineItemType']!) || row['lineItem/ProductCode']!.startsWith('AWSSupport'))).toBe(false);
        expect(rows.every((row) => row['bill/InvoiceId'] === '')).toBe(true);

        // acme's web items, every period: platform (flat 500), security (fee), migration (credit), support (flat 250 on web-dev).
        expect(custom.map((row) => [row['bill/BillingPeriodStartDate']!.slice(0, 7), row['lineItem/LineItemType'], row['lineItem/LineItemDescription'], row['lineItem/UsageAccountId']]))
            .toEqual(['2026-01', '2026-02', '2026-03'].flatMap((period) => [
                [period, 'Fee', 'Platform operations', '111111111111'],
                [period, 'Fee', 'Security tooling', '111111111111'],
                [period, 'Credit', 'Migration credit', '111111111111'],
                [period, 'Fee', 'Support allocation', '222222222222'],
            ]));
        expect(custom.every((row) => row['lineItem/UsageAmount'] === '1' && row['lineItem/UsageStartDate'] === row['bill/BillingPeriodStartDate'])).toBe(true);
        expect(custom.filter((row) => row['lineItem/LineItemDescription'] === 'Platform operations').map((row) => row['lineItem/UnblendedCost'])).toEqual(['500', '500', '500']);

        const report = JSON.parse(billing(['bill', 'acme.billing', '--format', 'json'], project.dir).stdout) as CostReport;
        expect(await ingestedTotals(path.join(project.dir, 'web.csv'))).toEqual(proformaByPeriod(report, 'web'));
    });

    it('itemized and presented-as items become Proforma_ rows; the invariant holds over two files with different headers, gzip and --period', async () => {
        const result = billing(['export', 'itemized.billing', '-g', 'web', '-o', 'out/web.csv.gz', '--data', 'multi', '--period', '2026-01,2026-02'], project.dir);
        expect(result.status, result.stderr).toBe(0);
        const { header, rows } = readCsv(path.join(project.dir, 'out', 'web.csv.gz'));
        // The union of the inputs' headers in first-seen order: a.csv's columns, then b.csv's new one.
        expect(header).toEqual([...CUR1_COLUMNS, 'resourceTags/user:Owner', 'billingConductor/ProformaBillingGroup']);
        const january = rows.filter((row) => row['bill/BillingPeriodStartDate']!.startsWith('2026-01') && row['lineItem/LineItemType'] === 'Usage');
        expect(january.length).toBeGreaterThan(0);
        expect(january.every((row) => row['resourceTags/user:Owner'] === '')).toBe(true);
        const february = rows.filter((row) => row['bill/BillingPeriodStartDate']!.startsWith('2026-02') && row['lineItem/LineItemType'] === 'Usage');
        expect(february.length).toBeGreaterThan(0);
        expect(february.every((row) => row['resourceTags/user:Owner'] === 'team-a' && row['resourceTags/user:Environment'] === '')).toBe(true);

        const type = (description: string): string[] => [...new Set(rows.filter((row) => row['lineItem/LineItemDescription'] === description).map((row) => row['lineItem/LineItemType']!))];
        expect(type('Operations')).toEqual(['Fee']);
        expect(type('Tax model')).toEqual(['Proforma_Fee']);
        expect(type('EC2 operations')).toEqual(['Proforma_Fee']);
        expect(type('Promotion')).toEqual(['Proforma_Credit']);
        const promo = rows.filter((row) => row['lineItem/LineItemDescription'] === 'Promotion');
        expect(promo.map((row) => [row['lineItem/ProductCode'], row['lineItem/UnblendedCost']])).toEqual([['AmazonS3', '-30'], ['AmazonS3', '-30']]);

        // Itemized: one row per priced line item of the group (plus one for the part of the base that is the flat item).
        const tax = rows.filter((row) => row['lineItem/LineItemDescription'] === 'Tax model');
        const customDescriptions = ['Operations', 'Tax model', 'EC2 operations', 'Promotion'];
        const priced = rows.filter((row) => !customDescriptions.includes(row['lineItem/LineItemDescription']!) && !new Decimal(row['lineItem/UnblendedCost']!).isZero());
        expect(tax.length).toBe(priced.length + 2);
        expect(tax.every((row) => row['lineItem/UsageAccountId'] === '222222222222')).toBe(true);
        const report = JSON.parse(billing(['bill', 'itemized.billing', '-f', 'json', '--data', 'multi'], project.dir).stdout) as CostReport;
        for (const period of ['2026-01', '2026-02']) {
            const expected = report.groups.find((group) => group.name === 'web' && group.period === period)!.customLineItems.find((item) => item.name === 'tax')!.amount;
            const sum = tax.filter((row) => row['bill/BillingPeriodStartDate']!.startsWith(period)).reduce((total, row) => total.plus(row['lineItem/UnblendedCost']!), new Decimal(0));
            expect(sum.toFixed()).toBe(new Decimal(expected).toFixed());
        }
        expect(await ingestedTotals(path.join(project.dir, 'out', 'web.csv.gz'))).toEqual(proformaByPeriod(report, 'web'));

        const one = billing(['export', 'itemized.billing', '-g', 'rest', '-o', 'out/rest.csv', '--data', 'multi', '-p', '2026-02'], project.dir);
        expect(one.status, one.stderr).toBe(0);
        const rest = await ingestedTotals(path.join(project.dir, 'out', 'rest.csv'));
        expect(rest).toEqual({ '2026-02': proformaByPeriod(report, 'rest')['2026-02'] });
    });

    it('under custom tiers writes amounts a CUR reader accepts; the sum and the figure on stderr are the report\'s', async () => {
        // Lambda GB-seconds through tiers at rates with many decimals, then a 7% markup: the rows' exact pro forma
        // costs are usage × (tiered cost ÷ group usage) × 1.07, quotients of 20+ decimals.
        writeFileSync(path.join(project.dir, 'tiers.billing'), `account 111111111111 "web-prod"
account 222222222222 "web-dev"
rule lambda-tiers { tiering service AWSLambda
  tier 0 to 3 at 0.0000166667
  tier 3 at 0.0000133333333 }
rule m { markup 7% }
plan p { rules lambda-tiers, m }
group web { primary web-prod accounts web-prod, web-dev plan p }
`);
        const result = billing(['export', 'tiers.billing', '-g', 'web', '-o', 'tiers.csv'], project.dir);
        expect(result.status, result.stderr).toBe(0);
        const { rows } = readCsv(path.join(project.dir, 'tiers.csv'));
        const decimals = (text: string): number => (text.split('.')[1] ?? '').length;
        for (const period of ['2026-01', '2026-02', '2026-03']) {
            const costs = rows.filter((row) => row['bill/BillingPeriodStartDate']!.startsWith(period)).map((row) => row['lineItem/UnblendedCost']!);
            // Every row but one per period (the last written, holding the rounding remainder) has at most 15 decimals
            // (AWS writes 10 to 15); before, rows carried the exact quotient and our own ingest (40 decimals) refused them.
            expect(costs.slice(0, -1).filter((cost) => decimals(cost) > 15), period).toEqual([]);
            expect(decimals(costs.at(-1)!), period).toBeLessThanOrEqual(40);
        }
        // Lambda priced under the tiers makes the exact figures long (the case this test is about).
        const report = JSON.parse(billing(['bill', 'tiers.billing', '--format', 'json'], project.dir).stdout) as CostReport;
        expect(report.groups.some((line) => decimals(line.proformaCost) > 15)).toBe(true);
        // Read back by our own ingest: Σ per period = the report's pro forma, to the last digit.
        const expected = proformaByPeriod(report, 'web');
        expect(await ingestedTotals(path.join(project.dir, 'tiers.csv'))).toEqual(expected);
        // The figure on stderr is the report's figure, presented as every view does: rounded once, half-even, to cents.
        const shown = (total: string): string => Number(new Decimal(total).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2)).toLocaleString('en-US', { minimumFractionDigits: 2 });
        expect(result.stderr).toContain(`pro forma cost ${Object.entries(expected).map(([period, total]) => `${period} ${shown(total)}`).join(', ')}\n`);
    });

    it('exits 2 on an unknown group, naming the groups, and writes nothing', () => {
        const result = billing(['export', 'acme.billing', '--group', 'wbe', '--out', 'nothing.csv'], project.dir);
        expect(result.status).toBe(2);
        expect(result.stderr).toBe("billing: unknown group 'wbe' (did you mean 'web'?); the policy's groups: web, data\n");
        expect(existsSync(path.join(project.dir, 'nothing.csv'))).toBe(false);
        expect(billing(['export', 'acme.billing', '--out', 'x.csv'], project.dir).stderr).toMatch(/^billing: missing '--group NAME'/);
        expect(billing(['export', 'acme.billing', '-g', 'web', '-o', 'x.txt'], project.dir).stderr).toMatch(/must end in \.csv or \.csv\.gz/);
    });

    it('exports a real CUR 2.0 file in its own format', async () => {
        const file = path.resolve(repoRoot, '..', 'shared', 'data', 'ola-raji-cur2-csv', 'ha-project-CUR-daily-1-00001.csv');
        if (!existsSync(file)) {
            if (process.env.CI) throw new Error(`${file} is missing (CI must provide ../shared/data)`);
            return;
        }
        writeFileSync(path.join(project.dir, 'cur2.billing'), `account 147303435917
rule m { markup 9.5% }
rule off { tiering free-tier off }
plan p { rules m, off }
group solo { primary 147303435917 accounts 147303435917 plan p fee ops "Ops" flat 10 }
`);
        const result = billing(['export', 'cur2.billing', '-g', 'solo', '-o', 'cur2.csv', '--data', file], project.dir);
        expect(result.status, result.stderr).toBe(0);
        const { header, rows } = readCsv(path.join(project.dir, 'cur2.csv'));
        expect(header).toEqual([...readCsv(file).header, 'billing_conductor_proforma_billing_group']);
        expect(new Set(rows.map((row) => row.line_item_line_item_type))).toEqual(new Set(['Usage', 'Fee']));
        expect(rows.filter((row) => row.line_item_line_item_type === 'Fee').map((row) => [row.line_item_product_code, row.line_item_unblended_cost, row.line_item_usage_account_id]))
            .toEqual([['AWSBillingConductor', '10', '147303435917']]);
        const report = JSON.parse(billing(['bill', 'cur2.billing', '-f', 'json', '--data', file], project.dir).stdout) as CostReport;
        expect(await ingestedTotals(path.join(project.dir, 'cur2.csv'))).toEqual(proformaByPeriod(report, 'solo'));
    });

    it('exports FOCUS in FOCUS columns (the FinOps sample, multi-cloud, NULL for empty)', async () => {
        const file = path.resolve(repoRoot, '..', 'shared', 'data', 'focus-1.0-sample', 'focus_sample.csv');
        if (!existsSync(file)) {
            if (process.env.CI) throw new Error(`${file} is missing (CI must provide ../shared/data)`);
            return;
        }
        writeFileSync(path.join(project.dir, 'focus.billing'), `rule m { markup 10% }
plan p { rules m }
group all {
  primary 111111111111
  accounts 111111111111
  plan p
  auto-associate
  fee ops "Ops" flat 5
  credit back "Give-back" 3% of charges itemized
}
`);
        const result = billing(['export', 'focus.billing', '-g', 'all', '-o', 'focus.csv', '--data', file], project.dir);
        expect(result.status, result.stderr).toBe(0);
        const { header, rows } = readCsv(path.join(project.dir, 'focus.csv'));
        expect(header).toEqual([...readCsv(file).header, 'x_BillingConductorProformaBillingGroup']);
        const ops = rows.filter((row) => row.ChargeDescription === 'Ops');
        expect(ops.map((row) => [row.BillingPeriodStart, row.ChargeCategory, row.BilledCost, row.ServiceName, row.SubAccountId])).toEqual([
            ['2024-09-01 00:00:00', 'Adjustment', '5', 'AWSBillingConductor', '111111111111'],
            ['2024-10-01 00:00:00', 'Adjustment', '5', 'AWSBillingConductor', '111111111111'],
        ]);
        expect(ops[0]!.ProviderName).toBe('AWS');
        const giveBack = rows.filter((row) => row.ChargeDescription === 'Give-back');
        expect(giveBack.length).toBeGreaterThan(100);
        expect(giveBack.every((row) => row.ChargeCategory === 'Credit')).toBe(true);
        const report = JSON.parse(billing(['bill', 'focus.billing', '-f', 'json', '--data', file], project.dir).stdout) as CostReport;
        // Itemized: the rows (a credit on each priced line, positive on the few negative ones) add up to the item.
        for (const group of report.groups) {
            const amount = group.customLineItems.find((item) => item.name === 'back')!.amount;
            const sum = giveBack.filter((row) => row.BillingPeriodStart.startsWith(group.period)).reduce((total, row) => total.plus(row.BilledCost), new Decimal(0));
            expect(sum.toFixed()).toBe(new Decimal(amount).toFixed());
        }
        expect(await ingestedTotals(path.join(project.dir, 'focus.csv'))).toEqual(proformaByPeriod(report, 'all'));
    });
});
