import type { Cube, CubeCell } from '../cube/types.js';
import { Decimal } from '../money/decimal.js';
import type { ReportIssue } from '../report/types.js';
import { K_ACCOUNT, K_ACCOUNT_NAME, KEY_SLOTS, MEASURES } from './cell-table.js';
import { ingestError } from './errors.js';
import type { TaskResult } from './ingest-task.js';
import { scaledToDecimal } from './scaled-decimal.js';

/**
 * Merges task results (in input order) into the cube: one cell per distinct key, exact sums, cells
 * sorted by key so the cube is the same whatever the number of workers. The account name is not
 * part of the key: it goes to `accountNames` (first non-empty name seen wins).
 */
export function mergeResults(results: readonly TaskResult[], sources: readonly string[], extraIssues: readonly ReportIssue[]): Cube {
    checkFormats(results);
    checkCurrencies(results);
    const index = new Map<string, number>();
    const keys: string[][] = [];
    const sums: bigint[] = [];
    const exotic = new Map<number, Decimal>();
    const counts: number[] = [];
    const accountNames = new Map<string, string>();
    let rows = 0;
    for (const result of results) {
        rows += result.rows;
        const { cells } = result;
        const cellOf = new Int32Array(cells.cellCount);
        for (let c = 0; c < cells.cellCount; c++) {
            const key = cells.keys.slice(c * KEY_SLOTS, c * KEY_SLOTS + KEY_SLOTS - 1);
            const name = cells.keys[c * KEY_SLOTS + K_ACCOUNT_NAME];
            if (name !== '' && !accountNames.has(key[K_ACCOUNT])) accountNames.set(key[K_ACCOUNT], name);
            const joined = key.join('\u0001');
            let at = index.get(joined);
            if (at === undefined) {
                at = keys.length;
                index.set(joined, at);
                keys.push(key);
                for (let m = 0; m < MEASURES; m++) sums.push(0n);
                counts.push(0, 0);
            }
            cellOf[c] = at;
            for (let m = 0; m < MEASURES; m++) sums[at * MEASURES + m] += cells.sums[c * MEASURES + m];
            counts[at * 2] += cells.rows[c * 2];
            counts[at * 2 + 1] += cells.rows[c * 2 + 1];
        }
        for (const [slot, text] of cells.exotic) {
            const target = cellOf[Math.floor(slot / MEASURES)] * MEASURES + (slot % MEASURES);
            const value = new Decimal(text);
            const sum = exotic.get(target);
            exotic.set(target, sum ? sum.plus(value) : value);
        }
    }
    const measure = (at: number, m: number): Decimal => {
        const base = scaledToDecimal(sums[at * MEASURES + m]);
        const extra = exotic.get(at * MEASURES + m);
        return extra ? base.plus(extra) : base;
    };
    const cells: CubeCell[] = keys.map((key, at) => ({
        period: key[0], accountId: key[1], service: key[2], usageType: key[3], operation: key[4], lineItemType: key[5],
        billingEntity: key[6], currency: key[7], commitmentOwnerId: key[8],
        unblendedCost: measure(at, 0), publicOnDemandCost: measure(at, 1), freeTierPublicCost: measure(at, 2),
        unblendedWithoutPublicCost: measure(at, 3), usageAmount: measure(at, 4),
        rows: counts[at * 2], rowsWithoutPublicCost: counts[at * 2 + 1],
    }));
    cells.sort(compareCells);
    const issues: ReportIssue[] = [...extraIssues];
    const seen = new Set<string>();
    for (const result of results) {
        for (const issue of result.issues) {
            const id = `${issue.code}\u0001${issue.file ?? ''}`;
            if (seen.has(id)) continue;
            seen.add(id);
            issues.push(issue);
        }
    }
    return { cells, format: results[0]?.format ?? 'cur1', sources: [...sources], rows, accountNames, issues };
}

const KEY_ORDER = ['period', 'accountId', 'service', 'usageType', 'operation', 'lineItemType', 'billingEntity', 'currency', 'commitmentOwnerId'] as const;

function compareCells(a: CubeCell, b: CubeCell): number {
    for (const k of KEY_ORDER) {
        if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
    }
    return 0;
}

function checkFormats(results: readonly TaskResult[]): void {
    const first = results[0];
    const other = results.find(r => r.format !== first.format);
    if (other) {
        throw ingestError('MIXED_FORMATS',
            `${other.formatLabel} data cannot be combined with ${first.formatLabel} data from ${first.file}; ingest one format at a time`,
            { file: other.file, line: 1, expected: first.formatLabel, found: other.formatLabel });
    }
}

function checkCurrencies(results: readonly TaskResult[]): void {
    const first = results.find(r => r.currency)?.currency;
    if (!first) return;
    for (const r of results) {
        const c = r.currency;
        if (c && c.currency !== first.currency) {
            throw ingestError('MIXED_CURRENCIES',
                `currency ${c.currency} differs from ${first.currency} (first seen at ${first.file}:${first.line}, data row ${first.row}); one bill has one currency`,
                { file: c.file, row: c.row, line: c.line, column: c.column, expected: first.currency, found: c.currency });
        }
    }
}
