import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import type { BillingGroup, CustomLineItem, CustomTier, LineItemBase, LineItemFilter, PolicyModel, PricingPlan, PricingRule } from '../../engine/policy/model.js';

/**
 * Random billing data (CUR 1.0 rows with daily `identity/TimeInterval`, one currency per file) and random
 * policies (every rule kind and scope, conflicts, unknown names, custom tiers and line items, period ranges,
 * overlapping memberships) for the reference-pricer property tests. Policies are not valid by construction:
 * the engine must price what validation would warn about exactly as docs/semantics.md says.
 */

export const POOL = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666', '777777777777'];
export const PERIODS = ['2026-01', '2026-02', '2026-03'];
const SERVICES = ['AmazonEC2', 'AmazonS3', 'AWSLambda', 'AmazonCloudFront', 'AmazonVPC', 'AmazonRDS', 'AWSSupportBusiness', 'AWSMarketplaceThing'];
const USAGE_TYPES = ['BoxUsage:m5.large', 'DataTransfer-Out-Bytes', 'USE1-PublicIPv4:InUseAddress', 'TimedStorage-ByteHrs', 'Requests-Tier1'];
const OPERATIONS = ['RunInstances', 'PutObject', ''];
const ENTITIES = ['AWS', 'AWS Marketplace'];
const LINE_ITEM_TYPES = [
    'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation', 'RIFee', 'Fee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee',
    'Credit', 'Tax', 'Refund', 'EdpDiscount', 'PrivateRateDiscount', 'SomeFutureDiscount', 'BrandNewType',
];

export interface DataRow {
    readonly period: string;
    readonly day: number;
    readonly account: string;
    readonly service: string;
    readonly usageType: string;
    readonly operation: string;
    readonly lineItemType: string;
    readonly billingEntity: string;
    readonly unblended: string;
    /** '' when empty. */
    readonly publicCost: string;
    readonly usage: string;
    readonly reservationArn: string;
    readonly savingsPlanArn: string;
    /** CUR 2.0's account name column ('' for none). */
    readonly accountName: string;
}

export interface DataFile {
    readonly format: 'cur1' | 'cur2';
    readonly currency: string;
    /** Whether the files have a public on-demand cost column (without it no row has a public price). */
    readonly publicColumn: boolean;
    /** The rows are split over this many files (alternately). */
    readonly files: number;
    readonly rows: readonly DataRow[];
}

/** A decimal text in (-max, max) (or [0, max) when `signed` is false), up to `decimals` decimals, often fewer. */
const amount = (max: number, decimals: number, signed = false): fc.Arbitrary<string> =>
    fc.tuple(fc.integer({ min: 0, max: max - 1 }), fc.integer({ min: 0, max: decimals }), fc.integer({ min: 0, max: 10 ** decimals - 1 }), fc.boolean())
        .map(([whole, places, fraction, negative]) => {
            const digits = String(fraction).padStart(decimals, '0').slice(0, places);
            const text = places === 0 ? String(whole) : `${whole}.${digits}`;
            return signed && negative && text !== '0' ? `-${text}` : text;
        });

/** Now and then an amount far from the common case: up to 10^15 and 20 decimals (beyond exact doubles: the BigInt paths). */
const wide = (signed: boolean): fc.Arbitrary<string> =>
    fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }), fc.boolean())
        .map(([whole, fraction, negative]) => `${signed && negative ? '-' : ''}${whole}.${fraction.toString().padStart(20, '0')}`);
const money = (max: number, signed: boolean): fc.Arbitrary<string> => fc.oneof({ weight: 12, arbitrary: amount(max, 10, signed) }, { weight: 1, arbitrary: wide(signed) });

const owner = fc.option(fc.constantFrom(...POOL), { nil: undefined, freq: 4 });

