import type { DataErrorLocation, DataStatus } from '../server/protocol.js';

/*
 * When to tell the user that billing data could not be loaded, and what to offer. Pure (no VS Code import): extension.ts
 * passes VS Code's showErrorMessage in, and the tests a fake.
 *
 * VS Code cannot close a notification it showed, so errors must not stack: at most one is open; an error that arrives
 * while one is open replaces it when it closes (only the latest is shown, and only if it is still the current state);
 * after a good load nothing more is shown, and the actions of a notification left open then do nothing.
 */

export const SELECT_DATA = 'Select data…';

/** `Open file at row N` for an error in a text CSV (a .gz or Parquet file has no line to open). */
export function openAtRowAction(location: DataErrorLocation | undefined): string | undefined {
    if (!location || !/\.csv$/i.test(location.file)) return undefined;
    return `Open file at row ${location.row ?? location.line - 1}`;
}

export function dataErrorText(status: DataStatus): string {
    return `Billing data could not be loaded${status.source ? ` from ${status.source}` : ''}: ${status.message ?? 'unknown error'}`;
}

export interface NotifierHost {
    /** Shows an error with actions; resolves with the action chosen, or undefined when closed. */
    show(message: string, actions: readonly string[]): PromiseLike<string | undefined>;
    selectData(): void;
    /** Opens the file at the 1-based line. */
    openAt(location: DataErrorLocation): void;
}

export class DataErrorNotifier {
    private open = false;
    private shownKey: string | undefined;
    /** The status the user should see now (the latest one); undefined after a good load. */
    private current: DataStatus | undefined;

    constructor(private readonly host: NotifierHost) {}

    update(status: DataStatus): void {
        if (status.state === 'ready') {
            this.current = undefined;
            this.shownKey = undefined;
            return;
        }
        if (status.state !== 'error') return;
        this.current = status;
        if (!this.open) this.showCurrent();
    }

    private showCurrent(): void {
        const status = this.current;
        if (!status) return;
        const key = `${status.source ?? ''}\n${status.message ?? ''}`;
        if (key === this.shownKey) return;
        this.shownKey = key;
        const openAt = openAtRowAction(status.errorLocation);
        this.open = true;
        void Promise.resolve(this.host.show(dataErrorText(status), openAt ? [openAt, SELECT_DATA] : [SELECT_DATA])).then((choice) => {
            this.open = false;
            // A choice on a notice that is no longer the current state (fixed meanwhile, or replaced) does nothing.
            const stillCurrent = this.current !== undefined && `${this.current.source ?? ''}\n${this.current.message ?? ''}` === key;
            if (stillCurrent && choice === SELECT_DATA) this.host.selectData();
            if (stillCurrent && choice !== undefined && choice === openAt && status.errorLocation) this.host.openAt(status.errorLocation);
            this.showCurrent();
        }, () => {
            this.open = false;
        });
    }
}
