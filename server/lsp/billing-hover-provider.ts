import { serviceLabel } from '../../engine/cube/product-names.js';
import { AstUtils, CstUtils, GrammarAST, GrammarUtils, isJSDoc, parseJSDoc, type AstNode, type CstNode, type LangiumDocument } from 'langium';
import { MultilineCommentHoverProvider } from 'langium/lsp';
import type { Hover, HoverParams, Range } from 'vscode-languageserver';
import { Decimal } from '../../engine/money/decimal.js';
import { keywordDoc, keywordSection, type DocSection } from './keyword-docs.js';
import { documentationUrl } from '../../cli/docs-links.js';
import type { GroupCommitmentsReport, GroupReport } from '../../engine/index.js';
import {
    isAccount, isAccountRef, isGroup, isLineItem, isPlan, isPresentedAs, isRule, isServiceFilter, isTransfer, type Account, type Group, type LineItem, type Plan, type Rule,
} from '../../language/generated/ast.js';
import { anyDated, planRuleReferences, rulePercent, ruleScope, ruleType } from '../../language/compile/index.js';
import { inPeriodRange } from '../../engine/policy/versions.js';
import type { Modifier } from '../../language/generated/ast.js';
import { BUILT_IN_PLANS_URI, policyDocuments } from '../../language/index.js';
import { formatMoney, formatPercent, formatSigned } from '../pricing/money-format.js';
import { groupDetailOf, groupReportOf, withDetail, type Pricing, type Priced } from '../pricing/policy-pricing.js';
import { planUses, pricingsUsing, ruleUses } from '../pricing/policy-usage.js';
import type { BillingServerServices } from '../server-services.js';
import { lineItemLabel } from './billing-inlay-hint-provider.js';
import { safeHover, safeMarkdown } from './markdown-safety.js';
import { ExplainFigureCommand, OpenDocsCommand } from '../protocol.js';
import { markdownText, terminalText } from '../../engine/report/index.js';

/**
 * Hovers with the figures behind the text: an account (id or name) → its name, group and AWS cost;
 * a rule → scope, type, modifier, the services it matches in the data and its effect per group; a
 * line item → its base and amount; a group → its headline figures; a plan → its rules and groups.
 * Keywords keep the grammar's documentation (Langium's default).
 */
export class BillingHoverProvider extends MultilineCommentHoverProvider {
    constructor(private readonly services: BillingServerServices) {
        super(services);
    }

