import * as crypto from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BillingClient } from '../billing-client.js';
import { normalizeNumberLocale } from '../settings.js';
import { setPreviewLocale } from '../preview/money.js';
import { renderExplainDocument } from '../preview/render-explain.js';
import { policyTarget } from './policy-target.js';

export const EXPLAIN_VIEW_TYPE = 'billing.explain';

/**
 * "Billing: Explain This Figure…": how a group's figure is made, step by step, in one panel beside the editor (reused:
 * a new explanation replaces the last). Arguments from a lens, a hover link or the preview: `[uri, group, period?, rule?]`.
 */
export class ExplainView implements vscode.Disposable {
    private panel: vscode.WebviewPanel | undefined;

    constructor(private readonly billing: BillingClient) {}

    async show(uriArgument?: unknown, groupArgument?: unknown, periodArgument?: unknown, ruleArgument?: unknown): Promise<void> {
        const uri = await policyTarget(uriArgument, 'Explain this figure');
        if (!uri) return;
        const period = typeof periodArgument === 'string' ? periodArgument : this.billing.status?.period;
        const group = typeof groupArgument === 'string' ? groupArgument : await this.pickGroup(uri, period);
        if (!group) return;
        const result = await this.billing.explain({ uri: uri.toString(), group, ...(period ? { period } : {}) });
        setPreviewLocale(normalizeNumberLocale(vscode.workspace.getConfiguration('billing').get('numberFormat.locale'), vscode.env.language));
        const panel = this.panel ?? this.createPanel();
        panel.title = result.explanation ? `Explain: ${group} · ${result.explanation.period}` : `Explain: ${group}`;
        panel.webview.html = renderExplainDocument({
            policyLabel: path.posix.basename(uri.path),
            explanation: result.explanation,
            ...(result.reason ? { reason: result.reason } : {}),
            ...(result.stale ? { stale: result.stale } : {}),
            ...(result.sources ? { sources: result.sources } : {}),
            ...(typeof ruleArgument === 'string' ? { focusRule: ruleArgument } : {}),
        }, { nonce: crypto.randomBytes(18).toString('base64url'), cspSource: panel.webview.cspSource });
        panel.reveal(panel.viewColumn ?? vscode.ViewColumn.Beside, true);
    }

    private createPanel(): vscode.WebviewPanel {
        const panel = vscode.window.createWebviewPanel(EXPLAIN_VIEW_TYPE, 'Explain this figure', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false, enableFindWidget: true, localResourceRoots: [] });
        panel.onDidDispose(() => { if (this.panel === panel) this.panel = undefined; });
        this.panel = panel;
        return panel;
    }

    private async pickGroup(uri: vscode.Uri, period: string | undefined): Promise<string | undefined> {
        const result = await this.billing.bill({ uri: uri.toString(), ...(period ? { period } : {}) });
        const names = [...new Set(result.report?.groups.map((g) => g.name) ?? [])];
        if (names.length === 0) {
            void vscode.window.showWarningMessage(`Nothing to explain: ${result.reason ?? 'the policy has no billing group'}.`);
            return undefined;
        }
        if (names.length === 1) return names[0];
        const picked = await vscode.window.showQuickPick(names, { title: 'Explain this figure', placeHolder: 'Which group?' });
        return picked;
    }

    dispose(): void {
        this.panel?.dispose();
    }
}
