import type { CustomLineItem, LineItemFilter, PolicyModel } from '../policy/model.js';
import { FREE_TIER_OFFERS } from '../price/free-tier-offers.js';
import { schemaFields, type SqlSchemaName } from './cur-schemas.js';
import { DEFAULT_INPUT_SCALE, planPolicy, SqlGenerationError, type PolicyPlan, type RateRuleRow } from './policy-plan.js';
import { DIALECTS, sqlString, type SqlDialect, type SqlDialectName } from './sql-dialect.js';

export interface SqlOptions {
    readonly dialect: SqlDialectName;
    readonly schema: SqlSchemaName;
    /** The table (or, for DuckDB, any relation: `read_csv('cur/*.csv', all_varchar = true)`); default `cur`. */
    readonly table?: string;
    /** Only these billing periods (YYYY-MM). */
    readonly periods?: readonly string[];
    /** Decimal places input amounts are read with (default 18). */
    readonly inputScale?: number;
    /** Lines put at the top of the query, as `-- ` comments (what it was generated from). */
    readonly header?: readonly string[];
}

/**
 * Said at the top of every query: `billing bill` re-applies RIs and Savings Plans inside each group hour by hour
 * on hourly data (engine/commitments); one query does not (docs/warehouse.md, "Commitments").
 */
export const COMMITMENTS_NOTE: readonly string[] = [
    'Commitments are NOT re-applied: on hourly data holding RIs or Savings Plans, billing bill re-applies them inside',
    'each group hour by hour and its figures differ from this query\'s; here covered usage keeps its billed cost where',
    'the commitment\'s owner is in the group and is repriced at on-demand otherwise (billing bill\'s daily/monthly treatment).',
];

/** Support plans: excluded from the pro forma bill (engine/price/line-item-class.ts). */
const SUPPORT_SERVICES = ['AWSDeveloperSupport', 'OCBPremiumSupport'];
const SUPPORT_PREFIX = 'AWSSupport';
const COVERED_TYPES = ['DiscountedUsage', 'SavingsPlanCoveredUsage'];
const FEE_TYPES = ['RIFee', 'Fee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee'];
const EXCLUDED_TYPES = ['Credit', 'Tax', 'Refund'];

/**
 * ONE query that computes, over a CUR 1.0 / CUR 2.0 / FOCUS table, the figures of `billing bill`'s cost report
 * (docs/semantics.md): per billing group × period the AWS cost, the repriced charges, the pro forma cost, the
 * margin and the margin %, the unassigned AWS cost per period and in all, and the total. Exact: DECIMAL(38, s)
 * with scales chosen from the policy so that no operation rounds; an input with more decimals than the input
 * scale, mixed currencies, or a malformed billing period make the query fail instead of differing from the
 * engine. Throws SqlGenerationError for what one query cannot reproduce exactly (docs/warehouse.md).
 */
export function generateSql(policy: PolicyModel, options: SqlOptions): string {
    const dialect = DIALECTS[options.dialect];
    const plan = planPolicy(policy, options.inputScale ?? DEFAULT_INPUT_SCALE);
    return new QueryWriter(policy, plan, dialect, options).write();
}

class QueryWriter {
    private readonly s;
    private readonly money;
    private readonly input;
    private readonly tiered: boolean;
    private readonly filters = new Map<string, { column: string; predicate: string }>();

    constructor(
        private readonly policy: PolicyModel,
        private readonly plan: PolicyPlan,
        private readonly dialect: SqlDialect,
        private readonly options: SqlOptions,
    ) {
        this.s = plan.scales;
        this.money = `DECIMAL(38, ${plan.scales.proforma})`;
        this.input = `DECIMAL(38, ${plan.scales.input})`;
        this.tiered = plan.tierSets.length > 0;
        for (const group of policy.groups) for (const item of group.lineItems) this.filterColumn(item.filters);
    }

    write(): string {
        const ctes = [
            this.sourceRows(), this.lineItems(), this.cells(), ...this.policyTables(), this.placed(), this.rated(),
            this.priced(), this.groupSums(), this.periods(), this.targets(), this.billed(),
        ];
        if (this.plan.autoAssociateGroup !== undefined) ctes.splice(3, 0, this.presentAccounts());
        return `${this.header()}WITH\n${ctes.join(',\n')}\n${this.finalSelect()};\n`;
    }

