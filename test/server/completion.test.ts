import { afterAll, describe, expect, it } from 'vitest';
import type { CompletionItem } from 'vscode-languageserver';
import { KEYWORD_DOCS } from '../../server/lsp/keyword-docs.js';
import { createKit, TINY_POLICY_TEXT, type Kit } from './server-kit.js';

/** Completion items at the end of `text` (or at `<|>`), and the text after accepting `pick`. */
async function complete(kit: Kit, text: string): Promise<{ items: CompletionItem[]; accept: (label: string) => string }> {
    const cursor = text.indexOf('<|>');
    const source = cursor >= 0 ? text.replace('<|>', '') : text;
    const document = await kit.open(source);
    const position = document.textDocument.positionAt(cursor >= 0 ? cursor : source.length);
    const list = await kit.services.lsp.CompletionProvider!.getCompletion(document, { textDocument: { uri: document.textDocument.uri }, position });
    const items = list?.items ?? [];
    return {
        items,
        accept: label => {
            const item = items.find(candidate => candidate.label === label)!;
            const edit = item.textEdit as { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
            const start = document.textDocument.offsetAt(edit.range.start);
            const end = document.textDocument.offsetAt(edit.range.end);
            return source.substring(0, start) + edit.newText + source.substring(end);
        },
    };
}

const labels = (items: CompletionItem[]): string[] => items.map(item => String(item.label));

describe('completion from the loaded data', () => {
    const kit = createKit();
    afterAll(() => kit.reset());

    it('offers the service codes of the data after `service` (most line items first), not name-keywords', async () => {
        const { items } = await complete(kit, 'rule r { markup 5% service ');
        // tiny-cur.csv: AmazonEC2 3 line items, AmazonS3 2, AmazonRDS 2
        expect(labels(items).slice(0, 3)).toEqual(['AmazonEC2', 'AmazonRDS', 'AmazonS3']);
        expect(labels(items)).not.toContain('data');
        expect(labels(items)).not.toContain('tier');
        expect(items[0]!.detail).toBe('service · 3 line items');
    });

    it('offers usage types of the rule\'s service first, quoted when they need quotes', async () => {
        const { items, accept } = await complete(kit, 'rule r { discount 5% service AmazonEC2 usage-type ');
        expect(labels(items).slice(0, 2).sort()).toEqual(['USE1-BoxUsage:m5.large', 'USE1-BoxUsage:t3.micro']);
        expect(labels(items)).toContain('USE1-TimedStorage-ByteHrs');
        expect(accept('USE1-BoxUsage:m5.large')).toBe('rule r { discount 5% service AmazonEC2 usage-type "USE1-BoxUsage:m5.large"');
    });

    it('completes inside an opened quote', async () => {
        const { items, accept } = await complete(kit, 'rule r { discount 5% service AmazonEC2 operation "Run');
        expect(labels(items)).toEqual(['RunInstances']);
        expect(accept('RunInstances')).toBe('rule r { discount 5% service AmazonEC2 operation "RunInstances"');
    });

    it('offers billing entities and services after presented-as', async () => {
        expect(labels((await complete(kit, 'rule r { markup 1% billing-entity ')).items)).toContain('AWS');
        const text = 'account 111111111111 "web-prod"\nrule b { markup 1% }\nplan p { rules b }\ngroup g {\n  primary web-prod\n  accounts web-prod\n  plan p\n  fee f flat 1 presented-as ';
        expect(labels((await complete(kit, text)).items)).toContain('AmazonS3');
        const filter = text.replace('fee f flat 1 presented-as ', 'fee f 2% of charges service != ');
        expect(labels((await complete(kit, filter)).items)).toEqual(expect.arrayContaining(['AmazonEC2', 'AmazonRDS', 'AmazonS3']));
    });

    it('offers account ids of the data (with their names) and declared names after primary, accounts and account', async () => {
        const base = 'account 111111111111 "web-prod"\nrule b { markup 1% }\nplan p { rules b }\ngroup g {\n  plan p\n';
        const primary = await complete(kit, `${base}  primary `);
        expect(labels(primary.items)).toEqual(expect.arrayContaining(['111111111111', '222222222222', '333333333333', '555555555555', 'web-prod']));
        expect(primary.items.find(item => item.label === '555555555555')?.detail).toBe('sandbox · account · 1 line items');
        expect(labels((await complete(kit, `${base}  accounts web-prod, `)).items)).toContain('222222222222');
        expect(labels((await complete(kit, `${base}  fee f flat 1 account `)).items)).toContain('333333333333');
    });

    it('keeps keyword completion', async () => {
        expect(labels((await complete(kit, 'rule r { ')).items)).toEqual(expect.arrayContaining(['markup', 'discount', 'tiering', 'service', 'usage-type']));
    });

    it('offers no data values when no data is loaded', async () => {
        const none = createKit({ dataPaths: [`${process.cwd()}/test/server/fixtures/none.csv`] });
        expect(labels((await complete(none, 'rule r { markup 5% service ')).items)).toEqual([]);
        await none.reset();
    });

    it('does not offer `primary` or `plan` again in a group that has one', async () => {
        const base = 'account 111111111111 "web-prod"\nrule b { markup 1% }\nplan p { rules b }\n';
        const full = labels((await complete(kit, `${base}group g {\n  primary web-prod\n  plan p\n  <|>\n}\n`)).items);
        expect(full).toContain('accounts');
        expect(full).not.toContain('primary');
        expect(full.filter(label => label === 'plan')).toEqual([]);
        const empty = labels((await complete(kit, `${base}group g {\n  <|>\n}\n`)).items);
        expect(empty).toEqual(expect.arrayContaining(['primary', 'plan', 'accounts']));
    });

    it('offers snippets for every top-level declaration and for fee and credit, documented by the keyword hover', async () => {
        const top = (await complete(kit, '<|>')).items.filter(item => item.kind === 15 /* Snippet */);
        expect(top.map(item => item.label).sort()).toEqual(['account', 'closed', 'data', 'group', 'import', 'payer', 'plan', 'rule']);
        expect(top.find(item => item.label === 'group')!.insertText).toBe('group ${1:name} {\n\tprimary ${2:account}\n\taccounts ${3:account}\n\tplan ${4:plan}\n}');
        expect(top.find(item => item.label === 'account')!.insertText).toBe('account ${1:111111111111} "${2:name}"');
        expect(top.find(item => item.label === 'closed')!.insertText).toBe('closed through ${1:YYYY-MM}');
        expect(top.every(item => item.insertTextFormat === 2 /* Snippet */ && /\$\{1[:|]/.test(item.insertText!))).toBe(true);
        expect(top.every(item => typeof item.detail === 'string' && item.detail.length > 0 && item.detail.length <= 60)).toBe(true);
        expect(top.find(item => item.label === 'plan')!.documentation).toEqual({ kind: 'markdown', value: KEYWORD_DOCS['Plan:plan'] });
        expect(top.find(item => item.label === 'payer')!.documentation).toEqual({ kind: 'markdown', value: KEYWORD_DOCS.payer });
        // The keywords themselves are still offered next to their snippets.
        expect(top.length).toBeLessThan((await complete(kit, '<|>')).items.length);
        const inGroup = (await complete(kit, 'group g {\n  <|>\n}\n')).items.filter(item => item.kind === 15);
        expect(inGroup.map(item => item.label).sort()).toEqual(['credit', 'fee']);
        expect(inGroup.find(item => item.label === 'credit')!.insertText).toBe('credit ${1:name} ${2:${3:5}% of charges}');
    });

    it('a snippet\'s text, its placeholders filled in, is a declaration the language accepts', async () => {
        const top = (await complete(kit, '<|>')).items.filter(item => item.kind === 15);
        const inGroup = (await complete(kit, 'group g {\n  <|>\n}\n')).items.filter(item => item.kind === 15);
        // Placeholders by their default text (choices: the first); YYYY-MM is a placeholder the author types over.
        const fill = (body: string) => body.replace(/\$\{\d+\|([^,|]+)[^}]*\}/g, '$1').replace(/\$\{\d+:([^${}]*)\}/g, '$1').replace(/\$\{\d+:([^{}]*)\}/g, '$1').replace('YYYY-MM', '2026-01');
        const declarations = top.filter(item => item.label !== 'group' && item.label !== 'import').map(item => fill(item.insertText!));
        const text = [...declarations, 'account 222222222222 "account"', 'group g {', ...inGroup.map(item => `  ${fill(item.insertText!)}`), '  primary account', '  accounts account', '  plan name', '}', ''].join('\n');
        const document = await kit.open(text);
        expect(document.parseResult.parserErrors.map(error => error.message)).toEqual([]);
        expect(document.parseResult.lexerErrors).toEqual([]);
    });

    it('shows each account with its group and AWS cost in the period shown', async () => {
        // tiny-cur.csv, 2026-03 (the latest period): web-dev 10.00 of EC2 (group web), sandbox 5.00 of S3 (in no group).
        const { items } = await complete(kit, TINY_POLICY_TEXT.replace('  primary web-prod', '  primary <|>web-prod'));
        expect(items.find(item => item.label === 'web-dev')?.detail).toBe('222222222222 · group web · $10.00 in 2026-03');
        expect(items.find(item => item.label === 'data-prod')?.detail).toBe('333333333333 · group data · $50.00 in 2026-03');
        expect(items.find(item => item.label === '555555555555')?.detail).toBe('sandbox · unassigned · $5.00 in 2026-03');
    });
});
