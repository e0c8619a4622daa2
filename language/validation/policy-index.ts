import type { AstNode, LangiumDocument } from 'langium';
import { isPolicy, type Account, type Group, type Plan, type Policy, type Rule } from '../generated/ast.js';
import { memoisedForGraph } from '../workspace/import-graph-cache.js';
import { importReach } from '../workspace/import-reach.js';
import { type DocumentStoreServices, policyDocuments } from '../workspace/policy-documents.js';
import { accountIdOf } from './accounts.js';
import type { PolicyStatements } from './policy-view.js';

/**
 * The statements of a document's policy that its cross-statement checks can look at, found through an index of the
 * whole store instead of collecting the import closure (issue 18 item 8: a closure per document is quadratic in an
 * import chain). The checks of policy-context.ts report only at the document's own statements and ask the policy
 * only about them: the other accounts with one of its account ids (declared or named in its groups) or names, and
 * every payer; the rules, plans and groups with one of its names; the groups naming an account id its memberships
 * name; every group with `auto-associate`. `relevantPolicyStatements` returns exactly those of the closure, in the
 * closure's order (the order `collectStatements(policyDocuments(document))` has), so every check answers as over the
 * whole policy.
 */

interface Entry<T> {
    readonly document: LangiumDocument;
    /** Position of the statement in its document. */
    readonly index: number;
    readonly node: T;
}

interface StoreIndex {
    readonly accountsById: ReadonlyMap<string, readonly Entry<Account>[]>;
    readonly accountsByName: ReadonlyMap<string, readonly Entry<Account>[]>;
    readonly payers: readonly Entry<Account>[];
    readonly rulesByName: ReadonlyMap<string, readonly Entry<Rule>[]>;
    readonly plansByName: ReadonlyMap<string, readonly Entry<Plan>[]>;
    readonly groupsByName: ReadonlyMap<string, readonly Entry<Group>[]>;
    readonly groupsByMemberId: ReadonlyMap<string, readonly Entry<Group>[]>;
    readonly autoAssociating: readonly Entry<Group>[];
}

function add<T>(map: Map<string, Entry<T>[]>, key: string | undefined, entry: Entry<T>): void {
    if (key === undefined) return;
    const list = map.get(key);
    if (!list) map.set(key, [entry]);
    else if (list.at(-1) !== entry) list.push(entry);
}

/** The index of every stored policy document, built once per version of the import graph. */
function storeIndex(services: DocumentStoreServices): StoreIndex {
    const store = services.shared.workspace.LangiumDocuments;
    return memoisedForGraph(store, 'policyStatementIndex', store, () => {
        const accountsById = new Map<string, Entry<Account>[]>();
        const accountsByName = new Map<string, Entry<Account>[]>();
        const payers: Entry<Account>[] = [];
        const rulesByName = new Map<string, Entry<Rule>[]>();
        const plansByName = new Map<string, Entry<Plan>[]>();
        const groupsByName = new Map<string, Entry<Group>[]>();
        const groupsByMemberId = new Map<string, Entry<Group>[]>();
        const autoAssociating: Entry<Group>[] = [];
        for (const document of store.all) {
            const root = document.parseResult.value;
            if (!isPolicy(root)) continue;
            root.statements.forEach((statement, index) => {
                switch (statement.$type) {
                    case 'Account': {
                        const entry = { document, index, node: statement };
                        add(accountsById, statement.id, entry);
                        add(accountsByName, statement.name, entry);
                        if (statement.payer) payers.push(entry);
                        break;
                    }
                    case 'Rule': add(rulesByName, statement.name, { document, index, node: statement }); break;
                    case 'Plan': add(plansByName, statement.name, { document, index, node: statement }); break;
                    case 'Group': {
                        const entry = { document, index, node: statement };
                        add(groupsByName, statement.name, entry);
                        if (statement.members.some(member => member.$type === 'AutoAssociate')) autoAssociating.push(entry);
                        for (const id of membershipIds(statement)) add(groupsByMemberId, id, entry);
                        break;
                    }
                    default: break;
                }
            });
        }
        return { accountsById, accountsByName, payers, rulesByName, plansByName, groupsByName, groupsByMemberId, autoAssociating };
    });
}

/** The account ids a group's memberships name. */
function membershipIds(group: Group): Set<string> {
    const ids = new Set<string>();
    for (const member of group.members) {
        if (member.$type !== 'Membership') continue;
        for (const ref of member.accounts) {
            const id = accountIdOf(ref);
            if (id !== undefined) ids.add(id);
        }
    }
    return ids;
}

/**
 * The statements of `document`'s import closure its cross-statement checks look at (see above), in the closure's
 * order; undefined when the document is not in the import graph (the caller collects the closure).
 */
