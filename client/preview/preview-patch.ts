import type { GroupView, PreviewView } from './render-preview.js';

/**
 * Incremental preview updates (issue 11, defect 6): the host keeps what the webview shows (the parts and groups of the
 * last view it posted) and posts only what a new view changes. A keystroke that changes one group's fee posts that
 * group's table row and head (its details are asked for again only if its section is open) and the headline figures,
 * not the whole bill. Pure: unit-tested without VS Code.
 */

/** What the webview shows, as far as the host knows. */
export interface ShownView {
    readonly order: readonly string[];
    readonly parts: ReadonlyMap<string, string>;
    readonly groupOrder: readonly string[];
    readonly groups: ReadonlyMap<string, ShownGroup>;
    /** Last version number given out (a group's version changes with what its section shows). */
    readonly version: number;
}

export interface ShownGroup {
    readonly sig: string;
    readonly row: string;
    readonly head: string;
    /** The version of the group's section (0: as first rendered). */
    readonly v: number;
}

/** A group whose row, head or details changed. Row and head are absent when unchanged. */
export interface GroupPatch {
    readonly name: string;
    readonly id: string;
    readonly v: number;
    readonly row?: string;
    readonly head?: string;
}

/** The message posted to the webview (HTML strings are rendered, every data-derived string escaped, by the host). */
export interface PreviewPatch {
    readonly type: 'patch';
    /** Part keys in order, when they changed. */
    readonly order?: readonly string[];
    /** Parts whose HTML changed. */
    readonly parts: Readonly<Record<string, string>>;
    /** Group names in order, when they changed. */
    readonly groupOrder?: readonly string[];
    readonly groups: readonly GroupPatch[];
    /** New groups start collapsed. */
    readonly collapsed: boolean;
}

/** What the webview shows after the first render of `view` (every group at version 0). */
export function shownOf(view: PreviewView): ShownView {
    return {
        order: view.parts.map(([key]) => key),
        parts: new Map(view.parts),
        groupOrder: view.groups.map((g) => g.name),
        groups: new Map(view.groups.map((g) => [g.name, { sig: g.sig, row: g.row, head: g.head, v: 0 }])),
        version: 0,
    };
}

/** The patch from `shown` to `view`, and what the webview shows once it applied it. */
export function diffView(shown: ShownView, view: PreviewView): { readonly patch: PreviewPatch; readonly shown: ShownView } {
    const order = view.parts.map(([key]) => key);
    const parts: Record<string, string> = {};
    for (const [key, html] of view.parts) {
        if (shown.parts.get(key) !== html) parts[key] = html;
    }
    const groupOrder = view.groups.map((g) => g.name);
    let version = shown.version;
    const groups: GroupPatch[] = [];
    const next = new Map<string, ShownGroup>();
    for (const group of view.groups) {
        const before = shown.groups.get(group.name);
        if (before && before.sig === group.sig) {
            next.set(group.name, before);
            continue;
        }
        const v = ++version;
        next.set(group.name, { sig: group.sig, row: group.row, head: group.head, v });
        groups.push(patchOf(group, before, v));
    }
    return {
        patch: {
            type: 'patch',
            ...(sameList(order, shown.order) ? {} : { order }),
            parts,
            ...(sameList(groupOrder, shown.groupOrder) ? {} : { groupOrder }),
            groups,
            collapsed: view.collapsed,
        },
        shown: { order, parts: new Map(view.parts), groupOrder, groups: next, version },
    };
}

function patchOf(group: GroupView, before: ShownGroup | undefined, v: number): GroupPatch {
    return {
        name: group.name,
        id: group.id,
        v,
        ...(before?.row === group.row ? {} : { row: group.row }),
        ...(before?.head === group.head ? {} : { head: group.head }),
    };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
    return a.length === b.length && a.every((value, index) => value === b[index]);
}
