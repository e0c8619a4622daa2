import { Decimal } from '../money/decimal.js';
import type { BillingGroup, PolicyModel } from '../policy/model.js';
import type { ReportIssue } from '../report/types.js';
import { allocateProportionally, tieredCost } from './custom-tiers.js';
import { priceLineItems, type PricedLineItem } from './custom-line-items.js';
import { resolveMembership, type PeriodMembership } from './membership.js';
import { ClassCode, dataIssues, type PreparedCube } from './prepare-cube.js';
import { indexPlans, PlanRules, type RateRule, type TieringRule } from './rule-index.js';
import { addDecimal, emptySum, pow10, toUnits, type ExactSum } from './scaled.js';

export interface PriceOptions {
    /** Billing periods (YYYY-MM) to report; default: every period present in the data. */
    readonly periods?: readonly string[];
}

/** Totals of one service line of a group in a period. */
export interface ServiceTotals {
    /** Units of the data scale. */
    awsCost: bigint;
    /** Units of the pricing scale. */
    readonly proforma: ExactSum;
}

export interface AccountTotals {
    awsCost: bigint;
    readonly proforma: ExactSum;
}

/** What one rule did in a group and period. Amounts in units of the pricing scale (+ exact extras). */
export interface RuleTotals {
    readonly rule: string;
    readonly order: number;
    readonly publicCost: ExactSum;
    readonly proformaCost: ExactSum;
    cells: number;
}

/** The priced state of one billing group in one period, before it is written as a GroupReport. */
export interface GroupPeriodPricing {
    readonly group: BillingGroup;
    readonly groupIndex: number;
    readonly period: string;
    readonly accountIds: readonly string[];
    readonly hasUsage: boolean;
    /** Units of the data scale. */
    readonly awsCost: bigint;
    /** Repriced charges before custom line items, pricing scale. */
    readonly charges: ExactSum;
    /** Charges plus custom line items, pricing scale. */
    readonly proformaCost: ExactSum;
    /** Per service code, custom line items included under their presentation service. */
    readonly services: ReadonlyMap<string, ServiceTotals>;
    /** Per account id, custom line items included on their allocated account. */
    readonly accounts: ReadonlyMap<string, AccountTotals>;
    readonly lineItems: readonly PricedLineItem[];
    readonly rules: readonly RuleTotals[];
}

export interface UnassignedPricing {
    readonly period: string;
    readonly accountId: string;
    /** Units of the data scale. */
    readonly awsCost: bigint;
}

/** The result of pricing a prepared cube with a policy: everything the report and a row pricer need. */
export interface PricedPolicy {
    readonly prepared: PreparedCube;
    readonly policy: PolicyModel;
    readonly periods: readonly string[];
    /** Decimal places of the data (AWS-cost) units: `prepared.scale`. */
    readonly dataScale: number;
    /** Decimal places of the pro forma units: data scale + `factorPlaces`. */
    readonly scale: number;
    /** Decimal places of the rule factors (4 for modifiers with at most 2 decimals). */
    readonly factorPlaces: number;
    readonly plans: ReadonlyMap<string, PlanRules>;
    readonly memberships: ReadonlyMap<string, PeriodMembership>;
    readonly groups: readonly GroupPeriodPricing[];
    readonly unassigned: readonly UnassignedPricing[];
    /** Average custom-tier rate per (group index, period, service, usage type), for row pricing. */
    readonly tierRates: ReadonlyMap<string, Decimal>;
    readonly issues: readonly ReportIssue[];
}

export function tierRateKey(groupIndex: number, period: string, service: string, usageType: string): string {
    return `${groupIndex}\u0000${period}\u0000${service}\u0000${usageType}`;
}

/** A rate rule with its factor as an integer at the pricing's factor scale. */
interface RateSlot {
    readonly rule: RateRule;
    readonly factorUnits: bigint;
    readonly index: number;
}

/** Per-plan memo of rule lookups by interned key: each distinct key is resolved once per pricing run. */
class PlanLookup {
    // Rule totals are indexed by the rule's position in its plan (`order`).
    private readonly rateBySku = new Map<number, RateSlot | null>();
    private readonly tieringByService = new Map<number, TieringRule | null>();
    private readonly slots = new Map<RateRule, RateSlot>();

