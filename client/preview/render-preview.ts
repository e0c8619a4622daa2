import { serviceLabel } from '../../engine/cube/product-names.js';
import type { CostReport, CustomLineItemLine, GroupCommitmentsReport, GroupReport } from '../../engine/report/types.js';
import type { DataStatus, PolicyLocation } from '../../server/protocol.js';
import { renderCostChart } from './chart.js';
import { escapeHtml, groupElementId } from './html.js';
import { compareDecimals, formatCents, formatMoney, isZero, MINUS, sumDecimals, toCents } from './money.js';
import { PREVIEW_SCRIPT } from './preview-script.js';
import { PREVIEW_CSS } from './preview-styles.js';
import { groupTrendSignature, renderGroupTrend, renderTrend, TREND_PENDING_NOTE } from './trend.js';
import type { TrendReport } from '../../server/protocol.js';

/**
 * Renders the bill preview as HTML. Pure functions of plain data (no VS Code import), so they are unit-tested and
 * screenshot in Chromium without VS Code. The extension host renders; the webview script only swaps content in.
 */

/** Everything the preview shows. */
export interface PreviewModel {
    /** The policy file's URI (kept in the webview state so the serializer can restore the panel). */
    readonly uri: string;
    /** Short name of the policy file for the title. */
    readonly policyLabel: string;
    readonly status: DataStatus;
    /** Null: nothing to show yet (no data, policy errors, still loading); `reason` says why. */
    readonly report: CostReport | null;
    readonly reason?: string;
    /** Set when the policy has errors and `report` is its last version without errors. */
    readonly stale?: string;
    /** The policy's first error, when it has errors (a button opens it). */
    readonly firstError?: PolicyLocation;
    /** Set when the figures are the bundled sample's and none of the policy's accounts is in it (the server's words). */
    readonly sampleWithoutAccounts?: string;
    /** The period shown; default: the report's latest. */
    readonly period?: string;
    /** The group to highlight (from a CodeLens click or `billing.showPreview`). */
    readonly focusGroup?: string;
    /** Scroll to the focus group once the content is shown. */
    readonly reveal?: boolean;
    /** Every period's groups, for the trend across periods; absent or null: no trend. */
    readonly trend?: TrendReport | null;
    /**
     * The trend is being priced after the bill was shown: `trend` (if any) is from before the last change, shown marked
     * as such, never as current figures.
     */
    readonly trendPending?: boolean;
}

/** State kept in the webview (vscode.setState) and given back to the WebviewPanelSerializer. */
export interface PreviewState {
    readonly uri: string;
    readonly group?: string;
    readonly period?: string;
    readonly reveal?: boolean;
}

export interface DocumentOptions {
    /** Random per render; the only scripts and styles the CSP admits carry it. */
    readonly nonce: string;
    /** `webview.cspSource`: the origin of local resources (the extension's media folder). */
    readonly cspSource: string;
    /** Identifies this document in its "ready" message (the host ignores a late one from a replaced document). */
    readonly documentId?: string;
}

export function contentSecurityPolicy(options: DocumentOptions): string {
    return [
        "default-src 'none'",
        `style-src ${options.cspSource} 'nonce-${options.nonce}'`,
        `script-src 'nonce-${options.nonce}'`,
        `img-src ${options.cspSource} data:`,
    ].join('; ');
}

export function previewState(model: PreviewModel): PreviewState {
    return { uri: model.uri, group: model.focusGroup, period: shownPeriod(model), reveal: model.reveal };
}

