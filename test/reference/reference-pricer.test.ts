import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolicyModel } from '../../engine/policy/model.js';
import { referenceBill, type LineItem } from '../../engine/reference/index.js';

/**
 * The reference pricer on hand-worked examples (every figure worked out in the comments), so that the oracle of
 * the property tests is itself checked against arithmetic, not against the engine.
 */

interface Row {
    account: string; service: string; type?: string; usageType?: string; operation?: string; owner?: string;
    unblended: string; publicCost?: string; usage?: string;
}
const item = (row: Row): LineItem => ({
    key: {
        period: '2026-01', accountId: row.account, service: row.service, usageType: row.usageType ?? 'TimedStorage-ByteHrs', operation: row.operation ?? 'Op',
        lineItemType: row.type ?? 'Usage', billingEntity: 'AWS', currency: 'USD', commitmentOwnerId: row.owner ?? '',
    },
    accountName: '', unblendedCost: row.unblended, publicOnDemandCost: row.publicCost ?? '', usageAmount: row.usage ?? '1',
});

const A1 = '111111111111';
const A2 = '222222222222';
const B1 = '333333333333';
const NOBODY = '444444444444';

const policy: PolicyModel = {
    accounts: [],
    rules: [
        { name: 'global-markup', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: '10' },
        { name: 's3-discount', scope: 'SERVICE', type: 'DISCOUNT', modifierPercent: '20', service: 'AmazonS3' },
        { name: 'm5-markup', scope: 'SKU', type: 'MARKUP', modifierPercent: '50', service: 'AmazonEC2', usageType: 'BoxUsage:m5.large' },
        { name: 'b-discount', scope: 'GLOBAL', type: 'DISCOUNT', modifierPercent: '10' },
        { name: 'no-free-tier', scope: 'GLOBAL', type: 'TIERING', modifierPercent: '0', freeTier: false },
    ],
    plans: [
        { name: 'A', rules: ['global-markup', 's3-discount', 'm5-markup'] },
        { name: 'B', rules: ['b-discount', 'no-free-tier'] },
    ],
    groups: [
        {
            name: 'a', primaryAccountId: A1, members: [{ accountId: A1 }, { accountId: A2 }], plan: 'A', autoAssociate: false,
            lineItems: [
                { name: 'support', type: 'FEE', charge: { kind: 'flat', amount: '10' }, filters: [], computation: 'CONSOLIDATED', periods: {} },
                {
                    name: 'rebate', type: 'CREDIT', charge: { kind: 'percentage', percent: '10', bases: [{ kind: 'charges' }] },
                    filters: [{ kind: 'excludeSavingsPlanNegation' }], computation: 'CONSOLIDATED', periods: {},
                },
            ],
        },
        { name: 'b', primaryAccountId: B1, members: [{ accountId: B1 }], plan: 'B', autoAssociate: false, lineItems: [] },
    ],
    dataPaths: [],
};

const rows: Row[] = [
    // SKU rule: public 10 × 1.5 = 15.
    { account: A1, service: 'AmazonEC2', usageType: 'BoxUsage:m5.large', unblended: '8', publicCost: '10' },
    // SERVICE rule: public 4 × 0.8 = 3.2.
    { account: A1, service: 'AmazonS3', unblended: '3', publicCost: '4' },
    // No public price: billed 5 × 1.1 (GLOBAL) = 5.5; one fallback row of cost 5.
    { account: A2, service: 'AmazonRDS', unblended: '5', publicCost: '' },
    // Always Free (Lambda), free tier on: base 2 − 2 = 0.
    { account: A2, service: 'AWSLambda', unblended: '0', publicCost: '2' },
    // Covered by a Savings Plan of A1, in the group: kept at 7; its negation kept at −2; the fee kept at 6.
    { account: A2, service: 'AmazonEC2', type: 'SavingsPlanCoveredUsage', owner: A1, unblended: '7', publicCost: '9' },
    { account: A2, service: 'AmazonEC2', type: 'SavingsPlanNegation', owner: A1, unblended: '-2' },
    { account: A1, service: 'AmazonEC2', type: 'SavingsPlanRecurringFee', unblended: '6' },
    // Tax: excluded (0).
    { account: A1, service: 'AmazonEC2', type: 'Tax', unblended: '1.5' },
    // Group b uses A1's plan: repriced at public 6 × 0.9 = 5.4; the negation is dropped.
    { account: B1, service: 'AmazonEC2', type: 'SavingsPlanCoveredUsage', usageType: 'BoxUsage:t3.micro', owner: A1, unblended: '4', publicCost: '6' },
    { account: B1, service: 'AmazonEC2', type: 'SavingsPlanNegation', owner: A1, unblended: '-1' },
    // Free tier off in b: Always Free usage charged at public 3 × 0.9 = 2.7.
    { account: B1, service: 'AWSLambda', unblended: '0', publicCost: '3' },
    // In no group and no auto-associate group: unassigned.
    { account: NOBODY, service: 'AmazonEC2', unblended: '2', publicCost: '2' },
];