    private header(): string {
        const s = this.s;
        const lines = [
            ...(this.options.header ?? []),
            `Dialect ${this.options.dialect}, schema ${this.options.schema}, table ${this.table()}` +
            `${this.options.periods?.length ? `, periods ${this.options.periods.join(', ')}` : ''}.`,
            'One row per billing group × period (record = \'group\', groups in policy order), the AWS cost of accounts in no',
            'group per period and in all (record = \'unassigned\'; period NULL for all), and the total (record = \'total\').',
            'Columns: record, billing_group, period, aws_cost, charges, proforma_cost, margin, margin_percent.',
            `Exact decimals: inputs DECIMAL(38, ${s.input})${this.tiered ? `, usage amounts DECIMAL(38, ${s.usage})` : ''}, charges DECIMAL(38, ${s.charges}), pro forma and margin DECIMAL(38, ${s.proforma});`,
            'margin_percent DECIMAL(38, 2), half-even. An input with more decimals, mixed currencies or a malformed',
            'billing period fail the query (never a rounded result). See docs/warehouse.md.',
            ...COMMITMENTS_NOTE,
        ];
        return lines.map((line) => `-- ${line}`.trimEnd()).join('\n') + '\n';
    }

    private table(): string {
        return this.options.table ?? 'cur';
    }

    private fail(message: string, type: string): string {
        return this.dialect.fail(message, type);
    }

    // ---- Reading the table ---------------------------------------------------------------------------------

    private sourceRows(): string {
        const f = schemaFields(this.options.schema, this.dialect.name);
        const arn = (column: string) => this.dialect.arnAccount(column);
        const fields = [
            `${f.period} AS period_text`,
            `${f.accountId} AS account_id`,
            `${f.service} AS service`,
            `${f.usageType} AS usage_type`,
            `${f.operation} AS operation`,
            `${f.lineItemType} AS line_item_type`,
            `${f.billingEntity} AS billing_entity`,
            `${f.currency} AS currency`,
            `COALESCE(${arn(f.reservationArn)}, ${f.savingsPlanArn !== undefined ? `${arn(f.savingsPlanArn)}, ` : ''}'') AS owner_id`,
            `${f.unblendedCost} AS unblended_text`,
            `${f.publicCost} AS public_text`,
            ...(this.tiered ? [`${f.usageAmount} AS usage_text`] : []),
        ];
        return cte('source_rows', `SELECT\n${indent(fields.join(',\n'), 2)}\n    FROM ${f.from(this.table())}`,
            'The table\'s columns as the engine reads them (engine/ingest): keys as text, amounts as the text of the number.');
    }

    /** An amount read exactly: the text must need at most `scale` decimal places, else the query fails. */
    private exact(column: string, what: string, scale = this.s.input): string {
        const type = `DECIMAL(38, ${scale})`;
        const places = this.dialect.decimalPlaces(column);
        const hint = scale === this.s.input ? 'regenerate the query with a larger --input-scale' : 'the custom tiers leave no more (docs/warehouse.md)';
        const message = `'billing sql: ${what} ' || ${column} || ' has more than ${scale} decimal places; ${hint}'`;
        return `CASE WHEN ${column} IS NULL THEN NULL
                 WHEN ${places} <= ${scale} THEN ${this.dialect.toDecimal(column, type)}
                 ELSE ${this.fail(message, type)} END`;
    }

    private lineItems(): string {
        const periodCheck = this.dialect.matches('period_text', sqlString('^[0-9]{4}-(0[1-9]|1[0-2])'));
        const badPeriod = `'billing sql: billing period start ' || period_text || ' is not an ISO date YYYY-MM-DD…'`;
        const filter = this.options.periods?.length ? `\n    WHERE substr(period_text, 1, 7) IN (${this.options.periods.map(sqlString).join(', ')})` : '';
        return cte('line_items', `SELECT
        CASE WHEN ${periodCheck} THEN substr(period_text, 1, 7) ELSE ${this.fail(badPeriod, 'VARCHAR')} END AS period,
        account_id, service, usage_type, operation, line_item_type, billing_entity, currency, owner_id,
        ${this.exact('unblended_text', 'unblended cost')} AS unblended,
        ${this.exact('public_text', 'public on-demand cost')} AS public_cost${this.tiered ? `,
        ${this.exact('usage_text', 'usage amount', this.s.usage)} AS usage_amount` : ''}
    FROM source_rows${filter}`, 'One row per line item, amounts as exact decimals (NULL when empty).', this.dialect.cteReadTwice);
    }

