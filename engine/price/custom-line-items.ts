import { DEFAULT_PRESENTATION_SERVICE, type BillingGroup, type CustomLineItem, type LineItemFilter } from '../policy/model.js';
import type { ReportIssue } from '../report/types.js';
import { inPeriodRange } from './membership.js';
import { addFixed, FIXED_ZERO, multiplyFixed, negateFixed, parseFixed, subtractFixed, type Fixed } from './scaled.js';

/** A custom line item's amount in one period, ready to post. */
export interface PricedLineItem {
    readonly item: CustomLineItem;
    /** Signed: fees positive, credits negative. */
    readonly amount: Fixed;
    /** Percentage items: the base the percentage was taken of. */
    readonly base?: Fixed;
    readonly accountId: string;
    readonly presentationService: string;
}

/** The group's charges per service, as filtered percentage bases need them (computed only when asked). */
export interface ChargesByService {
    /** Per service code: the charges and the kept SavingsPlanNegation part of them (no custom line item). */
    byService(): Iterable<{ readonly service: string; readonly charges: Fixed; readonly savingsPlanNegation: Fixed }>;
    /** The kept SavingsPlanNegation part of the group's charges (Σ over services, without the per-service detail). */
    savingsPlanNegation(): Fixed;
}

/** The warnings a group's line items raise (invalid numbers, bases that are not flat items of the group); once per pricing run. */
export function checkLineItems(group: BillingGroup, issues: ReportIssue[]): void {
    // Indexed loops (no iterator objects): this runs for thousands of groups on every edit.
    for (let i = 0; i < group.lineItems.length; i++) {
        const item = group.lineItems[i]!;
        const charge = item.charge;
        if (charge.kind === 'flat') {
            parseNumber(charge.amount, 'amount', item, group, issues);
            continue;
        }
        parseFraction(charge.percent, item, group, issues);
        for (let b = 0; b < charge.bases.length; b++) {
            const base = charge.bases[b]!;
            if (base.kind === 'charges' || isFlatItem(group.lineItems, base.name)) continue;
            // Naming a percentage item (or nothing) would allow loops: it counts 0.
            issues.push({
                severity: 'warning',
                code: 'line-item-base-invalid',
                message: `Group ${group.name}, custom line item ${item.name}: base ${base.name} is not a flat custom line item of the group; it counts 0.`,
            });
        }
    }
}

/**
 * The group's line items active in `period` (from inclusive, until exclusive), priced: flat items at
 * their amount, percentage items at percent × (charges, filtered, + the unsigned amounts of the flat
 * items named, when those are active in the period). Invalid numbers and bases count 0 (their
 * warnings come from `checkLineItems`). Straight from the policy's items, numbers parsed
 * through memos: nothing is compiled per group, which matters when thousands are priced per edit.
 */
export function priceGroupLineItems(group: BillingGroup, period: string, charges: Fixed, chargesByService: ChargesByService): PricedLineItem[] {
    const lineItems = group.lineItems;
    let active = 0;
    for (let i = 0; i < lineItems.length; i++) if (inPeriodRange(lineItems[i]!.periods, period)) active++;
    const priced: PricedLineItem[] = new Array(active);
    let count = 0;
    // Indexed loops (no iterator): this runs for thousands of groups on every edit.
    for (let i = 0; i < lineItems.length; i++) {
        const item = lineItems[i]!;
        if (!inPeriodRange(item.periods, period)) continue;
        const accountId = item.accountId ?? group.primaryAccountId;
        const presentationService = item.presentationService ?? DEFAULT_PRESENTATION_SERVICE;
        const charge = item.charge;
        if (charge.kind === 'flat') {
            const value = parseFixed(charge.amount) ?? FIXED_ZERO;
            priced[count++] = { item, amount: item.type === 'CREDIT' ? negateFixed(value) : value, accountId, presentationService };
            continue;
        }
        // One pass over the bases: how many times the charges count, and Σ the flat items named (active in the period).
        let chargesBases = 0;
        let flats: Fixed | undefined;
        const bases = charge.bases;
        for (let b = 0; b < bases.length; b++) {
            const named = bases[b]!;
            if (named.kind === 'charges') {
                chargesBases++;
                continue;
            }
            for (let o = 0; o < lineItems.length; o++) {
                const other = lineItems[o]!;
                if (other.charge.kind === 'flat' && other.name === named.name && inPeriodRange(other.periods, period)) {
                    const value = parseFixed(other.charge.amount) ?? FIXED_ZERO;
                    flats = flats === undefined ? value : addFixed(flats, value);
                    break;
                }
            }
        }
        let base = flats ?? FIXED_ZERO;
        if (chargesBases > 0) {
            const chargesBase = item.filters.length === 0 ? charges : filteredCharges(charges, chargesByService, item.filters);
            const counted = chargesBases === 1 ? chargesBase : multiplyFixed(chargesBase, { units: BigInt(chargesBases), scale: 0 });
            base = flats === undefined ? counted : addFixed(counted, flats);
        }
        const amount = multiplyFixed(base, fractionOf(charge.percent) ?? FIXED_ZERO);
        priced[count++] = { item, amount: item.type === 'CREDIT' ? negateFixed(amount) : amount, base, accountId, presentationService };
    }
    return priced;
}

function isFlatItem(lineItems: readonly CustomLineItem[], name: string): boolean {
    for (let i = 0; i < lineItems.length; i++) if (lineItems[i]!.name === name && lineItems[i]!.charge.kind === 'flat') return true;
    return false;
}

/** percent ÷ 100 of a percentage text, memoised like `parseFixed` (policies repeat the same few percentages). */
function fractionOf(text: string): Fixed | undefined {
    const known = fractions.get(text);
    if (known) return known;
    const percent = parseFixed(text);
    if (!percent) return undefined;
    const fraction = { units: percent.units, scale: percent.scale + 2 };
    if (fractions.size >= 10_000) fractions.clear();
    fractions.set(text, fraction);
    return fraction;
}

/** `fractionOf`, with the warning for a text that is not a number. */
function parseFraction(text: string, item: CustomLineItem, group: BillingGroup, issues: ReportIssue[]): void {
    if (!fractionOf(text)) parseNumber(text, 'percentage', item, group, issues);
}

const fractions = new Map<string, Fixed>();

function parseNumber(text: string, what: string, item: CustomLineItem, group: BillingGroup, issues: ReportIssue[]): Fixed {
    const value = parseFixed(text);
    if (value) return value;
    issues.push({ severity: 'warning', code: 'line-item-invalid', message: `Group ${group.name}, custom line item ${item.name}: ${what} "${text}" is not a number; it counts 0.` });
    return FIXED_ZERO;
}

/** Σ charges over the services the filters let through, SavingsPlanNegation left out if asked. */
function filteredCharges(groupCharges: Fixed, charges: ChargesByService, filters: readonly LineItemFilter[]): Fixed {
    const excludeNegation = filters.some((filter) => filter.kind === 'excludeSavingsPlanNegation');
    const serviceFilters = filters.filter((filter) => filter.kind === 'service');
    // Every service passes: the sum over services is the group's charges (no per-service detail needed).
    if (serviceFilters.length === 0) return excludeNegation ? subtractFixed(groupCharges, charges.savingsPlanNegation()) : groupCharges;
    let total = FIXED_ZERO;
    for (const line of charges.byService()) {
        if (!serviceFilters.every((filter) => filter.services.includes(line.service) === (filter.match === 'EQUAL'))) continue;
        total = addFixed(total, excludeNegation ? subtractFixed(line.charges, line.savingsPlanNegation) : line.charges);
    }
    return total;
}
