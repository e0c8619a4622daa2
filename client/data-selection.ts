import * as vscode from 'vscode';
import { symbolicSample } from './data-files.js';
import type { BillingClient } from './billing-client.js';
import { initializationOptions, readSettings, type BillingSettings, type ServerInitializationOptions, type SessionOverride } from './settings.js';

const OVERRIDE_KEY = 'billing.override';


/**
 * Where the server's data and period come from: the `billing.*` settings, unless the user picked something with
 * "Select Billing Data…/Period…" for this workspace (kept in workspace state, so it survives a reload). Changing a
 * setting drops the matching pick: the last explicit choice wins.
 */
export class DataSelection {
    constructor(private readonly context: vscode.ExtensionContext, private readonly billing: BillingClient) {}

    get settings(): BillingSettings {
        const configuration = vscode.workspace.getConfiguration('billing');
        return readSettings((key) => configuration.get(key), vscode.env.language);
    }

    get override(): SessionOverride {
        const stored = this.context.workspaceState.get<SessionOverride>(OVERRIDE_KEY) ?? {};
        // Picks of the bundled sample stored by an earlier version as its install path (gone after an update).
        return stored.dataPaths ? { ...stored, dataPaths: stored.dataPaths.map(symbolicSample) } : stored;
    }

    get serverOptions(): ServerInitializationOptions {
        const options = initializationOptions(this.settings, this.override);
        return vscode.workspace.isTrusted ? options : { ...options, trusted: false };
    }

    get effectiveDataPaths(): string[] | null {
        return this.serverOptions.dataPaths;
    }

    private async saveOverride(override: SessionOverride): Promise<void> {
        const clean: SessionOverride = {
            ...(override.dataPaths !== undefined ? { dataPaths: override.dataPaths } : {}),
            ...(override.period !== undefined ? { period: override.period } : {}),
        };
        await this.context.workspaceState.update(OVERRIDE_KEY, Object.keys(clean).length > 0 ? clean : undefined);
    }

    /** Uses these data paths now (null: the policy's `data` path or the bundled sample). */
    async chooseData(paths: string[] | null): Promise<void> {
        await this.saveOverride({ ...this.override, dataPaths: paths });
        await this.billing.setData(this.serverOptions.dataPaths);
    }

    /** Drops the data pick: back to `billing.data.path`. */
    async resetData(): Promise<void> {
        await this.saveOverride({ ...this.override, dataPaths: undefined });
        await this.billing.setData(this.serverOptions.dataPaths);
    }

    /** Shows this period now (null: the latest in the data). */
    async choosePeriod(period: string | null): Promise<void> {
        await this.saveOverride({ ...this.override, period });
        await this.billing.setPeriod(this.serverOptions.period);
    }

    /**
     * Drops a picked period the data does not have (data switched from 2026 to 2018 after picking 2026-01): the pick was
     * made on other data, and its figures would all be missing. `billing.period`, if set, applies again. Returns whether
     * a pick was dropped.
     */
    async dropPeriodPickNotIn(periods: readonly string[]): Promise<boolean> {
        const picked = this.override.period;
        if (picked === undefined || picked === null || periods.includes(picked)) return false;
        await this.saveOverride({ ...this.override, period: undefined });
        await this.billing.setPeriod(this.serverOptions.period);
        return true;
    }

    /** A setting changed: it wins over an earlier pick, and the server hears about it. */
    async onConfigurationChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
        const billing = this.billing;
        if (event.affectsConfiguration('billing.data.path')) {
            await this.saveOverride({ ...this.override, dataPaths: undefined });
            if (billing.isRunning) await billing.setData(this.serverOptions.dataPaths);
        }
        if (event.affectsConfiguration('billing.period')) {
            await this.saveOverride({ ...this.override, period: undefined });
            if (billing.isRunning) await billing.setPeriod(this.serverOptions.period);
        }
        // The server formats money with the locale it was started with.
        if (event.affectsConfiguration('billing.numberFormat.locale') && billing.isRunning) await billing.restart();
        if (event.affectsConfiguration('billing.codeLens.enabled') || event.affectsConfiguration('billing.inlayHints.enabled') || event.affectsConfiguration('billing.inlayHints.rules')) {
            const { codeLensEnabled, inlayHintsEnabled } = this.settings;
            billing.outputChannel.appendLine(`[settings] CodeLens ${codeLensEnabled ? 'on' : 'off'}, inlay hints ${inlayHintsEnabled ? 'on' : 'off'}`);
            billing.refreshEditorFeatures();
        }
    }
}
