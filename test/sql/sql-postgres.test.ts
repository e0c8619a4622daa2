/**
 * `billing sql --dialect postgres` (the same query as `--dialect redshift`) against the engine (`billing bill
 * --format json`), to the last decimal, on a real PostgreSQL server the test starts and stops itself
 * (postgres-server.ts): the generated CUR 1.0 data of the DuckDB equivalence tests (as text, and typed as the CUR
 * Redshift integration loads it: TIMESTAMP periods, DOUBLE PRECISION and NUMERIC amounts), the real CUR 2.0 export
 * and the FOCUS sample, with the same policies; and the query's refusals (more decimals than the input scale,
 * mixed currencies, a malformed period, a text that is no number) as PostgreSQL errors carrying the message.
 * Redshift itself cannot run here: docs/warehouse.md says what this proves for it and what it does not.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUR1_COLUMNS } from '../../engine/generate/index.js';
import { cur1RedshiftColumn } from '../../engine/sql/cur-schemas.js';
import { sqlIdentifier } from '../../engine/sql/sql-dialect.js';
import { startPostgres, type PostgresServer } from './postgres-server.js';
import { A, CUR2, CUR2_POLICY, FOCUS, FOCUS_POLICY, sharedDataPresent, writeGeneratedFixtures } from './sql-fixtures.js';
import { engineReport, expectSameFigures, sqlFor } from './sql-harness.js';

let dir: string;
let csv: string;
let pg: PostgresServer;

/** The header of a CSV file: its column names, unquoted. */
function header(file: string): string[] {
    const first = readFileSync(file, 'utf8').split(/\r?\n/, 1)[0]!;
    return first.split(',').map((name) => name.replace(/^"(.*)"$/, '$1'));
}

/** A table of TEXT columns named `name(column)`, loaded from the CSV file (empty fields read as NULL). */
function loadText(table: string, file: string, name: (column: string) => string): void {
    pg.run(`CREATE TABLE ${table} (${header(file).map((column) => `${sqlIdentifier(name(column))} TEXT`).join(', ')});`);
    pg.copyCsv(table, file);
}

beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'billing-sql-pg-'));
    csv = await writeGeneratedFixtures(dir);
    pg = startPostgres();
    expect(header(csv)).toEqual([...CUR1_COLUMNS]);
    loadText('cur1_text', csv, cur1RedshiftColumn);
    // As the CUR Redshift integration types them: the period a TIMESTAMP, costs DOUBLE PRECISION (as Athena's
    // tables do) and NUMERIC; the query reads each through CAST(… AS VARCHAR).
    pg.run(`CREATE TABLE cur1_typed AS SELECT *,
        CAST(bill_billingperiodstartdate AS TIMESTAMP) AS period_typed,
        CAST(lineitem_unblendedcost AS DOUBLE PRECISION) AS unblended_typed,
        CAST(pricing_publicondemandcost AS NUMERIC(38, 18)) AS public_typed
        FROM cur1_text;
        ALTER TABLE cur1_typed DROP COLUMN bill_billingperiodstartdate;
        ALTER TABLE cur1_typed DROP COLUMN lineitem_unblendedcost;
        ALTER TABLE cur1_typed DROP COLUMN pricing_publicondemandcost;
        ALTER TABLE cur1_typed RENAME COLUMN period_typed TO bill_billingperiodstartdate;
        ALTER TABLE cur1_typed RENAME COLUMN unblended_typed TO lineitem_unblendedcost;
        ALTER TABLE cur1_typed RENAME COLUMN public_typed TO pricing_publicondemandcost;`);
}, 300_000);

afterAll(() => {
    pg?.stop();
    rmSync(dir, { recursive: true, force: true });
});

function compare(policy: string, schema: string, data: string, table: string, extra: readonly string[] = []) {
    const report = engineReport(dir, policy, data, extra);
    const rows = pg.query(sqlFor(dir, policy, schema, table, extra, 'postgres'));
    expectSameFigures(rows, report);
    return { report, rows };
}