    private cells(): string {
        const zero = `CAST(0 AS ${this.input})`;
        const unblended = `COALESCE(unblended, ${zero})`;
        // No public price: empty, or 0 on a billed row (Spot, Marketplace, idle Elastic IPs; docs/semantics.md).
        const fallback = `CASE WHEN public_cost IS NULL OR (public_cost = 0 AND ${unblended} <> 0) THEN ${unblended} ELSE ${zero} END`;
        // Free tier on removes the Always Free offers only; the 12-month Free Tier is charged (engine/price/free-tier-offers.ts).
        const freeTier = `CASE WHEN line_item_type = 'Usage' AND ${unblended} = 0 AND public_cost > 0 AND ${this.alwaysFree()} THEN public_cost ELSE ${zero} END`;
        return cte('cells', `SELECT period, account_id, service, usage_type, operation, line_item_type, billing_entity, owner_id,
        sum(${unblended}) AS aws_cost,
        sum(COALESCE(public_cost, ${zero}) - ${freeTier} + ${fallback}) AS base_free_tier_on,
        sum(COALESCE(public_cost, ${zero}) + ${fallback}) AS base_free_tier_off,${this.tiered ? `
        sum(usage_amount) AS usage_amount,` : ''}
        min(NULLIF(currency, '')) AS currency_min,
        max(NULLIF(currency, '')) AS currency_max
    FROM line_items
    GROUP BY period, account_id, service, usage_type, operation, line_item_type, billing_entity, owner_id`,
        'The cube: line items summed by every key pricing looks at. Base = public on-demand cost − free-tier usage (Usage billed 0 with a public cost) + the billed cost of rows without a public cost.');
    }

    /** Whether a row's free tier is an Always Free offer, from the table of free-tier-offers.ts (first match wins). */
    private alwaysFree(): string {
        const cases = FREE_TIER_OFFERS.map((rule) => {
            const conditions = [
                ...(rule.service !== undefined ? [`service = ${sqlString(rule.service)}`] : []),
                ...(rule.usageType !== undefined ? [this.dialect.matches(`COALESCE(usage_type, '')`, sqlString(rule.usageType.source))] : []),
            ];
            return `WHEN ${conditions.join(' AND ')} THEN ${rule.offer === 'always-free' ? 1 : 0}`;
        });
        return `(CASE ${cases.join(' ')} ELSE 1 END) = 1`;
    }

    private presentAccounts(): string {
        return cte('present_accounts', 'SELECT DISTINCT period, account_id FROM line_items',
            'Accounts with line items per period: the auto-associate group takes only these (a commitment owner seen only in an ARN is not one).');
    }

    // ---- The policy, as small tables -------------------------------------------------------------------------

    private policyTables(): string[] {
        const { plan } = this;
        const tables: string[] = [];
        const nullText = 'CAST(NULL AS VARCHAR)';
        const text = (value: string | undefined) => (value === undefined ? nullText : sqlString(value));
        tables.push(valuesCte(this.dialect, 'memberships', ['account_id', 'group_order', 'from_period', 'until_period'],
            plan.memberships.map((m) => [sqlString(m.accountId), String(m.groupOrder), text(m.from), text(m.until)]),
            ['CAST(NULL AS VARCHAR)', 'CAST(NULL AS INTEGER)', nullText, nullText],
            'Who belongs to which group, per period range [from, until): overlapping claims resolved to the group defined first, primaries always members.'));
        tables.push(valuesCte(this.dialect, 'billing_groups', ['group_order', 'plan_order'],
            plan.groups.map((_, index) => [String(index), plan.groupPlan[index] === undefined ? 'CAST(NULL AS INTEGER)' : String(plan.groupPlan[index])]),
            ['CAST(NULL AS INTEGER)', 'CAST(NULL AS INTEGER)'], 'The pricing plan of each group (NULL: an unknown plan, public rates).'));
        const factor = (value: string) => `CAST(${sqlString(value)} AS DECIMAL(38, ${this.s.factor}))`;
        const rateTable = (name: string, keys: readonly (keyof RateRuleRow)[], rows: readonly RateRuleRow[], comment: string) => {
            if (rows.length === 0) return;
            tables.push(valuesCte(this.dialect, name, ['plan_order', ...keys.map(snake), 'factor'],
                rows.map((row) => [String(row.planOrder), ...keys.map((key) => sqlString(row[key] as string)), factor(row.factor)]), [], comment));
        };
        rateTable('sku_rules', ['service', 'usageType', 'operation'], plan.rates.skuBoth, 'SKU rules by service, usage type and operation: factor = 1 ± modifier/100.');
        rateTable('usage_type_rules', ['service', 'usageType'], plan.rates.skuUsageType, 'SKU rules by service and usage type.');
        rateTable('operation_rules', ['service', 'operation'], plan.rates.skuOperation, 'SKU rules by service and operation.');
        rateTable('service_rules', ['service'], plan.rates.service, 'SERVICE rules.');
        rateTable('entity_rules', ['billingEntity'], plan.rates.billingEntity, 'BILLING_ENTITY rules.');
        rateTable('global_rules', [], plan.rates.global, 'GLOBAL rules.');
        const service = plan.tiering.filter((row) => row.service !== undefined);
        const global = plan.tiering.filter((row) => row.service === undefined);
        const tierSet = (value: number | undefined) => (value === undefined ? 'CAST(NULL AS INTEGER)' : String(value));
        if (service.length > 0) {
            tables.push(valuesCte(this.dialect, 'service_tiering', ['plan_order', 'service', 'free_tier', 'tier_set'],
                service.map((row) => [String(row.planOrder), sqlString(row.service!), String(row.freeTier), tierSet(row.tierSet)]), [],
                'TIERING rules of one service: the free tier switch and the custom tiers (tier_set).'));
        }
        if (global.length > 0) {
            tables.push(valuesCte(this.dialect, 'global_tiering', ['plan_order', 'free_tier', 'tier_set'],
                global.map((row) => [String(row.planOrder), String(row.freeTier), tierSet(row.tierSet)]), [],
                'GLOBAL TIERING rules (a service\'s own tiering rule wins).'));
        }
        return tables;
    }