const row: fc.Arbitrary<DataRow> = fc.record({
    period: fc.constantFrom(...PERIODS),
    day: fc.integer({ min: 1, max: 27 }),
    account: fc.constantFrom(...POOL),
    service: fc.constantFrom(...SERVICES),
    usageType: fc.constantFrom(...USAGE_TYPES),
    operation: fc.constantFrom(...OPERATIONS),
    lineItemType: fc.oneof({ weight: 3, arbitrary: fc.constant('Usage') }, { weight: 2, arbitrary: fc.constantFrom(...LINE_ITEM_TYPES) }),
    billingEntity: fc.constantFrom(...ENTITIES),
    unblended: money(300, true),
    publicCost: fc.oneof({ weight: 4, arbitrary: money(400, true) }, { weight: 1, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constant('0') }),
    usage: fc.oneof({ weight: 5, arbitrary: amount(2000, 4) }, { weight: 1, arbitrary: fc.constant('') }),
    owner,
    shape: fc.integer({ min: 0, max: 5 }),
    accountName: fc.constantFrom('', 'alpha', 'beta'),
}).map(({ owner: ownerId, shape, ...rest }): DataRow => {
    const covered = rest.lineItemType === 'DiscountedUsage' || rest.lineItemType === 'RIFee';
    const savingsPlan = rest.lineItemType.startsWith('SavingsPlan');
    const base: DataRow = {
        ...rest,
        reservationArn: covered && ownerId ? `arn:aws:ec2:us-east-1:${ownerId}:reserved-instances/ri-${shape}` : '',
        savingsPlanArn: savingsPlan && ownerId ? `arn:aws:savingsplans::${ownerId}:savingsplan/sp-${shape}` : '',
    };
    // Free tier (billed 0, public cost positive), public cost 0 on a billed row, equal costs: the cases the rules turn on.
    if (shape === 0) return { ...base, unblended: '0', publicCost: base.publicCost === '' || base.publicCost.startsWith('-') || Number(base.publicCost) === 0 ? '2.5' : base.publicCost };
    if (shape === 1) return { ...base, publicCost: base.unblended };
    return base;
});

export const dataFile: fc.Arbitrary<DataFile> = fc.record({
    format: fc.constantFrom('cur1' as const, 'cur2' as const),
    currency: fc.constantFrom('USD', 'EUR', 'JPY'),
    publicColumn: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    files: fc.constantFrom(1, 1, 2),
    rows: fc.array(row, { minLength: 1, maxLength: 80, size: 'medium' }),
});

/** CUR 1.0 and CUR 2.0 names of the columns written, in order. */
const COLUMNS: readonly (readonly [string, string])[] = [
    ['identity/LineItemId', 'identity_line_item_id'], ['identity/TimeInterval', 'identity_time_interval'], ['bill/BillingEntity', 'bill_billing_entity'],
    ['bill/BillingPeriodStartDate', 'bill_billing_period_start_date'], ['lineItem/UsageAccountId', 'line_item_usage_account_id'],
    ['lineItem/LineItemType', 'line_item_line_item_type'], ['lineItem/UsageStartDate', 'line_item_usage_start_date'], ['lineItem/ProductCode', 'line_item_product_code'],
    ['lineItem/UsageType', 'line_item_usage_type'], ['lineItem/Operation', 'line_item_operation'], ['lineItem/CurrencyCode', 'line_item_currency_code'],
    ['lineItem/UsageAmount', 'line_item_usage_amount'], ['lineItem/UnblendedCost', 'line_item_unblended_cost'], ['pricing/publicOnDemandCost', 'pricing_public_on_demand_cost'],
    ['reservation/ReservationARN', 'reservation_reservation_a_r_n'], ['savingsPlan/SavingsPlanARN', 'savings_plan_savings_plan_a_r_n'],
    ['lineItem/UsageAccountName', 'line_item_usage_account_name'],
];
const PUBLIC_COLUMN = 13;
const NAME_COLUMN = 16;

const day = (period: string, d: number): string => `${period}-${String(d).padStart(2, '0')}T00:00:00Z`;

