/**
 * Issue 18 item 8: scoping and the checks across a policy answer from indexes of the whole store and the import
 * graph's reach (language/workspace/import-reach.ts, language/validation/policy-index.ts, the import-closure scope)
 * instead of collecting each document's import closure. On random import graphs (cycles, missing targets,
 * duplicate names and ids, payers, auto-associate groups, references by name) and after random edits in the editor's
 * way (a file's text and imports changed, a file deleted, a file added), these answers must equal the plain ones:
 * - `importReach(a).reaches(b)` equals "b is reached from a" by a breadth-first walk written here, over the imports
 *   as they are in the store now (a stale cache fails this after an edit);
 * - every document's diagnostics equal those of the same edits replayed with the plain computation
 *   (`usePlainImportClosures(true)`: walk the closure, collect its statements, a scope of its exports), which is
 *   what the code did before the indexes.
 */
import fc from 'fast-check';
import { EmptyFileSystem, type LangiumDocument, URI } from 'langium';
import { setTextDocument } from 'langium/test';
import { afterEach, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createBillingServices, type BillingServices } from '../../language/billing-module.js';
import { importReach, usePlainImportClosures } from '../../language/workspace/import-reach.js';
import { importsOf, mergedPolicyDocuments } from '../../language/workspace/policy-documents.js';

const FILES = 7;
const uriOf = (file: number): string => `file:///graph/f${file}.billing`;

/** A random policy file: imports (some of files that never exist), then statements from small pools of names. */
const fileText = fc.record({
    imports: fc.array(fc.integer({ min: 0, max: FILES + 1 }), { maxLength: 3 }),
    accounts: fc.array(fc.record({ id: fc.integer({ min: 0, max: 3 }), name: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }), payer: fc.boolean() }), { maxLength: 3 }),
    rules: fc.array(fc.constantFrom('r', 's'), { maxLength: 2 }),
    plans: fc.array(fc.record({ name: fc.constantFrom('p', 'q'), rule: fc.constantFrom('r', 's', 'zz') }), { maxLength: 2 }),
    groups: fc.array(fc.record({
        name: fc.constantFrom('g', 'h', 'k'),
        primary: fc.oneof(fc.integer({ min: 0, max: 3 }).map(id => String(100000000000 + id)), fc.constantFrom('a', 'b')),
        members: fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }).map(id => String(100000000000 + id)), fc.constantFrom('a', 'c')), { minLength: 1, maxLength: 3 }),
        plan: fc.constantFrom('p', 'q', 'BasicPricingPlan', 'zz'),
        auto: fc.boolean(),
    }), { maxLength: 2 }),
}).map(file => [
    ...file.imports.map(target => `import "f${target}.billing"`),
    ...file.accounts.map(account => `${account.payer ? 'payer' : 'account'} ${100000000000 + account.id}${account.name ? ` "${account.name}"` : ''}`),
    ...file.rules.map(rule => `rule ${rule} { markup 1% }`),
    ...file.plans.map(plan => `plan ${plan.name} { rules ${plan.rule} }`),
    ...file.groups.map(group => `group ${group.name} { primary ${group.primary} accounts ${group.members.join(', ')} plan ${group.plan}${group.auto ? ' auto-associate' : ''} }`),
].join('\n') + '\n');

type Edit = { readonly kind: 'write'; readonly file: number; readonly text: string } | { readonly kind: 'delete'; readonly file: number };
const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ kind: fc.constant('write' as const), file: fc.integer({ min: 0, max: FILES - 1 }), text: fileText }),
    fc.record({ kind: fc.constant('delete' as const), file: fc.integer({ min: 0, max: FILES - 1 }) }),
);

/** One editor session: open text documents, `update` with what changed, as the language server does. */
class Session {
    readonly services: BillingServices = createBillingServices(EmptyFileSystem).Billing;
    private version = 0;

    constructor(private readonly plain: boolean) {}

    async apply(edits: readonly Edit[]): Promise<void> {
        const changed: URI[] = [];
        const deleted: URI[] = [];
        for (const change of edits) {
            const uri = uriOf(change.file);
            if (change.kind === 'write') {
                setTextDocument(this.services, TextDocument.create(uri, 'billing', ++this.version, change.text));
                changed.push(URI.parse(uri));
            } else if (this.services.shared.workspace.LangiumDocuments.hasDocument(URI.parse(uri))) {
                deleted.push(URI.parse(uri));
            }
        }
        const writtenAfter = new Set(changed.map(uri => uri.toString()));
        await this.run(() => this.services.shared.workspace.DocumentBuilder.update(changed, deleted.filter(uri => !writtenAfter.has(uri.toString()))));
    }