    // ---- Pricing ---------------------------------------------------------------------------------------------

    private placed(): string {
        const auto = this.plan.autoAssociateGroup;
        const inRange = (alias: string) => `(${alias}.from_period IS NULL OR ${alias}.from_period <= c.period) AND (${alias}.until_period IS NULL OR c.period < ${alias}.until_period)`;
        // The auto-associate group never takes the declared payer (docs/semantics.md, Membership).
        const payer = this.policy.payer?.id;
        const notPayer = (column: string): string => (payer === undefined ? '' : ` AND ${column} <> ${sqlString(payer)}`);
        const ownerAuto = auto === undefined ? '' : `, CASE WHEN p.account_id IS NOT NULL${notPayer('p.account_id')} THEN ${auto} END`;
        const cellAuto = payer === undefined ? `${auto}` : `CASE WHEN c.account_id <> ${sqlString(payer)} THEN ${auto} END`;
        return cte('placed', `SELECT c.*,
        ${auto === undefined ? 'm.group_order' : `COALESCE(m.group_order, ${cellAuto})`} AS group_order,
        ${auto === undefined ? 'o.group_order' : `COALESCE(o.group_order${ownerAuto})`} AS owner_group_order
    FROM cells c
    LEFT JOIN memberships m ON m.account_id = c.account_id AND ${inRange('m')}
    LEFT JOIN memberships o ON c.owner_id <> '' AND o.account_id = c.owner_id AND ${inRange('o')}${auto === undefined ? '' : `
    LEFT JOIN present_accounts p ON c.owner_id <> '' AND p.period = c.period AND p.account_id = c.owner_id`}`,
        auto === undefined
            ? 'Each cell\'s group (NULL: unassigned) and the group of the account owning its RI / Savings Plan.'
            : 'Each cell\'s group (accounts no group names go to the auto-associate group) and the group of the account owning its RI / Savings Plan.');
    }

