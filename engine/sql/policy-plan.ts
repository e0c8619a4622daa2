import { Decimal } from '../money/decimal.js';
import type { BillingGroup, CustomLineItem, CustomTier, PolicyModel, PricingRule } from '../policy/model.js';
import { ruleFactor } from '../price/factor.js';
import { isPassthrough } from '../price/passthrough.js';

/** The policy cannot be written as one query that bills exactly as the engine does: the message says why. */
export class SqlGenerationError extends Error {
    override readonly name = 'SqlGenerationError';
}

/** Decimal places the query reads input amounts (costs, usage) with; an input with more fails the query. */
export const DEFAULT_INPUT_SCALE = 18;
/** Integer digits every money column keeps at least (10^10: ten billion per group and month; more overflows, an error). */
export const MONEY_INTEGER_DIGITS = 10;
/** The fewest decimal places usage amounts may be read with under custom tiers. */
const MIN_USAGE_SCALE = 6;
const MAX_PRECISION = 38;

/** An account's membership of one group for a half-open range of periods; the ranges of one account never overlap. */
export interface MembershipSegment {
    readonly accountId: string;
    readonly groupOrder: number;
    readonly from?: string;
    readonly until?: string;
}

export interface RateRuleRow {
    readonly planOrder: number;
    readonly service?: string;
    readonly billingEntity?: string;
    readonly usageType?: string;
    readonly operation?: string;
    /** 1 ± modifier/100, exact. */
    readonly factor: string;
}

export interface TieringRow {
    readonly planOrder: number;
    /** Undefined: the plan's GLOBAL tiering rule. */
    readonly service?: string;
    readonly freeTier: boolean;
    /** Index into `tierSets` when the rule has custom tiers. */
    readonly tierSet?: number;
}

/** The rate rules of every plan by kind, as the engine's PlanRules resolves them (first listed wins a conflict). */
export interface RateRules {
    readonly skuBoth: RateRuleRow[];
    readonly skuUsageType: RateRuleRow[];
    readonly skuOperation: RateRuleRow[];
    readonly service: RateRuleRow[];
    readonly billingEntity: RateRuleRow[];
    readonly global: RateRuleRow[];
}

/** Everything about the policy the query needs, resolved once in TypeScript so that the SQL stays joins on small tables. */
export interface PolicyPlan {
    readonly groups: readonly BillingGroup[];
    /** Plan index (into the policy's plans) per group; undefined: the group names no known plan (public rates). */
    readonly groupPlan: readonly (number | undefined)[];
    readonly autoAssociateGroup: number | undefined;
    readonly memberships: readonly MembershipSegment[];
    readonly rates: RateRules;
    readonly tiering: readonly TieringRow[];
    readonly tierSets: readonly (readonly CustomTier[])[];
    readonly scales: Scales;
}

/** DECIMAL(38, s) scales of the query's stages, chosen so that no operation rounds. */
export interface Scales {
    /** Input costs (unblended, public on-demand). */
    readonly input: number;
    /**
     * Usage amounts (read only under custom tiers): the input scale, or less when the tiered cost (usage × tier
     * rate × factor) would otherwise leave too few integer digits.
     */
    readonly usage: number;
    /** Decimal places of the rule factors. */
    readonly factor: number;
    /** Decimal places of the custom tier rates. */
    readonly tierRate: number;
    /** Repriced charges: input + factor (+ tier rate when a plan has custom tiers). */
    readonly charges: number;
    /** Pro forma cost and margin: charges with the custom line items (flat amounts, percentages × bases). */
    readonly proforma: number;
}

