import { describe, expect, it, vi } from 'vitest';
import { handReport, readyStatus } from './report-fixture.js';

/**
 * The panel's side of "open the preview focused on a group" (a CodeLens click), with VS Code replaced by the few
 * calls the panel makes. The bill comes first and the trend after (issue 11): when both arrive before the webview's
 * script said "ready", the document that replaces the first one must still reveal the group. Before this test, the
 * second document dropped the reveal and the preview opened at its top (the fresh-machine e2e failure
 * "the group scrolled below the header").
 */

interface FakeWebview {
    html: string;
    cspSource: string;
    options: unknown;
    posted: unknown[];
    postMessage(message: unknown): Promise<boolean>;
    onDidReceiveMessage(listener: (message: unknown) => void): { dispose(): void };
    receive?: (message: unknown) => void;
}

const created: { webview: FakeWebview }[] = [];

vi.mock('vscode', () => {
    class Uri {
        constructor(readonly value: string) {}
        get path(): string { return new URL(this.value).pathname; }
        toString(): string { return this.value; }
        static parse(value: string): Uri { return new Uri(value); }
        static joinPath(base: Uri, ...parts: string[]): Uri { return new Uri(`${base.value}/${parts.join('/')}`); }
    }
    const disposable = { dispose() {} };
    return {
        Uri,
        ViewColumn: { Beside: -2, One: 1 },
        env: { language: 'en' },
        workspace: { getConfiguration: () => ({ get: () => undefined }) },
        commands: { executeCommand: async () => undefined },
        window: {
            visibleTextEditors: [],
            showErrorMessage: async () => undefined,
            createWebviewPanel: () => {
                const webview: FakeWebview = {
                    html: '',
                    cspSource: 'vscode-resource:',
                    options: {},
                    posted: [],
                    async postMessage(message) { this.posted.push(message); return true; },
                    onDidReceiveMessage(listener) { webview.receive = listener; return disposable; },
                };
                const panel = {
                    webview,
                    title: '',
                    visible: true,
                    viewColumn: 2,
                    reveal() {},
                    onDidDispose: () => disposable,
                    onDidChangeViewState: () => disposable,
                    dispose() {},
                };
                created.push(panel);
                return panel;
            },
        },
    };
});

function stateOf(html: string): { group?: string; reveal?: boolean } {
    const match = /data-state="([^"]*)"/.exec(html);
    expect(match, 'the document carries its state').not.toBeNull();
    return JSON.parse(match![1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')) as { group?: string; reveal?: boolean };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('bill preview panel: revealing the group a CodeLens asked for', () => {
    it('keeps the reveal when the trend replaces the document before the webview is ready, and drops it once shown', async () => {
        const { PreviewManager } = await import('../../client/preview/preview-panel.js');
        const vscode = await import('vscode');
        let trendAsked = 0;
        const billing = {
            status: readyStatus,
            bill: async () => ({ report: handReport, status: readyStatus }),
            trend: async () => { trendAsked++; return { trend: null }; },
        };
        const manager = new PreviewManager({ extensionUri: vscode.Uri.parse('file:///ext') } as never, billing as never, async () => {});
        manager.show(vscode.Uri.parse('file:///ws/acme.billing'), 'data');
        for (let i = 0; i < 5; i++) await settle();
        const webview = created.at(-1)!.webview;
        expect(trendAsked).toBe(1);
        // Bill, then trend: two documents, neither acknowledged; the last one shown must reveal 'data'.
        expect(stateOf(webview.html)).toMatchObject({ group: 'data', reveal: true });

        // The webview's script ran (it revealed the group): a later full render does not jump back to the group.
        const documentId = /data-document="([^"]*)"/.exec(webview.html)![1];
        webview.receive!({ type: 'ready', document: documentId });
        manager.refresh();
        for (let i = 0; i < 5; i++) await settle();
        const patches = webview.posted as { reveal?: boolean }[];
        expect(patches.length).toBeGreaterThan(0);
        expect(patches.every((patch) => !patch.reveal)).toBe(true);
    });
});
