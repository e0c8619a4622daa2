import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport, ingest, prepareCube, pricePolicy, priceReport, type CostReport, type PolicyModel } from '../../engine/index.js';
import { readLineItems, referenceBill, type ReferenceBill } from '../../engine/reference/index.js';
import { asReferenceBill } from './engine-as-reference.js';
import { dataFile, periodSelection, policy, writeCur, type DataFile } from './random-billing.js';

/**
 * The engine's prepared-cube path (ingest → prepareCube → pricePolicy → buildReport, the public API the CLI's
 * priceForCli calls) against the reference pricer (engine/reference: row by row, exact decimals, one function per
 * docs/semantics.md passage), on random data and random policies: every figure equal, to the last digit.
 * CI runs a fixed seed; FC_RUNS and FC_SEED run deeper or elsewhere (`FC_RUNS=5000 FC_SEED=7 npx vitest run test/reference`).
 */
const RUNS = Number(process.env.FC_RUNS ?? 300);
const SEED = Number(process.env.FC_SEED ?? 1212);

async function both(data: DataFile, model: PolicyModel, periods: readonly string[] | undefined): Promise<{ engine: CostReport; headline: CostReport; reference: ReferenceBill }> {
    const cur = writeCur(data);
    try {
        const prepared = prepareCube(await ingest(cur.files, { workers: 0 }));
        const engine = buildReport(pricePolicy(prepared, model, periods ? { periods } : {}));
        // The editor's path: headline figures only (detail: false).
        const headline = priceReport(prepared, model, { ...(periods && { periods }), detail: false });
        const reference = referenceBill(await readLineItems(cur.files), model, periods ? { periods } : {});
        return { engine, headline, reference };
    } finally {
        cur.dispose();
    }
}

describe('the prepared-cube pricing path equals the reference pricer', () => {
    // Up to 0.2 s a run on a loaded machine: a deeper run (FC_RUNS) gets the time it needs.
    it('on random data and policies: every figure of every group, unassigned and total, to the last digit', { timeout: Math.max(60_000, RUNS * 200) }, async () => {
        const reached = new Set<string>();
        await fc.assert(fc.asyncProperty(dataFile, policy, periodSelection, async (data, model, periods) => {
            const { engine, headline, reference } = await both(data, model, periods);
            for (const group of reference.groups) {
                if (group.fallback) reached.add('fallback');
                for (const effect of group.rules) {
                    const rule = model.rules.find((candidate) => candidate.name === effect.rule)!;
                    reached.add(`${rule.type} ${rule.type === 'TIERING' ? (rule.customTiers ? 'custom tiers' : 'free tier') : rule.scope}`);
                }
                for (const line of group.customLineItems) if (line.base !== undefined && line.base !== '0') reached.add('percentage item');
            }
            if (reference.unassigned.awsCost !== '0') reached.add('unassigned');
            const { currencies, ...bill } = reference;
            expect(asReferenceBill(engine)).toEqual(bill);
            expect(currencies).toEqual([data.currency]);
            expect(engine.currency).toBe(data.currency);
            expect(engine.reconciliation.difference).toBe('0');
            const headlineOnly = (bill: Omit<ReferenceBill, 'currencies'>) => ({
                ...bill, groups: bill.groups.map(({ byService: _s, byAccount: _a, rules: _r, ...figures }) => figures),
            });
            expect(headlineOnly(asReferenceBill(headline))).toEqual(headlineOnly(bill));
        }), { numRuns: RUNS, seed: SEED });
        // The random data and policies reach every rule the comparison is about (so that equality means something).
        if (RUNS >= 300) {
            expect([...reached].sort()).toEqual([
                'DISCOUNT BILLING_ENTITY', 'DISCOUNT GLOBAL', 'DISCOUNT SERVICE', 'DISCOUNT SKU', 'MARKUP BILLING_ENTITY', 'MARKUP GLOBAL', 'MARKUP SERVICE', 'MARKUP SKU',
                'TIERING custom tiers', 'TIERING free tier', 'fallback', 'percentage item', 'unassigned',
            ]);
        }
    });
});