export function planPolicy(policy: PolicyModel, inputScale = DEFAULT_INPUT_SCALE): PolicyPlan {
    const planIndex = new Map<string, number>();
    policy.plans.forEach((plan, index) => { if (!planIndex.has(plan.name)) planIndex.set(plan.name, index); });
    const rulesByName = new Map<string, PricingRule>();
    for (const rule of policy.rules) if (!rulesByName.has(rule.name)) rulesByName.set(rule.name, rule);

    const rates: RateRules = { skuBoth: [], skuUsageType: [], skuOperation: [], service: [], billingEntity: [], global: [] };
    const tiering: TieringRow[] = [];
    const tierSets: CustomTier[][] = [];
    const tieredRules: { plan: number; rule: PricingRule }[] = [];
    for (const [planOrder, plan] of policy.plans.entries()) {
        if (planIndex.get(plan.name) !== planOrder) continue;
        const seen = new Set<string>();
        // First listed wins, as in PlanRules (validation reports conflicts as errors anyway).
        const claim = (key: string): boolean => (seen.has(key) ? false : (seen.add(key), true));
        for (const name of plan.rules) {
            const rule = rulesByName.get(name);
            if (!rule) continue;
            if (rule.type === 'TIERING') {
                if (rule.scope !== 'GLOBAL' && !(rule.scope === 'SERVICE' && rule.service)) continue;
                if (!claim(`tiering\u0000${rule.scope === 'GLOBAL' ? '' : rule.service}`)) continue;
                const row: TieringRow = {
                    planOrder, ...(rule.scope === 'SERVICE' && { service: rule.service! }), freeTier: rule.freeTier !== false,
                    ...(rule.customTiers?.length ? { tierSet: tierSets.push([...rule.customTiers]) - 1 } : {}),
                };
                tiering.push(row);
                if (row.tierSet !== undefined) tieredRules.push({ plan: planOrder, rule });
                continue;
            }
            if (!isNumber(rule.modifierPercent)) continue;
            const factor = ruleFactor(rule).toFixed();
            switch (rule.scope) {
                case 'GLOBAL':
                    if (claim('global')) rates.global.push({ planOrder, factor });
                    break;
                case 'BILLING_ENTITY':
                    if (rule.billingEntity !== undefined && claim(`entity\u0000${rule.billingEntity}`)) rates.billingEntity.push({ planOrder, billingEntity: rule.billingEntity, factor });
                    break;
                case 'SERVICE':
                    if (rule.service !== undefined && claim(`service\u0000${rule.service}`)) rates.service.push({ planOrder, service: rule.service, factor });
                    break;
                case 'SKU': {
                    if (rule.service === undefined || (rule.usageType === undefined && rule.operation === undefined)) break;
                    const key = `sku\u0000${rule.service}\u0000${rule.usageType ?? '\u0001'}\u0000${rule.operation ?? '\u0001'}`;
                    if (!claim(key)) break;
                    const row = { planOrder, service: rule.service, ...(rule.usageType !== undefined && { usageType: rule.usageType }), ...(rule.operation !== undefined && { operation: rule.operation }), factor };
                    if (rule.usageType !== undefined && rule.operation !== undefined) rates.skuBoth.push(row);
                    else if (rule.usageType !== undefined) rates.skuUsageType.push(row);
                    else rates.skuOperation.push(row);
                    break;
                }
            }
        }
    }
    for (const { plan, rule } of tieredRules) refuseVaryingFactors(plan, rule, rates, tiering);

    refuseBillingTransfers(policy);
    const groupPlan = policy.groups.map((group) => planIndex.get(group.plan));
    const autoIndex = policy.groups.findIndex((group) => group.autoAssociate);
    return {
        groups: policy.groups,
        groupPlan,
        autoAssociateGroup: autoIndex >= 0 ? autoIndex : undefined,
        memberships: membershipSegments(policy.groups),
        rates,
        tiering,
        tierSets,
        scales: scalesOf(policy, rates, tierSets, inputScale),
    };
}

/**
 * Custom tiers price a group's monthly usage of one (service, usage type) as a whole and the engine allocates
 * the tiered cost back to its line items, rounding each part to 20 decimals, before each line item's own
 * markup/discount applies. One query can reproduce that exactly only when every line item of the bucket gets
 * the same factor (then Σ part × factor = cost × factor). Rules that can give line items of one usage type
 * different factors — SKU rules keyed by operation, BILLING_ENTITY rules where no SERVICE rule decides — make
 * that impossible: the policy is refused, naming both rules, rather than billed approximately.
 */
