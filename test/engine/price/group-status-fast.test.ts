import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareCube } from '../../../engine/price/index.js';
import { groupStatus } from '../../../engine/price/group-status.js';
import { pricePolicy } from '../../../engine/price/price-policy.js';
import type { BillingGroup } from '../../../engine/policy/model.js';
import { A1, A2, A3, A4, A5, A6, cells, cube, policy } from './fixtures.js';

/**
 * pricePolicy decides a group's status without lookups when its primary has line items in the group
 * (`activeByData`); otherwise it asks `groupStatus`. The statuses it reports must be what `groupStatus`
 * alone gives on the same memberships and data, for any policy: random groups over six accounts, with
 * period-ranged members, primaries that are members or not (or '' for transfers), transfers that start
 * later, and accounts that have data in only some periods.
 */
describe('group status on the pricing path', () => {
    const ACCOUNTS = [A1, A2, A3, A4, A5, A6];
    const PERIODS = ['2026-01', '2026-02', '2026-03'];
    const member = fc.record({
        account: fc.constantFrom(...ACCOUNTS),
        from: fc.option(fc.constantFrom(...PERIODS), { nil: undefined }),
        until: fc.option(fc.constantFrom(...PERIODS), { nil: undefined }),
    });
    const groupArb = fc.record({
        members: fc.array(member, { maxLength: 4 }),
        primary: fc.oneof(fc.constantFrom(...ACCOUNTS), fc.constant('')),
        transferFrom: fc.option(fc.option(fc.constantFrom(...PERIODS), { nil: undefined }), { nil: null }),
    });
    const presence = fc.array(fc.tuple(fc.constantFrom(...PERIODS), fc.constantFrom(...ACCOUNTS)), { minLength: 1, maxLength: 18 });

    it('is the status groupStatus gives', () => {
        fc.assert(
            fc.property(fc.array(groupArb, { minLength: 1, maxLength: 4 }), presence, (specs, present) => {
                const data = prepareCube(cube(cells([...new Set(present.map(([period, account]) => `${period} ${account} AmazonEC2 Usage cost=1 pub=1`))].join('\n'))));
                const groups: BillingGroup[] = specs.map((spec, g) => ({
                    name: `g${g}`,
                    primaryAccountId: spec.transferFrom === null && spec.primary === '' ? A1 : spec.primary,
                    members: spec.members.map((m) => ({ accountId: m.account, ...(m.from !== undefined && { from: m.from }), ...(m.until !== undefined && { until: m.until }) })),
                    plan: 'plan',
                    autoAssociate: false,
                    lineItems: [],
                    ...(spec.transferFrom !== null && { transfer: { arn: `arn:transfer/${g}`, ...(spec.transferFrom !== undefined && { from: spec.transferFrom }) } }),
                }));
                const priced = pricePolicy(data, policy([], groups));
                for (const pricing of priced.groups) {
                    const membership = priced.memberships.get(pricing.period)!;
                    const expected = groupStatus(pricing.group, pricing.groupIndex, pricing.period, membership, data.byPeriod.get(pricing.period), pricing.hasUsage);
                    expect(pricing.status).toEqual(expected);
                }
            }),
            { numRuns: 300 },
        );
    });
});
