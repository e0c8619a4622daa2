import { GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, CodeLensParams, Command, Range } from 'vscode-languageserver';
import type { GroupReport } from '../../engine/index.js';
import { isGroup, isPlan, isPolicy, isRule, type Group, type Plan, type Rule } from '../../language/generated/ast.js';
import { ExplainFigureCommand, SAMPLE_WITHOUT_ACCOUNTS, SelectDataCommand, SelectPeriodCommand, ShowPreviewCommand } from '../protocol.js';
import { formatMoney, formatPercent, formatSigned } from '../pricing/money-format.js';
import { groupReportOf, type Pricing, type Priced } from '../pricing/policy-pricing.js';
import { planUses, pricingsUsing, ruleUses, total, type RuleUse } from '../pricing/policy-usage.js';
import { traceStep } from '../latency-trace.js';
import type { BillingServerServices } from '../server-services.js';
import { deltaTitle, diffAgainstHead } from './git-delta.js';

/** VS Code's command to open the Problems panel (a lens on a policy with errors). */
const SHOW_PROBLEMS = 'workbench.actions.view.problems';

/**
 * CodeLens above every group (its pro forma bill in the period shown; click: the bill preview),
 * every rule (how many groups use it and what charge it prices) and every plan (its groups and the
 * charges it prices). Without figures the lens says why: loading, no data, errors, no usage.
 */
export class BillingCodeLensProvider implements CodeLensProvider {
    constructor(private readonly services: BillingServerServices) {}

    async provideCodeLens(document: LangiumDocument, _params: CodeLensParams): Promise<CodeLens[]> {
        const uri = document.uri.toString();
        traceStep(uri, 'code lens asked (document validated)');
        const lenses = await this.services.server.Log.guard('code lens', [], async () => [...await this.gitDeltaLens(document), ...this.lenses(document)]);
        traceStep(uri, 'code lens answered');
        return lenses;
    }

    /** "Δ vs HEAD: …" above the policy's first statement (server/lsp/git-delta.ts), when enabled and in a repository. */
    private async gitDeltaLens(document: LangiumDocument): Promise<CodeLens[]> {
        const root = document.parseResult.value;
        if (!isPolicy(root) || document.uri.scheme !== 'file' || !root.statements.some(isGroup)) return [];
        const pricing = this.services.server.Pricing.pricingFor(document);
        if (pricing.kind !== 'priced') return [];
        const delta = await diffAgainstHead(document.uri.fsPath, pricing);
        const first = root.statements[0]?.$cstNode;
        if (!delta || !first) return [];
        const start = first.range.start;
        return [{ range: { start, end: start }, command: info(deltaTitle(delta.diff, pricing.period)) }];
    }

    private lenses(document: LangiumDocument): CodeLens[] {
        const root = document.parseResult.value;
        if (!isPolicy(root)) return [];
        const groups = root.statements.filter(isGroup);
        const rules = root.statements.filter(isRule);
        const plans = root.statements.filter(isPlan);
        if (groups.length + rules.length + plans.length === 0) return [];
        const uri = document.textDocument.uri;
        const lenses: CodeLens[] = [];
        const own = groups.length > 0 ? this.services.server.Pricing.pricingFor(document) : undefined;
        for (const group of groups) {
            const range = nameRange(group);
            if (!range || !group.name) continue;
            lenses.push({ range, command: this.groupCommand(own!, group, uri) });
            const explain = explainCommand(own!, group.name);
            if (explain) lenses.push({ range, command: explain });
        }
        if (rules.length + plans.length > 0) {
            const using = pricingsUsing(document, this.services.shared, this.services.server.Pricing);
            const priced = using.filter((entry): entry is Priced => entry.kind === 'priced');
            const unpriced = using.find(entry => entry.kind !== 'priced');
            // A period the data does not have prices nothing: say so, never "not used by any group" (issue 11, defect 3).
            const outside = priced.find(entry => !entry.periodInData);
            const foreign = priced.find(entry => entry.sampleWithoutAccounts && !entry.stale);
            const state = unpriced ? stateCommand(unpriced) : outside ? periodMissingCommand(outside)
                : foreign ? { title: SAMPLE_WITHOUT_ACCOUNTS, command: SelectDataCommand } : undefined;
            const stale = priced.find(entry => entry.stale)?.stale;
            const usage = (title: string): Command => (stale ? staleCommand(title, stale) : info(title));
            for (const rule of rules) {
                const range = nameRange(rule);
                if (range && rule.name) lenses.push({ range, command: state ?? explainUse(usage(ruleTitle(priced, rule)), firstUse(ruleUses(priced, rule.name)), stale) });
            }
            for (const plan of plans) {
                const range = nameRange(plan);
                if (range && plan.name) lenses.push({ range, command: state ?? explainUse(usage(planTitle(priced, plan)), firstPlanUse(priced, plan.name), stale) });
            }
        }
        return lenses;
    }

