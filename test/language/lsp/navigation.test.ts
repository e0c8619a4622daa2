import { EmptyFileSystem, type LangiumDocument, URI } from 'langium';
import { clearDocuments } from 'langium/test';
import { afterEach, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location, LocationLink, TextEdit } from 'vscode-languageserver-types';
import { createBillingServices } from '../../../language/billing-module.js';

const services = createBillingServices(EmptyFileSystem).Billing;
afterEach(() => clearDocuments(services));

const ACCOUNTS = 'account 111111111111 "web prod"\naccount 222222222222 "web-dev"\n';
const MAIN = [
    'import "shared/accounts.billing"',
    'rule base { markup 5% }',
    'plan p { rules base }',
    'group web {',
    '  primary "web prod"',
    '  accounts 111111111111, web-dev',
    '  plan p',
    '}',
].join('\n');

async function load(): Promise<{ main: LangiumDocument; shared: LangiumDocument }> {
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const shared = factory.fromString(ACCOUNTS, URI.parse('file:///ws/shared/accounts.billing'));
    const main = factory.fromString(MAIN, URI.parse('file:///ws/main.billing'));
    services.shared.workspace.LangiumDocuments.addDocument(shared);
    services.shared.workspace.LangiumDocuments.addDocument(main);
    await services.shared.workspace.DocumentBuilder.build([shared, main], { validation: true });
    expect(main.diagnostics?.filter(d => d.severity === 1)).toEqual([]);
    return { main, shared };
}

const at = (document: LangiumDocument, marker: string, shift = 0) =>
    document.textDocument.positionAt(document.textDocument.getText().indexOf(marker) + shift);
const textOf = (document: LangiumDocument, range: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    document.textDocument.getText(range);

describe('navigation', () => {
    it('go to definition: an account written by id → its declaration in the imported file', async () => {
        const { main, shared } = await load();
        const links = await services.lsp.DefinitionProvider!.getDefinition(main, { textDocument: { uri: main.textDocument.uri }, position: at(main, '111111111111', 3) }) as LocationLink[];
        expect(links.map(link => [link.targetUri, textOf(shared, link.targetSelectionRange)])).toEqual([[shared.textDocument.uri, '111111111111']]);
    });

    it('go to definition: an account name and an import path', async () => {
        const { main, shared } = await load();
        const byName = await services.lsp.DefinitionProvider!.getDefinition(main, { textDocument: { uri: main.textDocument.uri }, position: at(main, '"web prod"', 2) }) as LocationLink[];
        expect(byName.map(link => link.targetUri)).toEqual([shared.textDocument.uri]);
        const byImport = await services.lsp.DefinitionProvider!.getDefinition(main, { textDocument: { uri: main.textDocument.uri }, position: at(main, 'shared/', 2) }) as LocationLink[];
        expect(byImport.map(link => link.targetUri)).toEqual(['file:///ws/shared/accounts.billing']);
    });

    it('find references: an account\'s name and id uses, across files', async () => {
        const { main, shared } = await load();
        const locations = await services.lsp.ReferencesProvider!.findReferences(shared, {
            textDocument: { uri: shared.textDocument.uri }, position: at(shared, 'web prod', 1), context: { includeDeclaration: true },
        }) as Location[];
        const texts = locations.map(location => `${location.uri.endsWith('main.billing') ? 'main' : 'shared'}:${textOf(location.uri.endsWith('main.billing') ? main : shared, location.range)}`);
        expect(texts.sort()).toEqual(['main:"web prod"', 'main:111111111111', 'shared:"web prod"']);
    });

    it('rename an account: a string where declared, a plain word (or string) where used', async () => {
        const { main, shared } = await load();
        const prepared = await services.lsp.RenameProvider!.prepareRename(shared, { textDocument: { uri: shared.textDocument.uri }, position: at(shared, 'web prod', 1) });
        expect(textOf(shared, prepared!)).toBe('web prod');
        const edit = await services.lsp.RenameProvider!.rename(shared, { textDocument: { uri: shared.textDocument.uri }, position: at(shared, 'web prod', 1), newName: 'web-production' });
        const apply = (document: LangiumDocument): string => TextDocument.applyEdits(document.textDocument, (edit!.changes![document.textDocument.uri] ?? []) as TextEdit[]);
        expect(apply(shared)).toBe('account 111111111111 "web-production"\naccount 222222222222 "web-dev"\n');
        expect(apply(main)).toContain('  primary web-production\n');
        const spaced = await services.lsp.RenameProvider!.rename(main, { textDocument: { uri: main.textDocument.uri }, position: at(main, 'web-dev', 1), newName: 'web dev' });
        expect(TextDocument.applyEdits(main.textDocument, spaced!.changes![main.textDocument.uri]!)).toContain('accounts 111111111111, "web dev"');
        expect(TextDocument.applyEdits(shared.textDocument, spaced!.changes![shared.textDocument.uri]!)).toContain('account 222222222222 "web dev"');
    });

    it('rename a rule: refuses a name the language cannot read', async () => {
        const { main } = await load();
        const params = { textDocument: { uri: main.textDocument.uri }, position: at(main, 'base {', 1) };
        await expect(services.lsp.RenameProvider!.rename(main, { ...params, newName: 'two words' })).rejects.toThrow(/not a valid name/);
        const edit = await services.lsp.RenameProvider!.rename(main, { ...params, newName: 'standard' });
        expect(TextDocument.applyEdits(main.textDocument, edit!.changes![main.textDocument.uri]!)).toContain('rule standard { markup 5% }\nplan p { rules standard }');
    });

    it('links import paths and data files', async () => {
        const { main } = await load();
        const links = await services.lsp.DocumentLinkProvider!.getDocumentLinks(main, { textDocument: { uri: main.textDocument.uri } });
        expect(links.map(link => [textOf(main, link.range), link.target])).toEqual([['shared/accounts.billing', 'file:///ws/shared/accounts.billing']]);
    });
});
