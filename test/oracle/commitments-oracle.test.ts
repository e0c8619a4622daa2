/**
 * The commitments oracle (commitments-oracle-sql.ts) over the generator's hourly data (`billing generate --hourly`):
 * the invariants every re-application must keep, whatever the figures.
 * - The AWS-cost side does not move: Σ groups + unassigned = the file's total unblended cost (summed here by plain
 *   DuckDB, apart from the oracle), and per group it equals the plain oracle's (report-oracle-sql.ts).
 * - Utilization ≤ 100 % for every commitment and group, coverage ≤ 100 %, covered ≤ eligible.
 * - A commitment owned outside a group gives that group nothing: such a group has no coverage and no commitment,
 *   and its pro forma is exactly what the plain oracle gives (its covered lines repriced at on-demand, negations 0).
 * - The owner's group does get the benefit: its commitments are used, and the usage they cover costs it nothing.
 * Two policies of examples/: acme (owner data-prod with shared-services; web-prod, web-dev got the benefit) and
 * prod-nonprod (owner in production with web-prod and 555555555555; web-dev, shared-services in non-production).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { Decimal as DecimalJs } from 'decimal.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCur, generateHourlyCommitmentsCur, HOURLY_OWNER } from '../../engine/generate/index.js';
import { commitmentsOracle, type CommitmentsOracleReport } from './commitments-oracle-sql.js';
import { normalizeDecimal, oracleReport, type OraclePolicy, type OracleReport } from './report-oracle-sql.js';

const markup = (plan: string, percent: string): OraclePolicy['rules'][number] => ({ plan, type: 'MARKUP', modifier: percent });

/** examples/acme.billing's groups and rules, without its custom line items (they do not touch commitments). */
const ACME: OraclePolicy = {
    groups: [{ name: 'web', plan: 'standard', primary: '111111111111' }, { name: 'data', plan: 'standard', primary: '333333333333', autoAssociate: true }],
    memberships: [
        { group: 'web', account: '111111111111' }, { group: 'web', account: '222222222222' },
        { group: 'data', account: '333333333333' }, { group: 'data', account: '444444444444' },
    ],
    rules: [markup('standard', '7'), { plan: 'standard', type: 'DISCOUNT', modifier: '10', service: 'AmazonEC2' }],
    lineItems: [],
};

/** examples/prod-nonprod.billing's groups: 555555555555 in production with the owner. */
const PROD_NONPROD: OraclePolicy = {
    groups: [{ name: 'production', plan: 'prod', primary: '111111111111' }, { name: 'non-production', plan: 'nonprod', primary: '222222222222' }],
    memberships: [
        { group: 'production', account: '111111111111' }, { group: 'production', account: '333333333333' }, { group: 'production', account: '555555555555' },
        { group: 'non-production', account: '222222222222' }, { group: 'non-production', account: '444444444444' },
    ],
    rules: [markup('prod', '5'), markup('nonprod', '12')],
    lineItems: [],
};

let dir: string;
let csv: string;
let fileTotal: string;

beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'commitments-oracle-'));
    csv = path.join(dir, 'hourly.csv');
    await generateHourlyCommitmentsCur({ output: csv, periods: ['2026-02'], seed: 11 });
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    const reader = await db.runAndReadAll(`SELECT sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38,10)))::VARCHAR
        FROM read_csv('${csv}', header = true, all_varchar = true)`);
    fileTotal = normalizeDecimal(String((reader.getRowsJson()[0] as unknown[])[0]));
    db.closeSync();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Exact decimal sum (decimal.js, not the engine's Decimal). */
const sum = (values: string[]): string => normalizeDecimal(values.reduce((s, v) => s.plus(v), new DecimalJs(0)).toFixed());

describe.each([['acme', ACME, 'data'], ['prod-nonprod', PROD_NONPROD, 'production']] as const)('commitments oracle invariants, %s policy', (_name, policy, ownerGroup) => {
    let result: CommitmentsOracleReport;
    let plain: OracleReport;

    beforeAll(async () => {
        result = await commitmentsOracle(csv, policy);
        plain = await oracleReport(csv, policy);
    }, 120_000);

    it('re-applies the hourly period, and the data holds commitment lines used across groups', () => {
        expect(result.hourlyPeriods).toEqual(['2026-02']);
        expect(result.notReapplied).toEqual([]);
        expect(result.commitments.map((c) => c.type).sort()).toEqual(['ComputeSavingsPlans', 'EC2InstanceSavingsPlans', 'regional', 'zonal']);
        expect(result.commitments.every((c) => c.ownerAccountId === HOURLY_OWNER && c.group === ownerGroup)).toBe(true);
        expect(result.report.lineItemTypes).toEqual(expect.arrayContaining(['DiscountedUsage', 'RIFee', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation', 'SavingsPlanRecurringFee', 'Usage']));
    });

    it('the AWS-cost side is unchanged: Σ groups + unassigned = the input total, group by group as the plain oracle', () => {
        expect(result.report.total.awsCost).toBe(fileTotal);
        expect(sum([...result.report.groups.map((g) => g.awsCost), result.report.unassigned.awsCost])).toBe(fileTotal);
        expect(result.report.groups.map((g) => [g.group, g.awsCost])).toEqual(plain.groups.map((g) => [g.group, g.awsCost]));
    });

    it('utilization ≤ 100 % per commitment and group, coverage ≤ 100 %', () => {
        for (const c of result.commitments) {
            expect(c.utilization).not.toBeNull();
            expect(c.utilization!).toBeGreaterThan(0);
            expect(c.utilization!).toBeLessThanOrEqual(1);
            expect(Number(c.used)).toBeLessThanOrEqual(Number(c.purchased));
        }
        for (const g of result.groups) {
            expect(g.hourly).toBe(true);
            for (const u of [g.reservations.utilization, g.savingsPlans.utilization]) if (u !== null) expect(u).toBeLessThanOrEqual(1);
            expect(g.coverage).not.toBeNull();
            expect(g.coverage!).toBeGreaterThanOrEqual(0);
            expect(g.coverage!).toBeLessThanOrEqual(1);
            expect(Number(g.coveredOnDemandCost)).toBeLessThanOrEqual(Number(g.eligibleOnDemandCost));
            expect(g.unrated.rows).toBe(0);
        }
    });

    it('a commitment owned outside a group gives that group nothing: its pro forma is the plain on-demand repricing', () => {
        const others = result.groups.filter((g) => g.group !== ownerGroup);
        expect(others.length).toBeGreaterThan(0);
        for (const g of others) {
            expect(g.coveredOnDemandCost).toBe('0');
            expect(g.reservations).toEqual({ purchased: '0', used: '0', utilization: null });
            expect(g.savingsPlans).toEqual({ purchased: '0', used: '0', utilization: null });
            const re = result.report.groups.find((r) => r.group === g.group)!;
            const before = plain.groups.find((r) => r.group === g.group)!;
            // The benefit AWS gave these accounts in the billable bill is gone: they pay more than AWS charged them.
            expect(Number(re.proformaCost)).toBeGreaterThan(Number(re.awsCost));
            expect(re.proformaCost).toBe(before.proformaCost);
        }
    });

    it('the owner\'s group gets the benefit: covered usage costs it nothing, so it pays less than on-demand for its usage', () => {
        const g = result.groups.find((x) => x.group === ownerGroup)!;
        expect(Number(g.coveredOnDemandCost)).toBeGreaterThan(0);
        expect(g.reservations.utilization!).toBeGreaterThan(0);
        expect(g.savingsPlans.utilization!).toBeGreaterThan(0);
        // Plain oracle: the owner's own usage, on-demand in the billable bill, stays on-demand there; re-applied,
        // the group's commitments cover it.
        const re = Number(result.report.groups.find((r) => r.group === ownerGroup)!.proformaCost);
        const before = Number(plain.groups.find((r) => r.group === ownerGroup)!.proformaCost);
        expect(re).toBeLessThan(before);
    });
});

describe('commitments oracle on daily data', () => {
    it('re-applies nothing: the periods are listed as not re-applied and every figure is the plain oracle\'s', async () => {
        const daily = path.join(dir, 'daily.csv');
        await generateCur({
            output: daily, rows: 3000, seed: 4, periods: ['2026-01', '2026-02'],
            accounts: ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'],
        });
        const result = await commitmentsOracle(daily, ACME);
        const plain = await oracleReport(daily, ACME);
        expect(result.hourlyPeriods).toEqual([]);
        expect(result.notReapplied).toEqual(['2026-01', '2026-02']);
        expect(result.report).toEqual(plain);
        for (const g of result.groups) expect(g.hourly).toBe(false);
    }, 120_000);
});
