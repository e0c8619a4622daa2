/**
 * The extension's settings as plain values, and the language server's initializationOptions built from them.
 * Pure (no VS Code import): extension.ts reads the raw values and passes them in.
 */

/** What the server accepts as LSP initializationOptions. */
export interface ServerInitializationOptions {
    /** Null: the policy's `data` path, else the bundled sample. */
    readonly dataPaths: string[] | null;
    /** Null: the latest period in the data. */
    readonly period: string | null;
    /** False in Restricted Mode: the server reads no workspace data (only the bundled sample). */
    readonly trusted?: boolean;
}

export interface BillingSettings {
    readonly dataPaths: string[] | null;
    readonly period: string | null;
    readonly codeLensEnabled: boolean;
    readonly inlayHintsEnabled: boolean;
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** `billing.data.path`: a string or an array of strings; empty string/array (the default) means "not set". */
export function normalizeDataPaths(raw: unknown): string[] | null {
    const values = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
    const paths = values.map((v) => v.trim()).filter((v) => v.length > 0);
    return paths.length > 0 ? paths : null;
}

/** `billing.period`: YYYY-MM, or empty for the latest period. An invalid value is ignored (the schema flags it). */
export function normalizePeriod(raw: unknown): string | null {
    return typeof raw === 'string' && PERIOD.test(raw.trim()) ? raw.trim() : null;
}

export function readSettings(get: (key: string) => unknown): BillingSettings {
    return {
        dataPaths: normalizeDataPaths(get('data.path')),
        period: normalizePeriod(get('period')),
        codeLensEnabled: get('codeLens.enabled') !== false,
        inlayHintsEnabled: get('inlayHints.enabled') !== false,
    };
}

/**
 * A choice made with "Billing: Select Billing Data…/Period…" for this workspace. It wins over the settings until
 * the user resets it or changes the setting itself.
 */
export interface SessionOverride {
    readonly dataPaths?: string[] | null;
    readonly period?: string | null;
}

export function initializationOptions(settings: BillingSettings, override: SessionOverride): ServerInitializationOptions {
    return {
        dataPaths: override.dataPaths !== undefined ? override.dataPaths : settings.dataPaths,
        period: override.period !== undefined ? override.period : settings.period,
    };
}

export function samePaths(a: readonly string[] | null, b: readonly string[] | null): boolean {
    if (a === null || b === null) return a === b;
    return a.length === b.length && a.every((value, index) => value === b[index]);
}
