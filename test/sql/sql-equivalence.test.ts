/**
 * `billing sql --dialect duckdb` against the engine (`billing bill --format json`), to the last decimal, on
 * generated CUR 1.0 data (with crafted line items the generator does not make), on the real CUR 2.0 sample and on
 * the FOCUS sample, for policies that use every feature: rule precedence (SKU by usage type + operation, usage type,
 * operation; SERVICE; BILLING_ENTITY; GLOBAL), free tier on/off (global and per service), custom tiers, RIs and
 * Savings Plans owned in and out of the group (and by an account with no line item), every custom line item form
 * (flat, percentage of charges and of flat items, filters, allocated account, period ranges, credits), memberships
 * with periods, auto-associate, unassigned accounts and groups without usage.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUR2, CUR2_POLICY, FOCUS, FOCUS_POLICY, sharedDataPresent, writeGeneratedFixtures } from './sql-fixtures.js';
import { engineReport, expectSameFigures, readCsv, runDuckDb, sqlFor } from './sql-harness.js';

let dir: string;
let csv: string;

beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'billing-sql-'));
    csv = await writeGeneratedFixtures(dir);
});

afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
});

async function compare(policy: string, schema: string, data: string, table: string, setup: readonly string[] = [], extra: readonly string[] = []) {
    const report = engineReport(dir, policy, data, extra);
    const rows = await runDuckDb(sqlFor(dir, policy, schema, table, extra), setup);
    expectSameFigures(rows, report);
    return { report, rows };
}

describe('billing sql (DuckDB) equals the engine on generated CUR 1.0 data', () => {
    it('every rule scope, free tier, commitments in and out of the group, every line item form, auto-associate', async () => {
        const { report } = await compare('full-auto.billing', 'cur1', csv, readCsv(csv));
        // The data exercises what the policy is about: several line item types, an idle group, auto-association.
        expect(report.groups.filter((group) => !group.hasUsage).map((group) => group.name)).toContain('idle');
        expect(report.unassigned.awsCost).toBe('0');
        expect(report.groups.find((group) => group.name === 'sandbox')!.accountIds.length).toBeGreaterThan(1);
    });

    it('the same policy without auto-associate: unassigned accounts', async () => {
        const { report } = await compare('full.billing', 'cur1', csv, readCsv(csv));
        expect(Number(report.unassigned.awsCost)).toBeGreaterThan(0);
    });

    it('custom tiers (SERVICE and GLOBAL) under markups', async () => {
        const { report } = await compare('tiers.billing', 'cur1', csv, readCsv(csv));
        expect(report.groups.some((group) => group.rules.some((rule) => rule.rule === 's3-tiers'))).toBe(true);
    });

    it('--period selects periods, on a table created beforehand', async () => {
        const { rows } = await compare('full-auto.billing', 'cur1', csv, 'cur', [`CREATE TABLE cur AS SELECT * FROM ${readCsv(csv)}`], ['--period', '2026-02,2026-04']);
        expect([...new Set(rows.map((row) => row.period).filter((period) => period !== null))]).toEqual(['2026-02', '2026-04']);
    });
});

describe('billing sql (DuckDB) equals the engine on the shared samples', () => {
    it('the real CUR 2.0 export (free tier credits, one account): free tier on and off, line items', async () => {
        if (!sharedDataPresent()) return;
        writeFileSync(path.join(dir, 'cur2-off.billing'), CUR2_POLICY('off'));
        writeFileSync(path.join(dir, 'cur2-on.billing'), CUR2_POLICY('on').replace('rule cw-free-tier { tiering free-tier on service AmazonCloudWatch }', 'rule cw-free-tier { tiering free-tier off service AmazonCloudWatch }'));
        const off = await compare('cur2-off.billing', 'cur2', CUR2, readCsv(CUR2));
        const on = await compare('cur2-on.billing', 'cur2', CUR2, readCsv(CUR2));
        expect(off.report.groups[0]!.charges).not.toBe(on.report.groups[0]!.charges);
        // Published: unblended Usage 47.6817 + Credit -47.6817 + Tax 0 (SOURCE.md).
        expect(Number(off.report.total.awsCost)).toBeCloseTo(0, 6);
    });

    it('the FOCUS 1.0 sample (AWS, Microsoft and Oracle rows, "NULL" texts, derived types and entities)', async () => {
        if (!sharedDataPresent()) return;
        // The sample's account ids are anonymised to 11 digits, which a policy cannot name: its accounts are
        // auto-associated (or, without an auto-associate group, unassigned).
        writeFileSync(path.join(dir, 'focus.billing'), FOCUS_POLICY(true));
        writeFileSync(path.join(dir, 'focus-unassigned.billing'), FOCUS_POLICY(false));
        // The sample has no AWS x_ columns: a view adds them empty (the engine reads absent columns as empty).
        const view = `CREATE VIEW focus AS SELECT *, CAST(NULL AS VARCHAR) AS x_ServiceCode, CAST(NULL AS VARCHAR) AS x_UsageType, CAST(NULL AS VARCHAR) AS x_Operation FROM ${readCsv(FOCUS)}`;
        const { report } = await compare('focus.billing', 'focus', FOCUS, 'focus', [view]);
        expect(report.periods).toEqual(['2024-09', '2024-10']);
        const unassigned = await compare('focus-unassigned.billing', 'focus', FOCUS, 'focus', [view]);
        expect(unassigned.report.unassigned.awsCost).toBe(report.total.awsCost);
    });
});
