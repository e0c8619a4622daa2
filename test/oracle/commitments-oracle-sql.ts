/**
 * An independent oracle for the re-application of Reserved Instances and Savings Plans inside billing groups
 * (issue 12; /work/wt/COMMITMENTS-SPEC.md is the shared algorithm, docs/semantics.md the statement): DuckDB SQL
 * over the raw hourly CUR 1.0 CSV, sharing no code with the engine. Window functions with running sums decide how
 * much of each commitment each usage gets, commitment after commitment in AWS's order.
 *
 * What it models (and what it refuses, with an error, rather than guessing):
 * - Hourly periods: a period is hourly when every commitment-eligible usage line in it spans one hour
 *   (`identity/TimeInterval`, else `lineItem/UsageStartDate`..`UsageEndDate`). Other periods keep the plain
 *   oracle's treatment (report-oracle-sql.ts) and are listed in `notReapplied` when they hold commitment lines.
 * - Eligible usage: `Usage`, `DiscountedUsage`, `SavingsPlanCoveredUsage` lines with a public on-demand cost of
 *   EC2 instance hours (BoxUsage, DedicatedUsage, UnusedBox, UnusedDed; Savings Plans also HostUsage), Lambda
 *   duration and provisioned concurrency, Fargate vCPU / GB hours, RDS / ElastiCache / OpenSearch / Redshift
 *   instance or node hours and SageMaker ML instances — never Spot or Capacity Blocks — pooled per (hour, account,
 *   usage type, operation, region, zone, instance type, tenancy) as their on-demand equivalent.
 * - Commitments: EC2 Reserved Instances from their RIFee line (regional Linux/UNIX shared-tenancy RIs are size
 *   flexible within their instance family by normalized units; zonal and other RIs cover their instance type, in
 *   their zone when zonal), Compute and EC2 Instance Savings Plans from their SavingsPlanRecurringFee lines (hourly
 *   lines: `savingsPlan/TotalCommitmentToDate` of the hour; a line spanning the period: that ÷ the period's hours).
 *   Reservations of other services in an hourly period are an error (not modelled here).
 * - Per period and group G (the commitment's owner group): RIs first (zonal, then regional, by ARN), then Savings
 *   Plans (EC2 Instance, then Compute, by ARN); each covers the owner account's usage first, then G's other
 *   accounts: RIs by normalization factor ascending, Savings Plans by savings percentage descending, ties by
 *   account, usage type, instance type, then the rest of the usage key. A Savings Plan's rate for a usage is `savingsPlan/SavingsPlanRate`
 *   of its covered lines of the same usage type + operation + region in the period; none: the usage stays
 *   on-demand for that plan and is counted in `unrated`.
 * - Pro forma of an eligible line: its public on-demand cost × its uncovered fraction × the rule factor the plain
 *   oracle finds for it (covered part 0); SavingsPlanNegation lines of hourly periods: 0; everything else,
 *   commitment fees included (billed, in the owner's group), exactly as the plain oracle prices it.
 * - Custom tiers (TIERING rules with `tiers`, hourly periods only; elsewhere an error): a group's usage lines of a
 *   tiered service are priced by the tiers over their uncovered quantity only (`tieredLines`).
 * - Utilization per commitment: used / purchased over its hours in force (its fee lines' intervals clipped to the
 *   period, as AWS's RIFee line counts `reservation/TotalReservedNormalizedUnits` over the month): RIs in normalized
 *   units (capacity × those hours; an exact-fit RI's instances × its size's factor), Savings Plans in currency
 *   (hourly commitment × those hours). Coverage per group: covered / eligible on-demand-equivalent cost.
 *
 * Quantities are DECIMAL(38,12); the only divisions (normalized units → instances, spend → quantity, uncovered
 * fractions) go through DOUBLE and are rounded to 12 decimals, so generated data compares at 1e-6 and the
 * hand-worked fixtures (amounts chosen to divide exactly) compare as exact strings.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { Decimal as DecimalJs } from 'decimal.js';
import { normalizeDecimal, pricedRowsSql, reportFromPricedSql, type OraclePolicy, type OracleReport } from './report-oracle-sql.js';

const D = DecimalJs.clone({ precision: 200, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -200, toExpPos: 200 });
type D = DecimalJs;

const Q = 'DECIMAL(38,12)';
const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** One commitment in one period, with its figures in its owner's group. */
export interface OracleCommitmentFigure {
    arn: string;
    period: string;
    kind: 'reservation' | 'savingsPlan';
    /** `zonal` / `regional` reservation, or the Savings Plan's offering type. */
    type: 'zonal' | 'regional' | 'ComputeSavingsPlans' | 'EC2InstanceSavingsPlans' | 'SageMakerSavingsPlans';
    ownerAccountId: string;
    /** The owner's group that period, null when the owner is in no group (the commitment then covers nothing). */
    group: string | null;
    /** Normalized units (reservations) or currency (Savings Plans). */
    unit: 'normalizedUnits' | 'currency';
    purchased: string;
    used: string;
    /** used / purchased, null when nothing was purchased in the data's hours. */
    utilization: number | null;
}

