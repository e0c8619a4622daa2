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

interface CompiledItem {
    readonly item: CustomLineItem;
    readonly negative: boolean;
    readonly accountId: string;
    readonly presentationService: string;
    /** Flat items: the amount; percentage items: percent ÷ 100, exactly. */
    readonly value: Fixed;
    readonly isFlat: boolean;
    /** Percentage items: how many times the group's charges are listed as base. */
    readonly chargesBases: number;
    /** Percentage items: names of flat items that are bases. */
    readonly lineItemBases: readonly string[];
    readonly alwaysActive: boolean;
}

const NO_NAMES: readonly string[] = [];

/** A group's custom line items, parsed and checked once per pricing run (then priced per period). */
export class GroupLineItems {
    private readonly items: CompiledItem[];
    private readonly allAlwaysActive: boolean = true;

    constructor(group: BillingGroup, issues: ReportIssue[]) {
        const lineItems = group.lineItems;
        this.items = new Array(lineItems.length);
        for (let n = 0; n < lineItems.length; n++) {
            const item = lineItems[n]!;
            const charge = item.charge;
            let value: Fixed;
            let chargesBases = 0;
            let lineItemBases = NO_NAMES;
            if (charge.kind === 'flat') {
                value = parseNumber(charge.amount, 'amount', item, group, issues);
            } else {
                value = parseFraction(charge.percent, item, group, issues);
                for (const base of charge.bases) {
                    if (base.kind === 'charges') {
                        chargesBases++;
                    } else if (lineItems.some((other) => other.name === base.name && other.charge.kind === 'flat')) {
                        lineItemBases = lineItemBases === NO_NAMES ? [base.name] : [...lineItemBases, base.name];
                    } else {
                        // Naming a percentage item (or nothing) would allow loops: it counts 0.
                        issues.push({
                            severity: 'warning',
                            code: 'line-item-base-invalid',
                            message: `Group ${group.name}, custom line item ${item.name}: base ${base.name} is not a flat custom line item of the group; it counts 0.`,
                        });
                    }
                }
            }
            const alwaysActive = item.periods.from === undefined && item.periods.until === undefined;
            if (!alwaysActive) this.allAlwaysActive = false;
            this.items[n] = {
                item,
                negative: item.type === 'CREDIT',
                accountId: item.accountId ?? group.primaryAccountId,
                presentationService: item.presentationService ?? DEFAULT_PRESENTATION_SERVICE,
                value,
                isFlat: charge.kind === 'flat',
                chargesBases,
                lineItemBases,
                alwaysActive,
            };
        }
    }

    get isEmpty(): boolean {
        return this.items.length === 0;
    }

    /**
     * The items active in `period` (from inclusive, until exclusive), priced: flat items at their
     * amount, percentage items at percent × (charges, filtered, + the unsigned amounts of the flat
     * items named, when those are active in the period).
     */
    price(period: string, charges: Fixed, chargesByService: ChargesByService): PricedLineItem[] {
        const active = this.allAlwaysActive ? this.items : this.items.filter((compiled) => compiled.alwaysActive || inPeriodRange(compiled.item.periods, period));
        const priced: PricedLineItem[] = new Array(active.length);
        let count = 0;
        for (const compiled of active) {
            const { item, accountId, presentationService, value } = compiled;
            if (compiled.isFlat) {
                priced[count++] = { item, amount: compiled.negative ? negateFixed(value) : value, accountId, presentationService };
                continue;
            }
            let base = FIXED_ZERO;
            if (compiled.chargesBases > 0) {
                const chargesBase = item.filters.length === 0 ? charges : filteredCharges(charges, chargesByService, item.filters);
                base = compiled.chargesBases === 1 ? chargesBase : multiplyFixed(chargesBase, { units: BigInt(compiled.chargesBases), scale: 0 });
            }
            for (const name of compiled.lineItemBases) {
                for (const other of active) {
                    if (other.isFlat && other.item.name === name) {
                        base = addFixed(base, other.value);
                        break;
                    }
                }
            }
            const amount = multiplyFixed(base, value);
            priced[count++] = { item, amount: compiled.negative ? negateFixed(amount) : amount, base, accountId, presentationService };
        }
        return priced;
    }
}

/** percent ÷ 100 of a percentage text, memoised like `parseFixed` (policies repeat the same few percentages). */
function parseFraction(text: string, item: CustomLineItem, group: BillingGroup, issues: ReportIssue[]): Fixed {
    const known = fractions.get(text);
    if (known) return known;
    const percent = parseNumber(text, 'percentage', item, group, issues);
    const fraction = { units: percent.units, scale: percent.scale + 2 };
    if (percent !== FIXED_ZERO) {
        if (fractions.size >= 10_000) fractions.clear();
        fractions.set(text, fraction);
    }
    return fraction;
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
