/**
 * An independent oracle for the cost report: the same semantics (docs/semantics.md) written as plain DuckDB SQL
 * over the raw CUR 1.0 CSV, sharing no code with the engine. Tests compare the engine's JSON report with it to the
 * last decimal.
 *
 * The policy is given here as plain tables (memberships, rules, line items) written by hand for each test — not
 * compiled by the language — so that a bug in compile, ingest or pricing cannot hide in both sides.
 */

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

/** SQL producing the priced rows: one row per CUR line item with its group and pro forma amount. */
export function pricedRowsSql(csvPath: string, policy: OraclePolicy): string {
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
        "lineItem/UsageAccountId" AS account,
        "lineItem/LineItemType" AS lit,
        COALESCE("lineItem/ProductCode", '') AS service,
        COALESCE("lineItem/UsageType", '') AS usage_type,
        COALESCE("lineItem/Operation", '') AS operation,
        COALESCE("bill/BillingEntity", '') AS billing_entity,
        CAST(COALESCE(NULLIF("lineItem/UnblendedCost", ''), '0') AS DECIMAL(38,12)) AS unblended,
        CAST(NULLIF("pricing/publicOnDemandCost", '') AS DECIMAL(38,12)) AS public_cost,
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
assign AS (
    SELECT pa.period, pa.account, COALESCE(n.grp, ${q(auto)}) AS grp
    FROM pa LEFT JOIN named n ON n.period = pa.period AND n.account = pa.account
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
    SELECT k.plan, k.service, k.usage_type, k.operation, k.billing_entity,
        arg_max(CASE WHEN r.type = 'MARKUP' THEN 1 + r.modifier / 100 ELSE 1 - r.modifier / 100 END,
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
    SELECT k.plan, k.service, arg_max(r.free_tier, CASE WHEN r.service IS NOT NULL THEN 2 ELSE 1 END) AS free_tier
    FROM (SELECT DISTINCT plan, service FROM keys) k
    JOIN rules r ON r.plan = k.plan AND r.type = 'TIERING' AND r.free_tier IS NOT NULL
        AND r.billing_entity IS NULL AND r.usage_type IS NULL AND r.operation IS NULL
        AND (r.service IS NULL OR r.service = k.service)
    GROUP BY ALL
)
SELECT p.period, p.account, p.grp, p.lit, p.service, p.unblended,
    CASE
        WHEN p.grp IS NULL THEN NULL
        WHEN p.service LIKE 'AWSSupport%' OR p.service IN ('AWSDeveloperSupport', 'OCBPremiumSupport') THEN 0
        WHEN p.lit = 'Usage' OR (p.lit IN ('DiscountedUsage', 'SavingsPlanCoveredUsage') AND p.owner_grp IS DISTINCT FROM p.grp) THEN
            (CASE WHEN p.public_cost IS NULL THEN p.unblended
                  ELSE p.public_cost - CASE WHEN p.lit = 'Usage' AND COALESCE(t.free_tier, true) AND p.unblended = 0 AND p.public_cost > 0
                                            THEN p.public_cost ELSE 0 END
             END) * COALESCE(m.factor, 1)
        WHEN p.lit IN ('DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation') AND p.owner_grp = p.grp THEN p.unblended
        WHEN p.lit = 'SavingsPlanNegation' THEN 0
        WHEN p.lit IN ('RIFee', 'Fee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee') THEN p.unblended
        ELSE 0
    END AS proforma
FROM placed p
LEFT JOIN rule_match m ON m.plan = p.plan AND m.service = p.service AND m.usage_type = p.usage_type
    AND m.operation = p.operation AND m.billing_entity = p.billing_entity
LEFT JOIN tier_match t ON t.plan = p.plan AND t.service = p.service
`;
}

export interface OracleGroupPeriod {
    group: string;
    period: string;
    awsCost: string;
    charges: string;
    lineItems: Record<string, string>;
    proformaCost: string;
    byAccountProforma: Record<string, string>;
    byServiceProforma: Record<string, string>;
}

/**
 * Custom line items are evaluated in TypeScript over the SQL's per-group sums (not by the engine): flat first,
 * then percentages of `charges` (with the item's filter) plus named flat items.
 */
export function lineItemAmount(
    item: OracleLineItem,
    period: string,
    sums: { charges: (filter: { excludeSpNegation?: boolean; serviceEq?: string[]; serviceNe?: string[] }) => string },
    flat: (name: string) => string,
    mul: (a: string, b: string) => string,
    add: (a: string, b: string) => string,
): string {
    const active = (!item.from || period >= item.from) && (!item.until || period < item.until);
    if (!active) return '0';
    let amount: string;
    if (item.flat !== undefined) {
        amount = item.flat;
    } else {
        let base = '0';
        for (const b of item.bases ?? []) {
            base = add(base, b === 'charges' ? sums.charges(item) : flat(b));
        }
        amount = mul(base, mul(item.percent ?? '0', '0.01'));
    }
    return item.type === 'CREDIT' ? mul(amount, '-1') : amount;
}