/** The CSV of the rows with index ≡ `part` (mod `data.files`); row ids are unique across the files. */
export function curCsv(data: DataFile, part = 0): string {
    // CUR 1.0 has no account name column; a file may lack the public cost column.
    const keep = (column: number): boolean => (column !== PUBLIC_COLUMN || data.publicColumn) && (column !== NAME_COLUMN || data.format === 'cur2');
    const header = COLUMNS.map(([cur1, cur2]) => (data.format === 'cur1' ? cur1 : cur2)).filter((_name, column) => keep(column));
    const lines = data.rows.flatMap((r, i) => (i % data.files !== part ? [] : [[
        `li-${i}`, `${day(r.period, r.day)}/${day(r.period, r.day + 1)}`, `"${r.billingEntity}"`, `${r.period}-01T00:00:00Z`, r.account, r.lineItemType,
        day(r.period, r.day), r.service, r.usageType, r.operation, data.currency, r.usage, r.unblended, r.publicCost, r.reservationArn, r.savingsPlanArn, r.accountName,
    ].filter((_value, column) => keep(column)).join(',')]));
    return [header.join(','), ...lines].join('\n') + '\n';
}

/** The data as CSV files in a temporary folder. */
export function writeCur(data: DataFile): { readonly files: readonly string[]; dispose(): void } {
    const dir = mkdtempSync(path.join(tmpdir(), 'billing-reference-'));
    const files = Array.from({ length: data.files }, (_x, part) => {
        const file = path.join(dir, `cur-${part}.csv`);
        writeFileSync(file, curCsv(data, part));
        return file;
    });
    return { files, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const percent = (maxHundredths: number): fc.Arbitrary<string> => fc.integer({ min: 0, max: maxHundredths }).map((h) => String(h / 100));

const customTiers: fc.Arbitrary<CustomTier[]> = fc.tuple(fc.array(fc.integer({ min: 1, max: 800 }), { minLength: 0, maxLength: 2 }), fc.boolean(), fc.array(amount(3, 4), { minLength: 3, maxLength: 3 }))
    .map(([widths, closed, rates]) => {
        const tiers: CustomTier[] = [];
        let begin = 0;
        widths.forEach((width, i) => {
            tiers.push({ beginInclusive: String(begin), endExclusive: String(begin + width), rate: rates[i]! });
            begin += width;
        });
        tiers.push(closed ? { beginInclusive: String(begin), endExclusive: String(begin + 500), rate: rates[2]! } : { beginInclusive: String(begin), rate: rates[2]! });
        return tiers;
    });

const ruleShape = fc.record({
    scope: fc.constantFrom('GLOBAL' as const, 'SERVICE' as const, 'BILLING_ENTITY' as const, 'SKU' as const, 'SKU' as const),
    kind: fc.constantFrom('MARKUP' as const, 'DISCOUNT' as const, 'TIERING' as const),
    markup: percent(20000),
    discount: percent(10000),
    service: fc.constantFrom(...SERVICES),
    billingEntity: fc.constantFrom(...ENTITIES),
    usageType: fc.option(fc.constantFrom(...USAGE_TYPES), { nil: undefined }),
    operation: fc.option(fc.constantFrom(...OPERATIONS), { nil: undefined }),
    freeTier: fc.option(fc.boolean(), { nil: undefined }),
    tiers: fc.option(customTiers, { nil: undefined, freq: 3 }),
    invalidPercent: fc.integer({ min: 0, max: 30 }),
});

const rules: fc.Arbitrary<PricingRule[]> = fc.array(ruleShape, { minLength: 1, maxLength: 9 }).map((shapes) => shapes.map((shape, i): PricingRule => {
    const name = `r${i % 7}`; // Sometimes two rules share a name: the first of a name is the one a plan gets.
    if (shape.kind === 'TIERING') {
        // Mostly GLOBAL or SERVICE (the scopes tiering has); sometimes another, which pricing ignores.
        const scope = shape.scope === 'SKU' ? 'SERVICE' : shape.scope;
        return {
            name, scope, type: 'TIERING', modifierPercent: '0',
            ...(scope !== 'GLOBAL' && { service: shape.service }), ...(scope === 'BILLING_ENTITY' && { billingEntity: shape.billingEntity }),
            ...(shape.freeTier !== undefined && { freeTier: shape.freeTier }), ...(shape.tiers && { customTiers: shape.tiers }),
        };
    }
    const modifierPercent = shape.invalidPercent === 0 ? 'lots' : shape.kind === 'MARKUP' ? shape.markup : shape.discount;
    const base = { name, scope: shape.scope, type: shape.kind, modifierPercent };
    switch (shape.scope) {
        case 'GLOBAL': return base;
        case 'SERVICE': return { ...base, service: shape.service };
        case 'BILLING_ENTITY': return { ...base, billingEntity: shape.billingEntity };
        case 'SKU': return { ...base, service: shape.service, ...(shape.usageType !== undefined && { usageType: shape.usageType }), ...(shape.operation !== undefined && { operation: shape.operation }) };
    }
}));

const range = fc.record({
    from: fc.option(fc.constantFrom('2025-12', ...PERIODS), { nil: undefined, freq: 2 }),
    until: fc.option(fc.constantFrom(...PERIODS, '2026-04'), { nil: undefined, freq: 2 }),
});

const lineItemShape = fc.record({
    type: fc.constantFrom('FEE' as const, 'CREDIT' as const),
    flat: fc.boolean(),
    amount: amount(1000, 3),
    percent: percent(5000),
    bases: fc.array(fc.constantFrom('charges', 'flat', 'percentage', 'nothing'), { minLength: 1, maxLength: 3 }),
    filters: fc.array(fc.oneof(
        fc.constant<LineItemFilter>({ kind: 'excludeSavingsPlanNegation' }),
        fc.record({ kind: fc.constant('service' as const), match: fc.constantFrom('EQUAL' as const, 'NOT_EQUAL' as const), services: fc.uniqueArray(fc.constantFrom(...SERVICES), { minLength: 1, maxLength: 3 }) }),
    ), { maxLength: 2 }),
    accountId: fc.option(fc.constantFrom(...POOL), { nil: undefined }),
    presentationService: fc.option(fc.constantFrom('AmazonEC2', 'Consulting'), { nil: undefined }),
    computation: fc.constantFrom('CONSOLIDATED' as const, 'ITEMIZED' as const),
    periods: range,
    description: fc.option(fc.constant('a note'), { nil: undefined }),
});

type LineItemShape = typeof lineItemShape extends fc.Arbitrary<infer T> ? T : never;

function lineItemsOf(shapes: readonly LineItemShape[], g: number): CustomLineItem[] {
    const names = shapes.map((_s, i) => `g${g}-item${i}`);
    const flatName = names.find((_n, i) => shapes[i]!.flat);
    const percentageName = names.find((_n, i) => !shapes[i]!.flat);
    return shapes.map((shape, i): CustomLineItem => {
        const bases: LineItemBase[] = shape.bases.map((base) => base === 'charges' ? { kind: 'charges' }
            : { kind: 'lineItem', name: base === 'flat' ? (flatName ?? 'ghost') : base === 'percentage' ? (percentageName ?? 'ghost') : 'ghost' });
        return {
            name: names[i]!, type: shape.type,
            charge: shape.flat ? { kind: 'flat', amount: shape.amount } : { kind: 'percentage', percent: shape.percent, bases },
            filters: shape.flat ? [] : shape.filters,
            computation: shape.computation,
            periods: { ...(shape.periods.from && { from: shape.periods.from }), ...(shape.periods.until && { until: shape.periods.until }) },
            ...(shape.accountId && { accountId: shape.accountId }),
            ...(shape.presentationService && { presentationService: shape.presentationService }),
            ...(shape.description && { description: shape.description }),
        };
    });
}

const groupShape = fc.record({
    primary: fc.constantFrom(...POOL),
    listPrimary: fc.integer({ min: 0, max: 5 }),
    members: fc.uniqueArray(fc.record({ accountId: fc.constantFrom(...POOL), range }), { selector: (m) => m.accountId, maxLength: 4 }),
    plan: fc.constantFrom(0, 0, 1, 2, 3),
    autoAssociate: fc.integer({ min: 0, max: 2 }),
    lineItems: fc.array(lineItemShape, { maxLength: 4 }),
    description: fc.option(fc.constant('team'), { nil: undefined }),
});

/**
 * Effective-dated versions (issue 16), applied to some rules, plans and groups: a boundary among the data's periods
 * (or beyond them), a second figure, whether the earlier version exists at all (a rule only `from` the boundary).
 */
const dating = fc.record({
    boundary: fc.constantFrom('2026-02', '2026-03', '2026-04'),
    percent: percent(3000),
    kind: fc.constantFrom('MARKUP' as const, 'DISCOUNT' as const),
    earlier: fc.boolean(),
    picks: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 4 }),
    plan: fc.constantFrom(0, 1, 2, 3),
});
type Dating = typeof dating extends fc.Arbitrary<infer T> ? T : never;

