import { EmptyFileSystem, type LangiumDocument, URI } from 'langium';
import { clearDocuments, parseHelper } from 'langium/test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createBillingServices } from '../../../language/billing-module.js';
import type { Policy } from '../../../language/generated/ast.js';

/** One set of services for a test file; `reset` between tests so documents do not see each other. */
export const services = createBillingServices(EmptyFileSystem).Billing;
const parse = parseHelper<Policy>(services);

let counter = 0;

/**
 * Parses and validates `text` (and first the `files` it may import, by path relative to it), and
 * returns the main document's diagnostics.
 */
export async function validate(text: string, files: Readonly<Record<string, string>> = {}): Promise<Diagnostic[]> {
    return (await validateDocument(text, files)).diagnostics ?? [];
}

export async function validateDocument(
    text: string, files: Readonly<Record<string, string>> = {},
): Promise<LangiumDocument<Policy>> {
    const folder = `file:///test${++counter}`;
    for (const [path, content] of Object.entries(files)) {
        await parse(content, { documentUri: `${folder}/${path}` });
    }
    return parse(text, { documentUri: `${folder}/main.billing`, validation: true });
}

/** Validates several documents together (as the CLI does) and returns the diagnostics of each, by path. */
export async function validateAll(files: Readonly<Record<string, string>>): Promise<Record<string, Diagnostic[]>> {
    const folder = `file:///test${++counter}`;
    const documents: LangiumDocument<Policy>[] = [];
    for (const [path, content] of Object.entries(files)) {
        const document = services.shared.workspace.LangiumDocumentFactory.fromString<Policy>(content, URI.parse(`${folder}/${path}`));
        services.shared.workspace.LangiumDocuments.addDocument(document);
        documents.push(document);
    }
    await services.shared.workspace.DocumentBuilder.build(documents, { validation: true });
    return Object.fromEntries(Object.keys(files).map((path, i) => [path, documents[i].diagnostics ?? []]));
}


export async function reset(): Promise<void> {
    await clearDocuments(services);
}

/** The codes of the diagnostics, in order. */
export function codes(diagnostics: readonly Diagnostic[]): string[] {
    return diagnostics.map(diagnostic => String(diagnostic.code));
}

/** Diagnostics with this code. */
export function withCode(diagnostics: readonly Diagnostic[], code: string): Diagnostic[] {
    return diagnostics.filter(diagnostic => diagnostic.code === code);
}

/** `line:column` (1-based) of each diagnostic's start, for asserting locations readably. */
export function starts(diagnostics: readonly Diagnostic[]): string[] {
    return diagnostics.map(d => `${d.range.start.line + 1}:${d.range.start.character + 1}`);
}

/** The text a diagnostic's range covers in `text`. */
export function coveredText(text: string, diagnostic: Diagnostic): string {
    const lines = text.split('\n');
    const { start, end } = diagnostic.range;
    if (start.line === end.line) return lines[start.line].substring(start.character, end.character);
    return [lines[start.line].substring(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].substring(0, end.character)].join('\n');
}

/** `[line (1-based), covered text]` of each diagnostic with `code`: where it points, readably. */
export function locations(text: string, diagnostics: readonly Diagnostic[], code: string): Array<[number, string]> {
    return withCode(diagnostics, code).map(d => [d.range.start.line + 1, coveredText(text, d)]);
}

/** A payer, three accounts and one plan: the start of most test policies. */
export const HEADER = [
    'payer 999999999999 "acme-management"',
    'account 111111111111 "web-prod"',
    'account 222222222222 "web-dev"',
    'account 333333333333 "data-prod"',
    'rule standard-markup { markup 7% }',
    'plan standard { rules standard-markup }',
].join('\n');

/** A group `web` (primary web-prod, members web-prod and web-dev, plan standard) with extra body lines. */
export function webGroup(...lines: string[]): string {
    return ['group web {', '  primary web-prod', '  accounts web-prod, web-dev', '  plan standard', ...lines.map(l => `  ${l}`), '}'].join('\n');
}

/** A group `data` holding data-prod, so that HEADER's accounts are all assigned. */
export const DATA_GROUP = 'group data {\n  primary data-prod\n  accounts data-prod\n  plan standard\n}';
