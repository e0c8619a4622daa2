import type { ReapplyResult } from '../commitments/reapply.js';
import { moneyString, roundMoney, type Decimal } from '../money/decimal.js';
import type { AccountLine, CostReport, CustomLineItemLine, GroupCommitmentsReport, GroupReport, RuleEffect, ServiceLine, UnassignedAccount } from '../report/types.js';
import { marginPercent } from './margin-percent.js';
import type { GroupDetail, GroupPeriodPricing, PricedPolicy } from './price-policy.js';
import { addFixed, fixedToString, pow10, rescale, subtractFixed, unitsToString, type Fixed } from './scaled.js';

/** Σ groups' AWS cost + unassigned ≠ input total: a pricing bug, never a user error. */
export class ReconciliationError extends Error {
    override readonly name = 'ReconciliationError';
}

export interface ReportOptions {
    /**
     * Compute each group's byService, byAccount and rules (default true). With false they are left
     * empty and the report says `detail: false`: the headline figures, custom line items, unassigned
     * and totals are all there, for callers that re-price on every edit and show totals (detail of one
     * group can then be had with `buildGroupReport`).
     */
    readonly detail?: boolean;
}

/** Writes a priced policy as the public CostReport (exact decimal strings, nothing rounded). */
export function buildReport(priced: PricedPolicy, options: ReportOptions = {}): CostReport {
    const withDetail = options.detail !== false;
    const { prepared, dataScale } = priced;
    let namesMap: Map<string, string> | undefined;
    const names = (): ReadonlyMap<string, string> => (namesMap ??= accountNames(priced));
    const aws = (units: bigint): string => unitsToString(units, dataScale);

    let groupsAwsCost = 0n;
    // Σ pro forma as units of the finest scale seen so far (no Fixed per group: this runs per group on every edit).
    let proformaUnits = 0n;
    let proformaScale = 0;
    const pricings = priced.groups;
    const groups: GroupReport[] = new Array(pricings.length);
    for (let index = 0; index < pricings.length; index++) {
        const pricing = pricings[index]!;
        groupsAwsCost += pricing.awsCost;
        const proforma = pricing.proformaCost;
        if (proforma.scale > proformaScale) {
            proformaUnits *= pow10(proforma.scale - proformaScale);
            proformaScale = proforma.scale;
        }
        proformaUnits += proforma.scale === proformaScale ? proforma.units : rescale(proforma, proformaScale);
        groups[index] = groupReport(pricing, withDetail ? priced.detail(index) : undefined, priced, names);
    }
    const totalProforma: Fixed = { units: proformaUnits, scale: proformaScale };

    let unassignedAwsCost = 0n;
    const unassignedByPeriod = new Map(priced.periods.map((period) => [period, 0n]));
    const unassignedIdsByPeriod = new Map(priced.periods.map((period): [string, string[]] => [period, []]));
    const unassignedByAccount = new Map<string, bigint>();
    for (const line of priced.unassigned) {
        unassignedAwsCost += line.awsCost;
        unassignedByPeriod.set(line.period, unassignedByPeriod.get(line.period)! + line.awsCost);
        unassignedIdsByPeriod.get(line.period)!.push(line.accountId);
        unassignedByAccount.set(line.accountId, (unassignedByAccount.get(line.accountId) ?? 0n) + line.awsCost);
    }
    const unassignedAccounts = [...unassignedByAccount.keys()].sort().map((accountId): UnassignedAccount => {
        const accountName = names().get(accountId);
        return { accountId, ...(accountName !== undefined && { accountName }), awsCost: aws(unassignedByAccount.get(accountId)!) };
    });

    // The input total, summed straight from the prepared periods (independently of any membership).
    let inputAwsCost = 0n;
    for (const period of priced.periods) inputAwsCost += prepared.byPeriod.get(period)?.awsCost ?? 0n;
    const difference = groupsAwsCost + unassignedAwsCost - inputAwsCost;
    if (difference !== 0n) {
        throw new ReconciliationError(`internal error: billing groups (${aws(groupsAwsCost)}) + unassigned (${aws(unassignedAwsCost)}) ≠ input total (${aws(inputAwsCost)})`);
    }
    const groupsAws: Fixed = { units: groupsAwsCost, scale: dataScale };

    return {
        schemaVersion: 1,
        currency: prepared.currencies[0] ?? 'USD',
        periods: priced.periods,
        groups,
        unassigned: {
            awsCost: aws(unassignedAwsCost),
            byPeriod: [...unassignedByPeriod].map(([period, units]) => ({ period, awsCost: aws(units), accountIds: unassignedIdsByPeriod.get(period)!.sort() })),
            accounts: unassignedAccounts,
        },
        total: {
            awsCost: aws(inputAwsCost),
            proformaCost: fixedToString(totalProforma),
            // Margin is over billing groups: unassigned cost is billed to no one.
            margin: fixedToString(subtractFixed(totalProforma, groupsAws)),
        },
        reconciliation: {
            groupsAwsCost: aws(groupsAwsCost),
            unassignedAwsCost: aws(unassignedAwsCost),
            inputAwsCost: aws(inputAwsCost),
            difference: aws(difference),
        },
        data: {
            sources: prepared.cube.sources,
            format: prepared.cube.format,
            rows: prepared.cube.rows,
            cells: prepared.cube.cells.length,
        },
        issues: [...prepared.cube.issues, ...priced.issues],
        ...(!withDetail && { detail: false as const }),
    };
}