export function relevantPolicyStatements(document: LangiumDocument<Policy>, own: PolicyStatements, services: DocumentStoreServices): PolicyStatements | undefined {
    const reach = importReach(services);
    if (reach.reaches(document, document) === undefined) return undefined;
    const index = storeIndex(services);
    const accountIds = new Set<string>();
    const memberIds = new Set<string>();
    for (const account of own.accounts) if (account.id !== undefined) accountIds.add(account.id);
    for (const group of own.groups) {
        for (const member of group.members) {
            if (member.$type === 'Primary') {
                const id = accountIdOf(member.account);
                if (id !== undefined) accountIds.add(id);
            }
        }
        for (const id of membershipIds(group)) {
            accountIds.add(id);
            memberIds.add(id);
        }
    }
    const order = new ClosureOrder(document, services);
    const keep = <T>(found: Iterable<readonly Entry<T>[] | undefined>): T[] => order.sorted(found, entry => reach.reaches(document, entry.document) === true);
    return {
        accounts: keep([
            ...[...accountIds].map(id => index.accountsById.get(id)),
            ...own.accounts.map(account => account.name === undefined ? undefined : index.accountsByName.get(account.name)),
            index.payers,
            own.accounts.map(ownEntry(document)),
        ]),
        rules: keep([...own.rules.map(rule => rule.name === undefined ? undefined : index.rulesByName.get(rule.name)), own.rules.map(ownEntry(document))]),
        plans: keep([...own.plans.map(plan => plan.name === undefined ? undefined : index.plansByName.get(plan.name)), own.plans.map(ownEntry(document))]),
        groups: keep([
            ...own.groups.map(group => group.name === undefined ? undefined : index.groupsByName.get(group.name)),
            ...[...memberIds].map(id => index.groupsByMemberId.get(id)),
            index.autoAssociating,
            own.groups.map(ownEntry(document)),
        ]),
    };
}

/** An own statement as an entry (its position among the statements of its kind keeps their order). */
function ownEntry<T>(document: LangiumDocument) {
    return (node: T): Entry<T> => ({ document, index: (node as AstNode).$containerIndex ?? 0, node });
}

/** The closure's order of documents, computed only when matches come from more than one document. */
class ClosureOrder {
    private positions: Map<LangiumDocument, number> | undefined;

    constructor(private readonly document: LangiumDocument, private readonly services: DocumentStoreServices) {}

    sorted<T>(found: Iterable<readonly Entry<T>[] | undefined>, inClosure: (entry: Entry<T>) => boolean): T[] {
        const byNode = new Map<T, Entry<T>>();
        for (const list of found) {
            for (const entry of list ?? []) {
                if (!byNode.has(entry.node) && (entry.document === this.document || inClosure(entry))) byNode.set(entry.node, entry);
            }
        }
        const entries = [...byNode.values()];
        const single = entries.every(entry => entry.document === entries[0]!.document);
        const positions = single ? undefined : this.positionsOfDocuments();
        entries.sort((a, b) => (positions ? positions.get(a.document)! - positions.get(b.document)! : 0) || a.index - b.index);
        return entries.map(entry => entry.node);
    }

    private positionsOfDocuments(): Map<LangiumDocument, number> {
        this.positions ??= new Map(policyDocuments(this.document, this.services).map((doc, at) => [doc as LangiumDocument, at]));
        return this.positions;
    }
}


/** Per rule and plan of the store, the policy documents whose plans list it (rules) or whose groups use it (plans). */
interface UseIndex {
    readonly rules: ReadonlyMap<Rule, readonly LangiumDocument[]>;
    readonly plans: ReadonlyMap<Plan, readonly LangiumDocument[]>;
}

function useIndex(services: DocumentStoreServices): UseIndex {
    const store = services.shared.workspace.LangiumDocuments;
    return memoisedForGraph(store, 'policyUseIndex', store, () => {
        const rules = new Map<Rule, LangiumDocument[]>();
        const plans = new Map<Plan, LangiumDocument[]>();
        const note = <T>(map: Map<T, LangiumDocument[]>, target: T | undefined, document: LangiumDocument): void => {
            if (target === undefined) return;
            const list = map.get(target);
            if (!list) map.set(target, [document]);
            else if (list.at(-1) !== document) list.push(document);
        };
        for (const document of store.all) {
            const root = document.parseResult.value;
            if (!isPolicy(root)) continue;
            for (const statement of root.statements) {
                if (statement.$type === 'Plan') {
                    for (const list of statement.ruleLists) for (const reference of list.rules) note(rules, reference.ref, document);
                } else if (statement.$type === 'Group') {
                    for (const member of statement.members) if (member.$type === 'PlanUse') note(plans, member.plan?.ref, document);
                }
            }
        }
        return { rules, plans };
    });
}

/**
 * Whether a rule (plan) of `document` is listed by a plan (used by a group) of a document seeing it — itself or a
 * document whose import closure holds it (`documentsSeeing`) — answered from an index of the store's references and
 * the graph's reach, not by collecting the statements of every importer (quadratic in an import chain). Undefined
 * when the document is not in the import graph (the caller collects `documentsSeeing`).
 */
export function usesSeeing(document: LangiumDocument, services: DocumentStoreServices): { ruleUsed(rule: Rule): boolean; planUsed(plan: Plan): boolean } | undefined {
    const reach = importReach(services);
    if (reach.reaches(document, document) === undefined) return undefined;
    const index = useIndex(services);
    const key = document.uri.toString();
    const sees = (seer: LangiumDocument): boolean => seer === document || (seer.uri.toString() !== key && reach.reaches(seer, document) === true);
    return {
        ruleUsed: rule => (index.rules.get(rule) ?? []).some(sees),
        planUsed: plan => (index.plans.get(plan) ?? []).some(sees),
    };
}

/**
 * Whether `seer` is one of `documentsSeeing(document)` (itself, or a document whose import closure holds it), from the
 * graph's reach; undefined when either is not in the import graph.
 */
export function seesDocument(seer: LangiumDocument, document: LangiumDocument, services: DocumentStoreServices): boolean | undefined {
    if (seer === document) return true;
    const reached = importReach(services).reaches(seer, document);
    return reached === undefined ? undefined : reached && seer.uri.toString() !== document.uri.toString();
}
