/**
 * An independent oracle for the cost report: the same semantics (docs/semantics.md, README "Pricing rules" and
 * "Custom line items", /work/shared/reference/abc-semantics.md §4–§6, §11.2, §12) written as plain DuckDB SQL over
 * the raw CUR 1.0 CSV, sharing no code with the engine. Tests compare the engine's JSON report with it to the last
 * decimal.
 *
 * The policy is given here as plain tables (memberships, rules, line items) written by hand for each test — not
 * compiled by the language — so that a bug in compile, ingest or pricing cannot hide in both sides.
 *
 * Semantics, as the oracle reads them:
 * - Membership per billing period: an account is in group G in period P when a membership of G names it with P in
 *   [from, until) (with line items in P or not). Accounts with line items in P that no group names go to the
 *   auto-associate group, else they are unassigned (their cost is reported, billed to no one).
 * - Line item classes: Usage → repriced; DiscountedUsage / SavingsPlanCoveredUsage → kept at unblended cost when the
 *   commitment's owner (account in the RI / SP ARN) is in the same group that period, else repriced like Usage;
 *   SavingsPlanNegation → kept when owned in the group, else 0; RIFee, Fee, SavingsPlanRecurringFee,
 *   SavingsPlanUpfrontFee → kept at unblended cost; Credit, Tax, Refund, *Discount and support services (AWSSupport*,
 *   AWSDeveloperSupport, OCBPremiumSupport) → 0; any other type → kept at unblended cost.
 * - Repricing: base = public on-demand cost (unblended cost when the row has none), minus the public cost of Usage
 *   rows billed 0 with a positive public cost (the AWS free tier) unless the most specific TIERING rule (SERVICE over
 *   GLOBAL) says `free-tier off`; × the factor of the most specific MARKUP/DISCOUNT rule of the group's plan
 *   (SKU > SERVICE > BILLING_ENTITY > GLOBAL; none → 1).
 * - Custom line items, per period in [from, until): flat → the amount; percentage → percent/100 × (the group's
 *   charges, restricted by the item's filter, + the unsigned amounts of the named flat items active in the period);
 *   credits negative. Posted to the allocated account (default primary) and presentation service
 *   (default AWSBillingConductor) in byAccount / byService.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Decimal as DecimalJs } from 'decimal.js';

/** An arbitrary-precision decimal of the oracle's own (not the engine's 60-digit clone). */
const D = DecimalJs.clone({ precision: 200, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -200, toExpPos: 200 });
type D = DecimalJs;

export interface OracleMembership { group: string; account: string; from?: string; until?: string }
export interface OracleGroup { name: string; plan: string; primary: string; autoAssociate?: boolean }
export interface OracleRule {
    plan: string;
    type: 'MARKUP' | 'DISCOUNT' | 'TIERING';
    modifier?: string;
    service?: string;
    billingEntity?: string;
    usageType?: string;
    operation?: string;
    freeTier?: boolean;
    /**
     * TIERING only: custom tiers `[begin, end)` at `rate` per unit. Modelled by the commitments oracle in re-applied
     * (hourly) periods only (commitments-oracle-sql.ts); the plain oracle refuses them.
     */
    tiers?: { begin: string; end?: string; rate: string }[];
}
export interface OracleLineItem {
    group: string;
    name: string;
    type: 'FEE' | 'CREDIT';
    flat?: string;
    percent?: string;
    /** `charges` and/or names of flat items. */
    bases?: string[];
    excludeSpNegation?: boolean;
    serviceEq?: string[];
    serviceNe?: string[];
    account?: string;
    presentedAs?: string;
    from?: string;
    until?: string;
}
export interface OraclePolicy {
    groups: OracleGroup[];
    memberships: OracleMembership[];
    rules: OracleRule[];
    lineItems: OracleLineItem[];
}

const q = (s: string | undefined): string => (s === undefined ? 'NULL' : `'${s.replace(/'/g, "''")}'`);
const values = (rows: string[][], empty: string): string =>
    rows.length ? `VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')}` : empty;

