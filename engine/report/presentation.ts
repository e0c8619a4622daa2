import { serviceLabel } from '../cube/product-names.js';
import { Decimal } from '../money/decimal.js';
import type { CommitmentUtilization, CorrectionOf, CostReport, GroupCommitmentsReport, GroupReport } from './types.js';
import { formatCents, formatPercent, percentOf, toCents } from './display-rounding.js';
import { minorUnits, plainMinorUnits, toMinorUnits } from './money-format.js';

/**
 * The report as people read it. Shared by the table and markdown renderers; the same rule as every other view
 * (money-format.ts, docs/semantics.md "Rounding"):
 *
 * - Every figure — a group × period's AWS cost, pro forma and margin, a service or account line, the total — is
 *   its exact value rounded once, half-even, to the currency's minor units. It does not depend on which other
 *   rows are shown (periods selected, detail or not), so the same figure reads the same in every view.
 * - A total is the exact total rounded. Where the shown lines do not add up to it, a `Rounding` line (shown total
 *   − Σ shown lines) makes the column add up, visibly; nothing is moved between lines.
 * - A group without usage shows "no usage", never 0.00.
 */
export interface SummaryRow {
    readonly kind: 'group' | 'unassigned' | 'rounding' | 'total';
    readonly name: string;
    readonly period: string;
    readonly accounts: string;
    readonly awsCost: string;
    readonly proformaCost: string;
    readonly margin: string;
    readonly marginPercent: string;
    /** ABC's status of a group row (ACTIVE, PRIMARY_ACCOUNT_MISSING, PENDING); '' on other rows. */
    readonly status: string;
}

export interface DetailLine {
    readonly label: string;
    readonly awsCost: string;
    readonly proformaCost: string;
    readonly margin: string;
}

export interface GroupDetailView {
    readonly name: string;
    readonly period: string;
    readonly hasUsage: boolean;
    readonly services: readonly DetailLine[];
    readonly accounts: readonly DetailLine[];
    readonly lineItems: readonly { readonly name: string; readonly type: string; readonly description: string; readonly amount: string; readonly computation: string }[];
    readonly rules: readonly { readonly rule: string; readonly publicCost: string; readonly proformaCost: string; readonly effect: string; readonly cells: string }[];
    /** Hourly periods with commitments: coverage and each owned commitment's utilization (figures as shown). */
    readonly commitments?: CommitmentsView;
}

export interface CommitmentsView {
    /** e.g. `$0.45 of $0.53 eligible on-demand (84.02 %)`. */
    readonly coverage: string;
    readonly lines: readonly { readonly arn: string; readonly unit: string; readonly used: string; readonly capacity: string; readonly utilization: string }[];
}

export interface Summary {
    readonly title: string;
    readonly currency: string;
    readonly rows: readonly SummaryRow[];
    readonly details: readonly GroupDetailView[];
    readonly footnotes: readonly string[];
    /** Some group row is not ACTIVE: the views add a Status column (absent otherwise, so the common table is unchanged). */
    readonly showStatus: boolean;
}

export const NO_USAGE = 'no usage';
const NONE = '—';

export const ROUNDING = 'Rounding';

