import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Which policy a command acts on when no .billing editor is active or visible: the walkthrough's "Open Bill Preview"
 * button runs from the walkthrough page, after "Open Example Policy" opened an untitled policy in a tab behind it.
 * The workspace file picker cannot offer that document, so the .billing document last active and still open is taken;
 * a closed one never is (the picker is asked instead). VS Code is replaced by the calls policy-target.ts makes.
 */

interface FakeDocument { uri: FakeUri; languageId: string; isClosed: boolean }
interface FakeUri { value: string; fsPath: string; toString(): string }
interface FakeEditor { document: FakeDocument }

const state = vi.hoisted(() => ({
    active: undefined as FakeEditor | undefined,
    visible: [] as FakeEditor[],
    documents: [] as FakeDocument[],
    workspaceFiles: [] as FakeUri[],
    picks: [] as string[][],
    listener: undefined as ((editor: FakeEditor | undefined) => void) | undefined,
}));

vi.mock('vscode', () => ({
    Uri: class {
        static parse(value: string) { return { value, fsPath: value, toString: () => value }; }
        static file(value: string) { return { value: `file://${value}`, fsPath: value, toString: () => `file://${value}` }; }
        static from(value: FakeUri) { return value; }
    },
    window: {
        get activeTextEditor() { return state.active; },
        get visibleTextEditors() { return state.visible; },
        onDidChangeActiveTextEditor(listener: (editor: FakeEditor | undefined) => void) { state.listener = listener; return { dispose() { state.listener = undefined; } }; },
        showWarningMessage: async () => undefined,
        async showQuickPick(items: { label: string; uri: FakeUri }[]) { state.picks.push(items.map((i) => i.label)); return undefined; },
    },
    workspace: {
        get textDocuments() { return state.documents; },
        findFiles: async () => state.workspaceFiles,
        asRelativePath: (uri: FakeUri) => uri.value.replace('file:///ws/', ''),
    },
}));

vi.mock('../../client/billing-client.js', () => ({ LANGUAGE_ID: 'billing' }));

const { policyTarget, trackActivePolicy } = await import('../../client/commands/policy-target.js');

const uri = (value: string): FakeUri => ({ value, fsPath: value.replace('file://', ''), toString: () => value });
const billing = (value: string): FakeDocument => ({ uri: uri(value), languageId: 'billing', isClosed: false });

describe('policyTarget', () => {
    beforeEach(() => {
        state.active = undefined;
        state.visible = [];
        state.documents = [];
        state.workspaceFiles = [uri('file:///ws/a.billing'), uri('file:///ws/b.billing')];
        state.picks = [];
    });

    it('takes the untitled example the user was last in when the walkthrough page is active', async () => {
        const tracking = trackActivePolicy();
        const example = billing('untitled:Untitled-1');
        state.documents = [example, { uri: uri('file:///ws/notes.md'), languageId: 'markdown', isClosed: false }];
        state.listener!({ document: example });
        state.listener!(undefined); // the walkthrough page: no text editor
        expect((await policyTarget(undefined, 'Open bill preview'))?.toString()).toBe('untitled:Untitled-1');
        expect(state.picks).toEqual([]);
        tracking.dispose();
    });

    it('never takes a document that has been closed since: the workspace files are offered', async () => {
        const tracking = trackActivePolicy();
        const example = billing('untitled:Untitled-2');
        state.documents = [example];
        state.listener!({ document: example });
        example.isClosed = true;
        state.listener!(undefined);
        expect(await policyTarget(undefined, 'Open bill preview')).toBeUndefined();
        expect(state.picks).toEqual([['a.billing', 'b.billing']]);
        tracking.dispose();
    });

    it('prefers the active, then a visible .billing editor over the one last active', async () => {
        const tracking = trackActivePolicy();
        const old = billing('file:///ws/a.billing');
        const shown = billing('file:///ws/b.billing');
        state.documents = [old, shown];
        state.listener!({ document: old });
        state.visible = [{ document: shown }];
        expect((await policyTarget(undefined, 'Open bill preview'))?.toString()).toBe('file:///ws/b.billing');
        state.active = { document: old };
        expect((await policyTarget(undefined, 'Open bill preview'))?.toString()).toBe('file:///ws/a.billing');
        tracking.dispose();
    });
});
