/**
 * The cost report: one shape for the CLI (`billing bill --format json`), the language server and the
 * bill preview. This JSON shape is a public contract (documented in README "JSON report"): add fields,
 * never rename or remove them without bumping `schemaVersion`.
 *
 * Money is a decimal string, exact (unrounded) in JSON: sums reconcile to the last digit. Rounding to
 * cents happens only when a human-readable format (table, markdown) renders the report.
 */
import type { BillingGroupStatus, BillingGroupType } from '../policy/model.js';

export type Money = string;

export interface ServiceLine {
    /** Service code, as rules name it (`lineItem/ProductCode`). */
    readonly service: string;
    /**
     * The readable name of an AWS Marketplace product whose code is `service`, when the data names it (CUR 1.0
     * `product/ProductName`, CUR 2.0 `product_product_name` / the `product` map's `product_name`, FOCUS
     * `ServiceName`); absent otherwise. Data-derived text: escape it where it is shown. Added in issue 11.
     */
    readonly serviceName?: string;
    readonly awsCost: Money;
    readonly proformaCost: Money;
    readonly margin: Money;
}

export interface AccountLine {
    readonly accountId: string;
    readonly accountName?: string;
    readonly awsCost: Money;
    readonly proformaCost: Money;
    readonly margin: Money;
}

export interface CustomLineItemLine {
    readonly name: string;
    readonly description?: string;
    readonly type: 'FEE' | 'CREDIT';
    /** Signed: fees positive, credits negative, so `proformaCost = charges + Σ amount`. */
    readonly amount: Money;
    /** For percentage items: the base the percentage was taken of; absent for flat items. */
    readonly base?: Money;
    readonly percent?: string;
    readonly accountId: string;
    readonly presentationService: string;
    readonly computation: 'CONSOLIDATED' | 'ITEMIZED';
    /**
     * Only on the lines `billing bill --corrections` adds (docs/closing-a-month.md "Corrections"): the difference
     * a closed period's figures would take, posted in the first open period instead of rewriting the closed one.
     */
    readonly correction?: CorrectionOf;
}

/** What a correction line corrects: `amount` (pro forma) and `awsCost` are now − locked of `sourcePeriod`. */
export interface CorrectionOf {
    /** The closed period whose figures changed. */
    readonly sourcePeriod: string;
    /** The first open period, where the difference is billed. */
    readonly postedIn: string;
    /**
     * Signed AWS cost the line carries (the line's period's awsCost includes it): +Δ where it is posted, −Δ in
     * the source period (the reversal that keeps it at the locked figures).
     */
    readonly awsCost: Money;
    /** `--reason`, else what changed since the period was closed (the policy, the data). */
    readonly reason: string;
}

/** What one pricing rule did in one group and period. */
export interface RuleEffect {
    readonly rule: string;
    /** Public on-demand cost of the usage this rule priced. */
    readonly publicCost: Money;
    /** Pro forma cost of that usage after the rule. */
    readonly proformaCost: Money;
    /** proformaCost − publicCost. */
    readonly effect: Money;
    readonly cells: number;
}

/**
 * Figures as every human-readable view shows them: each exact value rounded once, half-even, to the currency's
 * minor units, as a plain decimal string (`"46628.49"`; `"1235"` for JPY). Added by the JSON renderer.
 */
export interface PresentedFigures {
    readonly awsCost: Money;
    readonly proformaCost: Money;
    readonly margin: Money;
}

export interface GroupReport {
    readonly name: string;
    readonly description?: string;
    readonly period: string;
    readonly plan: string;
    readonly primaryAccountId: string;
    readonly accountIds: readonly string[];
    readonly awsCost: Money;
    /** Repriced charges before custom line items. */
    readonly charges: Money;
    readonly proformaCost: Money;
    readonly margin: Money;
    /** margin ÷ proformaCost × 100, rounded half-even to 2 decimals; null when proformaCost is 0. */
    readonly marginPercent: string | null;
    readonly byService: readonly ServiceLine[];
    readonly byAccount: readonly AccountLine[];
    readonly customLineItems: readonly CustomLineItemLine[];
    readonly rules: readonly RuleEffect[];
    /** False when the data has no line item for any of the group's accounts in this period. */
    readonly hasUsage: boolean;
    /**
     * ABC's `BillingGroupType`: TRANSFER_BILLING for a group with `transfer "ARN"`, else STANDARD. Always written by
     * the engine; optional for reports written before it was added.
     */
    readonly billingGroupType?: BillingGroupType;
    /** ABC's `Status` in this period, derived from the policy and the data (docs/semantics.md "Group status"). Always written, as `billingGroupType`. */
    readonly status?: BillingGroupStatus;
    /** Why the status is not ACTIVE (ABC's `StatusReason`); absent when ACTIVE. */
    readonly statusReason?: string;
    /** In `--format json`: this group × period's figures as shown (see PresentedFigures). */
    readonly presented?: PresentedFigures;
    /**
     * Reserved Instances and Savings Plans re-applied inside the group (periods with hourly data holding
     * commitments only; absent otherwise): utilization and coverage in pro forma terms.
     */
    readonly commitments?: GroupCommitmentsReport;
}

