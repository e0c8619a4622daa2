import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { type LangiumDocument, URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { clearDocuments, parseHelper } from 'langium/test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createBillingServerServices } from '../../server/billing-server-module.js';
import type { BillingServerServices } from '../../server/server-services.js';
import type { Policy } from '../../language/generated/ast.js';

/** Fixtures of the server tests: a tiny CUR 2.0 file whose figures the tests work out by hand. */
export const FIXTURES = path.resolve('test/server/fixtures');
export const TINY_CUR = path.join(FIXTURES, 'tiny-cur.csv');
export const CATALOGUE_CUR = path.join(FIXTURES, 'catalogue-cur.csv');
export const TINY_POLICY = path.join(FIXTURES, 'tiny-policy.billing');
export const TINY_POLICY_TEXT = readFileSync(TINY_POLICY, 'utf8');

export interface Kit {
    readonly services: BillingServerServices;
    /** Parses, validates and opens a document (in the fixtures folder unless a path is given), and waits for its data. */
    open(text: string, file?: string): Promise<LangiumDocument<Policy>>;
    /** Runs every validation category, data included (what the server does once data is loaded). */
    validateWithData(document: LangiumDocument): Promise<Diagnostic[]>;
    reset(): Promise<void>;
}

let counter = 0;

export function createKit(settings: { dataPaths?: string[] | null; period?: string | null } = {}): Kit {
    const { Billing } = createBillingServerServices(NodeFileSystem);
    Billing.server.Data.configure({ dataPaths: settings.dataPaths === undefined ? [TINY_CUR] : settings.dataPaths, period: settings.period ?? null }, FIXTURES);
    const parse = parseHelper<Policy>(Billing);
    return {
        services: Billing,
        async open(text, file) {
            const uri = URI.file(file ?? path.join(FIXTURES, `test-${++counter}.billing`)).toString();
            // As the editor validates while typing: the data category runs only when asked for.
            const document = await parse(text, { documentUri: uri, validation: { categories: ['built-in', 'fast'] } });
            await Billing.server.Data.entryFor(document)?.settled;
            return document;
        },
        async validateWithData(document) {
            await Billing.shared.workspace.DocumentBuilder.build([document], { validation: true });
            return document.diagnostics ?? [];
        },
        reset: () => clearDocuments(Billing),
    };
}

/** The titles of a document's lenses, as `line: title` (1-based lines). */
export async function lensTitles(kit: Kit, document: LangiumDocument): Promise<string[]> {
    const lenses = await kit.services.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.textDocument.uri } }) ?? [];
    return lenses.map(lens => `${lens.range.start.line + 1}: ${lens.command?.title}`);
}

/**
 * `line: label` of the document's inlay hints. A group's figures (tagged `group`: the extension shows them only where
 * CodeLens is off) are left out unless `groups` asks for them.
 */
export async function hintLabels(kit: Kit, document: LangiumDocument, options: { groups?: boolean } = {}): Promise<string[]> {
    const end = document.textDocument.positionAt(document.textDocument.getText().length);
    const hints = (await kit.services.lsp.InlayHintProvider!.getInlayHints(document, {
        textDocument: { uri: document.textDocument.uri }, range: { start: { line: 0, character: 0 }, end },
    }) ?? []).filter(hint => options.groups || (hint.data as { kind?: string } | undefined)?.kind !== 'group');
    return hints.map(hint => `${hint.position.line + 1}: ${typeof hint.label === 'string' ? hint.label : hint.label.map(part => part.value).join('')}`);
}

/** The hover markdown at the first occurrence of `marker` in the document (offset into it by `shift`). */
export async function hoverAt(kit: Kit, document: LangiumDocument, marker: string, shift = 0): Promise<string | undefined> {
    const offset = document.textDocument.getText().indexOf(marker);
    if (offset < 0) throw new Error(`no '${marker}' in the document`);
    const hover = await kit.services.lsp.HoverProvider!.getHoverContent(document, {
        textDocument: { uri: document.textDocument.uri }, position: document.textDocument.positionAt(offset + shift),
    });
    const contents = hover?.contents;
    return contents && typeof contents === 'object' && 'value' in contents ? contents.value : undefined;
}