/** Exact for every value of the test data (10 decimals at most, exponent notation included). */
const MONEY = 'DECIMAL(38,18)';
/**
 * The 12-month Free Tier offers, written from the table in docs/semantics.md ("Free tier"): charged at public cost
 * whatever the tiering rule says (ABC removes that free tier); every other free-tier row is Always Free.
 */
const TWELVE_MONTH = `(NOT (p.usage_type LIKE '%DataTransfer%' OR p.usage_type LIKE '%-Out-Bytes')
    AND (p.service IN ('AmazonEC2', 'AmazonS3', 'AmazonRDS', 'AmazonElastiCache', 'AWSELB', 'AmazonES', 'AmazonApiGateway', 'AmazonEFS', 'AmazonECR')
         OR (p.service = 'AmazonVPC' AND p.usage_type LIKE '%PublicIPv4%')))`;

/** SQL producing the priced rows: one row per CUR line item with its group and pro forma amount. */
export function pricedRowsSql(csvPath: string, policy: OraclePolicy): string {
    if (policy.rules.some((r) => r.tiers?.length)) throw new Error('the plain oracle does not model custom tiers (the commitments oracle does, in hourly periods)');
    const auto = policy.groups.find((g) => g.autoAssociate)?.name;
    const memberships = values(
        policy.memberships.map((m) => [q(m.group), q(m.account), q(m.from), q(m.until)]),
        `SELECT NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR WHERE false`,
    );
    const groups = values(policy.groups.map((g) => [q(g.name), q(g.plan)]), `SELECT NULL::VARCHAR, NULL::VARCHAR WHERE false`);
    const rules = values(
        policy.rules.map((r) => [
            q(r.plan), q(r.type),
            r.modifier === undefined ? 'NULL' : `CAST(${q(r.modifier)} AS DECIMAL(18,4))`,
            q(r.service), q(r.billingEntity), q(r.usageType), q(r.operation),
            r.freeTier === undefined ? 'NULL' : String(r.freeTier),
        ]),
        `SELECT NULL::VARCHAR, NULL::VARCHAR, NULL::DECIMAL(18,4), NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::VARCHAR, NULL::BOOLEAN WHERE false`,
    );
    return `
WITH raw AS (
    SELECT * FROM read_csv(${q(csvPath)}, header = true, all_varchar = true, quote = '"', escape = '"')
),
rows AS (
    SELECT
        substr("bill/BillingPeriodStartDate", 1, 7) AS period,
        "identity/LineItemId" AS line_id,
        "lineItem/UsageAccountId" AS account,
        "lineItem/LineItemType" AS lit,
        COALESCE("lineItem/ProductCode", '') AS service,
        COALESCE("lineItem/UsageType", '') AS usage_type,
        COALESCE("lineItem/Operation", '') AS operation,
        COALESCE("bill/BillingEntity", '') AS billing_entity,
        CAST(COALESCE(NULLIF("lineItem/UnblendedCost", ''), '0') AS ${MONEY}) AS unblended,
        CAST(NULLIF("pricing/publicOnDemandCost", '') AS ${MONEY}) AS public_cost,
        COALESCE(NULLIF(regexp_extract(COALESCE(NULLIF("reservation/ReservationARN", ''), NULLIF("savingsPlan/SavingsPlanARN", ''), ''),
            'arn:[^:]*:[^:]*:[^:]*:([0-9]{12}):', 1), ''), '') AS owner
    FROM raw
),
memberships(grp, account, from_p, until_p) AS (${memberships}),
groups(grp, plan) AS (${groups}),
rules(plan, type, modifier, service, billing_entity, usage_type, operation, free_tier) AS (${rules}),
-- every (period, account) the data or the policy can ask about
pa AS (
    SELECT DISTINCT period, account FROM rows
    UNION SELECT DISTINCT period, owner FROM rows WHERE owner <> ''
),
named AS (
    SELECT pa.period, pa.account, any_value(m.grp) AS grp
    FROM pa JOIN memberships m ON m.account = pa.account
        AND (m.from_p IS NULL OR pa.period >= m.from_p) AND (m.until_p IS NULL OR pa.period < m.until_p)
    GROUP BY pa.period, pa.account
),
present AS (SELECT DISTINCT period, account FROM rows),
-- listed members belong to their group whether or not they have line items; the auto-associate group takes
-- only accounts present in the data (an owner seen only in a commitment ARN is not "in the data")
assign AS (
    SELECT pa.period, pa.account, COALESCE(n.grp, CASE WHEN p.account IS NOT NULL THEN ${q(auto)} END) AS grp
    FROM pa
    LEFT JOIN named n ON n.period = pa.period AND n.account = pa.account
    LEFT JOIN present p ON p.period = pa.period AND p.account = pa.account
),
placed AS (
    SELECT r.*, a.grp, o.grp AS owner_grp, g.plan
    FROM rows r
    LEFT JOIN assign a ON a.period = r.period AND a.account = r.account
    LEFT JOIN assign o ON o.period = r.period AND o.account = r.owner
    LEFT JOIN groups g ON g.grp = a.grp
),
keys AS (SELECT DISTINCT plan, service, usage_type, operation, billing_entity FROM placed WHERE plan IS NOT NULL),
rule_match AS (
    -- (DuckDB's '/' on decimals gives a DOUBLE: percentages are scaled by multiplying with 0.01 instead.)
    SELECT k.plan, k.service, k.usage_type, k.operation, k.billing_entity,
        arg_max(CASE WHEN r.type = 'MARKUP' THEN 1 + r.modifier * 0.01 ELSE 1 - r.modifier * 0.01 END,
            CASE
                WHEN r.usage_type IS NOT NULL AND r.operation IS NOT NULL THEN 6
                WHEN r.usage_type IS NOT NULL THEN 5
                WHEN r.operation IS NOT NULL THEN 4
                WHEN r.service IS NOT NULL THEN 3
                WHEN r.billing_entity IS NOT NULL THEN 2
                ELSE 1 END) AS factor
    FROM keys k JOIN rules r ON r.plan = k.plan AND r.type IN ('MARKUP', 'DISCOUNT')
        AND (r.service IS NULL OR r.service = k.service)
        AND (r.billing_entity IS NULL OR r.billing_entity = k.billing_entity)
        AND (r.usage_type IS NULL OR r.usage_type = k.usage_type)
        AND (r.operation IS NULL OR r.operation = k.operation)
    GROUP BY ALL
),
tier_match AS (
    -- the most specific TIERING rule (SERVICE over GLOBAL) decides; the free tier is on unless it says off
    SELECT k.plan, k.service, arg_max(COALESCE(r.free_tier, true), CASE WHEN r.service IS NOT NULL THEN 2 ELSE 1 END) AS free_tier
    FROM (SELECT DISTINCT plan, service FROM keys) k
    JOIN rules r ON r.plan = k.plan AND r.type = 'TIERING'
        AND r.billing_entity IS NULL AND r.usage_type IS NULL AND r.operation IS NULL
        AND (r.service IS NULL OR r.service = k.service)
    GROUP BY ALL
)
SELECT p.period, p.account, p.grp, p.lit, p.service, p.unblended, p.line_id, p.owner, p.owner_grp, COALESCE(m.factor, 1) AS factor,
    CASE
        WHEN p.grp IS NULL THEN NULL
        WHEN p.service LIKE 'AWSSupport%' OR p.service IN ('AWSDeveloperSupport', 'OCBPremiumSupport') THEN 0
        WHEN p.lit = 'Usage' OR (p.lit IN ('DiscountedUsage', 'SavingsPlanCoveredUsage') AND p.owner_grp IS DISTINCT FROM p.grp) THEN
            (CASE WHEN p.public_cost IS NULL OR (p.public_cost = 0 AND p.unblended <> 0) THEN p.unblended
                  ELSE p.public_cost - CASE WHEN p.lit = 'Usage' AND COALESCE(t.free_tier, true) AND p.unblended = 0 AND p.public_cost > 0 AND NOT ${TWELVE_MONTH}
                                            THEN p.public_cost ELSE 0 END
             END) * COALESCE(m.factor, 1)
        WHEN p.lit IN ('DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation') AND p.owner_grp = p.grp THEN p.unblended
        WHEN p.lit = 'SavingsPlanNegation' THEN 0
        WHEN p.lit IN ('RIFee', 'Fee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee') THEN p.unblended
        WHEN p.lit IN ('Credit', 'Tax', 'Refund') OR p.lit LIKE '%Discount' THEN 0
        ELSE p.unblended
    END AS proforma
FROM placed p
LEFT JOIN rule_match m ON m.plan = p.plan AND m.service = p.service AND m.usage_type = p.usage_type
    AND m.operation = p.operation AND m.billing_entity = p.billing_entity
LEFT JOIN tier_match t ON t.plan = p.plan AND t.service = p.service
`;
}

