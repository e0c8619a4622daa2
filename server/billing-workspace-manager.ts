import { DefaultWorkspaceManager } from 'langium';
import type { InitializedParams } from 'vscode-languageserver';

/**
 * Langium's workspace manager (the scan of the workspace folders at startup), except that a failed scan is not only
 * printed: `ready` settles anyway (requests wait for it, server/protocol-handlers.ts, and must not hang) and
 * `onFailure` lets the server tell the extension, which shows a failed server instead of a healthy-looking one.
 */
export class BillingWorkspaceManager extends DefaultWorkspaceManager {
    onFailure: ((message: string) => void) | undefined;
    failure: string | undefined;

    override async initialized(params: InitializedParams): Promise<void> {
        try {
            await super.initialized(params);
        } catch (error) {
            this.failure = error instanceof Error ? error.message : String(error);
            this._ready.resolve();
            this.onFailure?.(this.failure);
            throw error;
        }
    }
}