    override getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        return this.services.server.Log.guard('hover', undefined, () => this.hover(document, params));
    }

    private async hover(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const leaf = CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(params.position));
        if (!leaf || leaf.hidden) return undefined;
        const node = leaf.astNode;
        let markdown: string | undefined;
        let explain: string | undefined;
        if (isAccountRef(node) && node.id !== undefined) {
            markdown = this.accountHover(document, node.id, declaredAccount(document, this.services, node.id));
        } else if (isAccount(node) && !GrammarAST.isKeyword(leaf.grammarSource)) {
            markdown = this.accountHover(document, node.id, node);
        } else {
            const target = this.references.findDeclarations(leaf)[0];
            if (target) markdown = this.declarationHover(document, target);
            if (target && isGroup(target)) explain = this.explainLink(AstUtils.getDocument(target), target);
        }
        // The one link a hover carries is ours, added after the escaping (the client trusts only this command).
        if (!markdown && !GrammarAST.isKeyword(leaf.grammarSource)) markdown = codeHover(leaf, node, this.usedBy(document).priced);
        if (markdown) return { contents: { kind: 'markdown', value: safeMarkdown(markdown) + (explain ? `\n\n${explain}` : '') }, range: leaf.range };
        if (GrammarAST.isKeyword(leaf.grammarSource)) return tableKeywordHover(leaf.grammarSource, leaf.range) ?? this.keywordHover(leaf.grammarSource);
        return safeHover(await super.getHoverContent(document, params)); // doc comments are written by policy authors
    }

    /** The keyword's own documentation in the grammar, else that of the grammar rule it introduces. */
    private async keywordHover(keyword: GrammarAST.Keyword): Promise<Hover | undefined> {
        const own = await this.getKeywordHoverContent(keyword);
        if (own) return own;
        const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule);
        // The generated grammar keeps each rule's doc comment in `$comment` (it has no CST).
        const comment = (rule as { $comment?: string } | undefined)?.$comment;
        if (!comment || !isJSDoc(comment)) return undefined;
        const value = parseJSDoc(comment).toMarkdown();
        return value ? { contents: { kind: 'markdown', value } } : undefined;
    }

    private declarationHover(document: LangiumDocument, target: AstNode): string | undefined {
        if (isAccount(target)) return this.accountHover(document, target.id, target);
        if (isRule(target)) return this.ruleHover(AstUtils.getDocument(target), target);
        // ABC's AWS-managed plans live in no workspace document: their uses are the hovered document's.
        if (isPlan(target)) return this.planHover(AstUtils.getDocument(target).uri.toString() === BUILT_IN_PLANS_URI ? document : AstUtils.getDocument(target), target);
        if (isGroup(target)) return this.groupHover(AstUtils.getDocument(target), target);
        if (isLineItem(target)) return this.lineItemHover(AstUtils.getDocument(target), target);
        return undefined;
    }

    private usedBy(document: LangiumDocument): { priced: Priced[]; state?: Pricing } {
        const all = pricingsUsing(document, this.services.shared, this.services.server.Pricing);
        return { priced: all.filter((entry): entry is Priced => entry.kind === 'priced'), state: all.find(entry => entry.kind !== 'priced') };
    }

    private accountHover(document: LangiumDocument, id: string, declaration: Account | undefined): string {
        const name = declaration?.name;
        const lines = [`**${markdownText(name ?? id)}**${name ? ` \`${id}\`` : ''}${declaration?.payer ? ' · payer' : ''}`];
        if (!declaration) lines.push('Not declared in this policy (written by id).');
        const { priced, state } = this.usedBy(document);
        if (priced.length === 0) {
            lines.push(stateLine(state));
            return lines.join('\n\n');
        }
        const dataName = priced[0]!.data.vocabulary.accounts.get(id)?.name;
        if (dataName && dataName !== name) lines.push(`Name in the data: ${markdownText(dataName)}`);
        for (const entry of priced) {
            const currency = entry.report.currency;
            const period = entry.period ?? 'all periods';
            const group = entry.report.groups.find(candidate => candidate.accountIds.includes(id));
            const line = group ? withDetail(entry, group).byAccount.find(candidate => candidate.accountId === id) : undefined;
            if (group) {
                const role = group.primaryAccountId === id ? 'primary account of' : 'member of';
                const posted = group.customLineItems.some(item => item.accountId === id) ? ' (custom line items included)' : '';
                lines.push(line
                    ? `${role} group **${group.name}** · ${period}: AWS ${formatMoney(line.awsCost, currency)} → pro forma ${formatMoney(line.proformaCost, currency)}${posted}`
                    : `${role} group **${group.name}** · no usage in ${period}`);
                continue;
            }
            const unassigned = entry.report.unassigned.accounts.find(candidate => candidate.accountId === id);
            if (unassigned) lines.push(`in no billing group · ${period}: AWS ${formatMoney(unassigned.awsCost, currency)} (unassigned)`);
            else if (entry.data.vocabulary.hasAccount(id)) lines.push(`in no billing group · no usage in ${period}`);
            else lines.push(`no line item in the data (${entry.entry.spec.label})`);
        }
        return lines.join('\n\n');
    }

    private ruleHover(document: LangiumDocument, rule: Rule): string {
        const type = ruleType(rule);
        const scope = ruleScope(rule);
        const fields = {
            ...(rule.services[0] !== undefined ? { service: rule.services[0] } : {}),
            ...(rule.billingEntities[0] !== undefined ? { billingEntity: rule.billingEntities[0] } : {}),
            ...(rule.usageTypes[0] !== undefined ? { usageType: rule.usageTypes[0] } : {}),
            ...(rule.operations[0] !== undefined ? { operation: rule.operations[0] } : {}),
        };
        const modifier = type === 'TIERING' ? describeTiering(rule) : `${type.toLowerCase()} ${rulePercent(rule)}%`;
        const lines = [`**rule ${rule.name}**${rule.description ? ` — ${markdownText(rule.description)}` : ''}`];
        lines.push(`${modifier} · ${scope} scope${Object.keys(fields).length > 0 ? ` · ${Object.entries(fields).map(([key, value]) => `${fieldLabel(key)} \`${value}\``).join(', ')}` : ''}`);
        const { priced, state } = this.usedBy(document);
        // Effective-dated rule: every version, the one in force in the period shown in bold.
        if (anyDated(rule.modifiers)) lines.push(ruleVersionsLine(rule, priced[0]?.period));
        if (priced.length === 0) {
            lines.push(stateLine(state));
            return lines.join('\n\n');
        }
        const vocabulary = priced[0]!.data.vocabulary;
        if (scope === 'GLOBAL') lines.push('Matches every service that no more specific rule of the plan prices.');
        else {
            const services = vocabulary.servicesMatching(fields);
            // A Marketplace product reads "Name (code)", as the group hover and the reports show it (the rule matches the code).
            const names = priced[0]!.data.cube.productNames;
            const label = (service: string) => {
                const code = `\`${terminalText(service).replace(/`/g, "'")}\``;
                const name = names?.get(service);
                return name !== undefined && name !== '' && name !== service ? `${markdownText(name)} (${code})` : code;
            };
            lines.push(services.length > 0 ? `Matches in the data: ${services.map(label).join(', ')}` : 'Matches no line item of the data.');
        }
        const uses = ruleUses(priced, rule.name);
        const period = priced[0]!.period ?? 'all periods';
        if (uses.length === 0) lines.push('Not used by any group.');
        else {
            const rows = uses.map(use => use.effect
                ? `| ${use.group.name} | ${formatMoney(use.effect.publicCost, use.currency)} | ${formatMoney(use.effect.proformaCost, use.currency)} | ${formatSigned(use.effect.effect, use.currency)} |`
                : `| ${use.group.name} | — | — | no matching usage |`);
            lines.push([`Effect in ${period}:`, '', '| Group | Public | Pro forma | Effect |', '| --- | ---: | ---: | ---: |', ...rows].join('\n'));
        }
        return lines.join('\n\n');
    }

    private planHover(document: LangiumDocument, plan: Plan): string {
        const lines = [`**plan ${plan.name}**${plan.description ? ` — ${markdownText(plan.description)}` : ''}`];
        lines.push(`Rules: ${planRuleReferences(plan).map(ref => `\`${ref.$refText}\``).join(', ') || 'none'}`);
        const { priced, state } = this.usedBy(document);
        if (priced.length === 0) {
            lines.push(stateLine(state));
            return lines.join('\n\n');
        }
        const groups = planUses(priced, plan.name);
        lines.push(groups.length === 0 ? 'Not used by any group.' : headlineTable(groups, priced[0]!.report.currency));
        return lines.join('\n\n');
    }

    private groupHover(document: LangiumDocument, group: Group): string {
        const lines = [`**group ${group.name}**${group.description ? ` — ${markdownText(group.description)}` : ''}`];
        const pricing = this.services.server.Pricing.pricingFor(document);
        if (pricing.kind !== 'priced') {
            lines.push(stateLine(pricing));
            return lines.join('\n\n');
        }
        const report = groupDetailOf(pricing, group.name);
        if (pricing.stale) lines.push(`_Stale: ${pricing.stale}. The figures below are those of the last version without errors._`);
        if (!report) {
            lines.push(pricing.stale ? `_${pricing.stale}_` : `Not priced in ${pricing.period ?? 'the data'}.`);
            return lines.join('\n\n');
        }
        const currency = pricing.report.currency;
        const transfer = group.members.find(isTransfer);
        const primary = report.primaryAccountId === '' ? '' : ` · primary \`${report.primaryAccountId}\``;
        lines.push(`Plan \`${report.plan}\`${primary} · ${report.accountIds.length} account${report.accountIds.length === 1 ? '' : 's'} in ${report.period}`);
        if (transfer?.arn !== undefined) lines.push(`Billing transfer (TRANSFER_BILLING) \`${markdownText(transfer.arn)}\`${transfer.from ? ` from ${transfer.from}` : ''}`);
        if (report.status !== undefined) lines.push(`Status in ${report.period}: **${report.status}**${report.statusReason ? ` — ${markdownText(report.statusReason)}` : ''}`);
        if (!report.hasUsage) lines.push(`No usage in ${report.period}.`);
        lines.push([
            `| ${report.period} | |`, '| --- | ---: |',
            `| AWS cost | ${formatMoney(report.awsCost, currency)} |`,
            `| Charges (repriced) | ${formatMoney(report.charges, currency)} |`,
            ...report.customLineItems.map(line => `| ${line.type === 'FEE' ? 'fee' : 'credit'} ${line.name} | ${formatMoney(line.amount, currency)} |`),
            `| **Pro forma** | **${formatMoney(report.proformaCost, currency)}** |`,
            `| Margin | ${formatMoney(report.margin, currency)} (${formatPercent(report.marginPercent)}) |`,
        ].join('\n'));
        if (report.commitments) lines.push(commitmentsTable(report.commitments, currency));
        const services = report.byService.slice(0, 8);
        if (services.length > 0) {
            lines.push(['| Service | AWS | Pro forma |', '| --- | ---: | ---: |',
                ...services.map(line => `| ${markdownText(serviceLabel(line.service, line.serviceName))} | ${formatMoney(line.awsCost, currency)} | ${formatMoney(line.proformaCost, currency)} |`),
                ...(report.byService.length > services.length ? [`| … ${report.byService.length - services.length} more | | |`] : []),
            ].join('\n'));
        }
        return lines.join('\n\n');
    }

    /** `[Explain this figure](command:billing.explainFigure?…)` when the group has figures in the period shown. */
    private explainLink(document: LangiumDocument, group: Group): string | undefined {
        const pricing = this.services.server.Pricing.pricingFor(document);
        if (pricing.kind !== 'priced' || !pricing.periodInData || !groupReportOf(pricing, group.name)) return undefined;
        const args = encodeURIComponent(JSON.stringify([pricing.uri, group.name, pricing.period]));
        return `[$(info) Explain this figure](command:${ExplainFigureCommand}?${args} "How this group's figure is made, step by step")`;
    }

    private lineItemHover(document: LangiumDocument, item: LineItem): string {
        const group = AstUtils.getContainerOfType(item, isGroup);
        const lines = [`**${item.kind} ${item.name}**${item.description ? ` — ${markdownText(item.description)}` : ''}`];
        const pricing = this.services.server.Pricing.pricingFor(document);
        if (!group || pricing.kind !== 'priced') {
            lines.push(stateLine(pricing));
            return lines.join('\n\n');
        }
        const report = groupReportOf(pricing, group.name);
        const line = report?.customLineItems.find(candidate => candidate.name === item.name);
        const period = pricing.period ?? 'the data';
        if (!report || !line) {
            lines.push(`Not billed in ${period} (group ${group.name}).`);
            return lines.join('\n\n');
        }
        const currency = pricing.report.currency;
        lines.push(`Group **${group.name}**, ${period}: ${lineItemLabel(line, currency)}`);
        if (line.base !== undefined) lines.push(`Base ${formatMoney(line.base, currency)} × ${line.percent}% = ${formatMoney(line.amount, currency)}`);
        lines.push(`Posted to \`${line.accountId}\` · presented as \`${line.presentationService}\` · ${line.computation.toLowerCase()}`);
        return lines.join('\n\n');
    }
}

