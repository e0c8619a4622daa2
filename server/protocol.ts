/**
 * Custom LSP messages between the VS Code extension (client/) and the language server (server/).
 * Plain types and string constants only: both sides import this file, and it must not pull in
 * Langium, the engine or VS Code.
 */
import type { CostReport, GroupReport } from '../engine/report/types.js';
import type { GroupExplanation } from '../engine/explain/index.js';

/** Where the server's billing data comes from and how far loading is. */
export interface DataStatus {
    readonly state: 'none' | 'loading' | 'ready' | 'error' | 'cancelled';
    /** Human-readable source: the configured path(s), the policy's `data` path, or "bundled sample". */
    readonly source?: string;
    /** Billing periods present in the loaded data, ascending. */
    readonly periods: readonly string[];
    /** The period CodeLens, inlay hints and hovers show (default: the latest period in the data). */
    readonly period?: string;
    readonly rows?: number;
    /** 0..1 while loading, when known. */
    readonly progress?: number;
    /** Error or cancellation message. */
    readonly message?: string;
    /** A data error's place in a text file (CSV, gzip CSV): the extension offers "Open file at row N" there. */
    readonly errorLocation?: DataErrorLocation;
    /** Restricted Mode (untrusted workspace): only the bundled sample is read until the workspace is trusted. */
    readonly restricted?: boolean;
    /**
     * The data paths in use, absolute (files, folders, globs as configured; not the bundled sample): the extension
     * watches them and sends DataFilesChangedNotification when any changes on disk.
     */
    readonly watch?: readonly string[];
    /** When ready: the files the figures were computed from and when they were read (ISO 8601). */
    readonly files?: readonly string[];
    readonly loadedAt?: string;
}

/** Where a data error is: the file (absolute), its 1-based physical line, and the data row (1-based, header excluded). */
export interface DataErrorLocation {
    readonly file: string;
    readonly line: number;
    readonly row?: number;
}

/** Server → client whenever DataStatus changes. */
export const DataStatusNotification = 'billing/dataStatus';

/**
 * Server → client when the server can no longer serve the editor (its workspace could not be loaded): the extension
 * shows it in the status bar with a restart action instead of looking healthy while lenses and hovers stay empty.
 */
export const ServerHealthNotification = 'billing/serverHealth';
export interface ServerHealth {
    readonly state: 'ok' | 'failed';
    /** What failed, for the status bar tooltip and the log. */
    readonly message?: string;
}

/** Client → server: the pro forma report of the policy rooted at `uri` (the preview). */
export const BillRequest = 'billing/bill';
export interface BillParams {
    readonly uri: string;
    /** Omitted: every period in the data. */
    readonly period?: string;
}
export interface BillResult {
    /** Null when there is no report: no data loaded, or the policy has errors (`reason` says which). */
    readonly report: CostReport | null;
    readonly reason?: string;
    readonly status: DataStatus;
    /** Set when the policy has errors and `report` is its last version without errors (shown marked as stale). */
    readonly stale?: string;
    /** The policy's first error, when it has errors: the preview links to it. */
    readonly firstError?: PolicyLocation;
    /**
     * Set when the figures are the bundled sample's and none of the policy's accounts is in it (a new policy on the
     * user's own accounts): every group would say "no usage", so the preview says to select the user's CUR instead.
     */
    readonly sampleWithoutAccounts?: string;
}

/**
 * Client → server: the preview's trend across periods of the policy rooted at `uri`, asked after the bill of the period
 * shown (BillRequest with `period`), so that the bill is on screen without waiting for every period to be priced.
 */
export const TrendRequest = 'billing/trend';
/**
 * Each period's groups, each period priced on its own (the shown one is the lenses' pricing; a period whose policy
 * and data did not change is not priced again): the figures of `billing bill --period P --format json` for each P.
 */
export interface TrendReport {
    readonly currency: string;
    readonly periods: readonly string[];
    readonly groups: readonly GroupReport[];
}
export interface TrendParams {
    readonly uri: string;
}
export interface TrendResult {
    /** Each period's groups (headline figures as in BillResult's report); null when there is no report (`reason`). */
    readonly trend: TrendReport | null;
    readonly reason?: string;
    /** Set when the policy has errors and these are the figures of its last version without errors. */
    readonly stale?: string;
}

/**
 * `billing.data.path` / SetData entry that names the bundled sample symbolically (not the extension's install path,
 * which changes with every extension update and is no place to show the user).
 */
export const BUNDLED_SAMPLE_CHOICE = 'bundled:sample';

/** What the editor says when the policy's accounts are not in the bundled sample (lens, preview). */
export const SAMPLE_WITHOUT_ACCOUNTS = 'none of your accounts are in the sample data — select your CUR';

