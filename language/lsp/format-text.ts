import { type LangiumCoreServices, TextDocument, URI } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import { CANONICAL_FORMATTING_OPTIONS } from './billing-formatter.js';

/**
 * Formats `.billing` text with the language's formatter, outside any editor (CLI `fmt`, tests).
 * Returns `undefined` when the text has lexer or parser errors: a broken file is never rewritten.
 * `uri` only names the text (nothing is read or written). The result has `\n` line endings (an
 * editor applies its own end-of-line setting; Langium's formatter leaves `\r` where it finds it).
 */
export async function formatPolicyText(
    text: string, services: LangiumServices & LangiumCoreServices, uri = URI.parse('memory:///format.billing'),
): Promise<string | undefined> {
    text = withUnixLineEndings(text);
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, uri);
    const { lexerErrors, parserErrors } = document.parseResult;
    if (lexerErrors.length > 0 || parserErrors.length > 0) return undefined;
    const formatter = services.lsp.Formatter;
    if (!formatter) return text;
    const edits = await formatter.formatDocument(document, {
        textDocument: { uri: uri.toString() },
        options: CANONICAL_FORMATTING_OPTIONS,
    });
    return TextDocument.applyEdits(TextDocument.create(uri.toString(), 'billing', 0, text), edits);
}

/** String literals, comments, and line breaks, leftmost first, the way the lexer reads them. */
const LINE_BREAKS_OUTSIDE_STRINGS = /("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|(\/\/[^\n\r]*)|(\/\*[\s\S]*?\*\/)|\r\n?/g;

/** `\r\n` and `\r` become `\n`, except inside string literals, whose text is part of the policy's meaning. */
function withUnixLineEndings(text: string): string {
    if (!text.includes('\r')) return text;
    return text.replace(LINE_BREAKS_OUTSIDE_STRINGS, (_match, literal?: string, lineComment?: string, blockComment?: string) =>
        literal ?? lineComment ?? blockComment?.replace(/\r\n?/g, '\n') ?? '\n');
}
