import { AstUtils, type AstNode, type LangiumDocument } from 'langium';
import { isPolicy, type Account, type Group, type Plan, type Policy, type Rule } from '../generated/ast.js';
import { memoisedForGraph } from '../workspace/import-graph-cache.js';
import { type DocumentStoreServices, importsOf, policyDocuments, reachableImportUris } from '../workspace/policy-documents.js';
import { plainImportClosures } from '../workspace/import-reach.js';
import { accountIdOf } from './accounts.js';
import { seesDocument } from './policy-index.js';

/*
 * The policy a document belongs to, for checks that look across statements (duplicate names,
 * overlapping memberships, unused declarations): the document plus everything it imports,
 * transitively, as the scoping resolves imports (workspace/policy-documents.ts).
 */

export { policyDocuments };

/**
 * Documents whose policy includes `document`: the document itself and every loaded document that
 * imports it, directly or not. Used by "unused" checks: a rule of a shared file is used when a plan
 * of any file importing it lists it.
 */
export function documentsSeeing(document: LangiumDocument, services: DocumentStoreServices): readonly LangiumDocument<Policy>[] {
    const store = services.shared.workspace.LangiumDocuments;
    return memoisedForGraph(store, 'documentsSeeing', document, () => walkSeeing(document, importersOf(store)));
}

interface ImportEdges {
    /** Every policy document of the store, in the store's order. */
    readonly all: readonly LangiumDocument[];
    /** The documents importing a URI (as a string), directly. */
    readonly importers: ReadonlyMap<string, readonly LangiumDocument[]>;
    /** The position of each document in `all`. */
    readonly position: ReadonlyMap<LangiumDocument, number>;
}

/** Reverse import edges of the whole store, built once per version of the import graph. */
function importersOf(store: DocumentStoreServices['shared']['workspace']['LangiumDocuments']): ImportEdges {
    return memoisedForGraph(store, 'importers', store, () => {
        const all = [...store.all].filter(candidate => isPolicy(candidate.parseResult.value));
        const importers = new Map<string, LangiumDocument[]>();
        for (const candidate of all) {
            for (const { key } of importsOf(candidate)) {
                const list = importers.get(key) ?? [];
                list.push(candidate);
                importers.set(key, list);
            }
        }
        return { all, importers, position: new Map(all.map((candidate, index) => [candidate, index])) };
    });
}

function walkSeeing(document: LangiumDocument, { importers, position }: ImportEdges): readonly LangiumDocument<Policy>[] {
    // Reverse import edges, then a walk from the document: linear in the documents and imports (not one import
    // closure per candidate, which made a chain of imports cubic).
    const key = document.uri.toString();
    const seeing = new Set<LangiumDocument>();
    const pending = [key];
    while (pending.length > 0) {
        for (const importer of importers.get(pending.pop()!) ?? []) {
            if (importer === document || seeing.has(importer)) continue;
            const importerKey = importer.uri.toString();
            if (importerKey === key) continue;
            seeing.add(importer);
            pending.push(importerKey);
        }
    }
    const result: LangiumDocument<Policy>[] = [];
    if (isPolicy(document.parseResult.value)) result.push(document as LangiumDocument<Policy>);
    // In the store's order, as before (sorted, not filtered from every document: a walk costs what it reaches).
    const found = [...seeing].sort((a, b) => position.get(a)! - position.get(b)!);
    for (const candidate of found) result.push(candidate as LangiumDocument<Policy>);
    return Object.freeze(result);
}

/** The statements of some documents, by kind. */
export interface PolicyStatements {
    readonly accounts: readonly Account[];
    readonly rules: readonly Rule[];
    readonly plans: readonly Plan[];
    readonly groups: readonly Group[];
}

export function collectStatements(docs: readonly LangiumDocument[]): PolicyStatements {
    const accounts: Account[] = [];
    const rules: Rule[] = [];
    const plans: Plan[] = [];
    const groups: Group[] = [];
    for (const doc of docs) {
        const root = doc.parseResult.value;
        if (!isPolicy(root)) continue;
        for (const statement of root.statements) {
            switch (statement.$type) {
                case 'Account': accounts.push(statement); break;
                case 'Rule': rules.push(statement); break;
                case 'Plan': plans.push(statement); break;
                case 'Group': groups.push(statement); break;
                default: break;
            }
        }
    }
    return { accounts, rules, plans, groups };
}

/** The statements of the policy `node`'s document belongs to. */
export function policyOf(node: AstNode, services: DocumentStoreServices): PolicyStatements {
    return collectStatements(policyDocuments(AstUtils.getDocument(node), services));
}

/** Who names which account ids in groups, over the store: built once per version of the import graph. */
interface AccountNaming {
    /** Per account id, the policy documents whose groups name it. */
    readonly namers: ReadonlyMap<string, readonly LangiumDocument[]>;
    /** The policy documents with an `auto-associate` group. */
    readonly autoAssociating: readonly LangiumDocument[];
}

function accountNaming(store: DocumentStoreServices['shared']['workspace']['LangiumDocuments']): AccountNaming {
    return memoisedForGraph(store, 'accountNaming', store, () => {
        const namers = new Map<string, LangiumDocument[]>();
        const autoAssociating: LangiumDocument[] = [];
        for (const candidate of importersOf(store).all) {
            const { groups } = collectStatements([candidate]);
            if (groups.some(group => group.members.some(member => member.$type === 'AutoAssociate'))) autoAssociating.push(candidate);
            for (const id of namedAccountIds(groups)) {
                const list = namers.get(id) ?? [];
                if (list.at(-1) !== candidate) list.push(candidate);
                namers.set(id, list);
            }
        }
        return { namers, autoAssociating };
    });
}

/**
 * What `checkUnassignedAccounts` asks of the documents seeing `document` (the groups of it and of every file importing
 * it): whether one has an auto-associate group, and whether one names an account id. Answered from an index of the
 * store built once per version of the import graph, not by collecting the groups of every importer per document
 * (quadratic in an import chain). The same answers as `collectStatements(documentsSeeing(document))`.
 */
export function groupsSeeing(document: LangiumDocument, services: DocumentStoreServices): { readonly autoAssociate: boolean; names(id: string): boolean } {
    const store = services.shared.workspace.LangiumDocuments;
    const own = collectStatements([document]).groups;
    const naming = accountNaming(store);
    const ownNamed = namedAccountIds(own);
    const key = document.uri.toString();
    // As documentsSeeing: the document itself, or another file whose imports reach its URI (through loaded files).
    // From the graph's reach when both are in it (a lookup, not a closure per importer).
    const seenBy = (seer: LangiumDocument): boolean =>
        (plainImportClosures() ? undefined : seesDocument(seer, document, services))
        ?? (seer === document || (seer.uri.toString() !== key && reachableImportUris(seer, services).has(key)));
    return {
        autoAssociate: own.some(group => group.members.some(member => member.$type === 'AutoAssociate')) || naming.autoAssociating.some(seenBy),
        names: (id: string) => ownNamed.has(id) || (naming.namers.get(id) ?? []).some(seenBy),
    };
}

/** The account ids the groups name (primaries and members). */
export function namedAccountIds(groups: readonly Group[]): Set<string> {
    const ids = new Set<string>();
    for (const group of groups) {
        for (const member of group.members) {
            const refs = member.$type === 'Membership' ? member.accounts : member.$type === 'Primary' ? [member.account] : [];
            for (const ref of refs) {
                const id = accountIdOf(ref);
                if (id !== undefined) ids.add(id);
            }
        }
    }
    return ids;
}