export interface OracleCommitmentGroupPeriod {
    group: string;
    period: string;
    /** Whether commitments were re-applied (the period's data is hourly). */
    hourly: boolean;
    eligibleOnDemandCost: string;
    coveredOnDemandCost: string;
    /** covered / eligible; null without eligible usage. */
    coverage: number | null;
    reservations: { purchased: string; used: string; utilization: number | null };
    savingsPlans: { purchased: string; used: string; utilization: number | null };
    /** Eligible usage a plan of the group applies to but whose rate the data does not show: usage keys, on-demand cost. */
    unrated: { rows: number; onDemandCost: string };
}

export interface CommitmentsOracleReport {
    /** The whole report (groups, line items, by account / service, unassigned, totals) with re-applied pro forma. */
    report: OracleReport;
    hourlyPeriods: string[];
    /** Periods holding commitment lines whose data is not hourly (kept at the plain treatment). */
    notReapplied: string[];
    commitments: OracleCommitmentFigure[];
    /** Every group × period of the report, in the report's order. */
    groups: OracleCommitmentGroupPeriod[];
    /** Custom tiers: per (period, group, service, usage type), the usage amount and the on-demand part the tiers priced. */
    tierBuckets: { period: string; group: string; service: string; usageType: string; usage: string; onDemand: string }[];
}

interface CommitmentRow {
    arn: string;
    period: string;
    kind: 'reservation' | 'savingsPlan';
    type: OracleCommitmentFigure['type'];
    owner: string;
    grp: string | null;
    service: string;
    region: string;
    az: string;
    instanceType: string;
    family: string;
    operation: string;
    tenancy: string;
    flexible: boolean;
    /** Reservations: units per hour (normalized units when flexible, instances otherwise); nf of the reserved type. */
    capacity: string;
    nf: string;
}

