/**
 * Issue 18, items 7 and 8: duplicates are reported in linear time with bounded related information, and import
 * graphs of any depth are walked without recursion, in time linear in the graph.
 */
import { EmptyFileSystem, type LangiumDocument, URI } from 'langium';
import { afterEach, describe, expect, it } from 'vitest';
import { createBillingServices } from '../../language/billing-module.js';
import { collectStatements, documentsSeeing, groupsSeeing, namedAccountIds } from '../../language/validation/policy-view.js';
import { Issues } from '../../language/validation/issue-codes.js';
import { MAX_RELATED } from '../../language/validation/report.js';
import { onCommonImportCycle, policyDocuments, reachableImportUris } from '../../language/workspace/policy-documents.js';
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

    it('a 12,000-file chain validated, then edited as the editor does: no recursion limit anywhere, references resolve down the chain', async () => {
        // Each file imports the next and its plan lists the next file's rule: scoping, every check across the policy,
        // the relinking of importers on an edit and the refresh of imported files all walk 12,000 deep.
        const N = 12_000;
        const builder = services.shared.workspace.DocumentBuilder;
        const documents: LangiumDocument[] = [];
        const text = (i: number, rule = `r${i + 1}`): string =>
            `${i + 1 < N ? `import "d${i + 1}.billing"\n` : ''}account ${String(100000000000 + i)} "a${i}"\nrule r${i} { markup 1% }\nplan p${i} { rules ${i + 1 < N ? rule : `r${i}`} }\n`
            + `group g${i} { primary ${String(100000000000 + i)} accounts ${String(100000000000 + i)} plan p${i} }\n`;
        for (let i = 0; i < N; i++) documents.push(add(`deep/d${i}.billing`, text(i)));
        await builder.build(documents, { validation: true });
        const errors = documents.flatMap((document) => (document.diagnostics ?? []).filter((d) => d.severity === 1));
        expect(errors).toEqual([]);
        // Unused: only r0 (no plan lists it) — r1…r11999 are listed by the plan of the file before.
        const unused = documents.flatMap((document, i) => (document.diagnostics ?? []).filter((d) => d.code === Issues.unusedRule.code).map(() => i));
        expect(unused).toEqual([0]);
        const head = documents[0]!.parseResult.value as unknown as { statements: Array<{ $type: string; ruleLists?: Array<{ rules: Array<{ ref?: { name: string; $container: unknown } }> }> }> };
        const plan = head.statements.find((statement) => statement.$type === 'Plan')!;
        expect(plan.ruleLists![0]!.rules[0]!.ref?.name).toBe('r1');
        // An edit at the tail (the editor's update): every file above it is relinked, none overflows the stack.
        const tail = documents[N - 1]!;
        await builder.update([], [tail.uri]);
        const before = documents[N - 2]!;
        expect(before.diagnostics?.map((d) => d.code)).toContain(Issues.importNotFound.code);
        expect(before.diagnostics?.some((d) => d.message.includes(`r${N - 1}`))).toBe(true); // its plan's rule is gone too
        for (const document of documents.slice(0, N - 1)) store.deleteDocument(document.uri);
    }, 300_000);

    it('depth-first in import order, each once, cycles terminate', () => {
        const a = add('a.billing', 'import "b.billing"\nimport "c.billing"\n');
        add('b.billing', 'import "d.billing"\nimport "a.billing"\n');
        add('c.billing', 'import "d.billing"\n');
        const d = add('d.billing', 'import "b.billing"\n');
        expect(policyDocuments(a, services).map((doc) => doc.uri.path)).toEqual(['/graph/a.billing', '/graph/b.billing', '/graph/d.billing', '/graph/c.billing']);
        expect(documentsSeeing(d, services).map((doc) => doc.uri.path).sort()).toEqual(['/graph/a.billing', '/graph/b.billing', '/graph/c.billing', '/graph/d.billing']);
    });

    it('memoised walks follow every change of the graph: a document added, deleted or parsed again', async () => {
        const x = add('m/x.billing', 'import "y.billing"\n');
        expect(policyDocuments(x, services).map((doc) => doc.uri.path)).toEqual(['/graph/m/x.billing']);
        expect([...reachableImportUris(x, services)]).toEqual(['file:///graph/m/y.billing']);
        const y = add('m/y.billing', 'import "z.billing"\naccount 111111111111 "y"\n');
        expect(policyDocuments(x, services).map((doc) => doc.uri.path)).toEqual(['/graph/m/x.billing', '/graph/m/y.billing']);
        expect([...reachableImportUris(x, services)]).toEqual(['file:///graph/m/y.billing', 'file:///graph/m/z.billing']);
        const z = add('m/z.billing', 'import "x.billing"\ngroup g { primary 111111111111 accounts 111111111111 plan BasicPricingPlan }\n');
        expect(onCommonImportCycle(x, z, services)).toBe(true);
        expect(groupsSeeing(y, services).names('111111111111')).toBe(true); // z imports y through x
        // A new parse of z (its import removed): the cycle, the closure and who sees y change with it.
        const text = 'group g { primary 111111111111 accounts 111111111111 plan BasicPricingPlan }\n';
        (services.shared.workspace.FileSystemProvider as unknown as { readFile: () => Promise<string> }).readFile = async () => text;
        Object.defineProperty(z, 'textDocument', { value: undefined, configurable: true });
        await factory.update(z, undefined as never);
        expect(onCommonImportCycle(x, z, services)).toBe(false);
        expect(policyDocuments(x, services).map((doc) => doc.uri.path)).toEqual(['/graph/m/x.billing', '/graph/m/y.billing', '/graph/m/z.billing']);
        expect(groupsSeeing(y, services).names('111111111111')).toBe(false);
        store.deleteDocument(y.uri);
        expect(policyDocuments(x, services).map((doc) => doc.uri.path)).toEqual(['/graph/m/x.billing']);
        for (const document of [x, z]) store.deleteDocument(document.uri);
    });

    it('groupsSeeing answers as the groups of documentsSeeing, on a random graph', () => {
        let seed = 7;
        const random = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
        const N = 40;
        const documents: LangiumDocument[] = [];
        for (let i = 0; i < N; i++) {
            const imports = Array.from({ length: random(3) }, () => `import "r${random(N + 2)}.billing"\n`).join(''); // some targets missing
            const id = String(100000000000 + random(12));
            const group = random(3) === 0 ? `group g${i} { primary ${id} accounts ${id} plan BasicPricingPlan${random(10) === 0 ? ' auto-associate' : ''} }\n` : '';
            documents.push(add(`r${i}.billing`, `${imports}${group}`));
        }
        for (const document of documents) {
            const expected = collectStatements(documentsSeeing(document, services)).groups;
            const answer = groupsSeeing(document, services);
            expect(answer.autoAssociate).toBe(expected.some((g) => g.members.some((m) => m.$type === 'AutoAssociate')));
            const named = namedAccountIds(expected);
            for (let k = 0; k < 12; k++) {
                const id = String(100000000000 + k);
                expect(answer.names(id)).toBe(named.has(id));
            }
        }
        for (const document of documents) store.deleteDocument(document.uri);
    });
});
