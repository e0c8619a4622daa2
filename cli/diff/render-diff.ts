import type { GroupDiff, GroupPeriodDiff, PolicyChange, PolicyDiffReport } from '../../engine/diff/index.js';
import { alignColumns, formatMinorUnits, markdownText, ROUNDING, terminalText, toMinorUnits } from '../../engine/report/index.js';

export const diffFormats = ['table', 'json', 'markdown'] as const;
export type DiffFormat = (typeof diffFormats)[number];

/**
 * The first line of every Markdown diff: stable across versions and runs, so a CI step can find the comment it
 * posted before and update it instead of adding one per push (action.yml does).
 */
export const DIFF_COMMENT_MARKER = '<!-- billing-conductor:diff -->';

export function renderDiff(diff: PolicyDiffReport, format: DiffFormat): string {
    currency = diff.currency;
    switch (format) {
        case 'json': return `${JSON.stringify(diff, null, 2)}\n`;
        case 'table': return renderTable(diff);
        case 'markdown': return renderMarkdown(diff);
    }
}

/*
 * Every figure is its exact value rounded once (engine/report/money-format.ts), as in `bill`: a change is the exact
 * change rounded, a margin the exact margin rounded; a total is the exact total rounded, and a Rounding row makes
 * the table's columns add up when the shown rows do not.
 */
let currency = 'USD';

function shown(exact: string): bigint {
    return toMinorUnits(exact, currency);
}

/** An exact amount as shown; `—` when absent. */
function money(exact: string | undefined): string {
    return exact === undefined ? '—' : formatMinorUnits(shown(exact), { currency });
}

function signed(minor: bigint): string {
    return minor === 0n ? formatMinorUnits(0n, { currency }) : formatMinorUnits(minor, { currency, signed: true });
}

/** The exact change rounded once, signed. */
function shownChange(exact: string): string {
    return signed(shown(exact));
}

function shownMargin(figures: { readonly margin: string } | null | undefined): string {
    return figures ? money(figures.margin) : '—';
}

function signedPercent(percent: string | null): string {
    if (percent === null) return '—';
    return `${percent.startsWith('-') || /^0(\.0+)?$/.test(percent) ? '' : '+'}${percent}%`;
}

function marginPercent(percent: string | null | undefined): string {
    return percent === undefined ? '—' : percent === null ? 'n/a' : `${percent}%`;
}

/** AWS cost: one figure when unchanged (the usual case: a pricing change never moves it), else before → after. */
function awsCost(row: GroupPeriodDiff): string {
    const before = row.base?.awsCost;
    const after = row.head?.awsCost;
    if (before !== undefined && after !== undefined && shown(before) === shown(after)) return money(after);
    return `${money(before)} → ${money(after)}`;
}

function rowChanged(row: GroupPeriodDiff): boolean {
    return row.base === null || row.head === null || row.change.proformaCost !== '0' || row.change.margin !== '0' || row.change.awsCost !== '0'
        || row.accountsAdded.length > 0 || row.accountsRemoved.length > 0;
}

function periodsText(diff: PolicyDiffReport): string {
    const periods = diff.periods;
    return periods.length === 0 ? 'no period' : periods.length === 1 ? periods[0]! : `${periods[0]} to ${periods[periods.length - 1]}`;
}

/** Sentences about groups that appear, disappear, or receive or lose accounts. */
function groupCallouts(diff: PolicyDiffReport): string[] {
    const lines: string[] = [];
    for (const group of diff.groups) {
        if (group.status === 'added') lines.push(`group ${group.group} is new${group.accountsAdded.length ? ` (accounts ${group.accountsAdded.join(', ')})` : ''}`);
        else if (group.status === 'removed') lines.push(`group ${group.group} is removed${group.accountsRemoved.length ? ` (its accounts ${group.accountsRemoved.join(', ')} go elsewhere or are unassigned)` : ''}`);
        else {
            for (const [verb, key] of [['receives', 'accountsAdded'], ['loses', 'accountsRemoved']] as const) {
                const byAccount = new Map<string, string[]>();
                for (const row of group.periods) for (const id of row[key]) byAccount.set(id, [...(byAccount.get(id) ?? []), row.period]);
                for (const [id, periods] of byAccount) lines.push(`group ${group.group} ${verb} account ${id} in ${periodList(periods, diff.periods)}`);
            }
        }
    }
    return lines;
}

function periodList(periods: readonly string[], all: readonly string[]): string {
    if (periods.length === all.length && all.length > 1) return 'every period';
    return periods.join(', ');
}

function totalLine(diff: PolicyDiffReport): string {
    const { base, head, change } = diff.total;
    return `pro forma total ${money(base.proformaCost)} → ${money(head.proformaCost)} (${shownChange(change.proformaCost)}, ${signedPercent(change.proformaCostPercent)}); ` +
        `margin ${money(base.margin)} → ${money(head.margin)} (${shownChange(change.margin)})`;
}