/** Re-applies the commitments of `csvPath` (hourly CUR 1.0 CSV) inside the groups of `policy`. */
export async function commitmentsOracle(csvPath: string, policy: OraclePolicy): Promise<CommitmentsOracleReport> {
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
        const run = async (sql: string): Promise<void> => { await db.run(sql); };
        const all = async (sql: string): Promise<(string | null)[][]> =>
            (await db.runAndReadAll(sql)).getRowsJson().map((row) => (row as unknown[]).map((v) => (v === null ? null : String(v))));

        const header = new Set((await all(`DESCRIBE SELECT * FROM read_csv(${q(csvPath)}, header = true, all_varchar = true)`)).map((r) => r[0]!));
        const col = (name: string): string => (header.has(name) ? `NULLIF("${name}", '')` : 'NULL::VARCHAR');

        // Custom tiers are priced below (hourly periods only); the plain pricing of every line without them.
        await run(`CREATE TABLE base_priced AS ${pricedRowsSql(csvPath, { ...policy, rules: policy.rules.map(({ tiers: _tiers, ...rule }) => rule) })}`);
        const duplicates = await all(`SELECT line_id, count(*) FROM base_priced GROUP BY line_id HAVING count(*) > 1 OR line_id IS NULL LIMIT 1`);
        if (duplicates.length) throw new Error(`${csvPath}: the commitments oracle needs a unique identity/LineItemId per row (${duplicates[0]![0] ?? 'empty'} is not)`);

        await run(`CREATE TABLE lines AS
WITH raw AS (SELECT * FROM read_csv(${q(csvPath)}, header = true, all_varchar = true, quote = '"', escape = '"')),
parsed AS (
    SELECT "identity/LineItemId" AS line_id,
        COALESCE(split_part(${col('identity/TimeInterval')}, '/', 1), ${col('lineItem/UsageStartDate')}) AS start_text,
        COALESCE(NULLIF(split_part(${col('identity/TimeInterval')}, '/', 2), ''), ${col('lineItem/UsageEndDate')}) AS end_text,
        COALESCE("lineItem/UsageType", '') AS usage_type, COALESCE("lineItem/Operation", '') AS operation,
        COALESCE(${col('lineItem/AvailabilityZone')}, '') AS az,
        COALESCE(${col('product/regionCode')}, ${col('product/region')}, '') AS region,
        COALESCE(${col('product/instanceType')}, regexp_extract(COALESCE("lineItem/UsageType", ''), ':([a-z0-9]+\\.[a-z0-9]+)$', 1), '') AS instance_type,
        COALESCE(${col('product/tenancy')}, '') AS tenancy,
        CAST(COALESCE(${col('lineItem/UsageAmount')}, '0') AS ${Q}) AS amount,
        CAST(${col('lineItem/NormalizationFactor')} AS ${Q}) AS nf_line,
        CAST(${col('pricing/publicOnDemandCost')} AS ${Q}) AS public_cost,
        CAST(COALESCE(${col('lineItem/UnblendedCost')}, '0') AS ${Q}) AS unblended_q,
        COALESCE(${col('reservation/AvailabilityZone')}, '') AS ri_az,
        CAST(${col('reservation/NumberOfReservations')} AS ${Q}) AS ri_count,
        CAST(${col('reservation/TotalReservedUnits')} AS ${Q}) AS ri_units,
        COALESCE(${col('savingsPlan/SavingsPlanARN')}, '') AS sp_arn,
        CAST(${col('savingsPlan/SavingsPlanRate')} AS ${Q}) AS sp_rate,
        ${col('savingsPlan/OfferingType')} AS sp_offering,
        COALESCE(${col('savingsPlan/Region')}, '') AS sp_region,
        COALESCE(${col('savingsPlan/InstanceTypeFamily')}, '') AS sp_family,
        CAST(${col('savingsPlan/TotalCommitmentToDate')} AS ${Q}) AS sp_commitment,
        COALESCE(${col('reservation/ReservationARN')}, '') AS ri_arn
    FROM raw
)
SELECT p.period, p.account, p.grp, p.owner_grp, p.lit, p.service, p.owner, p.factor, l.*,
    CAST(substr(l.start_text, 1, 19) AS TIMESTAMP) AS hour,
    date_diff('second', CAST(substr(l.start_text, 1, 19) AS TIMESTAMP), CAST(substr(l.end_text, 1, 19) AS TIMESTAMP)) = 3600 AS one_hour,
    split_part(l.instance_type, '.', 1) AS family,
    ${normalizationSql('l.instance_type')} AS nf_size
FROM base_priced p JOIN parsed l USING (line_id)`);

        await run(`ALTER TABLE lines ADD COLUMN eligible BOOLEAN`);
        // The usage type without its region prefix (`USE2-BoxUsage:m5.large` → `BoxUsage:m5.large`).
        await run(`ALTER TABLE lines ADD COLUMN ut VARCHAR`);
        await run(`UPDATE lines SET ut = regexp_replace(usage_type, '^[A-Z]{2,4}[0-9]?-', '')`);
        // EC2 instance hours a reservation can cover (not Dedicated Hosts, Spot or Capacity Blocks).
        await run(`ALTER TABLE lines ADD COLUMN ri_hours BOOLEAN`);
        await run(`UPDATE lines SET ri_hours = service = 'AmazonEC2' AND regexp_matches(ut, '^(BoxUsage|DedicatedUsage|UnusedBox|UnusedDed)(:|$)')
            AND NOT regexp_matches(usage_type, '(?i)spot|capacityblock')`);
        await run(`UPDATE lines SET eligible = lit IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage') AND public_cost IS NOT NULL AND amount > 0
            AND NOT regexp_matches(usage_type, '(?i)spot|capacityblock') AND (
            ri_hours
            OR (service = 'AmazonEC2' AND regexp_matches(ut, '^HostUsage(:|$)'))
            OR (service = 'AWSLambda' AND regexp_matches(ut, '^Lambda-(GB-Second|Provisioned-)') AND NOT contains(ut, 'Edge'))
            OR (service IN ('AmazonECS', 'AmazonEKS') AND regexp_matches(ut, '^Fargate-(ARM-|Windows-)?(vCPU-Hours|GB-Hours)'))
            OR (service = 'AmazonRDS' AND regexp_matches(ut, '^(InstanceUsage|Multi-AZUsage|Multi-AZClusterUsage)(IOOptimized)?:db\\.'))
            OR (service = 'AmazonElastiCache' AND regexp_matches(ut, '^NodeUsage:cache\\.'))
            OR (service = 'AmazonES' AND regexp_matches(ut, '^ESInstance:'))
            OR (service = 'AmazonRedshift' AND regexp_matches(ut, '^Node:'))
            OR (service = 'AmazonSageMaker' AND (starts_with(instance_type, 'ml.') OR contains(usage_type, ':ml.'))))`);

        const hourlyPeriods = (await all(`SELECT period FROM lines WHERE eligible GROUP BY period HAVING bool_and(one_hour) ORDER BY period`)).map((r) => r[0]!);
        const hp = hourlyPeriods.length ? hourlyPeriods.map(q).join(', ') : `''`;
        const notReapplied = (await all(`SELECT DISTINCT period FROM lines WHERE period NOT IN (${hp})
            AND (lit IN ('DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation', 'RIFee', 'SavingsPlanRecurringFee') OR ri_arn <> '' OR sp_arn <> '') ORDER BY period`)).map((r) => r[0]!);
        const unsupported = await all(`SELECT line_id, lit, service FROM lines WHERE period IN (${hp}) AND lit = 'RIFee' AND service <> 'AmazonEC2' LIMIT 1`);
        if (unsupported.length) throw new Error(`${csvPath}: ${unsupported[0]![2]} reservation (${unsupported[0]![0]}): the commitments oracle models EC2 reservations only`);

        // The hours each hourly period's data covers.
        await run(`CREATE TABLE hours AS SELECT DISTINCT period, hour FROM lines WHERE period IN (${hp}) AND one_hour`);
        // Eligible usage pooled per hour and usage key, in groups only (an unassigned account's usage is no group's).
        await run(`CREATE TABLE usage AS
SELECT row_number() OVER (ORDER BY period, hour, account, usage_type, operation, region, az, instance_type, tenancy) AS key_id, *
FROM (SELECT period, grp, hour, account, service, usage_type, operation, region, az, instance_type, family, tenancy, ri_hours,
        COALESCE(max(nf_line), max(nf_size), 0) AS nf, sum(amount) AS amount, sum(public_cost) AS public_cost
    FROM lines WHERE eligible AND period IN (${hp}) AND grp IS NOT NULL
    GROUP BY period, grp, hour, account, service, usage_type, operation, region, az, instance_type, family, tenancy, ri_hours)`);
        await run(`CREATE TABLE rem AS SELECT key_id, amount AS rem FROM usage`);
        await run(`CREATE TABLE alloc (seq INTEGER, key_id BIGINT, used ${Q}, covered ${Q})`);
        await run(`CREATE TABLE unrated (seq INTEGER, key_id BIGINT)`);
        await run(`CREATE TABLE sp_rates AS SELECT sp_arn AS arn, period, usage_type, operation, region, max(sp_rate) AS rate
            FROM lines WHERE lit = 'SavingsPlanCoveredUsage' AND sp_arn <> '' AND sp_rate IS NOT NULL AND sp_rate > 0 GROUP BY ALL`);
        // Hourly commitment of each plan in each covered hour.
        await run(`CREATE TABLE sp_hours AS
SELECT f.sp_arn AS arn, h.period, h.hour, sum(CASE WHEN f.one_hour THEN COALESCE(f.sp_commitment, f.unblended_q)
        ELSE CAST(round(CAST(COALESCE(f.sp_commitment, f.unblended_q) AS DOUBLE) / date_diff('hour', CAST(substr(f.start_text, 1, 19) AS TIMESTAMP), CAST(substr(f.end_text, 1, 19) AS TIMESTAMP)), 12) AS ${Q}) END) AS commitment
FROM lines f JOIN hours h ON h.period = f.period AND (NOT f.one_hour OR h.hour = f.hour)
WHERE f.lit = 'SavingsPlanRecurringFee' AND f.sp_arn <> '' GROUP BY ALL`);

        const commitments = await readCommitments(all, hp);
        for (const [seq, c] of commitments.entries()) {
            if (c.grp === null) continue;
            for (const sql of c.kind === 'reservation' ? [reservationStep(seq, c)] : savingsPlanStep(seq, c)) await run(sql);
            await run(`UPDATE rem SET rem = rem.rem - a.covered FROM alloc a WHERE a.seq = ${seq} AND a.key_id = rem.key_id`);
        }

        // Each eligible line's pro forma: public cost × uncovered fraction of its key × its rule factor.
        await run(`CREATE TABLE repriced AS
SELECT l.line_id,
    CASE WHEN r.rem = u.amount THEN l.public_cost * l.factor
         WHEN r.rem <= 0 THEN CAST(0 AS ${Q})
         ELSE CAST(round(CAST(l.public_cost * l.factor AS DOUBLE) * CAST(r.rem AS DOUBLE) / CAST(u.amount AS DOUBLE), 12) AS ${Q}) END AS proforma
FROM lines l JOIN usage u ON u.period = l.period AND u.grp = l.grp AND u.hour = l.hour AND u.account = l.account AND u.service = l.service
    AND u.usage_type = l.usage_type AND u.operation = l.operation AND u.region = l.region AND u.az = l.az
    AND u.instance_type = l.instance_type AND u.tenancy = l.tenancy
JOIN rem r ON r.key_id = u.key_id
WHERE l.eligible`);
        await tieredLines(run, all, policy, hp);
        const tierBuckets = (await all(`SELECT t.period, t.grp, t.service, t.usage_type, CAST(sum(l.amount) AS VARCHAR), CAST(sum(t.q) AS VARCHAR)
            FROM tier_lines t JOIN lines l USING (line_id) GROUP BY ALL ORDER BY ALL`))
            .map(([period, group, service, usageType, usage, onDemand]) => ({ period: period!, group: group!, service: service!, usageType: usageType!, usage: usage!, onDemand: onDemand! }));
        const finalSql = `SELECT p.period, p.account, p.grp, p.lit, p.service, p.unblended,
    CASE WHEN p.grp IS NULL THEN NULL
         WHEN t.line_id IS NOT NULL THEN t.proforma
         WHEN r.line_id IS NOT NULL THEN r.proforma
         WHEN p.period IN (${hp}) AND p.lit = 'SavingsPlanNegation' THEN 0
         ELSE p.proforma END AS proforma
FROM base_priced p LEFT JOIN repriced r ON r.line_id = p.line_id LEFT JOIN tiered t ON t.line_id = p.line_id`;
        const report = await reportFromPricedSql(csvPath, finalSql, policy, db);

        const figures = await commitmentFigures(all, commitments);
        const groups = await groupFigures(all, report, hourlyPeriods, figures);
        return { report, hourlyPeriods, notReapplied, commitments: figures, groups, tierBuckets };
    } finally {
        db.closeSync();
    }
}

