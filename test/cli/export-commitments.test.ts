/**
 * `billing export` of periods whose RIs and Savings Plans are re-applied inside the groups hour by hour (issue 12):
 * each group's pro forma CUR, read back with our ingest, adds up to the hand-worked figure of the fixture
 * (test/oracle/commitments-fixtures.ts, arithmetic written out there) and to the report's, exactly; and, under custom
 * tiers, the covered hours are exported at 0 and left out of the tiers (docs/semantics.md "Custom tiers").
 */
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../engine/ingest/index.js';
import { Decimal } from '../../engine/money/decimal.js';
import type { CostReport } from '../../engine/report/types.js';
import { A, C, COMMITMENTS_FIXTURES, FIXTURE_DIR } from '../oracle/commitments-fixtures.js';
import { commitmentCsv, type RandomUsage } from '../reference/random-commitments.js';
import { billing, tempProject } from './cli-harness.js';

type Row = Record<string, string>;

function readCsv(file: string): Row[] {
    const [header, ...records] = parse(readFileSync(file, 'utf8')) as string[][];
    return records.map((record) => Object.fromEntries(header!.map((name, i) => [name, record[i]!])));
}

/** Σ unblended cost of a CUR file as the ingest reads it (all of it is one period here). */
async function ingestedTotal(file: string): Promise<string> {
    const cube = await ingest([file], { workers: 0 });
    return cube.cells.reduce((sum, cell) => sum.plus(cell.unblendedCost), new Decimal(0)).toFixed();
}

const sum = (rows: readonly Row[]): string => rows.reduce((total, row) => total.plus(row['lineItem/UnblendedCost']!), new Decimal(0)).toFixed();

describe('billing export: re-applied hourly commitments', () => {
    let project: ReturnType<typeof tempProject>;
    beforeAll(() => { project = tempProject({ 'policy.billing': readFileSync(path.join(FIXTURE_DIR, 'policy.billing'), 'utf8') }); });
    afterAll(() => project.dispose());

    for (const [file, expected] of Object.entries(COMMITMENTS_FIXTURES)) {
        for (const group of ['alpha', 'beta'] as const) {
            it(`${file}, group ${group}: Σ exported cost = the hand-worked pro forma = the report's`, async () => {
                const data = path.join(FIXTURE_DIR, file);
                const out = path.join(project.dir, `${group}-${file}`);
                const bill = billing(['bill', 'policy.billing', '--data', data, '-f', 'json'], project.dir);
                expect(bill.status, bill.stderr).toBe(0);
                const report = JSON.parse(bill.stdout) as CostReport;
                const reported = report.groups.find((line) => line.name === group)!.proformaCost;

                const result = billing(['export', 'policy.billing', '--data', data, '-g', group, '-o', out], project.dir);
                expect(result.status, result.stderr).toBe(0);
                const total = await ingestedTotal(out);
                expect(new Decimal(total).eq(expected.groups[group].proformaCost), `${total} vs ${expected.groups[group].proformaCost}`).toBe(true);
                expect(new Decimal(total).eq(reported)).toBe(true);
                // Re-application makes its own coverage: no Savings Plans negation is exported.
                expect(readCsv(out).filter((row) => row['lineItem/LineItemType'] === 'SavingsPlanNegation')).toEqual([]);
            });
        }
    }

    it('(a) alpha: the RI covers A first, then C, per hour; uncovered hours at on-demand × 1.10, the RIFee billed', () => {
        const out = path.join(project.dir, 'alpha-a-detail.csv');
        const result = billing(['export', 'policy.billing', '--data', path.join(FIXTURE_DIR, 'a-regional-ri-cross-group.csv'), '-g', 'alpha', '-o', out], project.dir);
        expect(result.status, result.stderr).toBe(0);
        const rows = readCsv(out);
        const usage = (account: string): Row[] => rows.filter((row) => row['lineItem/UsageAccountId'] === account && row['lineItem/LineItemType'] === 'Usage' && row['lineItem/ProductCode'] === 'AmazonEC2');
        // A's m5.large: 1 + 1 + 3 + 1 = 6 h, of which the RI covers 1 + 1 + 2 + 1 = 5 h: 1 h × 0.096 × 1.10 = 0.1056.
        expect(sum(usage(A))).toBe('0.1056');
        // C's m5.large: 2 + 1 = 3 h, of which the RI's units left in hour 2 cover 1 h: 2 h × 0.096 × 1.10 = 0.2112.
        expect(sum(usage(C))).toBe('0.2112');
        // The RIFee stays at its billed cost (672 h × 0.121 = 81.312); A's Tax is not in the pro forma CUR.
        expect(sum(rows.filter((row) => row['lineItem/LineItemType'] === 'RIFee'))).toBe('81.312');
        expect(rows.filter((row) => row['lineItem/LineItemType'] === 'Tax')).toEqual([]);
        // 81.312 + 0.1056 + 0.2112 = 81.6288, the hand-worked pro forma of alpha.
        expect(sum(rows)).toBe('81.6288');
    });
});

