import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import type { BillingGroup, CustomLineItem, PolicyModel, PricingPlan, PricingRule } from '../../engine/policy/model.js';

/**
 * Generators of billing data (CUR 1.0 rows, written as CSV) and of valid policies (PolicyModel, plain
 * data) for the engine's invariants. Amounts are decimal texts with up to 10 decimals; the tests sum
 * the texts themselves (Decimal) as the independent oracle of the input total.
 */

export const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'];
/** An account of the data that no policy declares. */
export const STRANGER = '666666666666';
// AWSLambda: an Always Free offer (the others' free tier is a 12-month one).
const SERVICES = ['AmazonEC2', 'AmazonS3', 'AmazonRDS', 'AWSLambda', 'AWSSupportBusiness'];
const PERIODS = ['2026-01', '2026-02', '2026-03'];
const OWNER_ARN = (account: string): string => `arn:aws:savingsplans::${account}:savingsplan/sp-1`;

export interface DataRow {
    readonly period: string;
    readonly account: string;
    readonly service: string;
    readonly usageType: string;
    readonly lineItemType: string;
    readonly unblended: string;
    /** '' when the row has no public on-demand cost. */
    readonly publicCost: string;
    readonly usage: string;
    /** Savings Plan ARN ('' for none). */
    readonly savingsPlanArn: string;
}

/** A decimal text of up to `decimals` decimals, in [0, max). */
const amount = (max: number, decimals: number): fc.Arbitrary<string> =>
    fc.tuple(fc.integer({ min: 0, max: max - 1 }), fc.integer({ min: 0, max: 10 ** decimals - 1 }))
        .map(([whole, fraction]) => (decimals === 0 ? String(whole) : `${whole}.${String(fraction).padStart(decimals, '0')}`));

/** Usage rows (priced, with or without public cost, some free tier) and rows pricing treats otherwise. */
export const usageRow: fc.Arbitrary<DataRow> = fc.record({
    period: fc.constantFrom(...PERIODS),
    account: fc.constantFrom(...ACCOUNTS, STRANGER),
    service: fc.constantFrom(...SERVICES),
    usageType: fc.constantFrom('BoxUsage:m5.large', 'TimedStorage-ByteHrs', 'InstanceUsage:db.r5'),
    lineItemType: fc.constant('Usage'),
    unblended: amount(500, 10),
    publicCost: fc.oneof({ weight: 5, arbitrary: amount(600, 10) }, { weight: 1, arbitrary: fc.constant('') }),
    usage: amount(1000, 4),
    savingsPlanArn: fc.constant(''),
}).chain(row => fc.constantFrom(
    row,
    row,
    row,
    // Free tier: billed at zero although its public cost is positive.
    { ...row, unblended: '0', publicCost: row.publicCost === '' || Number(row.publicCost) === 0 ? '1.5' : row.publicCost },
));

/** Rows of every kind a CUR holds: usage, commitments, negations, fees, credits, taxes. */
export const anyRow: fc.Arbitrary<DataRow> = fc.oneof(
    { weight: 6, arbitrary: usageRow },
    {
        weight: 2,
        arbitrary: fc.tuple(usageRow, fc.constantFrom('Tax', 'Credit', 'Refund', 'RIFee', 'SavingsPlanRecurringFee', 'EdpDiscount', 'SomethingNew'))
            .map(([row, type]) => ({ ...row, lineItemType: type, unblended: type === 'Credit' || type.endsWith('Discount') || type === 'Refund' ? `-${row.unblended}` : row.unblended })),
    },
    {
        weight: 2,
        arbitrary: fc.tuple(usageRow, fc.constantFrom(...ACCOUNTS), fc.constantFrom('SavingsPlanCoveredUsage', 'SavingsPlanNegation'))
            .map(([row, owner, type]) => ({ ...row, lineItemType: type, savingsPlanArn: OWNER_ARN(owner), unblended: type === 'SavingsPlanNegation' ? `-${row.unblended}` : row.unblended })),
    },
);

const HEADER = [
    'identity/LineItemId', 'bill/BillingPeriodStartDate', 'lineItem/UsageAccountId', 'lineItem/LineItemType', 'lineItem/ProductCode',
    'lineItem/UsageType', 'lineItem/Operation', 'lineItem/CurrencyCode', 'lineItem/UsageAmount', 'lineItem/UnblendedCost',
    'pricing/publicOnDemandCost', 'savingsPlan/SavingsPlanARN',
];

