import * as vscode from 'vscode';
import type { DataStatus } from '../server/protocol.js';
import { ChangeBatcher, watchTargets } from './data-watch.js';

/** Quiet time after the last change on disk before the data is read again. */
const QUIET_MS = 500;

/**
 * Watches the data files and folders the server prices with (DataStatus.watch: settings, the policy's `data`, a pick),
 * not only `**∕*.billing`: a CUR replaced on disk is read again and lenses, hints and the preview refresh (issue 17).
 */
export class DataWatcher implements vscode.Disposable {
    private watchers: vscode.Disposable[] = [];
    private key = '';
    private readonly batcher: ChangeBatcher;

    constructor(notify: (paths: readonly string[]) => void) {
        this.batcher = new ChangeBatcher(QUIET_MS, notify);
    }

    update(status: DataStatus | undefined): void {
        const paths = status?.watch ?? [];
        const key = paths.join('\u0000');
        if (key === this.key) return;
        this.key = key;
        this.disposeWatchers();
        for (const target of watchTargets(paths)) {
            const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(target.base), target.pattern));
            const changed = (uri: vscode.Uri) => this.batcher.add(uri.fsPath);
            this.watchers.push(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed));
        }
    }

    private disposeWatchers(): void {
        this.watchers.forEach(watcher => watcher.dispose());
        this.watchers = [];
    }

    dispose(): void {
        this.disposeWatchers();
        this.batcher.dispose();
    }
}
