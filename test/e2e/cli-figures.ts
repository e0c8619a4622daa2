import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Decimal } from 'decimal.js';
import type { CostReport } from '../../engine/report/types.js';

/**
 * Expected editor figures from the CLI (`billing bill --format json`: the same engine, separate presentation code),
 * never from the extension under test. Shared by the e2e files.
 */
const execFileAsync = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A group's figures as its CodeLens writes them: each amount of the CLI's JSON (exact decimals) rounded half-even to
 * cents on its own — the same figure as the CLI's table shows (every view rounds each figure once, from its exact
 * value; docs/semantics.md "Rounding").
 */
export function cliTableRow(json: string, group: string): { aws: string; proforma: string; marginPercent: string } {
    const report = JSON.parse(json) as CostReport;
    const found = report.groups.find((g) => g.name === group);
    if (!found) throw new Error(`no group ${group} in the CLI's JSON report`);
    const money = (value: string): string => cliMoney(new Decimal(value).toFixed(2, Decimal.ROUND_HALF_EVEN));
    return { aws: money(found.awsCost), proforma: money(found.proformaCost), marginPercent: `${found.marginPercent}%` };
}

/**
 * Each group's CodeLens title as the CLI's figures say it must read in `period`, for `policy` (default
 * examples/acme.billing) on `data` (default: the bundled sample).
 */
export async function expectedLenses(period: string, data?: string, policy = 'examples/acme.billing'): Promise<Record<string, string>> {
    const cli = (...args: string[]) => execFileAsync(process.execPath, ['bin/billing.cjs', 'bill', policy, '--period', period, ...(data ? ['--data', data] : []), ...args], { cwd: root });
    const table = (await cli('--format', 'json')).stdout;
    const report = JSON.parse(table) as CostReport;
    const lenses: Record<string, string> = {};
    for (const group of report.groups) {
        const row = cliTableRow(table, group.name);
        const percent = row.marginPercent.startsWith('-') ? `\u2212${row.marginPercent.slice(1)}` : row.marginPercent;
        lenses[group.name] = `Pro forma ${asLensMoney(row.proforma)} · AWS ${asLensMoney(row.aws)} · margin ${percent} · ${period}`;
    }
    return lenses;
}

/** "18894.36" with thousands separators, as the CLI's table writes it. */
export function cliMoney(fixed: string): string {
    const [whole, cents] = fixed.replace('-', '').split('.');
    return `${fixed.startsWith('-') ? '-' : ''}${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** The table's "-1,234.56" as the CodeLens writes money: "−$1,234.56" (U+2212). */
export function asLensMoney(table: string): string {
    return table.startsWith('-') ? `\u2212$${table.slice(1)}` : `$${table}`;
}