    constructor(
        readonly rules: PlanRules,
        private readonly prepared: PreparedCube,
        private readonly factorPlaces: number,
    ) {}

    get ruleCount(): number {
        return this.rules.ruleCount;
    }

    rateFor(skuId: number): RateSlot | null {
        let slot = this.rateBySku.get(skuId);
        if (slot === undefined) {
            const rule = this.rules.rateRuleFor(this.prepared.skus[skuId]!);
            slot = rule ? this.slotOf(rule) : null;
            this.rateBySku.set(skuId, slot);
        }
        return slot;
    }

    tieringFor(serviceId: number): TieringRule | null {
        let rule = this.tieringByService.get(serviceId);
        if (rule === undefined) {
            rule = this.rules.tieringRuleFor(this.prepared.services[serviceId]!) ?? null;
            this.tieringByService.set(serviceId, rule);
        }
        return rule;
    }

    private slotOf(rule: RateRule): RateSlot {
        let slot = this.slots.get(rule);
        if (!slot) {
            slot = { rule, factorUnits: toUnits(rule.factor, this.factorPlaces), index: rule.order };
            this.slots.set(rule, slot);
        }
        return slot;
    }
}

/**
 * Prices every billing group in every selected period. Semantics: docs/semantics.md.
 *
 * Hot path: per cell, a class code, at most two memoised rule lookups and a handful of BigInt
 * operations; per-service sums are taken over runs of an account's cells (ordered by service).
 */
