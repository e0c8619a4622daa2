import { Decimal, ZERO, moneyString } from '../money/decimal.js';
import type { CubeCell } from '../cube/types.js';
import type { PricingRule } from '../policy/model.js';
import { createRowPricer, isSupportService, type PricedPolicy, type RowPrice } from '../price/index.js';
import type { GroupReport, Money } from '../report/types.js';

/**
 * How one group's pro forma figure in one period is made, step by step, from the engine's own decisions: the row
 * pricer (`createRowPricer`) prices every cell of the group's accounts exactly as the bill does, and the steps add up,
 * exactly, from the AWS cost to the charges, then the custom line items to the pro forma cost of the report.
 *
 * Chain: AWS cost − excluded items + public-rate adjustment − free tier ± custom tiers + Σ rule effects = charges;
 * charges + Σ custom line items = pro forma. Money is exact (decimal strings); presentation rounds it.
 */
export interface GroupExplanation {
    readonly group: string;
    readonly period: string;
    readonly currency: string;
    readonly plan: string;
    readonly accountIds: readonly string[];
    readonly hasUsage: boolean;
    readonly awsCost: Money;
    readonly charges: Money;
    readonly proformaCost: Money;
    /** In chain order; `amount` is what the step adds (negative: subtracts). Σ amounts = proformaCost − awsCost. */
    readonly steps: readonly ExplanationStep[];
}

export type ExplanationStepKind =
    | 'kept' | 'excluded' | 'public-rate' | 'fallback' | 'free-tier' | 'custom-tiers' | 'rule' | 'no-rule' | 'allocation' | 'line-item';

export interface ExplanationStep {
    readonly kind: ExplanationStepKind;
    /** Short label: "Tax", "Support", "rule ec2-markup", "Fee: platform". */
    readonly label: string;
    /** Why, in words: which line items, which rule with which scope and why it matched. */
    readonly why: string;
    readonly amount: Money;
    /** Informational steps (amount 0): the figure they describe, already inside the chain (kept costs, fallback pricing). */
    readonly included?: Money;
    /** The cube cells (aggregated line items) behind the step; 0 for custom line items. */
    readonly cells: number;
    /** Rule steps: public base → pro forma, the factor, and the services that contributed most. */
    readonly base?: Money;
    readonly after?: Money;
    readonly factor?: string;
    readonly top?: readonly { readonly label: string; readonly base: Money; readonly after: Money }[];
}

const TOP = 5;

interface Bucket { amount: Decimal; cells: number }
interface RuleBucket { base: Decimal; after: Decimal; cells: number; factor: Decimal; byService: Map<string, { base: Decimal; after: Decimal }> }

/**
 * Explains group `group` (a report line of `priced`, built by the same pricing) in `report.period`.
 * `groupIndex` is the group's index in `priced.policy.groups`.
 */
