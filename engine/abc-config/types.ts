/**
 * An AWS Billing Conductor configuration as plain data: the four resource kinds of ABC with their
 * CloudFormation property names, references between them by name (the renderers turn them into
 * `!GetAtt`, Terraform references or ARN placeholders). Numbers are decimal strings, as in the PolicyModel.
 */
import type { Origin } from '../policy/model.js';

export interface AbcCustomTier {
    readonly BeginRangeInclusive: string;
    readonly EndRangeExclusive?: string;
    readonly RateValue: string;
}

export interface AbcPricingRule {
    readonly Name: string;
    readonly Description?: string;
    readonly Scope: 'GLOBAL' | 'SERVICE' | 'BILLING_ENTITY' | 'SKU';
    readonly Type: 'MARKUP' | 'DISCOUNT' | 'TIERING';
    readonly ModifierPercentage?: string;
    readonly Service?: string;
    readonly BillingEntity?: string;
    readonly UsageType?: string;
    readonly Operation?: string;
    readonly Tiering?: { readonly FreeTier?: { readonly Activated: boolean }; readonly CustomTiers?: readonly AbcCustomTier[] };
}

export interface AbcPricingPlan {
    readonly Name: string;
    readonly Description?: string;
    /** Names of the plan's rules (entries of `AbcConfig.rules`). */
    readonly rules: readonly string[];
}

/**
 * ABC's AWS-managed pricing plans, which groups name without declaring them (the language's built-in plans of the
 * same names, docs/semantics.md "Built-in plans"): in a configuration they are ARNs of the `aws` account.
 */
export const MANAGED_PLANS = ['BasicPricingPlan', 'Passthrough'] as const;

export function isManagedPlan(plan: string): boolean {
    return (MANAGED_PLANS as readonly string[]).includes(plan);
}

export function managedPlanArn(plan: string): string {
    return `arn:aws:billingconductor::aws:pricingplan/${plan}`;
}

export interface AbcBillingGroup {
    readonly Name: string;
    readonly Description?: string;
    readonly PrimaryAccountId: string;
    /** Name of the group's plan (an entry of `AbcConfig.plans`). */
    readonly plan: string;
    readonly LinkedAccountIds: readonly string[];
    readonly AutoAssociate: boolean;
}

export interface AbcLineItemFilter {
    readonly Attribute: 'LINE_ITEM_TYPE' | 'SERVICE';
    readonly MatchOption: 'EQUAL' | 'NOT_EQUAL';
    /** LINE_ITEM_TYPE filters: `SAVINGS_PLAN_NEGATION`. */
    readonly Values?: readonly string[];
    /** SERVICE filters: service codes. */
    readonly AttributeValues?: readonly string[];
}

/** What a percentage custom line item is a percentage of: its billing group, or a flat item of that group. */
export type AbcAssociatedResource = { readonly kind: 'group' } | { readonly kind: 'lineItem'; readonly name: string };

export type AbcCharge =
    | { readonly kind: 'flat'; readonly ChargeValue: string }
    | { readonly kind: 'percentage'; readonly PercentageValue: string; readonly associated: readonly AbcAssociatedResource[] };

export interface AbcCustomLineItem {
    readonly Name: string;
    readonly Description?: string;
    /** Name of the billing group the item belongs to. */
    readonly group: string;
    readonly AccountId?: string;
    readonly Type: 'FEE' | 'CREDIT';
    readonly charge: AbcCharge;
    readonly LineItemFilters: readonly AbcLineItemFilter[];
    readonly ComputationRule: 'CONSOLIDATED' | 'ITEMIZED';
    /** `PresentationDetails.Service`; absent: ABC's default (AWSBillingConductor). */
    readonly PresentationService?: string;
    readonly BillingPeriodRange?: { readonly InclusiveStartBillingPeriod?: string; readonly ExclusiveEndBillingPeriod?: string };
}

export interface AbcConfig {
    readonly rules: readonly AbcPricingRule[];
    readonly plans: readonly AbcPricingPlan[];
    readonly groups: readonly AbcBillingGroup[];
    readonly lineItems: readonly AbcCustomLineItem[];
    /** Account names known from the source (list-account-associations), by account id. */
    readonly accountNames?: Readonly<Record<string, string>>;
}

/**
 * Something a conversion could not carry over. `lossy`: a construct the target cannot express (exporting
 * fails unless `--allow-lossy`); `quota`: ABC would refuse the resource (a quota, a length or a pattern);
 * `note`: left out on purpose, meaning nothing is lost for billing (tags, account names, local settings).
 */
export interface AbcFinding {
    readonly severity: 'lossy' | 'quota' | 'note';
    /** The construct, as a reader finds it: `group web: budget`, `PricingRule standard-markup`. */
    readonly construct: string;
    readonly message: string;
    readonly origin?: Origin;
}