describe('reference pricer, hand-worked', () => {
    const bill = referenceBill(rows.map(item), policy);
    const [a, b] = bill.groups;

    it('prices each line item by its treatment and rule', () => {
        // AWS cost a: 8 + 3 + 5 + 0 + 7 − 2 + 6 + 1.5 = 28.5. Charges: 15 + 3.2 + 5.5 + 0 + 7 − 2 + 6 + 0 = 34.7.
        expect(a!.awsCost).toBe('28.5');
        expect(a!.charges).toBe('34.7');
        // Rebate: 10 % of charges without the kept negation, 34.7 − (−2) = 36.7 → −3.67. Pro forma 34.7 + 10 − 3.67 = 41.03.
        expect(a!.customLineItems.map((line) => [line.name, line.amount, line.base])).toEqual([['support', '10', undefined], ['rebate', '-3.67', '36.7']]);
        expect(a!.proformaCost).toBe('41.03');
        // Margin 41.03 − 28.5 = 12.53; 12.53 ÷ 41.03 = 0.30538… → 30.54 %.
        expect(a!.margin).toBe('12.53');
        expect(a!.marginPercent).toBe('30.54');
        expect(a!.fallback).toEqual({ rows: 1, cost: '5' });
        // b: AWS 4 − 1 + 0 = 3; charges 5.4 + 0 + 2.7 = 8.1; margin 5.1, 5.1 ÷ 8.1 = 0.62962… → 62.96 %.
        expect([b!.awsCost, b!.charges, b!.proformaCost, b!.margin, b!.marginPercent]).toEqual(['3', '8.1', '8.1', '5.1', '62.96']);
    });

    it('reports rule effects, services and accounts', () => {
        // GLOBAL: RDS 5 → 5.5 and Lambda 0 → 0; S3 4 → 3.2; SKU 10 → 15.
        expect(a!.rules).toEqual([
            { rule: 'global-markup', publicCost: '5', proformaCost: '5.5', effect: '0.5', cells: 2 },
            { rule: 's3-discount', publicCost: '4', proformaCost: '3.2', effect: '-0.8', cells: 1 },
            { rule: 'm5-markup', publicCost: '10', proformaCost: '15', effect: '5', cells: 1 },
        ]);
        // EC2: AWS 8 + 7 − 2 + 6 + 1.5 = 20.5, pro forma 15 + 7 − 2 + 6 = 26; custom line items under AWSBillingConductor: 10 − 3.67.
        expect(a!.byService).toEqual([
            { service: 'AWSBillingConductor', awsCost: '0', proformaCost: '6.33', margin: '6.33' },
            { service: 'AWSLambda', awsCost: '0', proformaCost: '0', margin: '0' },
            { service: 'AmazonEC2', awsCost: '20.5', proformaCost: '26', margin: '5.5' },
            { service: 'AmazonRDS', awsCost: '5', proformaCost: '5.5', margin: '0.5' },
            { service: 'AmazonS3', awsCost: '3', proformaCost: '3.2', margin: '0.2' },
        ]);
        // A1: AWS 8 + 3 + 6 + 1.5 = 18.5, pro forma 15 + 3.2 + 6 + 6.33 = 30.53; A2: AWS 5 + 0 + 7 − 2 = 10, pro forma 5.5 + 0 + 7 − 2 = 10.5.
        expect(a!.byAccount).toEqual([
            { accountId: A1, awsCost: '18.5', proformaCost: '30.53', margin: '12.03' },
            { accountId: A2, awsCost: '10', proformaCost: '10.5', margin: '0.5' },
        ]);
        // b: tiering effect free tier off: base with AWS defaults 6 + 0 → 6 + 3; discount 9 → 8.1.
        expect(b!.rules).toEqual([
            { rule: 'b-discount', publicCost: '9', proformaCost: '8.1', effect: '-0.9', cells: 2 },
            { rule: 'no-free-tier', publicCost: '6', proformaCost: '9', effect: '3', cells: 2 },
        ]);
    });

    it('reconciles: groups + unassigned = input total', () => {
        expect(bill.unassigned.awsCost).toBe('2');
        expect(bill.unassigned.byPeriod).toEqual([{ period: '2026-01', awsCost: '2', accountIds: [NOBODY] }]);
        // 28.5 + 3 + 2 = 33.5; pro forma 41.03 + 8.1 = 49.13; margin 12.53 + 5.1 = 17.63.
        expect(bill.total).toEqual({ awsCost: '33.5', proformaCost: '49.13', margin: '17.63' });
    });

    it('prices custom tiers on the group\'s usage of one usage type and allocates the cost to the line items by usage', () => {
        const tiered: PolicyModel = {
            accounts: [],
            rules: [
                { name: 'tiers', scope: 'SERVICE', type: 'TIERING', modifierPercent: '0', service: 'AmazonS3', customTiers: [
                    { beginInclusive: '0', endExclusive: '100', rate: '0.5' }, { beginInclusive: '100', rate: '0.2' },
                ] },
                { name: 'markup', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: '10' },
            ],
            plans: [{ name: 'T', rules: ['tiers', 'markup'] }],
            groups: [{ name: 't', primaryAccountId: A1, members: [{ accountId: A1 }, { accountId: A2 }], plan: 'T', autoAssociate: false, lineItems: [] }],
            dataPaths: [],
        };
        const [group] = referenceBill([
            item({ account: A2, service: 'AmazonS3', operation: 'B', unblended: '90', publicCost: '120', usage: '90' }),
            item({ account: A1, service: 'AmazonS3', operation: 'A', unblended: '80', publicCost: '100', usage: '60' }),
        ], tiered).groups;
        // Usage 60 + 90 = 150: 100 × 0.5 + 50 × 0.2 = 60. A1: 60 × 60/150 = 24, A2 (last, the remainder): 36. × 1.1: 26.4 and 39.6.
        expect(group!.charges).toBe('66');
        expect(group!.byAccount.map((line) => [line.accountId, line.proformaCost])).toEqual([[A1, '26.4'], [A2, '39.6']]);
        // The tiering rule replaced the public base 100 + 120 = 220 by 60; the markup took 60 to 66.
        expect(group!.rules).toEqual([
            { rule: 'tiers', publicCost: '220', proformaCost: '60', effect: '-160', cells: 2 },
            { rule: 'markup', publicCost: '60', proformaCost: '66', effect: '6', cells: 2 },
        ]);
    });
});