export function explainGroup(priced: PricedPolicy, groupIndex: number, report: GroupReport, currency: string): GroupExplanation {
    const pricer = createRowPricer(priced);
    const period = report.period;
    // The rules as in force in the period (effective-dated pricing: the version that priced it).
    const rules = new Map(priced.policyAt(period).rules.map((rule) => [rule.name, rule]));
    const excluded = new Map<string, Bucket>();
    const ruleBuckets = new Map<string, RuleBucket>();
    let aws = ZERO;
    let publicAdjustment = ZERO;
    let fallback: Bucket = { amount: ZERO, cells: 0 };
    let freeTier: Bucket = { amount: ZERO, cells: 0 };
    let customTiers: Bucket = { amount: ZERO, cells: 0 };
    let kept: Bucket = { amount: ZERO, cells: 0 };
    let repricedCells = 0;
    let charges = ZERO;
    const add = (map: Map<string, Bucket>, key: string, amount: Decimal): void => {
        const bucket = map.get(key) ?? { amount: ZERO, cells: 0 };
        map.set(key, { amount: bucket.amount.plus(amount), cells: bucket.cells + 1 });
    };
    for (const cell of priced.prepared.cube.cells) {
        if (cell.period !== period || pricer.groupOf(period, cell.accountId) !== groupIndex) continue;
        const price = pricer.price(cell);
        aws = aws.plus(cell.unblendedCost);
        charges = charges.plus(price.proformaCost);
        if (price.treatment === 'dropped') {
            add(excluded, excludedKind(cell, price), cell.unblendedCost.negated());
            continue;
        }
        if (price.treatment === 'kept') {
            kept = { amount: kept.amount.plus(cell.unblendedCost), cells: kept.cells + 1 };
            continue;
        }
        repricedCells++;
        const publicBase = cell.publicOnDemandCost.plus(cell.unblendedWithoutPublicCost);
        publicAdjustment = publicAdjustment.plus(cell.publicOnDemandCost.minus(cell.unblendedCost.minus(cell.unblendedWithoutPublicCost)));
        if (cell.rowsWithoutPublicCost > 0 || !cell.unblendedWithoutPublicCost.isZero()) {
            fallback = { amount: fallback.amount.plus(cell.unblendedWithoutPublicCost), cells: fallback.cells + 1 };
        }
        const tiering = price.tieringRule !== undefined ? rules.get(price.tieringRule) : undefined;
        const adjustment = price.base.minus(publicBase);
        if (tiering?.customTiers && tiering.customTiers.length > 0) {
            customTiers = { amount: customTiers.amount.plus(adjustment), cells: customTiers.cells + 1 };
        } else if (!adjustment.isZero()) {
            freeTier = { amount: freeTier.amount.plus(adjustment), cells: freeTier.cells + 1 };
        }
        const key = price.rule ?? '';
        const bucket = ruleBuckets.get(key) ?? { base: ZERO, after: ZERO, cells: 0, factor: price.factor, byService: new Map() };
        bucket.base = bucket.base.plus(price.base);
        bucket.after = bucket.after.plus(price.proformaCost);
        bucket.cells++;
        const service = bucket.byService.get(cell.service) ?? { base: ZERO, after: ZERO };
        bucket.byService.set(cell.service, { base: service.base.plus(price.base), after: service.after.plus(price.proformaCost) });
        ruleBuckets.set(key, bucket);
    }

    const steps: ExplanationStep[] = [];
    if (kept.cells > 0) {
        steps.push({
            kind: 'kept', label: 'Kept at billed cost',
            why: 'RI and Savings Plan fees, usage covered by a commitment owned in the group and unknown line item types stay at what AWS billed',
            amount: '0', included: moneyString(kept.amount), cells: kept.cells,
        });
    }
    for (const [kind, bucket] of [...excluded].sort(([a], [b]) => a.localeCompare(b))) {
        steps.push({ kind: 'excluded', label: kind, why: EXCLUDED_WHY[kind] ?? `${kind} line items are not part of the pro forma bill`, amount: moneyString(bucket.amount), cells: bucket.cells });
    }
    if (repricedCells > 0) {
        steps.push({
            kind: 'public-rate', label: 'Public on-demand rates',
            why: 'usage is billed at public on-demand rates instead of what AWS charged (reserved, Savings Plan, Spot and private rates do not carry over)',
            amount: moneyString(publicAdjustment), cells: repricedCells,
        });
    }
    if (fallback.cells > 0) {
        steps.push({
            kind: 'fallback', label: 'No public price (billed cost kept)',
            why: `${fallback.cells} aggregated line item${fallback.cells === 1 ? '' : 's'} without a public on-demand cost (Spot, Marketplace, idle resources) priced at their billed cost (part of the public-rate step)`,
            amount: '0', included: moneyString(fallback.amount), cells: fallback.cells,
        });
    }
    if (freeTier.cells > 0) {
        steps.push({ kind: 'free-tier', label: 'Always Free tier', why: 'usage the AWS Always Free tier covers stays free (turn off with a tiering rule `free-tier off`)', amount: moneyString(freeTier.amount), cells: freeTier.cells });
    }
    if (customTiers.cells > 0) {
        steps.push({ kind: 'custom-tiers', label: 'Custom tiers', why: 'usage priced at the tiering rule\'s own rates instead of the public rate', amount: moneyString(customTiers.amount), cells: customTiers.cells });
    }
    for (const [name, bucket] of [...ruleBuckets].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))) {
        const top = [...bucket.byService]
            .sort(([, a], [, b]) => b.base.comparedTo(a.base))
            .slice(0, TOP)
            .map(([service, figures]) => ({ label: service, base: moneyString(figures.base), after: moneyString(figures.after) }));
        const rule = rules.get(name);
        steps.push({
            kind: name === '' ? 'no-rule' : 'rule',
            label: name === '' ? 'No matching rule' : `rule ${name}`,
            why: name === '' ? 'no markup or discount rule of the plan matches these line items: they stay at the public rate' : ruleWhy(rule, bucket.factor),
            amount: moneyString(bucket.after.minus(bucket.base)), cells: bucket.cells,
            base: moneyString(bucket.base), after: moneyString(bucket.after), factor: moneyString(bucket.factor), top,
        });
    }
    // Rows under custom tiers are priced at the group's average tier rate; the bill allocates the tiered cost to cells,
    // which can differ in far decimal places: shown, so the chain still ends exactly on the bill's charges.
    const residual = new Decimal(report.charges).minus(charges);
    if (!residual.isZero()) {
        steps.push({ kind: 'allocation', label: 'Tier allocation', why: 'the bill allocates tiered cost to line items in proportion to their on-demand usage; this is the difference to the average-rate view above', amount: moneyString(residual), cells: 0 });
    }
    for (const item of report.customLineItems) {
        const how = item.base !== undefined && item.percent !== undefined ? `${item.percent}% of ${item.base}` : 'flat amount';
        steps.push({
            kind: 'line-item', label: `${item.type === 'FEE' ? 'Fee' : 'Credit'}: ${item.name}`,
            why: `custom line item (${how}), posted to account ${item.accountId}${item.description ? `: ${item.description}` : ''}`,
            amount: item.amount, cells: 0,
        });
    }
    const explained = new Decimal(report.awsCost).plus(steps.reduce((sum, step) => sum.plus(step.amount), ZERO));
    if (!aws.equals(new Decimal(report.awsCost)) || !explained.equals(new Decimal(report.proformaCost))) {
        throw new Error(`explanation of ${report.name} in ${period} does not reconcile: AWS ${moneyString(aws)} vs ${report.awsCost}, steps end on ${moneyString(explained)} vs ${report.proformaCost}`);
    }
    return {
        group: report.name, period, currency, plan: report.plan, accountIds: report.accountIds, hasUsage: report.hasUsage,
        awsCost: report.awsCost, charges: report.charges, proformaCost: report.proformaCost, steps,
    };
}

