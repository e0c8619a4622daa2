/**
 * The 0-based line of the Markdown heading whose GitHub anchor is `anchor` (`## Pricing rules` → `pricing-rules`; a
 * repeated heading's anchor gets `-1`, `-2`… as GitHub numbers them), or undefined. Headings inside fenced code
 * blocks are not headings. Pure: the docs command and its tests share it.
 */
export function headingLine(markdown: string, anchor: string): number | undefined {
    const seen = new Map<string, number>();
    let fence: string | undefined;
    const lines = markdown.split(/\r?\n/);
    for (let line = 0; line < lines.length; line++) {
        const text = lines[line]!;
        const opening = /^ {0,3}(`{3,}|~{3,})/.exec(text);
        if (opening) {
            if (fence === undefined) fence = opening[1]![0];
            else if (opening[1]![0] === fence) fence = undefined;
            continue;
        }
        if (fence !== undefined) continue;
        const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
        if (!heading) continue;
        const slug = githubSlug(heading[1]!);
        const count = seen.get(slug) ?? 0;
        seen.set(slug, count + 1);
        if ((count === 0 ? slug : `${slug}-${count}`) === anchor) return line;
    }
    return undefined;
}

/** GitHub's heading anchor: lower case, punctuation dropped (letters, digits, spaces, `-`, `_` kept), spaces → `-`. */
export function githubSlug(heading: string): string {
    return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}
