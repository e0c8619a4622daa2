import * as vscode from 'vscode';
import type { GroupsResult, GroupSummary } from '../../server/protocol.js';
import type { BillingClient } from '../billing-client.js';
import { LANGUAGE_ID } from '../billing-client.js';
import { buildTree, SORT_LABELS, type GroupSort, type TreeNode } from './group-tree-model.js';

/**
 * The Billing view in the activity bar: the groups of the active policy (billing/groups) as a tree, filtered and sorted
 * by group-tree-model.ts; clicking a group or one of its lines reveals its declaration and its bill preview section.
 * Glue only: what the tree shows is decided in the pure model.
 */
export class GroupsView implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
    private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
    readonly onDidChangeTreeData = this.changed.event;
    private result: GroupsResult | undefined;
    private uri: string | undefined;
    private filter = '';
    private sort: GroupSort = 'declaration';
    private readonly view: vscode.TreeView<TreeNode>;
    private readonly subscriptions: vscode.Disposable[] = [];

    constructor(private readonly client: BillingClient) {
        this.view = vscode.window.createTreeView('billing.groups', { treeDataProvider: this, showCollapseAll: true });
        this.subscriptions.push(
            this.view,
            vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
            client.onDidChangeReport(() => void this.refresh()),
            client.onDidStart(() => void this.refresh()),
            this.view.onDidChangeVisibility(event => { if (event.visible) void this.refresh(); }),
        );
    }

    /** Asks the server again for the active (or last) policy's groups. */
    async refresh(): Promise<void> {
        const editor = vscode.window.activeTextEditor;
        if (editor?.document.languageId === LANGUAGE_ID) this.uri = editor.document.uri.toString();
        if (!this.uri || !this.client.isRunning || !this.view.visible && this.result) {
            this.changed.fire(undefined);
            return;
        }
        try {
            this.result = await this.client.groups({ uri: this.uri });
        } catch (error) {
            this.result = { groups: [], reason: error instanceof Error ? error.message : String(error) };
        }
        this.view.description = this.result.period;
        this.changed.fire(undefined);
    }

    async chooseFilter(): Promise<void> {
        const value = await vscode.window.showInputBox({ prompt: 'Show the groups whose name, plan, a rule or an account contains', value: this.filter });
        if (value === undefined) return;
        this.filter = value;
        void vscode.commands.executeCommand('setContext', 'billing.groups.filtered', value.trim().length > 0);
        this.view.message = value.trim() ? `Filter: ${value.trim()}` : undefined;
        this.changed.fire(undefined);
    }

    clearFilter(): void {
        this.filter = '';
        this.view.message = undefined;
        void vscode.commands.executeCommand('setContext', 'billing.groups.filtered', false);
        this.changed.fire(undefined);
    }

    async chooseSort(): Promise<void> {
        const picked = await vscode.window.showQuickPick(
            (Object.keys(SORT_LABELS) as GroupSort[]).map(sort => ({ label: SORT_LABELS[sort], sort, picked: sort === this.sort })),
            { placeHolder: 'Sort billing groups by' },
        );
        if (!picked) return;
        this.sort = picked.sort;
        this.changed.fire(undefined);
    }

    getTreeItem(node: TreeNode): vscode.TreeItem {
        const collapsible = node.children && node.children.length > 0
            ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
        const item = new vscode.TreeItem(node.label, collapsible);
        item.id = node.id;
        item.description = node.description;
        item.tooltip = node.tooltip;
        item.contextValue = `billing.${node.kind}`;
        if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
        if (node.group) item.command = { command: 'billing.groups.reveal', title: 'Reveal Declaration and Preview', arguments: [node.group] };
        return item;
    }

    getChildren(node?: TreeNode): TreeNode[] {
        if (node) return [...(node.children ?? [])];
        if (!this.result) void this.refresh();
        return buildTree(this.result, this.filter, this.sort);
    }

    dispose(): void {
        this.subscriptions.forEach(subscription => subscription.dispose());
        this.changed.dispose();
    }
}

/** Opens the group's declaration (name selected) and shows its section in the bill preview beside it. */
export async function revealGroup(group: GroupSummary, showPreview: (uri: vscode.Uri, group: string) => void): Promise<void> {
    const uri = vscode.Uri.parse(group.location.uri);
    const position = new vscode.Position(group.location.line, group.location.character);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position.translate(0, group.name.length)), preserveFocus: false });
    showPreview(uri, group.name);
}
