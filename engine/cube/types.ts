import type { Decimal } from '../money/decimal.js';
import type { ReportIssue } from '../report/types.js';
import type { CommitmentLedger } from './commitment-ledger.js';

/**
 * The cube: billing data aggregated once, at ingest, by every dimension a pricing rule or a report
 * can see. Re-pricing after a policy edit reads cells, never rows.
 */

/** CUR line item type (`lineItem/LineItemType`); FOCUS rows are mapped onto these names at ingest. */
export type LineItemType = string;

export interface CubeKey {
    /** Billing period `YYYY-MM` (from the bill's billing period start). */
    readonly period: string;
    /** Usage account (`lineItem/UsageAccountId`, FOCUS `SubAccountId`). */
    readonly accountId: string;
    /** Service code (`lineItem/ProductCode`, FOCUS `x_ServiceCode`, else `ServiceName`). */
    readonly service: string;
    readonly usageType: string;
    readonly operation: string;
    readonly lineItemType: LineItemType;
    /** Seller (`bill/BillingEntity`): `AWS`, `AWS Marketplace`, `AISPL`. */
    readonly billingEntity: string;
    readonly currency: string;
    /**
     * Account that owns the RI or Savings Plan behind the line (parsed from the reservation or
     * savings plan ARN); '' when the line has no commitment.
     */
    readonly commitmentOwnerId: string;
}

export interface CubeMeasures {
    /** Σ unblended cost (FOCUS `BilledCost`): the AWS-cost side. */
    readonly unblendedCost: Decimal;
    /** Σ public on-demand cost (FOCUS `ListCost`) over rows that carry it. */
    readonly publicOnDemandCost: Decimal;
    /**
     * Σ public on-demand cost of Usage rows billed at zero although their public cost is positive:
     * usage the AWS Free Tier covered. The pricer removes it while the free tier is active.
     */
    readonly freeTierPublicCost: Decimal;
    /** Σ unblended cost of rows with no public on-demand cost (the pricer falls back to it). */
    readonly unblendedWithoutPublicCost: Decimal;
    readonly usageAmount: Decimal;
    /**
     * The part of `usageAmount` its group's own RIs and Savings Plans covered, set only on the Usage cells of a
     * period whose commitments are re-applied (engine/price/commitment-pricing.ts); absent: none. Custom tiers
     * price `usageAmount − coveredUsageAmount` only: covered usage keeps its commitment-priced cost and does not
     * count toward tier thresholds (docs/semantics.md, "Custom tiers").
     */
    readonly coveredUsageAmount?: Decimal;
    readonly rows: number;
    /** Rows with no public on-demand cost (column absent or empty). */
    readonly rowsWithoutPublicCost: number;
}

export interface CubeCell extends CubeKey, CubeMeasures {}

export type DataFormat = 'cur1' | 'cur2' | 'focus';

export interface Cube {
    readonly cells: readonly CubeCell[];
    readonly format: DataFormat;
    /**
     * What the data is, for people: `CUR 1.0`, `CUR 2.0`, `CUR 1.0 Athena` (read as CUR 2.0: the same column names),
     * `FOCUS`; absent when the files differ or the cube was not read from files.
     */
    readonly formatLabel?: string;
    /** Files read, as given or resolved (absolute paths). */
    readonly sources: readonly string[];
    readonly rows: number;
    /** Account names seen in the data (CUR 2.0 `line_item_usage_account_name`, FOCUS `SubAccountName`). */
    readonly accountNames: ReadonlyMap<string, string>;
    /**
     * Readable names of AWS Marketplace products by service code (engine/cube/product-names.ts), only where the
     * data names them and the name differs from the code; one name per code (the name on most rows, ties by name).
     * Absent in cubes built before it was added or by hand: no names.
     */
    readonly productNames?: ReadonlyMap<string, string>;
    /** Warnings found while reading (errors abort the ingest instead). */
    readonly issues: readonly ReportIssue[];
    /**
     * RIs, Savings Plans and hourly commitment-eligible usage (CUR data holding commitment lines or
     * eligible usage); absent otherwise. Pricing re-applies the commitments inside each billing group.
     */
    readonly commitments?: CommitmentLedger;
}
