/** HTML text helpers for the preview renderer: everything interpolated into markup goes through `escapeHtml`. */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

/** A stable element id for a group name (names may hold `. @ +`, which are legal in ids but awkward in selectors). */
export function groupElementId(groupName: string): string {
    return `group-${groupName.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}_`)}`;
}