    private rated(): string {
        const joins: string[] = ['LEFT JOIN billing_groups g ON g.group_order = p.group_order'];
        const factors: string[] = [];
        const rates = this.plan.rates;
        const rateJoin = (alias: string, table: string, rows: readonly RateRuleRow[], keys: readonly string[]) => {
            if (rows.length === 0) return;
            joins.push(`LEFT JOIN ${table} ${alias} ON ${alias}.plan_order = g.plan_order${keys.map((key) => ` AND ${alias}.${key} = p.${key}`).join('')}`);
            factors.push(`${alias}.factor`);
        };
        // Precedence: SKU (usage type + operation > usage type > operation) > SERVICE > BILLING_ENTITY > GLOBAL.
        rateJoin('r_sku', 'sku_rules', rates.skuBoth, ['service', 'usage_type', 'operation']);
        rateJoin('r_ut', 'usage_type_rules', rates.skuUsageType, ['service', 'usage_type']);
        rateJoin('r_op', 'operation_rules', rates.skuOperation, ['service', 'operation']);
        rateJoin('r_svc', 'service_rules', rates.service, ['service']);
        rateJoin('r_ent', 'entity_rules', rates.billingEntity, ['billing_entity']);
        rateJoin('r_all', 'global_rules', rates.global, []);
        const one = `CAST(1 AS DECIMAL(38, ${this.s.factor}))`;
        const factor = factors.length > 0 ? `COALESCE(${factors.join(', ')}, ${one})` : one;
        const hasService = this.plan.tiering.some((row) => row.service !== undefined);
        const hasGlobal = this.plan.tiering.some((row) => row.service === undefined);
        if (hasService) joins.push('LEFT JOIN service_tiering t_svc ON t_svc.plan_order = g.plan_order AND t_svc.service = p.service');
        if (hasGlobal) joins.push('LEFT JOIN global_tiering t_all ON t_all.plan_order = g.plan_order');
        const tieringOf = (column: string, otherwise: string): string => {
            if (hasService && hasGlobal) return `CASE WHEN t_svc.plan_order IS NOT NULL THEN t_svc.${column} WHEN t_all.plan_order IS NOT NULL THEN t_all.${column} ELSE ${otherwise} END`;
            if (hasService) return `CASE WHEN t_svc.plan_order IS NOT NULL THEN t_svc.${column} ELSE ${otherwise} END`;
            if (hasGlobal) return `CASE WHEN t_all.plan_order IS NOT NULL THEN t_all.${column} ELSE ${otherwise} END`;
            return otherwise;
        };
        const support = `p.service LIKE '${SUPPORT_PREFIX}%' OR p.service IN (${SUPPORT_SERVICES.map(sqlString).join(', ')})`;
        const list = (values: readonly string[]) => values.map(sqlString).join(', ');
        const treatment = `CASE
            WHEN p.group_order IS NULL THEN 'unassigned'
            WHEN ${support} THEN 'dropped'
            WHEN p.line_item_type = 'Usage' THEN 'repriced'
            WHEN p.line_item_type IN (${list(COVERED_TYPES)}) THEN CASE WHEN p.owner_group_order = p.group_order THEN 'kept' ELSE 'repriced' END
            WHEN p.line_item_type = 'SavingsPlanNegation' THEN CASE WHEN p.owner_group_order = p.group_order THEN 'negation' ELSE 'dropped' END
            WHEN p.line_item_type IN (${list(FEE_TYPES)}) THEN 'kept'
            WHEN p.line_item_type IN (${list(EXCLUDED_TYPES)}) OR p.line_item_type LIKE '%Discount' THEN 'dropped'
            ELSE 'kept'
        END`;
        return cte('rated', `SELECT p.period, p.group_order, p.account_id, p.service, p.usage_type, p.aws_cost, p.base_free_tier_on, p.base_free_tier_off,${this.tiered ? ' p.usage_amount,' : ''}
        p.currency_min, p.currency_max,
        ${treatment} AS treatment,
        ${factor} AS factor,
        ${tieringOf('free_tier', 'true')} AS free_tier,
        ${tieringOf('tier_set', 'CAST(NULL AS INTEGER)')} AS tier_set
    FROM placed p
    ${joins.join('\n    ')}`,
        'Treatment of each cell (docs/semantics.md, line item treatment), its rate (the most specific rule; none: 1) and its tiering.');
    }

    private priced(): string {
        const charges = `DECIMAL(38, ${this.s.charges})`;
        const zero = `CAST(0 AS ${charges})`;
        const base = 'CASE WHEN free_tier THEN base_free_tier_on ELSE base_free_tier_off END';
        let repriced = `CAST(${base} * factor AS ${charges})`;
        let windows = '';
        if (this.tiered) {
            const partition = 'PARTITION BY period, group_order, service, usage_type, tiered';
            repriced = `CASE WHEN NOT tiered THEN ${repriced}
                WHEN bucket_row > 1 THEN ${zero}
                WHEN bucket_factor_min <> bucket_factor_max THEN ${this.fail(`'billing sql: custom tiers of ' || service || ' ' || usage_type || ' met different rates in one group (the query cannot allocate them as the engine does)'`, charges)}
                ELSE CAST((${this.tieredCost('bucket_usage')}) * factor AS ${charges}) END`;
            windows = `,
            row_number() OVER (${partition}) AS bucket_row,
            sum(usage_amount) OVER (${partition}) AS bucket_usage,
            min(factor) OVER (${partition}) AS bucket_factor_min,
            max(factor) OVER (${partition}) AS bucket_factor_max`;
        }
        const source = this.tiered
            ? `(SELECT *${windows}
        FROM (SELECT rated.*, treatment = 'repriced' AND tier_set IS NOT NULL AS tiered FROM rated) r) b`
            : 'rated';
        return cte('priced', `SELECT period, group_order, service, aws_cost, currency_min, currency_max, treatment = 'negation' AS negation,
        CASE treatment
            WHEN 'kept' THEN CAST(aws_cost AS ${charges})
            WHEN 'negation' THEN CAST(aws_cost AS ${charges})
            WHEN 'repriced' THEN ${repriced}
            ELSE ${zero}
        END AS charges
    FROM ${source}`,
        this.tiered
            ? 'Pro forma charges of each cell: kept at the billed cost, or base × rate; under custom tiers the group\'s usage of a usage type is priced through the tiers once (on one cell of the bucket) × the rate.'
            : 'Pro forma charges of each cell: kept at the billed cost, or base × rate.');
    }