    /** Every document's diagnostics (sorted by file), as plain data. */
    diagnostics(): Array<{ file: string; diagnostics: unknown }> {
        return [...this.services.shared.workspace.LangiumDocuments.all]
            .map(document => ({ file: document.uri.toString(), diagnostics: JSON.parse(JSON.stringify(document.diagnostics ?? [])) as unknown }))
            .sort((a, b) => a.file.localeCompare(b.file));
    }

    private async run(action: () => Promise<void>): Promise<void> {
        usePlainImportClosures(this.plain);
        try {
            await action();
        } finally {
            usePlainImportClosures(false);
        }
    }
}

/** "b is reached from a": a breadth-first walk over the imports of the stored documents, written here. */
function reachedFrom(start: LangiumDocument, services: BillingServices): Set<LangiumDocument> {
    const store = services.shared.workspace.LangiumDocuments;
    const reached = new Set<LangiumDocument>([start]);
    const queue = [start];
    while (queue.length > 0) {
        for (const { target } of importsOf(queue.shift()!)) {
            const imported = store.getDocument(target);
            if (imported && !reached.has(imported)) {
                reached.add(imported);
                queue.push(imported);
            }
        }
    }
    return reached;
}

function expectReachAsWalked(services: BillingServices): void {
    const documents = [...services.shared.workspace.LangiumDocuments.all];
    const reach = importReach(services);
    for (const from of documents) {
        const walked = reachedFrom(from, services);
        for (const to of documents) expect(reach.reaches(from, to), `${from.uri.path} → ${to.uri.path}`).toBe(walked.has(to));
    }
    // The merged policy of entries (the CLI's loaded documents): each entry's closure in walk order, each file once.
    for (const entries of [documents, [...documents].reverse()]) {
        const expected: string[] = [];
        for (const entry of entries) {
            for (const document of depthFirst(entry, services)) if (!expected.includes(document.uri.path)) expected.push(document.uri.path);
        }
        expect(mergedPolicyDocuments(entries, services).map(document => document.uri.path)).toEqual(expected);
    }
}

/** A document's policy as policyDocuments defines it: depth-first in import order, each once (recursive here). */
function depthFirst(start: LangiumDocument, services: BillingServices): LangiumDocument[] {
    const store = services.shared.workspace.LangiumDocuments;
    const order: LangiumDocument[] = [];
    const visit = (document: LangiumDocument): void => {
        if (order.includes(document)) return;
        order.push(document);
        for (const { target } of importsOf(document)) {
            const imported = store.getDocument(target);
            if (imported) visit(imported);
        }
    };
    visit(start);
    return order;
}

describe('import closures: indexed answers equal the plain computation', () => {
    afterEach(() => usePlainImportClosures(false));

    it('random import graphs, then random edits (imports changed, files deleted and added): reach and every diagnostic', async () => {
        await fc.assert(fc.asyncProperty(
            fc.array(fileText, { minLength: 2, maxLength: FILES }),
            fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { maxLength: 4 }),
            async (initial, steps) => {
                const indexed = new Session(false);
                const plain = new Session(true);
                const first: Edit[] = initial.map((text, file) => ({ kind: 'write', file, text }));
                for (const edits of [first, ...steps]) {
                    await indexed.apply(edits);
                    await plain.apply(edits);
                    expectReachAsWalked(indexed.services);
                    expect(indexed.diagnostics()).toEqual(plain.diagnostics());
                }
            },
        ), { numRuns: 60, seed: 1808 });
    });

    it('the properties can fail: a reach that ignores an edit is caught', async () => {
        const session = new Session(false);
        await session.apply([{ kind: 'write', file: 0, text: 'import "f1.billing"\n' }, { kind: 'write', file: 1, text: 'rule r { markup 1% }\n' }]);
        const store = session.services.shared.workspace.LangiumDocuments;
        const [f0, f1] = [0, 1].map(file => store.getDocument(URI.parse(uriOf(file)))!);
        const before = importReach(session.services);
        expect(before.reaches(f0!, f1!)).toBe(true);
        await session.apply([{ kind: 'write', file: 0, text: 'rule s { markup 1% }\n' }]);
        const g0 = store.getDocument(URI.parse(uriOf(0)))!;
        expect(importReach(session.services).reaches(g0, f1!)).toBe(false);
        expect(reachedFrom(g0, session.services).has(f1!)).toBe(false);
        // The memo of the earlier graph answered for the earlier imports: kept, it would be the stale answer.
        expect(before.reaches(f0!, f1!)).toBe(true);
    });
});
