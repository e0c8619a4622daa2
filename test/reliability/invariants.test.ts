import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportProformaCur } from '../../engine/export/index.js';
import { ingest } from '../../engine/ingest/index.js';
import { Decimal } from '../../engine/money/decimal.js';
import type { PolicyModel, PricingRule } from '../../engine/policy/model.js';
import { prepareCube, pricePolicy, priceReport, ruleFactor } from '../../engine/price/index.js';
import type { CostReport } from '../../engine/report/types.js';
import { ACCOUNTS, anyRow, policy, usageRow, writeCur, type DataRow } from './generated-billing.js';

/**
 * The money invariants, as properties over generated CUR rows and generated (valid) policies. The oracle
 * of every total is the sum of the generated decimal texts themselves, never the engine's figures.
 */

const RUNS = 60;
const SUPPORT = /^AWSSupport/;
const sum = (values: Iterable<string | Decimal>): Decimal => {
    let total = new Decimal(0);
    for (const value of values) total = total.plus(value === '' ? 0 : value);
    return total;
};
const periodsOf = (rows: readonly DataRow[]): string[] => [...new Set(rows.map(row => row.period))].sort();

async function report(rows: readonly DataRow[], model: PolicyModel): Promise<CostReport> {
    const cur = writeCur(rows);
    try {
        return priceReport(prepareCube(await ingest([cur.file], { workers: 0 })), model);
    } finally {
        cur.dispose();
    }
}

/** One group with every account (and the auto-associate flag, for accounts the policy does not declare) on one plan of `rules`. */
function onePlan(rules: PricingRule[]): PolicyModel {
    return {
        accounts: ACCOUNTS.map(id => ({ id })),
        rules,
        plans: [{ name: 'plan', rules: rules.map(rule => rule.name) }],
        groups: [{ name: 'everyone', primaryAccountId: ACCOUNTS[0]!, members: ACCOUNTS.map(accountId => ({ accountId })), plan: 'plan', autoAssociate: true, lineItems: [] }],
        dataPaths: [],
    };
}
const ZERO_MARKUP: PricingRule = { name: 'at-public', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: '0' };
const FREE_TIER_OFF: PricingRule = { name: 'no-free-tier', scope: 'GLOBAL', type: 'TIERING', modifierPercent: '0', freeTier: false };

/**
 * Usage of the line items pricing reprices (Usage, not support), at public cost, or billed cost where the CUR has no
 * public price (empty, or 0 on a billed row).
 */
const hasPublicPrice = (row: DataRow): boolean => row.publicCost !== '' && (!new Decimal(row.publicCost).isZero() || new Decimal(row.unblended).isZero());
const publicOnDemand = (rows: readonly DataRow[]): Decimal =>
    sum(rows.filter(row => row.lineItemType === 'Usage' && !SUPPORT.test(row.service)).map(row => (hasPublicPrice(row) ? row.publicCost : row.unblended)));
/** The generated services whose free tier is a 12-month offer (docs/semantics.md's table): charged whatever the tiering rule. */
const TWELVE_MONTH = new Set(['AmazonEC2', 'AmazonS3', 'AmazonRDS']);
/** Public cost of the usage the AWS Always Free tier covered: billed at zero with a positive public cost. */
const freeTier = (rows: readonly DataRow[]): Decimal =>
    sum(rows.filter(row => row.lineItemType === 'Usage' && !SUPPORT.test(row.service) && !TWELVE_MONTH.has(row.service) && new Decimal(row.unblended).isZero() && row.publicCost !== '' && new Decimal(row.publicCost).gt(0)).map(row => row.publicCost));