export interface GroupCommitmentsReport {
    /** Σ on-demand-equivalent cost of the group's commitment-eligible usage. */
    readonly eligibleCost: Money;
    /** The part of it the group's own commitments covered. */
    readonly coveredCost: Money;
    /** coveredCost ÷ eligibleCost × 100, half-even to 2 decimals; null when eligibleCost is 0. */
    readonly coveragePercent: string | null;
    /** The RIs and Savings Plans owned by the group's accounts, by ARN. */
    readonly commitments: readonly CommitmentUtilization[];
}

export interface CommitmentUtilization {
    readonly arn: string;
    readonly kind: 'reservation' | 'savingsPlan';
    readonly ownerAccountId: string;
    /** What `used` and `capacity` count: instance-hours, normalized-units (unit-hours) or commitment (money). */
    readonly unit: 'instance-hours' | 'normalized-units' | 'commitment';
    /** Exact decimal strings. */
    readonly used: string;
    /** Bought over the period's hours in force. */
    readonly capacity: string;
    /** used ÷ capacity × 100, half-even to 2 decimals; null when capacity is 0. */
    readonly utilizationPercent: string | null;
}

export interface UnassignedAccount {
    readonly accountId: string;
    readonly accountName?: string;
    readonly awsCost: Money;
}

export interface ReportIssue {
    readonly severity: 'error' | 'warning' | 'info';
    readonly code: string;
    readonly message: string;
    readonly file?: string;
    readonly row?: number;
    readonly column?: string;
    /** The billing group and period a pricing warning is about (e.g. `public-cost-missing`). */
    readonly group?: string;
    readonly period?: string;
    /** `public-cost-missing`: how many rows were priced from their billed cost, and that cost (exact decimal). */
    readonly rows?: number;
    readonly cost?: Money;
}

export interface CostReport {
    readonly schemaVersion: 1;
    readonly currency: string;
    readonly periods: readonly string[];
    readonly groups: readonly GroupReport[];
    readonly unassigned: {
        readonly awsCost: Money;
        readonly byPeriod: readonly {
            readonly period: string;
            readonly awsCost: Money;
            /** In `--format json`: awsCost as shown (rounded once to minor units). */
            readonly presentedAwsCost?: Money;
            /** The unassigned accounts of this period (ascending). */
            readonly accountIds?: readonly string[];
            /** With `--corrections`: the signed part of awsCost that is a correction (−Δ in a closed period, +Δ where posted). */
            readonly correction?: Money;
        }[];
        readonly accounts: readonly UnassignedAccount[];
    };
    readonly total: {
        /** Σ unblended cost of every line item of the input (selected periods). */
        readonly awsCost: Money;
        readonly proformaCost: Money;
        readonly margin: Money;
        /** In `--format json`: the total as shown (the exact total rounded once). */
        readonly presented?: PresentedFigures;
        /**
         * In `--format json`: presented total − Σ presented lines (groups; for AWS cost also the unassigned
         * periods), the "Rounding" line of the human-readable formats; all "0" when the shown lines add up.
         */
        readonly rounding?: PresentedFigures;
    };
    /** Σ groups' awsCost + unassigned.awsCost − total.awsCost; always "0" (the engine asserts it). */
    readonly reconciliation: {
        readonly groupsAwsCost: Money;
        readonly unassignedAwsCost: Money;
        readonly inputAwsCost: Money;
        /**
         * With `--corrections`: Σ AWS cost of the correction lines shown (groups and unassigned; 0 when the report
         * shows both the corrected closed periods and the first open period). Then difference = groups + unassigned
         * − corrections − input.
         */
        readonly correctionsAwsCost?: Money;
        readonly difference: Money;
    };
    readonly data: {
        readonly sources: readonly string[];
        readonly format: string;
        readonly rows: number;
        readonly cells: number;
    };
    readonly issues: readonly ReportIssue[];
    /**
     * Absent (or true): every group's byService, byAccount and rules are filled in. false: they were
     * not computed (a caller asked for headline figures only) and are empty.
     */
    readonly detail?: boolean;
}