    /** Σ over the tiers of GREATEST(LEAST(usage, end) − begin, 0) × rate, per tier set. */
    private tieredCost(usage: string): string {
        const input = `DECIMAL(38, ${this.s.usage})`;
        const u = `COALESCE(${usage}, CAST(0 AS ${input}))`;
        const sets = this.plan.tierSets.map((tiers, index) => {
            const terms = tiers.map((tier) => {
                const begin = `CAST(${sqlString(tier.beginInclusive)} AS ${input})`;
                const upTo = tier.endExclusive === undefined ? u : `LEAST(${u}, CAST(${sqlString(tier.endExclusive)} AS ${input}))`;
                return `GREATEST(${upTo} - ${begin}, CAST(0 AS ${input})) * CAST(${sqlString(tier.rate)} AS DECIMAL(38, ${this.s.tierRate}))`;
            });
            return `WHEN ${index} THEN ${terms.join('\n                    + ')}`;
        });
        return `CASE tier_set\n                    ${sets.join('\n                    ')}\n                END`;
    }

    // ---- Per group and period ----------------------------------------------------------------------------------

    /** One column of group sums per distinct line item filter (the percentage base it restricts). */
    private filterColumn(filters: readonly LineItemFilter[]): string {
        if (filters.length === 0) return 'charges';
        const predicate = filters.map((filter) => {
            if (filter.kind === 'excludeSavingsPlanNegation') return 'NOT negation';
            const services = filter.services.map(sqlString).join(', ');
            return filter.match === 'EQUAL' ? `service IN (${services})` : `service NOT IN (${services})`;
        }).join(' AND ');
        let entry = this.filters.get(predicate);
        if (!entry) this.filters.set(predicate, (entry = { column: `filtered_charges_${this.filters.size + 1}`, predicate }));
        return entry.column;
    }

    private groupSums(): string {
        const charges = `DECIMAL(38, ${this.s.charges})`;
        const filtered = [...this.filters.values()].map((entry) => `
        sum(CASE WHEN ${entry.predicate} THEN charges ELSE CAST(0 AS ${charges}) END) AS ${entry.column},`).join('');
        return cte('group_sums', `SELECT period, COALESCE(group_order, -1) AS group_key,
        sum(aws_cost) AS aws_cost,
        sum(charges) AS charges,${filtered}
        min(currency_min) AS currency_min,
        max(currency_max) AS currency_max
    FROM priced
    GROUP BY period, COALESCE(group_order, -1)`, 'AWS cost and charges per group and period (group_key -1: unassigned), with the filtered percentage bases.');
    }

    private periods(): string {
        return cte('periods', 'SELECT DISTINCT period FROM line_items', 'The billing periods of the data: every group is reported in each.');
    }

    private targets(): string {
        return valuesCte(this.dialect, 'targets', ['group_key', 'billing_group', 'record'],
            [...this.policy.groups.map((group, index) => [String(index), sqlString(group.name), "'group'"]), ['-1', 'CAST(NULL AS VARCHAR)', "'unassigned'"]],
            [], 'The report\'s rows: the groups in policy order, and the unassigned accounts.');
    }