/**
 * Custom tiers (docs/semantics.md "Custom tiers": "Covered usage is not tiered"), as this oracle reads the rule: in a
 * re-applied period every usage line of a group (Usage, and covered usage, which re-application turns into usage;
 * AWS Support excluded) whose most specific TIERING rule (SERVICE over GLOBAL; of one scope and key the first listed)
 * has custom tiers is priced by the tiers instead of its public cost. Its on-demand quantity is its usage amount ×
 * the uncovered share of its hour's usage key (`rem` ÷ the key's amount; a line that is not eligible: all of it).
 * Per (period, group, service, usage type) the quantities are summed, priced through the tiers, and each line takes
 * its share × its rule factor (DOUBLE, rounded to 12 decimals: compare at 1e-6). A tiered line in a period that is
 * not re-applied is refused (not modelled). Writes the table `tiered(line_id, proforma)`.
 */
async function tieredLines(run: (sql: string) => Promise<void>, all: (sql: string) => Promise<(string | null)[][]>, policy: OraclePolicy, hp: string): Promise<void> {
    // Each group's tiers per service ('' = the GLOBAL rule): the first SERVICE rule of the service, else the first GLOBAL one.
    const sets: { grp: string; service: string; tiers: NonNullable<OraclePolicy['rules'][number]['tiers']> }[] = [];
    for (const group of policy.groups) {
        const tiering = policy.rules.filter((r) => r.plan === group.plan && r.type === 'TIERING' && !r.billingEntity && !r.usageType && !r.operation);
        const services = [...new Set(tiering.map((r) => r.service ?? ''))];
        for (const service of services) {
            const rule = tiering.find((r) => (r.service ?? '') === service)!;
            if (rule.tiers?.length) sets.push({ grp: group.name, service, tiers: rule.tiers });
        }
    }
    // A service with its own TIERING rule without tiers is not tiered even under a GLOBAL rule with tiers.
    const own = [...new Set(policy.groups.flatMap((group) => policy.rules.filter((r) => r.plan === group.plan && r.type === 'TIERING' && r.service && !r.tiers?.length)
        .map((r) => `(${q(group.name)}, ${q(r.service!)})`)))];
    const setRows = sets.map((set, i) => `(${i}, ${q(set.grp)}, ${q(set.service)})`);
    const stepRows = sets.flatMap((set, i) => set.tiers.map((t) => `(${i}, CAST(${q(t.begin)} AS ${Q}), ${t.end === undefined ? 'NULL' : `CAST(${q(t.end)} AS ${Q})`}, CAST(${q(t.rate)} AS ${Q}))`));
    await run(`CREATE TABLE tier_sets (set_id INTEGER, grp VARCHAR, service VARCHAR)`);
    await run(`CREATE TABLE tier_steps (set_id INTEGER, b ${Q}, e ${Q}, rate ${Q})`);
    await run(`CREATE TABLE own_tiering (grp VARCHAR, service VARCHAR)`);
    if (setRows.length) await run(`INSERT INTO tier_sets VALUES ${setRows.join(', ')}`);
    if (stepRows.length) await run(`INSERT INTO tier_steps VALUES ${stepRows.join(', ')}`);
    if (own.length) await run(`INSERT INTO own_tiering VALUES ${own.join(', ')}`);
    await run(`CREATE TABLE tier_lines AS
SELECT l.line_id, l.period, l.grp, l.service, l.usage_type, l.factor,
    COALESCE(s.set_id, CASE WHEN o.grp IS NULL THEN g.set_id END) AS set_id,
    CASE WHEN u.key_id IS NULL THEN l.amount
         WHEN r.rem >= u.amount THEN l.amount
         WHEN r.rem <= 0 THEN CAST(0 AS ${Q})
         ELSE CAST(round(CAST(l.amount AS DOUBLE) * CAST(r.rem AS DOUBLE) / CAST(u.amount AS DOUBLE), 12) AS ${Q}) END AS q
FROM lines l
LEFT JOIN tier_sets s ON s.grp = l.grp AND s.service = l.service
LEFT JOIN own_tiering o ON o.grp = l.grp AND o.service = l.service
LEFT JOIN tier_sets g ON g.grp = l.grp AND g.service = ''
LEFT JOIN usage u ON l.eligible AND u.period = l.period AND u.grp = l.grp AND u.hour = l.hour AND u.account = l.account AND u.service = l.service
    AND u.usage_type = l.usage_type AND u.operation = l.operation AND u.region = l.region AND u.az = l.az
    AND u.instance_type = l.instance_type AND u.tenancy = l.tenancy
LEFT JOIN rem r ON r.key_id = u.key_id
WHERE l.grp IS NOT NULL AND COALESCE(s.set_id, CASE WHEN o.grp IS NULL THEN g.set_id END) IS NOT NULL
    AND l.lit IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage')
    AND NOT (l.service LIKE 'AWSSupport%' OR l.service IN ('AWSDeveloperSupport', 'OCBPremiumSupport'))`);
    const outside = await all(`SELECT line_id, period FROM tier_lines WHERE period NOT IN (${hp}) LIMIT 1`);
    if (outside.length) throw new Error(`custom tiers in ${outside[0]![1]}, a period whose commitments are not re-applied: the commitments oracle models them in hourly periods only`);
    await run(`CREATE TABLE tiered AS
WITH buckets AS (
    SELECT period, grp, service, usage_type, set_id, sum(q) AS total FROM tier_lines GROUP BY ALL
), costs AS (
    SELECT b.period, b.grp, b.service, b.usage_type, b.total,
        COALESCE(sum(GREATEST(CASE WHEN t.e IS NULL THEN b.total ELSE LEAST(b.total, t.e) END - t.b, 0) * t.rate), 0) AS cost
    FROM buckets b JOIN tier_steps t ON t.set_id = b.set_id GROUP BY ALL
)
SELECT l.line_id,
    CASE WHEN c.total = 0 THEN CAST(0 AS ${Q})
         ELSE CAST(round(CAST(c.cost AS DOUBLE) * CAST(l.q AS DOUBLE) / CAST(c.total AS DOUBLE) * CAST(l.factor AS DOUBLE), 12) AS ${Q}) END AS proforma
FROM tier_lines l JOIN costs c ON c.period = l.period AND c.grp = l.grp AND c.service = l.service AND c.usage_type = l.usage_type`);
}

