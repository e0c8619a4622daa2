import type { BillingGroup, PolicyModel } from '../policy/model.js';
import type { CustomLineItemLine, GroupReport, ServiceLine } from '../report/types.js';
import { priceCustomLineItems, type Charge, type PricedCustomLineItem } from './custom-line-items.js';
import { Exact, exactOf, moneyText, ROUND_HALF_EVEN } from './exact.js';
import { isReapplied, reapply, type Reapplied } from './commitments.js';
import { cellKeyOf, freeTierPublicCost, hasPublicPrice, isTwelveMonthOffer, kindOf, unblendedOf, type LineItem } from './line-items.js';
import { membersIn } from './membership.js';
import { customTiersOf, factorOf, freeTierActive, planNameIn, planRules, rateRuleOf, tieredCostOf, tieringRuleOf, type PlanRule } from './rules.js';

/**
 * The reference pricer: line items in, bill out, written to be read next to docs/semantics.md. Each step is the
 * passage it quotes, on each line item, in exact decimals; nothing is aggregated ahead, cached or scaled. It is
 * slow on purpose (a few thousand rows is its size) and it is the oracle the property tests hold the engine's
 * prepared-cube path against (test/reference/). It never imports engine/price.
 *
 * Figures are exact decimal strings in the report's form, so a bill compares with a CostReport field by field.
 */

export interface ReferenceOptions {
    /** Billing periods to bill; default: every period of the data. */
    readonly periods?: readonly string[];
}

/**
 * A group's bill in one period: the report's GroupReport (its types only: a shape carries no pricing, so sharing it
 * costs the oracle nothing and makes a bill compare with a CostReport field by field), plus the fallback counts.
 */
export interface ReferenceGroupBill extends Omit<GroupReport, 'presented'> {
    /** Repriced rows priced from their billed cost for want of a public price (warning `public-cost-missing`); absent when none. */
    readonly fallback?: { readonly rows: number; readonly cost: string };
}

export interface ReferenceBill {
    readonly periods: readonly string[];
    /** Currencies of the line items, ascending. */
    readonly currencies: readonly string[];
    readonly groups: readonly ReferenceGroupBill[];
    readonly unassigned: {
        readonly awsCost: string;
        readonly byPeriod: readonly { readonly period: string; readonly awsCost: string; readonly accountIds: readonly string[] }[];
        readonly accounts: readonly { readonly accountId: string; readonly accountName?: string; readonly awsCost: string }[];
    };
    readonly total: { readonly awsCost: string; readonly proformaCost: string; readonly margin: string };
}