/**
 * Custom tiers with re-applied commitments through the CLI (the policy as text, docs/semantics.md "Custom tiers":
 * covered usage is not tiered). The data of the hand-worked engine test (test/engine/price/custom-tiers-commitments.test.ts):
 * A's Savings Plan 0.1 in hour 0 covers A's m5.large hour 0 (rate 0.1); A runs hours 1–2, B hours 1–2 on demand
 * (0.2/h). Tiers [0, 2) at 1, [2, ∞) at 0.5, markup 10 %.
 */
describe('billing bill and export: custom tiers leave out the covered usage', () => {
    const TA = '111111111111';
    const TB = '222222222222';
    const POLICY = `account ${TA} "a"
account ${TB} "b"
rule tiers { tiering tier 0 to 2 at 1 tier 2 at 0.5 }
rule markup { markup 10% }
plan tiered { rules tiers, markup }
group g {
  primary a
  accounts a, b
  plan tiered
}
`;
    const usage = (hour: number, account: string, billedAs: RandomUsage['billedAs']): RandomUsage => ({ hour, account, instanceType: 'm5.large', zone: 'us-east-1a', amount: '1', billedAs });
    const DATA = commitmentCsv({
        hours: 3, ris: [], sps: [{ owner: TA, commitment: '0.1', hours: [true, false, false] }],
        usage: [usage(0, TA, { kind: 'sp', index: 0 }), usage(1, TA, { kind: 'usage' }), usage(2, TA, { kind: 'usage' }), usage(1, TB, { kind: 'usage' }), usage(2, TB, { kind: 'usage' })],
    });
    let project: ReturnType<typeof tempProject>;
    beforeAll(() => { project = tempProject({ 'tiers.billing': POLICY, 'hourly.csv': DATA }); });
    afterAll(() => project.dispose());

    it('bill: on-demand 4 h through the tiers, 2 × 1 + 2 × 0.5 = 3, × 1.1 = 3.3, + the fee 0.1 = 3.4; export rows add up to it', async () => {
        const bill = billing(['bill', 'tiers.billing', '--data', 'hourly.csv', '-f', 'json'], project.dir);
        expect(bill.status, bill.stderr).toBe(0);
        const g = (JSON.parse(bill.stdout) as CostReport).groups.find((line) => line.name === 'g')!;
        // AWS cost: fee 0.1 + covered 0.2 − negation 0.2 + 4 × 0.2 on demand = 0.9. (Tiering the covered hour too: 3.95.)
        expect([g.awsCost, g.proformaCost, g.margin]).toEqual(['0.9', '3.4', '2.5']);
        const out = path.join(project.dir, 'g.csv');
        const result = billing(['export', 'tiers.billing', '--data', 'hourly.csv', '-g', 'g', '-o', out], project.dir);
        expect(result.status, result.stderr).toBe(0);
        expect(await ingestedTotal(out)).toBe('3.4');
        // The covered hour is exported at 0; each on-demand hour at the average tier rate 3 ÷ 4 × 1.1 = 0.825.
        const rows = readCsv(out).filter((row) => row['lineItem/ProductCode'] === 'AmazonEC2');
        expect(rows.map((row) => [row['lineItem/UsageAccountId'], row['lineItem/UsageStartDate']!.slice(11, 13), row['lineItem/UnblendedCost']]).sort()).toEqual([
            [TA, '00', '0'], [TA, '01', '0.825'], [TA, '02', '0.825'], [TB, '01', '0.825'], [TB, '02', '0.825'],
        ]);
    });
});
