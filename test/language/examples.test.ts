import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileLoadedPolicy } from '../../language/compile/index.js';
import { loadPolicyFiles } from '../../language/workspace/policy-loader.js';

/** Entry policies of examples/ (shared/ holds files that the entries import). */
async function entryExamples(): Promise<string[]> {
    const names = await fs.readdir('examples');
    return names.filter(name => name.endsWith('.billing')).map(name => path.join('examples', name)).sort();
}

describe('examples', () => {
    it('has the reference example and the realistic ones', async () => {
        expect(await entryExamples()).toEqual([
            'examples/acme.billing',
            'examples/enterprise-business-units.billing',
            'examples/msp-customers.billing',
            'examples/platform-teams.billing',
            'examples/prod-nonprod.billing',
        ]);
    });

    it('validate with no errors and no warnings, and compile', async () => {
        for (const file of await entryExamples()) {
            const loaded = await loadPolicyFiles([file]);
            const problems = loaded.diagnostics.map(d => `${path.relative('.', d.file)}:${d.diagnostic.range.start.line + 1} ${d.diagnostic.code} ${d.diagnostic.message}`);
            expect(problems, file).toEqual([]);
            expect(compileLoadedPolicy(loaded).model, file).toBeDefined();
        }
    });

    it('validate together as one workspace too (each policy stays separate)', async () => {
        const loaded = await loadPolicyFiles(await entryExamples());
        expect(loaded.diagnostics.map(d => `${d.file}: ${d.diagnostic.code} ${d.diagnostic.message}`)).toEqual([]);
    });

    it('the shared files validate cleanly when loaded with a policy that imports them', async () => {
        const loaded = await loadPolicyFiles(['examples/platform-teams.billing', 'examples/shared/accounts.billing', 'examples/shared/rate-card.billing']);
        expect(loaded.diagnostics.map(d => `${d.file}: ${d.diagnostic.code} ${d.diagnostic.message}`)).toEqual([]);
    });

    it('model the features they are meant to show', async () => {
        const model = async (file: string) => compileLoadedPolicy(await loadPolicyFiles([file])).model!;
        const enterprise = await model('examples/enterprise-business-units.billing');
        expect(enterprise.groups.map(g => g.name)).toEqual(['retail', 'payments', 'data', 'shared-services']);
        expect(enterprise.rules.some(r => r.scope === 'SKU')).toBe(true);
        expect(enterprise.groups.flatMap(g => g.members).some(m => m.from || m.until)).toBe(true);
        expect(enterprise.groups.flatMap(g => g.lineItems).map(i => i.type)).toContain('CREDIT');

        const msp = await model('examples/msp-customers.billing');
        expect(msp.groups.filter(g => g.autoAssociate).map(g => g.name)).toEqual(['unassigned-customers']);
        expect(msp.groups.flatMap(g => g.lineItems).some(i => i.computation === 'ITEMIZED' && i.charge.kind === 'percentage')).toBe(true);
        expect(msp.rules.find(r => r.name === 'marketplace-at-cost')).toMatchObject({ scope: 'BILLING_ENTITY', modifierPercent: '0' });
        expect(new Set(msp.groups.map(g => g.plan))).toEqual(new Set(['gold', 'silver', 'bronze']));

        const environments = await model('examples/prod-nonprod.billing');
        expect(environments.rules.find(r => r.name === 'no-free-tier')).toMatchObject({ scope: 'GLOBAL', type: 'TIERING', freeTier: false });
        expect(environments.rules.find(r => r.name === 's3-platform-rate')).toMatchObject({ scope: 'SERVICE', type: 'MARKUP', modifierPercent: '3' });

        const teams = await model('examples/platform-teams.billing');
        expect(teams.payer?.id).toBe('999999999999');
        expect(teams.groups.find(g => g.name === 'checkout')?.primaryAccountId).toBe('111111111111');
    });
});
