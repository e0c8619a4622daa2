import * as path from 'node:path';
import { URI } from 'langium';
import { diffReports, type PolicyDiffReport } from '../../engine/diff/index.js';
import type { CostReport, PolicyModel } from '../../engine/index.js';
import { Decimal } from '../../engine/money/decimal.js';
import { priceReport, type PreparedCube } from '../../engine/price/index.js';
import { compileLoadedPolicy, createBillingServices, loadPolicyTexts } from '../../language/index.js';
import { GitRevisionFileSystem, resolveGitSource, type GitPolicySource } from '../../language/workspace/git-revision.js';
import { formatSigned } from '../pricing/money-format.js';
import { headState } from './git-head.js';
import type { Priced } from '../pricing/policy-pricing.js';

/*
 * "Δ vs HEAD": the policy being edited against the same file as committed at HEAD, both priced on the editor's data in
 * the period shown, compared by the diff engine of `billing diff` (engine/diff). The committed side is read as the CLI
 * reads `HEAD:PATH` (language/workspace/git-revision.ts: the `git` command, never the working tree), compiled once per
 * commit and priced once per data generation and period.
 *
 * Asked on every CodeLens request, so nothing here starts `git` on the way of an edit: HEAD is read from the `.git` files
 * (git-head.ts) and the committed side is kept per file and HEAD — `git` runs once after each commit or checkout, never
 * outside a repository — and the diff is kept per priced report (a lens request after the same edit reuses it).
 *
 * Off unless the extension turns it on (`billing.codeLens.changeAgainstGit`, default on there): a server started
 * without it runs no child process.
 */

let enabled = false;

export function setGitDeltaEnabled(on: boolean): void {
    enabled = on;
}

interface BaseSide {
    readonly source: GitPolicySource;
    /** Undefined when the committed policy has errors (nothing to compare). */
    readonly model: PolicyModel | undefined;
}

const bases = new Map<string, Promise<BaseSide | undefined>>();
/** The committed side by file and HEAD (git-head.ts): undefined too, when HEAD does not have the file. */
const atHead = new Map<string, Promise<BaseSide | undefined>>();
/** The committed side's reports by the prepared cube they were priced on (weakly: they go with their cube). */
const reports = new WeakMap<PreparedCube, Map<string, CostReport>>();
const diffs = new WeakMap<CostReport, { readonly key: string; readonly diff: PolicyDiffReport }>();
const MAX_CACHED = 32;

/** The committed side of a policy file at HEAD; undefined outside a repository or when HEAD does not have the file. */
function baseAtHead(file: string): Promise<BaseSide | undefined> {
    const head = headState(path.dirname(file));
    if (!head) return Promise.resolve(undefined);
    // .git files not read as expected: ask git each time, as before (correct, only slower).
    if (head.fingerprint === undefined) return resolveBase(file);
    const key = `${head.fingerprint}\u0000${file}`;
    let base = atHead.get(key);
    if (!base) {
        if (atHead.size >= MAX_CACHED) atHead.clear();
        base = resolveBase(file);
        atHead.set(key, base);
    }
    return base;
}

async function resolveBase(file: string): Promise<BaseSide | undefined> {
    let source: GitPolicySource;
    try {
        source = resolveGitSource(`HEAD:${path.basename(file)}`, 'HEAD', `./${path.basename(file)}`, path.dirname(file));
    } catch {
        return undefined;
    }
    const key = `${source.commit}:${source.root}:${source.path}`;
    let base = bases.get(key);
    if (!base) {
        if (bases.size >= MAX_CACHED) bases.clear();
        base = loadBase(source);
        bases.set(key, base);
    }
    return base;
}

async function loadBase(source: GitPolicySource): Promise<BaseSide | undefined> {
    try {
        const fileSystem = new GitRevisionFileSystem(source);
        const services = createBillingServices({ fileSystemProvider: () => fileSystem }).Billing;
        const uri = URI.file(path.join(source.root, ...source.path.split('/')));
        const compiled = compileLoadedPolicy(await loadPolicyTexts([{ uri, text: fileSystem.readFileSync(uri) }], services));
        return { source, model: compiled.model };
    } catch {
        return undefined;
    }
}

/** The diff of the edited policy (its pricing as the lenses show it) against HEAD; undefined when there is none to make. */
export async function diffAgainstHead(file: string, priced: Priced): Promise<{ readonly diff: PolicyDiffReport; readonly source: GitPolicySource } | undefined> {
    if (!enabled || priced.stale || !priced.periodInData) return undefined;
    const base = await baseAtHead(file);
    if (!base?.model) return undefined;
    const reportKey = `${base.source.commit}:${base.source.path}:${priced.data.generation}:${priced.period ?? 'all'}`;
    let byKey = reports.get(priced.data.prepared);
    if (!byKey) reports.set(priced.data.prepared, (byKey = new Map()));
    let baseReport = byKey.get(reportKey);
    if (!baseReport) {
        if (byKey.size >= MAX_CACHED) byKey.clear();
        baseReport = priceReport(priced.data.prepared, base.model, priced.period ? { periods: [priced.period] } : {});
        byKey.set(reportKey, baseReport);
    }
    const known = diffs.get(priced.report);
    if (known?.key === `${reportKey}:${file}`) return { diff: known.diff, source: base.source };
    const diff = diffReports({
        base: { side: { source: `HEAD:${base.source.path}`, files: [base.source.path] }, model: base.model, report: baseReport },
        head: { side: { source: path.basename(file), files: [path.basename(file)] }, model: priced.model, report: priced.report },
    });
    diffs.set(priced.report, { key: `${reportKey}:${file}`, diff });
    return { diff, source: base.source };
}

/** `Δ vs HEAD: +$1,204.00 · web +$444.00 · data −$12.00` (the three largest group changes), or `no change`. */
export function deltaTitle(diff: PolicyDiffReport, period: string | undefined): string {
    const currency = diff.currency;
    const changed = diff.groups
        .filter(group => !/^-?0*(\.0*)?$/.test(group.total.change.proformaCost))
        .sort((a, b) => new Decimal(b.total.change.proformaCost).abs().comparedTo(new Decimal(a.total.change.proformaCost).abs()));
    const when = period ? ` in ${period}` : '';
    if (changed.length === 0) return `Δ vs HEAD: no change to the bill${when}`;
    const parts = changed.slice(0, 3).map(group => `${group.group} ${formatSigned(group.total.change.proformaCost, currency)}${group.status === 'added' ? ' (new)' : group.status === 'removed' ? ' (removed)' : ''}`);
    const more = changed.length > 3 ? ` · ${changed.length - 3} more` : '';
    return `Δ vs HEAD: ${formatSigned(diff.total.change.proformaCost, currency)}${when} · ${parts.join(' · ')}${more}`;
}