/** A keyword's entry of the one table of keyword docs (server/lsp/keyword-docs.ts), and a link to its docs section. */
function tableKeywordHover(keyword: GrammarAST.Keyword, range: Range): Hover | undefined {
    const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name;
    const doc = keywordDoc(keyword.value, rule);
    if (!doc) return undefined;
    const section = keywordSection(keyword.value, rule);
    const url = section ? sectionUrl(section) : undefined;
    return { contents: { kind: 'markdown', value: url ? `${doc}\n\n[Docs: ${section!.title}](${url})` : doc }, range };
}

/**
 * The section on GitHub when package.json names a GitHub repository; else the extension's `billing.openDocs` command on
 * the shipped file, which opens it at the heading (VS Code opens a `file://…#anchor` link at the file's first line).
 */
export function sectionUrl(section: DocSection): string | undefined {
    let url: string;
    try {
        url = documentationUrl(section.path, section.anchor);
    } catch {
        return undefined;
    }
    if (!url.startsWith('file:')) return url;
    return `command:${OpenDocsCommand}?${encodeURIComponent(JSON.stringify([section.path, section.anchor ?? '']))}`;
}

/** Properties whose values are codes of the data (as completion offers them), and what each is. */
const CODE_KINDS: Readonly<Record<string, 'service' | 'usageType' | 'operation' | 'billingEntity'>> = {
    services: 'service', service: 'service', usageTypes: 'usageType', operations: 'operation', billingEntities: 'billingEntity',
};
const CODE_LABELS = { service: 'service code', usageType: 'usage type', operation: 'operation', billingEntity: 'billing entity' } as const;

