import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport, ingest, prepareCube, pricePolicy, type CostReport, type PolicyModel } from '../../engine/index.js';
import { readLineItems, referenceBill } from '../../engine/reference/index.js';
import { asReferenceBill } from './engine-as-reference.js';
import { dataFile, periodSelection, policy, writeCur } from './random-billing.js';

/**
 * An editor prices one prepared cube again and again: the engine keeps each group's detail (and its report
 * lines) from earlier pricings of the cube and reuses them for groups an edit left alone (price-policy.ts
 * DetailMemo, build-report.ts detailLines). Here a sequence of edits — a rule's rate, an account moved between
 * groups, accounts renamed, then the first policy again — is priced on ONE prepared cube, and every report is
 * compared with the reference pricer's bill of the same policy: a reused detail that the edit should have
 * changed shows as a different figure or name.
 */
const RUNS = Math.max(20, Math.round(Number(process.env.FC_RUNS ?? 300) / 3));
const SEED = Number(process.env.FC_SEED ?? 1313);

function bumpRule(model: PolicyModel): PolicyModel {
    const index = model.rules.findIndex((rule) => rule.type !== 'TIERING' && rule.versions === undefined && Number.isFinite(Number(rule.modifierPercent)));
    if (index < 0) return model;
    const rules = model.rules.map((rule, i) => (i === index ? { ...rule, modifierPercent: String(Number(rule.modifierPercent) + 1) } : rule));
    return { ...model, rules };
}

function moveAccount(model: PolicyModel): PolicyModel {
    const [first, second] = model.groups;
    if (!first || !second || first.members.length === 0) return model;
    const moved = first.members.at(-1)!;
    const groups = model.groups.map((group, i) =>
        i === 0 ? { ...group, members: group.members.slice(0, -1) } : i === 1 ? { ...group, members: [...group.members, moved] } : group,
    );
    return { ...model, groups };
}

function renameAccounts(model: PolicyModel): PolicyModel {
    return { ...model, accounts: model.accounts.map((account) => ({ ...account, name: `renamed ${account.id}` })) };
}

describe('re-pricing edits on one prepared cube equals the reference pricer', () => {
    it('after each edit: every figure, name and line of every group', { timeout: Math.max(60_000, RUNS * 1000) }, async () => {
        let reused = 0;
        await fc.assert(fc.asyncProperty(dataFile, policy, periodSelection, async (data, model, periods) => {
            const cur = writeCur(data);
            try {
                const prepared = prepareCube(await ingest(cur.files, { workers: 0 }));
                const rows = await readLineItems(cur.files);
                const options = periods ? { periods } : {};
                const edits = [model, bumpRule(model), moveAccount(model), renameAccounts(model), model];
                let previous: CostReport | undefined;
                for (const edit of edits) {
                    const engine = buildReport(pricePolicy(prepared, edit, options));
                    const { currencies: _c, ...bill } = referenceBill(rows, edit, options);
                    expect(asReferenceBill(engine)).toEqual(bill);
                    if (previous) reused += engine.groups.filter((group, i) => group.byService.length > 0 && group.byService === previous!.groups[i]?.byService).length;
                    previous = engine;
                }
            } finally {
                cur.dispose();
            }
        }), { numRuns: RUNS, seed: SEED });
        // The memo was exercised: some groups' lines came from an earlier pricing.
        expect(reused).toBeGreaterThan(0);
    });
});
