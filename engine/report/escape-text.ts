/**
 * Escaping for what people read: names and labels come from policies and billing data that others write (a pull
 * request, a shared CUR bucket), so a renderer never passes them raw. Every human-facing renderer escapes each
 * data- or policy-derived string through one of these at the point it enters the output, never the whole output.
 */

/**
 * C0 and C1 controls, DEL, line and paragraph separators and the bidirectional controls (Trojan Source): characters
 * that move the cursor, start a terminal escape or a new line (a forged `::error` workflow command), or reorder text.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One character as a visible escape: `\n`, `\x1b`, `\u202e`. */
function visible(char: string): string {
    const code = char.charCodeAt(0);
    return NAMED[char] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}

/** Text for a terminal or a log (table output, CI logs): control characters shown as escapes, on one line. */
export function terminalText(text: string): string {
    return text.replace(UNPRINTABLE, visible);
}

/**
 * Text for GitHub-flavoured Markdown (PR comments, job summaries), safe inline and in a table cell: control
 * characters as escapes (never a line break), HTML as entities (no `<!--` hiding the rest of a comment, no tags),
 * Markdown punctuation backslash-escaped (no links, images, emphasis, code spans, table cells or @mentions; no
 * heading or list at the start). Punctuation that only means something next to these (`(`, `!`, `-`) stays readable.
 */
export function markdownText(text: string): string {
    return terminalText(text)
        .replace(/[\\`*_[\]|~@]/g, (char) => `\\${char}`)
        .replace(/^[#+-]/, (char) => `\\${char}`)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;');
}

/** Text inside HTML elements or quoted attributes (the statement): every character that could open markup, as an entity. */
export function htmlText(text: string): string {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A plain decimal number (an amount, a quantity): a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/**
 * A CSV field a spreadsheet opens safely (the OWASP rule for CSV injection): text starting with `=`, `+`, `-`, `@`,
 * a tab or a line break gets a leading `'`, so Excel or Sheets shows it instead of evaluating it as a formula. Plain
 * numbers are never altered (an amount such as `-12.50` stays an amount). Machine pipelines that need the bytes as
 * they were ask for raw CSV (`--csv raw`).
 */
export function spreadsheetSafe(value: string): string {
    return /^[=+\-@\t\r\n]/.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}