/** The full HTML document of the webview. */
export function renderPreviewDocument(model: PreviewModel, options: DocumentOptions): string {
    const nonce = escapeHtml(options.nonce);
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(options))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Bill preview: ${escapeHtml(model.policyLabel)}</title>
<style nonce="${nonce}">${PREVIEW_CSS}</style>
</head>
<body data-state="${escapeHtml(JSON.stringify(previewState(model)))}" data-document="${escapeHtml(options.documentId ?? '')}">
<main id="content">${renderPreviewBody(model)}</main>
<script nonce="${nonce}">${PREVIEW_SCRIPT}</script>
</body>
</html>`;
}

/** The period the preview shows: the requested one if the report has it, else the report's (or data's) latest. */
export function shownPeriod(model: PreviewModel): string | undefined {
    const periods = model.report?.periods ?? model.status.periods;
    if (model.period && (periods.length === 0 || periods.includes(model.period))) return model.period;
    return periods[periods.length - 1] ?? model.period;
}

/** Above this many groups (in the period shown) the group sections start collapsed and the per-group chart is left out. */
export const COLLAPSE_ABOVE = 12;

/** One billing group as the preview shows it without its details: its row of the summary table and its section's head. */
export interface GroupView {
    readonly name: string;
    /** The section's element id. */
    readonly id: string;
    /** Identity of everything the group's section shows (its body is rendered again only when this changes). */
    readonly sig: string;
    /** `<tr>` of the summary table (HTML; every data-derived string escaped). */
    readonly row: string;
    /** Inside the section's `.head` (HTML). */
    readonly head: string;
}

/**
 * The preview as parts that are updated one by one: `parts` are top-level elements in order (each one element with a
 * `data-part` attribute; the `groups` part is the container of the group sections), `groups` the group sections and
 * summary table rows. A keystroke changes a few parts and groups; only those are posted to the webview.
 */
export interface PreviewView {
    readonly parts: ReadonlyArray<readonly [string, string]>;
    readonly groups: readonly GroupView[];
    /** Group sections start collapsed (more than COLLAPSE_ABOVE groups). */
    readonly collapsed: boolean;
}

/** Key of the part that holds the group sections. */
export const GROUPS_PART = 'groups';

/** The preview of a model, as parts (see PreviewView). */
export function previewView(model: PreviewModel): PreviewView {
    const period = shownPeriod(model);
    const header = renderHeader(model, period);
    if (!model.report) return { parts: [['header', header], ['empty', part('empty', renderEmpty(model))]], groups: [], collapsed: false };
    const report = model.report;
    const stale = model.stale
        ? `<section class="stale" role="status"><p><strong>Stale:</strong> ${escapeHtml(model.stale)}. These are the figures of the last version without errors.</p>${errorLink(model.firstError)}</section>`
        : '';
    const groups = report.groups.filter((group) => group.period === period);
    const currency = escapeHtml(report.currency); // from the data (lineItem/CurrencyCode): markup in it must stay text
    const shown = shownCents(report, groups, period);
    const collapsed = groups.length > COLLAPSE_ABOVE;
    const chart = groups.length > 0 && !collapsed ? `<h3>AWS cost and pro forma per group</h3>${renderCostChart(groups, currency)}` : '';
    const none = groups.length > 0 ? '' : `<p class="muted">The policy defines no billing group with members in ${escapeHtml(period ?? 'this period')}.</p>`;
    const detail = report.detail !== false;
    // Collapsed sections hold their group's trend: one is rendered again when its trend figures change, not when they
    // are pending (a keystroke would otherwise re-render every group twice; the trend part says they are updating).
    const trendKey = (name: string): string => (collapsed ? groupTrendSignature(model.trend, name, period) : '');
    const trendPart = collapsed
        ? (model.trendPending ? TREND_PENDING_NOTE : '')
        : model.trend ? renderTrend(model.trend, period, model.trendPending) : model.trendPending ? '<p class="muted trend-pending" role="status">Pricing every period for the trend…</p>' : '';
    const parts: Array<readonly [string, string]> = [
        ['header', header],
        ['top', `<div data-part="top">${stale}${renderSampleWithoutAccounts(model)}${renderSummary(shown, period, currency)}</div>`],
        ['table', groups.length > 1 ? renderGroupTable(groups.length) : '<div data-part="table"></div>'],
        ['chart', `<div data-part="chart">${chart}${none}</div>`],
        [GROUPS_PART, `<div class="groups" data-part="${GROUPS_PART}"></div>`],
        // At scale each group's trend is in its (lazily rendered) section; below, one trend section for all.
        ['trend', `<div data-part="trend">${trendPart}</div>`],
        ['unassigned', part('unassigned', renderUnassigned(report, period))],
        ['reconciliation', part('reconciliation', renderReconciliation(report))],
        ['issues', part('issues', renderIssues(report))],
    ];
    return {
        parts,
        collapsed,
        groups: groups.map((group) => ({
            name: group.name,
            id: groupElementId(group.name),
            sig: `${currency}\u0000${detail}\u0000${trendKey(group.name)}\u0000${JSON.stringify(group)}`,
            row: renderGroupRow(group, currency),
            head: renderGroupHead(group, currency),
        })),
    };
}

/** A new policy on the user's own accounts priced on the bundled sample: the way out is the user's CUR (issue 11, defect 8). */
function renderSampleWithoutAccounts(model: PreviewModel): string {
    if (!model.sampleWithoutAccounts) return '';
    const message = model.sampleWithoutAccounts.charAt(0).toUpperCase() + model.sampleWithoutAccounts.slice(1);
    return `<section class="notice sample-without-accounts" role="status"><p><strong>${escapeHtml(message)}.</strong> The figures below are the bundled sample's, where your groups have no usage.</p><p><button class="primary" data-command="selectData">Select your CUR…</button></p></section>`;
}