function excludedKind(cell: CubeCell, price: RowPrice): string {
    if (isSupportService(cell.service)) return 'Support';
    if (price.lineItemClass === 'negation') return 'Savings Plan negation';
    if (price.lineItemClass === 'covered') return 'Commitment-covered usage';
    if (cell.lineItemType.endsWith('Discount')) return 'Discounts';
    return ({ Credit: 'Credits', Tax: 'Tax', Refund: 'Refunds' } as Record<string, string>)[cell.lineItemType] ?? cell.lineItemType;
}

const EXCLUDED_WHY: Record<string, string> = {
    Support: 'AWS Support is not part of a pro forma bill (ABC); recover it with a custom line item (fee)',
    Tax: 'tax is not part of a pro forma bill',
    Credits: 'AWS credits are not passed on to the pro forma bill',
    Refunds: 'refunds are not part of a pro forma bill',
    Discounts: 'non-public discounts (EDP, private rates, volume) are not passed on',
    'Savings Plan negation': 'the Savings Plan is owned outside the group: its negation is not part of this bill',
};

const SCOPE_WHY: Record<PricingRule['scope'], string> = {
    SKU: 'SKU scope: the most specific match (SKU > service > billing entity > global)',
    SERVICE: 'service scope: no SKU rule of the plan matched these line items',
    BILLING_ENTITY: 'billing-entity scope: no SKU or service rule of the plan matched',
    GLOBAL: 'global scope: no more specific rule of the plan matched',
};

function ruleWhy(rule: PricingRule | undefined, factor: Decimal): string {
    if (!rule) return `public cost × ${moneyString(factor)}`;
    const what = [rule.service, rule.billingEntity, rule.usageType, rule.operation].filter((part) => part !== undefined).join(' / ');
    const change = `${rule.type === 'DISCOUNT' ? 'discount' : 'markup'} ${rule.modifierPercent}%`;
    return `${change}${what ? ` on ${what}` : ''}: public cost × ${moneyString(factor)}; ${SCOPE_WHY[rule.scope]}`;
}