/** The full GroupReport (with detail) of `priced.groups[index]`. */
export function buildGroupReport(priced: PricedPolicy, index: number): GroupReport {
    return groupReport(priced.groups[index]!, priced.detail(index), priced, () => namesOf(priced));
}

/**
 * The rule effects of `priced.groups[index]` (its report's `rules`), without the rest of its detail lines: what a
 * rule's lens or hint needs of every group on each edit. One list per detail object (kept across edits by the detail
 * memo of price-policy.ts, so an edit writes them again only for the groups it changed).
 */
export function buildRuleEffects(priced: PricedPolicy, index: number): readonly RuleEffect[] {
    const detail = priced.detail(index);
    let effects = effectsByDetail.get(detail);
    if (!effects) effectsByDetail.set(detail, (effects = ruleEffects(detail)));
    return effects;
}

const effectsByDetail = new WeakMap<GroupDetail, RuleEffect[]>();

/** The account names of a pricing, made once per pricing: a view asking thousands of groups' detail one by one. */
const namesByPricing = new WeakMap<PricedPolicy, Map<string, string>>();

function namesOf(priced: PricedPolicy): Map<string, string> {
    let names = namesByPricing.get(priced);
    if (!names) namesByPricing.set(priced, (names = accountNames(priced)));
    return names;
}

function accountNames(priced: PricedPolicy): Map<string, string> {
    const names = new Map(priced.prepared.cube.accountNames);
    for (const account of priced.policy.accounts) if (account.name) names.set(account.id, account.name);
    if (priced.policy.payer?.name) names.set(priced.policy.payer.id, priced.policy.payer.name);
    return names;
}

function groupReport(pricing: GroupPeriodPricing, detail: GroupDetail | undefined, priced: PricedPolicy, names: () => ReadonlyMap<string, string>): GroupReport {
    const base = groupFigures(pricing, detail, priced, names);
    // Only periods whose commitments were re-applied carry the figures (no spread per group otherwise).
    const reapplied = priced.commitments.size === 0 ? undefined : priced.commitments.get(pricing.period);
    return reapplied ? { ...base, commitments: commitmentsReport(reapplied, pricing.groupIndex) } : base;
}

function groupFigures(pricing: GroupPeriodPricing, detail: GroupDetail | undefined, priced: PricedPolicy, names: () => ReadonlyMap<string, string>): GroupReport {
    const { group } = pricing;
    const { dataScale } = priced;
    const proforma = pricing.proformaCost;
    // proformaCost − awsCost at the pro forma scale (never coarser than the data's): one rescale, no Fixed for the AWS cost.
    const margin: Fixed = proforma.scale >= dataScale
        ? { units: proforma.units - (proforma.scale === dataScale ? pricing.awsCost : pricing.awsCost * pow10(proforma.scale - dataScale)), scale: proforma.scale }
        : subtractFixed(proforma, { units: pricing.awsCost, scale: dataScale });
    const awsCostText = unitsToString(pricing.awsCost, dataScale);
    const lines = detail ? detailLines(pricing, detail, priced, names()) : undefined;
    const byService = lines ? lines.byService : NONE;
    const byAccount = lines ? lines.byAccount : NONE;
    const customLineItems = pricing.lineItems.length === 0 ? NONE : lineItemLines(pricing);
    const rules = lines ? lines.rules : NONE;
    const billingGroupType = group.transfer ? 'TRANSFER_BILLING' : 'STANDARD';
    // Two literals rather than a spread for the optional description: this runs per group on every edit.
    const report: GroupReport = group.description === undefined
        ? {
              name: group.name, period: pricing.period, plan: group.plan, primaryAccountId: group.primaryAccountId, accountIds: pricing.accountIds,
              awsCost: awsCostText, charges: fixedToString(pricing.charges), proformaCost: fixedToString(proforma),
              margin: fixedToString(margin), marginPercent: marginPercent(margin, proforma),
              byService, byAccount, customLineItems, rules, hasUsage: pricing.hasUsage, billingGroupType, status: pricing.status.status,
          }
        : {
              name: group.name, description: group.description, period: pricing.period, plan: group.plan, primaryAccountId: group.primaryAccountId, accountIds: pricing.accountIds,
              awsCost: awsCostText, charges: fixedToString(pricing.charges), proformaCost: fixedToString(proforma),
              margin: fixedToString(margin), marginPercent: marginPercent(margin, proforma),
              byService, byAccount, customLineItems, rules, hasUsage: pricing.hasUsage, billingGroupType, status: pricing.status.status,
          };
    if (pricing.status.reason !== undefined) (report as Mutable<GroupReport>).statusReason = pricing.status.reason;
    return report;
}