export function referenceBill(items: readonly LineItem[], policy: PolicyModel, options: ReferenceOptions = {}): ReferenceBill {
    // "Periods are those present in the data, optionally restricted by the periods option."
    const periods = [...new Set(items.map((item) => item.key.period))].sort().filter((period) => !options.periods || options.periods.includes(period));
    const names = accountNames(items, policy);
    const products = productNames(items);
    const groups: ReferenceGroupBill[] = [];
    const unassignedByPeriod: { period: string; awsCost: Exact; accountIds: string[] }[] = [];
    const unassignedByAccount = new Map<string, Exact>();
    let inputTotal = new Exact(0);

    for (const period of periods) {
        const inPeriod = items.filter((item) => item.key.period === period);
        const present = [...new Set(inPeriod.map((item) => item.key.accountId))].sort();
        const members = membersIn(policy, period, present);
        // Effective-dated pricing: each group with its plan in force in the period, the plan's rules as in force then.
        const books = policy.groups.map((group, g) => {
            const plan = planNameIn(group, period);
            return new GroupBook({ ...group, plan }, g, period, planRules(policy, plan, period), members.groupOf);
        });
        const unassigned = { period, awsCost: new Exact(0), accountIds: present.filter((accountId) => !members.groupOf.has(accountId)) };
        // "For every billing period whose data is hourly … and that holds commitments, the engine throws away what AWS
        // did with commitments and applies them again, per group, hour by hour".
        const reapplied = isReapplied(inPeriod) ? reapply(period, inPeriod, members.groupOf, policy.groups.length) : undefined;
        if (reapplied) books.forEach((book, g) => book.reapplied(reapplied, g));
        for (const item of inPeriod) {
            inputTotal = inputTotal.plus(unblendedOf(item));
            const g = members.groupOf.get(item.key.accountId);
            if (g !== undefined) {
                books[g]!.add(item);
                continue;
            }
            // "their AWS cost is reported (per period and per account) and is part of the input total, but no group is billed for it".
            unassigned.awsCost = unassigned.awsCost.plus(unblendedOf(item));
            unassignedByAccount.set(item.key.accountId, (unassignedByAccount.get(item.key.accountId) ?? new Exact(0)).plus(unblendedOf(item)));
        }
        unassignedByPeriod.push(unassigned);
        books.forEach((book, g) => groups.push(book.bill(members.accountsOf[g]!, names, products, statusOf(policy.groups[g]!, g, period, members, present, book.usage))));
    }

    // "total.proformaCost = Σ groups' pro forma; total.margin = Σ groups' margin (unassigned cost is billed to no one)".
    const totalProforma = groups.reduce((sum, group) => sum.plus(group.proformaCost), new Exact(0));
    const totalMargin = groups.reduce((sum, group) => sum.plus(group.margin), new Exact(0));
    const unassignedTotal = unassignedByPeriod.reduce((sum, line) => sum.plus(line.awsCost), new Exact(0));
    return {
        periods,
        currencies: [...new Set(items.map((item) => item.key.currency))].sort(),
        groups,
        unassigned: {
            awsCost: moneyText(unassignedTotal),
            byPeriod: unassignedByPeriod.map((line) => ({ period: line.period, awsCost: moneyText(line.awsCost), accountIds: line.accountIds })),
            accounts: [...unassignedByAccount.keys()].sort().map((accountId) => withName({ accountId }, names, { awsCost: moneyText(unassignedByAccount.get(accountId)!) })),
        },
        total: { awsCost: moneyText(inputTotal), proformaCost: moneyText(totalProforma), margin: moneyText(totalMargin) },
    };
}

interface Line {
    awsCost: Exact;
    proformaCost: Exact;
}

interface RuleEffect {
    readonly rule: PlanRule;
    publicCost: Exact;
    proformaCost: Exact;
    /** The cube cells (line items of one key) the rule priced. */
    readonly cells: Set<string>;
}

/** One billing group in one period: its line items priced one by one. */
class GroupBook {
    private awsCost = new Exact(0);
    private hasUsage = false;
    private readonly charges: Charge[] = [];
    private readonly byService = new Map<string, Line>();
    private readonly byAccount = new Map<string, Line>();
    private readonly effects = new Map<number, RuleEffect>();
    private readonly tiered = new Map<string, LineItem[]>();
    /** The covered part of each tiered line item (re-applied periods). */
    private readonly tieredCovered = new Map<LineItem, Exact>();
    /** The covered usage amount of each tiered line item (re-applied periods). */
    private readonly tieredCoveredQuantity = new Map<LineItem, Exact>();
    private fallbackRows = 0;
    private fallbackCost = new Exact(0);
    private reapplication?: { readonly covered: Reapplied['covered']; readonly coveredQuantity: Reapplied['coveredQuantity']; readonly figures: NonNullable<GroupReport['commitments']> };

    constructor(
        private readonly group: BillingGroup,
        private readonly index: number,
        private readonly period: string,
        private readonly rules: readonly PlanRule[],
        private readonly groupOf: ReadonlyMap<string, number>,
    ) {}

    /** The period's commitments are re-applied: the covered part of each usage, and this group's figures. */
    reapplied(result: Reapplied, g: number): void {
        this.reapplication = { covered: result.covered, coveredQuantity: result.coveredQuantity, figures: result.figures.get(g)! };
    }

    /** The part of the line item being added that the group's own commitments covered. */
    private covered = new Exact(0);
    /** The usage amount of the line item being added that the group's own commitments covered. */
    private coveredQuantity = new Exact(0);