describe('money invariants over generated data and policies', () => {
    it('Σ groups + unassigned = input total, exactly, overall and per period', async () => {
        await fc.assert(fc.asyncProperty(fc.array(anyRow, { minLength: 1, maxLength: 40 }), policy, async (rows, model) => {
            const bill = await report(rows, model);
            const input = sum(rows.map(row => row.unblended));
            expect(bill.total.awsCost).toBe(input.toFixed());
            expect(sum([...bill.groups.map(group => group.awsCost), bill.unassigned.awsCost]).toFixed()).toBe(input.toFixed());
            expect(new Decimal(bill.reconciliation.difference).isZero()).toBe(true);
            for (const period of periodsOf(rows)) {
                const groups = bill.groups.filter(group => group.period === period).map(group => group.awsCost);
                const unassigned = bill.unassigned.byPeriod.find(entry => entry.period === period)?.awsCost ?? '0';
                expect(sum([...groups, unassigned]).toFixed(), period).toBe(sum(rows.filter(row => row.period === period).map(row => row.unblended)).toFixed());
            }
            // Pro forma: charges + custom line items, group by group; the total is their sum.
            for (const group of bill.groups) {
                expect(sum([group.charges, ...group.customLineItems.map(item => item.amount)]).toFixed()).toBe(new Decimal(group.proformaCost).toFixed());
            }
            expect(sum(bill.groups.map(group => group.proformaCost)).toFixed()).toBe(new Decimal(bill.total.proformaCost).toFixed());
        }), { numRuns: RUNS, seed: 101 });
    });

    it('a 0% plan with `tiering free-tier off` reproduces the public on-demand cost of priced usage; with the free tier on, less the usage it covered', async () => {
        // Usage rows plus taxes and credits (which a plan never charges).
        const rowsArb = fc.array(fc.oneof({ weight: 5, arbitrary: usageRow }, { weight: 1, arbitrary: usageRow.map(row => ({ ...row, lineItemType: 'Tax' })) },
            { weight: 1, arbitrary: usageRow.map(row => ({ ...row, lineItemType: 'Credit', unblended: `-${row.unblended}` })) }), { minLength: 1, maxLength: 40 });
        await fc.assert(fc.asyncProperty(rowsArb, async rows => {
            const off = await report(rows, onePlan([ZERO_MARKUP, FREE_TIER_OFF]));
            const on = await report(rows, onePlan([ZERO_MARKUP]));
            for (const period of periodsOf(rows)) {
                const inPeriod = rows.filter(row => row.period === period);
                const charges = (bill: CostReport): string => new Decimal(bill.groups.find(group => group.period === period)!.charges).toFixed();
                expect(charges(off), `free tier off, ${period}`).toBe(publicOnDemand(inPeriod).toFixed());
                expect(charges(on), `free tier on, ${period}`).toBe(publicOnDemand(inPeriod).minus(freeTier(inPeriod)).toFixed());
            }
        }), { numRuns: RUNS, seed: 202 });
    });

    it('markup p% then discount p% is not the identity: it multiplies by 1 − (p/100)² (docs/semantics.md)', async () => {
        const rowsArb = fc.array(usageRow, { minLength: 1, maxLength: 20 });
        const percent = fc.integer({ min: 1, max: 10000 }).map(hundredths => String(hundredths / 100));
        await fc.assert(fc.asyncProperty(rowsArb, percent, async (rows, p) => {
            const markup: PricingRule = { name: 'markup', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: p };
            const discount: PricingRule = { name: 'discount', scope: 'GLOBAL', type: 'DISCOUNT', modifierPercent: p };
            const base = new Decimal((await report(rows, onePlan([ZERO_MARKUP, FREE_TIER_OFF]))).total.proformaCost);
            const marked = new Decimal((await report(rows, onePlan([markup, FREE_TIER_OFF]))).total.proformaCost);
            const discounted = new Decimal((await report(rows, onePlan([discount, FREE_TIER_OFF]))).total.proformaCost);
            const ratio = new Decimal(p).dividedBy(100);
            expect(marked.toFixed()).toBe(base.times(ratio.plus(1)).toFixed());
            expect(discounted.toFixed()).toBe(base.times(new Decimal(1).minus(ratio)).toFixed());
            // A second pricing step with the discount, on the marked-up amount.
            const roundTrip = marked.times(ruleFactor(discount));
            expect(roundTrip.toFixed()).toBe(base.minus(base.times(ratio.pow(2))).toFixed());
            if (!base.isZero()) expect(roundTrip.lt(base)).toBe(true);
        }), { numRuns: RUNS, seed: 303 });
    });

    it('removing a group moves its accounts to the auto-associate group, else to unassigned: AWS totals unchanged', async () => {
        const withRemoval = fc.tuple(fc.array(anyRow, { minLength: 1, maxLength: 40 }), policy)
            .filter(([, model]) => model.groups.length > 0)
            .chain(([rows, model]) => fc.tuple(fc.constant(rows), fc.constant(model), fc.integer({ min: 0, max: model.groups.length - 1 })));
        await fc.assert(fc.asyncProperty(withRemoval, async ([rows, model, removed]) => {
            const before = await report(rows, model);
            const gone = model.groups[removed]!;
            const after = await report(rows, { ...model, groups: model.groups.filter((_g, i) => i !== removed) });
            expect(after.total.awsCost).toBe(before.total.awsCost);
            const auto = model.groups.find((group, i) => i !== removed && group.autoAssociate);
            const aws = (bill: CostReport, name: string, period: string): Decimal => new Decimal(bill.groups.find(g => g.name === name && g.period === period)?.awsCost ?? 0);
            const unassigned = (bill: CostReport, period: string): Decimal => new Decimal(bill.unassigned.byPeriod.find(entry => entry.period === period)?.awsCost ?? 0);
            for (const period of periodsOf(rows)) {
                const moved = aws(before, gone.name, period);
                for (const group of model.groups) {
                    if (group === gone) continue;
                    const expected = group === auto ? aws(before, group.name, period).plus(moved) : aws(before, group.name, period);
                    expect(aws(after, group.name, period).toFixed(), `${group.name} ${period}`).toBe(expected.toFixed());
                }
                const expectedUnassigned = auto ? unassigned(before, period) : unassigned(before, period).plus(moved);
                expect(unassigned(after, period).toFixed(), `unassigned ${period}`).toBe(expectedUnassigned.toFixed());
                // The removed group's accounts are now billed to the auto-associate group, or reported as unassigned.
                const accounts = before.groups.find(g => g.name === gone.name && g.period === period)?.accountIds ?? [];
                const withCost = accounts.filter(id => rows.some(row => row.period === period && row.account === id));
                const now = auto
                    ? after.groups.find(g => g.name === auto.name && g.period === period)?.accountIds ?? []
                    : after.unassigned.byPeriod.find(entry => entry.period === period)?.accountIds ?? [];
                for (const id of withCost) expect(now, `${id} in ${period}`).toContain(id);
            }
        }), { numRuns: RUNS, seed: 404 });
    });

    it('export then re-ingest of each group\'s pro forma CUR reproduces its pro forma cost, per period', async () => {
        await fc.assert(fc.asyncProperty(fc.array(anyRow, { minLength: 1, maxLength: 30 }), policy, async (rows, model) => {
            const cur = writeCur(rows);
            try {
                const cube = await ingest([cur.file], { workers: 0 });
                const priced = pricePolicy(prepareCube(cube), model);
                const bill = priceReport(prepareCube(cube), model);
                for (let index = 0; index < model.groups.length; index++) {
                    const output = path.join(cur.dir, `group-${index}.csv`);
                    const result = await exportProformaCur({ priced, groupIndex: index, files: cube.sources, output });
                    const again = await ingest([output], { workers: 0 });
                    for (const group of bill.groups.filter(g => g.name === model.groups[index]!.name)) {
                        const exported = sum(again.cells.filter(cell => cell.period === group.period).map(cell => cell.unblendedCost));
                        expect(exported.toFixed(), `${group.name} ${group.period}`).toBe(new Decimal(group.proformaCost).toFixed());
                        expect(new Decimal(result.totals.get(group.period) ?? 0).toFixed()).toBe(new Decimal(group.proformaCost).toFixed());
                    }
                }
            } finally {
                cur.dispose();
            }
        }), { numRuns: 40, seed: 505 });
    });
});
