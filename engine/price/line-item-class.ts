/**
 * How a line item takes part in the pro forma bill, decided from its line item type and service code
 * alone (ownership of a commitment, which depends on the policy, is decided later by `treatmentOf`).
 */
export type LineItemClass =
    /** On-demand usage: repriced at public on-demand × the matching rule. */
    | 'usage'
    /** RI- or Savings-Plan-covered usage: kept when the commitment is owned in the group, else repriced. */
    | 'covered'
    /** SavingsPlanNegation: kept when the Savings Plan is owned in the group, else dropped. */
    | 'negation'
    /** Commitment purchases and other fees: kept at their billed cost in the purchasing account's group. */
    | 'fee'
    /** Credits, taxes, refunds, non-public discounts, support: not part of the pro forma bill. */
    | 'excluded'
    /** A line item type this engine does not know: passed through at its billed cost, with a warning. */
    | 'unknown';

const USAGE = new Set(['Usage']);
const COVERED = new Set(['DiscountedUsage', 'SavingsPlanCoveredUsage']);
const NEGATION = new Set(['SavingsPlanNegation']);
const FEES = new Set(['RIFee', 'Fee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee']);
const EXCLUDED = new Set([
    'Credit',
    'Tax',
    'Refund',
    'EdpDiscount',
    'PrivateRateDiscount',
    'BundledDiscount',
    'RiVolumeDiscount',
    'SppDiscount',
    'DistributorDiscount',
    'Discount',
]);

/** Support plans: ABC leaves support out of the pro forma bill (allocate it with custom line items). */
const SUPPORT_SERVICES = new Set([
    'AWSSupportBusiness',
    'AWSSupportEnterprise',
    'AWSSupportDeveloper',
    'AWSDeveloperSupport',
    'OCBPremiumSupport',
    'AWSSupportEnterpriseOnRamp',
]);

export function isSupportService(service: string): boolean {
    return SUPPORT_SERVICES.has(service) || service.startsWith('AWSSupport');
}

/** Every non-public discount (EDP, private rates, volume, program discounts) ends in "Discount". */
function isDiscountType(lineItemType: string): boolean {
    return lineItemType.endsWith('Discount');
}

export function classifyLineItem(lineItemType: string, service: string): LineItemClass {
    if (isSupportService(service)) return 'excluded';
    if (USAGE.has(lineItemType)) return 'usage';
    if (COVERED.has(lineItemType)) return 'covered';
    if (NEGATION.has(lineItemType)) return 'negation';
    if (FEES.has(lineItemType)) return 'fee';
    if (EXCLUDED.has(lineItemType) || isDiscountType(lineItemType)) return 'excluded';
    return 'unknown';
}

/** What pricing does with one cell once the policy is known. */
export type Treatment =
    /** Priced from its public on-demand cost (or custom tiers) × the matching markup/discount rule. */
    | 'repriced'
    /** Kept at its billed (unblended) cost; no rule applies. */
    | 'kept'
    /** Contributes 0 to the pro forma bill. */
    | 'dropped';

/**
 * `ownerInGroup`: the account owning the line's RI/Savings Plan belongs to the same billing group as the
 * line's account in that period. Only meaningful for 'covered' and 'negation'.
 */
export function treatmentOf(lineItemClass: LineItemClass, ownerInGroup: boolean): Treatment {
    switch (lineItemClass) {
        case 'usage':
            return 'repriced';
        case 'covered':
            return ownerInGroup ? 'kept' : 'repriced';
        case 'negation':
            return ownerInGroup ? 'kept' : 'dropped';
        case 'fee':
        case 'unknown':
            return 'kept';
        case 'excluded':
            return 'dropped';
    }
}
