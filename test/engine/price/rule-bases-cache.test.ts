import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CubeCell } from '../../../engine/cube/types.js';
import { Decimal } from '../../../engine/money/decimal.js';
import type { BillingGroup, PolicyModel, PricingPlan, PricingRule } from '../../../engine/policy/model.js';
import { buildReport, indexPlans, prepareCube, pricePolicy } from '../../../engine/price/index.js';
import { ruleBasesCacheOf } from '../../../engine/price/rule-bases.js';
import { A1, A2, A3, A4, A5, cube, flatFee, percentFee } from './fixtures.js';

/**
 * The kept segment walks (engine/price/rule-bases.ts) are a cache: pricing a sequence of edited policies against one
 * prepared cube must give, report by report and field by field, what pricing each policy against a freshly prepared
 * cube (nothing kept) gives. The edits change rates, plans' rule lists, scopes, free tier, custom tiers, which plan a
 * group uses and who is in which group (so commitments' owners move in and out of groups), on data with amounts past
 * the double fast path.
 */
const amount = fc.oneof(
    fc.integer({ min: -5_000_000, max: 50_000_000 }).map((cents) => new Decimal(cents).dividedBy(100)),
    fc.bigInt({ min: 0n, max: 10n ** 24n }).map((units) => new Decimal(units.toString()).dividedBy('1e10')),
);
const accounts = [A1, A2, A3, A4, A5];
const cellArbitrary = fc
    .record({
        period: fc.constantFrom('2026-01', '2026-02'),
        accountId: fc.constantFrom(...accounts),
        service: fc.constantFrom('AmazonEC2', 'AmazonS3', 'AWSSupportBusiness'),
        usageType: fc.constantFrom('u1', 'u2'),
        operation: fc.constantFrom('o1', 'o2'),
        lineItemType: fc.constantFrom('Usage', 'Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation', 'RIFee', 'Tax'),
        billingEntity: fc.constantFrom('AWS', 'AWS Marketplace'),
        commitmentOwnerId: fc.constantFrom('', '', ...accounts),
        unblendedCost: amount,
        publicOnDemandCost: amount,
        freeTierPublicCost: amount,
        unblendedWithoutPublicCost: amount,
        usageAmount: fc.integer({ min: 0, max: 1000 }).map((n) => new Decimal(n)),
        rowsWithoutPublicCost: fc.constantFrom(0, 0, 1),
    })
    .map((cell): CubeCell => ({ ...cell, currency: 'USD', rows: 1 }));

const percent = fc.constantFrom('0', '5', '7.25', '12.5', '33.33', '100');
const scopeArbitrary = fc.constantFrom<Partial<PricingRule>>(
    { scope: 'GLOBAL' },
    { scope: 'SERVICE', service: 'AmazonEC2' },
    { scope: 'SERVICE', service: 'AmazonS3' },
    { scope: 'BILLING_ENTITY', billingEntity: 'AWS Marketplace' },
    { scope: 'SKU', service: 'AmazonS3', usageType: 'u1' },
    { scope: 'SKU', service: 'AmazonEC2', usageType: 'u2', operation: 'o1' },
    { scope: 'SKU', service: 'AmazonEC2', operation: 'o2' },
);
const rateRule = (name: string): fc.Arbitrary<PricingRule> =>
    fc.record({ type: fc.constantFrom<'MARKUP' | 'DISCOUNT'>('MARKUP', 'DISCOUNT'), modifierPercent: percent, match: scopeArbitrary }).map(({ match, ...rest }) => ({ name, scope: 'GLOBAL', ...rest, ...match }));
const tieringRule = (name: string): fc.Arbitrary<PricingRule> =>
    fc.record({ freeTier: fc.boolean(), custom: fc.boolean(), service: fc.constantFrom(undefined, 'AmazonS3') }).map(({ freeTier, custom, service }) => ({
        name,
        scope: service === undefined ? 'GLOBAL' : 'SERVICE',
        type: 'TIERING',
        modifierPercent: '0',
        freeTier,
        ...(service !== undefined && { service }),
        ...(custom && { customTiers: [{ beginInclusive: '0', endExclusive: '500', rate: '0.013' }, { beginInclusive: '500', rate: '0.0071' }] }),
    }));
const ruleNames = ['r0', 'r1', 'r2', 'r3', 'r4'];
const rulesArbitrary = fc.tuple(...ruleNames.map((name) => rateRule(name)), tieringRule('t0'));
const planArbitrary = (name: string): fc.Arbitrary<PricingPlan> => fc.subarray([...ruleNames, 't0']).map((rules) => ({ name, rules }));
const membersArbitrary = fc.array(fc.constantFrom(...accounts), { minLength: 1, maxLength: 3 });
const groupsArbitrary = fc
    .tuple(membersArbitrary, membersArbitrary, fc.constantFrom('p0', 'p1', 'p2'), fc.constantFrom('p0', 'p1', 'p2'), fc.constantFrom(...accounts))
    .map(([first, second, planA, planB, late]): BillingGroup[] => [
        {
            name: 'g1', primaryAccountId: first[0]!, plan: planA, autoAssociate: false,
            members: [...new Set(first)].map((accountId) => ({ accountId })),
            lineItems: [flatFee('flat', '12.34'), percentFee('pct', '3.5', [{ kind: 'charges' }, { kind: 'lineItem', name: 'flat' }], { filters: [{ kind: 'excludeSavingsPlanNegation' }] })],
        },
        {
            name: 'g2', primaryAccountId: second[0]!, plan: planB, autoAssociate: false,
            members: [...[...new Set(second)].map((accountId) => ({ accountId })), { accountId: late, from: '2026-02' }],
            lineItems: [percentFee('s3', '10', [{ kind: 'charges' }], { filters: [{ kind: 'service', match: 'EQUAL', services: ['AmazonS3'] }] })],
        },
        { name: 'rest', primaryAccountId: A5, plan: 'p2', autoAssociate: true, members: [{ accountId: A5 }], lineItems: [] },
    ]);
