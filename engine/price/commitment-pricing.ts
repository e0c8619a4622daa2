import { reapplyCommitments, type ReapplyResult } from '../commitments/reapply.js';
import { cellWith } from '../cube/cell-with.js';
import type { PeriodLedger } from '../cube/commitment-ledger.js';
import type { Cube, CubeCell } from '../cube/types.js';
import { Decimal, moneyString, ZERO } from '../money/decimal.js';
import type { PolicyModel } from '../policy/model.js';
import type { ReportIssue } from '../report/types.js';
import { resolveMembership } from './membership.js';
import { prepareCube, type PreparedCube } from './prepare-cube.js';

/**
 * Pricing with Reserved Instances and Savings Plans re-applied inside each billing group
 * (docs/semantics.md, "Reserved Instances and Savings Plans"). For every period whose data is hourly
 * and holds commitments, the cube's cells are rewritten once per membership: covered usage
 * (DiscountedUsage, SavingsPlanCoveredUsage) becomes Usage at its on-demand equivalent, the part the
 * group's own commitments cover is taken off its public on-demand cost (and its covered quantity is
 * recorded as `coveredUsageAmount`, which custom tiers leave out), and SavingsPlanNegation loses
 * its owner (so it is dropped). Unblended costs are untouched: the AWS-cost side and the reconciliation
 * do not move. The rewritten cube is prepared once and cached on the prepared cube by membership, so a
 * policy edit that leaves membership alone re-prices without re-applying.
 */

export interface CommitmentPricing {
    /** The prepared cube to price with (the input one when nothing is re-applied). */
    readonly prepared: PreparedCube;
    /** Re-application per re-applied period. */
    readonly results: ReadonlyMap<string, ReapplyResult>;
}

/**
 * Re-applied cubes kept per prepared cube, least recently used dropped first (each is a prepared copy of the
 * cube: memory, not time, bounds it). More than two: an editor prices every open policy of the workspace on the
 * same data after each edit (lenses, data checks), each with its own membership; with two entries, five open
 * policies evicted each other and every edit re-applied (bench:lsp --hourly: 34× the edit latency).
 */
const CACHE_SIZE = 8;
const cache = new WeakMap<PreparedCube, Map<string, CommitmentPricing>>();

const COVERED = new Set(['DiscountedUsage', 'SavingsPlanCoveredUsage']);

/** Periods of `periods` whose commitments are re-applied: hourly data holding commitments or commitment lines. */
export function reappliedPeriods(cube: Cube, periods: readonly string[]): PeriodLedger[] {
    const ledger = cube.commitments;
    if (!ledger) return [];
    const out: PeriodLedger[] = [];
    for (const period of periods) {
        const p = ledger.periods.get(period);
        if (p && p.granularity === 'hourly' && (p.commitments.length > 0 || p.commitmentLines > 0)) out.push(p);
    }
    return out;
}

export function commitmentPricing(prepared: PreparedCube, policy: PolicyModel, periods: readonly string[]): CommitmentPricing {
    const ledgers = reappliedPeriods(prepared.cube, periods);
    if (ledgers.length === 0) return { prepared, results: new Map() };
    const scratch: ReportIssue[] = [];
    const memberships = ledgers.map(ledger => {
        const present = prepared.byPeriod.get(ledger.period)?.accounts.map(a => a.accountId) ?? [];
        return resolveMembership(policy.groups, ledger.period, present, scratch, prepared.accountIndex, policy.payer?.id);
    });
    // Membership is all re-application depends on: the key is each period's group of every account.
    const key = ledgers.map((ledger, i) => `${ledger.period}:${Array.from(memberships[i]!.groupOfIndex).join(',')}`).join(';');
    let byKey = cache.get(prepared);
    if (!byKey) cache.set(prepared, (byKey = new Map()));
    const hit = byKey.get(key);
    if (hit) {
        byKey.delete(key);
        byKey.set(key, hit);
        return hit;
    }

    const results = new Map<string, ReapplyResult>();
    ledgers.forEach((ledger, i) => {
        const membership = memberships[i]!;
        results.set(ledger.period, reapplyCommitments(ledger, accountId => membership.groupOf(accountId)));
    });
    const cube = rewriteCube(prepared.cube, results);
    const made: CommitmentPricing = { prepared: prepareCube(cube), results };
    if (byKey.size >= CACHE_SIZE) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, made);
    return made;
}

