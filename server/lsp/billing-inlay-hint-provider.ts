import type { LangiumDocument } from 'langium';
import type { InlayHintProvider } from 'langium/lsp';
import type { InlayHint, InlayHintParams, Position, Range } from 'vscode-languageserver';
import type { CustomLineItemLine } from '../../engine/index.js';
import { isGroup, isLineItem, isPolicy, isRule, type Group, type LineItem, type Rule } from '../../language/generated/ast.js';
import { formatMoney, formatPercent, formatSigned, isZero } from '../pricing/money-format.js';
import { groupReportOf, type Pricing, type Priced } from '../pricing/policy-pricing.js';
import { pricingsUsing, ruleUses, total } from '../pricing/policy-usage.js';
import { groupTitle, statusShown } from './billing-code-lens-provider.js';
import { safeMarkdown } from './markdown-safety.js';
import { SAMPLE_WITHOUT_ACCOUNTS } from '../protocol.js';
import type { BillingServerServices } from '../server-services.js';

/**
 * Inlay hints with computed money: after each custom line item its amount in the period shown
 * (`= $2.20 (2% of $110.00)`), after each rule its effect per group (`web −$12.30 · data +$4.10`), and at the end of
 * each group's header line its figures (`Pro forma $162.20 · margin 19.85%`, tagged: the extension shows them where
 * CodeLens is off, so that turning lenses off never hides a group's bill — and hints update faster than lenses).
 * Without figures a hint says why (`loading data…`, `no data loaded`, `policy has errors`), never `$0.00`.
 */
export class BillingInlayHintProvider implements InlayHintProvider {
    constructor(private readonly services: BillingServerServices) {}

    getInlayHints(document: LangiumDocument, params: InlayHintParams): Promise<InlayHint[]> {
        return this.services.server.Log.guard('inlay hints', [], () => this.hints(document, params.range));
    }

    private hints(document: LangiumDocument, range: Range): InlayHint[] {
        const root = document.parseResult.value;
        if (!isPolicy(root)) return [];
        const hints: InlayHint[] = [];
        const groups = root.statements.filter(isGroup).filter(group => overlaps(group, range));
        const rules = root.statements.filter(isRule).filter(rule => overlaps(rule, range));
        const pricing = groups.length > 0 ? this.services.server.Pricing.pricingFor(document) : undefined;
        for (const group of groups) {
            const end = headerLineEnd(document, group);
            if (pricing && end && inRange(end, range)) hints.push(markStale(groupHint(pricing, group, end), pricing.kind === 'priced' ? pricing.stale : undefined));
        }
        if (pricing && groups.some(group => group.members.some(isLineItem))) {
            for (const group of groups) {
                for (const item of group.members.filter(isLineItem)) {
                    const end = endOf(item);
                    if (end && inRange(end, range)) hints.push(markStale(lineItemHint(pricing, group, item, end), pricing.kind === 'priced' ? pricing.stale : undefined));
                }
            }
        }
        if (rules.length > 0) {
            const priced = pricingsUsing(document, this.services.shared, this.services.server.Pricing)
                .filter((entry): entry is Priced => entry.kind === 'priced');
            for (const rule of rules) {
                const end = endOf(rule);
                const hint = end && inRange(end, range) ? ruleHint(priced, rule, end) : undefined;
                if (hint) hints.push(markStale(hint, priced.find(entry => entry.stale)?.stale));
            }
        }
        return hints;
    }
}

/**
 * A group's figures at the end of its header line: `Pro forma $X · margin Z%` (short: VS Code cuts a hint at 43
 * characters by default), the whole CodeLens title in its tooltip. What the group's CodeLens would say otherwise.
 */
function groupHint(pricing: Pricing, group: Group, position: Position): InlayHint {
    const tagged = (shown: InlayHint): InlayHint => ({ ...shown, data: GROUP_HINT });
    if (pricing.kind !== 'priced') return tagged(hint(position, pricing.label, 'detail' in pricing ? pricing.detail : undefined));
    const period = pricing.period ?? '';
    if (!pricing.periodInData) return tagged(hint(position, `no data for ${period}`));
    const report = groupReportOf(pricing, group.name);
    // The whole sentence in the tooltip too: VS Code cuts the label at 43 characters.
    if (pricing.sampleWithoutAccounts && !pricing.stale) return tagged(hint(position, SAMPLE_WITHOUT_ACCOUNTS, SAMPLE_WITHOUT_ACCOUNTS));
    if (!report) return tagged(hint(position, `not priced in ${period}`));
    const currency = pricing.report.currency;
    const title = groupTitle(report, currency);
    // Figures first, ABC's status (when not ACTIVE) last: where VS Code cuts a long hint, it cuts the status, never a figure.
    const shown = statusShown(report);
    const status = shown ? ` · ${shown}` : '';
    const proforma = `Pro forma ${formatMoney(report.proformaCost, currency)}`;
    const label = report.hasUsage ? `${proforma} · margin ${formatPercent(report.marginPercent)}${status}`
        : report.customLineItems.length > 0 ? `no usage · ${proforma}${status}` : `no usage in ${period}${status}`;
    return tagged(hint(position, label, `**${group.name}**: ${title}`));
}

/** Marks a group's hint: shown by the extension only where CodeLens is off (the group's lens says the same). */
export const GROUP_HINT = { kind: 'group' } as const;

