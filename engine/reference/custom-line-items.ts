import { DEFAULT_PRESENTATION_SERVICE, type BillingGroup, type CustomLineItem, type LineItemFilter } from '../policy/model.js';
import { Exact, plainDecimal } from './exact.js';
import { inRange } from './membership.js';

/** One priced charge of a group (a line item's pro forma, or a custom-tier part), as a percentage base sees it. */
export interface Charge {
    readonly service: string;
    readonly amount: Exact;
    /** A kept SavingsPlanNegation line. */
    readonly negation: boolean;
}

export interface PricedCustomLineItem {
    readonly item: CustomLineItem;
    /** Signed: "FEE amounts are positive, CREDIT amounts negative". */
    readonly amount: Exact;
    readonly base: Exact | undefined;
    readonly accountId: string;
    readonly presentationService: string;
}

/**
 * docs/semantics.md, "Custom line items": the group's items active in the period ("[from, until)"), flat at their
 * amount, percentage at "percent ÷ 100 × Σ bases"; a number that is not one counts 0.
 */
export function priceCustomLineItems(group: BillingGroup, period: string, charges: readonly Charge[]): PricedCustomLineItem[] {
    const priced: PricedCustomLineItem[] = [];
    for (const item of group.lineItems) {
        if (!inRange(item.periods, period)) continue;
        let value: Exact;
        let base: Exact | undefined;
        if (item.charge.kind === 'flat') {
            value = plainDecimal(item.charge.amount) ?? new Exact(0);
        } else {
            base = new Exact(0);
            for (const named of item.charge.bases) base = base.plus(named.kind === 'charges' ? chargesBase(charges, item.filters) : flatItemBase(group, named.name, period));
            value = base.times(plainDecimal(item.charge.percent) ?? 0).dividedBy(100);
        }
        priced.push({
            item,
            amount: item.type === 'CREDIT' ? value.negated() : value,
            base,
            // "posted to the item's account, or to the group's primary account"; "presentation service (default AWSBillingConductor)".
            accountId: item.accountId ?? group.primaryAccountId,
            presentationService: item.presentationService ?? DEFAULT_PRESENTATION_SERVICE,
        });
    }
    return priced;
}

/**
 * "charges: the group's repriced charges in the period — every priced line item, never another custom line item —
 * restricted by the item's filters: exclude savings-plan-negation leaves kept SavingsPlanNegation lines out of the
 * base; a service filter restricts the base to (EQUAL) or excludes from it (NOT_EQUAL) the listed service codes".
 */
function chargesBase(charges: readonly Charge[], filters: readonly LineItemFilter[]): Exact {
    let base = new Exact(0);
    for (const charge of charges) {
        const passes = filters.every((filter) =>
            filter.kind === 'excludeSavingsPlanNegation' ? !charge.negation : filter.services.includes(charge.service) === (filter.match === 'EQUAL'));
        if (passes) base = base.plus(charge.amount);
    }
    return base;
}

/**
 * "a flat custom line item of the same group: its amount (its unsigned value, as in ABC) in this period, 0 when it
 * is not active in the period"; a percentage item (or no item) of that name counts 0.
 */
function flatItemBase(group: BillingGroup, name: string, period: string): Exact {
    const flat = group.lineItems.find((other) => other.charge.kind === 'flat' && other.name === name && inRange(other.periods, period));
    return flat?.charge.kind === 'flat' ? (plainDecimal(flat.charge.amount) ?? new Exact(0)) : new Exact(0);
}
