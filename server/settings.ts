/** What the client configures: LSP `initializationOptions`, later changed by SetData/SetPeriod requests. */
export interface ServerSettings {
    /** Explicit data paths (absolute or workspace-relative); null: the policy's `data`, else the bundled sample. */
    readonly dataPaths: readonly string[] | null;
    /** The period lenses, hints and hovers show; null: the latest period in the data. */
    readonly period: string | null;
    /**
     * False in VS Code's Restricted Mode (an untrusted workspace): no data of the workspace is read (neither paths nor
     * the policy's `data`), only the bundled sample, until the user trusts the workspace. Omitted: trusted.
     */
    readonly trusted?: boolean;
    /** BCP 47 locale for money in lenses, hovers and hints; null: `1,234.56` (as the CLI). */
    readonly numberLocale?: string | null;
    /** The "Δ vs HEAD" lens (`billing.codeLens.changeAgainstGit`): reads the committed policy with `git`. Omitted: off. */
    readonly gitDelta?: boolean;
}

export const DEFAULT_SETTINGS: ServerSettings = { dataPaths: null, period: null };

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Reads `initializationOptions` defensively: the client may send nothing, null, or values of the
 * wrong type (hand-edited settings); anything unusable falls back to the default.
 */
export function readSettings(options: unknown): ServerSettings {
    if (!options || typeof options !== 'object') return DEFAULT_SETTINGS;
    const record = options as Record<string, unknown>;
    return { dataPaths: readPaths(record.dataPaths), period: readPeriod(record.period), numberLocale: readLocale(record.numberLocale), ...(record.trusted === false ? { trusted: false } : {}), ...(record.gitDelta === true ? { gitDelta: true } : {}) };
}

export function readPaths(value: unknown): readonly string[] | null {
    if (!Array.isArray(value)) return null;
    const paths = value.filter((entry): entry is string => typeof entry === 'string' && entry.trim().length > 0).map(entry => entry.trim());
    return paths.length > 0 ? paths : null;
}

export function readLocale(value: unknown): string | null {
    if (typeof value !== 'string' || value.trim() === '') return null;
    try {
        return Intl.getCanonicalLocales(value.trim())[0] ?? null;
    } catch {
        return null;
    }
}

export function readPeriod(value: unknown): string | null {
    return typeof value === 'string' && PERIOD.test(value.trim()) ? value.trim() : null;
}

export function isPeriod(value: string): boolean {
    return PERIOD.test(value);
}