/** Wraps a part's HTML in one element marked with its key (parts are replaced whole). */
function part(key: string, html: string): string {
    return `<div data-part="${key}">${html}</div>`;
}

/** The details of one group (everything below its head), rendered when the section is open. */
export function renderGroupDetails(model: PreviewModel, name: string): string | undefined {
    const report = model.report;
    if (!report) return undefined;
    const period = shownPeriod(model);
    const group = report.groups.find((g) => g.name === name && g.period === period);
    if (!group) return undefined;
    const currency = escapeHtml(report.currency);
    const collapsed = report.groups.filter((g) => g.period === period).length > COLLAPSE_ABOVE;
    const trend = collapsed && model.trend ? renderGroupTrend(model.trend, name, period, model.trendPending) : '';
    return renderGroupBody(group, currency, report.detail !== false) + trend;
}

/** The section of a group: open (details inside) or collapsed (details rendered when opened). */
export function renderGroupSection(view: GroupView, body: string | undefined, focused: boolean, version = 0): string {
    const open = body !== undefined;
    const name = escapeHtml(view.name);
    return `<section class="group${open ? '' : ' collapsed'}${focused ? ' focused' : ''}" id="${view.id}" data-group="${name}" aria-label="Billing group ${name}" data-v="${version}"${open ? ` data-loaded="${version}"` : ''}>
<div class="head"><button class="toggle" data-toggle aria-expanded="${open}" aria-label="Show or hide the details"></button><div class="head-content">${view.head}</div></div>
<div class="body"${open ? '' : ' hidden'}>${body ?? ''}</div>
</section>`;
}

/** The content inside `<main>` (the first render; later updates post only the parts and groups that changed). */
export function renderPreviewBody(model: PreviewModel): string {
    const view = previewView(model);
    return view.parts.map(([key, html]) => {
        if (key !== GROUPS_PART) return html;
        const sections = view.groups.map((group) => {
            const focused = group.name === model.focusGroup;
            // Collapsed at scale, except the group a lens click asked for.
            const body = !view.collapsed || focused ? renderGroupDetails(model, group.name) : undefined;
            return renderGroupSection(group, body, focused);
        });
        return `<div class="groups" data-part="${GROUPS_PART}">${sections.join('\n')}</div>`;
    }).map((html) => html.replace('<tbody data-rows></tbody>', `<tbody data-rows>${view.groups.map((g) => g.row).join('')}</tbody>`)).join('\n');
}