function refuseVaryingFactors(plan: number, tieringRule: PricingRule, rates: RateRules, tiering: readonly TieringRow[]): void {
    const ownService = tieringRule.scope === 'SERVICE' ? tieringRule.service : undefined;
    // The services this tiering rule prices: its own, or (GLOBAL) every service without a tiering rule of its own.
    const covers = (service: string | undefined): boolean => {
        if (ownService !== undefined) return service === ownService;
        return service === undefined || !tiering.some((row) => row.planOrder === plan && row.service === service);
    };
    const byOperation = [...rates.skuBoth, ...rates.skuOperation].find((row) => row.planOrder === plan && covers(row.service));
    if (byOperation) {
        throw new SqlGenerationError(
            `rule ${tieringRule.name} (custom tiers) cannot be written as one SQL query: a rule keyed by operation ` +
            `(${describe(byOperation)}) can price line items of the same usage type differently, and the engine allocates ` +
            'tiered costs to line items before their markup or discount applies. Bill this policy with `billing bill`.');
    }
    const entity = rates.billingEntity.find((row) => row.planOrder === plan);
    if (entity && (ownService === undefined || !rates.service.some((row) => row.planOrder === plan && row.service === ownService))) {
        throw new SqlGenerationError(
            `rule ${tieringRule.name} (custom tiers) cannot be written as one SQL query: a BILLING_ENTITY rule ` +
            `(${describe(entity)}) can price line items of the same usage type differently, and the engine allocates ` +
            'tiered costs to line items before their markup or discount applies. Bill this policy with `billing bill`.');
    }
}

/**
 * ABC's Passthrough plan (every line item at its billed cost, excluded types included) and a billing transfer that
 * starts later (PENDING periods, whose accounts no group takes) are not in the generated query's model: refused by
 * name rather than billed differently from the engine.
 */
function refuseBillingTransfers(policy: PolicyModel): void {
    for (const group of policy.groups) {
        if (isPassthrough(group, policy)) {
            throw new SqlGenerationError(`group ${group.name} uses ABC's Passthrough plan, which the generated SQL does not model yet. Bill this policy with \`billing bill\`.`);
        }
        if (group.transfer?.from !== undefined) {
            throw new SqlGenerationError(`group ${group.name} receives a billing transfer from ${group.transfer.from} (PENDING before it), which the generated SQL does not model yet. Bill this policy with \`billing bill\`.`);
        }
    }
}

function describe(row: RateRuleRow): string {
    return Object.entries({ service: row.service, 'billing entity': row.billingEntity, 'usage type': row.usageType, operation: row.operation })
        .filter(([, value]) => value !== undefined).map(([field, value]) => `${field} ${value}`).join(', ');
}

/**
 * Memberships as non-overlapping (account, group, range) segments, so that joining a line item to them finds at
 * most one group: where two claims overlap, the group defined first wins (as in the engine's resolveMembership),
 * and a primary account the members do not list belongs to its group in every period.
 */
export function membershipSegments(groups: readonly BillingGroup[]): MembershipSegment[] {
    const claims = new Map<string, { groupOrder: number; from?: string; until?: string }[]>();
    const add = (accountId: string, groupOrder: number, from?: string, until?: string): void => {
        let list = claims.get(accountId);
        if (!list) claims.set(accountId, (list = []));
        list.push({ groupOrder, ...(from !== undefined && { from }), ...(until !== undefined && { until }) });
    };
    groups.forEach((group, groupOrder) => {
        for (const member of group.members) add(member.accountId, groupOrder, member.from, member.until);
        // A billing-transfer group needs no primary ('').
        if (group.primaryAccountId !== '' && !group.members.some((member) => member.accountId === group.primaryAccountId)) add(group.primaryAccountId, groupOrder);
    });
    const segments: MembershipSegment[] = [];
    for (const [accountId, list] of claims) {
        // Boundaries cut the period line into pieces; each piece belongs to the first claim covering it.
        const cuts = [...new Set(list.flatMap((claim) => [claim.from, claim.until]).filter((p): p is string => p !== undefined))].sort();
        const pieces: { from?: string; until?: string }[] = [];
        let previous: string | undefined;
        for (const cut of cuts) {
            pieces.push({ ...(previous !== undefined && { from: previous }), until: cut });
            previous = cut;
        }
        pieces.push(previous !== undefined ? { from: previous } : {});
        let last: MembershipSegment | undefined;
        for (const piece of pieces) {
            const owner = list.find((claim) => covers(claim, piece));
            if (!owner) {
                last = undefined;
                continue;
            }
            if (last && last.groupOrder === owner.groupOrder) {
                // Adjacent pieces of the same group: one segment.
                last = { accountId, groupOrder: owner.groupOrder, ...(last.from !== undefined && { from: last.from }), ...(piece.until !== undefined && { until: piece.until }) };
                segments[segments.length - 1] = last;
                continue;
            }
            last = { accountId, groupOrder: owner.groupOrder, ...(piece.from !== undefined && { from: piece.from }), ...(piece.until !== undefined && { until: piece.until }) };
            segments.push(last);
        }
    }
    return segments;
}

