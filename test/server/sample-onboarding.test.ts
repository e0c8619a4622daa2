import { afterAll, describe, expect, it } from 'vitest';
import { chooseDataSpec } from '../../server/data/data-source.js';
import { BUNDLED_SAMPLE_CHOICE, SAMPLE_WITHOUT_ACCOUNTS } from '../../server/protocol.js';
import { createKit, lensTitles, TINY_POLICY_TEXT } from './server-kit.js';

/**
 * Onboarding on the user's own data (issue 11, defect 8): a policy whose accounts are not in the bundled sample is not
 * silently priced on it ("no usage" everywhere); the bundled sample is a symbolic choice, named "bundled sample".
 * The sample (examples/data/sample-cur.csv) holds accounts 111111111111…; 999999999991/2 are in no row of it.
 */
const FOREIGN = TINY_POLICY_TEXT.replace(/111111111111/g, '999999999991').replace(/222222222222/g, '999999999992').replace(/333333333333/g, '999999999993');

describe('a policy on the bundled sample', () => {
    const kit = createKit({ dataPaths: [BUNDLED_SAMPLE_CHOICE] });
    afterAll(() => kit.reset());

    it('the symbolic choice is the sample, named "bundled sample" (never its install path)', () => {
        const spec = chooseDataSpec({ explicit: [BUNDLED_SAMPLE_CHOICE], policyPaths: ['/ws/cur.csv'], samplePath: '/ext/v1/examples/data/sample-cur.csv', workspaceRoot: '/ws' });
        expect(spec).toMatchObject({ origin: 'sample', label: 'bundled sample', paths: ['/ext/v1/examples/data/sample-cur.csv'] });
        // The same choice after an update: the new version's sample, still named "bundled sample".
        expect(chooseDataSpec({ explicit: [BUNDLED_SAMPLE_CHOICE], policyPaths: [], samplePath: '/ext/v2/examples/data/sample-cur.csv', workspaceRoot: '/ws' }))
            .toMatchObject({ origin: 'sample', label: 'bundled sample', paths: ['/ext/v2/examples/data/sample-cur.csv'] });
    });

    it('says to select the CUR when none of the policy\'s accounts is in the sample (lens and bill request)', async () => {
        const document = await kit.open(FOREIGN);
        const titles = await lensTitles(kit, document);
        const groupLenses = titles.filter((title) => title.startsWith('13:') || title.startsWith('22:'));
        expect(groupLenses).toContain(`13: ${SAMPLE_WITHOUT_ACCOUNTS}`);
        expect(groupLenses).toContain(`22: ${SAMPLE_WITHOUT_ACCOUNTS}`);
        const lenses = await kit.services.lsp.CodeLensProvider!.provideCodeLens(document, { textDocument: { uri: document.textDocument.uri } }) ?? [];
        expect(lenses.find((lens) => lens.command?.title === SAMPLE_WITHOUT_ACCOUNTS)?.command?.command).toBe('billing.selectData');
        const pricing = kit.services.server.Pricing.pricingFor(document);
        expect(pricing.kind === 'priced' && pricing.sampleWithoutAccounts).toBe(true);
        expect(kit.services.server.Data.status(kit.services.server.Data.entryFor(document)).source).toBe('bundled sample');
    });

    it('prices a policy with accounts of the sample as usual', async () => {
        const document = await kit.open(TINY_POLICY_TEXT);
        const titles = await lensTitles(kit, document);
        expect(titles.some((title) => title.includes(SAMPLE_WITHOUT_ACCOUNTS))).toBe(false);
        expect(titles.find((title) => title.startsWith('13:'))).toMatch(/^13: Pro forma \$/);
    });
});
