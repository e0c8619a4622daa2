/**
 * Issue 14's reproductions: one group × period figure reads the same in every view and every period selection.
 *
 * examples/acme.billing on the bundled sample, group `data` (every account but web's 111111111111 and 222222222222,
 * auto-associated), 2026-03. Its AWS cost, by DuckDB over the same CSV (the oracle, not the code under test):
 *   SELECT sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10))) … WHERE period = 2026-03 AND account NOT IN (web's)
 *   = 46625.830319134 → half-even to cents: 46,625.83 (also summed with Python's decimal: 46625.8303191340).
 * Before the fix, `billing bill` over all periods showed the figure a cent off (a largest-remainder split had moved a
 * cent into it: 46,628.50 for the 46628.4947069993 of the sample before it carried Spot, idle Elastic IPs and
 * Marketplace at public cost 0) while `--period 2026-03`, the CodeLens and the preview showed it rounded once.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { Decimal } from 'decimal.js';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPreviewBody } from '../../client/preview/render-preview.js';
import type { CostReport } from '../../engine/report/types.js';
import { createKit, lensTitles } from '../server/server-kit.js';
import { billing, repoRoot, tempProject } from './cli-harness.js';

const POLICY = 'examples/acme.billing';
const SAMPLE = path.join(repoRoot, 'examples/data/sample-cur.csv');
const WEB_ACCOUNTS = ['111111111111', '222222222222'];

let oracleAws = '';

beforeAll(async () => {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const rows = await connection.runAndReadAll(`
        SELECT sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38, 10)))::VARCHAR
        FROM read_csv('${SAMPLE.replace(/'/g, "''")}', all_varchar = true)
        WHERE strftime(CAST("bill/BillingPeriodStartDate" AS TIMESTAMP), '%Y-%m') = '2026-03'
          AND "lineItem/UsageAccountId" NOT IN (${WEB_ACCOUNTS.map((id) => `'${id}'`).join(', ')})`);
    // DuckDB's DECIMAL(38,10) keeps trailing zeros; the report's exact decimals have none.
    oracleAws = new Decimal(String(rows.getRows()[0]![0])).toFixed();
    connection.closeSync();
});

/** The oracle's rounding: decimal.js half-even, grouped by hand. */
function shown(exact: string): string {
    const fixed = new Decimal(exact).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
    const [whole, cents] = fixed.replace('-', '').split('.');
    return `${fixed.startsWith('-') ? '-' : ''}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

const columns = (line: string) => line.trim().split(/\s{2,}/);

function tableRow(text: string, group: string, period: string): string[] {
    const line = text.split('\n').find((candidate) => columns(candidate)[0] === group && columns(candidate)[1] === period);
    expect(line, `${group} ${period} in\n${text}`).toBeDefined();
    return columns(line!);
}

const outputs = new Map<string, string>();

/** The CLI's stdout (each command line run once per file: the machine is shared). */
function run(args: string[]): string {
    const key = args.join('\u0000');
    const known = outputs.get(key);
    if (known !== undefined) return known;
    const result = billing(args);
    expect(result.status, result.stderr).toBe(0);
    outputs.set(key, result.stdout);
    return result.stdout;
}

describe('group data, 2026-03: one figure in every view', () => {
    it('the oracle says 46625.830319134, shown 46,625.83', () => {
        expect(oracleAws).toBe('46625.830319134');
        expect(shown(oracleAws)).toBe('46,625.83');
    });

    it('bill over all periods and with --period 2026-03 show the same row; markdown, csv and json agree', () => {
        const all = tableRow(run(['bill', POLICY]), 'data', '2026-03');
        const one = tableRow(run(['bill', POLICY, '--period', '2026-03']), 'data', '2026-03');
        expect(all[3]).toBe(shown(oracleAws));
        expect(one).toEqual(all);

        const json = JSON.parse(run(['bill', POLICY, '-f', 'json'])) as CostReport;
        const data = json.groups.find((g) => g.name === 'data' && g.period === '2026-03')!;
        expect(data.awsCost).toBe(oracleAws);
        // The other figures of the row: the exact value rounded once (decimal.js), whichever view.
        expect(all.slice(3, 6)).toEqual([shown(data.awsCost), shown(data.proformaCost), shown(data.margin)]);
        expect(data.presented).toEqual({ awsCost: '46625.83', proformaCost: all[4]!.replace(/,/g, ''), margin: all[5]!.replace(/,/g, '') });

        const markdown = run(['bill', POLICY, '-f', 'markdown']).split('\n').find((line) => line.startsWith('| data | 2026-03 |'))!;
        expect(markdown).toBe(`| data | 2026-03 | 10 | ${all.slice(3).join(' | ')} |`);
        const csv = run(['bill', POLICY, '-f', 'csv']).split('\n').find((line) => line.startsWith('group,2026-03,data,'))!.split(',');
        expect(csv.slice(-3)).toEqual(all.slice(3, 6).map((text) => text.replace(/,/g, '')));
    });

    it('the bill table adds up with a visible Rounding line, and its total is the exact total rounded', () => {
        const json = JSON.parse(run(['bill', POLICY, '-f', 'json'])) as CostReport;
        const text = run(['bill', POLICY]);
        const cents = (value: string) => BigInt(value.replace(/[,.]/g, ''));
        const body = text.split('\n').filter((line) => /^(web|data|Unassigned|Rounding)\s/.test(line)).map(columns);
        const total = columns(text.split('\n').find((line) => line.startsWith('Total'))!);
        expect(total[1]).toBe(shown(json.total.awsCost));
        const sumOf = (column: number) => body.reduce((sum, row) => sum + cents(row[row[0] === 'Rounding' ? column - 2 : column]!), 0n);
        expect(sumOf(3)).toBe(cents(total[1]!));
        expect(sumOf(4)).toBe(cents(total[2]!));
        expect(sumOf(5)).toBe(cents(total[3]!));
    });

    it('the CodeLens and the preview show the same figures, in either period selection', async () => {
        const json = JSON.parse(run(['bill', POLICY, '-f', 'json'])) as CostReport;
        const data = json.groups.find((g) => g.name === 'data' && g.period === '2026-03')!;
        const kit = createKit({ dataPaths: [SAMPLE], period: '2026-03' });
        try {
            const document = await kit.open(readFileSync(path.join(repoRoot, POLICY), 'utf8'), path.join(repoRoot, 'examples', 'acme-lens.billing'));
            const lens = (await lensTitles(kit, document)).find((title) => title.includes('· 2026-03') && title.includes(`AWS $${shown(oracleAws)}`));
            expect(lens, (await lensTitles(kit, document)).join('\n')).toContain(`Pro forma $${shown(data.proformaCost)}`);
        } finally {
            await kit.reset();
        }
        const single = JSON.parse(run(['bill', POLICY, '-f', 'json', '--period', '2026-03'])) as CostReport;
        for (const report of [json, single]) {
            const html = renderPreviewBody({ uri: 'file:///acme.billing', policyLabel: 'acme.billing', status: { state: 'ready', source: SAMPLE, periods: ['2026-01', '2026-02', '2026-03'], period: '2026-03', rows: 0 }, report, period: '2026-03' });
            const section = html.slice(html.indexOf('data-group="data" aria-label'));
            expect(section).toContain(`<span class="value">$${shown(oracleAws)}</span>`);
            expect(section).toContain(`$${shown(data.proformaCost)}</span>`);
            expect(section).toContain(`\u2212$${shown(data.margin).slice(1)}</span>`);
        }
    });
});

describe('billing diff: rows and total agree', () => {
    const project = tempProject({});
    afterAll(() => project.dispose());

    it('each change is the exact change rounded once; a Rounding row makes the column add up to the shown total', () => {
        const base = path.join(repoRoot, POLICY);
        const head = path.join(project.dir, 'head.billing');
        // 7% → 7.33% markup: a change with fractional cents in every group × period.
        writeFileSync(head, readFileSync(base, 'utf8').replace('markup 7%', 'markup 7.33%'));
        const json = JSON.parse(run(['diff', base, head, '--data', SAMPLE, '-f', 'json']));
        const text = run(['diff', base, head, '--data', SAMPLE]);
        const lines = text.split('\n');
        const cents = (value: string) => BigInt(value.replace(/[+,.]/g, ''));
        let sum = 0n;
        for (const group of json.groups) {
            for (const row of group.periods) {
                const cells = tableRow(text, group.group, row.period);
                const expected = shown(row.change.proformaCost);
                expect(cells[5]).toBe(expected.startsWith('-') || expected === '0.00' ? expected : `+${expected}`);
                sum += cents(cells[5]!);
            }
        }
        const rounding = lines.find((line) => line.startsWith('Rounding'));
        const total = columns(lines.find((line) => line.startsWith('Total'))!);
        expect(total[4]!.replace('+', '')).toBe(shown(json.total.change.proformaCost));
        const roundingChange = rounding ? cents(columns(rounding)[3]!) : 0n;
        expect(sum + roundingChange).toBe(cents(total[4]!));
    });
});
