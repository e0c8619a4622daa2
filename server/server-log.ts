import { isOperationCancelled, type MaybePromise } from 'langium';
import type { Connection } from 'vscode-languageserver';

/**
 * The server's log: the connection console (VS Code's output channel) in the language server,
 * silent without a connection (provider tests) unless $BILLING_SERVER_DEBUG is set.
 */
export class ServerLog {
    constructor(private readonly connection: Connection | undefined) {}

    info(message: string): void {
        if (this.connection) this.connection.console.info(message);
        else if (process.env.BILLING_SERVER_DEBUG) console.info(message);
    }

    error(message: string): void {
        if (this.connection) this.connection.console.error(message);
        else if (process.env.BILLING_SERVER_DEBUG) console.error(message);
    }

    /**
     * Runs an editor feature so that it degrades instead of failing: an exception is logged and the
     * feature answers `fallback` (no lenses, no hover…). Cancellation still propagates, so Langium
     * answers the request as cancelled.
     */
    async guard<T>(feature: string, fallback: T, run: () => MaybePromise<T>): Promise<T> {
        try {
            return await run();
        } catch (error) {
            if (isOperationCancelled(error)) throw error;
            this.error(`${feature} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
            return fallback;
        }
    }
}
