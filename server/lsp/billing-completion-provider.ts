import { AstUtils, GrammarAST, GrammarUtils, type AstNodeDescription, type LangiumDocument, type MaybePromise, type ReferenceInfo } from 'langium';
import {
    DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type CompletionProviderOptions, type CompletionValueItem, type NextFeature,
} from 'langium/lsp';
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CancellationToken, type CompletionItem, type CompletionList, type CompletionParams } from 'vscode-languageserver';
import { isAccount, isGroup, isPlanUse, isPrimary, isRule } from '../../language/generated/ast.js';
import { formatMoney } from '../pricing/money-format.js';
import { detailedReport } from '../pricing/policy-pricing.js';
import { keywordDoc } from './keyword-docs.js';
import { codeLiteral } from '../../language/lsp/text-edits.js';
import type { DataVocabulary, ValueCount } from '../../engine/cube/data-vocabulary.js';
import { terminalText } from '../../engine/report/index.js';
import type { BillingServerServices } from '../server-services.js';

/** Properties whose values are codes of the data, and where to look them up. */
const CODE_PROPERTIES: Readonly<Record<string, 'service' | 'usageType' | 'operation' | 'billingEntity'>> = {
    services: 'service',
    service: 'service',
    usageTypes: 'usageType',
    operations: 'operation',
    billingEntities: 'billingEntity',
};

const MAX_ITEMS = 2000;

/** Snippets of whole statements, keyed `GrammarRule:keyword` (so `plan` in a group stays a keyword). */
const SNIPPETS: Readonly<Record<string, { readonly body: string; readonly detail: string }>> = {
    'Group:group': { body: 'group ${1:name} {\n\tprimary ${2:account}\n\taccounts ${3:account}\n\tplan ${4:plan}\n}', detail: 'billing group: primary, accounts, plan' },
    'Rule:rule': { body: 'rule ${1:name} {\n\t${2|markup,discount|} ${3:10}%\n\tservice ${4:AmazonEC2}\n}', detail: 'pricing rule: markup or discount, service' },
    'Plan:plan': { body: 'plan ${1:name} {\n\trules ${2:rule-name}\n}', detail: 'pricing plan: its rules' },
    'LineItem:fee': { body: 'fee ${1:name} ${2:flat ${3:100}}', detail: 'custom line item: a flat fee (or N% of charges)' },
    'LineItem:credit': { body: 'credit ${1:name} ${2:${3:5}% of charges}', detail: 'custom line item: a credit of N% of charges (or flat)' },
    'Account:account': { body: 'account ${1:111111111111} "${2:name}"', detail: 'linked account: 12-digit id and name' },
    'Account:payer': { body: 'payer ${1:999999999999} "${2:management}"', detail: 'management (payer) account: id and name' },
    'DataSource:data': { body: 'data "${1:cur/*.csv.gz}"', detail: 'billing data: file, folder or glob' },
    'Import:import': { body: 'import "${1:shared.billing}"', detail: 'declarations of another policy file' },
    'ClosedPeriods:closed': { body: 'closed through ${1:YYYY-MM}', detail: 'closed billing periods: up to this one' },
};

/**
 * Langium's keyword and reference completion, plus values from the loaded data where the grammar
 * expects them: service codes after `service` (rules, line item filters, `presented-as`), usage
 * types, operations and billing entities in rules (those of the rule's service first), and account
 * ids after `primary`, `accounts` and `account`. The words the language accepts as names (`data`,
 * `tier`, …) are not offered as if they were keywords where a name or code is expected.
 */
export class BillingCompletionProvider extends DefaultCompletionProvider {
    constructor(private readonly services: BillingServerServices) {
        super(services);
    }