export function curCsv(rows: readonly DataRow[]): string {
    const lines = rows.map((row, i) => [
        `row-${i}`, `${row.period}-01T00:00:00Z`, row.account, row.lineItemType, row.service, row.usageType, 'RunInstances', 'USD',
        row.usage, row.unblended, row.publicCost, row.savingsPlanArn,
    ].join(','));
    return [HEADER.join(','), ...lines].join('\n') + '\n';
}

/** A temporary folder holding the rows as cur.csv. */
export function writeCur(rows: readonly DataRow[]): { readonly file: string; readonly dir: string; dispose(): void } {
    const dir = mkdtempSync(path.join(tmpdir(), 'billing-invariants-'));
    const file = path.join(dir, 'cur.csv');
    writeFileSync(file, curCsv(rows));
    return { file, dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const markupOrDiscount = fc.tuple(fc.constantFrom('MARKUP' as const, 'DISCOUNT' as const), fc.integer({ min: 0, max: 10000 }))
    .map(([type, hundredths]) => ({ type, modifierPercent: String(hundredths / 100) }));

/** Rules without conflicts: at most one GLOBAL markup/discount, one per service, and a GLOBAL tiering rule maybe. */
const rules: fc.Arbitrary<PricingRule[]> = fc.tuple(
    fc.option(markupOrDiscount, { nil: undefined }),
    fc.uniqueArray(fc.tuple(fc.constantFrom('AmazonEC2', 'AmazonS3', 'AmazonRDS'), markupOrDiscount), { selector: ([service]) => service, maxLength: 3 }),
    fc.option(fc.boolean(), { nil: undefined }),
).map(([global, services, freeTier]) => [
    ...(global ? [{ name: 'global', scope: 'GLOBAL' as const, ...global }] : []),
    ...services.map(([service, rule]) => ({ name: `svc-${service}`, scope: 'SERVICE' as const, service, ...rule })),
    ...(freeTier !== undefined ? [{ name: 'tiering', scope: 'GLOBAL' as const, type: 'TIERING' as const, modifierPercent: '0', freeTier }] : []),
]);

const lineItems: fc.Arbitrary<CustomLineItem[]> = fc.array(fc.tuple(
    fc.constantFrom('FEE' as const, 'CREDIT' as const), fc.boolean(), amount(1000, 2), fc.integer({ min: 0, max: 3000 }),
    fc.constantFrom('CONSOLIDATED' as const, 'ITEMIZED' as const), fc.option(fc.constantFrom('2026-02', '2026-03'), { nil: undefined }),
), { maxLength: 3 }).map(items => items.map(([type, flat, value, hundredths, computation, from], i): CustomLineItem => ({
    name: `item-${i}`,
    type,
    charge: flat || i === 0 ? { kind: 'flat', amount: value } : { kind: 'percentage', percent: String(hundredths / 100), bases: [{ kind: 'charges' }, { kind: 'lineItem', name: 'item-0' }] },
    filters: [],
    computation: flat || i === 0 ? 'CONSOLIDATED' : computation,
    periods: from ? { from } : {},
})));

/**
 * A valid policy: the declared accounts split among one to three groups (disjoint), each on a plan whose
 * rules never conflict, maybe one auto-associate group, custom line items; some accounts in no group.
 */
export const policy: fc.Arbitrary<PolicyModel> = fc.tuple(
    rules, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: ACCOUNTS.length, maxLength: ACCOUNTS.length }),
    fc.array(lineItems, { minLength: 3, maxLength: 3 }), fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
    fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
).map(([ruleList, assignment, items, autoGroup, secondPlan]) => {
    const plans: PricingPlan[] = [
        { name: 'all-rules', rules: ruleList.map(rule => rule.name) },
        { name: 'public', rules: [] },
    ];
    const groups: BillingGroup[] = [];
    for (let g = 0; g < 3; g++) {
        const members = ACCOUNTS.filter((_id, i) => assignment[i] === g);
        if (members.length === 0) continue;
        groups.push({
            name: `group-${g}`,
            primaryAccountId: members[0]!,
            members: members.map(accountId => ({ accountId })),
            plan: secondPlan[g] ? 'public' : 'all-rules',
            autoAssociate: autoGroup === g,
            lineItems: items[g]!,
        });
    }
    return { accounts: ACCOUNTS.map(id => ({ id })), rules: ruleList, plans, groups, dataPaths: [] };
});