    private groupCommand(pricing: Pricing, group: Group, uri: string): Command {
        if (pricing.kind !== 'priced') return stateCommand(pricing);
        const preview = (title: string): Command => ({ title, command: ShowPreviewCommand, arguments: [uri, group.name] });
        const period = pricing.period ?? '';
        if (!pricing.periodInData) return periodMissingCommand(pricing);
        // The user's own policy on the bundled sample: "no usage" everywhere would hide why (issue 11, defect 8).
        if (pricing.sampleWithoutAccounts && !pricing.stale) return { title: SAMPLE_WITHOUT_ACCOUNTS, command: SelectDataCommand };
        const report = groupReportOf(pricing, group.name);
        if (pricing.stale) return report ? staleCommand(groupTitle(report, pricing.report.currency), pricing.stale) : stateCommand({ kind: 'errors', label: pricing.stale });
        if (!report) return preview(`not priced in ${period}`);
        return preview(groupTitle(report, pricing.report.currency));
    }
}

/** ABC's status of the group where it explains the figures (PENDING, PRIMARY_ACCOUNT_MISSING); none when ACTIVE. */
export function statusShown(report: GroupReport): string | undefined {
    return report.status !== undefined && report.status !== 'ACTIVE' ? report.status : undefined;
}

/** `Pro forma $X · AWS $Y · margin Z% · 2026-03`, or what stands instead when there is no usage; `PENDING · …` when not ACTIVE. */
export function groupTitle(report: GroupReport, currency: string): string {
    const proforma = formatMoney(report.proformaCost, currency);
    // ABC's status first when it is not ACTIVE (PENDING, PRIMARY_ACCOUNT_MISSING): it explains the figures after it.
    const shown = statusShown(report);
    const status = shown ? `${shown} · ` : '';
    if (!report.hasUsage) {
        return report.customLineItems.length > 0
            ? `${status}no usage in ${report.period} · Pro forma ${proforma} (custom line items only)`
            : `${status}no usage in ${report.period}`;
    }
    return `${status}Pro forma ${proforma} · AWS ${formatMoney(report.awsCost, currency)} · margin ${formatPercent(report.marginPercent)} · ${report.period}`;
}

function ruleTitle(priced: readonly Priced[], rule: Rule): string {
    const uses = ruleUses(priced, rule.name);
    if (uses.length === 0) return 'not used by any group';
    const count = `used by ${uses.length} group${uses.length === 1 ? '' : 's'}`;
    const period = priced[0]?.period ?? '';
    const pricedUses = uses.filter(use => use.effect);
    if (pricedUses.length === 0) {
        return rule.modifiers[0]?.$type === 'Tiering' || rule.tiers.length > 0
            ? `${count} · tiering`
            : `${count} · no matching usage in ${period}`;
    }
    // What the rule changed: the public cost of the usage it priced → that usage after the rule (issue 11, item 7).
    const currency = pricedUses[0]!.currency;
    const before = total(pricedUses.map(use => use.effect!.publicCost));
    const after = total(pricedUses.map(use => use.effect!.proformaCost));
    if (before.equals(after)) return `${count} · no change in ${period} (${formatMoney(before, currency)})`;
    return `${count} · ${formatMoney(before, currency)} → ${formatMoney(after, currency)} (${formatSigned(after.minus(before), currency)}) in ${period}`;
}

