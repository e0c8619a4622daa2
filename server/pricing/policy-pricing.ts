import { DocumentState, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { CostReport, GroupReport, PolicyModel, RuleEffect } from '../../engine/index.js';
import { buildGroupReport, buildReport, buildRuleEffects, pricePolicy, type PricedPolicy } from '../../engine/price/index.js';
import { compilePolicy, policyDocuments } from '../../language/index.js';
import type { DataEntry, DataManager, LoadedData } from '../data/data-manager.js';
import type { TrendReport } from '../protocol.js';

/** Why there are no figures, in the words lenses and hints show. */
export type Unpriced =
    | { readonly kind: 'no-data'; readonly label: string; readonly detail?: string }
    | { readonly kind: 'loading'; readonly label: string }
    | { readonly kind: 'errors'; readonly label: string }
    /** The engine threw (a bug of ours): logged, and shown as such rather than as figures. */
    | { readonly kind: 'failed'; readonly label: string; readonly detail: string };

export interface Priced {
    readonly kind: 'priced';
    /** The policy document priced (the root of its imports): where "Explain this figure" asks. */
    readonly uri: string;
    /**
     * The headline report (`detail: false`): every group's figures, custom line items, unassigned and totals, with
     * byService, byAccount and rules empty. What lenses, hints and diagnostics show on every edit; a view that needs
     * the detail asks `detailedReport`, `groupDetailOf` or `ruleEffectsOf` (made from the same pricing, on demand).
     */
    readonly report: CostReport;
    /** The pricing behind `report`, with its detail made on demand. */
    readonly reports: PeriodPricing;
    readonly model: PolicyModel;
    readonly data: LoadedData;
    readonly entry: DataEntry;
    /** The period shown; undefined for an all-periods report. */
    readonly period: string | undefined;
    /** False when the period shown is not in the data at all. */
    readonly periodInData: boolean;
    readonly pricingMs: number;
    /**
     * Set when the policy has errors now: these are the figures of its last version without errors (same data and
     * period), shown marked as stale rather than blanking every figure while the user types (issue 11, defect 2).
     * Never for checks or exports: they need the current policy.
     */
    readonly stale?: string;
    /**
     * True when the data is the bundled sample and none of the policy's accounts is in it: the policy is the user's
     * own, priced on the sample only because no data was chosen (issue 11, defect 8).
     */
    readonly sampleWithoutAccounts?: boolean;
}

export type Pricing = Priced | Unpriced;

export type TrendPricing =
    | { readonly kind: 'priced'; readonly trend: TrendReport; readonly stale?: string }
    | Unpriced;

/** How many per-period reports are kept across edits (a few policies × a year and more of periods). */
const KEPT_PERIOD_REPORTS = 64;
/**
 * …and at most this many group-periods in them all (the newest always kept): each keeps its pricing for the detail
 * views, and 64 pricings of a 5,000-group policy held about a gigabyte (issue 15).
 */
const KEPT_GROUP_PERIODS = 40_000;

/**
 * One pricing (a policy, its data, one period or all): the headline report, made on every edit, and its detail —
 * every group's (the preview, completions), one group's (a hover) or the rule effects (rule lenses and hints) — made
 * from the same priced policy when a view first asks, then kept with it.
 */
export class PeriodPricing {
    private full: CostReport | undefined;
    private readonly groupReports = new Map<number, GroupReport>();

    constructor(readonly priced: PricedPolicy, readonly headline: CostReport) {}

    /** Every group with its detail: the report `priceReport` gives. */
    detailed(): CostReport {
        return (this.full ??= buildReport(this.priced));
    }

    /** `headline.groups[index]` with its detail. */
    group(index: number): GroupReport {
        if (this.full) return this.full.groups[index]!;
        let report = this.groupReports.get(index);
        if (!report) this.groupReports.set(index, (report = buildGroupReport(this.priced, index)));
        return report;
    }

    /** `headline.groups[index].rules` as the detailed report has them. */
    ruleEffects(index: number): readonly RuleEffect[] {
        return this.full ? this.full.groups[index]!.rules : buildRuleEffects(this.priced, index);
    }
}

function pricingOf(prepared: LoadedData['prepared'], model: PolicyModel, period: string | undefined): PeriodPricing {
    const options = { ...(period ? { periods: [period] } : {}), detail: false } as const;
    const priced = pricePolicy(prepared, model, options);
    return new PeriodPricing(priced, buildReport(priced, options));
}

/** Which report: the period the editor shows (lenses, hints, hovers), every period (the preview), or one period (`YYYY-MM`). */
export type ReportScope = 'shown' | 'all' | string;

/**
 * Prices a document's policy (the document and its imports) with its data. One report per document,
 * scope, data generation and period, cached until any document changes (`invalidate`, wired to
 * Langium's update events) or the data changes: lenses, hints and hovers of one edit share one pricing.
 */
export class PolicyPricing {
    /** Cleared on every edit and data change, and when the data manager drops a cube (nothing here outlives its data). */
    private readonly cache = new Map<string, Pricing>();
    /**
     * The last figures of each document and period computed without errors (kept across edits, not across data), by
     * the data they were priced on: weakly, so that they go with their cube when the data manager drops it.
     */
    private readonly lastGood = new WeakMap<LoadedData, Map<string, Priced>>();
    /**
     * One period's report by data (weakly, as `lastGood`), then document, period and the compiled policy (its JSON):
     * identical inputs, identical report, so an edit that leaves the policy as it was (or the trend's other periods
     * when only the shown period was asked again) prices nothing. At most KEPT_PERIOD_REPORTS per data, least
     * recently used dropped first.
     */
    private readonly periodReports = new WeakMap<LoadedData, Map<string, PeriodPricing>>();
    /**
     * Figures priced while their documents were being validated (a lens or hint asked while the data checks ran after
     * typing settled): they become the last good figures when those documents reach Validated at the same versions
     * without errors, and are dropped when they validate with errors. Without this, the last keystroke's figures were
     * lost when its only pricing fell in that window, and an error typed next showed older figures, or none (seen in
     * the e2e suite under load). Figures whose version is superseded by an edit before it validated (the next
     * keystroke interrupted its checks) are the last ones the editor showed without a known error: they become the
     * last good figures too, so that a typo typed next shows, marked stale, the figures the user last saw.
     */
    private readonly pendingGood = new Map<string, { readonly document: LangiumDocument; readonly versions: string; readonly priced: Priced }>();
    /**
     * The last answer per document, scope and activation, with the states and versions of the documents it saw:
     * a validation pass asks once per group (the data checks' "group has usage", the closed-period checks), and on a
     * 5,000-group policy working the answer out again each time (data entry, error check over every reference) was
     * quadratic: `bench:lsp --groups 5000` stalled after a few edits (issue 15). Cleared with `cache`.
     */
    private readonly recent = new Map<string, { readonly stamp: string; readonly pricing: Pricing }>();
    /** Where engine failures are logged (the connection console in the server). */
    onFailure: ((message: string) => void) | undefined;

    constructor(private readonly shared: LangiumSharedCoreServices, private readonly data: DataManager) {
        shared.workspace.DocumentBuilder.onUpdate(() => {
            this.promoteSuperseded();
            this.invalidate();
        });
        data.onDidChange(() => this.invalidate());
        data.onDidChangeStatus(() => this.recent.clear());
        data.onDidDropData(() => {
            this.invalidate();
            this.pendingGood.clear();
        });
        shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, () => this.promotePending());
    }

    private keepGood(data: LoadedData, goodKey: string, priced: Priced): void {
        let good = this.lastGood.get(data);
        if (!good) this.lastGood.set(data, (good = new Map()));
        good.set(goodKey, priced);
        this.pendingGood.delete(goodKey);
    }

    private promotePending(): void {
        for (const [goodKey, pending] of [...this.pendingGood]) {
            const documents = policyDocuments(pending.document, { shared: this.shared });
            if (!documents.every(doc => doc.state >= DocumentState.Validated)) continue;
            this.pendingGood.delete(goodKey);
            if (versionsOf(documents) === pending.versions && !documents.some(hasErrors)) this.keepGood(pending.priced.data, goodKey, pending.priced);
        }
    }

    /** On an edit: pending figures whose documents moved past their versions before validating them (see `pendingGood`). */
    private promoteSuperseded(): void {
        for (const [goodKey, pending] of [...this.pendingGood]) {
            const documents = policyDocuments(pending.document, { shared: this.shared });
            if (versionsOf(documents) === pending.versions) continue;
            this.keepGood(pending.priced.data, goodKey, pending.priced);
        }
    }

    invalidate(): void {
        this.cache.clear();
        this.recent.clear();
    }

    pricingFor(document: LangiumDocument, scope: ReportScope = 'shown', activate = true): Pricing {
        const recentKey = `${document.uri.toString()}\u0000${scope}\u0000${activate}`;
        const stamp = statesOf(policyDocuments(document, { shared: this.shared }));
        const recent = this.recent.get(recentKey);
        if (recent?.stamp === stamp) return recent.pricing;
        const pricing = this.pricingOnce(document, scope, activate);
        this.recent.set(recentKey, { stamp, pricing });
        return pricing;
    }

    private pricingOnce(document: LangiumDocument, scope: ReportScope, activate: boolean): Pricing {
        const entry = this.data.entryFor(document, activate);
        if (!entry) return { kind: 'no-data', label: 'no data loaded', detail: 'no data configured and no bundled sample' };
        const current = entry.current;
        if (current.state === 'loading') return { kind: 'loading', label: 'loading data…' };
        if (current.state === 'error') return { kind: 'no-data', label: 'no data loaded', detail: current.message };
        if (current.state === 'cancelled') return { kind: 'no-data', label: 'no data loaded', detail: current.message };
        const documents = policyDocuments(document, { shared: this.shared });
        const data = current.data;
        const period = scope === 'shown' ? this.data.periodFor(data) : scope === 'all' ? undefined : scope;
        // By period, not scope: 'shown' and its period name the same report.
        const goodKey = `${document.uri.toString()}\u0000${period ?? ''}`;
        if (documents.some(hasErrors)) {
            const last = this.lastGood.get(data)?.get(goodKey);
            if (last) return { ...last, stale: 'policy has errors' };
            return { kind: 'errors', label: 'policy has errors' };
        }
        // While a document is being validated its diagnostics are not known yet: such a pricing (for
        // the data checks) is cached apart from the ones of validated documents.
        const validated = documents.every(doc => doc.state >= DocumentState.Validated);
        // By period, not scope: the lenses' 'shown' and the trend's `YYYY-MM` of the same period are one pricing.
        const key = `${document.uri.toString()}\u0000${period ?? '(all)'}\u0000${data.generation}\u0000${validated}`;
        const cached = this.cache.get(key);
        if (cached) return cached;
        const started = performance.now();
        const model = compilePolicy(documents);
        let reports: PeriodPricing;
        try {
            reports = period ? this.periodReport(document, data, period, model) : pricingOf(data.prepared, model, undefined);
        } catch (error) {
            const detail = error instanceof Error ? error.message : String(error);
            this.onFailure?.(`pricing ${document.uri.toString()} failed: ${error instanceof Error ? error.stack ?? detail : detail}`);
            const failed: Unpriced = { kind: 'failed', label: 'pricing failed', detail };
            this.cache.set(key, failed);
            return failed;
        }
        const priced: Priced = {
            kind: 'priced', uri: document.uri.toString(), report: reports.headline, reports, model, data, entry, period,
            periodInData: period === undefined || data.prepared.byPeriod.has(period),
            pricingMs: Math.round(performance.now() - started),
            ...(entry.spec.origin === 'sample' && noAccountIn(model, data) ? { sampleWithoutAccounts: true } : {}),
        };
        this.cache.set(key, priced);
        if (validated) this.keepGood(data, goodKey, priced);
        else this.pendingGood.set(goodKey, { document, versions: versionsOf(documents), priced });
        return priced;
    }

    private periodReport(document: LangiumDocument, data: LoadedData, period: string, model: PolicyModel): PeriodPricing {
        const key = `${document.uri.toString()}\u0000${period}\u0000${JSON.stringify(model)}`;
        let reports = this.periodReports.get(data);
        if (!reports) this.periodReports.set(data, (reports = new Map()));
        const kept = reports.get(key);
        if (kept) {
            reports.delete(key);
            reports.set(key, kept);
            return kept;
        }
        const report = pricingOf(data.prepared, model, period);
        reports.set(key, report);
        let groupPeriods = 0;
        for (const kept of reports.values()) groupPeriods += kept.headline.groups.length;
        while (reports.size > 1 && (reports.size > KEPT_PERIOD_REPORTS || groupPeriods > KEPT_GROUP_PERIODS)) {
            const [oldest, dropped] = reports.entries().next().value!;
            reports.delete(oldest);
            groupPeriods -= dropped.headline.groups.length;
        }
        return report;
    }

    /**
     * Every period's groups for the preview's trend, asked after the period shown (issue 11: the preview posts the bill
     * first, the trend when it is priced). Each period's group figures are those of `billing bill --period P`, which are
     * those of the all-periods report (a period is priced from its own rows and the policy in force in it).
     */
    trendFor(document: LangiumDocument): TrendPricing {
        const shown = this.pricingFor(document);
        if (shown.kind !== 'priced') return shown;
        const periods = shown.data.prepared.periods;
        const groups: GroupReport[] = [];
        let stale = shown.stale;
        for (const period of periods) {
            const priced = this.pricingFor(document, period, false);
            if (priced.kind !== 'priced') return priced;
            stale ??= priced.stale;
            for (const group of priced.report.groups) if (group.period === period) groups.push(group);
        }
        return { kind: 'priced', trend: { currency: shown.report.currency, periods, groups }, ...(stale ? { stale } : {}) };
    }
}

