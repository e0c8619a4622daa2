import { EmptyFileSystem } from 'langium';
import { describe, expect, it } from 'vitest';
import { createBillingServerServices } from '../../server/billing-server-module.js';
import { EditorRefresh } from '../../server/editor-refresh.js';

/**
 * Regression found by the LSP soak: two edits while a data re-check waited for the workspace lock threw in
 * the server's change listener ("this._token.cancel is not a function", logged as a server error): the
 * check's cancellation source had been cancelled before its token was ever created.
 */
describe('EditorRefresh', () => {
    it('is interrupted by any number of edits while its check waits for the workspace lock', async () => {
        const { shared, Billing } = createBillingServerServices(EmptyFileSystem);
        const refresh = new EditorRefresh(shared, Billing.server.Log);
        const internals = refresh as unknown as { run(): Promise<void>; interrupt(): void };
        let release!: () => void;
        let holding!: () => void;
        const held = new Promise<void>(resolve => { holding = resolve; });
        // An edit's build holds the lock: the check queues up behind it.
        const writing = shared.workspace.WorkspaceLock.write(() => new Promise<void>(resolve => { release = resolve; holding(); }));
        await held;
        const check = internals.run();
        expect(() => { internals.interrupt(); internals.interrupt(); internals.interrupt(); }).not.toThrow();
        release();
        await writing;
        await check;
    });
});