/**
 * A service code, usage type, operation or billing entity written in a rule or line item: what it is, and its line items
 * and AWS cost (Σ unblended) in the loaded data, in the period shown.
 */
function codeHover(leaf: CstNode, node: AstNode, priced: readonly Priced[]): string | undefined {
    if (!isRule(node) && !isServiceFilter(node) && !isPresentedAs(node)) return undefined;
    const assignment = GrammarUtils.findAssignment(leaf);
    const kind = assignment ? CODE_KINDS[assignment.feature] : undefined;
    if (!kind) return undefined;
    const value = leaf.text.startsWith('"') || leaf.text.startsWith("'") ? leaf.text.slice(1, -1) : leaf.text;
    const entry = priced[0];
    // A Marketplace product's code reads as its name from the data (the rule still matches the code).
    const label = kind === 'service' ? serviceLabel(value, entry?.data.cube.productNames?.get(value)) : value;
    const lines = [`**${markdownText(label)}** — ${CODE_LABELS[kind]}`];
    if (!entry) return lines.join('\n\n');
    const period = entry.period;
    let cost = new Decimal(0);
    let rows = 0;
    let inPeriod = 0;
    for (const cell of entry.data.cube.cells) {
        const field = kind === 'service' ? cell.service : kind === 'usageType' ? cell.usageType : kind === 'operation' ? cell.operation : cell.billingEntity;
        if (field !== value) continue;
        rows += cell.rows;
        if (period !== undefined && cell.period !== period) continue;
        inPeriod += cell.rows;
        cost = cost.plus(cell.unblendedCost);
    }
    if (rows === 0) {
        lines.push(`No line item of the data has this ${CODE_LABELS[kind]} (${markdownText(entry.entry.spec.label)}).`);
        return lines.join('\n\n');
    }
    const currency = entry.report.currency;
    lines.push(period === undefined
        ? `In the data: ${rows.toLocaleString('en-US')} line item${rows === 1 ? '' : 's'}, AWS cost ${formatMoney(cost, currency)}`
        : `In ${period}: ${inPeriod.toLocaleString('en-US')} line item${inPeriod === 1 ? '' : 's'}, AWS cost ${formatMoney(cost, currency)} (${rows.toLocaleString('en-US')} in all periods)`);
    return lines.join('\n\n');
}

