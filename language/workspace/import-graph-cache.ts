import {
    type AstNode, type Cancellation, DefaultLangiumDocumentFactory, DefaultLangiumDocuments, type LangiumDocument, type LangiumSharedCoreServices,
    type URI,
} from 'langium';

/**
 * Memoisation of the import graph's walks (import closures, importers, scopes), once per version of the graph.
 *
 * A document's import closure depends on the parse of every document it reaches and on which import targets are in
 * the document store. Both change only through the store (a document added, deleted or reset) and the document
 * factory (a new parse). The two classes below count those changes, per store: a memo made at one count is valid
 * until the next, so during one build (CLI `validate`, one editor update) each closure is walked once, not once per
 * document that needs it — what made validation of a 1,000-file import chain or hub take a minute (issue 18 item 8).
 *
 * A store that is not a `BillingLangiumDocuments` (not counted) is never memoised: every walk is done afresh.
 */
const versions = new WeakMap<object, { value: number }>();

/** The version of the import graph of `store`, or undefined when its changes are not counted. */
export function importGraphVersion(store: object): number | undefined {
    return versions.get(store)?.value;
}

function changed(store: object): void {
    const version = versions.get(store);
    if (version) version.value++;
}

/** The document store, counting every change that can change an import closure. */
export class BillingLangiumDocuments extends DefaultLangiumDocuments {
    constructor(services: LangiumSharedCoreServices) {
        super(services);
        versions.set(this, { value: 0 });
    }

    override addDocument(document: LangiumDocument): void {
        changed(this);
        super.addDocument(document);
    }

    override deleteDocument(uri: URI): LangiumDocument | undefined {
        changed(this);
        return super.deleteDocument(uri);
    }

    override deleteDocuments(folder: URI): LangiumDocument[] {
        changed(this);
        return super.deleteDocuments(folder);
    }

    override invalidateDocument(uri: URI): LangiumDocument | undefined {
        changed(this);
        return super.invalidateDocument(uri);
    }
}

/** The document factory, counting every new parse of a document already in the store. */
export class BillingLangiumDocumentFactory extends DefaultLangiumDocumentFactory {
    private readonly sharedServices: LangiumSharedCoreServices;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.sharedServices = services;
    }

    override async update<T extends AstNode = AstNode>(
        document: LangiumDocument<T>, cancellationToken: Cancellation.CancellationToken,
    ): Promise<LangiumDocument<T>> {
        const before = document.parseResult;
        try {
            return await super.update(document, cancellationToken);
        } finally {
            if (document.parseResult !== before) changed(this.sharedServices.workspace.LangiumDocuments);
        }
    }
}

/**
 * A memo of `compute(key)` for the current version of `store`'s import graph: computed at most once per key and
 * version. `slot` names the memo (one per kind of walk); without counted changes nothing is kept.
 */
export function memoisedForGraph<T>(store: object, slot: string, key: unknown, compute: () => T): T {
    const version = importGraphVersion(store);
    if (version === undefined) return compute();
    let memos = memosByStore.get(store);
    if (!memos || memos.version !== version) {
        memos = { version, slots: new Map() };
        memosByStore.set(store, memos);
    }
    let memo = memos.slots.get(slot);
    if (!memo) {
        memo = new Map();
        memos.slots.set(slot, memo);
    }
    if (memo.has(key)) return memo.get(key) as T;
    const value = compute();
    memo.set(key, value);
    return value;
}

const memosByStore = new WeakMap<object, { version: number; slots: Map<string, Map<unknown, unknown>> }>();