const policyArbitrary = fc.record({ rules: rulesArbitrary, plans: fc.tuple(planArbitrary('p0'), planArbitrary('p1'), planArbitrary('p2')), groups: groupsArbitrary }).map(
    ({ rules, plans, groups }): PolicyModel => ({ accounts: [], rules, plans, groups, dataPaths: [] }),
);
/** An edit of the rates only (the common edit): same shapes, so the kept walks are used. */
const withRates = (model: PolicyModel, percents: readonly string[]): PolicyModel => ({
    ...model,
    rules: model.rules.map((rule, r) => (rule.type === 'TIERING' ? rule : { ...rule, modifierPercent: percents[r % percents.length]! })),
});

/** An edit of the tiering rule only (free tier flipped or not, custom tiers added or dropped): another shape, same rate rules. */
const withTiering = (model: PolicyModel, flip: boolean, custom: boolean): PolicyModel => ({
    ...model,
    rules: model.rules.map((rule) => {
        if (rule.type !== 'TIERING') return rule;
        const { customTiers: _customTiers, ...rest } = rule;
        return { ...rest, freeTier: (rule.freeTier !== false) !== flip, ...(custom && { customTiers: [{ beginInclusive: '0', rate: '0.02' }] }) };
    }),
});
/** The groups moved to other plans (another plan may have the same shape). */
const withPlansMoved = (model: PolicyModel): PolicyModel => ({
    ...model,
    groups: model.groups.map((group, g) => ({ ...group, plan: ['p0', 'p1', 'p2'][(Number(group.plan.slice(1)) + g + 1) % 3]! })),
});

describe('kept segment walks', () => {
    it('give the reports a cold pricing gives, over random edits', () => {
        fc.assert(
            fc.property(
                fc.array(cellArbitrary, { minLength: 1, maxLength: 40 }),
                fc.array(fc.tuple(policyArbitrary, fc.array(percent, { minLength: 1, maxLength: 5 }), fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 3 }),
                (cellList, edits) => {
                    const data = cube(cellList);
                    const warm = prepareCube(data);
                    for (const [model, percents, flip, custom] of edits) {
                        for (const edited of [model, withRates(model, percents), withTiering(model, flip, custom), withPlansMoved(model), model]) {
                            for (const detail of [false, true]) {
                                const kept = buildReport(pricePolicy(warm, edited), { detail });
                                const cold = buildReport(pricePolicy(prepareCube(data), edited), { detail });
                                expect(kept).toEqual(cold);
                            }
                        }
                    }
                },
            ),
            { numRuns: 200 },
        );
    });

    it('are kept per plan shape, and used by an edit of the rates', () => {
        const cellList: CubeCell[] = [A1, A2].map((accountId) => ({
            period: '2026-01', accountId, service: 'AmazonEC2', usageType: 'u1', operation: 'o1', lineItemType: 'Usage', billingEntity: 'AWS',
            commitmentOwnerId: '', currency: 'USD', unblendedCost: new Decimal(10), publicOnDemandCost: new Decimal(12), freeTierPublicCost: new Decimal(0),
            unblendedWithoutPublicCost: new Decimal(0), usageAmount: new Decimal(1), rows: 1, rowsWithoutPublicCost: 0,
        }));
        const model = (percent: string): PolicyModel => ({
            accounts: [], dataPaths: [],
            rules: [{ name: 'm', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: percent }],
            plans: [{ name: 'p', rules: ['m'] }],
            groups: [{ name: 'g', primaryAccountId: A1, plan: 'p', autoAssociate: false, members: [{ accountId: A1 }, { accountId: A2 }], lineItems: [] }],
        });
        const prepared = prepareCube(cube(cellList));
        expect(buildReport(pricePolicy(prepared, model('10'))).groups[0]!.charges).toBe('26.4');
        const shape = indexPlans(model('10'), []).get('p')!.shape;
        expect(indexPlans(model('20'), []).get('p')!.shape).toBe(shape);
        const table = ruleBasesCacheOf(prepared).table('2026-01', shape);
        const kept = prepared.byPeriod.get('2026-01')!.accounts.map((account) => table.walks[account.index]?.variants[0]);
        expect(kept.every((bases) => bases !== undefined)).toBe(true);
        // 12 × 1.2 per account, from the kept sums (the same objects: nothing walked again).
        expect(buildReport(pricePolicy(prepared, model('20'))).groups[0]!.charges).toBe('28.8');
        expect(prepared.byPeriod.get('2026-01')!.accounts.map((account) => table.walks[account.index]?.variants[0])).toEqual(kept);
        expect(prepared.byPeriod.get('2026-01')!.accounts.every((account, a) => table.walks[account.index]?.variants[0] === kept[a])).toBe(true);
    });
});
