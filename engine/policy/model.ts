/**
 * The policy model: the plain-data contract between language/ (which compiles
 * `.billing` text into it) and engine/ (which prices data with it).
 *
 * Architecture invariant: nothing here refers to Langium, LSP or VS Code. Every
 * value is JSON-serialisable; money and percentages are decimal strings so that
 * no binary floating point ever touches them.
 */

/** A billing period, `YYYY-MM`. */
export type Period = string;

/** Where a policy element was written, so that callers can point back at the text. */
export interface Origin {
    readonly uri: string;
    /** 1-based line of the element's name (or keyword). */
    readonly line: number;
    /** 1-based column. */
    readonly column: number;
}

/** A half-open range of billing periods: `from` inclusive, `until` exclusive; either side may be open. */
export interface PeriodRange {
    readonly from?: Period;
    readonly until?: Period;
}

/**
 * One version of an effective-dated value (`budget 12000 until 2026-04`, `plan premium from 2026-04`): the value in
 * force in the periods of its range. Versions of one thing never overlap (validation); outside all of them the
 * thing is absent (no budget, no floor; a group without a plan in force is priced on BasicPricingPlan).
 */
export interface DatedValue extends PeriodRange {
    /** As written: a decimal string (budget, percentage) or a name (plan). */
    readonly value: string;
    readonly origin?: Origin;
}

/** One version of a rule's modifier (`markup 7% until 2026-04`). */
export interface PricingRuleVersion extends PeriodRange {
    readonly type: RuleType;
    /** As `PricingRule.modifierPercent`. */
    readonly modifierPercent: string;
    /** TIERING only, as `PricingRule.freeTier`. */
    readonly freeTier?: boolean;
    readonly origin?: Origin;
}

/** One `rules A, B [from P] [until Q]` line of a plan. */
export interface DatedRuleList extends PeriodRange {
    readonly rules: readonly string[];
    readonly origin?: Origin;
}

export interface PolicyAccount {
    /** 12-digit AWS account id. */
    readonly id: string;
    readonly name?: string;
    readonly origin?: Origin;
}

export type RuleScope = 'GLOBAL' | 'SERVICE' | 'BILLING_ENTITY' | 'SKU';
export type RuleType = 'MARKUP' | 'DISCOUNT' | 'TIERING';

/** A custom usage-range rate (ABC `Tiering.CustomTiers`): usage in [begin, end) is charged `rate` per unit. */
export interface CustomTier {
    readonly beginInclusive: string;
    /** Absent: open-ended. */
    readonly endExclusive?: string;
    /** Per-unit rate in the billing currency. */
    readonly rate: string;
}

export interface PricingRule {
    readonly name: string;
    readonly description?: string;
    readonly scope: RuleScope;
    readonly type: RuleType;
    /** Percentage, `0`–`100` for discounts, `>= 0` for markups, 2 decimals at most; `"0"` for TIERING. */
    readonly modifierPercent: string;
    readonly service?: string;
    readonly billingEntity?: string;
    readonly usageType?: string;
    readonly operation?: string;
    /** TIERING only: whether the AWS Always Free tier is active (ABC default: on). */
    readonly freeTier?: boolean;
    /** TIERING only: custom usage-range rates. */
    readonly customTiers?: readonly CustomTier[];
    /**
     * Effective-dated modifiers (`markup 7% until 2026-04`, `markup 6% from 2026-04`), ascending; present only when a
     * modifier is dated. The top-level `type`/`modifierPercent`/`freeTier` are then those of the latest version (the
     * one in force last); pricing uses the version in force in each period (`policyInForce`, versions.ts). Outside
     * every version the rule is not in force: its plans do not apply it.
     */
    readonly versions?: readonly PricingRuleVersion[];
    readonly origin?: Origin;
}

export interface PricingPlan {
    readonly name: string;
    readonly description?: string;
    /** Names of the rules in this plan (each names an entry of `PolicyModel.rules`). */
    readonly rules: readonly string[];
    /**
     * Every `rules` line with its range, in text order; present only when a line is dated. `rules` is then the
     * rules of the lines in force last (the latest period). A rule is in the plan in a period when a line naming it
     * is in force in that period (lines add up, like `accounts` lines).
     */
    readonly ruleLists?: readonly DatedRuleList[];
    /**
     * Margin floor (`min-margin N%`) of every group on this plan that does not set its own: a decimal
     * percentage, e.g. `"5"`. Absent: no floor. Checked by `billing check` (engine/check), never by pricing.
     */
    readonly minMarginPercent?: string;
    /** Effective-dated floors, ascending; present only when a `min-margin` is dated (`minMarginPercent`: the latest). */
    readonly minMarginVersions?: readonly DatedValue[];
    readonly origin?: Origin;
}

/** What a percentage custom line item is a percentage of. */
export type LineItemBase =
    /** The group's pro forma charges (repriced usage, commitments), excluding every custom line item. */
    | { readonly kind: 'charges' }
    /** A flat custom line item of the same group, by name. */
    | { readonly kind: 'lineItem'; readonly name: string };

export type LineItemFilter =
    /** Leave SavingsPlanNegation lines out of the percentage base. */
    | { readonly kind: 'excludeSavingsPlanNegation' }
    /** Restrict the base to (EQUAL) or exclude from it (NOT_EQUAL) these service codes. */
    | { readonly kind: 'service'; readonly match: 'EQUAL' | 'NOT_EQUAL'; readonly services: readonly string[] };