export function summarize(report: CostReport, options: { readonly detail?: boolean } = {}): Summary {
    const currency = report.currency;
    const cents = (exact: string) => toCents(exact, currency);
    const money = (minor: bigint) => formatCents(minor, currency);
    const unassignedRows = report.unassigned.byPeriod.filter((line) => !new Decimal(line.awsCost).isZero());

    const rows: SummaryRow[] = [];
    let awsShown = 0n;
    let proformaShown = 0n;
    let marginShown = 0n;
    for (const g of report.groups) {
        const awsCents = cents(g.awsCost);
        const proformaCents = cents(g.proformaCost);
        const marginCents = cents(g.margin);
        awsShown += awsCents;
        proformaShown += proformaCents;
        marginShown += marginCents;
        const noUsage = !g.hasUsage;
        const empty = noUsage && g.customLineItems.length === 0 && new Decimal(g.proformaCost).isZero();
        rows.push({
            kind: 'group',
            name: g.name,
            period: g.period,
            accounts: String(g.accountIds.length),
            awsCost: noUsage ? NO_USAGE : money(awsCents),
            proformaCost: empty ? NO_USAGE : money(proformaCents),
            margin: empty ? NO_USAGE : money(marginCents),
            marginPercent: empty ? NONE : formatPercent(g.marginPercent),
            status: g.status ?? '',
        });
    }
    for (const line of unassignedRows) {
        const awsCents = cents(line.awsCost);
        awsShown += awsCents;
        rows.push({
            kind: 'unassigned',
            name: 'Unassigned',
            period: line.period,
            accounts: line.accountIds ? String(line.accountIds.length) : '',
            awsCost: money(awsCents),
            proformaCost: NONE,
            margin: NONE,
            marginPercent: NONE,
            status: '',
        });
    }
    // Each period's unassigned row right after that period's groups (the sort is stable).
    rows.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
    const total = { aws: cents(report.total.awsCost), proforma: cents(report.total.proformaCost), margin: cents(report.total.margin) };
    const rounding = { aws: total.aws - awsShown, proforma: total.proforma - proformaShown, margin: total.margin - marginShown };
    const rounded = rounding.aws !== 0n || rounding.proforma !== 0n || rounding.margin !== 0n;
    if (rounded) {
        rows.push({ kind: 'rounding', name: ROUNDING, period: '', accounts: '', awsCost: money(rounding.aws), proformaCost: money(rounding.proforma), margin: money(rounding.margin), marginPercent: '', status: '' });
    }
    rows.push({
        kind: 'total',
        name: 'Total',
        period: '',
        accounts: '',
        awsCost: money(total.aws),
        proformaCost: money(total.proforma),
        margin: money(total.margin),
        marginPercent: formatPercent(percentOf(report.total.margin, report.total.proformaCost)),
        status: '',
    });

    const details: GroupDetailView[] = [];
    let detailRounded = false;
    if (options.detail) {
        for (const g of report.groups) {
            const view = groupDetail(g, currency);
            if (view.rounded) detailRounded = true;
            details.push(view.view);
        }
    }

    const footnotes: string[] = [];
    if (rounded || detailRounded) {
        footnotes.push(`Each amount is its exact value rounded once, half-even, to ${minorUnitsName(currency)} — the same figure in every view. A total is the exact total rounded; the Rounding line is that total minus the sum of the lines shown above it.`);
    }
    if (unassignedRows.length > 0) {
        footnotes.push('Unassigned: accounts in the data that no billing group claims; their AWS cost is in the total but billed to no group (no pro forma, no margin).');
    }
    const notActive = report.groups.filter((g) => g.status !== undefined && g.status !== 'ACTIVE');
    if (notActive.length > 0) {
        footnotes.push(`Status is the billing group's status as AWS Billing Conductor reports it: ${notActive.map((g) => `${g.name} ${g.period} ${g.status}${g.statusReason ? ` (${g.statusReason})` : ''}`).join('; ')}.`);
    }
    footnotes.push(...correctionNotes(report));
    const periods = report.periods;
    const title = periods.length === 0 ? 'Pro forma bill' : periods.length === 1 ? `Pro forma bill — ${periods[0]}` : `Pro forma bill — ${periods[0]} to ${periods[periods.length - 1]}`;
    return { title, currency: report.currency, rows, details, footnotes, showStatus: notActive.length > 0 };
}

/** The Charge column of a correction line: what it corrects and where it went. */
export function correctionCharge(c: CorrectionOf, period: string): string {
    return c.sourcePeriod === period ? `change since closed, posted in ${c.postedIn}` : `correction of closed ${c.sourcePeriod}`;
}

/**
 * One note per correction line (`billing bill --corrections`), so every view says them, with or without detail:
 * where a closed period's difference is posted, and that the closed period shows what was billed.
 */
export function correctionNotes(report: CostReport, options: { readonly awsCost?: boolean } = {}): string[] {
    const withAws = options.awsCost !== false;
    const money = (exact: string) => formatCents(toCents(exact, report.currency), report.currency);
    const notes: string[] = [];
    for (const g of report.groups) {
        for (const item of g.customLineItems) {
            const c = item.correction;
            if (!c) continue;
            notes.push(c.sourcePeriod === g.period
                ? `Correction: ${g.name} ${g.period} is closed and shows what was billed; its change since (pro forma ${money(new Decimal(item.amount).neg().toFixed())}${withAws ? `, AWS cost ${money(new Decimal(c.awsCost).neg().toFixed())}` : ''}) is posted in ${c.postedIn} — ${c.reason}.`
                : `Correction: ${g.name} ${g.period} includes ${money(item.amount)} pro forma${withAws ? ` (AWS cost ${money(c.awsCost)})` : ''} correcting closed ${c.sourcePeriod} — ${c.reason}.`);
        }
    }
    for (const line of report.unassigned.byPeriod) {
        if (line.correction !== undefined) notes.push(`Correction: the unassigned AWS cost of ${line.period} includes ${money(line.correction)} of corrections of closed periods.`);
    }
    return notes;
}