/** The policy names accounts (in its groups or `accounts` list) and none of them is in the data. */
function noAccountIn(model: PolicyModel, data: LoadedData): boolean {
    const ids = new Set<string>();
    for (const account of model.accounts) ids.add(account.id);
    for (const group of model.groups) {
        ids.add(group.primaryAccountId);
        for (const member of group.members) ids.add(member.accountId);
    }
    ids.delete('');
    if (ids.size === 0) return false;
    for (const id of ids) if (data.prepared.accountIndex.has(id)) return false;
    return true;
}

/** Which text of each document, in which build state. */
function statesOf(documents: readonly LangiumDocument[]): string {
    return documents.map(doc => `${doc.uri.toString()}@${doc.textDocument.version}:${doc.state}`).join('\n');
}

/** Which text of each document a pricing saw. */
function versionsOf(documents: readonly LangiumDocument[]): string {
    return documents.map(doc => `${doc.uri.toString()}@${doc.textDocument.version}`).join('\n');
}

/** Errors of a validated document; before validation, syntax errors and unresolved names. */
function hasErrors(document: LangiumDocument): boolean {
    if (document.state < DocumentState.Validated) {
        const parse = document.parseResult;
        return parse.lexerErrors.length > 0 || parse.parserErrors.length > 0 || document.references.some(reference => reference.error !== undefined);
    }
    return (document.diagnostics ?? []).some(diagnostic => (diagnostic.severity ?? DiagnosticSeverity.Error) === DiagnosticSeverity.Error);
}