describe('the reference pricer is independent of what it checks', () => {
    it('imports nothing of engine/price, and only leaves that do not either (ingest, policy model, cube and report types)', () => {
        const folder = path.resolve(__dirname, '../../engine/reference');
        const imports = readdirSync(folder).filter((name) => name.endsWith('.ts'))
            .flatMap((name) => [...readFileSync(path.join(folder, name), 'utf8').matchAll(/from '(\.\.\/[^']+)'/g)].map((match) => match[1]!));
        expect(imports).toContain('../ingest/stream-rows.js');
        // engine/commitments: its data tables only (AWS's normalization factors, RDS engines, usage kinds), never its matching or order.
        expect(imports.filter((target) => !/^\.\.\/(ingest|policy|cube)\/|^\.\.\/report\/types\.js$|^\.\.\/commitments\/(normalization-factors|rds-engines|usage-kinds)\.js$/.test(target))).toEqual([]);
        const engine = path.resolve(__dirname, '../../engine');
        const leaves = [...['ingest', 'policy', 'cube'].flatMap((dir) => readdirSync(path.join(engine, dir)).filter((file) => file.endsWith('.ts')).map((file) => `${dir}/${file}`)), 'report/types.ts', 'commitments/normalization-factors.ts'];
        for (const leaf of leaves) expect(readFileSync(path.join(engine, leaf), 'utf8'), leaf).not.toMatch(/from '\.\.\/price\//);
    });
});