export function pricePolicy(prepared: PreparedCube, policy: PolicyModel, options: PriceOptions = {}): PricedPolicy {
    const issues: ReportIssue[] = [];
    const periods = selectPeriods(prepared, options, issues);
    issues.push(...dataIssues(prepared, periods));

    const plans = indexPlans(policy, issues);
    let factorPlaces = 0;
    for (const plan of plans.values()) for (const rule of plan.rateRules) factorPlaces = Math.max(factorPlaces, rule.factor.decimalPlaces());
    const dataScale = prepared.scale;
    const scale = dataScale + factorPlaces;
    const scaleUp = pow10(factorPlaces);

    const emptyPlan = new PlanRules('', [], issues);
    const lookups = policy.groups.map((group) => {
        const rules = plans.get(group.plan);
        if (!rules) {
            issues.push({ severity: 'warning', code: 'unknown-plan', message: `Group ${group.name} names pricing plan ${group.plan}, which is not defined; its usage is priced at public on-demand rates.` });
        }
        return rules ?? emptyPlan;
    });
    const lookupByPlan = new Map<PlanRules, PlanLookup>();
    const planLookups = lookups.map((rules) => {
        let lookup = lookupByPlan.get(rules);
        if (!lookup) lookupByPlan.set(rules, (lookup = new PlanLookup(rules, prepared, factorPlaces)));
        return lookup;
    });

    const { classCode, serviceId, skuId, tierKeyId, unblended, baseFreeTierOn, baseFreeTierOff, usageAmount, rowsWithoutPublicCost, source } = prepared.cells;
    const services = prepared.services;

    const memberships = new Map<string, PeriodMembership>();
    const groups: GroupPeriodPricing[] = [];
    const unassigned: UnassignedPricing[] = [];
    const tierRates = new Map<string, Decimal>();

    for (const period of periods) {
        const data = prepared.byPeriod.get(period);
        const membership = resolveMembership(policy.groups, period, data ? data.accounts.map((account) => account.accountId) : [], issues);
        memberships.set(period, membership);
        const groupOf = membership.groupOf;
        for (const accountId of membership.unassigned) {
            unassigned.push({ period, accountId, awsCost: data!.accountById.get(accountId)!.awsCost });
        }

        policy.groups.forEach((group, groupIndex) => {
            const lookup = planLookups[groupIndex]!;
            const accountIds = membership.accountsOf[groupIndex]!;
            const serviceTotals = new Map<string, ServiceTotals>();
            const accountTotals = new Map<string, AccountTotals>();
            const negation = new Map<string, bigint>();
            const ruleTotals: (RuleTotals | undefined)[] = new Array(lookup.ruleCount);
            const charges = emptySum();
            let awsCost = 0n;
            let hasUsage = false;
            let rowsWithoutPublic = 0;
            let tierBuckets: Map<number, { cells: number[]; tiering: TieringRule }> | undefined;

            const serviceOf = (service: string): ServiceTotals => {
                let totals = serviceTotals.get(service);
                if (!totals) serviceTotals.set(service, (totals = { awsCost: 0n, proforma: emptySum() }));
                return totals;
            };
            const accountOf = (accountId: string): AccountTotals => {
                let totals = accountTotals.get(accountId);
                if (!totals) accountTotals.set(accountId, (totals = { awsCost: 0n, proforma: emptySum() }));
                return totals;
            };
            const ruleOf = (index: number, name: string, order: number): RuleTotals => {
                let totals = ruleTotals[index];
                if (!totals) ruleTotals[index] = totals = { rule: name, order, publicCost: emptySum(), proformaCost: emptySum(), cells: 0 };
                return totals;
            };

            for (const accountId of accountIds) {
                const account = data?.accountById.get(accountId);
                if (!account) continue;
                hasUsage = true;
                awsCost += account.awsCost;
                let accountProforma = 0n;
                let runService = -1;
                let runProforma = 0n;
                let runNegation = 0n;
                const flush = (): void => {
                    if (runService < 0) return;
                    const code = services[runService]!;
                    serviceOf(code).proforma.units += runProforma;
                    accountProforma += runProforma;
                    if (runNegation !== 0n) negation.set(code, (negation.get(code) ?? 0n) + runNegation);
                    runProforma = 0n;
                    runNegation = 0n;
                };
                const cells = account.cells;
                for (let k = 0; k < cells.length; k++) {
                    const i = cells[k]!;
                    const sid = serviceId[i]!;
                    if (sid !== runService) {
                        flush();
                        runService = sid;
                    }
                    const code = classCode[i]!;
                    if (code === ClassCode.Covered || code === ClassCode.Negation) {
                        const owner = source[i]!.commitmentOwnerId;
                        if (owner !== '' && groupOf.get(owner) === groupIndex) {
                            const kept = unblended[i]! * scaleUp;
                            runProforma += kept;
                            if (code === ClassCode.Negation) runNegation += kept;
                            continue;
                        }
                        if (code === ClassCode.Negation) continue;
                    } else if (code === ClassCode.Fee || code === ClassCode.Unknown) {
                        runProforma += unblended[i]! * scaleUp;
                        continue;
                    } else if (code === ClassCode.Excluded) {
                        continue;
                    }
                    // Repriced: usage, or covered usage whose commitment is owned outside the group.
                    const tiering = lookup.tieringFor(sid);
                    let base: bigint;
                    if (tiering) {
                        if (tiering.customTiers) {
                            tierBuckets ??= new Map();
                            const key = tierKeyId[i]!;
                            const bucket = tierBuckets.get(key);
                            if (bucket) bucket.cells.push(i);
                            else tierBuckets.set(key, { cells: [i], tiering });
                            continue;
                        }
                        base = tiering.freeTier ? baseFreeTierOn[i]! : baseFreeTierOff[i]!;
                        const totals = ruleOf(tiering.order, tiering.name, tiering.order);
                        totals.publicCost.units += baseFreeTierOn[i]! * scaleUp;
                        totals.proformaCost.units += base * scaleUp;
                        totals.cells++;
                    } else {
                        base = baseFreeTierOn[i]!;
                    }
                    rowsWithoutPublic += rowsWithoutPublicCost[i]!;
                    const slot = lookup.rateFor(skuId[i]!);
                    let proforma: bigint;
                    if (slot) {
                        proforma = base * slot.factorUnits;
                        const totals = ruleOf(slot.index, slot.rule.name, slot.rule.order);
                        totals.publicCost.units += base * scaleUp;
                        totals.proformaCost.units += proforma;
                        totals.cells++;
                    } else {
                        proforma = base * scaleUp;
                    }
                    runProforma += proforma;
                }
                flush();
                const totals = accountOf(accountId);
                totals.awsCost += account.awsCost;
                totals.proforma.units += accountProforma;
                charges.units += accountProforma;
                for (const line of account.awsByService) serviceOf(services[line.serviceId]!).awsCost += line.awsCost;
            }

            // Custom tiers: the group's usage of one usage type in the period, priced through the tiers,
            // allocated back to the cells in proportion to their usage (parts sum exactly to the whole).
            if (tierBuckets) {
                for (const { cells, tiering } of tierBuckets.values()) {
                    const weights = cells.map((i) => usageAmount[i]!);
                    const usage = weights.reduce((sum, weight) => sum.plus(weight), new Decimal(0));
                    const cost = tieredCost(usage, tiering.customTiers!);
                    const first = source[cells[0]!]!;
                    if (!usage.isZero()) tierRates.set(tierRateKey(groupIndex, period, first.service, first.usageType), cost.dividedBy(usage));
                    const parts = allocateProportionally(cost, weights);
                    const tieringTotals = ruleOf(tiering.order, tiering.name, tiering.order);
                    cells.forEach((i, n) => {
                        const part = parts[n]!;
                        const cell = source[i]!;
                        tieringTotals.publicCost.units += baseFreeTierOn[i]! * scaleUp;
                        addDecimal(tieringTotals.proformaCost, part, scale);
                        tieringTotals.cells++;
                        const slot = lookup.rateFor(skuId[i]!);
                        const proforma = slot ? part.times(slot.rule.factor) : part;
                        if (slot) {
                            const totals = ruleOf(slot.index, slot.rule.name, slot.rule.order);
                            addDecimal(totals.publicCost, part, scale);
                            addDecimal(totals.proformaCost, proforma, scale);
                            totals.cells++;
                        }
                        addDecimal(serviceOf(cell.service).proforma, proforma, scale);
                        addDecimal(accountOf(cell.accountId).proforma, proforma, scale);
                        addDecimal(charges, proforma, scale);
                    });
                }
            }

            if (rowsWithoutPublic > 0) {
                issues.push({
                    severity: 'warning',
                    code: 'public-cost-missing',
                    message: `Group ${group.name}, ${period}: ${rowsWithoutPublic} line item${rowsWithoutPublic === 1 ? ' has' : 's have'} no public on-demand cost; priced from ${rowsWithoutPublic === 1 ? 'its' : 'their'} unblended cost instead.`,
                });
            }

            const lineItems = priceLineItems(group, period, { charges: chargesOnly(serviceTotals), savingsPlanNegation: negation, scale }, issues);
            const proformaCost: ExactSum = { units: charges.units, extra: charges.extra };
            for (const line of lineItems) {
                addDecimal(proformaCost, line.amount, scale);
                addDecimal(serviceOf(line.presentationService).proforma, line.amount, scale);
                addDecimal(accountOf(line.accountId).proforma, line.amount, scale);
            }

            groups.push({
                group,
                groupIndex,
                period,
                accountIds,
                hasUsage,
                awsCost,
                charges,
                proformaCost,
                services: serviceTotals,
                accounts: accountTotals,
                lineItems,
                rules: ruleTotals.filter((totals): totals is RuleTotals => totals !== undefined).sort((a, b) => a.order - b.order),
            });
        });
    }

    const unassignedCount = new Set(unassigned.map((line) => line.accountId)).size;
    if (unassignedCount > 0) {
        issues.push({
            severity: 'warning',
            code: 'unassigned-accounts',
            message: `${unassignedCount} account${unassignedCount === 1 ? ' is' : 's are'} in no billing group and no group auto-associates; ${unassignedCount === 1 ? 'its' : 'their'} cost is reported as unassigned.`,
        });
    }

    return { prepared, policy, periods, dataScale, scale, factorPlaces, plans, memberships, groups, unassigned, tierRates, issues };
}

/** A snapshot of the per-service charges (the totals map also receives custom line items afterwards). */
function chargesOnly(services: ReadonlyMap<string, ServiceTotals>): Map<string, ExactSum> {
    const charges = new Map<string, ExactSum>();
    for (const [service, totals] of services) charges.set(service, { units: totals.proforma.units, extra: totals.proforma.extra });
    return charges;
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
