import { DuckDBInstance } from '@duckdb/node-api';
import { expect } from 'vitest';
import type { CostReport } from '../../engine/report/types.js';
import { billing } from '../cli/cli-harness.js';

/** One row of the query's result, every value as text (NULL as null). */
export interface SqlRow {
    readonly record: string;
    readonly billing_group: string | null;
    readonly period: string | null;
    readonly aws_cost: string | null;
    readonly charges: string | null;
    readonly proforma_cost: string | null;
    readonly margin: string | null;
    readonly margin_percent: string | null;
}

/** Runs `setup` statements then the query in a fresh in-memory DuckDB; values come back as text (exact decimals). */
export async function runDuckDb(query: string, setup: readonly string[] = []): Promise<SqlRow[]> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
        for (const statement of setup) await connection.run(statement);
        const reader = await connection.runAndReadAll(query);
        const names = reader.columnNames();
        return reader.getRowsJson().map((row) => Object.fromEntries(names.map((name, i) => {
            const value = (row as unknown[])[i];
            return [name, value === null ? null : String(value)];
        })) as unknown as SqlRow);
    } finally {
        connection.closeSync();
    }
}

/** The error message DuckDB raises for the query (the test fails if it succeeds). */
export async function duckDbError(query: string, setup: readonly string[] = []): Promise<string> {
    try {
        await runDuckDb(query, setup);
    } catch (error) {
        return error instanceof Error ? error.message : String(error);
    }
    throw new Error('the query succeeded');
}

/** A decimal string without trailing fractional zeros, `-0` as `0`: the form two exact values are compared in. */
export function exact(value: string | null): string | null {
    if (value === null) return null;
    let s = value.trim();
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
    if (/^-?0+$/.test(s)) return '0';
    return s.replace(/^(-?)0+(?=\d)/, '$1');
}

/** A DuckDB read of a CSV with every column as text, as the engine reads it (nothing inferred, nothing rounded). */
export function readCsv(file: string): string {
    return `read_csv('${file.replace(/'/g, "''")}', header = true, all_varchar = true, quote = '"', escape = '"')`;
}

/** `billing bill --format json` (the engine's report). */
export function engineReport(cwd: string, policy: string, data: string, extra: readonly string[] = []): CostReport {
    const result = billing(['bill', policy, '--data', data, '--format', 'json', ...extra], cwd);
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as CostReport;
}

/** `billing sql … --dialect duckdb` (or another dialect): the query under test. */
export function sqlFor(cwd: string, policy: string, schema: string, table: string, extra: readonly string[] = [], dialect = 'duckdb'): string {
    const result = billing(['sql', policy, '--dialect', dialect, '--schema', schema, '--table', table, ...extra], cwd);
    expect(result.status, result.stderr).toBe(0);
    return result.stdout;
}

/**
 * The query's rows against the engine's report, to the last decimal: every group × period (AWS cost, charges,
 * pro forma, margin, margin %), the unassigned cost per period and in all, the totals, and nothing else.
 */
export function expectSameFigures(rows: readonly SqlRow[], report: CostReport): void {
    const groups = rows.filter((row) => row.record === 'group');
    expect(groups.map((row) => [row.period, row.billing_group])).toEqual(report.groups.map((group) => [group.period, group.name]));
    groups.forEach((row, index) => {
        const group = report.groups[index]!;
        expect([row.aws_cost, row.charges, row.proforma_cost, row.margin].map(exact), `${group.name} ${group.period}`)
            .toEqual([group.awsCost, group.charges, group.proformaCost, group.margin].map(exact));
        expect(row.margin_percent, `${group.name} ${group.period} margin %`).toBe(group.marginPercent);
    });
    const unassigned = rows.filter((row) => row.record === 'unassigned');
    expect(unassigned.filter((row) => row.period !== null).map((row) => [row.period, exact(row.aws_cost)]))
        .toEqual(report.periods.map((period) => [period, exact(report.unassigned.byPeriod.find((line) => line.period === period)?.awsCost ?? '0')]));
    expect(unassigned.filter((row) => row.period === null).map((row) => exact(row.aws_cost))).toEqual([exact(report.unassigned.awsCost)]);
    const total = rows.filter((row) => row.record === 'total');
    expect(total.map((row) => [row.aws_cost, row.proforma_cost, row.margin].map(exact)))
        .toEqual([[report.total.awsCost, report.total.proformaCost, report.total.margin].map(exact)]);
    expect(rows).toHaveLength(groups.length + unassigned.length + total.length);
}