    private billed(): string {
        const money = this.money;
        const zero = `CAST(0 AS ${money})`;
        const withItems = this.policy.groups.map((group, index) => ({ group, index })).filter(({ group }) => group.lineItems.length > 0);
        const items = withItems.length === 0 ? zero : `CASE group_key
                ${withItems.map(({ group, index }) => `WHEN ${index} THEN ${signedSum(group.lineItems.map((item) => this.lineItemAmount(item, group.lineItems)), '\n                    ')}`).join('\n                ')}
                ELSE ${zero} END`;
        const chargesType = `DECIMAL(38, ${this.s.charges})`;
        const filtered = [...this.filters.values()].map((entry) => `
                COALESCE(s.${entry.column}, CAST(0 AS ${chargesType})) AS ${entry.column},`).join('');
        return cte('billed', `SELECT record, group_key, billing_group, period, aws_cost,
        CASE WHEN record = 'group' THEN CAST(charges AS ${money}) END AS charges,
        CASE WHEN record = 'group' THEN CAST(charges + line_items AS ${money}) END AS proforma_cost,
        CASE WHEN record = 'group' THEN CAST(charges + line_items - aws_cost AS ${money}) END AS margin,
        currency_min, currency_max
    FROM (
        SELECT g.*,
            ${items} AS line_items
        FROM (
            SELECT t.record, t.group_key, t.billing_group, p.period,
                COALESCE(s.aws_cost, CAST(0 AS ${this.input})) AS aws_cost,
                COALESCE(s.charges, CAST(0 AS ${chargesType})) AS charges,${filtered}
                s.currency_min, s.currency_max
            FROM periods p CROSS JOIN targets t
            LEFT JOIN group_sums s ON s.period = p.period AND s.group_key = t.group_key
        ) g
    ) i`,
        'Per group and period: the custom line items (flat amounts; percentages of the charges, filtered, and of flat items), pro forma cost and margin.');
    }

    /** A custom line item's amount in the row's period (0 outside its range), as the engine prices it; credits are subtracted. */
    private lineItemAmount(item: CustomLineItem, groupItems: readonly CustomLineItem[]): { negative: boolean; expression: string } {
        const money = this.money;
        const active = (range: CustomLineItem['periods']): string | undefined => {
            const parts = [
                range.from !== undefined ? `period >= ${sqlString(range.from)}` : undefined,
                range.until !== undefined ? `period < ${sqlString(range.until)}` : undefined,
            ].filter((part) => part !== undefined);
            return parts.length ? parts.join(' AND ') : undefined;
        };
        const whenActive = (range: CustomLineItem['periods'], value: string): string => {
            const condition = active(range);
            return condition ? `CASE WHEN ${condition} THEN ${value} ELSE CAST(0 AS ${money}) END` : value;
        };
        const number = (text: string, what: string): string => {
            if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text.trim())) throw new SqlGenerationError(`custom line item ${item.name}: ${what} "${text}" is not a number`);
            return text.trim();
        };
        let amount: string;
        if (item.charge.kind === 'flat') {
            amount = `CAST(${sqlString(number(item.charge.amount, 'amount'))} AS ${money})`;
        } else {
            const parts: string[] = [];
            const chargesBases = item.charge.bases.filter((base) => base.kind === 'charges').length;
            if (chargesBases > 0) {
                const column = this.filterColumn(item.filters);
                parts.push(chargesBases === 1 ? `CAST(${column} AS ${money})` : `CAST(${column} * ${chargesBases} AS ${money})`);
            }
            for (const base of item.charge.bases) {
                if (base.kind !== 'lineItem') continue;
                const flat = groupItems.find((other) => other.name === base.name && other.charge.kind === 'flat');
                // A base that is not a flat item of the group counts 0 (engine: warning line-item-base-invalid).
                if (!flat || flat.charge.kind !== 'flat') continue;
                parts.push(whenActive(flat.periods, `CAST(${sqlString(number(flat.charge.amount, 'amount'))} AS ${money})`));
            }
            const percent = number(item.charge.percent, 'percentage');
            const value = `CAST(${sqlString(percent)} AS DECIMAL(38, ${decimals(percent) + 2})) * CAST(0.01 AS DECIMAL(3, 2))`;
            amount = parts.length === 0 ? `CAST(0 AS ${money})` : `CAST((${parts.join(' + ')}) * ${value} AS ${money})`;
        }
        return { negative: item.type === 'CREDIT', expression: whenActive(item.periods, amount) };
    }

    // ---- The result ----------------------------------------------------------------------------------------------

    private finalSelect(): string {
        const money = this.money;
        const mixed = `'billing sql: the data mixes currencies (' || currency_min || ', ' || currency_max || '); one bill has one currency'`;
        const ratio = `CAST(margin AS ${this.dialect.double}) * 10000 / CAST(proforma_cost AS ${this.dialect.double})`;
        const integer = 'DECIMAL(38, 0)';
        const low = `CAST(floor(ratio) AS ${integer})`;
        const tie = `margin * 20000 - (${low} * 2 + 1) * proforma_cost`;
        return `SELECT record, billing_group, period,
    CASE WHEN record = 'total' AND currency_min <> currency_max THEN ${this.fail(mixed, this.input)} ELSE aws_cost END AS aws_cost,
    charges, proforma_cost, margin,
    -- margin ÷ pro forma × 100, half-even to 2 decimals: the double quotient decides unless it lies within
    -- 1e-9 (relative) of a half; then the exact decimal comparison does. NULL when the pro forma cost is 0.
    CASE WHEN record <> 'group' OR proforma_cost = 0 THEN NULL
        ELSE CAST(CASE
            WHEN abs(ratio - floor(ratio) - 0.5) > 1e-9 * (1 + abs(ratio)) THEN CAST(round(ratio) AS ${integer})
            WHEN ${tie} = 0 THEN CASE WHEN floor(ratio) - 2 * floor(floor(ratio) / 2) = 0 THEN ${low} ELSE ${low} + 1 END
            WHEN (${tie} > 0) = (proforma_cost > 0) THEN ${low} + 1
            ELSE ${low}
        END AS ${integer}) * CAST(0.01 AS DECIMAL(3, 2))
    END AS margin_percent
FROM (
    SELECT *, CASE WHEN record = 'group' AND proforma_cost <> 0 THEN ${ratio} END AS ratio
    FROM (
        SELECT
            CASE WHEN grouping(record) = 1 THEN 'total' ELSE record END AS record,
            billing_group, period,
            CASE WHEN grouping(period) = 1 THEN 1 ELSE 0 END + CASE WHEN grouping(record) = 1 THEN 1 ELSE 0 END AS level,
            min(group_key) AS group_key,
            sum(aws_cost) AS aws_cost,
            CAST(sum(charges) AS ${money}) AS charges,
            CAST(sum(proforma_cost) AS ${money}) AS proforma_cost,
            CAST(sum(margin) AS ${money}) AS margin,
            min(currency_min) AS currency_min,
            max(currency_max) AS currency_max
        FROM billed
        GROUP BY GROUPING SETS ((record, group_key, billing_group, period), (record, group_key, billing_group), ())
    ) rolled
    WHERE level = 0 OR (level = 1 AND record = 'unassigned') OR level = 2
) result
ORDER BY level, period, CASE WHEN group_key < 0 THEN 1 ELSE 0 END, group_key`;
    }
}