describe('the PostgreSQL server the tests run', () => {
    it('is a real PostgreSQL, and the redshift dialect writes the query the postgres dialect does', () => {
        expect(pg.version).toMatch(/^PostgreSQL \d+/);
        const query = (dialect: string) => sqlFor(dir, 'full.billing', 'cur1', 'cur', [], dialect).replace(/^-- Dialect \w+,/m, '-- Dialect ,');
        expect(query('redshift')).toBe(query('postgres'));
        // Redshift has no VALUES lists as tables, no error(), no regexp_extract: the query uses none of them.
        expect(query('redshift')).not.toMatch(/\bVALUES\b|\berror\(|regexp_extract|MATERIALIZED/);
    });
});

describe('billing sql (PostgreSQL) equals the engine on generated CUR 1.0 data', () => {
    it('every rule scope, free tier, commitments in and out of the group, every line item form, auto-associate', () => {
        const { report } = compare('full-auto.billing', 'cur1', csv, 'cur1_text');
        expect(report.groups.filter((group) => !group.hasUsage).map((group) => group.name)).toContain('idle');
        expect(report.groups.find((group) => group.name === 'sandbox')!.accountIds.length).toBeGreaterThan(1);
    });

    it('the same policy without auto-associate: unassigned accounts', () => {
        const { report } = compare('full.billing', 'cur1', csv, 'cur1_text');
        expect(Number(report.unassigned.awsCost)).toBeGreaterThan(0);
    });

    it('custom tiers (SERVICE and GLOBAL) under markups', () => {
        const { report } = compare('tiers.billing', 'cur1', csv, 'cur1_text');
        expect(report.groups.some((group) => group.rules.some((rule) => rule.rule === 's3-tiers'))).toBe(true);
    });

    it('--period selects periods', () => {
        const { rows } = compare('full-auto.billing', 'cur1', csv, 'cur1_text', ['--period', '2026-02,2026-04']);
        expect([...new Set(rows.map((row) => row.period).filter((period) => period !== null))]).toEqual(['2026-02', '2026-04']);
    });

    it('a typed table (TIMESTAMP period, DOUBLE PRECISION and NUMERIC costs) gives the same figures', () => {
        const types = pg.query(`SELECT column_name AS record, data_type AS billing_group FROM information_schema.columns
            WHERE table_name = 'cur1_typed' AND column_name IN ('bill_billingperiodstartdate', 'lineitem_unblendedcost', 'pricing_publicondemandcost')
            ORDER BY column_name`);
        expect(types.map((row) => [row.record, row.billing_group])).toEqual([
            ['bill_billingperiodstartdate', 'timestamp without time zone'],
            ['lineitem_unblendedcost', 'double precision'],
            ['pricing_publicondemandcost', 'numeric'],
        ]);
        compare('full.billing', 'cur1', csv, 'cur1_typed');
    });
});

describe('billing sql (PostgreSQL) equals the engine on the shared samples', () => {
    it('the real CUR 2.0 export: free tier on and off, line items', () => {
        if (!sharedDataPresent()) return;
        loadText('cur2', CUR2, (column) => column);
        writeFileSync(path.join(dir, 'cur2-off.billing'), CUR2_POLICY('off'));
        writeFileSync(path.join(dir, 'cur2-on.billing'), CUR2_POLICY('on').replace('free-tier on service AmazonCloudWatch', 'free-tier off service AmazonCloudWatch'));
        const off = compare('cur2-off.billing', 'cur2', CUR2, 'cur2');
        const on = compare('cur2-on.billing', 'cur2', CUR2, 'cur2');
        expect(off.report.groups[0]!.charges).not.toBe(on.report.groups[0]!.charges);
    });

    it('the FOCUS 1.0 sample (columns folded to lower case, as Redshift and unquoted PostgreSQL names are)', () => {
        if (!sharedDataPresent()) return;
        loadText('focus_sample', FOCUS, (column) => column.toLowerCase());
        pg.run(`CREATE VIEW focus AS SELECT *, CAST(NULL AS VARCHAR) AS x_servicecode, CAST(NULL AS VARCHAR) AS x_usagetype,
            CAST(NULL AS VARCHAR) AS x_operation FROM focus_sample;`);
        writeFileSync(path.join(dir, 'focus.billing'), FOCUS_POLICY(true));
        writeFileSync(path.join(dir, 'focus-unassigned.billing'), FOCUS_POLICY(false));
        const { report } = compare('focus.billing', 'focus', FOCUS, 'focus');
        expect(report.periods).toEqual(['2024-09', '2024-10']);
        const unassigned = compare('focus-unassigned.billing', 'focus', FOCUS, 'focus');
        expect(unassigned.report.unassigned.awsCost).toBe(report.total.awsCost);
    });
});

describe('the query fails in PostgreSQL instead of differing from the engine', () => {
    const columns = ['bill/BillingPeriodStartDate', 'lineItem/UsageAccountId', 'lineItem/ProductCode', 'lineItem/LineItemType', 'lineItem/CurrencyCode', 'lineItem/UnblendedCost'];
    /** A cur1 table of the given rows (the other columns the query reads NULL). */
    const table = (name: string, rows: readonly (readonly string[])[]) => {
        const all = CUR1_COLUMNS.map(cur1RedshiftColumn);
        pg.run(`CREATE TABLE ${name} (${all.map((column) => `${sqlIdentifier(column)} TEXT`).join(', ')});
            INSERT INTO ${name} (${columns.map((column) => sqlIdentifier(cur1RedshiftColumn(column))).join(', ')}) VALUES
            ${rows.map((row) => `(${row.map((value) => `'${value}'`).join(', ')})`).join(',\n')};`);
    };
    const run = (name: string) => pg.error(sqlFor(dir, 'full.billing', 'cur1', name, [], 'postgres'));

    it('an amount with more decimal places than the input scale', () => {
        table('too_precise', [['2026-01-01T00:00:00Z', A[0]!, 'AmazonEC2', 'Usage', 'USD', '0.0000000000000000001']]);
        expect(run('too_precise')).toContain('billing sql: unblended cost 0.0000000000000000001 has more than 18 decimal places');
    });

    it('mixed currencies', () => {
        table('mixed', [['2026-01-01T00:00:00Z', A[0]!, 'AmazonEC2', 'Usage', 'USD', '1'], ['2026-01-01T00:00:00Z', A[1]!, 'AmazonEC2', 'Usage', 'EUR', '2']]);
        expect(run('mixed')).toContain('billing sql: the data mixes currencies (EUR, USD)');
    });

    it('a billing period that is not an ISO date', () => {
        table('bad_period', [['01/01/2026', A[0]!, 'AmazonEC2', 'Usage', 'USD', '1']]);
        expect(run('bad_period')).toContain('billing sql: billing period start 01/01/2026 is not an ISO date');
    });

    it('NaN, which PostgreSQL NUMERIC would accept', () => {
        table('not_a_number', [['2026-01-01T00:00:00Z', A[0]!, 'AmazonEC2', 'Usage', 'USD', 'NaN']]);
        expect(run('not_a_number')).toContain('billing sql: not a number: NaN');
    });
});
