import { serviceLabel } from '../cube/product-names.js';
import { formatMoney, plainMinorUnits, toMinorUnits } from './money-format.js';
import { correctionCharge, correctionNotes } from './presentation.js';
import type { CostReport, CustomLineItemLine, GroupReport } from './types.js';

/**
 * What a business unit receives for one billing group and period: its pro forma bill (not the AWS cost unless asked),
 * charges by service and by account, custom line items with their computation, the trend of the last months and
 * footnotes on approximations. Figures follow the one presentation rule (money-format.ts): each exact value rounded
 * once, half-even, to the currency's minor units; a section's total is the group's figure, with a Rounding line where
 * the shown lines do not add up to it.
 */
export interface StatementOptions {
    readonly group: string;
    readonly period: string;
    /** Show the AWS cost and margin too (an internal view); a business unit normally sees only its pro forma bill. */
    readonly showAwsCost?: boolean;
    /** How many months the trend covers, ending with `period` (default 12). */
    readonly trendMonths?: number;
}

export interface StatementLine {
    readonly label: string;
    readonly proforma: string;
    readonly aws?: string;
}

export interface Statement {
    readonly group: string;
    readonly description?: string;
    readonly period: string;
    readonly primaryAccount: string;
    readonly accounts: readonly string[];
    readonly currency: string;
    readonly hasUsage: boolean;
    readonly totals: readonly StatementLine[];
    readonly byService: readonly StatementLine[];
    readonly byAccount: readonly StatementLine[];
    readonly lineItems: readonly { readonly name: string; readonly type: string; readonly computation: string; readonly how: string; readonly amount: string }[];
    /** Oldest first; `proformaCost` exact (the chart scales by it), `proforma` as shown. */
    readonly trend: readonly { readonly period: string; readonly proformaCost: string; readonly proforma: string }[];
    readonly footnotes: readonly string[];
}

export class StatementError extends Error {}

export function buildStatement(report: CostReport, options: StatementOptions): Statement {
    const rows = report.groups.filter((g) => g.name === options.group);
    if (rows.length === 0) throw new StatementError(`no billing group '${options.group}' in the report (groups: ${[...new Set(report.groups.map((g) => g.name))].join(', ') || 'none'})`);
    const g = rows.find((row) => row.period === options.period);
    if (!g) throw new StatementError(`group '${options.group}' has no bill for ${options.period}; the data's periods: ${report.periods.join(', ') || 'none'}`);
    const currency = report.currency;
    const show = (exact: string) => formatMoney(exact, { currency });
    const aws = options.showAwsCost === true;
    const line = (label: string, proforma: string, awsCost?: string): StatementLine => ({ label, proforma: show(proforma), ...(aws && awsCost !== undefined && { aws: show(awsCost) }) });

    const section = (lines: readonly { label: string; proformaCost: string; awsCost: string }[]): StatementLine[] => {
        if (lines.length === 0) return [];
        const shown = lines.map((l) => line(l.label, l.proformaCost, l.awsCost));
        const gap = (pick: (l: { proformaCost: string; awsCost: string }) => string, whole: string) =>
            toMinorUnits(whole, currency) - lines.reduce((sum, l) => sum + toMinorUnits(pick(l), currency), 0n);
        const proformaGap = gap((l) => l.proformaCost, g.proformaCost);
        const awsGap = gap((l) => l.awsCost, g.awsCost);
        if (proformaGap !== 0n || (aws && awsGap !== 0n)) shown.push(line('Rounding', plainMinorUnits(proformaGap, currency), plainMinorUnits(awsGap, currency)));
        shown.push(line('Total', g.proformaCost, g.awsCost));
        return shown;
    };

    const totals: StatementLine[] = [line('Charges', g.charges)];
    for (const item of g.customLineItems) totals.push(line(itemLabel(item, g.period), item.amount));
    const totalsGap = toMinorUnits(g.proformaCost, currency) - [g.charges, ...g.customLineItems.map((item) => item.amount)].reduce((sum, exact) => sum + toMinorUnits(exact, currency), 0n);
    if (totalsGap !== 0n) totals.push(line('Rounding', plainMinorUnits(totalsGap, currency)));
    totals.push(line('Pro forma total', g.proformaCost, g.awsCost));
    if (aws) totals.push({ label: 'Margin', proforma: show(g.margin) });

    const months = Math.min(Math.max(options.trendMonths ?? 12, 1), 13);
    const trend = rows
        .filter((row) => row.period <= options.period)
        .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0))
        .slice(-months)
        .map((row) => ({ period: row.period, proformaCost: row.proformaCost, proforma: show(row.proformaCost) }));

    return {
        group: g.name,
        ...(g.description !== undefined && { description: g.description }),
        period: g.period,
        primaryAccount: g.primaryAccountId,
        accounts: g.accountIds,
        currency,
        hasUsage: g.hasUsage,
        totals,
        byService: section(g.byService.map((l) => ({ label: serviceLabel(l.service, l.serviceName), proformaCost: l.proformaCost, awsCost: l.awsCost }))),
        byAccount: section(g.byAccount.map((l) => ({ label: l.accountName ? `${l.accountId} (${l.accountName})` : l.accountId, proformaCost: l.proformaCost, awsCost: l.awsCost }))),
        lineItems: g.customLineItems.map((item) => ({
            name: item.description ? `${item.name} — ${item.description}` : item.name,
            type: item.type === 'FEE' ? 'Fee' : 'Credit',
            computation: item.computation === 'ITEMIZED' ? 'itemized' : 'consolidated',
            how: item.correction ? correctionCharge(item.correction, g.period) : item.percent !== undefined ? `${item.percent}% of ${show(item.base ?? '0')}` : 'flat',
            amount: show(item.amount),
        })),
        trend,
        footnotes: footnotes(report, g, aws),
    };
}

/** A totals line: `Fee: platform`, `Correction of 2026-02` (bill --corrections), `Change since closed, posted in 2026-03`. */
function itemLabel(item: CustomLineItemLine, period: string): string {
    const c = item.correction;
    if (!c) return `${item.type === 'FEE' ? 'Fee' : 'Credit'}: ${item.name}`;
    return c.sourcePeriod === period ? `Change since closed, posted in ${c.postedIn}` : `Correction of ${c.sourcePeriod}`;
}

function footnotes(report: CostReport, g: GroupReport, showAwsCost: boolean): string[] {
    const notes = [
        `Pro forma figures: the group's usage priced with its pricing plan (${g.plan}), not the AWS invoice. Each amount is its exact value rounded once, half-even, to the currency's minor units; a total is the exact total rounded, and a Rounding line shows where the lines shown do not add up to it.`,
        'Custom line items are computed on exact amounts; a percentage item is its percentage of the exact base shown.',
    ];
    for (const note of correctionNotes({ ...report, groups: [g], unassigned: { ...report.unassigned, byPeriod: [] } }, { awsCost: showAwsCost })) notes.push(note);
    if (!g.hasUsage) notes.push(`The data has no line item for this group's accounts in ${g.period}: only its flat fees apply.`);
    const prefix = `Group ${g.name}, ${g.period}:`;
    for (const issue of report.issues) {
        if (issue.code === 'public-cost-missing' && issue.message.startsWith(prefix)) {
            notes.push(`Fallback pricing: ${issue.message.slice(prefix.length).trim()} (docs/semantics.md, "Rows without a public price").`);
        }
    }
    return notes;
}
