import type { Decimal } from '../money/decimal.js';
import { BASIC_PRICING_PLAN, type BillingGroup, type PolicyModel } from '../policy/model.js';
import { policyInForce, versionSegments } from '../policy/versions.js';
import type { ReportIssue } from '../report/types.js';
import type { ReapplyResult } from '../commitments/reapply.js';
import { commitmentPricing, notReappliedWarnings, reapplyWarnings } from './commitment-pricing.js';
import { checkLineItems, priceGroupLineItems, type ChargesByService, type PricedLineItem } from './custom-line-items.js';
import { GroupCellPricer, type GroupTotals, type PeriodCells } from './group-cells.js';
import type { GroupDetail } from './group-detail.js';
import { PlanLookup, type PricingScales } from './plan-lookup.js';
import { fallbackWarning } from './fallback-pricing.js';
import { ACTIVE, activeByData, groupStatus, type GroupStatus } from './group-status.js';
import { isPassthrough } from './passthrough.js';
import { resolveMembership, type PeriodMembership } from './membership.js';
import { dataIssues, type PreparedAccount, type PreparedCube } from './prepare-cube.js';
import { ruleBasesCacheOf, type BasesTable } from './rule-bases.js';
import { indexPlans, PlanRules } from './rule-index.js';
import { addFixed, pow10, rescale, type Fixed } from './scaled.js';

export type { GroupDetail, Posting, RuleTotals } from './group-detail.js';

export interface PriceOptions {
    /** Billing periods (YYYY-MM) to report; default: every period present in the data. */
    readonly periods?: readonly string[];
}

/** The priced state of one billing group in one period: headline figures (detail on demand). */
export interface GroupPeriodPricing {
    readonly group: BillingGroup;
    readonly groupIndex: number;
    readonly period: string;
    readonly accountIds: readonly string[];
    readonly hasUsage: boolean;
    /** Σ unblended, units of the data scale. */
    readonly awsCost: bigint;
    /** Repriced charges before custom line items. */
    readonly charges: Fixed;
    /** Charges plus custom line items. */
    readonly proformaCost: Fixed;
    readonly lineItems: readonly PricedLineItem[];
    /** ABC's status of the group in this period (group-status.ts). */
    readonly status: GroupStatus;
}

export interface UnassignedPricing {
    readonly period: string;
    readonly accountId: string;
    /** Units of the data scale. */
    readonly awsCost: bigint;
}

/** The result of pricing a prepared cube with a policy: everything the report and a row pricer need. */
export interface PricedPolicy extends PricingScales {
    readonly prepared: PreparedCube;
    readonly policy: PolicyModel;
    readonly periods: readonly string[];
    /** The plans' rules of the latest period priced (of every period when nothing in the policy is dated): see `plansAt`. */
    readonly plans: ReadonlyMap<string, PlanRules>;
    /** The policy in force in a priced period (engine/policy/versions.ts): `policy` itself when nothing is dated. */
    policyAt(period: string): PolicyModel;
    /** The plans' rules in force in a priced period. */
    plansAt(period: string): ReadonlyMap<string, PlanRules>;
    readonly memberships: ReadonlyMap<string, PeriodMembership>;
    /** One per group × selected period: periods ascending, groups in policy order. */
    readonly groups: readonly GroupPeriodPricing[];
    readonly unassigned: readonly UnassignedPricing[];
    /** Average custom-tier rate per (group index, period, service, usage type), for row pricing. */
    readonly tierRates: ReadonlyMap<string, Decimal>;
    readonly issues: readonly ReportIssue[];
    /** RIs and Savings Plans re-applied inside the groups, by re-applied (hourly) period. */
    readonly commitments: ReadonlyMap<string, ReapplyResult>;
    /** Per-service, per-account and per-rule figures of `groups[index]` (computed on first request). */
    detail(index: number): GroupDetail;
}

const NO_LINE_ITEMS: readonly PricedLineItem[] = [];