/** One warning per selected period holding commitment lines that are not re-applied (daily/monthly data, FOCUS). */
export function notReappliedWarnings(cube: Cube, periods: readonly string[]): ReportIssue[] {
    const issues: ReportIssue[] = [];
    const ledger = cube.commitments;
    for (const period of periods) {
        const p = ledger?.periods.get(period);
        if (p) {
            if (p.granularity === 'coarser' && p.commitmentLines > 0 && p.eligibleRows > 0) {
                issues.push({
                    severity: 'warning', code: 'commitments-not-reapplied', period,
                    message: `Commitments not re-applied in ${period}: data is daily or monthly (re-applying RIs and Savings Plans inside billing groups needs hourly data); covered usage keeps its billed cost where the commitment's owner is in the group and is repriced at on-demand otherwise.`,
                });
            }
            continue;
        }
        if (cube.format !== 'focus') continue;
        if (cube.cells.some(c => c.period === period && (COVERED.has(c.lineItemType) || c.lineItemType === 'SavingsPlanNegation'))) {
            issues.push({
                severity: 'warning', code: 'commitments-not-reapplied', period,
                message: `Commitments not re-applied in ${period}: FOCUS data does not carry instance types, regions and Savings Plan rates; covered usage keeps its billed cost where the commitment's owner is in the group and is repriced at on-demand otherwise.`,
            });
        }
    }
    return issues;
}

/** Warnings of the re-application itself (usage a group's Savings Plan could cover, with no rate in the data). */
export function reapplyWarnings(results: ReadonlyMap<string, ReapplyResult>): ReportIssue[] {
    const issues: ReportIssue[] = [];
    for (const [period, result] of results) {
        const unmeasurable = result.unmeasurable;
        if (unmeasurable.entries > 0) {
            issues.push({
                severity: 'warning', code: 'normalization-factor-missing', period, rows: unmeasurable.entries, cost: moneyString(unmeasurable.onDemandCost),
                message: `${unmeasurable.entries} hour${unmeasurable.entries === 1 ? '' : 's'} of eligible usage in ${period} (on-demand ${moneyString(unmeasurable.onDemandCost)}) would be covered by a size-flexible RI of their group, but their size or the RI's has no normalization factor in the data or AWS's table; they stay at on-demand for that RI.`,
            });
        }
        const { entries, onDemandCost } = result.missingRates;
        if (entries === 0) continue;
        issues.push({
            severity: 'warning', code: 'savings-plan-rate-missing', period, rows: entries, cost: moneyString(onDemandCost),
            message: `${entries} hour${entries === 1 ? '' : 's'} of eligible usage in ${period} (on-demand ${moneyString(onDemandCost)}) could be covered by a Savings Plan of their group, but the data shows no rate of that plan for their SKU; they stay at on-demand.`,
        });
    }
    return issues;
}

function cellKey(cell: CubeCell): string {
    return `${cell.accountId}\u0000${cell.service}\u0000${cell.usageType}\u0000${cell.operation}`;
}

/** The cube with the re-applied periods' cells rewritten (see the module comment); other periods' cells are shared. */
function rewriteCube(cube: Cube, results: ReadonlyMap<string, ReapplyResult>): Cube {
    const covered = new Map<string, Map<string, Decimal>>();
    const coveredQuantity = new Map<string, Map<string, Decimal>>();
    for (const [period, result] of results) {
        const byKey = new Map<string, Decimal>();
        const quantityByKey = new Map<string, Decimal>();
        for (const u of result.usage) {
            const key = `${u.accountId}\u0000${u.service}\u0000${u.usageType}\u0000${u.operation}`;
            if (!u.coveredCost.isZero()) byKey.set(key, (byKey.get(key) ?? ZERO).plus(u.coveredCost));
            if (!u.coveredQuantity.isZero()) quantityByKey.set(key, (quantityByKey.get(key) ?? ZERO).plus(u.coveredQuantity));
        }
        covered.set(period, byKey);
        coveredQuantity.set(period, quantityByKey);
    }
    const cells: CubeCell[] = [];
    const merged = new Map<string, number>();
    for (const cell of cube.cells) {
        const byKey = covered.get(cell.period);
        if (!byKey) { cells.push(cell); continue; }
        let next: CubeCell = cell;
        if (COVERED.has(cell.lineItemType)) next = cellWith(cell, { lineItemType: 'Usage', commitmentOwnerId: '' });
        else if (cell.lineItemType === 'SavingsPlanNegation') next = cellWith(cell, { commitmentOwnerId: '' });
        if (next.lineItemType === 'Usage') {
            const full = `${cell.period}\u0000${cellKey(next)}\u0000${next.billingEntity}\u0000${next.currency}`;
            const at = merged.get(full);
            if (at !== undefined) { cells[at] = sumCells(cells[at]!, next); continue; }
            merged.set(full, cells.length);
        }
        cells.push(next);
    }
    // Take each key's covered cost off its Usage cells, in cell order, never below zero; and its covered quantity
    // (what custom tiers leave out), never more than a cell's usage amount.
    const takenByCell = new Map<string, Decimal>();
    const quantityByCell = new Map<string, Decimal>();
    for (let i = 0; i < cells.length; i++) {
        const cell = cells[i]!;
        const byKey = covered.get(cell.period);
        if (!byKey || cell.lineItemType !== 'Usage') continue;
        const key = cellKey(cell);
        let next = cell;
        const left = byKey.get(key);
        if (left && !left.isZero()) {
            const available = cell.publicOnDemandCost.minus(cell.freeTierPublicCost);
            const take = Decimal.min(left, Decimal.max(available, ZERO));
            next = cellWith(next, { publicOnDemandCost: cell.publicOnDemandCost.minus(take) });
            byKey.set(key, left.minus(take));
            if (!take.isZero()) takenByCell.set(usageCellKey(cell), take);
        }
        const quantityByKey = coveredQuantity.get(cell.period)!;
        const quantityLeft = quantityByKey.get(key);
        if (quantityLeft && !quantityLeft.isZero()) {
            const take = Decimal.min(quantityLeft, Decimal.max(cell.usageAmount, ZERO));
            if (!take.isZero()) {
                next = cellWith(next, { coveredUsageAmount: take });
                quantityByCell.set(usageCellKey(cell), take);
            }
            quantityByKey.set(key, quantityLeft.minus(take));
        }
        cells[i] = next;
    }
    const rewritten: Cube = { ...cube, cells };
    rewrites.set(rewritten, { periods: new Set(results.keys()), takenByCell, quantityByCell });
    return rewritten;
}