/** The summary table of every group (rows posted separately; the script sorts and filters them). */
function renderGroupTable(count: number): string {
    const sortable = (key: string, label: string, numeric: boolean) =>
        `<th${numeric ? ' class="num"' : ''} aria-sort="none"><button class="link sort" data-sort="${key}">${label}</button></th>`;
    return `<section class="panel group-table" data-part="table" aria-label="Every billing group">
<div class="table-controls"><h2>Groups <span class="muted" data-count>${count}</span></h2><input type="search" id="group-filter" placeholder="Filter groups by name or account" aria-label="Filter billing groups"></div>
<table class="groups-summary"><thead><tr>${sortable('name', 'Group', false)}${sortable('aws', 'AWS cost', true)}${sortable('proforma', 'Pro forma', true)}${sortable('margin', 'Margin', true)}${sortable('percent', 'Margin %', true)}</tr></thead>
<tbody data-rows></tbody></table></section>`;
}

/** A group's figures as the preview shows them: "no usage" instead of $0.00 without usage or items. */
function groupFigures(group: GroupReport, currency: string) {
    const awsCents = toCents(group.awsCost, currency);
    const proformaCents = toCents(group.proformaCost, currency);
    const marginCents = toCents(group.margin, currency);
    const hasItems = group.customLineItems.some((item) => !isZero(item.amount));
    const showProforma = group.hasUsage || hasItems;
    const marginPercent = group.marginPercent === null || !showProforma ? '—' : `${escapeHtml(group.marginPercent.replace(/^-/, MINUS))}%`;
    return { awsCents, proformaCents, marginCents, showProforma, marginPercent };
}

function renderGroupRow(group: GroupReport, currency: string): string {
    const f = groupFigures(group, currency);
    const noUsage = '<td class="num no-usage">no usage</td>';
    const name = escapeHtml(group.name);
    // Sort keys: cents (exact integers as text; the script compares them as numbers) and the percent.
    const keys = `data-row="${name}" data-filter="${escapeHtml(`${group.name} ${group.accountIds.join(' ')} ${group.description ?? ''}`.toLowerCase())}" data-aws="${group.hasUsage ? f.awsCents : ''}" data-proforma="${f.showProforma ? f.proformaCents : ''}" data-margin="${f.showProforma ? f.marginCents : ''}" data-percent="${f.showProforma && group.marginPercent !== null ? escapeHtml(group.marginPercent) : ''}"`;
    return `<tr ${keys}><td><button class="link" data-reveal="${name}">${name}</button></td>${group.hasUsage ? moneyCell(f.awsCents, currency) : noUsage}${f.showProforma ? moneyCell(f.proformaCents, currency) : noUsage}${f.showProforma ? moneyCell(f.marginCents, currency) : '<td class="num">—</td>'}<td class="num${f.showProforma && group.marginPercent?.startsWith('-') ? ' negative' : ''}">${f.marginPercent}</td></tr>`;
}

function renderGroupHead(group: GroupReport, currency: string): string {
    const f = groupFigures(group, currency);
    const description = group.description ? ` <span class="muted">${escapeHtml(group.description)}</span>` : '';
    const figures = f.showProforma
        ? `Pro forma ${formatCents(f.proformaCents, currency)} · margin <span class="${f.marginCents < 0n ? 'negative' : ''}">${formatCents(f.marginCents, currency)}</span>`
        : '<span class="no-usage">no usage</span>';
    return `<h2>${escapeHtml(group.name)}${description}</h2><span class="head-figures">${figures}</span>`;
}

function renderHeader(model: PreviewModel, period: string | undefined): string {
    const periods = model.report?.periods.length ? model.report.periods : model.status.periods;
    const options = periods.map((p) => `<option value="${escapeHtml(p)}"${p === period ? ' selected' : ''}>${escapeHtml(p)}</option>`).join('');
    const periodControl = periods.length > 0
        ? `<label>Period <select id="period-select" aria-label="Billing period">${options}</select></label>`
        : '<span class="muted">No billing period</span>';
    const source = model.status.source ? escapeHtml(model.status.source) : 'no data';
    const rows = model.report ? `, ${model.report.data.rows.toLocaleString('en-US')} rows (${escapeHtml(model.report.data.format)})` : '';
    return `<header data-part="header">
<h1>Bill preview · ${escapeHtml(model.policyLabel)}</h1>
<div class="controls">${periodControl}<span class="meta">Data: ${source}${rows}</span><button data-command="selectData">Select data…</button></div>
</header>`;
}

