/**
 * Issue 18, items 7 and 8: duplicates are reported in linear time with bounded related information, and import
 * graphs of any depth are walked without recursion, in time linear in the graph.
 */
import { EmptyFileSystem, type LangiumDocument, URI } from 'langium';
import { afterEach, describe, expect, it } from 'vitest';
import { createBillingServices } from '../../language/billing-module.js';
import { documentsSeeing } from '../../language/validation/policy-view.js';
import { MAX_RELATED } from '../../language/validation/report.js';
import { policyDocuments } from '../../language/workspace/policy-documents.js';
import { reset, validate } from '../language/validation/helpers.js';

afterEach(reset);

describe('duplicates: linear, each diagnostic bounded', () => {
    it('2,000 identical account lines: one BIL duplicate-id per line, at most 10 related places and a count', async () => {
        const started = performance.now();
        const diagnostics = await validate('account 111111111111 "web"\n'.repeat(2000));
        const elapsed = performance.now() - started;
        const duplicates = diagnostics.filter((d) => (d.relatedInformation?.length ?? 0) > 0);
        expect(duplicates.length).toBe(2000);
        for (const d of duplicates) {
            expect(d.relatedInformation!.length).toBe(MAX_RELATED + 1);
            expect(d.relatedInformation![MAX_RELATED]!.message).toBe('and 1,989 more (not listed)'); // 1,999 others − 10 listed
        }
        // The whole answer is a few hundred bytes per line, not megabytes (it was ~540 MB for 1,000 lines).
        expect(JSON.stringify(diagnostics).length).toBeLessThan(2000 * 4000);
        expect(elapsed).toBeLessThan(20_000);
    });

    it('rules, groups and auto-associate groups repeated: capped the same way; few duplicates list them all', async () => {
        const groups = Array.from({ length: 300 }, () => `group g { primary 111111111111 accounts 111111111111 plan p auto-associate }`).join('\n');
        const diagnostics = await validate(`account 111111111111 "web"\n${'rule r { markup 1% }\n'.repeat(300)}plan p { rules r }\n${groups}\n`);
        const related = diagnostics.map((d) => d.relatedInformation?.length ?? 0);
        expect(Math.max(...related)).toBe(MAX_RELATED + 1);
        await reset();
        const few = await validate('account 111111111111 "a"\naccount 111111111111 "a"\naccount 111111111111 "a"\n');
        const withRelated = few.filter((d) => (d.relatedInformation?.length ?? 0) > 0);
        expect(withRelated.map((d) => d.relatedInformation!.length)).toEqual([2, 2, 2]);
        expect(withRelated.flatMap((d) => d.relatedInformation!.map((r) => r.message)).every((m) => m === 'also declared here')).toBe(true);
    });

    it('same name, other ids: counted, capped', async () => {
        const lines = Array.from({ length: 50 }, (_, i) => `account ${String(100000000000 + i)} "shared-name"`).join('\n');
        const diagnostics = await validate(`${lines}\n`);
        const named = diagnostics.filter((d) => d.relatedInformation?.some((r) => r.message.startsWith('also the name of')));
        expect(named).toHaveLength(50);
        for (const d of named) expect(d.relatedInformation!.at(-1)!.message).toBe('and 39 more (not listed)'); // 49 others − 10
    });
});

describe('import graphs: no recursion limit, linear walks', () => {
    const services = createBillingServices(EmptyFileSystem).Billing;
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const store = services.shared.workspace.LangiumDocuments;
    const add = (path: string, text: string): LangiumDocument => {
        const document = factory.fromString(text, URI.parse(`file:///graph/${path}`));
        store.addDocument(document);
        return document;
    };

    it('a 12,000-file chain: the closure of the head has every file in order, the tail is seen by all', () => {
        const N = 12_000;
        const documents: LangiumDocument[] = [];
        for (let i = 0; i < N; i++) documents.push(add(`c${i}.billing`, `${i + 1 < N ? `import "c${i + 1}.billing"\n` : ''}rule r${i} { markup 1% }\n`));
        const started = performance.now();
        const closure = policyDocuments(documents[0]!, services);
        expect(closure.length).toBe(N);
        expect(closure[1]!.uri.path).toBe('/graph/c1.billing');
        expect(closure.at(-1)!.uri.path).toBe(`/graph/c${N - 1}.billing`);
        expect(documentsSeeing(documents[N - 1]!, services).length).toBe(N);
        expect(performance.now() - started).toBeLessThan(10_000);
        for (const document of documents) store.deleteDocument(document.uri);
    });

    it('depth-first in import order, each once, cycles terminate', () => {
        const a = add('a.billing', 'import "b.billing"\nimport "c.billing"\n');
        add('b.billing', 'import "d.billing"\nimport "a.billing"\n');
        add('c.billing', 'import "d.billing"\n');
        const d = add('d.billing', 'import "b.billing"\n');
        expect(policyDocuments(a, services).map((doc) => doc.uri.path)).toEqual(['/graph/a.billing', '/graph/b.billing', '/graph/d.billing', '/graph/c.billing']);
        expect(documentsSeeing(d, services).map((doc) => doc.uri.path).sort()).toEqual(['/graph/a.billing', '/graph/b.billing', '/graph/c.billing', '/graph/d.billing']);
    });
});