function headlineTable(groups: readonly GroupReport[], currency: string): string {
    return ['| Group | AWS | Pro forma | Margin |', '| --- | ---: | ---: | ---: |',
        ...groups.map(group => group.hasUsage
            ? `| ${group.name} | ${formatMoney(group.awsCost, currency)} | ${formatMoney(group.proformaCost, currency)} | ${formatPercent(group.marginPercent)} |`
            : `| ${group.name} | — | ${formatMoney(group.proformaCost, currency)} | no usage in ${group.period} |`),
    ].join('\n');
}

function stateLine(state: Pricing | undefined): string {
    if (!state || state.kind === 'priced') return '';
    return `_${state.label}${'detail' in state && state.detail ? `: ${state.detail}` : ''}_`;
}

function describeTiering(rule: Rule): string {
    const modifier = rule.modifiers[0];
    const freeTier = modifier?.$type === 'Tiering' && modifier.freeTier === 'off' ? 'free tier off' : 'free tier on';
    return rule.tiers.length > 0 ? `tiering (${freeTier}, ${rule.tiers.length} custom tier${rule.tiers.length === 1 ? '' : 's'})` : `tiering (${freeTier})`;
}

function fieldLabel(key: string): string {
    return key === 'billingEntity' ? 'billing entity' : key === 'usageType' ? 'usage type' : key;
}