function commitmentsReport(result: ReapplyResult, groupIndex: number): GroupCommitmentsReport {
    const figures = result.groups.get(groupIndex);
    if (!figures) return { eligibleCost: '0', coveredCost: '0', coveragePercent: null, commitments: [] };
    return {
        eligibleCost: moneyString(figures.eligibleCost), coveredCost: moneyString(figures.coveredCost),
        coveragePercent: percentOf(figures.coveredCost, figures.eligibleCost),
        commitments: figures.commitments.map(c => ({
            arn: c.arn, kind: c.kind, ownerAccountId: c.ownerAccountId, unit: c.unit, used: moneyString(c.used), capacity: moneyString(c.capacity),
            utilizationPercent: percentOf(c.used, c.capacity),
        })),
    };
}

/** part ÷ whole × 100, half-even to 2 decimals; null when whole is 0. */
function percentOf(part: Decimal, whole: Decimal): string | null {
    return whole.isZero() ? null : roundMoney(part.times(100).div(whole)).toFixed(2);
}

/** The empty list of every headline-only group (frozen: shared by thousands of groups per edit). */
const NONE: readonly never[] = Object.freeze([]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Totals {
    awsCost: Fixed;
    proformaCost: Fixed;
}

function line(totals: Totals): { awsCost: string; proformaCost: string; margin: string } {
    return {
        awsCost: fixedToString(totals.awsCost),
        proformaCost: fixedToString(totals.proformaCost),
        margin: fixedToString(subtractFixed(totals.proformaCost, totals.awsCost)),
    };
}

const ZERO: Fixed = { units: 0n, scale: 0 };

interface DetailLines {
    /** What the lines depend on besides the detail itself: the line items' postings and the accounts' names. */
    readonly key: string;
    readonly byService: ServiceLine[];
    readonly byAccount: AccountLine[];
    readonly rules: RuleEffect[];
}

/**
 * The detail lines of the last report that wrote this detail, by detail object: price-policy.ts reuses a
 * group's detail across edits that leave the group alone, so its lines are written again only when the
 * line items' amounts or the accounts' names changed (the key). Thousands of groups' lines per edit
 * otherwise, in an editor showing one of them.
 */
const linesByDetail = new WeakMap<GroupDetail, DetailLines>();

function detailLines(pricing: GroupPeriodPricing, detail: GroupDetail, priced: PricedPolicy, names: ReadonlyMap<string, string>): DetailLines {
    const parts: string[] = [];
    for (const item of pricing.lineItems) parts.push(item.presentationService, item.accountId, String(item.amount.units), String(item.amount.scale));
    parts.push('');
    for (const accountId of detail.accountIds) parts.push(names.get(accountId) ?? '\u0001');
    for (const posting of detail.tierPostings) parts.push(names.get(posting.accountId) ?? '\u0001');
    for (const item of pricing.lineItems) parts.push(names.get(item.accountId) ?? '\u0001');
    const key = parts.join('\u0000');
    const known = linesByDetail.get(detail);
    if (known && known.key === key) return known;
    const lines: DetailLines = { key, byService: serviceLines(pricing, detail, priced), byAccount: accountLines(pricing, detail, priced, names), rules: ruleEffects(detail) };
    linesByDetail.set(detail, lines);
    return lines;
}

function serviceLines(pricing: GroupPeriodPricing, detail: GroupDetail, priced: PricedPolicy): ServiceLine[] {
    const byService = new Map<string, Totals>();
    detail.serviceIds.forEach((sid, s) => {
        byService.set(priced.prepared.services[sid]!, {
            awsCost: { units: detail.serviceAwsCost[s]!, scale: priced.dataScale },
            proformaCost: { units: detail.serviceProforma[s]!, scale: priced.scale },
        });
    });
    const post = (service: string, amount: Fixed): void => {
        const totals = byService.get(service);
        if (totals) totals.proformaCost = addFixed(totals.proformaCost, amount);
        else byService.set(service, { awsCost: ZERO, proformaCost: amount });
    };
    for (const posting of detail.tierPostings) post(posting.service, posting.amount);
    for (const item of pricing.lineItems) post(item.presentationService, item.amount);
    const productNames = priced.prepared.cube.productNames;
    return [...byService.keys()].sort().map((service) => {
        const serviceName = productNames?.get(service);
        return { service, ...(serviceName !== undefined ? { serviceName } : {}), ...line(byService.get(service)!) };
    });
}

function accountLines(pricing: GroupPeriodPricing, detail: GroupDetail, priced: PricedPolicy, names: ReadonlyMap<string, string>): AccountLine[] {
    const byAccount = new Map<string, Totals>();
    detail.accountIds.forEach((accountId, a) => {
        byAccount.set(accountId, {
            awsCost: { units: detail.accountAwsCost[a]!, scale: priced.dataScale },
            proformaCost: { units: detail.accountProforma[a]!, scale: priced.scale },
        });
    });
    const post = (accountId: string, amount: Fixed): void => {
        const totals = byAccount.get(accountId);
        if (totals) totals.proformaCost = addFixed(totals.proformaCost, amount);
        else byAccount.set(accountId, { awsCost: ZERO, proformaCost: amount });
    };
    for (const posting of detail.tierPostings) post(posting.accountId, posting.amount);
    for (const item of pricing.lineItems) post(item.accountId, item.amount);
    return [...byAccount.keys()].sort().map((accountId) => {
        const accountName = names.get(accountId);
        return { accountId, ...(accountName !== undefined && { accountName }), ...line(byAccount.get(accountId)!) };
    });
}

let lastFlatAmount: Fixed | undefined;
let lastFlatText = '';

function lineItemLines(pricing: GroupPeriodPricing): CustomLineItemLine[] {
    const lines: CustomLineItemLine[] = new Array(pricing.lineItems.length);
    let count = 0;
    for (let i = 0; i < pricing.lineItems.length; i++) {
        const line = pricing.lineItems[i]!;
        const { item } = line;
        // Flat amounts are parseFixed's memoised objects, the same in every group naming the same amount: rendered once per run of them.
        let amount: string;
        if (line.amount === lastFlatAmount) amount = lastFlatText;
        else {
            amount = fixedToString(line.amount);
            if (line.base === undefined) {
                lastFlatAmount = line.amount;
                lastFlatText = amount;
            }
        }
        // The common shapes as literals (no spread: this runs per group on every edit); the rare ones built in key order.
        if (item.description === undefined && line.base === undefined && item.charge.kind === 'flat') {
            lines[count++] = { name: item.name, type: item.type, amount, accountId: line.accountId, presentationService: line.presentationService, computation: item.computation };
            continue;
        }
        if (item.description === undefined && line.base !== undefined && item.charge.kind === 'percentage') {
            lines[count++] = {
                name: item.name, type: item.type, amount, base: fixedToString(line.base), percent: item.charge.percent,
                accountId: line.accountId, presentationService: line.presentationService, computation: item.computation,
            };
            continue;
        }
        const out: Mutable<CustomLineItemLine> = { name: item.name } as Mutable<CustomLineItemLine>;
        if (item.description !== undefined) out.description = item.description;
        out.type = item.type;
        out.amount = amount;
        if (line.base !== undefined) out.base = fixedToString(line.base);
        if (item.charge.kind === 'percentage') out.percent = item.charge.percent;
        out.accountId = line.accountId;
        out.presentationService = line.presentationService;
        out.computation = item.computation;
        lines[count++] = out;
    }
    return lines;
}

function ruleEffects(detail: GroupDetail): RuleEffect[] {
    return detail.rules.map((totals) => ({
        rule: totals.rule,
        publicCost: fixedToString(totals.publicCost),
        proformaCost: fixedToString(totals.proformaCost),
        effect: fixedToString(subtractFixed(totals.proformaCost, totals.publicCost)),
        cells: totals.cells,
    }));
}