export function tierRateKey(groupIndex: number, period: string, service: string, usageType: string): string {
    return `${groupIndex}\u0000${period}\u0000${service}\u0000${usageType}`;
}

/** The periods whose versions in force are the same (versions.ts), priced with one model. */
interface Segment {
    readonly policy: PolicyModel;
    readonly periods: readonly string[];
    readonly plans: Map<string, PlanRules>;
    readonly passthrough: readonly boolean[];
    lookups: readonly PlanLookup[];
}

interface PeriodContext extends PeriodCells {
    readonly period: string;
    readonly membership: PeriodMembership;
}

/**
 * Prices every billing group in every selected period: the step an editor runs on every policy edit
 * (semantics: docs/semantics.md). Per group it computes the headline figures only; the per-service,
 * per-account and per-rule detail is computed by `detail(index)` when a report is written.
 */
export function pricePolicy(data: PreparedCube, policy: PolicyModel, options: PriceOptions = {}): PricedPolicy {
    const issues: ReportIssue[] = [];
    const periods = selectPeriods(data, options, issues);
    issues.push(...dataIssues(data, periods));
    // Hourly periods with commitments are priced from the cube with them re-applied per group (cached per membership).
    const { prepared, results: commitments } = commitmentPricing(data, policy, periods);
    issues.push(...notReappliedWarnings(data.cube, periods), ...reapplyWarnings(commitments));

    // Effective-dated pricing: one model per run of periods with the same versions in force (one segment when undated).
    const segments: Segment[] = versionSegments(policy, periods).map((segment) => {
        const segmentIssues: ReportIssue[] = [];
        const plans = indexPlans(segment.policy, segmentIssues);
        for (const issue of segmentIssues) if (!issues.some((known) => known.message === issue.message)) issues.push(issue);
        return { ...segment, plans, passthrough: segment.policy.groups.map((group) => isPassthrough(group, segment.policy)), lookups: [] };
    });
    const segmentOf = new Map<string, Segment>();
    for (const segment of segments) for (const period of segment.periods) segmentOf.set(period, segment);
    const plans = segments.at(-1)?.plans ?? indexPlans(policy, issues);
    let factorPlaces = 0;
    for (const segment of segments) for (const plan of segment.plans.values()) for (const rule of plan.rateRules) factorPlaces = Math.max(factorPlaces, rule.factor.decimalPlaces());
    const scaleUp = pow10(factorPlaces);
    const scales: PricingScales = { dataScale: prepared.scale, factorPlaces, scale: prepared.scale + factorPlaces, scaleUp, scaleUpNumber: factorPlaces <= 15 ? Number(scaleUp) : Infinity };

    const emptyPlan = new PlanRules('', [], issues);
    const lookupByPlan = new Map<PlanRules, PlanLookup>();
    const unknownPlans = new Set<string>();
    for (const segment of segments) {
        segment.lookups = segment.policy.groups.map((group, groupIndex) => {
            let rules = segment.plans.get(group.plan);
            // ABC's AWS-managed plans, used by name: BasicPricingPlan is a plan with no rules; Passthrough is priced apart.
            if (!rules && (group.plan === BASIC_PRICING_PLAN || segment.passthrough[groupIndex])) rules = emptyPlan;
            if (!rules) {
                const message = `Group ${group.name} names pricing plan ${group.plan}, which is not defined; its usage is priced at public on-demand rates.`;
                if (!unknownPlans.has(message)) issues.push({ severity: 'warning', code: 'unknown-plan', message });
                unknownPlans.add(message);
                rules = emptyPlan;
            }
            let lookup = lookupByPlan.get(rules);
            if (!lookup) lookupByPlan.set(rules, (lookup = new PlanLookup(rules, prepared, factorPlaces)));
            return lookup;
        });
    }
    // Indexed loops on the per-group and per-account paths (no iterator objects: thousands per edit).
    for (let g = 0; g < policy.groups.length; g++) if (policy.groups[g]!.lineItems.length > 0) checkLineItems(policy.groups[g]!, issues);
    const cellPricer = new GroupCellPricer(prepared, scales);
    const basesCache = ruleBasesCacheOf(prepared);

    const memberships = new Map<string, PeriodMembership>();
    // Sized up front: thousands of groups on every edit, so no growing by push.
    const groupContexts: PeriodContext[] = new Array(periods.length * policy.groups.length);
    const groups: GroupPeriodPricing[] = new Array(periods.length * policy.groups.length);
    let groupCursor = 0;
    const unassigned: UnassignedPricing[] = [];
    const tierRates = new Map<string, Decimal>();
    const details: (GroupDetail | undefined)[] = [];

    const memo = detailMemoOf(prepared);
    const detailOf = (index: number, groupIndex: number, context: PeriodContext): GroupDetail => {
        let found = details[index];
        if (!found) {
            const key = memo.key(context.period, factorPlaces, context.passthrough[groupIndex]!, context.lookups[groupIndex]!.rules, context.membership.accountsOf[groupIndex]!);
            found = memo.get(key);
            if (!found) {
                found = cellPricer.detail(context, groupIndex);
                memo.set(key, found);
            }
            details[index] = found;
        }
        return found;
    };
    const detail = (index: number): GroupDetail => detailOf(index, groups[index]!.groupIndex, groupContexts[index]!);

    const chargesByService = new CurrentGroupCharges(detailOf, prepared.services, scales.scale);
    const groupCount = policy.groups.length;
    for (const period of periods) {
        const segment = segmentOf.get(period)!;
        const { passthrough, lookups } = segment;
        const data = prepared.byPeriod.get(period);
        const present = data ? data.accounts : [];
        const membership = resolveMembership(
            policy.groups,
            period,
            accountIdsOf(data),
            issues,
            prepared.accountIndex,
            policy.payer?.id,
        );
        memberships.set(period, membership);
        const groupOfIndex = membership.groupOfIndex;

        // Bucket the period's accounts by group (counting sort: no per-group allocation).
        const groupStart = new Int32Array(groupCount + 1);
        for (let a = 0; a < present.length; a++) {
            const account = present[a]!;
            const groupIndex = groupOfIndex[account.index]!;
            if (groupIndex >= 0) groupStart[groupIndex + 1]!++;
            else unassigned.push({ period, accountId: account.accountId, awsCost: account.awsCost });
        }
        for (let g = 0; g < groupCount; g++) groupStart[g + 1]! += groupStart[g]!;
        const accountsByGroup: PreparedAccount[] = new Array(groupStart[groupCount]!);
        const fill = groupStart.slice(0, groupCount);
        for (let a = 0; a < present.length; a++) {
            const account = present[a]!;
            const groupIndex = groupOfIndex[account.index]!;
            if (groupIndex >= 0) accountsByGroup[fill[groupIndex]!++] = account;
        }
        // Each group's table of kept segment walks: one per plan shape and period, looked up once per plan here.
        const tableByLookup = new Map<PlanLookup, BasesTable>();
        const bases: BasesTable[] = new Array(groupCount);
        for (let g = 0; g < groupCount; g++) {
            const lookup = lookups[g]!;
            let table = tableByLookup.get(lookup);
            if (!table) tableByLookup.set(lookup, (table = basesCache.table(period, lookup.rules.shape)));
            bases[g] = table;
        }
        const context: PeriodContext = { period, membership, accountsByGroup, groupStart, groupOfAccount: groupOfIndex, lookups, passthrough, bases };

        for (let groupIndex = 0; groupIndex < groupCount; groupIndex++) {
            // The group as in force in this period (its plan version); lists and line items are the policy's.
            const group = segment.policy.groups[groupIndex]!;
            const hasUsage = groupStart[groupIndex + 1]! > groupStart[groupIndex]!;
            const totals = cellPricer.totals(context, groupIndex);
            const { charges } = totals;
            if (totals.tierRates) {
                for (const tier of totals.tierRates) tierRates.set(tierRateKey(groupIndex, period, tier.service, tier.usageType), tier.rate);
            }
            if (totals.rowsWithoutPublicCost > 0) issues.push(fallbackWarning(group.name, period, cellPricer.fallback(context, groupIndex)));
            const index = groupCursor++;
            let priced = NO_LINE_ITEMS;
            if (group.lineItems.length > 0) {
                chargesByService.index = index;
                chargesByService.groupIndex = groupIndex;
                chargesByService.context = context;
                chargesByService.totals = totals;
                priced = priceGroupLineItems(group, period, charges, chargesByService);
            }
            const proformaCost = priced.length === 0 ? charges : sumFixed(charges, priced);
            groups[index] = {
                group,
                groupIndex,
                period,
                accountIds: membership.accountsOf[groupIndex]!,
                hasUsage,
                awsCost: totals.awsCost,
                charges,
                proformaCost,
                lineItems: priced,
                status: activeByData(group, period, accountsByGroup, groupStart[groupIndex]!, groupStart[groupIndex + 1]!) ? ACTIVE : groupStatus(group, groupIndex, period, membership, data, hasUsage),
            };
            groupContexts[index] = context;
        }
    }

    const unassignedCount = new Set(unassigned.map((line) => line.accountId)).size;
    if (unassignedCount > 0) {
        issues.push({
            severity: 'warning',
            code: 'unassigned-accounts',
            message: `${unassignedCount} account${unassignedCount === 1 ? ' is' : 's are'} in no billing group and no group auto-associates; ${unassignedCount === 1 ? 'its' : 'their'} cost is reported as unassigned.`,
        });
    }

    const policyAt = (period: string): PolicyModel => segmentOf.get(period)?.policy ?? policyInForce(policy, period);
    const plansAt = (period: string): ReadonlyMap<string, PlanRules> => segmentOf.get(period)?.plans ?? indexPlans(policyInForce(policy, period), []);
    return { prepared, policy, periods, ...scales, plans, policyAt, plansAt, memberships, groups, unassigned, tierRates, issues, commitments, detail };
}