/** The declaration of an account id in the document's policy (itself or its imports). */
function declaredAccount(document: LangiumDocument, services: BillingServerServices, id: string): Account | undefined {
    for (const doc of policyDocuments(document, { shared: services.shared })) {
        const match = doc.parseResult.value.statements.filter(isAccount).find(account => account.id === id);
        if (match) return match;
    }
    return undefined;
}

/** A group's re-applied RIs and Savings Plans: coverage, then each owned commitment's utilization. */
function commitmentsTable(c: GroupCommitmentsReport, currency: string): string {
    const percent = (p: string | null): string => (p === null ? '—' : `${p} %`);
    return [
        `Commitments re-applied in the group: coverage ${percent(c.coveragePercent)} (${formatMoney(c.coveredCost, currency)} of ${formatMoney(c.eligibleCost, currency)} eligible on-demand)`,
        ...(c.commitments.length === 0 ? [] : ['', '| Commitment | Utilization |', '| --- | ---: |',
            ...c.commitments.map(line => `| ${line.kind === 'reservation' ? 'RI' : 'Savings Plan'} \`${markdownText(line.arn.slice(line.arn.lastIndexOf('/') + 1))}\` | ${percent(line.utilizationPercent)} |`)]),
    ].join('\n');
}

/** `Versions: markup 7% until 2026-04 · **markup 6% from 2026-04** (in force in 2026-05)`. */
function ruleVersionsLine(rule: Rule, period: string | undefined): string {
    const text = (modifier: Modifier): string => {
        const what = modifier.$type === 'Tiering' ? `tiering${modifier.freeTier ? ` free-tier ${modifier.freeTier}` : ''}` : `${modifier.$type === 'Markup' ? 'markup' : 'discount'} ${modifier.percent?.value ?? '?'}%`;
        return `\`${[what, modifier.from && `from ${modifier.from}`, modifier.until && `until ${modifier.until}`].filter(Boolean).join(' ')}\``;
    };
    const inForce = period === undefined ? undefined : rule.modifiers.find(modifier => inPeriodRange(modifier, period));
    const versions = rule.modifiers.map(modifier => (modifier === inForce ? `**${text(modifier)}**` : text(modifier))).join(' · ');
    const note = period === undefined ? '' : inForce ? ` (in force in ${period})` : ` (none in force in ${period}: the rule does not apply)`;
    return `Versions: ${versions}${note}`;
}