/** A re-applied period's Usage cell: its key once covered lines became Usage (what `rewriteCube` merges by). */
function usageCellKey(cell: CubeCell): string {
    return `${cell.period}\u0000${cellKey(cell)}\u0000${cell.billingEntity}\u0000${cell.currency}`;
}

/** What `rewriteCube` did to a cube it made: the re-applied periods and the covered cost taken off each Usage cell. */
const rewrites = new WeakMap<Cube, {
    readonly periods: ReadonlySet<string>;
    readonly takenByCell: ReadonlyMap<string, Decimal>;
    /** The covered usage quantity set on each Usage cell (`coveredUsageAmount`). */
    readonly quantityByCell: ReadonlyMap<string, Decimal>;
}>();

/**
 * The row-level form of the re-application, for `billing export`: given the (re-applied) cube a policy
 * was priced from, a function that turns one line item — as a one-row cell of the original data — into
 * what the re-applied cube holds for it: in a re-applied period, covered usage becomes Usage with no
 * owner, a negation loses its owner (dropped), and a Usage row gives up, in the order rows come, the
 * covered cost its cell gave up (never more than its own public cost less free tier) and takes, likewise,
 * the covered quantity of its cell (never more than its own usage amount). Fed every row of
 * the period once, the rows of each cell give up exactly what the cell did, so the rows' pro forma adds
 * up to the report's. `undefined` when the cube holds no re-applied period. Stateful: one per export.
 */
export function reappliedRowCells(cube: Cube): ((row: CubeCell) => CubeCell) | undefined {
    const rewrite = rewrites.get(cube);
    if (!rewrite || rewrite.periods.size === 0) return undefined;
    const left = new Map(rewrite.takenByCell);
    const quantityLeft = new Map(rewrite.quantityByCell);
    return (row) => {
        if (!rewrite.periods.has(row.period)) return row;
        let next = row;
        if (COVERED.has(row.lineItemType)) next = cellWith(row, { lineItemType: 'Usage', commitmentOwnerId: '' });
        else if (row.lineItemType === 'SavingsPlanNegation') return cellWith(row, { commitmentOwnerId: '' });
        if (next.lineItemType !== 'Usage') return next;
        const key = usageCellKey(next);
        const owed = left.get(key);
        if (owed && !owed.isZero()) {
            const take = Decimal.min(owed, Decimal.max(next.publicOnDemandCost.minus(next.freeTierPublicCost), ZERO));
            left.set(key, owed.minus(take));
            if (!take.isZero()) next = cellWith(next, { publicOnDemandCost: next.publicOnDemandCost.minus(take) });
        }
        // The covered quantity likewise, in the order rows come, never more than the row's usage amount.
        const quantityOwed = quantityLeft.get(key);
        if (quantityOwed && !quantityOwed.isZero()) {
            const take = Decimal.min(quantityOwed, Decimal.max(next.usageAmount, ZERO));
            quantityLeft.set(key, quantityOwed.minus(take));
            if (!take.isZero()) next = cellWith(next, { coveredUsageAmount: take });
        }
        return next;
    };
}

function sumCells(a: CubeCell, b: CubeCell): CubeCell {
    return cellWith(a, {
        unblendedCost: a.unblendedCost.plus(b.unblendedCost),
        publicOnDemandCost: a.publicOnDemandCost.plus(b.publicOnDemandCost),
        freeTierPublicCost: a.freeTierPublicCost.plus(b.freeTierPublicCost),
        unblendedWithoutPublicCost: a.unblendedWithoutPublicCost.plus(b.unblendedWithoutPublicCost),
        usageAmount: a.usageAmount.plus(b.usageAmount),
        ...((a.coveredUsageAmount || b.coveredUsageAmount) && { coveredUsageAmount: (a.coveredUsageAmount ?? ZERO).plus(b.coveredUsageAmount ?? ZERO) }),
        rows: a.rows + b.rows,
        rowsWithoutPublicCost: a.rowsWithoutPublicCost + b.rowsWithoutPublicCost,
    });
}