/**
 * Group details kept from earlier pricings of the same prepared cube, so that an edit recomputes the
 * detail (a BigInt pass over every cell of the group) only of the groups it changed: an editor prices
 * the whole report with detail on every keystroke, and one edit usually touches one plan or group.
 *
 * A group's detail is a function of the period's prepared cube (this memo's owner), the pricing's
 * factor places (the scale of every unit), whether the group is passthrough, its plan's resolved rules
 * (`PlanRules.signature`) and its accounts in the period (they decide which accounts' cells are the
 * group's and whether a commitment's owner is in the group); the key is exactly those. Entries not used
 * by the last few pricings are dropped once the memo outgrows `DETAIL_MEMO_LIMIT`.
 */
class DetailMemo {
    private readonly entries = new Map<string, { detail: GroupDetail; used: number }>();
    private readonly planIds = new Map<string, number>();
    private pricing = 0;

    /** Called once per pricing: ages the entries. */
    startPricing(): void {
        this.pricing++;
        if (this.entries.size <= DETAIL_MEMO_LIMIT) return;
        for (const [key, entry] of this.entries) if (entry.used < this.pricing - 4) this.entries.delete(key);
        // Keys hold plan ids: forgetting the ids forgets the entries too.
        if (this.planIds.size > DETAIL_MEMO_LIMIT) {
            this.planIds.clear();
            this.entries.clear();
        }
    }