function renderTable(diff: PolicyDiffReport): string {
    const out = [
        terminalText(`Policy diff: ${diff.base.source} → ${diff.head.source}`),
        terminalText(`Data: ${diff.data.sources.join(', ')}, ${periodsText(diff)} (${diff.currency})`),
        '',
    ];
    const rows: (string[] | 'rule')[] = [];
    // Σ shown rows per money column: pro forma before, after, change, margin before, after.
    const sums = [0n, 0n, 0n, 0n, 0n];
    for (const group of diff.groups) {
        for (const row of group.periods) {
            [row.base?.proformaCost, row.head?.proformaCost, row.change.proformaCost, row.base?.margin, row.head?.margin].forEach((exact, column) => {
                sums[column] = sums[column]! + (exact === undefined ? 0n : shown(exact));
            });
            rows.push([
                group.group + statusMark(group), row.period, awsCost(row),
                money(row.base?.proformaCost), money(row.head?.proformaCost), shownChange(row.change.proformaCost),
                signedPercent(row.change.proformaCostPercent),
                shownMargin(row.base), shownMargin(row.head),
                `${marginPercent(row.base?.marginPercent)} → ${marginPercent(row.head?.marginPercent)}`,
            ]);
        }
    }
    const { base, head, change } = diff.total;
    const gaps = [base.proformaCost, head.proformaCost, change.proformaCost, base.margin, head.margin].map((exact, column) => shown(exact) - sums[column]!);
    if (gaps.some((gap) => gap !== 0n)) {
        const text = (gap: bigint) => formatMinorUnits(gap, { currency });
        rows.push([ROUNDING, '', '', text(gaps[0]!), text(gaps[1]!), gaps[2] === 0n ? text(0n) : signed(gaps[2]!), '', text(gaps[3]!), text(gaps[4]!), '']);
    }
    rows.push('rule');
    rows.push(['Total', '', base.awsCost === head.awsCost ? money(head.awsCost) : `${money(base.awsCost)} → ${money(head.awsCost)}`,
        money(base.proformaCost), money(head.proformaCost), shownChange(change.proformaCost), signedPercent(change.proformaCostPercent),
        money(base.margin), money(head.margin), '']);
    out.push(...alignColumns(
        ['Group', 'Period', 'AWS cost', 'Pro forma before', 'Pro forma after', 'Change', 'Change %', 'Margin before', 'Margin after', 'Margin %'],
        rows,
        ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    ));
    if (diff.unassigned.change !== '0') out.push('', `Unassigned AWS cost: ${money(diff.unassigned.base)} → ${money(diff.unassigned.head)}`);
    const callouts = groupCallouts(diff);
    if (callouts.length > 0) out.push('', 'Groups:', ...callouts.map((line) => `  ${terminalText(line)}`));
    out.push('', diff.policyChanges.length === 0 ? 'Policy changes: none' : 'Policy changes:');
    out.push(...diff.policyChanges.map((change) => `  ${terminalText(`${change.description}${affects(change)}`)}`));
    return `${out.join('\n')}\n`;
}

function statusMark(group: GroupDiff): string {
    return group.status === 'added' ? ' (new)' : group.status === 'removed' ? ' (removed)' : '';
}

function affects(change: PolicyChange): string {
    if (change.element === 'group' || change.element === 'membership' || change.element === 'lineItem') return '';
    return change.groups.length ? ` (affects ${change.groups.join(', ')})` : change.element === 'rule' || change.element === 'plan' ? ' (no group uses it)' : '';
}

/** A code span: nothing inside is Markdown or HTML; control characters shown as escapes. */
function code(text: string): string {
    return `\`${terminalText(text).replace(/`/g, "'")}\``;
}

/** A pull-request comment: the headline, the group × period rows that changed, the groups called out, the policy changes. */
function renderMarkdown(diff: PolicyDiffReport): string {
    const out = [
        DIFF_COMMENT_MARKER,
        `### Pricing change: ${code(diff.base.source)} → ${code(diff.head.source)}`,
        '',
        `${capitalize(totalLine(diff))} — on ${periodsText(diff)} of ${diff.data.sources.map(code).join(', ')} (${diff.currency}).`,
        '',
    ];
    const changed: string[][] = [];
    let unchanged = 0;
    for (const group of diff.groups) {
        for (const row of group.periods) {
            if (!rowChanged(row)) {
                unchanged++;
                continue;
            }
            changed.push([
                `${markdownText(group.group)}${statusMark(group)}`, row.period, awsCost(row),
                money(row.base?.proformaCost), money(row.head?.proformaCost),
                `${shownChange(row.change.proformaCost)} (${signedPercent(row.change.proformaCostPercent)})`,
                `${shownMargin(row.base)} (${marginPercent(row.base?.marginPercent)})`,
                `${shownMargin(row.head)} (${marginPercent(row.head?.marginPercent)})`,
                shownChange(row.change.margin),
            ]);
        }
    }
    if (changed.length > 0) {
        out.push(
            '| Group | Period | AWS cost | Pro forma before | Pro forma after | Change | Margin before | Margin after | Margin change |',
            '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
            ...changed.map((row) => `| ${row.join(' | ')} |`),
            '',
        );
    } else {
        out.push(diff.policyChanges.length === 0
            ? 'No group or period changes.'
            : '**No figure changes on this data, but the policy changed** (below): review it.', '');
    }
    if (unchanged > 0) out.push(`<sub>${unchanged} group × period row${unchanged === 1 ? '' : 's'} unchanged.</sub>`, '');
    const callouts = groupCallouts(diff);
    if (callouts.length > 0) out.push('**Groups**', '', ...callouts.map((line) => `- ${markdownText(line)}`), '');
    out.push('**Policy changes**', '');
    if (diff.policyChanges.length === 0) out.push('- none (same compiled policy)');
    else out.push(...diff.policyChanges.map((change) => `- ${markdownText(`${change.description}${affects(change)}`)}`));
    out.push('');
    return out.join('\n');
}

function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