function datedRule(rule: PricingRule, d: Dating | null): PricingRule {
    if (!d || rule.type === 'TIERING') return rule;
    const later = { from: d.boundary, type: d.kind, modifierPercent: d.percent };
    const versions = d.earlier ? [{ until: d.boundary, type: rule.type, modifierPercent: rule.modifierPercent }, later] : [later];
    return { ...rule, type: later.type, modifierPercent: later.modifierPercent, versions };
}

export const policy: fc.Arbitrary<PolicyModel> = fc.record({
    rules,
    ruleDating: fc.array(fc.option(dating, { freq: 2 }), { minLength: 9, maxLength: 9 }),
    planDating: fc.array(fc.option(dating, { freq: 2 }), { minLength: 3, maxLength: 3 }),
    groupDating: fc.array(fc.option(dating, { freq: 2 }), { minLength: 4, maxLength: 4 }),
    plans: fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 }),
    groups: fc.array(groupShape, { minLength: 1, maxLength: 4 }),
    payer: fc.option(fc.constantFrom(...POOL), { nil: undefined }),
    names: fc.array(fc.option(fc.constantFrom('Prod', 'Dev', 'Data'), { nil: undefined }), { minLength: POOL.length, maxLength: POOL.length }),
}).map(({ rules: undatedRules, ruleDating, planDating, groupDating, plans: planShapes, groups: groupShapes, payer, names }): PolicyModel => {
    const ruleList = undatedRules.map((rule, i) => datedRule(rule, ruleDating[i] ?? null));
    const nameOf = (i: number): string => ruleList[i]?.name ?? 'ghost-rule';
    // Plans list rules by name; index 9 and beyond the rules: an unknown name (skipped, warning unknown-rule).
    const plans: PricingPlan[] = planShapes.map((picks, p) => {
        const d = planDating[p];
        const plan = { name: `plan${p}`, rules: picks.map(nameOf) };
        if (!d) return plan;
        // Dated lines: the first picks until the boundary, others from it (the latest lines are `rules`).
        const later = d.picks.map(nameOf);
        return { ...plan, rules: later, ruleLists: [...(d.earlier ? [{ rules: plan.rules, until: d.boundary }] : []), { rules: later, from: d.boundary }] };
    });
    const groups: BillingGroup[] = groupShapes.map((shape, g) => {
        const members = shape.members.map(({ accountId, range: r }) => ({ accountId, ...(r.from && { from: r.from }), ...(r.until && { until: r.until }) }));
        if (shape.listPrimary > 0 && !members.some((m) => m.accountId === shape.primary)) members.unshift({ accountId: shape.primary });
        return {
            name: `group${g}`,
            primaryAccountId: shape.primary,
            members,
            // plan3 (usually) does not exist: its groups are priced at public on-demand rates.
            plan: `plan${groupDating[g]?.plan ?? shape.plan}`,
            ...(groupDating[g] && { planVersions: [
                ...(groupDating[g]!.earlier ? [{ until: groupDating[g]!.boundary, value: `plan${shape.plan}` }] : []),
                { from: groupDating[g]!.boundary, value: `plan${groupDating[g]!.plan}` },
            ] }),
            autoAssociate: shape.autoAssociate === 0,
            lineItems: lineItemsOf(shape.lineItems, g),
            ...(shape.description && { description: shape.description }),
        };
    });
    return {
        accounts: POOL.flatMap((id, i) => (names[i] ? [{ id, name: names[i] }] : [{ id }])),
        ...(payer && { payer: { id: payer, name: 'Payer' } }),
        rules: ruleList, plans, groups, dataPaths: [],
    };
});

/** A period selection: every period (undefined), or some periods, maybe one absent from the data. */
export const periodSelection: fc.Arbitrary<string[] | undefined> = fc.option(fc.uniqueArray(fc.constantFrom(...PERIODS, '2026-05'), { minLength: 1, maxLength: 3 }), { nil: undefined, freq: 2 });