/** Client → server: how one group's figure in one period is made (the "Explain this figure" view). */
export const ExplainRequest = 'billing/explain';
export interface ExplainParams {
    readonly uri: string;
    readonly group: string;
    /** Omitted: the period the editor shows. */
    readonly period?: string;
}
export interface ExplainResult {
    /** Null when there is nothing to explain (`reason` says why). */
    readonly explanation: GroupExplanation | null;
    readonly reason?: string;
    /** Set when the figures are the last ones without errors (see BillResult.stale). */
    readonly stale?: string;
    /** The files the figures were computed from. */
    readonly sources?: readonly string[];
}

/**
 * Client → server: the billing groups of the policy rooted at `uri`, for the Billing view in the activity bar (a tree
 * of groups with cost, margin, accounts and rules): each group's declaration, accounts and plan's rules from the
 * policy, its figures in the period the editor shows from the same pricing as the lenses.
 */
export const GroupsRequest = 'billing/groups';
export interface GroupsParams {
    readonly uri: string;
}
export interface GroupsResult {
    /** The policy's groups in declaration order (its imports' groups too); empty when the policy cannot be read. */
    readonly groups: readonly GroupSummary[];
    /** The period of the figures; absent without figures. */
    readonly period?: string;
    readonly currency?: string;
    /** Why there are no figures (no data, policy errors, …), when there are none. */
    readonly reason?: string;
    /** Set when the figures are the last ones without errors (see BillResult.stale). */
    readonly stale?: string;
}
export interface GroupSummary {
    readonly name: string;
    /** Where it is declared (the name), 0-based. */
    readonly location: { readonly uri: string; readonly line: number; readonly character: number };
    readonly plan?: string;
    /** The rules of its plan, in the plan's order. */
    readonly rules: readonly string[];
    readonly accounts: readonly { readonly id: string; readonly name?: string }[];
    /** Exact decimal strings and the same amounts as the lenses write them; absent without figures. */
    readonly figures?: {
        readonly awsCost: string;
        readonly proformaCost: string;
        readonly margin: string;
        /** null when the pro forma cost is 0. */
        readonly marginPercent: string | null;
        readonly hasUsage: boolean;
        readonly shown: { readonly awsCost: string; readonly proformaCost: string; readonly margin: string; readonly marginPercent: string };
    };
}

/** A place in a policy file (0-based line and character, as in LSP). */
export interface PolicyLocation {
    readonly uri: string;
    readonly line: number;
    readonly character: number;
    readonly message: string;
}

/** Server → client after a policy's report changed (edit, data reload): the preview refreshes. */
export const ReportChangedNotification = 'billing/reportChanged';
export interface ReportChangedParams {
    readonly uris: readonly string[];
}

/** Client → server: use these data paths (file, folder, glob, manifest; absolute or workspace-relative). Null: back to settings/policy/sample. */
export const SetDataRequest = 'billing/setData';
export interface SetDataParams {
    readonly paths: readonly string[] | null;
}

/** Client → server: show this period (null: the latest in the data). */
export const SetPeriodRequest = 'billing/setPeriod';
export interface SetPeriodParams {
    readonly period: string | null;
}

/** Client → server: files under the watched data paths changed on disk (debounced by the extension): reload them. */
export const DataFilesChangedNotification = 'billing/dataFilesChanged';
export interface DataFilesChangedParams {
    /** Absolute file system paths. */
    readonly paths: readonly string[];
}

/** Client → server: cancel a running data load. */
export const CancelLoadNotification = 'billing/cancelLoad';

/** Client → server: write the pro forma CUR of one group of the policy at `uri`. */
export const ExportRequest = 'billing/export';
export interface ExportParams {
    readonly uri: string;
    readonly group: string;
    readonly out: string;
    readonly period?: string;
}
export interface ExportResult {
    readonly ok: boolean;
    readonly rows?: number;
    readonly message?: string;
}

/**
 * Client commands the server's CodeLenses run (the extension registers them).
 * `billing.showPreview` arguments: `[uri: string, group: string]` (the policy file and the group to focus).
 * `billing.selectData` arguments: none (lets the user pick data files or the period).
 */
export const ShowPreviewCommand = 'billing.showPreview';
export const SelectDataCommand = 'billing.selectData';
/** `billing.explainFigure` arguments: `[uri: string, group: string, period?: string]` (a group lens or hover link). */
export const ExplainFigureCommand = 'billing.explainFigure';
/** `billing.openDocs` arguments: `[path: string, anchor: string]` (a shipped docs file, relative to the package, and a heading's anchor). */
export const OpenDocsCommand = 'billing.openDocs';
/** `billing.selectPeriod` arguments: none (lets the user pick the period shown). */
export const SelectPeriodCommand = 'billing.selectPeriod';
