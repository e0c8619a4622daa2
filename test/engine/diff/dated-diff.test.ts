/** `billing diff` on effective-dated pricing (issue 16): a change says which billing periods it affects. */
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import { diffPolicies } from '../../../engine/diff/index.js';
import { createBillingServices } from '../../../language/billing-module.js';
import { compilePolicy } from '../../../language/compile/index.js';
import type { Policy } from '../../../language/generated/ast.js';

const services = createBillingServices(EmptyFileSystem).Billing;
let counter = 0;
async function model(text: string) {
    const document = await parseHelper<Policy>(services)(text, { documentUri: `file:///dated-diff/doc-${counter++}.billing` });
    return compilePolicy([document]);
}

const policy = (modifiers: string, budget = 'budget 1000') => `account 111111111111 "web-prod"
rule std {
${modifiers}
}
plan standard { rules std }
group web {
  primary web-prod
  accounts web-prod
  plan standard
  ${budget}
}
`;

describe('billing diff of dated versions', () => {
    it('a change of only the `from 2026-04` version affects 2026-04 onwards', async () => {
        const base = await model(policy('  markup 7% until 2026-04\n  markup 6% from 2026-04'));
        const head = await model(policy('  markup 7% until 2026-04\n  markup 5% from 2026-04'));
        const [change, ...others] = diffPolicies(base, head);
        expect(others).toEqual([]);
        expect(change).toMatchObject({ element: 'rule', name: 'std', periods: [{ from: '2026-04' }], groups: ['web'] });
        expect(change!.description).toBe('rule std: markup 7% until 2026-04, markup 6% from 2026-04 → markup 7% until 2026-04, markup 5% from 2026-04 (affects from 2026-04)');
    });

    it('a rate change dated from a period affects that period onwards; an earlier version edited affects only its own periods', async () => {
        const undated = await model(policy('  markup 7%'));
        const dated = await model(policy('  markup 7% until 2026-04\n  markup 6% from 2026-04'));
        expect(diffPolicies(undated, dated)[0]!.periods).toEqual([{ from: '2026-04' }]);
        const earlier = await model(policy('  markup 8% until 2026-04\n  markup 6% from 2026-04'));
        expect(diffPolicies(dated, earlier)[0]!.periods).toEqual([{ until: '2026-04' }]);
        // Moving the boundary from 2026-04 to 2026-06: 2026-04 and 2026-05 change (6 % → 7 %), nothing else.
        const moved = await model(policy('  markup 7% until 2026-06\n  markup 6% from 2026-06'));
        expect(diffPolicies(dated, moved)[0]!.periods).toEqual([{ from: '2026-04', until: '2026-06' }]);
    });

    it('a dated budget: the periods of the version that changed', async () => {
        const base = await model(policy('  markup 7%', 'budget 1000 until 2026-03\n  budget 1200 from 2026-03'));
        const head = await model(policy('  markup 7%', 'budget 1000 until 2026-03\n  budget 1500 from 2026-03'));
        const [change] = diffPolicies(base, head);
        expect(change).toMatchObject({ element: 'group', name: 'web', field: 'budget', before: '1000 until 2026-03, 1200 from 2026-03', after: '1000 until 2026-03, 1500 from 2026-03', periods: [{ from: '2026-03' }] });
    });

    it('an undated change has no periods (every period), as before', async () => {
        const [change] = diffPolicies(await model(policy('  markup 7%')), await model(policy('  markup 8%')));
        expect(change).not.toHaveProperty('periods');
        expect(change!.description).toBe('rule std: markup 7% → markup 8%');
    });
});