export type LineItemCharge =
    | { readonly kind: 'flat'; readonly amount: string }
    | { readonly kind: 'percentage'; readonly percent: string; readonly bases: readonly LineItemBase[] };

export interface CustomLineItem {
    readonly name: string;
    readonly description?: string;
    /** FEE adds to the group's pro forma cost; CREDIT subtracts. Amounts are always >= 0. */
    readonly type: 'FEE' | 'CREDIT';
    readonly charge: LineItemCharge;
    readonly filters: readonly LineItemFilter[];
    /** The account the amount is posted to; absent means the group's primary account. */
    readonly accountId?: string;
    readonly computation: 'CONSOLIDATED' | 'ITEMIZED';
    /** Service the item is presented under; absent means `AWSBillingConductor`. */
    readonly presentationService?: string;
    readonly periods: PeriodRange;
    readonly origin?: Origin;
}

/** An account's membership of a group, optionally limited to a range of billing periods. */
export interface Membership extends PeriodRange {
    readonly accountId: string;
    readonly origin?: Origin;
}

export interface BillingGroup {
    readonly name: string;
    readonly description?: string;
    readonly primaryAccountId: string;
    readonly members: readonly Membership[];
    /** Name of the group's pricing plan (an entry of `PolicyModel.plans`). */
    readonly plan: string;
    /** Effective-dated plans (`plan standard until 2026-04`), ascending; present only when dated (`plan`: the latest). */
    readonly planVersions?: readonly DatedValue[];
    /** The group receives every account of the data that no group names. */
    readonly autoAssociate: boolean;
    readonly lineItems: readonly CustomLineItem[];
    /** Monthly pro forma budget (`budget N`), a decimal string. Absent: none. Checked, never priced. */
    readonly budget?: string;
    /** Effective-dated budgets, ascending; present only when a `budget` is dated (`budget`: the latest). */
    readonly budgetVersions?: readonly DatedValue[];
    /** Margin floor (`min-margin N%`), a decimal percentage; overrides the plan's. Absent: the plan's, if any. */
    readonly minMarginPercent?: string;
    /** Effective-dated floors, ascending; present only when a group's `min-margin` is dated (`minMarginPercent`: the latest). */
    readonly minMarginVersions?: readonly DatedValue[];
    /**
     * A billing-transfer group (ABC `BillingGroupType` TRANSFER_BILLING, `transfer "ARN"`): the bill of another
     * organization, transferred to this payer. Absent: a STANDARD group. `primaryAccountId` may then be '' (ABC
     * does not require a primary when `ResponsibilityTransferArn` is given).
     */
    readonly transfer?: BillingTransfer;
    readonly origin?: Origin;
}

/** The billing transfer a TRANSFER_BILLING group receives. */
export interface BillingTransfer {
    /** ABC `AccountGrouping.ResponsibilityTransferArn`. */
    readonly arn: string;
    /** First billing period of the transfer; before it the group is PENDING and bills nothing. Absent: always active. */
    readonly from?: Period;
}

/** ABC's group types (`BillingGroupType`). */
export type BillingGroupType = 'STANDARD' | 'TRANSFER_BILLING';

/** ABC's group statuses (`Status`), as the engine derives them per billing period from the policy and the data. */
export type BillingGroupStatus = 'ACTIVE' | 'PRIMARY_ACCOUNT_MISSING' | 'PENDING';

/** ABC's AWS-managed plan that prices at public on-demand rates with no rules; usable without a declaration. */
export const BASIC_PRICING_PLAN = 'BasicPricingPlan';
/** ABC's AWS-managed plan that passes the billable figures through unchanged (TRANSFER_BILLING groups only). */
export const PASSTHROUGH_PLAN = 'Passthrough';
/** Names of the plans ABC provides: a policy uses them by name and may not declare them. */
export const BUILT_IN_PLANS: readonly string[] = [BASIC_PRICING_PLAN, PASSTHROUGH_PLAN];

export interface PolicyModel {
    readonly payer?: PolicyAccount;
    readonly accounts: readonly PolicyAccount[];
    readonly rules: readonly PricingRule[];
    readonly plans: readonly PricingPlan[];
    readonly groups: readonly BillingGroup[];
    /** Data paths declared in the policy, already resolved against the declaring file's folder. */
    readonly dataPaths: readonly string[];
    /** Where each of `dataPaths` was declared (same order), so that a missing path can be reported at the policy. */
    readonly dataSources?: readonly PolicyDataSource[];
    /** `closed through YYYY-MM`: the periods up to and including it are closed (docs/closing-a-month.md). */
    readonly closedThrough?: ClosedThrough;
}

/** The last closed billing period, and where the policy says so. */
export interface ClosedThrough {
    readonly period: string;
    readonly origin?: Origin;
}

/** A `data` path of the policy: resolved, as written, and where. */
export interface PolicyDataSource {
    /** Resolved against the declaring file's folder (an entry of `PolicyModel.dataPaths`). */
    readonly path: string;
    /** The path as written in the `data` statement. */
    readonly written: string;
    /** The string literal's position in the declaring file. */
    readonly origin?: Origin;
}

/** ABC's default presentation service for custom line items. */
export const DEFAULT_PRESENTATION_SERVICE = 'AWSBillingConductor';