function renderEmpty(model: PreviewModel): string {
    const status = model.status;
    let message: string;
    switch (status.state) {
        case 'loading':
            message = `Loading billing data${status.source ? ` from <code>${escapeHtml(status.source)}</code>` : ''}${status.progress !== undefined ? ` (${Math.floor(status.progress * 100)}%)` : ''}…`;
            break;
        case 'error':
            message = `Billing data could not be loaded: ${escapeHtml(status.message ?? 'unknown error')}`;
            break;
        case 'cancelled':
            message = 'Loading the billing data was cancelled.';
            break;
        case 'none':
            message = 'No billing data is loaded.';
            break;
        case 'ready':
            message = 'No bill to show.';
            break;
    }
    // The server's reason often repeats the status message ("no data loaded: <message>"): say it once.
    const repeats = !!model.reason && !!status.message && model.reason.includes(status.message);
    const reason = model.reason && !repeats ? `<p>${escapeHtml(model.reason)}</p>` : '';
    // Policy errors are fixed in the policy, not by other data: the way out is the first error.
    const action = model.firstError
        ? errorLink(model.firstError)
        : status.state === 'loading' ? '' : '<p><button class="primary" data-command="selectData">Select billing data…</button></p>';
    return `<section class="empty" aria-live="polite"><p>${message}</p>${reason}${action}</section>`;
}

/** "Go to the first error" (line numbers 1-based, as the editor shows them). */
function errorLink(location: PolicyLocation | undefined): string {
    if (!location) return '';
    const encoded = location.uri.slice(location.uri.lastIndexOf('/') + 1);
    let file = encoded;
    try {
        file = decodeURIComponent(encoded);
    } catch {
        // a malformed escape: show it as it is
    }
    return `<p><button class="primary" data-command="openError">Go to the first error</button> <span class="muted">${escapeHtml(file)}:${location.line + 1}: ${escapeHtml(location.message)}</span></p>`;
}

function figure(label: string, value: string, extraClass = ''): string {
    return `<div class="figure"><span class="label">${escapeHtml(label)}</span><span class="value${extraClass ? ` ${extraClass}` : ''}">${value}</span></div>`;
}

/**
 * The period's headline figures in minor units as shown, by the rule of every view (engine/report/money-format.ts,
 * docs/semantics.md "Rounding"): each is its exact value rounded once, so a group's figures read the same as in the
 * CLI table and the CodeLens whatever period is selected; a total is the exact total rounded.
 */
interface ShownCents {
    readonly inputAws: bigint;
    readonly unassignedAws: bigint;
    readonly groupsAws: bigint;
    readonly groupsProforma: bigint;
    readonly groupsMargin: bigint;
}

function shownCents(report: CostReport, groups: readonly GroupReport[], period: string | undefined): ShownCents {
    // A one-period report's totals are the period's; with several periods the shown period's totals are summed here.
    const singlePeriod = report.periods.length === 1;
    const currency = report.currency;
    const unassigned = report.unassigned.byPeriod.find((p) => p.period === period)?.awsCost ?? (singlePeriod ? report.unassigned.awsCost : '0');
    const input = singlePeriod ? report.reconciliation.inputAwsCost : sumDecimals([...groups.map((g) => g.awsCost), unassigned]);
    return {
        inputAws: toCents(input, currency),
        unassignedAws: toCents(unassigned, currency),
        groupsAws: toCents(sumDecimals(groups.map((g) => g.awsCost)), currency),
        groupsProforma: toCents(sumDecimals(groups.map((g) => g.proformaCost)), currency),
        groupsMargin: toCents(sumDecimals(groups.map((g) => g.margin)), currency),
    };
}

function renderSummary(shown: ShownCents, period: string | undefined, currency: string): string {
    return `<div class="summary">
${figure(`Input AWS cost (${period ?? 'all periods'})`, formatCents(shown.inputAws, currency))}
${figure('Billing groups: AWS cost', formatCents(shown.groupsAws, currency))}
${figure('Billing groups: pro forma', formatCents(shown.groupsProforma, currency))}
${figure('Margin', formatCents(shown.groupsMargin, currency), shown.groupsMargin < 0n ? 'negative' : '')}
${figure('Unassigned AWS cost', formatCents(shown.unassignedAws, currency))}
</div>`;
}

