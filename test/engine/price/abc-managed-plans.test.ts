import { describe, expect, it } from 'vitest';
import type { BillingGroup } from '../../../engine/policy/model.js';
import { createRowPricer, prepareCube, pricePolicy, priceReport } from '../../../engine/price/index.js';
import { renderMarkdown, renderTable } from '../../../engine/report/index.js';
import { A1, A2, A3, A4, A5, cells, cube, group, markup, policy } from './fixtures.js';

/**
 * ABC's AWS-managed plans (BasicPricingPlan, Passthrough), billing-transfer groups and group status.
 * Every expected figure is worked out by hand next to its assertion.
 */

const ARN = 'arn:aws:organizations::999999999999:transfer/o-abcdefghij/billing/inbound/rt-12345678';

const DATA = cells(`
    2026-01 ${A1} AmazonEC2 Usage cost=8 pub=10
    2026-01 ${A1} AmazonEC2 Credit cost=-2
    2026-01 ${A1} AmazonEC2 Tax cost=1.5
    2026-01 ${A1} AmazonEC2 EdpDiscount cost=-0.8
    2026-01 ${A2} AmazonS3 Usage cost=4 pub=5
    2026-02 ${A2} AmazonS3 Usage cost=6 pub=7
    2026-02 ${A3} AmazonEC2 Usage cost=3 pub=4
    2026-02 ${A3} AmazonEC2 Credit cost=-0.5
`);

function transferGroup(name: string, members: readonly string[], from?: string, plan = 'Passthrough'): BillingGroup {
    return { ...group(name, { primary: '', members, plan }), transfer: { arn: ARN, ...(from !== undefined && { from }) } };
}

describe('BasicPricingPlan (AWS-managed, used by name)', () => {
    it('prices at public on-demand with no rules and no unknown-plan warning, although the policy declares no such plan', () => {
        const report = priceReport(prepareCube(cube(DATA)), policy([markup('ten', '10')], [group('std', { primary: A1, members: [A1, A2], plan: 'BasicPricingPlan' })]));
        const january = report.groups.find((g) => g.period === '2026-01')!;
        // AWS cost: 8 − 2 + 1.5 − 0.8 + 4 = 10.7. Pro forma: public 10 + 5 = 15 (credit, tax, EDP left out; the plan's 10 % not applied).
        expect(january).toMatchObject({ plan: 'BasicPricingPlan', awsCost: '10.7', proformaCost: '15', billingGroupType: 'STANDARD', status: 'ACTIVE' });
        expect(report.issues.filter((issue) => issue.code === 'unknown-plan')).toEqual([]);
    });

    it('a declared plan of that name wins (validation reports it as BIL096)', () => {
        const model = { ...policy([markup('ten', '10')], [group('std', { primary: A1, members: [A1, A2], plan: 'BasicPricingPlan' })]), plans: [{ name: 'BasicPricingPlan', rules: ['ten'] }] };
        const january = priceReport(prepareCube(cube(DATA)), model).groups.find((g) => g.period === '2026-01')!;
        // (10 + 5) × 1.1 = 16.5.
        expect(january.proformaCost).toBe('16.5');
    });
});

describe('Passthrough (AWS-managed, billing-transfer groups)', () => {
    it('bills every line item at its billed cost: credits, tax and discounts included, margin 0, per service and account too', () => {
        const model = policy([markup('ten', '10')], [transferGroup('customer', [A1, A2])]);
        const report = priceReport(prepareCube(cube(DATA)), model);
        const january = report.groups.find((g) => g.period === '2026-01')!;
        // 8 − 2 + 1.5 − 0.8 + 4 = 10.7, as billed.
        expect(january).toMatchObject({ awsCost: '10.7', charges: '10.7', proformaCost: '10.7', margin: '0', billingGroupType: 'TRANSFER_BILLING', status: 'ACTIVE' });
        // AmazonEC2: 8 − 2 + 1.5 − 0.8 = 6.7; AmazonS3: 4.
        expect(january.byService.map((line) => [line.service, line.proformaCost])).toEqual([['AmazonEC2', '6.7'], ['AmazonS3', '4']]);
        expect(january.byAccount.map((line) => [line.accountId, line.proformaCost])).toEqual([[A1, '6.7'], [A2, '4']]);
        expect(january.rules).toEqual([]);
        expect(report.issues.filter((issue) => issue.code === 'unknown-plan' || issue.code === 'public-cost-missing')).toEqual([]);
    });

    it('the row pricer keeps every row of a Passthrough group at its billed cost (the export agrees)', () => {
        const priced = pricePolicy(prepareCube(cube(DATA)), policy([], [transferGroup('customer', [A1])]));
        const pricer = createRowPricer(priced);
        const credit = DATA.find((cell) => cell.lineItemType === 'Credit' && cell.accountId === A1)!;
        const tax = DATA.find((cell) => cell.lineItemType === 'Tax')!;
        expect(pricer.price(credit)).toMatchObject({ treatment: 'kept' });
        expect(pricer.price(credit).proformaCost.toString()).toBe('-2');
        expect(pricer.price(tax).proformaCost.toString()).toBe('1.5');
    });
});

