import { Decimal } from '../money/decimal.js';
import type { PolicyModel } from '../policy/model.js';
import type { AccountLine, CorrectionOf, CostReport, CustomLineItemLine, GroupReport, ReportIssue, ServiceLine } from '../report/types.js';
import { closedPeriodChanges, type Causes } from './closed-periods.js';
import type { LockedGroup, LockFile } from './lock.js';

/** Where correction lines are presented (a custom line item's default presentation service). */
const CORRECTION_SERVICE = 'AWSBillingConductor';

/**
 * One group's (or the unassigned cost's) difference in one closed period: what the current policy and data bill
 * minus what the lock file recorded. Exact decimal strings.
 */
export interface Correction {
    /** The group; undefined for the unassigned AWS cost. */
    readonly group?: string;
    /** The closed period corrected. */
    readonly sourcePeriod: string;
    /** The first open period, where the difference is posted. */
    readonly postedIn: string;
    readonly awsCost: string;
    readonly proformaCost: string;
    readonly reason: string;
}

export interface CorrectionOptions {
    /** `--reason`: why the closed periods are corrected (else the cause the digests tell). */
    readonly reason?: string;
    /** The lock file as messages name it. */
    readonly lockName: string;
    /** Every period of the data (to know whether the first open period exists). */
    readonly dataPeriods: readonly string[];
}

export interface CorrectedReport {
    readonly report: CostReport;
    /** Every difference found in the closed periods of `closed` (posted or not, see the report's issues). */
    readonly corrections: readonly Correction[];
}