    add(original: LineItem): void {
        let item = original;
        this.covered = this.reapplication?.covered.get(original) ?? new Exact(0);
        this.coveredQuantity = this.reapplication?.coveredQuantity.get(original) ?? new Exact(0);
        if (this.reapplication) {
            // "Pro forma": covered usage is priced like Usage on its uncovered part; "SavingsPlanNegation lines are dropped".
            const type = item.key.lineItemType;
            if (type === 'DiscountedUsage' || type === 'SavingsPlanCoveredUsage') {
                item = { ...item, key: { ...item.key, lineItemType: 'Usage', commitmentOwnerId: '' } };
                this.fromCovered.add(item);
            }
            else if (type === 'SavingsPlanNegation') item = { ...item, key: { ...item.key, commitmentOwnerId: '' } };
        }
        const { key } = item;
        const unblended = unblendedOf(item);
        this.hasUsage = true;
        // "AWS cost of a group = Σ unblended cost of every line item of its accounts in the period, whatever the line item type".
        this.awsCost = this.awsCost.plus(unblended);
        lineOf(this.byService, key.service).awsCost = lineOf(this.byService, key.service).awsCost.plus(unblended);
        lineOf(this.byAccount, key.accountId).awsCost = lineOf(this.byAccount, key.accountId).awsCost.plus(unblended);

        // "if the account owning the RI or Savings Plan (parsed from its ARN) is a member of the same group in that period".
        const ownerInGroup = key.commitmentOwnerId !== '' && this.groupOf.get(key.commitmentOwnerId) === this.index;
        switch (kindOf(key)) {
            case 'excluded':
                // "Credit, Tax, Refund, … discounts, support: 0 (excluded)".
                return this.charge(item, new Exact(0), false);
            case 'fee':
            case 'unknown':
                // "RIFee, Fee, SavingsPlanRecurringFee, SavingsPlanUpfrontFee: unblended cost"; "Any other (unknown) line item type: unblended cost".
                return this.charge(item, unblended, false);
            case 'negation':
                // "SavingsPlanNegation: owner in the same group: kept at its unblended cost; otherwise dropped (0)".
                return this.charge(item, ownerInGroup ? unblended : new Exact(0), ownerInGroup);
            case 'covered':
                // "commitment owner in the same group that period: billed (unblended) cost; otherwise repriced like Usage".
                if (ownerInGroup) return this.charge(item, unblended, false);
                return this.reprice(item);
            case 'usage':
                return this.reprice(item);
        }
    }

    /**
     * docs/semantics.md, "Repricing usage":
     * base = public on-demand cost − Always Free public cost (only while the free tier is active) + unblended cost
     * of rows without a public price; pro forma = base × the factor of the one most specific markup/discount rule.
     */
    private reprice(item: LineItem): void {
        const { key } = item;
        const tiering = tieringRuleOf(this.rules, key.service);
        if (customTiersOf(tiering)) {
            // "For usage a TIERING rule with custom tiers matches … this replaces the public-cost base" (priced in `bill`).
            const bucket = `${key.service}\u0000${key.usageType}`;
            listOf(this.tiered, bucket).push(item);
            // Its rule effect starts from the uncovered public cost ("the uncovered part … is priced like Usage").
            this.tieredCovered.set(item, this.covered);
            // "Usage its group's own RIs and Savings Plans covered … is not priced through the tiers and does not count
            // toward their thresholds": only the uncovered quantity is tiered.
            this.tieredCoveredQuantity.set(item, this.coveredQuantity);
            return;
        }
        // "The uncovered part of each eligible usage (public on-demand cost × uncovered quantity ÷ usage amount, exact) is priced like Usage".
        const withoutFreeTier = this.baseWithoutFreeTier(item).minus(this.covered);
        const withFreeTier = withoutFreeTier.minus(this.alwaysFree(item));
        if (!hasPublicPrice(item)) {
            // "Rows without a public price are priced at their billed (unblended) cost … one warning public-cost-missing per group and period".
            this.fallbackRows++;
            this.fallbackCost = this.fallbackCost.plus(unblendedOf(item));
        }
        const base = freeTierActive(tiering) ? withFreeTier : withoutFreeTier;
        // Rule effects: "for TIERING: the base with AWS defaults, i.e. free tier on and public prices" → the base with the rule.
        if (tiering) this.effect(tiering, cellKeyOf(key), withFreeTier, base);
        this.charge(item, this.applyRateRule(key, base, cellKeyOf(key)), false);
    }