    key(period: string, factorPlaces: number, passthrough: boolean, plan: PlanRules, accountIds: readonly string[]): string {
        // Plans interned to a number: their text is long and shared by many groups.
        let planId = this.planIds.get(plan.signature);
        if (planId === undefined) this.planIds.set(plan.signature, (planId = this.planIds.size));
        return `${period}\u0000${factorPlaces}\u0000${passthrough ? 1 : 0}\u0000${planId}\u0000${accountIds.join(',')}`;
    }

    get(key: string): GroupDetail | undefined {
        const entry = this.entries.get(key);
        if (entry) entry.used = this.pricing;
        return entry?.detail;
    }

    set(key: string, detail: GroupDetail): void {
        this.entries.set(key, { detail, used: this.pricing });
    }
}

/** Beyond this many details (a few policies of thousands of groups) the memo drops what recent pricings did not use. */
const DETAIL_MEMO_LIMIT = 20_000;

const detailMemos = new WeakMap<PreparedCube, DetailMemo>();

function detailMemoOf(prepared: PreparedCube): DetailMemo {
    let memo = detailMemos.get(prepared);
    if (!memo) detailMemos.set(prepared, (memo = new DetailMemo()));
    memo.startPricing();
    return memo;
}

/** The current group's charges per service, for filtered percentage bases (one reusable object). */
class CurrentGroupCharges implements ChargesByService {
    index = 0;
    groupIndex = 0;
    context: PeriodContext | undefined;
    totals: GroupTotals | undefined;

