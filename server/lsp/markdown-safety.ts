import type { Hover } from 'vscode-languageserver';

/**
 * The last boundary of every Markdown the server sends (hovers, tooltips): no image (a remote one is a tracking
 * pixel fetched on hover), no link, no raw HTML, whatever a name from the data or a doc comment of a pull request
 * holds. The server's own Markdown uses none of these; data-derived text is also escaped where it is interpolated
 * (`markdownText`).
 */
export function safeMarkdown(markdown: string): string {
    return markdown
        .replace(/</g, '&lt;')
        .replace(/!\[/g, '!\\[')
        .replace(/\]\(/g, ']\\(')
        .replace(/\]\[/g, ']\\[')
        .replace(/^(\s*\[[^\]]*\]):/gm, '$1\\:'); // reference-style link definitions
}

/** A hover with its Markdown made safe (see `safeMarkdown`). */
export function safeHover(hover: Hover | undefined): Hover | undefined {
    const contents = hover?.contents;
    if (!hover || !contents || typeof contents !== 'object' || !('kind' in contents) || contents.kind !== 'markdown') return hover;
    return { ...hover, contents: { kind: 'markdown', value: safeMarkdown(contents.value) } };
}