function renderGroupBody(group: GroupReport, currency: string, detail: boolean): string {
    const f = groupFigures(group, currency);
    const noUsage = '<span class="no-usage">no usage</span>';
    // Without usage, a group's only money is its custom line items (flat fees still apply); never print $0.00 for it.
    const figures = `<div class="summary">
${figure('AWS cost', group.hasUsage ? formatCents(f.awsCents, currency) : noUsage)}
${figure('Pro forma', f.showProforma ? formatCents(f.proformaCents, currency) : noUsage)}
${figure('Margin', f.showProforma ? formatCents(f.marginCents, currency) : '—', f.showProforma && f.marginCents < 0n ? 'negative' : '')}
${figure('Margin %', f.marginPercent, f.showProforma && group.marginPercent?.startsWith('-') ? 'negative' : '')}
</div>`;
    const accounts = group.accountIds.map((id) => (id === group.primaryAccountId ? `${escapeHtml(id)} (primary)` : escapeHtml(id))).join(', ');
    const noUsageNote = group.hasUsage ? '' : `<p class="no-usage">No line item in the data for this group's accounts in ${escapeHtml(group.period)}.</p>`;
    return `<p class="meta">Plan <code>${escapeHtml(group.plan)}</code> · accounts ${accounts} · ${escapeHtml(group.period)} <button data-command="explain" data-group="${escapeHtml(group.name)}">Explain this figure</button> <button data-command="exportGroup" data-group="${escapeHtml(group.name)}">Export pro forma CUR…</button></p>
${figures}
${noUsageNote}
${group.hasUsage && !detail ? '<p class="muted">Breakdowns by service, account and rule were not computed for this report.</p>' : ''}
${group.hasUsage && detail ? renderBreakdown('By service', 'by-service', 'Service', group.byService.map((l) => ({ label: escapeHtml(serviceLabel(l.service, l.serviceName)), awsCost: l.awsCost, proformaCost: l.proformaCost, margin: l.margin })), group, currency) : ''}
${group.hasUsage && detail ? renderBreakdown('By account', 'by-account', 'Account', group.byAccount.map((l) => ({ label: `<code>${escapeHtml(l.accountId)}</code>${l.accountName ? ` <span class="muted">${escapeHtml(l.accountName)}</span>` : ''}`, awsCost: l.awsCost, proformaCost: l.proformaCost, margin: l.margin })), group, currency) : ''}
${renderCustomLineItems(group.customLineItems, group, currency)}
${group.hasUsage && detail ? renderRules(group, currency) : ''}
${group.commitments ? renderCommitments(group.commitments, currency) : ''}`;
}

function moneyCell(cents: bigint, currency: string): string {
    return `<td class="num${cents < 0n ? ' negative' : ''}">${formatCents(cents, currency)}</td>`;
}

interface BreakdownLine {
    /** HTML. */
    readonly label: string;
    readonly awsCost: string;
    readonly proformaCost: string;
    readonly margin: string;
}

/**
 * A breakdown (by service, by account): each line its exact value rounded once; the total is the group's figures as
 * shown above, and a Rounding line (shown total − Σ shown lines) appears when the lines do not add up to it.
 */