export interface OracleLine {
    awsCost: string;
    proformaCost: string;
}

export interface OracleGroupPeriod {
    group: string;
    period: string;
    accountIds: string[];
    awsCost: string;
    charges: string;
    /** Active custom line items: name → signed amount. */
    lineItems: Record<string, string>;
    proformaCost: string;
    margin: string;
    byAccount: Record<string, OracleLine>;
    byService: Record<string, OracleLine>;
}

export interface OracleReport {
    periods: string[];
    /** Periods ascending, groups in policy order (the report's order). */
    groups: OracleGroupPeriod[];
    unassigned: { awsCost: string; byPeriod: Record<string, string>; accounts: Record<string, string> };
    total: { awsCost: string; proformaCost: string; margin: string };
    /** Line item types present in the data (to check that a test exercises them all). */
    lineItemTypes: string[];
}

interface Sums { unblended: D; proforma: D }

/** Runs the SQL over `csvPath` and evaluates the custom line items over its per-group sums. */
export async function oracleReport(csvPath: string, policy: OraclePolicy): Promise<OracleReport> {
    return reportFromPricedSql(csvPath, pricedRowsSql(csvPath, policy), policy);
}

/**
 * The report from any SQL giving one priced row per line item (the columns of `pricedRowsSql`: period,
 * account, grp, lit, service, unblended, proforma): custom line items, per-account and per-service
 * figures, unassigned and totals. The commitments oracle reuses it with its re-applied pro forma.
 */