    /** The public on-demand cost, or the billed cost where the row has no public price. */
    private baseWithoutFreeTier(item: LineItem): Exact {
        return hasPublicPrice(item) ? exactOf(item.publicOnDemandCost) : unblendedOf(item);
    }

    /** Covered usage priced like Usage in a re-applied period: still covered usage, which "is never free tier". */
    private readonly fromCovered = new WeakSet<LineItem>();

    /** "12-month Free Tier usage is charged at its public on-demand cost … Always Free usage stays free unless … free-tier off". */
    private alwaysFree(item: LineItem): Exact {
        if (this.fromCovered.has(item)) return new Exact(0);
        return isTwelveMonthOffer(item.key.service, item.key.usageType) ? new Exact(0) : freeTierPublicCost(item);
    }

    /** "pro forma = base × (1 + m/100) for a MARKUP rule of m %, base × (1 − m/100) for a DISCOUNT rule, base when no rule matches". */
    private applyRateRule(key: LineItem['key'], base: Exact, cell: string): Exact {
        const rate = rateRuleOf(this.rules, key);
        if (!rate) return base;
        const proforma = base.times(factorOf(rate.rule));
        this.effect(rate, cell, base, proforma);
        return proforma;
    }

    private effect(rule: PlanRule, cell: string, publicCost: Exact, proformaCost: Exact): void {
        let effect = this.effects.get(rule.position);
        if (!effect) this.effects.set(rule.position, (effect = { rule, publicCost: new Exact(0), proformaCost: new Exact(0), cells: new Set() }));
        effect.publicCost = effect.publicCost.plus(publicCost);
        effect.proformaCost = effect.proformaCost.plus(proformaCost);
        effect.cells.add(cell);
    }

    private charge(item: Pick<LineItem, 'key'>, amount: Exact, negation: boolean): void {
        this.post(item.key.service, item.key.accountId, amount);
        this.charges.push({ service: item.key.service, amount, negation });
    }

    private post(service: string, accountId: string, amount: Exact): void {
        lineOf(this.byService, service).proformaCost = lineOf(this.byService, service).proformaCost.plus(amount);
        lineOf(this.byAccount, accountId).proformaCost = lineOf(this.byAccount, accountId).proformaCost.plus(amount);
    }

    /**
     * docs/semantics.md, "Custom tiers": "the group's on-demand usage amount per (period, service, usage type) is priced
     * through the graduated tiers … The tiered cost is allocated back to the line items in proportion to their on-demand
     * usage amounts:
     * each part is rounded half-even to 20 decimal places (or more if the tiered cost has more) and the last line item
     * takes the remainder … the matching markup/discount rule still applies on top." A line item here is a cube cell:
     * the rows of one key, in key order.
     */
    private priceTiers(): void {
        for (const rows of this.tiered.values()) {
            const byCell = new Map<string, LineItem[]>();
            for (const row of rows) listOf(byCell, cellKeyOf(row.key)).push(row);
            const cells = [...byCell.keys()].sort().map((cell) => ({ cell, rows: byCell.get(cell)! }));
            const weights = cells.map(({ rows: cellRows }) => cellRows.reduce((sum, row) => sum.plus(exactOf(row.usageAmount).minus(this.tieredCoveredQuantity.get(row) ?? 0)), new Exact(0)));
            const usage = weights.reduce((sum, weight) => sum.plus(weight), new Exact(0));
            const tiering = tieringRuleOf(this.rules, rows[0]!.key.service)!;
            const cost = tieredCostOf(usage, customTiersOf(tiering)!);
            const places = Math.max(20, cost.decimalPlaces());
            let allocated = new Exact(0);
            cells.forEach(({ cell, rows: cellRows }, n) => {
                const last = n === cells.length - 1;
                const part = last ? cost.minus(allocated) : usage.isZero() ? new Exact(0) : cost.times(weights[n]!).dividedBy(usage).toDecimalPlaces(places, ROUND_HALF_EVEN);
                allocated = allocated.plus(part);
                const publicBase = cellRows.reduce((sum, row) => sum.plus(this.baseWithoutFreeTier(row).minus(this.tieredCovered.get(row) ?? 0).minus(this.alwaysFree(row))), new Exact(0));
                this.effect(tiering, cell, publicBase, part);
                const key = cellRows[0]!.key;
                this.charge({ key }, this.applyRateRule(key, part, cell), false);
            });
        }
    }

