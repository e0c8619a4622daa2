import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport, ingest, prepareCube, pricePolicy, type PolicyModel } from '../../engine/index.js';
import { readLineItems, referenceBill } from '../../engine/reference/index.js';
import { A, B, C, COMMITMENTS_FIXTURES, FIXTURE_DIR } from '../oracle/commitments-fixtures.js';

/**
 * The reference pricer's hourly re-application (engine/reference/commitments.ts) on the hand-worked fixtures
 * (test/fixtures/commitments, figures worked out by hand in test/oracle/commitments-fixtures.ts): each group's
 * AWS cost, pro forma, eligible and covered on-demand cost equal the hand-worked figures, and every group field
 * (commitments' utilization and coverage included) equals the fast path's.
 */
const POLICY: PolicyModel = {
    accounts: [{ id: A, name: 'owner-a' }, { id: B, name: 'user-b' }, { id: C, name: 'member-c' }],
    payer: { id: '999999999999', name: 'payer' },
    rules: [{ name: 'alpha-markup', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: '10' }, { name: 'beta-markup', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: '20' }],
    plans: [{ name: 'alpha-rate', rules: ['alpha-markup'] }, { name: 'beta-rate', rules: ['beta-markup'] }],
    groups: [
        { name: 'alpha', primaryAccountId: A, members: [{ accountId: A }, { accountId: C }], plan: 'alpha-rate', autoAssociate: false, lineItems: [] },
        { name: 'beta', primaryAccountId: B, members: [{ accountId: B }], plan: 'beta-rate', autoAssociate: false, lineItems: [] },
    ],
    dataPaths: [],
};

describe('reference re-application on the hand-worked commitment fixtures', () => {
    for (const [file, expected] of Object.entries(COMMITMENTS_FIXTURES)) {
        it(`${file}: hand-worked figures, and every field equal to the fast path`, async () => {
            const files = [path.join(FIXTURE_DIR, file)];
            const reference = referenceBill(await readLineItems(files), POLICY);
            for (const name of ['alpha', 'beta'] as const) {
                const group = reference.groups.find((g) => g.name === name)!;
                const hand = expected.groups[name];
                expect([group.awsCost, group.proformaCost, group.commitments?.eligibleCost, group.commitments?.coveredCost])
                    .toEqual([hand.awsCost, hand.proformaCost, hand.eligibleOnDemandCost, hand.coveredOnDemandCost]);
            }
            const engine = buildReport(pricePolicy(prepareCube(await ingest(files, { workers: 0 })), POLICY, {}));
            expect(engine.groups.map(({ presented: _p, ...g }) => g)).toEqual(reference.groups);
        });
    }
});
