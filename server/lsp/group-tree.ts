import { GrammarUtils, type LangiumDocument } from 'langium';
import { isAccount, isGroup, isMembership, isPlanUse, isPrimary, type AccountRef, type Group } from '../../language/generated/ast.js';
import { planRuleReferences } from '../../language/compile/index.js';
import { policyDocuments } from '../../language/index.js';
import { formatMoney, formatPercent } from '../pricing/money-format.js';
import { groupReportOf } from '../pricing/policy-pricing.js';
import type { GroupsResult, GroupSummary } from '../protocol.js';
import type { BillingServerServices } from '../server-services.js';

/**
 * The `billing/groups` answer (the Billing view): every group of the policy (the document and its imports) with its
 * declaration, plan, plan's rules and accounts as written, and its figures in the period the editor shows from the
 * same pricing the lenses use (the last figures without errors, marked stale, while the policy has errors).
 */
export function groupTree(services: BillingServerServices, document: LangiumDocument): GroupsResult {
    const documents = policyDocuments(document, { shared: services.shared });
    const names = new Map<string, string>();
    for (const doc of documents) {
        for (const statement of doc.parseResult.value.statements) if (isAccount(statement) && statement.id !== undefined && statement.name) names.set(statement.id, statement.name);
    }
    const pricing = services.server.Pricing.pricingFor(document);
    const priced = pricing.kind === 'priced' && pricing.periodInData ? pricing : undefined;
    const currency = priced?.report.currency;
    const groups: GroupSummary[] = [];
    for (const doc of documents) {
        for (const group of doc.parseResult.value.statements.filter(isGroup)) {
            if (group.name === undefined) continue;
            const report = priced ? groupReportOf(priced, group.name) : undefined;
            const planUse = group.members.find(isPlanUse);
            const plan = planUse?.plan?.ref;
            const cst = GrammarUtils.findNodeForProperty(group.$cstNode, 'name') ?? group.$cstNode;
            groups.push({
                name: group.name,
                location: { uri: doc.uri.toString(), line: cst?.range.start.line ?? 0, character: cst?.range.start.character ?? 0 },
                ...(planUse?.plan?.$refText ? { plan: planUse.plan.$refText } : {}),
                rules: plan ? [...new Set(planRuleReferences(plan).map(rule => rule.$refText))] : [],
                accounts: accountsOf(group, names),
                ...(report && currency ? {
                    figures: {
                        awsCost: report.awsCost, proformaCost: report.proformaCost, margin: report.margin, marginPercent: report.marginPercent, hasUsage: report.hasUsage,
                        shown: {
                            awsCost: formatMoney(report.awsCost, currency), proformaCost: formatMoney(report.proformaCost, currency),
                            margin: formatMoney(report.margin, currency), marginPercent: formatPercent(report.marginPercent),
                        },
                    },
                } : {}),
            });
        }
    }
    if (!priced) {
        const reason = pricing.kind === 'priced' ? `no data for ${pricing.period ?? 'the period shown'}`
            : 'detail' in pricing && pricing.detail ? `${pricing.label}: ${pricing.detail}` : pricing.label;
        return { groups, reason };
    }
    return { groups, currency: priced.report.currency, ...(priced.period ? { period: priced.period } : {}), ...(priced.stale ? { stale: priced.stale } : {}) };
}

/** The group's accounts as written (primary first, then each `accounts` line), each once, with its declared name. */
function accountsOf(group: Group, names: ReadonlyMap<string, string>): GroupSummary['accounts'] {
    const refs: AccountRef[] = [];
    for (const member of group.members) {
        if (isPrimary(member) && member.account) refs.push(member.account);
        if (isMembership(member)) refs.push(...member.accounts);
    }
    const seen = new Set<string>();
    const accounts: { id: string; name?: string }[] = [];
    for (const ref of refs) {
        const id = ref.id ?? ref.account?.ref?.id;
        const key = id ?? ref.account?.$refText ?? '';
        if (!key || seen.has(key)) continue;
        seen.add(key);
        const name = id ? names.get(id) : ref.account?.$refText;
        accounts.push({ id: id ?? '', ...(name ? { name } : {}) });
    }
    return accounts;
}