describe('billing-transfer groups and group status', () => {
    it('a transfer group is PENDING before its first period and bills nothing; its accounts are not auto-associated meanwhile', () => {
        const model = policy([], [
            group('house', { primary: A2, members: [A2], plan: 'BasicPricingPlan', autoAssociate: true }),
            transferGroup('customer', [A1, A3], '2026-02'),
        ]);
        const report = priceReport(prepareCube(cube(DATA)), model);
        const customerJanuary = report.groups.find((g) => g.name === 'customer' && g.period === '2026-01')!;
        expect(customerJanuary).toMatchObject({ status: 'PENDING', statusReason: 'the billing transfer starts in 2026-02', accountIds: [], awsCost: '0', proformaCost: '0' });
        // A1's January line items (8 − 2 + 1.5 − 0.8 = 6.7) are unassigned: not the auto-associate group's.
        expect(report.unassigned.byPeriod.find((line) => line.period === '2026-01')).toMatchObject({ awsCost: '6.7', accountIds: [A1] });
        expect(report.groups.find((g) => g.name === 'house' && g.period === '2026-01')!.accountIds).toEqual([A2]);
        const customerFebruary = report.groups.find((g) => g.name === 'customer' && g.period === '2026-02')!;
        // A3 in February: 3 − 0.5 = 2.5, passed through.
        expect(customerFebruary).toMatchObject({ status: 'ACTIVE', accountIds: [A1, A3], awsCost: '2.5', proformaCost: '2.5' });
        expect(customerFebruary.statusReason).toBeUndefined();
        // Reconciliation: groups + unassigned = 10.7 + 8.5 (Feb: 6 + 3 − 0.5) = 19.2.
        expect(report.total.awsCost).toBe('19.2');
    });

    it('PRIMARY_ACCOUNT_MISSING in a period where the group has line items but none of the primary\'s, or members but not the primary', () => {
        const model = policy([], [
            group('std', { primary: A1, members: [A1, A2], plan: 'BasicPricingPlan' }),
            // A4 has no data: a member all the time; the primary A3 only from February.
            group('later', { primary: A3, members: [`${A3} 2026-02..`, A4], plan: 'BasicPricingPlan' }),
            // No account of this group has data: idle, not missing.
            group('idle', { primary: A5, plan: 'BasicPricingPlan' }),
        ]);
        const report = priceReport(prepareCube(cube(DATA)), model);
        const status = (name: string, period: string) => {
            const found = report.groups.find((g) => g.name === name && g.period === period)!;
            return [found.status, found.statusReason];
        };
        expect(status('std', '2026-01')).toEqual(['ACTIVE', undefined]);
        // A1 has no line item in February.
        expect(status('std', '2026-02')).toEqual(['PRIMARY_ACCOUNT_MISSING', `the primary account ${A1} has no line item in 2026-02`]);
        // A3's membership starts in February.
        expect(status('later', '2026-01')).toEqual(['PRIMARY_ACCOUNT_MISSING', `the primary account ${A3} is not a member of the group in 2026-01`]);
        expect(status('later', '2026-02')).toEqual(['ACTIVE', undefined]);
        expect(status('idle', '2026-01')).toEqual(['ACTIVE', undefined]);
    });
});

describe('group status in the table and markdown reports', () => {
    const model = policy([], [group('house', { primary: A2, members: [A2], plan: 'BasicPricingPlan' }), transferGroup('customer', [A3], '2026-02')]);

    it('adds a Status column and a note naming each group that is not ACTIVE, with ABC\'s reason', () => {
        const report = priceReport(prepareCube(cube(DATA)), model);
        const table = renderTable(report, { issues: false });
        expect(table).toMatch(/^Group +Period +Status +Accounts/m);
        expect(table).toMatch(/^customer +2026-01 +PENDING /m);
        expect(table).toMatch(/^house +2026-01 +ACTIVE /m);
        expect(table).toContain('Note: Status is the billing group\'s status as AWS Billing Conductor reports it: customer 2026-01 PENDING (the billing transfer starts in 2026-02).');
        const markdown = renderMarkdown(report, { issues: false });
        expect(markdown).toContain('| Group | Period | Status | Accounts |');
        expect(markdown).toContain('| customer | 2026-01 | PENDING | 0 |');
    });

    it('has no Status column when every group is ACTIVE (the common table is unchanged)', () => {
        const report = priceReport(prepareCube(cube(DATA)), policy([], [group('house', { primary: A2, members: [A2], plan: 'BasicPricingPlan' })]));
        expect(renderTable(report, { issues: false })).toMatch(/^Group +Period +Accounts/m);
        expect(renderMarkdown(report, { issues: false })).toContain('| Group | Period | Accounts |');
    });
});