/** The month after `period` (YYYY-MM). */
export function nextPeriod(period: string): string {
    const [year, month] = period.split('-').map(Number) as [number, number];
    return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

/**
 * Corrections instead of rewrites (docs/closing-a-month.md "Corrections"). `closed` is the bill of every closed
 * period the data has (priced as the policy and data are now), `shown` the report to show. For each closed period
 * P and group whose figures differ from the lock file, Δ = now − locked (AWS cost and pro forma cost):
 *
 * - in P, the group shows exactly the locked figures: a `correction` custom line item of −Δ pro forma (and −Δ AWS
 *   cost, `correction.awsCost`) posted to its primary account under AWSBillingConductor takes its current bill back
 *   to what was billed (`correction.postedIn` says where the difference went);
 * - in the first open period F (the month after `closed through`), the group carries a `correction` line of +Δ
 *   (`correction.sourcePeriod` P), so the business unit sees the adjustment;
 * - the unassigned AWS cost likewise (`unassigned.byPeriod[].correction`).
 *
 * Over a report showing P and F, the corrections cancel: Σ groups + unassigned = input total. Over any other range
 * `reconciliation.correctionsAwsCost` (Σ correction AWS cost shown) closes it: groups + unassigned − corrections =
 * input. Problems (a closed period never recorded, a corrected group the policy no longer has, no first open
 * period in the data) are error-level issues, and nothing is corrected for that period.
 */
export function applyCorrections(shown: CostReport, closed: CostReport, model: PolicyModel, lock: LockFile, digests: { policy: string; data?: string }, options: CorrectionOptions): CorrectedReport {
    const through = model.closedThrough?.period;
    if (through === undefined) return { report: shown, corrections: [] };
    const firstOpen = nextPeriod(through);
    const issues: ReportIssue[] = [];
    const corrections: Correction[] = [];
    const changes = closedPeriodChanges(model, closed, lock, digests);
    const changedPeriods = new Set(changes.map((change) => change.period));

    for (const period of [...changedPeriods].sort()) {
        const periodChanges = changes.filter((change) => change.period === period);
        if (periodChanges.some((change) => change.kind === 'not-locked')) {
            issues.push({ severity: 'error', code: 'closed-period-not-locked', period, message: `period ${period} is closed by the policy but not recorded in ${options.lockName}: run \`billing close ${period}\`; it is billed as it is now, uncorrected` });
            continue;
        }
        const removed = periodChanges.filter((change) => change.kind === 'group-removed');
        if (removed.length > 0) {
            for (const change of removed) {
                issues.push({ severity: 'error', code: 'correction-group-missing', group: change.group, period, message: `closed period ${period} billed group "${change.group}", which the policy no longer has: its correction cannot be posted; ${period} is not corrected` });
            }
            continue;
        }
        if (!options.dataPeriods.includes(firstOpen)) {
            issues.push({ severity: 'error', code: 'correction-no-open-period', period, message: `closed period ${period} would change, but the data has no first open period ${firstOpen} to post its correction in; ${period} is not corrected` });
            continue;
        }
        const locked = lock.periods.find((entry) => entry.period === period)!;
        const reason = options.reason ?? causeReason(periodChanges[0] && 'causes' in periodChanges[0] ? periodChanges[0].causes : { policy: false, data: false }, period);
        for (const now of closed.groups.filter((group) => group.period === period)) {
            const before: Pick<LockedGroup, 'awsCost' | 'proformaCost'> = locked.groups.find((group) => group.name === now.name) ?? { awsCost: '0', proformaCost: '0' };
            const awsCost = new Decimal(now.awsCost).minus(before.awsCost);
            const proformaCost = new Decimal(now.proformaCost).minus(before.proformaCost);
            if (awsCost.isZero() && proformaCost.isZero()) continue;
            corrections.push({ group: now.name, sourcePeriod: period, postedIn: firstOpen, awsCost: awsCost.toFixed(), proformaCost: proformaCost.toFixed(), reason });
        }
        const unassignedNow = closed.unassigned.byPeriod.find((line) => line.period === period)?.awsCost ?? '0';
        const unassigned = new Decimal(unassignedNow).minus(locked.unassignedAwsCost);
        if (!unassigned.isZero()) corrections.push({ sourcePeriod: period, postedIn: firstOpen, awsCost: unassigned.toFixed(), proformaCost: '0', reason });
    }
    return { report: corrected(shown, corrections, lock, issues), corrections };
}

function causeReason(causes: Causes, period: string): string {
    const why = [causes.policy && 'the policy', causes.data && 'the data'].filter(Boolean).join(' and ');
    return why ? `${why} changed since ${period} was closed` : `${period} changed since it was closed`;
}

function corrected(shown: CostReport, corrections: readonly Correction[], lock: LockFile, issues: readonly ReportIssue[]): CostReport {
    if (corrections.length === 0 && issues.length === 0) return shown;
    let correctionsAwsCost = new Decimal(0);
    const groups = shown.groups.map((group) => {
        const lines: { line: CustomLineItemLine; aws: Decimal }[] = [];
        for (const c of corrections) {
            if (c.group !== group.name) continue;
            // Reversed in the closed period (back to the locked figures), posted in the first open period.
            if (c.sourcePeriod === group.period) lines.push(correctionLine(group, c, -1));
            if (c.postedIn === group.period) lines.push(correctionLine(group, c, 1));
        }
        if (lines.length === 0) return group;
        const aws = lines.reduce((sum, { aws }) => sum.plus(aws), new Decimal(0));
        correctionsAwsCost = correctionsAwsCost.plus(aws);
        const amount = lines.reduce((sum, { line }) => sum.plus(line.amount), new Decimal(0));
        const awsCost = new Decimal(group.awsCost).plus(aws);
        const proformaCost = new Decimal(group.proformaCost).plus(amount);
        const margin = proformaCost.minus(awsCost);
        const locked = lock.periods.find((entry) => entry.period === group.period)?.groups.find((g) => g.name === group.name);
        return {
            ...group,
            awsCost: awsCost.toFixed(),
            proformaCost: proformaCost.toFixed(),
            margin: margin.toFixed(),
            // In a closed period, exactly what was locked (the same division of the same figures).
            marginPercent: locked && lines.every(({ line }) => line.correction!.sourcePeriod === group.period) ? locked.marginPercent : percent(margin, proformaCost),
            customLineItems: [...group.customLineItems, ...lines.map(({ line }) => line)],
            byService: group.byService.length === 0 && shown.detail === false ? group.byService : withService(group.byService, aws, amount),
            byAccount: group.byAccount.length === 0 && shown.detail === false ? group.byAccount : withAccount(group.byAccount, group.primaryAccountId || group.accountIds[0] || '', aws, amount),
        } satisfies GroupReport;
    });
    let unassignedCorrection = new Decimal(0);
    const byPeriod = shown.unassigned.byPeriod.map((line) => {
        let correction = new Decimal(0);
        for (const c of corrections) {
            if (c.group !== undefined) continue;
            if (c.sourcePeriod === line.period) correction = correction.minus(c.awsCost);
            if (c.postedIn === line.period) correction = correction.plus(c.awsCost);
        }
        if (correction.isZero()) return line;
        unassignedCorrection = unassignedCorrection.plus(correction);
        return { ...line, awsCost: new Decimal(line.awsCost).plus(correction).toFixed(), correction: correction.toFixed() };
    });
    correctionsAwsCost = correctionsAwsCost.plus(unassignedCorrection);
    const groupsAwsCost = groups.reduce((sum, g) => sum.plus(g.awsCost), new Decimal(0));
    const unassignedAwsCost = new Decimal(shown.unassigned.awsCost).plus(unassignedCorrection);
    const proformaCost = groups.reduce((sum, g) => sum.plus(g.proformaCost), new Decimal(0));
    const inputAwsCost = new Decimal(shown.reconciliation.inputAwsCost);
    const difference = groupsAwsCost.plus(unassignedAwsCost).minus(correctionsAwsCost).minus(inputAwsCost);
    if (!difference.isZero()) throw new Error(`internal error: corrected groups + unassigned − corrections ≠ input total (${difference.toFixed()})`);
    const totalAwsCost = inputAwsCost.plus(correctionsAwsCost);
    return {
        ...shown,
        groups,
        unassigned: { ...shown.unassigned, awsCost: unassignedAwsCost.toFixed(), byPeriod },
        total: { awsCost: totalAwsCost.toFixed(), proformaCost: proformaCost.toFixed(), margin: proformaCost.minus(groupsAwsCost).toFixed() },
        reconciliation: {
            groupsAwsCost: groupsAwsCost.toFixed(),
            unassignedAwsCost: unassignedAwsCost.toFixed(),
            inputAwsCost: inputAwsCost.toFixed(),
            correctionsAwsCost: correctionsAwsCost.toFixed(),
            difference: difference.toFixed(),
        },
        issues: [...shown.issues, ...issues],
    };
}

/** The correction line of `c` in `group`'s period: +Δ where it is posted, −Δ (sign −1) in the period it corrects. */
function correctionLine(group: GroupReport, c: Correction, sign: 1 | -1): { line: CustomLineItemLine; aws: Decimal } {
    const amount = new Decimal(c.proformaCost).times(sign);
    const aws = new Decimal(c.awsCost).times(sign);
    const correction: CorrectionOf = { sourcePeriod: c.sourcePeriod, postedIn: c.postedIn, awsCost: aws.toFixed(), reason: c.reason };
    const name = sign === 1 ? `correction ${c.sourcePeriod}` : `correction ${c.sourcePeriod} (posted in ${c.postedIn})`;
    return {
        aws,
        line: {
            name,
            description: c.reason,
            type: amount.isNegative() ? 'CREDIT' : 'FEE',
            amount: amount.toFixed(),
            accountId: group.primaryAccountId || group.accountIds[0] || '',
            presentationService: CORRECTION_SERVICE,
            computation: 'CONSOLIDATED',
            correction,
        },
    };
}

function withService(lines: readonly ServiceLine[], aws: Decimal, amount: Decimal): ServiceLine[] {
    const existing = lines.find((line) => line.service === CORRECTION_SERVICE);
    const rest = lines.filter((line) => line !== existing);
    const awsCost = aws.plus(existing?.awsCost ?? 0);
    const proformaCost = amount.plus(existing?.proformaCost ?? 0);
    const line: ServiceLine = { service: CORRECTION_SERVICE, awsCost: awsCost.toFixed(), proformaCost: proformaCost.toFixed(), margin: proformaCost.minus(awsCost).toFixed() };
    return [...rest, line].sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

function withAccount(lines: readonly AccountLine[], accountId: string, aws: Decimal, amount: Decimal): AccountLine[] {
    const existing = lines.find((line) => line.accountId === accountId);
    const rest = lines.filter((line) => line !== existing);
    const awsCost = aws.plus(existing?.awsCost ?? 0);
    const proformaCost = amount.plus(existing?.proformaCost ?? 0);
    const line: AccountLine = { ...existing, accountId, awsCost: awsCost.toFixed(), proformaCost: proformaCost.toFixed(), margin: proformaCost.minus(awsCost).toFixed() };
    return [...rest, line].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
}

/** margin ÷ proformaCost × 100, half-even to 2 decimals (as the engine's marginPercent); null when proformaCost is 0. */
function percent(margin: Decimal, proformaCost: Decimal): string | null {
    if (proformaCost.isZero()) return null;
    return margin.times(100).div(proformaCost).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2);
}