/** AWS's normalization factors by instance size (EC2 instance size flexibility table). */
function normalizationSql(instanceType: string): string {
    const size = `split_part(${instanceType}, '.', 2)`;
    return `CAST(CASE ${size}
        WHEN 'nano' THEN 0.25 WHEN 'micro' THEN 0.5 WHEN 'small' THEN 1 WHEN 'medium' THEN 2 WHEN 'large' THEN 4 WHEN 'xlarge' THEN 8
        ELSE CASE WHEN regexp_matches(${size}, '^[0-9]+xlarge$') THEN 8 * CAST(regexp_extract(${size}, '^([0-9]+)xlarge$', 1) AS INTEGER) END
    END AS ${Q})`;
}

async function readCommitments(all: (sql: string) => Promise<(string | null)[][]>, hp: string): Promise<CommitmentRow[]> {
    const rows = await all(`
SELECT ri_arn, period, 'reservation', CASE WHEN ri_az <> '' AND ri_az <> region THEN 'zonal' ELSE 'regional' END, owner, any_value(owner_grp),
    service, region, CASE WHEN ri_az <> '' AND ri_az <> region THEN ri_az ELSE '' END, instance_type, family, operation, tenancy,
    CAST(max(COALESCE(ri_count, ri_units / NULLIF(date_diff('hour', CAST(substr(start_text, 1, 19) AS TIMESTAMP), CAST(substr(end_text, 1, 19) AS TIMESTAMP)), 0))) AS VARCHAR),
    CAST(any_value(COALESCE(nf_size, nf_line)) AS VARCHAR)
FROM lines WHERE lit = 'RIFee' AND ri_arn <> '' AND period IN (${hp}) GROUP BY ALL
UNION ALL
SELECT sp_arn, period, 'savingsPlan', COALESCE(any_value(sp_offering), CASE
        WHEN any_value(usage_type) LIKE 'EC2InstanceSP%' THEN 'EC2InstanceSavingsPlans'
        WHEN any_value(usage_type) LIKE 'SageMakerSP%' THEN 'SageMakerSavingsPlans' ELSE 'ComputeSavingsPlans' END),
    owner, any_value(owner_grp), service, any_value(sp_region), '', '', any_value(sp_family), '', '', NULL, NULL
FROM lines WHERE lit = 'SavingsPlanRecurringFee' AND sp_arn <> '' AND period IN (${hp}) GROUP BY sp_arn, period, owner, service`);
    const rank = (c: CommitmentRow): number => ['zonal', 'regional', 'EC2InstanceSavingsPlans', 'ComputeSavingsPlans', 'SageMakerSavingsPlans'].indexOf(c.type);
    const out = rows.map((r): CommitmentRow => {
        const [arn, period, kind, type, owner, grp, service, region, az, instanceType, family, operation, tenancy, count, nf] = r;
        const flexible = kind === 'reservation' && type === 'regional' && operation === 'RunInstances' && (tenancy === '' || tenancy === 'Shared');
        if (kind === 'reservation' && (count === null || nf === null)) throw new Error(`reservation ${arn}: its RIFee line gives neither reservation/NumberOfReservations nor an instance size`);
        const capacity = kind === 'reservation' ? (flexible ? new D(count!).times(nf!) : new D(count!)).toFixed() : '0';
        return {
            arn: arn!, period: period!, kind: kind as CommitmentRow['kind'], type: type as CommitmentRow['type'], owner: owner!, grp,
            service: service!, region: region!, az: az!, instanceType: instanceType!, family: family!, operation: operation!, tenancy: tenancy ?? '',
            flexible, capacity, nf: nf ?? '0',
        };
    });
    // Within a period and group: RIs (zonal, regional) before Savings Plans (EC2 Instance, Compute), then by ARN.
    return out.sort((a, b) => a.period.localeCompare(b.period) || (a.grp ?? '').localeCompare(b.grp ?? '') || rank(a) - rank(b) || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
}

/** One Reserved Instance over its group's remaining usage, hour by hour: owner first, then by normalization factor. */
function reservationStep(seq: number, c: CommitmentRow): string {
    const unit = c.flexible ? 'u.nf' : `CAST(1 AS ${Q})`;
    const match = [
        'u.ri_hours', `u.region = ${q(c.region)}`, `u.operation = ${q(c.operation)}`,
        c.tenancy === '' ? 'true' : `(u.tenancy = '' OR u.tenancy = ${q(c.tenancy)})`,
        c.az === '' ? 'true' : `u.az = ${q(c.az)}`,
        c.flexible ? `u.family = ${q(c.family)} AND u.nf > 0` : `u.instance_type = ${q(c.instanceType)}`,
    ].join(' AND ');
    return `INSERT INTO alloc
WITH m AS (
    SELECT u.key_id, u.hour, u.account, u.usage_type, u.instance_type, u.nf, r.rem, ${unit} AS unit,
        CAST(r.rem * ${unit} AS ${Q}) AS demand, u.account = ${q(c.owner)} AS own
    FROM usage u JOIN rem r USING (key_id)
    WHERE u.period = ${q(c.period)} AND u.grp = ${q(c.grp!)} AND r.rem > 0 AND ${match}
), c AS (
    SELECT *, sum(demand) OVER (PARTITION BY hour ORDER BY own DESC, nf, account, usage_type, instance_type, key_id
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum
    FROM m
), a AS (
    SELECT key_id, rem, unit, demand, least(demand, greatest(CAST(0 AS ${Q}), CAST(${c.capacity} AS ${Q}) - (cum - demand))) AS used FROM c
)
SELECT ${seq}, key_id, used,
    CASE WHEN used = demand THEN rem ELSE CAST(round(CAST(used AS DOUBLE) / CAST(unit AS DOUBLE), 12) AS ${Q}) END
FROM a WHERE used > 0`;
}

/** One Savings Plan over what is left, hour by hour: owner first, then by savings percentage descending. */
function savingsPlanStep(seq: number, c: CommitmentRow): string[] {
    const applies = c.type === 'ComputeSavingsPlans' ? `u.service IN ('AmazonEC2', 'AWSLambda', 'AmazonECS', 'AmazonEKS')`
        : c.type === 'EC2InstanceSavingsPlans' ? `u.service = 'AmazonEC2' AND u.region = ${q(c.region)} AND u.family = ${q(c.family)}`
        : `u.service = 'AmazonSageMaker'`;
    const scope = `u.period = ${q(c.period)} AND u.grp = ${q(c.grp!)} AND r.rem > 0 AND ${applies}`;
    return [`INSERT INTO unrated
SELECT ${seq}, u.key_id FROM usage u JOIN rem r USING (key_id)
LEFT JOIN sp_rates rt ON rt.arn = ${q(c.arn)} AND rt.period = u.period AND rt.usage_type = u.usage_type AND rt.operation = u.operation AND rt.region = u.region
WHERE ${scope} AND rt.rate IS NULL`, `INSERT INTO alloc
WITH m AS (
    SELECT u.key_id, u.hour, u.account, u.usage_type, u.instance_type, r.rem, rt.rate, k.commitment,
        CAST(r.rem * rt.rate AS ${Q}) AS demand, u.account = ${q(c.owner)} AS own,
        round(1 - CAST(rt.rate AS DOUBLE) * CAST(u.amount AS DOUBLE) / CAST(u.public_cost AS DOUBLE), 12) AS savings
    FROM usage u JOIN rem r USING (key_id)
    JOIN sp_rates rt ON rt.arn = ${q(c.arn)} AND rt.period = u.period AND rt.usage_type = u.usage_type AND rt.operation = u.operation AND rt.region = u.region
    JOIN sp_hours k ON k.arn = ${q(c.arn)} AND k.period = u.period AND k.hour = u.hour
    WHERE ${scope} AND u.public_cost > 0
), c AS (
    SELECT *, sum(demand) OVER (PARTITION BY hour ORDER BY own DESC, savings DESC, account, usage_type, instance_type, key_id
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum
    FROM m
), a AS (
    SELECT key_id, rem, rate, demand, least(demand, greatest(CAST(0 AS ${Q}), commitment - (cum - demand))) AS used FROM c
)
SELECT ${seq}, key_id, used,
    CASE WHEN used = demand THEN rem ELSE CAST(round(CAST(used AS DOUBLE) / CAST(rate AS DOUBLE), 12) AS ${Q}) END
FROM a WHERE used > 0`];
}

async function commitmentFigures(all: (sql: string) => Promise<(string | null)[][]>, commitments: CommitmentRow[]): Promise<OracleCommitmentFigure[]> {
    const used = new Map((await all(`SELECT seq, CAST(sum(used) AS VARCHAR) FROM alloc GROUP BY seq`)).map((r) => [Number(r[0]), r[1]!]));
    // Hours in force: each fee line's interval clipped to its billing period (a RIFee spanning the month: the month).
    const inForce = `date_diff('hour', greatest(CAST(substr(start_text, 1, 19) AS TIMESTAMP), CAST(period || '-01' AS TIMESTAMP)),
        least(CAST(substr(end_text, 1, 19) AS TIMESTAMP), CAST(period || '-01' AS TIMESTAMP) + INTERVAL 1 MONTH))`;
    const riHours = new Map((await all(`SELECT ri_arn || ' ' || period, sum(greatest(${inForce}, 0)) FROM lines WHERE lit = 'RIFee' AND ri_arn <> '' GROUP BY ALL`))
        .map((r) => [r[0]!, r[1]!]));
    // A plan's commitment over its hours in force: an hourly fee line's commitment, a longer line's per hour × its hours in the period.
    const spPurchased = new Map((await all(`SELECT sp_arn || ' ' || period, CAST(sum(CASE WHEN one_hour THEN COALESCE(sp_commitment, unblended_q)
        ELSE CAST(round(CAST(COALESCE(sp_commitment, unblended_q) AS DOUBLE) * greatest(${inForce}, 0)
            / date_diff('hour', CAST(substr(start_text, 1, 19) AS TIMESTAMP), CAST(substr(end_text, 1, 19) AS TIMESTAMP)), 12) AS ${Q}) END) AS VARCHAR)
        FROM lines WHERE lit = 'SavingsPlanRecurringFee' AND sp_arn <> '' GROUP BY ALL`)).map((r) => [r[0]!, r[1]!]));
    return commitments.map((c, seq) => {
        const purchased = c.kind === 'reservation'
            // In normalized units whatever the fit: instances × factor of the reserved size, over its hours in force.
            ? new D(c.capacity).times(c.flexible ? 1 : c.nf).times(riHours.get(`${c.arn} ${c.period}`) ?? 0)
            : new D(spPurchased.get(`${c.arn} ${c.period}`) ?? 0);
        let spent = new D(c.grp === null ? 0 : used.get(seq) ?? 0);
        if (c.kind === 'reservation' && !c.flexible) spent = spent.times(c.nf);
        return {
            arn: c.arn, period: c.period, kind: c.kind, type: c.type, ownerAccountId: c.owner, group: c.grp,
            unit: c.kind === 'reservation' ? 'normalizedUnits' : 'currency',
            purchased: normalizeDecimal(purchased.toFixed()), used: normalizeDecimal(spent.toFixed()),
            utilization: purchased.isZero() ? null : spent.div(purchased).toNumber(),
        };
    });
}

async function groupFigures(
    all: (sql: string) => Promise<(string | null)[][]>, report: OracleReport, hourlyPeriods: string[], figures: OracleCommitmentFigure[],
): Promise<OracleCommitmentGroupPeriod[]> {
    const coverage = new Map((await all(`
SELECT u.grp || ' ' || u.period, CAST(sum(u.public_cost) AS VARCHAR),
    CAST(sum(CASE WHEN r.rem = u.amount THEN 0 WHEN r.rem <= 0 THEN u.public_cost
        ELSE CAST(round(CAST(u.public_cost AS DOUBLE) * CAST(u.amount - r.rem AS DOUBLE) / CAST(u.amount AS DOUBLE), 12) AS ${Q}) END) AS VARCHAR)
FROM usage u JOIN rem r USING (key_id) GROUP BY ALL`)).map((r) => [r[0]!, { eligible: r[1]!, covered: r[2]! }]));
    const unrated = new Map((await all(`
SELECT u.grp || ' ' || u.period, count(*), CAST(sum(u.public_cost) AS VARCHAR)
FROM (SELECT DISTINCT key_id FROM unrated) x JOIN usage u USING (key_id) GROUP BY ALL`))
        .map((r) => [r[0]!, { rows: Number(r[1]), onDemandCost: normalizeDecimal(r[2]!) }]));
    const ratio = (a: D, b: D): number | null => (b.isZero() ? null : a.div(b).toNumber());
    return report.groups.map((g) => {
        const key = `${g.group} ${g.period}`;
        const cov = coverage.get(key) ?? { eligible: '0', covered: '0' };
        const totals = (kind: 'reservation' | 'savingsPlan') => {
            let purchased = new D(0);
            let used = new D(0);
            figures.forEach((f) => {
                if (f.kind !== kind || f.group !== g.group || f.period !== g.period) return;
                purchased = purchased.plus(f.purchased);
                used = used.plus(f.used);
            });
            return { purchased: normalizeDecimal(purchased.toFixed()), used: normalizeDecimal(used.toFixed()), utilization: ratio(used, purchased) };
        };
        return {
            group: g.group, period: g.period, hourly: hourlyPeriods.includes(g.period),
            eligibleOnDemandCost: normalizeDecimal(cov.eligible), coveredOnDemandCost: normalizeDecimal(cov.covered),
            coverage: ratio(new D(cov.covered), new D(cov.eligible)),
            reservations: totals('reservation'), savingsPlans: totals('savingsPlan'),
            unrated: unrated.get(key) ?? { rows: 0, onDemandCost: '0' },
        };
    });
}