function renderBreakdown(title: string, cssClass: string, heading: string, lines: readonly BreakdownLine[], group: GroupReport, currency: string): string {
    if (lines.length === 0) return '';
    const cents = (exact: string) => toCents(exact, currency);
    const order = lines.map((_, i) => i).sort((a, b) => compareDecimals(lines[b].awsCost, lines[a].awsCost) || compareDecimals(lines[b].proformaCost, lines[a].proformaCost) || a - b);
    const row = (label: string, aws: bigint, proforma: bigint, margin: bigint, cssRow = '') =>
        `<tr${cssRow ? ` class="${cssRow}"` : ''}><td>${label}</td>${moneyCell(aws, currency)}${moneyCell(proforma, currency)}${moneyCell(margin, currency)}</tr>`;
    const rows = order.map((i) => row(lines[i].label, cents(lines[i].awsCost), cents(lines[i].proformaCost), cents(lines[i].margin)));
    const total = { aws: cents(group.awsCost), proforma: cents(group.proformaCost), margin: cents(group.margin) };
    const gap = {
        aws: total.aws - lines.reduce((sum, l) => sum + cents(l.awsCost), 0n),
        proforma: total.proforma - lines.reduce((sum, l) => sum + cents(l.proformaCost), 0n),
        margin: total.margin - lines.reduce((sum, l) => sum + cents(l.margin), 0n),
    };
    if (gap.aws !== 0n || gap.proforma !== 0n || gap.margin !== 0n) rows.push(row('Rounding', gap.aws, gap.proforma, gap.margin, 'rounding'));
    return `<h3>${escapeHtml(title)}</h3>
<table class="${cssClass}"><thead><tr><th>${escapeHtml(heading)}</th><th class="num">AWS cost</th><th class="num">Pro forma</th><th class="num">Margin</th></tr></thead>
<tbody>${rows.join('')}</tbody>
<tfoot><tr class="total"><td>Total</td>${moneyCell(total.aws, currency)}${moneyCell(total.proforma, currency)}${moneyCell(total.margin, currency)}</tr></tfoot></table>`;
}

function renderCustomLineItems(items: readonly CustomLineItemLine[], group: GroupReport, currency: string): string {
    if (items.length === 0) return '';
    const rows = items.map((item) => {
        const how = item.percent !== undefined
            ? `${escapeHtml(item.percent)}% of ${item.base !== undefined ? formatMoney(item.base, currency) : 'base'}`
            : 'flat';
        const description = item.description ? ` <span class="muted">${escapeHtml(item.description)}</span>` : '';
        return `<tr><td>${escapeHtml(item.name)}${description}</td><td>${item.type === 'FEE' ? 'Fee' : 'Credit'}</td><td>${how}</td><td><code>${escapeHtml(item.accountId)}</code></td>${moneyCell(toCents(item.amount, currency), currency)}</tr>`;
    });
    const total = sumDecimals(items.map((i) => i.amount));
    return `<h3>Custom line items</h3>
<table class="custom-line-items"><thead><tr><th>Item</th><th>Type</th><th>Amount</th><th>Account</th><th class="num">${escapeHtml(group.period)}</th></tr></thead>
<tbody>${rows.join('')}</tbody>
<tfoot><tr class="total"><td colspan="4">Total custom line items</td>${moneyCell(toCents(total, currency), currency)}</tr></tfoot></table>`;
}