    /** "A group with no line item at all in the period is ACTIVE with `hasUsage: false`." */
    get usage(): boolean {
        return this.hasUsage;
    }

    bill(accountIds: readonly string[], names: ReadonlyMap<string, string>, products: ReadonlyMap<string, string>, status: GroupStatusFigures): ReferenceGroupBill {
        this.priceTiers();
        const { group, period } = this;
        const charges = this.charges.reduce((sum, charge) => sum.plus(charge.amount), new Exact(0));
        const lineItems = priceCustomLineItems(group, period, this.charges);
        // "byAccount shows it on that account (an account line is created if the account has no usage), and byService
        // shows it under the presentation service".
        for (const line of lineItems) this.post(line.presentationService, line.accountId, line.amount);
        // "Pro forma cost = repriced charges + custom line items"; "Margin = pro forma cost − AWS cost".
        const proforma = lineItems.reduce((sum, line) => sum.plus(line.amount), charges);
        const margin = proforma.minus(this.awsCost);
        return {
            name: group.name,
            ...(group.description !== undefined && { description: group.description }),
            period,
            plan: group.plan,
            primaryAccountId: group.primaryAccountId,
            accountIds,
            awsCost: moneyText(this.awsCost),
            charges: moneyText(charges),
            proformaCost: moneyText(proforma),
            margin: moneyText(margin),
            marginPercent: marginPercent(margin, proforma),
            byService: [...this.byService.keys()].sort().map((service) => ({
                service, ...(products.has(service) && { serviceName: products.get(service)! }), ...lineFigures(this.byService.get(service)!),
            })),
            byAccount: [...this.byAccount.keys()].sort().map((accountId) => withName({ accountId }, names, lineFigures(this.byAccount.get(accountId)!))),
            customLineItems: lineItems.map(customLineItemLine),
            rules: [...this.effects.keys()].sort((a, b) => a - b).map((position) => {
                const effect = this.effects.get(position)!;
                return {
                    rule: effect.rule.rule.name, publicCost: moneyText(effect.publicCost), proformaCost: moneyText(effect.proformaCost),
                    effect: moneyText(effect.proformaCost.minus(effect.publicCost)), cells: effect.cells.size,
                };
            }),
            hasUsage: this.hasUsage,
            ...status,
            ...(this.reapplication && { commitments: this.reapplication.figures }),
            ...(this.fallbackRows > 0 && { fallback: { rows: this.fallbackRows, cost: moneyText(this.fallbackCost) } }),
        };
    }
}

type GroupStatusFigures = Pick<GroupReport, 'billingGroupType' | 'status' | 'statusReason'>;

/**
 * docs/semantics.md "Group status": "PENDING: a billing-transfer group in a period before its `transfer … from P`";
 * "PRIMARY_ACCOUNT_MISSING: the group has line items in the period but none of its primary account's, or has
 * members but not its primary"; "ACTIVE otherwise (a billing-transfer group without a primary is ACTIVE once the
 * transfer has started)". Restated here, not imported from engine/price.
 */
function statusOf(group: BillingGroup, g: number, period: string, members: { readonly groupOf: ReadonlyMap<string, number>; readonly accountsOf: readonly (readonly string[])[] }, present: readonly string[], hasUsage: boolean): GroupStatusFigures {
    const billingGroupType = group.transfer ? 'TRANSFER_BILLING' : 'STANDARD';
    const from = group.transfer?.from;
    if (from !== undefined && period < from) return { billingGroupType, status: 'PENDING', statusReason: `the billing transfer starts in ${from}` };
    const primary = group.primaryAccountId;
    if (primary !== '' && members.groupOf.get(primary) !== g && members.accountsOf[g]!.length > 0) {
        return { billingGroupType, status: 'PRIMARY_ACCOUNT_MISSING', statusReason: `the primary account ${primary} is not a member of the group in ${period}` };
    }
    if (primary !== '' && members.groupOf.get(primary) === g && hasUsage && !present.includes(primary)) {
        return { billingGroupType, status: 'PRIMARY_ACCOUNT_MISSING', statusReason: `the primary account ${primary} has no line item in ${period}` };
    }
    return { billingGroupType, status: 'ACTIVE' };
}