/** `a + b - c` from signed terms (a credit is subtracted), one term per line. */
function signedSum(terms: readonly { negative: boolean; expression: string }[], separator: string): string {
    return terms.map((term, index) => {
        if (index === 0) return term.negative ? `-${term.expression}` : term.expression;
        return `${separator}${term.negative ? '- ' : '+ '}${term.expression}`;
    }).join('');
}

function snake(key: string): string {
    return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function decimals(text: string): number {
    const point = text.indexOf('.');
    return point < 0 ? 0 : text.length - point - 1;
}

function indent(text: string, levels: number): string {
    const pad = '    '.repeat(levels);
    return text.split('\n').map((line) => pad + line).join('\n');
}

function cte(name: string, body: string, comment: string, as = 'AS'): string {
    return `-- ${comment}\n${name} ${as} (\n    ${body}\n)`;
}

/**
 * A CTE of literal rows; `empty` types the columns of a table with no row (`SELECT … WHERE false`). Without VALUES
 * lists (Redshift), the rows are SELECTs joined by UNION ALL, the first naming the columns.
 */
function valuesCte(dialect: SqlDialect, name: string, columns: readonly string[], rows: readonly (readonly string[])[], empty: readonly string[], comment: string): string {
    if (rows.length === 0) {
        const typed = columns.map((column, index) => `${empty[index] ?? 'CAST(NULL AS VARCHAR)'} AS ${column}`).join(', ');
        return cte(name, `SELECT ${typed} WHERE false`, comment);
    }
    if (!dialect.valuesLists) {
        const selects = rows.map((row, index) => `SELECT ${index === 0 ? row.map((value, i) => `${value} AS ${columns[i]}`).join(', ') : row.join(', ')}`);
        return cte(name, selects.join('\n    UNION ALL '), comment);
    }
    return `-- ${comment}\n${name} (${columns.join(', ')}) AS (\n    VALUES\n        ${rows.map((row) => `(${row.join(', ')})`).join(',\n        ')}\n)`;
}

export { SqlGenerationError };