    constructor(
        private readonly detailOf: (index: number, groupIndex: number, context: PeriodContext) => GroupDetail,
        private readonly services: readonly string[],
        private readonly scale: number,
    ) {}

    savingsPlanNegation(): Fixed {
        return { units: this.totals!.savingsPlanNegationUnits, scale: this.scale };
    }

    byService(): Iterable<{ service: string; charges: Fixed; savingsPlanNegation: Fixed }> {
        const { serviceIds, serviceProforma, serviceNegation, tierPostings } = this.detailOf(this.index, this.groupIndex, this.context!);
        const scale = this.scale;
        const byService = new Map<string, { service: string; charges: Fixed; savingsPlanNegation: Fixed }>();
        serviceIds.forEach((sid, s) => {
            const service = this.services[sid]!;
            byService.set(service, { service, charges: { units: serviceProforma[s]!, scale }, savingsPlanNegation: { units: serviceNegation[s]!, scale } });
        });
        for (const posting of tierPostings) {
            const line = byService.get(posting.service)!;
            byService.set(posting.service, { ...line, charges: addFixed(line.charges, posting.amount) });
        }
        return byService.values();
    }
}

/** charges + Σ line item amounts, rescaled once to the finest scale (one BigInt sum, not one Fixed per addition). */
function sumFixed(charges: Fixed, lines: readonly PricedLineItem[]): Fixed {
    let scale = charges.scale;
    for (let i = 0; i < lines.length; i++) if (lines[i]!.amount.scale > scale) scale = lines[i]!.amount.scale;
    let units = rescale(charges, scale);
    for (let i = 0; i < lines.length; i++) {
        const amount = lines[i]!.amount;
        units += amount.scale === scale ? amount.units : rescale(amount, scale);
    }
    return { units, scale };
}

const noAccounts: readonly string[] = [];
const accountIdsByPeriod = new WeakMap<object, readonly string[]>();

/** The ids of a prepared period's accounts (made once per prepared period, not on every edit). */
function accountIdsOf(data: { readonly accounts: readonly PreparedAccount[] } | undefined): readonly string[] {
    if (!data) return noAccounts;
    let ids = accountIdsByPeriod.get(data);
    if (!ids) accountIdsByPeriod.set(data, (ids = data.accounts.map((account) => account.accountId)));
    return ids;
}

function selectPeriods(prepared: PreparedCube, options: PriceOptions, issues: ReportIssue[]): string[] {
    if (!options.periods) return [...prepared.periods];
    const requested = new Set(options.periods);
    for (const period of [...requested].sort()) {
        if (!prepared.byPeriod.has(period)) {
            issues.push({ severity: 'warning', code: 'period-not-in-data', message: `Billing period ${period} is not in the data; it is left out of the report.` });
        }
    }
    return prepared.periods.filter((period) => requested.has(period));
}