function listOf<T>(lists: Map<string, T[]>, key: string): T[] {
    let list = lists.get(key);
    if (!list) lists.set(key, (list = []));
    return list;
}

function lineOf(lines: Map<string, Line>, key: string): Line {
    let line = lines.get(key);
    if (!line) lines.set(key, (line = { awsCost: new Exact(0), proformaCost: new Exact(0) }));
    return line;
}

function lineFigures(line: Line): Omit<ServiceLine, 'service'> {
    return { awsCost: moneyText(line.awsCost), proformaCost: moneyText(line.proformaCost), margin: moneyText(line.proformaCost.minus(line.awsCost)) };
}

/** "Margin % = margin ÷ pro forma cost × 100, rounded half-even to 2 decimals …; null when the pro forma cost is 0." */
function marginPercent(margin: Exact, proforma: Exact): string | null {
    if (proforma.isZero()) return null;
    const percent = margin.times(100).dividedBy(proforma).toDecimalPlaces(2, ROUND_HALF_EVEN);
    return percent.isZero() ? '0.00' : percent.toFixed(2);
}

function customLineItemLine(line: PricedCustomLineItem): CustomLineItemLine {
    const { item } = line;
    return {
        name: item.name,
        ...(item.description !== undefined && { description: item.description }),
        type: item.type,
        amount: moneyText(line.amount),
        ...(line.base !== undefined && { base: moneyText(line.base) }),
        ...(item.charge.kind === 'percentage' && { percent: item.charge.percent }),
        accountId: line.accountId,
        presentationService: line.presentationService,
        computation: item.computation,
    };
}

/**
 * Account names: the data's (the name on most rows of the account, ties by name), then the policy's accounts and
 * payer, which win.
 */
function accountNames(items: readonly LineItem[], policy: PolicyModel): Map<string, string> {
    const counts = new Map<string, Map<string, number>>();
    for (const item of items) {
        if (item.accountName === '') continue;
        const byName = counts.get(item.key.accountId) ?? new Map<string, number>();
        byName.set(item.accountName, (byName.get(item.accountName) ?? 0) + 1);
        counts.set(item.key.accountId, byName);
    }
    const names = new Map<string, string>();
    for (const [accountId, byName] of counts) names.set(accountId, [...byName].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]);
    for (const account of policy.accounts) if (account.name) names.set(account.id, account.name);
    if (policy.payer?.name) names.set(policy.payer.id, policy.payer.name);
    return names;
}

/**
 * docs/cli.md, "Marketplace product names": "a service code's readable name comes from the rows of that code whose seller is
 * AWS Marketplace or whose code has the Marketplace shape (`prod-` and lowercase letters and digits, or 20 or more
 * lowercase letters and digits with a digit), when the name differs from the code; the name on most such rows wins,
 * ties by name".
 */
function productNames(items: readonly LineItem[]): Map<string, string> {
    const counts = new Map<string, Map<string, number>>();
    for (const item of items) {
        const name = item.productName ?? '';
        const code = item.key.service;
        if (name === '' || name === code || code === '') continue;
        const marketplaceShape = /^prod-[a-z0-9]+$/.test(code) || (/^[a-z0-9]{20,}$/.test(code) && /[0-9]/.test(code));
        if (item.key.billingEntity !== 'AWS Marketplace' && !marketplaceShape) continue;
        const byName = counts.get(code) ?? new Map<string, number>();
        byName.set(name, (byName.get(name) ?? 0) + 1);
        counts.set(code, byName);
    }
    const names = new Map<string, string>();
    for (const [code, byName] of counts) names.set(code, [...byName].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0]);
    return names;
}

function withName<T extends { accountId: string }, U>(line: T, names: ReadonlyMap<string, string>, figures: U): T & { accountName?: string } & U {
    const accountName = names.get(line.accountId);
    return { ...line, ...(accountName !== undefined && { accountName }), ...figures };
}