/**
 * Whether a claim [from, until) covers a whole piece. Pieces are cut at every claim boundary, so a claim either
 * covers a piece or does not touch it; an empty claim (from ≥ until) covers nothing.
 */
function covers(claim: { from?: string; until?: string }, piece: { from?: string; until?: string }): boolean {
    const fromOk = claim.from === undefined || (piece.from !== undefined && claim.from <= piece.from);
    const untilOk = claim.until === undefined || (piece.until !== undefined && piece.until <= claim.until);
    return fromOk && untilOk;
}

function scalesOf(policy: PolicyModel, rates: RateRules, tierSets: readonly (readonly CustomTier[])[], input: number): Scales {
    const places = (text: string): number => new Decimal(text).decimalPlaces();
    const allRates = [...rates.skuBoth, ...rates.skuUsageType, ...rates.skuOperation, ...rates.service, ...rates.billingEntity, ...rates.global];
    const factor = Math.max(0, ...allRates.map((row) => places(row.factor)));
    const tiers = tierSets.flat();
    const tierRate = Math.max(0, ...tiers.map((tier) => places(tier.rate)));
    let flat = 0;
    let percent = 0;
    const items: { item: CustomLineItem; group: BillingGroup }[] = policy.groups.flatMap((group) => group.lineItems.map((item) => ({ item, group })));
    for (const { item } of items) {
        if (item.charge.kind === 'flat') {
            if (isNumber(item.charge.amount)) flat = Math.max(flat, places(item.charge.amount));
        } else if (isNumber(item.charge.percent)) {
            percent = Math.max(percent, places(item.charge.percent) + 2);
        }
    }
    const hasPercent = items.some(({ item }) => item.charge.kind === 'percentage');
    const maxProforma = MAX_PRECISION - MONEY_INTEGER_DIGITS;
    const percentPlaces = hasPercent ? percent : 0;
    let usage = input;
    if (tiers.length > 0) {
        usage = Math.min(input, maxProforma - percentPlaces - tierRate - factor);
        if (usage < MIN_USAGE_SCALE) {
            throw new SqlGenerationError(
                `custom tier rates with ${tierRate} decimal places, rule factors with ${factor} and line item percentages with ` +
                `${percentPlaces} leave ${Math.max(usage, 0)} decimal places for usage amounts in DECIMAL(${MAX_PRECISION}) ` +
                `(at least ${MIN_USAGE_SCALE} are needed): one query cannot bill this policy exactly`);
        }
        for (const tier of tiers) {
            for (const bound of [tier.beginInclusive, tier.endExclusive]) {
                if (bound !== undefined && places(bound) > usage) {
                    throw new SqlGenerationError(`custom tier bound ${bound} has more than ${usage} decimal places (the query's usage scale)`);
                }
            }
        }
    }
    const charges = Math.max(input + factor, tiers.length > 0 ? usage + tierRate + factor : 0);
    const base = Math.max(charges, flat);
    const proforma = base + percentPlaces;
    if (proforma > maxProforma) {
        throw new SqlGenerationError(
            `the pro forma cost would need ${proforma} decimal places (input ${input} + rule factors ${factor}` +
            `${percentPlaces > 0 ? ` + line item percentages ${percentPlaces}` : ''}${flat > charges ? `; flat amounts ${flat}` : ''}), ` +
            `leaving fewer than ${MONEY_INTEGER_DIGITS} integer digits in DECIMAL(${MAX_PRECISION}): lower --input-scale ` +
            `(inputs with more decimals then fail the query instead of being rounded)`);
    }
    return { input, usage, factor, tierRate, charges, proforma };
}

function isNumber(text: string): boolean {
    try {
        return new Decimal(text).isFinite();
    } catch {
        return false;
    }
}