function planTitle(priced: readonly Priced[], plan: Plan): string {
    const groups = planUses(priced, plan.name);
    if (groups.length === 0) return 'not used by any group';
    const names = groups.map(group => group.name).join(', ');
    const count = `used by ${groups.length} group${groups.length === 1 ? '' : 's'} (${names})`;
    const period = priced[0]?.period ?? '';
    const withUsage = groups.filter(group => group.hasUsage);
    if (withUsage.length === 0) return `${count} · no usage in ${period}`;
    return `${count} · prices ${formatMoney(total(withUsage.map(group => group.charges)), priced[0]!.report.currency)} in ${period}`;
}

/** The "explain" lens of a group with figures in the period shown: opens the step-by-step view. */
function explainCommand(pricing: Pricing, group: string): Command | undefined {
    if (pricing.kind !== 'priced' || pricing.stale || !pricing.periodInData) return undefined;
    // Nothing to explain in a group without usage or custom line items ("no usage in …" says it all).
    const report = groupReportOf(pricing, group);
    if (!report || (!report.hasUsage && report.customLineItems.length === 0)) return undefined;
    return { title: '$(info) explain', command: ExplainFigureCommand, arguments: [pricing.uri, group, pricing.period] };
}

/** Where a click on a rule or plan lens leads: the explanation of the first group it priced (the rule's step in it). */
interface ExplainTarget { readonly uri: string; readonly group: string; readonly period: string }

function firstUse(uses: readonly RuleUse[]): ExplainTarget | undefined {
    const use = uses.find(candidate => candidate.effect) ?? uses.find(candidate => candidate.group.hasUsage);
    return use ? { uri: use.uri, group: use.group.name, period: use.group.period } : undefined;
}

function firstPlanUse(priced: readonly Priced[], plan: string): ExplainTarget | undefined {
    for (const entry of priced) {
        const group = entry.report.groups.find(candidate => candidate.plan === plan && candidate.hasUsage) ?? entry.report.groups.find(candidate => candidate.plan === plan);
        if (group) return { uri: entry.uri, group: group.name, period: group.period };
    }
    return undefined;
}

function explainUse(command: Command, target: ExplainTarget | undefined, stale: string | undefined): Command {
    if (!target || stale) return command;
    return { ...command, command: ExplainFigureCommand, arguments: [target.uri, target.group, target.period] };
}

/** A lens for a state without figures: a click leads to where it can be fixed. */
export function stateCommand(pricing: Exclude<Pricing, Priced>): Command {
    switch (pricing.kind) {
        case 'loading': return info(pricing.label);
        case 'errors': return { title: pricing.label, command: SHOW_PROBLEMS };
        case 'no-data': return { title: pricing.detail ? `${pricing.label}: ${shorten(pricing.detail)}` : pricing.label, command: SelectDataCommand };
        case 'failed': return info(`${pricing.label}: ${shorten(pricing.detail)}`);
    }
}

/**
 * Figures of the last version without errors while the policy has errors: still shown (one typo does not blank the
 * file), marked, and a click leads to the errors.
 */
function staleCommand(title: string, reason: string): Command {
    return { title: `$(history) ${title} · stale: ${reason}`, command: SHOW_PROBLEMS };
}

/** The period shown is not in the data: a click picks another one. */
function periodMissingCommand(pricing: Priced): Command {
    return { title: `no data for ${pricing.period ?? ''} (data has ${describePeriods(pricing)})`, command: SelectPeriodCommand };
}

/** A lens that only informs: VS Code shows a command with an empty id as plain text. */
function info(title: string): Command {
    return { title, command: '' };
}

function describePeriods(priced: Priced): string {
    const periods = priced.data.prepared.periods;
    if (periods.length === 0) return 'no period';
    return periods.length === 1 ? periods[0]! : `${periods[0]}..${periods[periods.length - 1]}`;
}

function nameRange(node: AstNode & { name?: string }): Range | undefined {
    return (GrammarUtils.findNodeForProperty(node.$cstNode, 'name') ?? node.$cstNode)?.range;
}

function shorten(text: string, max = 80): string {
    const line = text.split('\n')[0]!;
    return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
