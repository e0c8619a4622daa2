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
    /** BCP 47 locale for money in lenses, hovers and hints (`billing.numberFormat.locale`); null: `1,234.56`. */
    readonly numberLocale: string | null;
    /** `billing.codeLens.changeAgainstGit`: the "Δ vs HEAD" lens. */
    readonly gitDelta?: boolean;
}

export interface BillingSettings {
    readonly dataPaths: string[] | null;
    readonly period: string | null;
    readonly codeLensEnabled: boolean;
    readonly inlayHintsEnabled: boolean;
    readonly ruleHints: 'always' | 'whenCodeLensOff' | 'never';
    readonly numberLocale: string | null;
    readonly gitDelta: boolean;
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

/**
 * `billing.numberFormat.locale`: a BCP 47 locale (`de-DE`) for separators and the currency's place; empty (default):
 * the editor's display language; `plain`: `1,234.56` as the CLI writes. An invalid value falls back to the default.
 */
export function normalizeNumberLocale(raw: unknown, editorLocale: string | undefined): string | null {
    const wanted = typeof raw === 'string' ? raw.trim() : '';
    if (wanted.toLowerCase() === 'plain') return null;
    for (const candidate of [wanted, editorLocale ?? '']) {
        if (!candidate) continue;
        try {
            return Intl.getCanonicalLocales(candidate)[0] ?? null;
        } catch {
            // not a locale: try the next one
        }
    }
    return null;
}

export function readSettings(get: (key: string) => unknown, editorLocale?: string): BillingSettings {
    return {
        dataPaths: normalizeDataPaths(get('data.path')),
        period: normalizePeriod(get('period')),
        codeLensEnabled: get('codeLens.enabled') !== false,
        inlayHintsEnabled: get('inlayHints.enabled') !== false,
        ruleHints: normalizeRuleHints(get('inlayHints.rules')),
        numberLocale: normalizeNumberLocale(get('numberFormat.locale'), editorLocale),
        gitDelta: get('codeLens.changeAgainstGit') !== false,
    };
}

/** `billing.inlayHints.rules`; anything else is the default, `whenCodeLensOff`. */
export function normalizeRuleHints(raw: unknown): 'always' | 'whenCodeLensOff' | 'never' {
    return raw === 'always' || raw === 'never' ? raw : 'whenCodeLensOff';
}

/** Whether a rule's inlay hint (tagged `data.kind = 'rule'` by the server) is shown: its CodeLens already has the total. */
export function showsRuleHints(toggles: { readonly codeLens: boolean; readonly ruleHints: BillingSettings['ruleHints'] }): boolean {
    return toggles.ruleHints === 'always' || (toggles.ruleHints === 'whenCodeLensOff' && !toggles.codeLens);
}

/**
 * Whether the extension shows an inlay hint of the server's `kind` (its `data.kind`): a rule's per-group effect as
 * `billing.inlayHints.rules` says; a group's figures only where CodeLens is off (the group's lens says the same, and
 * turning lenses off must not hide the bill); every other hint (line item amounts, account names) always.
 */
export function showsHint(kind: unknown, toggles: { readonly codeLens: boolean; readonly ruleHints: BillingSettings['ruleHints'] }): boolean {
    if (kind === 'rule') return showsRuleHints(toggles);
    if (kind === 'group') return !toggles.codeLens;
    return true;
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
        numberLocale: settings.numberLocale,
        gitDelta: settings.gitDelta,
    };
}

export function samePaths(a: readonly string[] | null, b: readonly string[] | null): boolean {
    if (a === null || b === null) return a === b;
    return a.length === b.length && a.every((value, index) => value === b[index]);
}