    override readonly completionOptions: CompletionProviderOptions = { triggerCharacters: ['"'] };

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        const feature = next.feature;
        if (GrammarAST.isKeyword(feature) && isInsideNameRule(feature)) return;
        if (GrammarAST.isKeyword(feature) && this.alreadyInGroup(context, feature)) return;
        if (GrammarAST.isRuleCall(feature)) {
            const rule = feature.rule.ref?.name;
            if (rule === 'NUMBER' && next.type === 'AccountRef') return this.guarded(() => this.accountIds(context, acceptor));
            const kind = next.property ? CODE_PROPERTIES[next.property] : undefined;
            if (kind && rule === 'ID') return this.guarded(() => this.codes(context, kind, acceptor));
            if (kind && rule === 'STRING') return;
        }
        return super.completionFor(context, this.withReferenceContainer(context, next), acceptor);
    }

    /**
     * After parser recovery (`group g { plan }` with no plan declared), Langium may offer a reference
     * of a node that was never built (PlanUse) on its container (Group): the scope provider then throws
     * "Property plan of type Group is not a reference" (logged, candidates lost). Naming the type of the
     * rule that holds the reference makes Langium complete it on a node of the right type.
     */
    private withReferenceContainer(context: CompletionContext, next: NextFeature): NextFeature {
        if (next.type || !context.node || !GrammarAST.isCrossReference(next.feature)) return next;
        const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment);
        const rule = AstUtils.getContainerOfType(next.feature, GrammarAST.isParserRule);
        if (!assignment || !rule) return next;
        const type = GrammarUtils.getTypeName(rule);
        const holds = this.services.shared.AstReflection.getTypeMetaData(context.node.$type).properties[assignment.feature]?.referenceType;
        return holds || type === context.node.$type ? next : { ...next, type };
    }

    /** `primary` and `plan` once per group: not offered again in a group that has one (other than where the cursor is). */
    private alreadyInGroup(context: CompletionContext, keyword: GrammarAST.Keyword): boolean {
        const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name;
        const once = rule === 'Primary' ? isPrimary : rule === 'PlanUse' ? isPlanUse : undefined;
        if (!once || !context.node) return false;
        const group = AstUtils.getContainerOfType(context.node, isGroup);
        const cst = group?.$cstNode;
        if (!group || !cst || context.offset <= cst.offset || (cst.text.trimEnd().endsWith('}') && context.offset >= cst.end)) return false;
        return group.members.some(member => once(member) && !(member.$cstNode && member.$cstNode.offset <= context.offset && context.offset <= member.$cstNode.end));
    }

    /**
     * The keyword, and for each top-level declaration (`group`, `rule`, `plan`, `account`, `payer`, `data`, `import`,
     * `closed`) and `fee` / `credit` a snippet of the whole statement, documented by the keyword's hover text.
     */
    protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor): MaybePromise<void> {
        const result = super.completionForKeyword(context, keyword, acceptor);
        const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule)?.name;
        const snippet = rule ? SNIPPETS[`${rule}:${keyword.value}`] : undefined;
        if (snippet && this.filterKeyword(context, keyword)) {
            const doc = keywordDoc(keyword.value, rule);
            acceptor(context, {
                label: keyword.value, kind: CompletionItemKind.Snippet, detail: snippet.detail,
                ...(doc ? { documentation: { kind: MarkupKind.Markdown, value: doc } } : {}),
                insertText: snippet.body, insertTextFormat: InsertTextFormat.Snippet, sortText: '1',
                labelDetails: { description: 'snippet' },
            });
        }
        return result;
    }

    /** A declared account's name, with its id, its group and its AWS cost in the period shown. */
    protected override createReferenceCompletionItem(nodeDescription: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): CompletionValueItem {
        const item = super.createReferenceCompletionItem(nodeDescription, refInfo, context);
        const node = nodeDescription.node;
        if (!node || !isAccount(node) || node.id === undefined) return item;
        const where = this.accountPlaces(context).get(node.id);
        return { ...item, detail: [node.id, ...(where ? [where] : [])].join(' · ') };
    }

    /** Computed once per completion request (reset in getCompletion). */
    private places: { readonly uri: string; readonly map: ReadonlyMap<string, string> } | undefined;

    override getCompletion(document: LangiumDocument, params: CompletionParams, cancelToken?: CancellationToken): Promise<CompletionList | undefined> {
        this.places = undefined;
        return super.getCompletion(document, params, cancelToken);
    }

    /** Per account id: `group web · $180.00 in 2026-03` (or `unassigned · …`), from the pricing the lenses show. */
    private accountPlaces(context: CompletionContext): ReadonlyMap<string, string> {
        const uri = context.document.uri.toString();
        if (this.places?.uri === uri) return this.places.map;
        const map = new Map<string, string>();
        try {
            const pricing = this.services.server.Pricing.pricingFor(context.document);
            if (pricing.kind === 'priced' && pricing.periodInData) {
                const currency = pricing.report.currency;
                const period = pricing.period ? ` in ${pricing.period}` : '';
                for (const group of detailedReport(pricing).groups) {
                    for (const line of group.byAccount) map.set(line.accountId, `group ${group.name} · ${formatMoney(line.awsCost, currency)}${period}`);
                    for (const id of group.accountIds) if (!map.has(id)) map.set(id, `group ${group.name} · no usage${period}`);
                }
                for (const line of pricing.report.unassigned.accounts) map.set(line.accountId, `unassigned · ${formatMoney(line.awsCost, currency)}${period}`);
            }
        } catch (error) {
            this.services.server.Log.error(`completion failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        }
        this.places = { uri, map };
        return map;
    }

    private guarded(run: () => void): void {
        try {
            run();
        } catch (error) {
            this.services.server.Log.error(`completion failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        }
    }

    private vocabulary(context: CompletionContext): DataVocabulary | undefined {
        const entry = this.services.server.Data.entryFor(context.document, false);
        return entry?.current.state === 'ready' ? entry.current.data.vocabulary : undefined;
    }

    private codes(context: CompletionContext, kind: 'service' | 'usageType' | 'operation' | 'billingEntity', acceptor: CompletionAcceptor): void {
        const vocabulary = this.vocabulary(context);
        if (!vocabulary) return;
        const rule = context.node ? AstUtils.getContainerOfType(context.node, isRule) : undefined;
        const service = rule?.services[0];
        let values: ValueCount[];
        let what: string;
        switch (kind) {
            case 'service': values = vocabulary.services(); what = 'service'; break;
            case 'usageType': values = preferOwn(vocabulary.usageTypes(service), vocabulary.usageTypes()); what = 'usage type'; break;
            case 'operation': values = preferOwn(vocabulary.operations(service), vocabulary.operations()); what = 'operation'; break;
            case 'billingEntity': values = vocabulary.billingEntities(); what = 'billing entity'; break;
        }
        const ownCount = service !== undefined && (kind === 'usageType' || kind === 'operation')
            ? (kind === 'usageType' ? vocabulary.usageTypes(service) : vocabulary.operations(service)).length : values.length;
        values.slice(0, MAX_ITEMS).forEach((entry, index) => {
            const inService = index < ownCount && service !== undefined && kind !== 'service' && kind !== 'billingEntity';
            this.acceptValue(context, acceptor, entry.value, {
                kind: CompletionItemKind.Value,
                detail: `${kind === 'service' && vocabulary.serviceName(entry.value) !== undefined ? `${terminalText(vocabulary.serviceName(entry.value)!)} · ` : ''}${what} · ${entry.rows.toLocaleString('en-US')} line item${entry.rows === 1 ? '' : 's'}${inService ? ` of ${service}` : ''}`,
                sortText: `${index < ownCount ? '0' : '1'}${String(index).padStart(6, '0')}`,
            });
        });
    }

    private accountIds(context: CompletionContext, acceptor: CompletionAcceptor): void {
        const vocabulary = this.vocabulary(context);
        if (!vocabulary) return;
        const accounts = [...vocabulary.accounts].sort((a, b) => b[1].rows - a[1].rows);
        const places = this.accountPlaces(context);
        accounts.slice(0, MAX_ITEMS).forEach(([id, account], index) => {
            const where = places.get(id);
            this.acceptValue(context, acceptor, id, {
                kind: CompletionItemKind.Constant,
                detail: `${account.name ? `${account.name} · ` : ''}${where ?? `account · ${account.rows.toLocaleString('en-US')} line items`}`,
                sortText: `2${String(index).padStart(6, '0')}`,
            });
        });
    }

    /** One value, quoted when the language needs quotes, replacing what was typed (including an opening quote). */
    private acceptValue(context: CompletionContext, acceptor: CompletionAcceptor, value: string, item: Partial<CompletionItem>): void {
        const text = context.textDocument.getText();
        // An unterminated string is no token: the lexer leaves its opening quote just before the word.
        const start = context.tokenOffset > 0 && /["']/.test(text[context.tokenOffset - 1]!) && !/["']/.test(text[context.tokenOffset] ?? '')
            ? context.tokenOffset - 1 : context.tokenOffset;
        const typed = text.substring(start, context.offset);
        const quoted = typed.startsWith('"') || typed.startsWith("'");
        const literal = quoted ? JSON.stringify(value) : codeLiteral(value);
        const needle = (quoted ? typed.slice(1) : typed).toLowerCase();
        if (needle.length > 0 && !value.toLowerCase().includes(needle) && !this.fuzzyMatcher.match(needle, value)) return;
        acceptor(context, {
            ...item,
            label: value,
            filterText: quoted ? literal : value,
            textEdit: {
                newText: literal,
                range: { start: context.textDocument.positionAt(start), end: context.textDocument.positionAt(Math.max(context.tokenEndOffset, context.offset)) },
            },
        });
    }
}

/** Keywords of the `Name` rule are words a name may be, not keywords to propose there. */
function isInsideNameRule(keyword: GrammarAST.Keyword): boolean {
    const rule = AstUtils.getContainerOfType(keyword, GrammarAST.isParserRule);
    return rule?.name === 'Name';
}

function preferOwn(own: ValueCount[], all: ValueCount[]): ValueCount[] {
    if (own.length === 0) return all;
    const seen = new Set(own.map(entry => entry.value));
    return [...own, ...all.filter(entry => !seen.has(entry.value))];
}