/** The report of one group in the period shown: headline figures (byService, byAccount, rules empty). */
export function groupReportOf(priced: Priced, group: string): GroupReport | undefined {
    const index = groupIndexOf(priced, group);
    return index < 0 ? undefined : priced.report.groups[index];
}

/** The report of one group in the period shown with its detail (byService, byAccount, rules). */
export function groupDetailOf(priced: Priced, group: string): GroupReport | undefined {
    const index = groupIndexOf(priced, group);
    return index < 0 ? undefined : priced.reports.group(index);
}

/** `report` with the detail of one of its groups (`report` being one of `priced.report.groups`). */
export function withDetail(priced: Priced, report: GroupReport): GroupReport {
    const index = priced.report.groups.indexOf(report);
    return index < 0 ? report : priced.reports.group(index);
}

/** Every group of the pricing with its detail (the preview's bill, completions): the report of `priceReport`. */
export function detailedReport(priced: Priced): CostReport {
    return priced.reports.detailed();
}

/** By name, from one index per headline report: lenses and hints ask once per group, on policies of thousands. */
const groupIndexes = new WeakMap<CostReport, Map<string, number>>();

function groupIndexOf(priced: Priced, group: string): number {
    let index = groupIndexes.get(priced.report);
    if (!index) {
        index = new Map();
        const groups = priced.report.groups;
        for (let i = groups.length - 1; i >= 0; i--) {
            if (priced.period === undefined || groups[i]!.period === priced.period) index.set(groups[i]!.name, i);
        }
        groupIndexes.set(priced.report, index);
    }
    return index.get(group) ?? -1;
}