/** The end of the line a group's declaration starts on (after `group web "…" {`). */
function headerLineEnd(document: LangiumDocument, group: Group): Position | undefined {
    const start = group.$cstNode?.range.start;
    if (!start) return undefined;
    const text = document.textDocument.getText({ start: { line: start.line, character: 0 }, end: { line: start.line + 1, character: 0 } });
    return { line: start.line, character: text.replace(/\r?\n$/, '').length };
}

function lineItemHint(pricing: Pricing, group: Group, item: LineItem, position: Position): InlayHint {
    if (pricing.kind !== 'priced') return hint(position, pricing.label, 'detail' in pricing ? pricing.detail : undefined);
    const period = pricing.period ?? '';
    if (!pricing.periodInData) return hint(position, `no data for ${period}`);
    const report = groupReportOf(pricing, group.name);
    if (!report) return hint(position, `not priced in ${period}`);
    const line = report.customLineItems.find(candidate => candidate.name === item.name);
    if (!line) return hint(position, `not billed in ${period}`, 'The line item applies to other billing periods (its `from` / `until`).');
    const currency = pricing.report.currency;
    if (line.base !== undefined && !report.hasUsage && isZero(line.base) && hasOnlyChargesBase(item)) {
        return hint(position, `no usage in ${period}`);
    }
    return hint(position, lineItemLabel(line, currency), lineItemTooltip(line, currency, period));
}

/** `= $500.00`, `= −$5.50 (5% of $110.00)`. */
export function lineItemLabel(line: CustomLineItemLine, currency: string): string {
    const amount = `= ${formatMoney(line.amount, currency)}`;
    if (line.base === undefined || line.percent === undefined) return amount;
    return `${amount} (${line.percent}% of ${formatMoney(line.base, currency)})`;
}

function lineItemTooltip(line: CustomLineItemLine, currency: string, period: string): string {
    const lines = [`**${line.name}** (${line.type.toLowerCase()}) in ${period}: ${formatMoney(line.amount, currency)}`];
    if (line.base !== undefined) lines.push(`${line.percent}% of ${formatMoney(line.base, currency)}`);
    lines.push(`posted to account ${line.accountId}, presented as ${line.presentationService} (${line.computation.toLowerCase()})`);
    return lines.join('\n\n');
}

function ruleHint(priced: readonly Priced[], rule: Rule, position: Position): InlayHint | undefined {
    if (priced.length === 0 || rule.name === undefined) return undefined;
    const uses = ruleUses(priced, rule.name);
    if (uses.length === 0) return undefined;
    const effective = uses.filter(use => use.effect);
    const period = priced[0]!.period ?? '';
    if (effective.length === 0) {
        const tiering = rule.modifiers[0]?.$type === 'Tiering' || rule.tiers.length > 0;
        return tiering ? undefined : hint(position, `no matching usage in ${period}`);
    }
    // VS Code cuts a hint at `editor.inlayHints.maximumLength` (43 characters by default): with more than two groups
    // the hint says how many and their sum, and the tooltip names every group (none silently missing; issue 11, item 7).
    const currency = effective[0]!.currency;
    const label = effective.length <= 2
        ? effective.map(use => `${use.group.name} ${formatSigned(use.effect!.effect, use.currency)}`).join(' · ')
        : `${effective.length} groups ${formatSigned(total(effective.map(use => use.effect!.effect)), currency)}`;
    const tooltip = effective.map(use =>
        `**${use.group.name}**: public ${formatMoney(use.effect!.publicCost, use.currency)} → pro forma ${formatMoney(use.effect!.proformaCost, use.currency)} (${formatSigned(use.effect!.effect, use.currency)})`,
    ).join('\n\n');
    return { ...hint(position, label, `${tooltip}\n\nin ${period}`), data: RULE_HINT };
}

/**
 * Marks a rule's hint: the rule's CodeLens already shows its total, so the extension shows these only where CodeLens is
 * off unless `billing.inlayHints.rules` says otherwise (Infracost's choice).
 */
export const RULE_HINT = { kind: 'rule' } as const;

function hasOnlyChargesBase(item: LineItem): boolean {
    const charge = item.charge;
    return charge?.$type === 'PercentCharge' && charge.bases.every(base => base.$type === 'ChargesBase');
}

/** A hint from the last version without errors keeps its figure, marked (issue 11, defect 2). */
function markStale(shown: InlayHint, stale: string | undefined): InlayHint {
    if (!stale || typeof shown.label !== 'string') return shown;
    const note = `Stale: ${stale}. These are the figures of the last version without errors.`;
    const tooltip = typeof shown.tooltip === 'object' ? `${shown.tooltip.value}\n\n${note}` : note;
    return { ...shown, label: `${shown.label} (stale)`, tooltip: { kind: 'markdown', value: tooltip } };
}

function hint(position: Position, label: string, tooltip?: string): InlayHint {
    return { position, label, paddingLeft: true, ...(tooltip ? { tooltip: { kind: 'markdown', value: safeMarkdown(tooltip) } } : {}) };
}

function endOf(node: { $cstNode?: { range: Range } }): Position | undefined {
    return node.$cstNode?.range.end;
}

function overlaps(node: { $cstNode?: { range: Range } }, range: Range): boolean {
    const own = node.$cstNode?.range;
    return own !== undefined && !(own.end.line < range.start.line || own.start.line > range.end.line);
}

function inRange(position: Position, range: Range): boolean {
    return position.line >= range.start.line && position.line <= range.end.line;
}
