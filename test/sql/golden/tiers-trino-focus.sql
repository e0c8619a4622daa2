-- Golden file of test/sql/sql-golden.test.ts (reviewed by hand; BILLING_UPDATE_GOLDEN=1 rewrites it).
-- Dialect trino, schema focus, table billing.focus_1_0_aws, periods 2026-02, 2026-03.
-- One row per billing group × period (record = 'group', groups in policy order), the AWS cost of accounts in no
-- group per period and in all (record = 'unassigned'; period NULL for all), and the total (record = 'total').
-- Columns: record, billing_group, period, aws_cost, charges, proforma_cost, margin, margin_percent.
-- Exact decimals: inputs DECIMAL(38, 18), usage amounts DECIMAL(38, 18), charges DECIMAL(38, 24), pro forma and margin DECIMAL(38, 27);
-- margin_percent DECIMAL(38, 2), half-even. An input with more decimals, mixed currencies or a malformed
-- billing period fail the query (never a rounded result). See docs/warehouse.md.
-- Commitments are NOT re-applied: on hourly data holding RIs or Savings Plans, billing bill re-applies them inside
-- each group hour by hour and its figures differ from this query's; here covered usage keeps its billed cost where
-- the commitment's owner is in the group and is repriced at on-demand otherwise (billing bill's daily/monthly treatment).
WITH
-- The table's columns as the engine reads them (engine/ingest): keys as text, amounts as the text of the number.
source_rows AS (
    SELECT
        period AS period_text,
        account_id AS account_id,
        service AS service,
        usage_type AS usage_type,
        operation AS operation,
        CASE lower(trim(charge_category))
                    WHEN 'usage' THEN CASE commitment_kind
                        WHEN 'ri' THEN CASE commitment_status WHEN 'unused' THEN 'RIFee' WHEN 'used' THEN 'DiscountedUsage' ELSE 'Usage' END
                        WHEN 'sp' THEN CASE commitment_status WHEN 'unused' THEN 'SavingsPlanRecurringFee' WHEN 'used' THEN 'SavingsPlanCoveredUsage' ELSE 'Usage' END
                        ELSE 'Usage' END
                    WHEN 'purchase' THEN CASE commitment_kind
                        WHEN 'ri' THEN CASE WHEN one_time THEN 'Fee' ELSE 'RIFee' END
                        WHEN 'sp' THEN CASE WHEN one_time THEN 'SavingsPlanUpfrontFee' ELSE 'SavingsPlanRecurringFee' END
                        ELSE 'Fee' END
                    WHEN 'tax' THEN 'Tax'
                    WHEN 'credit' THEN 'Credit'
                    WHEN 'adjustment' THEN 'Refund'
                    WHEN 'refund' THEN 'Refund'
                    ELSE trim(charge_category) END AS line_item_type,
        CASE
                    WHEN provider <> '' AND NOT (lower(provider) = 'aws' OR lower(provider) LIKE 'aws %' OR lower(provider) LIKE 'amazon web services%' OR lower(provider) LIKE 'amazon internet services%') THEN provider
                    WHEN publisher <> '' AND NOT (lower(publisher) = 'aws' OR lower(publisher) LIKE 'aws %' OR lower(publisher) LIKE 'amazon web services%' OR lower(publisher) LIKE 'amazon internet services%') THEN 'AWS Marketplace'
                    WHEN invoice_issuer LIKE '%amazon internet services%' THEN 'AISPL'
                    ELSE 'AWS' END AS billing_entity,
        currency AS currency,
        COALESCE(NULLIF(regexp_extract(commitment_id, '^arn:[^:]*:[^:]*:[^:]*:([0-9]+):', 1), ''), '') AS owner_id,
        billed_cost AS unblended_text,
        list_cost AS public_text,
        usage_amount AS usage_text
    FROM (
        SELECT
            COALESCE(NULLIF(CAST(BillingPeriodStart AS VARCHAR), 'NULL'), '') AS period,
            COALESCE(NULLIF(CAST(SubAccountId AS VARCHAR), 'NULL'), '') AS account_id,
            COALESCE(NULLIF(COALESCE(NULLIF(CAST(x_ServiceCode AS VARCHAR), 'NULL'), ''), ''), COALESCE(NULLIF(CAST(ServiceName AS VARCHAR), 'NULL'), '')) AS service,
            COALESCE(NULLIF(CAST(x_UsageType AS VARCHAR), 'NULL'), '') AS usage_type,
            COALESCE(NULLIF(CAST(x_Operation AS VARCHAR), 'NULL'), '') AS operation,
            COALESCE(NULLIF(CAST(ChargeCategory AS VARCHAR), 'NULL'), '') AS charge_category,
            lower(trim(COALESCE(NULLIF(CAST(CommitmentDiscountStatus AS VARCHAR), 'NULL'), ''))) AS commitment_status,
            CASE WHEN lower(trim(COALESCE(NULLIF(CAST(CommitmentDiscountType AS VARCHAR), 'NULL'), ''))) = '' THEN '' WHEN lower(trim(COALESCE(NULLIF(CAST(CommitmentDiscountType AS VARCHAR), 'NULL'), ''))) LIKE '%savings%' THEN 'sp' WHEN lower(trim(COALESCE(NULLIF(CAST(CommitmentDiscountType AS VARCHAR), 'NULL'), ''))) LIKE '%reserv%' OR lower(trim(COALESCE(NULLIF(CAST(CommitmentDiscountType AS VARCHAR), 'NULL'), ''))) = 'ri' THEN 'ri' ELSE '' END AS commitment_kind,
            lower(trim(COALESCE(NULLIF(CAST(ChargeFrequency AS VARCHAR), 'NULL'), ''))) = 'one-time' AS one_time,
            trim(COALESCE(NULLIF(CAST(ProviderName AS VARCHAR), 'NULL'), '')) AS provider,
            trim(COALESCE(NULLIF(CAST(PublisherName AS VARCHAR), 'NULL'), '')) AS publisher,
            lower(COALESCE(NULLIF(CAST(InvoiceIssuerName AS VARCHAR), 'NULL'), '')) AS invoice_issuer,
            COALESCE(NULLIF(CAST(BillingCurrency AS VARCHAR), 'NULL'), '') AS currency,
            COALESCE(NULLIF(CAST(CommitmentDiscountId AS VARCHAR), 'NULL'), '') AS commitment_id,
            NULLIF(trim(NULLIF(CAST(BilledCost AS VARCHAR), 'NULL')), '') AS billed_cost,
            NULLIF(trim(NULLIF(CAST(ListCost AS VARCHAR), 'NULL')), '') AS list_cost,
            COALESCE(NULLIF(trim(NULLIF(CAST(ConsumedQuantity AS VARCHAR), 'NULL')), ''), NULLIF(trim(NULLIF(CAST(PricingQuantity AS VARCHAR), 'NULL')), '')) AS usage_amount
        FROM billing.focus_1_0_aws
    ) focus
),
-- One row per line item, amounts as exact decimals (NULL when empty).
line_items AS (
    SELECT
        CASE WHEN regexp_like(period_text, '^[0-9]{4}-(0[1-9]|1[0-2])') THEN substr(period_text, 1, 7) ELSE CAST(fail('billing sql: billing period start ' || period_text || ' is not an ISO date YYYY-MM-DD…') AS VARCHAR) END AS period,
        account_id, service, usage_type, operation, line_item_type, billing_entity, currency, owner_id,
        CASE WHEN unblended_text IS NULL THEN NULL
                 WHEN length(COALESCE(regexp_extract(unblended_text, '^[+-]?[0-9]*\.?([0-9]*?)0*(?:[eE][+-]?[0-9]+)?$', 1), '')) - COALESCE(CAST(NULLIF(regexp_extract(unblended_text, '[eE]([+-]?[0-9]+)$', 1), '') AS INTEGER), 0) <= 18 THEN CAST(unblended_text AS DECIMAL(38, 18))
                 ELSE CAST(fail('billing sql: unblended cost ' || unblended_text || ' has more than 18 decimal places; regenerate the query with a larger --input-scale') AS DECIMAL(38, 18)) END AS unblended,
        CASE WHEN public_text IS NULL THEN NULL
                 WHEN length(COALESCE(regexp_extract(public_text, '^[+-]?[0-9]*\.?([0-9]*?)0*(?:[eE][+-]?[0-9]+)?$', 1), '')) - COALESCE(CAST(NULLIF(regexp_extract(public_text, '[eE]([+-]?[0-9]+)$', 1), '') AS INTEGER), 0) <= 18 THEN CAST(public_text AS DECIMAL(38, 18))
                 ELSE CAST(fail('billing sql: public on-demand cost ' || public_text || ' has more than 18 decimal places; regenerate the query with a larger --input-scale') AS DECIMAL(38, 18)) END AS public_cost,
        CASE WHEN usage_text IS NULL THEN NULL
                 WHEN length(COALESCE(regexp_extract(usage_text, '^[+-]?[0-9]*\.?([0-9]*?)0*(?:[eE][+-]?[0-9]+)?$', 1), '')) - COALESCE(CAST(NULLIF(regexp_extract(usage_text, '[eE]([+-]?[0-9]+)$', 1), '') AS INTEGER), 0) <= 18 THEN CAST(usage_text AS DECIMAL(38, 18))
                 ELSE CAST(fail('billing sql: usage amount ' || usage_text || ' has more than 18 decimal places; regenerate the query with a larger --input-scale') AS DECIMAL(38, 18)) END AS usage_amount
    FROM source_rows
    WHERE substr(period_text, 1, 7) IN ('2026-02', '2026-03')
),
-- The cube: line items summed by every key pricing looks at. Base = public on-demand cost − free-tier usage (Usage billed 0 with a public cost) + the billed cost of rows without a public cost.
cells AS (
    SELECT period, account_id, service, usage_type, operation, line_item_type, billing_entity, owner_id,
        sum(COALESCE(unblended, CAST(0 AS DECIMAL(38, 18)))) AS aws_cost,
        sum(COALESCE(public_cost, CAST(0 AS DECIMAL(38, 18))) - CASE WHEN line_item_type = 'Usage' AND COALESCE(unblended, CAST(0 AS DECIMAL(38, 18))) = 0 AND public_cost > 0 AND (CASE WHEN regexp_like(COALESCE(usage_type, ''), 'DataTransfer|-Out-Bytes$') THEN 1 WHEN service = 'AmazonEC2' THEN 0 WHEN service = 'AmazonVPC' AND regexp_like(COALESCE(usage_type, ''), 'PublicIPv4') THEN 0 WHEN service = 'AmazonS3' THEN 0 WHEN service = 'AmazonRDS' THEN 0 WHEN service = 'AmazonElastiCache' THEN 0 WHEN service = 'AWSELB' THEN 0 WHEN service = 'AmazonES' THEN 0 WHEN service = 'AmazonApiGateway' THEN 0 WHEN service = 'AmazonEFS' THEN 0 WHEN service = 'AmazonECR' THEN 0 WHEN service = 'AWSLambda' THEN 1 WHEN service = 'AmazonDynamoDB' THEN 1 WHEN service = 'AmazonCloudWatch' THEN 1 WHEN service = 'AmazonSNS' THEN 1 WHEN service = 'AWSQueueService' THEN 1 WHEN service = 'awskms' THEN 1 WHEN service = 'AmazonCloudFront' THEN 1 WHEN service = 'AmazonStates' THEN 1 WHEN service = 'AWSXRay' THEN 1 WHEN service = 'AmazonCognito' THEN 1 ELSE 1 END) = 1 THEN public_cost ELSE CAST(0 AS DECIMAL(38, 18)) END + CASE WHEN public_cost IS NULL OR (public_cost = 0 AND COALESCE(unblended, CAST(0 AS DECIMAL(38, 18))) <> 0) THEN COALESCE(unblended, CAST(0 AS DECIMAL(38, 18))) ELSE CAST(0 AS DECIMAL(38, 18)) END) AS base_free_tier_on,
        sum(COALESCE(public_cost, CAST(0 AS DECIMAL(38, 18))) + CASE WHEN public_cost IS NULL OR (public_cost = 0 AND COALESCE(unblended, CAST(0 AS DECIMAL(38, 18))) <> 0) THEN COALESCE(unblended, CAST(0 AS DECIMAL(38, 18))) ELSE CAST(0 AS DECIMAL(38, 18)) END) AS base_free_tier_off,
        sum(usage_amount) AS usage_amount,
        min(NULLIF(currency, '')) AS currency_min,
        max(NULLIF(currency, '')) AS currency_max
    FROM line_items
    GROUP BY period, account_id, service, usage_type, operation, line_item_type, billing_entity, owner_id
),
-- Who belongs to which group, per period range [from, until): overlapping claims resolved to the group defined first, primaries always members.
memberships (account_id, group_order, from_period, until_period) AS (
    VALUES
        ('111111111111', 0, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR)),
        ('222222222222', 0, CAST(NULL AS VARCHAR), '2026-03'),
        ('222222222222', 1, '2026-03', CAST(NULL AS VARCHAR))
),
-- The pricing plan of each group (NULL: an unknown plan, public rates).
billing_groups (group_order, plan_order) AS (
    VALUES
        (0, 0),
        (1, 0)
),
-- SKU rules by service and usage type.
usage_type_rules (plan_order, service, usage_type, factor) AS (
    VALUES
        (0, 'AmazonEC2', 'USE1-BoxUsage:m5.large', CAST('0.875' AS DECIMAL(38, 3)))
),
-- SERVICE rules.
service_rules (plan_order, service, factor) AS (
    VALUES
        (0, 'AmazonS3', CAST('1.04' AS DECIMAL(38, 3)))
),
-- TIERING rules of one service: the free tier switch and the custom tiers (tier_set).
service_tiering (plan_order, service, free_tier, tier_set) AS (
    VALUES
        (0, 'AmazonS3', true, 0)
),
-- GLOBAL TIERING rules (a service's own tiering rule wins).
global_tiering (plan_order, free_tier, tier_set) AS (
    VALUES
        (0, false, CAST(NULL AS INTEGER))
),
-- Each cell's group (NULL: unassigned) and the group of the account owning its RI / Savings Plan.
placed AS (
    SELECT c.*,
        m.group_order AS group_order,
        o.group_order AS owner_group_order
    FROM cells c
    LEFT JOIN memberships m ON m.account_id = c.account_id AND (m.from_period IS NULL OR m.from_period <= c.period) AND (m.until_period IS NULL OR c.period < m.until_period)
    LEFT JOIN memberships o ON c.owner_id <> '' AND o.account_id = c.owner_id AND (o.from_period IS NULL OR o.from_period <= c.period) AND (o.until_period IS NULL OR c.period < o.until_period)
),
-- Treatment of each cell (docs/semantics.md, line item treatment), its rate (the most specific rule; none: 1) and its tiering.
rated AS (
    SELECT p.period, p.group_order, p.account_id, p.service, p.usage_type, p.aws_cost, p.base_free_tier_on, p.base_free_tier_off, p.usage_amount,
        p.currency_min, p.currency_max,
        CASE
            WHEN p.group_order IS NULL THEN 'unassigned'
            WHEN p.service LIKE 'AWSSupport%' OR p.service IN ('AWSDeveloperSupport', 'OCBPremiumSupport') THEN 'dropped'
            WHEN p.line_item_type = 'Usage' THEN 'repriced'
            WHEN p.line_item_type IN ('DiscountedUsage', 'SavingsPlanCoveredUsage') THEN CASE WHEN p.owner_group_order = p.group_order THEN 'kept' ELSE 'repriced' END
            WHEN p.line_item_type = 'SavingsPlanNegation' THEN CASE WHEN p.owner_group_order = p.group_order THEN 'negation' ELSE 'dropped' END
            WHEN p.line_item_type IN ('RIFee', 'Fee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee') THEN 'kept'
            WHEN p.line_item_type IN ('Credit', 'Tax', 'Refund') OR p.line_item_type LIKE '%Discount' THEN 'dropped'
            ELSE 'kept'
        END AS treatment,
        COALESCE(r_ut.factor, r_svc.factor, CAST(1 AS DECIMAL(38, 3))) AS factor,
        CASE WHEN t_svc.plan_order IS NOT NULL THEN t_svc.free_tier WHEN t_all.plan_order IS NOT NULL THEN t_all.free_tier ELSE true END AS free_tier,
        CASE WHEN t_svc.plan_order IS NOT NULL THEN t_svc.tier_set WHEN t_all.plan_order IS NOT NULL THEN t_all.tier_set ELSE CAST(NULL AS INTEGER) END AS tier_set
    FROM placed p
    LEFT JOIN billing_groups g ON g.group_order = p.group_order
    LEFT JOIN usage_type_rules r_ut ON r_ut.plan_order = g.plan_order AND r_ut.service = p.service AND r_ut.usage_type = p.usage_type
    LEFT JOIN service_rules r_svc ON r_svc.plan_order = g.plan_order AND r_svc.service = p.service
    LEFT JOIN service_tiering t_svc ON t_svc.plan_order = g.plan_order AND t_svc.service = p.service
    LEFT JOIN global_tiering t_all ON t_all.plan_order = g.plan_order
),
-- Pro forma charges of each cell: kept at the billed cost, or base × rate; under custom tiers the group's usage of a usage type is priced through the tiers once (on one cell of the bucket) × the rate.
priced AS (
    SELECT period, group_order, service, aws_cost, currency_min, currency_max, treatment = 'negation' AS negation,
        CASE treatment
            WHEN 'kept' THEN CAST(aws_cost AS DECIMAL(38, 24))
            WHEN 'negation' THEN CAST(aws_cost AS DECIMAL(38, 24))
            WHEN 'repriced' THEN CASE WHEN NOT tiered THEN CAST(CASE WHEN free_tier THEN base_free_tier_on ELSE base_free_tier_off END * factor AS DECIMAL(38, 24))
                WHEN bucket_row > 1 THEN CAST(0 AS DECIMAL(38, 24))
                WHEN bucket_factor_min <> bucket_factor_max THEN CAST(fail('billing sql: custom tiers of ' || service || ' ' || usage_type || ' met different rates in one group (the query cannot allocate them as the engine does)') AS DECIMAL(38, 24))
                ELSE CAST((CASE tier_set
                    WHEN 0 THEN GREATEST(LEAST(COALESCE(bucket_usage, CAST(0 AS DECIMAL(38, 18))), CAST('51200' AS DECIMAL(38, 18))) - CAST('0' AS DECIMAL(38, 18)), CAST(0 AS DECIMAL(38, 18))) * CAST('0.023' AS DECIMAL(38, 3))
                    + GREATEST(LEAST(COALESCE(bucket_usage, CAST(0 AS DECIMAL(38, 18))), CAST('512000' AS DECIMAL(38, 18))) - CAST('51200' AS DECIMAL(38, 18)), CAST(0 AS DECIMAL(38, 18))) * CAST('0.022' AS DECIMAL(38, 3))
                    + GREATEST(COALESCE(bucket_usage, CAST(0 AS DECIMAL(38, 18))) - CAST('512000' AS DECIMAL(38, 18)), CAST(0 AS DECIMAL(38, 18))) * CAST('0.021' AS DECIMAL(38, 3))
                END) * factor AS DECIMAL(38, 24)) END
            ELSE CAST(0 AS DECIMAL(38, 24))
        END AS charges
    FROM (SELECT *,
            row_number() OVER (PARTITION BY period, group_order, service, usage_type, tiered) AS bucket_row,
            sum(usage_amount) OVER (PARTITION BY period, group_order, service, usage_type, tiered) AS bucket_usage,
            min(factor) OVER (PARTITION BY period, group_order, service, usage_type, tiered) AS bucket_factor_min,
            max(factor) OVER (PARTITION BY period, group_order, service, usage_type, tiered) AS bucket_factor_max
        FROM (SELECT rated.*, treatment = 'repriced' AND tier_set IS NOT NULL AS tiered FROM rated) r) b
),
-- AWS cost and charges per group and period (group_key -1: unassigned), with the filtered percentage bases.
group_sums AS (
    SELECT period, COALESCE(group_order, -1) AS group_key,
        sum(aws_cost) AS aws_cost,
        sum(charges) AS charges,
        sum(CASE WHEN service IN ('AmazonS3') THEN charges ELSE CAST(0 AS DECIMAL(38, 24)) END) AS filtered_charges_1,
        min(currency_min) AS currency_min,
        max(currency_max) AS currency_max
    FROM priced
    GROUP BY period, COALESCE(group_order, -1)
),
-- The billing periods of the data: every group is reported in each.
periods AS (
    SELECT DISTINCT period FROM line_items
),
-- The report's rows: the groups in policy order, and the unassigned accounts.
targets (group_key, billing_group, record) AS (
    VALUES
        (0, 'web', 'group'),
        (1, 'data', 'group'),
        (-1, CAST(NULL AS VARCHAR), 'unassigned')
),
-- Per group and period: the custom line items (flat amounts; percentages of the charges, filtered, and of flat items), pro forma cost and margin.
billed AS (
    SELECT record, group_key, billing_group, period, aws_cost,
        CASE WHEN record = 'group' THEN CAST(charges AS DECIMAL(38, 27)) END AS charges,
        CASE WHEN record = 'group' THEN CAST(charges + line_items AS DECIMAL(38, 27)) END AS proforma_cost,
        CASE WHEN record = 'group' THEN CAST(charges + line_items - aws_cost AS DECIMAL(38, 27)) END AS margin,
        currency_min, currency_max
    FROM (
        SELECT g.*,
            CASE group_key
                WHEN 0 THEN CASE WHEN period >= '2026-02' THEN CAST((CAST(filtered_charges_1 AS DECIMAL(38, 27))) * CAST('1.5' AS DECIMAL(38, 3)) * CAST(0.01 AS DECIMAL(3, 2)) AS DECIMAL(38, 27)) ELSE CAST(0 AS DECIMAL(38, 27)) END
                    - CASE WHEN period < '2026-04' THEN CAST('250.00' AS DECIMAL(38, 27)) ELSE CAST(0 AS DECIMAL(38, 27)) END
                ELSE CAST(0 AS DECIMAL(38, 27)) END AS line_items
        FROM (
            SELECT t.record, t.group_key, t.billing_group, p.period,
                COALESCE(s.aws_cost, CAST(0 AS DECIMAL(38, 18))) AS aws_cost,
                COALESCE(s.charges, CAST(0 AS DECIMAL(38, 24))) AS charges,
                COALESCE(s.filtered_charges_1, CAST(0 AS DECIMAL(38, 24))) AS filtered_charges_1,
                s.currency_min, s.currency_max
            FROM periods p CROSS JOIN targets t
            LEFT JOIN group_sums s ON s.period = p.period AND s.group_key = t.group_key
        ) g
    ) i
)
SELECT record, billing_group, period,
    CASE WHEN record = 'total' AND currency_min <> currency_max THEN CAST(fail('billing sql: the data mixes currencies (' || currency_min || ', ' || currency_max || '); one bill has one currency') AS DECIMAL(38, 18)) ELSE aws_cost END AS aws_cost,
    charges, proforma_cost, margin,
    -- margin ÷ pro forma × 100, half-even to 2 decimals: the double quotient decides unless it lies within
    -- 1e-9 (relative) of a half; then the exact decimal comparison does. NULL when the pro forma cost is 0.
    CASE WHEN record <> 'group' OR proforma_cost = 0 THEN NULL
        ELSE CAST(CASE
            WHEN abs(ratio - floor(ratio) - 0.5) > 1e-9 * (1 + abs(ratio)) THEN CAST(round(ratio) AS DECIMAL(38, 0))
            WHEN margin * 20000 - (CAST(floor(ratio) AS DECIMAL(38, 0)) * 2 + 1) * proforma_cost = 0 THEN CASE WHEN floor(ratio) - 2 * floor(floor(ratio) / 2) = 0 THEN CAST(floor(ratio) AS DECIMAL(38, 0)) ELSE CAST(floor(ratio) AS DECIMAL(38, 0)) + 1 END
            WHEN (margin * 20000 - (CAST(floor(ratio) AS DECIMAL(38, 0)) * 2 + 1) * proforma_cost > 0) = (proforma_cost > 0) THEN CAST(floor(ratio) AS DECIMAL(38, 0)) + 1
            ELSE CAST(floor(ratio) AS DECIMAL(38, 0))
        END AS DECIMAL(38, 0)) * CAST(0.01 AS DECIMAL(3, 2))
    END AS margin_percent
FROM (
    SELECT *, CASE WHEN record = 'group' AND proforma_cost <> 0 THEN CAST(margin AS DOUBLE) * 10000 / CAST(proforma_cost AS DOUBLE) END AS ratio
    FROM (
        SELECT
            CASE WHEN grouping(record) = 1 THEN 'total' ELSE record END AS record,
            billing_group, period,
            CASE WHEN grouping(period) = 1 THEN 1 ELSE 0 END + CASE WHEN grouping(record) = 1 THEN 1 ELSE 0 END AS level,
            min(group_key) AS group_key,
            sum(aws_cost) AS aws_cost,
            CAST(sum(charges) AS DECIMAL(38, 27)) AS charges,
            CAST(sum(proforma_cost) AS DECIMAL(38, 27)) AS proforma_cost,
            CAST(sum(margin) AS DECIMAL(38, 27)) AS margin,
            min(currency_min) AS currency_min,
            max(currency_max) AS currency_max
        FROM billed
        GROUP BY GROUPING SETS ((record, group_key, billing_group, period), (record, group_key, billing_group), ())
    ) rolled
    WHERE level = 0 OR (level = 1 AND record = 'unassigned') OR level = 2
) result
ORDER BY level, period, CASE WHEN group_key < 0 THEN 1 ELSE 0 END, group_key;