function renderRules(group: GroupReport, currency: string): string {
    if (group.rules.length === 0) return '';
    const rows = group.rules.map((rule) => `<tr><td><code>${escapeHtml(rule.rule)}</code></td>${moneyCell(toCents(rule.publicCost, currency), currency)}${moneyCell(toCents(rule.proformaCost, currency), currency)}${moneyCell(toCents(rule.effect, currency), currency)}</tr>`);
    return `<h3>Pricing rules</h3>
<table class="rules"><thead><tr><th>Rule</th><th class="num">Public cost</th><th class="num">Pro forma</th><th class="num">Effect</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
}

/** Hourly data with commitments: the group's coverage and each owned RI's and Savings Plan's utilization. */
function renderCommitments(c: GroupCommitmentsReport, currency: string): string {
    const percent = (p: string | null): string => (p === null ? '—' : `${escapeHtml(p)}%`);
    const rows = c.commitments.map((line) => `<tr><td><code>${escapeHtml(line.arn)}</code></td><td>${line.kind === 'reservation' ? 'Reserved Instance' : 'Savings Plan'}</td><td class="num">${percent(line.utilizationPercent)}</td></tr>`);
    return `<h3>Reserved Instances and Savings Plans</h3>
<p class="coverage">Coverage ${percent(c.coveragePercent)}: ${formatCents(toCents(c.coveredCost, currency), currency)} of ${formatCents(toCents(c.eligibleCost, currency), currency)} eligible on-demand usage covered by the group's own commitments.</p>
${rows.length === 0 ? '' : `<table class="commitments"><thead><tr><th>Commitment</th><th>Kind</th><th class="num">Utilization</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`}`;
}

function renderUnassigned(report: CostReport, period: string | undefined): string {
    const currency = escapeHtml(report.currency); // from the data (lineItem/CurrencyCode): markup in it must stay text
    const amount = report.unassigned.byPeriod.find((p) => p.period === period)?.awsCost
        ?? (report.periods.length === 1 ? report.unassigned.awsCost : '0');
    // Account amounts cover every period of the report: shown per account for a one-period report; with several
    // periods only the shown period's account ids are listed.
    const singlePeriod = report.periods.length === 1;
    const periodIds = report.unassigned.byPeriod.find((p) => p.period === period)?.accountIds;
    const accounts = singlePeriod ? report.unassigned.accounts : report.unassigned.accounts.filter((a) => periodIds?.includes(a.accountId));
    if (accounts.length === 0 && isZero(amount)) {
        return '<section class="panel unassigned"><h2>Unassigned accounts</h2><p class="muted">Every account with usage belongs to a billing group.</p></section>';
    }
    const name = (a: { accountId: string; accountName?: string }): string => `<code>${escapeHtml(a.accountId)}</code>${a.accountName ? ` <span class="muted">${escapeHtml(a.accountName)}</span>` : ''}`;
    const table = accounts.length === 0 ? ''
        : singlePeriod
            ? `<table><thead><tr><th>Account</th><th class="num">AWS cost</th></tr></thead><tbody>${accounts.map((a) => `<tr><td>${name(a)}</td>${moneyCell(toCents(a.awsCost, currency), currency)}</tr>`).join('')}</tbody></table>`
            : `<p>${accounts.map(name).join(', ')}</p>`;
    return `<section class="panel unassigned"><h2>Unassigned accounts</h2>
<p class="meta">Usage of accounts no billing group covers in ${escapeHtml(period ?? 'the period')}: ${formatMoney(amount, currency)} (not billed pro forma).</p>${table}</section>`;
}

function renderReconciliation(report: CostReport): string {
    const currency = escapeHtml(report.currency); // from the data (lineItem/CurrencyCode): markup in it must stay text
    const r = report.reconciliation;
    const balanced = isZero(r.difference);
    const scope = report.periods.length === 1 ? report.periods[0] : `${report.periods.length} periods`;
    return `<section class="panel reconciliation"><h2>Reconciliation (${escapeHtml(scope)})</h2>
<table><tbody>
<tr><td>Σ billing groups AWS cost</td><td class="num">${formatMoney(r.groupsAwsCost, currency)}</td></tr>
<tr><td>+ unassigned accounts</td><td class="num">${formatMoney(r.unassignedAwsCost, currency)}</td></tr>
<tr class="total"><td>= input total (every line item)</td><td class="num">${formatMoney(r.inputAwsCost, currency)}</td></tr>
</tbody></table>
<p class="${balanced ? 'ok' : 'off'}">${balanced
        ? `Σ groups + unassigned = input total ${formatMoney(r.inputAwsCost, currency)} (difference 0, exact).`
        : `Σ groups + unassigned differs from the input total by ${escapeHtml(r.difference)}.`}</p></section>`;
}

function renderIssues(report: CostReport): string {
    if (report.issues.length === 0) return '';
    const items = report.issues.slice(0, 50).map((issue) => {
        const where = issue.file ? ` <span class="muted">${escapeHtml(issue.file)}${issue.row !== undefined ? `:${issue.row}` : ''}${issue.column ? ` (${escapeHtml(issue.column)})` : ''}</span>` : '';
        return `<li class="${issue.severity}"><code>${escapeHtml(issue.code)}</code> ${escapeHtml(issue.message)}${where}</li>`;
    });
    const more = report.issues.length > 50 ? `<li class="muted">… and ${report.issues.length - 50} more</li>` : '';
    return `<section class="panel issues"><h2>Data issues</h2><ul>${items.join('')}${more}</ul></section>`;
}