export async function reportFromPricedSql(csvPath: string, priced: string, policy: OraclePolicy, open?: DuckDBConnection): Promise<OracleReport> {
    const connection = open ?? await (await DuckDBInstance.create(':memory:')).connect();
    let rows: (string | null)[][];
    let types: string[];
    try {
        const reader = await connection.runAndReadAll(`
            WITH priced AS (${priced})
            SELECT period, account, grp, service, lit = 'SavingsPlanNegation' AS negation,
                sum(unblended)::VARCHAR AS unblended, sum(proforma)::VARCHAR AS proforma
            FROM priced GROUP BY ALL`);
        rows = reader.getRowsJson().map((row) => (row as unknown[]).map((value) => (value === null ? null : String(value))));
        const typeReader = await connection.runAndReadAll(`SELECT DISTINCT "lineItem/LineItemType" FROM read_csv(${q(csvPath)}, header = true, all_varchar = true) ORDER BY 1`);
        types = typeReader.getRowsJson().map((row) => String((row as unknown[])[0]));
    } finally {
        if (!open) connection.closeSync();
    }

    const periods = [...new Set(rows.map((row) => row[0]!))].sort();
    const report: OracleReport = {
        periods,
        groups: [],
        unassigned: { awsCost: '0', byPeriod: {}, accounts: {} },
        total: { awsCost: '0', proformaCost: '0', margin: '0' },
        lineItemTypes: types,
    };
    let total = new D(0);
    let unassigned = new D(0);
    const unassignedByPeriod = new Map<string, D>(periods.map((period) => [period, new D(0)]));
    const unassignedByAccount = new Map<string, D>();
    for (const [period, account, grp, , , unblended] of rows) {
        const amount = new D(unblended!);
        total = total.plus(amount);
        if (grp !== null) continue;
        unassigned = unassigned.plus(amount);
        unassignedByPeriod.set(period!, unassignedByPeriod.get(period!)!.plus(amount));
        unassignedByAccount.set(account!, (unassignedByAccount.get(account!) ?? new D(0)).plus(amount));
    }

    let totalProforma = new D(0);
    let groupsAws = new D(0);
    for (const period of periods) {
        for (const group of policy.groups) {
            const mine = rows.filter((row) => row[0] === period && row[2] === group.name);
            const byAccount = new Map<string, Sums>();
            const byService = new Map<string, Sums>();
            let aws = new D(0);
            let charges = new D(0);
            for (const [, account, , service, , unblended, proforma] of mine) {
                const u = new D(unblended!);
                const p = new D(proforma!);
                aws = aws.plus(u);
                charges = charges.plus(p);
                add(byAccount, account!, u, p);
                add(byService, service!, u, p);
            }
            const base = (item: OracleLineItem): D => {
                let sum = new D(0);
                for (const [, , , service, negation, , proforma] of mine) {
                    if (item.excludeSpNegation && negation === 'true') continue;
                    if (item.serviceEq && !item.serviceEq.includes(service!)) continue;
                    if (item.serviceNe && item.serviceNe.includes(service!)) continue;
                    sum = sum.plus(new D(proforma!));
                }
                return sum;
            };
            const active = (item: OracleLineItem): boolean => (!item.from || period >= item.from) && (!item.until || period < item.until);
            const items = policy.lineItems.filter((item) => item.group === group.name && active(item));
            const lineItems: Record<string, string> = {};
            let proforma = charges;
            for (const item of items) {
                let amount: D;
                if (item.flat !== undefined) {
                    amount = new D(item.flat);
                } else {
                    let sum = new D(0);
                    for (const b of item.bases ?? []) {
                        if (b === 'charges') sum = sum.plus(base(item));
                        else {
                            const flat = items.find((other) => other.name === b && other.flat !== undefined);
                            if (flat) sum = sum.plus(new D(flat.flat!));
                        }
                    }
                    amount = sum.times(new D(item.percent!)).times('0.01');
                }
                if (item.type === 'CREDIT') amount = amount.negated();
                lineItems[item.name] = text(amount);
                proforma = proforma.plus(amount);
                add(byAccount, item.account ?? group.primary, new D(0), amount);
                add(byService, item.presentedAs ?? 'AWSBillingConductor', new D(0), amount);
            }
            const accountIds = [...new Set([
                ...policy.memberships.filter((m) => m.group === group.name && (!m.from || period >= m.from) && (!m.until || period < m.until)).map((m) => m.account),
                ...mine.map((row) => row[1]!),
            ])].sort();
            report.groups.push({
                group: group.name,
                period,
                accountIds,
                awsCost: text(aws),
                charges: text(charges),
                lineItems,
                proformaCost: text(proforma),
                margin: text(proforma.minus(aws)),
                byAccount: lines(byAccount),
                byService: lines(byService),
            });
            totalProforma = totalProforma.plus(proforma);
            groupsAws = groupsAws.plus(aws);
        }
    }
    report.unassigned = {
        awsCost: text(unassigned),
        byPeriod: Object.fromEntries([...unassignedByPeriod].map(([period, amount]) => [period, text(amount)])),
        accounts: Object.fromEntries([...unassignedByAccount].map(([account, amount]) => [account, text(amount)])),
    };
    report.total = { awsCost: text(total), proformaCost: text(totalProforma), margin: text(totalProforma.minus(groupsAws)) };
    return report;
}

function add(map: Map<string, Sums>, key: string, unblended: D, proforma: D): void {
    const sums = map.get(key);
    if (sums) {
        sums.unblended = sums.unblended.plus(unblended);
        sums.proforma = sums.proforma.plus(proforma);
    } else {
        map.set(key, { unblended, proforma });
    }
}

function lines(map: Map<string, Sums>): Record<string, OracleLine> {
    return Object.fromEntries([...map].map(([key, sums]) => [key, { awsCost: text(sums.unblended), proformaCost: text(sums.proforma) }]));
}

function text(value: D): string {
    return normalizeDecimal(value.toFixed());
}

/** A decimal string without trailing fractional zeros, `-0` as `0`: the form two exact values are compared in. */
export function normalizeDecimal(value: string): string {
    let s = value.trim();
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
    if (/^-?0+$/.test(s)) return '0';
    return s.replace(/^(-?)0+(?=\d)/, '$1');
}
