import { Decimal, ZERO } from '../money/decimal.js';
import { DEFAULT_PRESENTATION_SERVICE, type BillingGroup, type CustomLineItem, type LineItemFilter } from '../policy/model.js';
import type { ReportIssue } from '../report/types.js';
import { isValidPercent } from './factor.js';
import { inPeriodRange } from './membership.js';
import { addSum, emptySum, sumToDecimal, type ExactSum } from './scaled.js';

/** A custom line item's amount in one period, ready to post. */
export interface PricedLineItem {
    readonly item: CustomLineItem;
    /** Signed: fees positive, credits negative. */
    readonly amount: Decimal;
    /** Percentage items: the base the percentage was taken of. */
    readonly base?: Decimal;
    readonly accountId: string;
    readonly presentationService: string;
}

/** The group's priced charges for a period, as custom line items see them. */
export interface ChargesByService {
    /** Pro forma charges of priced line items per service code (no custom line items). */
    readonly charges: ReadonlyMap<string, ExactSum>;
    /** The kept SavingsPlanNegation part of `charges`, per service code (units of the same scale). */
    readonly savingsPlanNegation: ReadonlyMap<string, bigint>;
    readonly scale: number;
}

/**
 * Prices the custom line items of `group` active in `period` (from inclusive, until exclusive).
 * Flat items first, then percentage items, whose bases are the group's charges (filtered) and/or the
 * unsigned amounts of flat items of the same group; a percentage item never takes another percentage
 * item as base (such a base counts 0 and is reported), so there is no evaluation order to loop on.
 */
export function priceLineItems(group: BillingGroup, period: string, charges: ChargesByService, issues: ReportIssue[]): PricedLineItem[] {
    const active = group.lineItems.filter((item) => inPeriodRange(item.periods, period));
    const flatAmounts = new Map<string, Decimal>();
    for (const item of active) {
        if (item.charge.kind === 'flat' && !flatAmounts.has(item.name)) flatAmounts.set(item.name, parseAmount(item.charge.amount, item, group, issues));
    }
    let chargesBaseCache: Map<string, Decimal> | undefined;
    const chargesBase = (filters: readonly LineItemFilter[]): Decimal => {
        const cacheKey = JSON.stringify(filters);
        chargesBaseCache ??= new Map();
        const cached = chargesBaseCache.get(cacheKey);
        if (cached) return cached;
        const value = filteredCharges(charges, filters);
        chargesBaseCache.set(cacheKey, value);
        return value;
    };

    return active.map((item): PricedLineItem => {
        const sign = item.type === 'CREDIT' ? -1 : 1;
        const accountId = item.accountId ?? group.primaryAccountId;
        const presentationService = item.presentationService ?? DEFAULT_PRESENTATION_SERVICE;
        if (item.charge.kind === 'flat') {
            return { item, amount: flatAmounts.get(item.name)!.times(sign), accountId, presentationService };
        }
        let base = ZERO;
        for (const source of item.charge.bases) {
            if (source.kind === 'charges') {
                base = base.plus(chargesBase(item.filters));
            } else {
                const flat = flatAmounts.get(source.name);
                if (flat) base = base.plus(flat);
                else if (!group.lineItems.some((other) => other.name === source.name && other.charge.kind === 'flat')) {
                    issues.push({
                        severity: 'warning',
                        code: 'line-item-base-invalid',
                        message: `Group ${group.name}, custom line item ${item.name}: base ${source.name} is not a flat custom line item of the group; it counts 0.`,
                    });
                }
                // A flat item of the group outside its period range counts 0 in this period.
            }
        }
        const percent = item.charge.percent;
        if (!isValidPercent(percent)) {
            issues.push({ severity: 'warning', code: 'line-item-invalid', message: `Group ${group.name}, custom line item ${item.name}: percentage "${percent}" is not a number; it counts 0.` });
            return { item, amount: ZERO, base, accountId, presentationService };
        }
        const amount = base.times(percent).dividedBy(100).times(sign);
        return { item, amount, base, accountId, presentationService };
    });
}

function parseAmount(text: string, item: CustomLineItem, group: BillingGroup, issues: ReportIssue[]): Decimal {
    if (isValidPercent(text)) return new Decimal(text);
    issues.push({ severity: 'warning', code: 'line-item-invalid', message: `Group ${group.name}, custom line item ${item.name}: amount "${text}" is not a number; it counts 0.` });
    return ZERO;
}

/** Σ charges over the services the filters let through, SavingsPlanNegation left out if asked. */
function filteredCharges(charges: ChargesByService, filters: readonly LineItemFilter[]): Decimal {
    const excludeNegation = filters.some((filter) => filter.kind === 'excludeSavingsPlanNegation');
    const serviceFilters = filters.filter((filter) => filter.kind === 'service');
    const total = emptySum();
    for (const [service, sum] of charges.charges) {
        const passes = serviceFilters.every((filter) => filter.services.includes(service) === (filter.match === 'EQUAL'));
        if (!passes) continue;
        addSum(total, sum);
        if (excludeNegation) total.units -= charges.savingsPlanNegation.get(service) ?? 0n;
    }
    return sumToDecimal(total, charges.scale);
}