function minorUnitsName(currency: string): string {
    const places = minorUnits(currency);
    return places === 2 ? 'cents' : places === 0 ? `whole ${currency}` : `${places} decimals`;
}

function groupDetail(g: GroupReport, currency: string): { view: GroupDetailView; rounded: boolean } {
    const cents = (exact: string) => toCents(exact, currency);
    const money = (minor: bigint) => formatCents(minor, currency);
    let rounded = false;
    const lines = (items: readonly { label: string; awsCost: string; proformaCost: string; margin: string }[]): DetailLine[] => {
        const shown = items.map((item) => ({ label: item.label, aws: cents(item.awsCost), proforma: cents(item.proformaCost), margin: cents(item.margin) }));
        const gap = {
            aws: cents(g.awsCost) - shown.reduce((sum, line) => sum + line.aws, 0n),
            proforma: cents(g.proformaCost) - shown.reduce((sum, line) => sum + line.proforma, 0n),
            margin: cents(g.margin) - shown.reduce((sum, line) => sum + line.margin, 0n),
        };
        // The lines of a section add up to the group's exact figures; a gap is rounding only, shown as such.
        if (items.length > 0 && (gap.aws !== 0n || gap.proforma !== 0n || gap.margin !== 0n)) {
            rounded = true;
            shown.push({ label: ROUNDING, ...gap });
        }
        return shown.map((line) => ({ label: line.label, awsCost: money(line.aws), proformaCost: money(line.proforma), margin: money(line.margin) }));
    };
    const services = lines(g.byService.map((line) => ({ label: serviceLabel(line.service, line.serviceName), awsCost: line.awsCost, proformaCost: line.proformaCost, margin: line.margin })));
    const accounts = lines(g.byAccount.map((line) => ({ label: line.accountName ? `${line.accountId} (${line.accountName})` : line.accountId, awsCost: line.awsCost, proformaCost: line.proformaCost, margin: line.margin })));
    return {
        rounded,
        view: {
            name: g.name,
            period: g.period,
            hasUsage: g.hasUsage,
            services,
            accounts,
            lineItems: g.customLineItems.map((item) => ({
                name: item.name,
                type: item.type,
                description: item.correction ? correctionCharge(item.correction, g.period) : item.percent !== undefined ? `${item.percent}% of ${money(cents(item.base ?? '0'))}` : 'flat',
                amount: money(cents(item.amount)),
                computation: item.computation,
            })),
            rules: g.rules.map((rule) => ({
                rule: rule.rule,
                publicCost: money(cents(rule.publicCost)),
                proformaCost: money(cents(rule.proformaCost)),
                effect: money(cents(rule.effect)),
                cells: String(rule.cells),
            })),
            ...(g.commitments && { commitments: commitmentsView(g.commitments, currency) }),
        },
    };
}

const UNIT_LABEL: Record<CommitmentUtilization['unit'], string> = { 'instance-hours': 'instance-hours', 'normalized-units': 'normalized unit-hours', commitment: 'commitment' };

function commitmentsView(c: GroupCommitmentsReport, currency: string): CommitmentsView {
    const money = (exact: string) => formatCents(toCents(exact, currency), currency);
    // Quantities (hours, units) are shown to 2 decimals, rounded half-even like money.
    const quantity = (exact: string) => plainMinorUnits(toMinorUnits(exact, 'USD'), 'USD');
    const percent = (p: string | null) => (p === null ? NONE : `${p} %`);
    return {
        coverage: `${money(c.coveredCost)} of ${money(c.eligibleCost)} eligible on-demand (${percent(c.coveragePercent)})`,
        lines: c.commitments.map((line) => ({
            arn: line.arn,
            unit: UNIT_LABEL[line.unit],
            used: line.unit === 'commitment' ? money(line.used) : quantity(line.used),
            capacity: line.unit === 'commitment' ? money(line.capacity) : quantity(line.capacity),
            utilization: percent(line.utilizationPercent),
        })),
    };
}
