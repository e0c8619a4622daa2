import * as path from 'node:path';
import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { parseHelper } from 'langium/test';
import { afterEach, describe, expect, it } from 'vitest';
import type { PolicyModel } from '../../engine/policy/model.js';
import { createBillingServices } from '../../language/billing-module.js';
import { compileEntries, compileLoadedPolicy, compilePolicy } from '../../language/compile/index.js';
import type { Policy } from '../../language/generated/ast.js';
import { loadPolicyFiles } from '../../language/workspace/policy-loader.js';
import { removeFolder, writePolicyFiles } from './policy-files.js';

const folders: string[] = [];
afterEach(async () => {
    await Promise.all(folders.splice(0).map(removeFolder));
});

async function folderWith(files: Record<string, string>): Promise<string> {
    const folder = await writePolicyFiles(files);
    folders.push(folder);
    return folder;
}

const services = createBillingServices(EmptyFileSystem).Billing;
let counter = 0;
async function compileText(text: string): Promise<PolicyModel> {
    const document = await parseHelper<Policy>(services)(text, { documentUri: `file:///compile/test-${counter++}.billing` });
    return compilePolicy([document]);
}

describe('compilePolicy on the reference example', () => {
    it('produces the model written out by hand from examples/acme.billing', async () => {
        const file = path.resolve('examples/acme.billing');
        const loaded = await loadPolicyFiles([file]);
        const result = compileLoadedPolicy(loaded);
        expect(result.errors).toBeUndefined();
        const uri = loaded.entries[0].uri.toString();
        const at = (line: number, column: number) => ({ uri, line, column });
        const payer = { id: '999999999999', name: 'acme-management', origin: at(2, 7) };
        const expected: PolicyModel = {
            payer,
            accounts: [
                payer,
                { id: '111111111111', name: 'web-prod', origin: at(4, 9) },
                { id: '222222222222', name: 'web-dev', origin: at(5, 9) },
                { id: '333333333333', name: 'data-prod', origin: at(6, 9) },
                { id: '444444444444', name: 'shared-services', origin: at(7, 9) },
            ],
            rules: [
                { name: 'standard-markup', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: '7', origin: at(9, 6) },
                {
                    name: 'ec2-discount', scope: 'SERVICE', type: 'DISCOUNT', modifierPercent: '10', service: 'AmazonEC2',
                    origin: at(10, 6),
                },
                {
                    name: 'marketplace-at-cost', scope: 'BILLING_ENTITY', type: 'MARKUP', modifierPercent: '0',
                    billingEntity: 'AWS Marketplace', origin: at(11, 6),
                },
                {
                    name: 'm5-large-rate', scope: 'SKU', type: 'DISCOUNT', modifierPercent: '12', service: 'AmazonEC2',
                    usageType: 'USE1-BoxUsage:m5.large', operation: 'RunInstances', origin: at(12, 6),
                },
                { name: 'no-free-tier', scope: 'GLOBAL', type: 'TIERING', modifierPercent: '0', freeTier: false, origin: at(13, 6) },
            ],
            plans: [{
                name: 'standard',
                description: 'Standard internal rate card',
                rules: ['standard-markup', 'ec2-discount', 'marketplace-at-cost', 'm5-large-rate', 'no-free-tier'],
                origin: at(15, 6),
            }],
            groups: [
                {
                    name: 'web',
                    description: 'Web business unit',
                    primaryAccountId: '111111111111',
                    // "  accounts " is 11 characters: the first id starts in column 12, the second after ", " in column 26.
                    members: [
                        { accountId: '111111111111', origin: at(21, 12) },
                        { accountId: '222222222222', origin: at(21, 26) },
                    ],
                    plan: 'standard',
                    autoAssociate: false,
                    lineItems: [
                        {
                            name: 'platform', description: 'Platform operations', type: 'FEE',
                            charge: { kind: 'flat', amount: '500.00' }, filters: [], computation: 'CONSOLIDATED',
                            periods: {}, origin: at(23, 7),
                        },
                        {
                            name: 'security', description: 'Security tooling', type: 'FEE',
                            charge: { kind: 'percentage', percent: '2', bases: [{ kind: 'charges' }, { kind: 'lineItem', name: 'platform' }] },
                            filters: [], computation: 'CONSOLIDATED', periods: {}, origin: at(24, 7),
                        },
                        {
                            name: 'migration', description: 'Migration credit', type: 'CREDIT',
                            charge: { kind: 'percentage', percent: '5', bases: [{ kind: 'charges' }] },
                            filters: [{ kind: 'excludeSavingsPlanNegation' }], computation: 'CONSOLIDATED', periods: {},
                            origin: at(25, 10),
                        },
                        {
                            name: 'support', description: 'Support allocation', type: 'FEE',
                            charge: { kind: 'flat', amount: '250' }, filters: [], accountId: '222222222222',
                            computation: 'CONSOLIDATED', periods: { from: '2026-01', until: '2026-07' }, origin: at(26, 7),
                        },
                    ],
                    origin: at(19, 7),
                },
                {
                    name: 'data',
                    description: 'Data platform',
                    primaryAccountId: '333333333333',
                    members: [
                        { accountId: '333333333333', origin: at(31, 12) },
                        { accountId: '444444444444', origin: at(31, 26) },
                    ],
                    plan: 'standard',
                    autoAssociate: true,
                    lineItems: [],
                    origin: at(29, 7),
                },
            ],
            dataPaths: [],
        };
        expect(result.model).toStrictEqual(expected);
    });

    it('is plain JSON data', async () => {
        const loaded = await loadPolicyFiles([path.resolve('examples/acme.billing')]);
        const model = compilePolicy(loaded.documents);
        expect(JSON.parse(JSON.stringify(model))).toStrictEqual(model);
    });
});

describe('rules', () => {
    it('derives scope and type from the fields', async () => {
        const model = await compileText(`
rule g { discount 3% }
rule s { markup 1.25% service AmazonS3 }
rule b { markup 0% billing-entity AWS }
rule sku-usage { discount 4% service AmazonEC2 usage-type "USE1-BoxUsage:t3.micro" }
rule sku-operation { discount 4% service AWSLambda operation Invoke }
rule free { tiering }
rule free-off { tiering free-tier off }
rule free-on { tiering free-tier on }
`);
        expect(model.rules.map(r => [r.name, r.scope, r.type, r.modifierPercent])).toEqual([
            ['g', 'GLOBAL', 'DISCOUNT', '3'],
            ['s', 'SERVICE', 'MARKUP', '1.25'],
            ['b', 'BILLING_ENTITY', 'MARKUP', '0'],
            ['sku-usage', 'SKU', 'DISCOUNT', '4'],
            ['sku-operation', 'SKU', 'DISCOUNT', '4'],
            ['free', 'GLOBAL', 'TIERING', '0'],
            ['free-off', 'GLOBAL', 'TIERING', '0'],
            ['free-on', 'GLOBAL', 'TIERING', '0'],
        ]);
        expect(model.rules.map(r => r.freeTier)).toEqual([undefined, undefined, undefined, undefined, undefined, true, false, true]);
        expect(model.rules[4]).toMatchObject({ service: 'AWSLambda', operation: 'Invoke' });
        expect(model.rules[4].usageType).toBeUndefined();
    });

    it('keeps custom tiers as written, open-ended last tier without an end', async () => {
        const model = await compileText(`rule s3 "S3 storage" {
  service AmazonS3
  tiering free-tier off
  tier 0 to 51200 at 0.023
  tier 51200 to 512000 at 0.0220
  tier 512000 at 0.021
}`);
        expect(model.rules[0]).toStrictEqual({
            name: 's3', description: 'S3 storage', scope: 'SERVICE', type: 'TIERING', modifierPercent: '0',
            service: 'AmazonS3', freeTier: false,
            customTiers: [
                { beginInclusive: '0', endExclusive: '51200', rate: '0.023' },
                { beginInclusive: '51200', endExclusive: '512000', rate: '0.0220' },
                { beginInclusive: '512000', rate: '0.021' },
            ],
            origin: { uri: expect.any(String), line: 1, column: 6 },
        });
    });
});

describe('groups and line items', () => {
    it('resolves account names to ids and keeps membership period ranges', async () => {
        const model = await compileText(`
account 111111111111 "web-prod"
account 222222222222 "Web Dev"
group web {
  primary web-prod
  accounts web-prod
  accounts "Web Dev", 333333333333 from 2026-02 until 2026-05
  accounts 444444444444 until 2026-01
  plan p
}
rule r { markup 1% }
plan p { rules r }`);
        expect(model.groups[0].primaryAccountId).toBe('111111111111');
        expect(model.groups[0].members.map(({ origin: _origin, ...member }) => member)).toEqual([
            { accountId: '111111111111' },
            { accountId: '222222222222', from: '2026-02', until: '2026-05' },
            { accountId: '333333333333', from: '2026-02', until: '2026-05' },
            { accountId: '444444444444', until: '2026-01' },
        ]);
        // '  accounts ' (11 characters), '"Web Dev"' in columns 12–20, ', ' in 21–22: the id starts in column 23.
        expect(model.groups[0].members[2].origin).toMatchObject({ line: 7, column: 23 });
    });

    it('compiles every line item option', async () => {
        const model = await compileText(`
account 111111111111 "prod"
account 222222222222 "dev"
group g {
  primary prod
  accounts prod, dev
  plan p
  fee base "Base" flat 1000000
  fee share "Share" 12.5% of base, charges service = AmazonEC2, AmazonRDS itemized presented-as AmazonEC2
  credit rebate "Rebate" 3% of charges service != AWSMarketplace account dev from 2026-01 until 2027-01
}
rule r { markup 1% }
plan p { rules r }`);
        const [base, share, rebate] = model.groups[0].lineItems;
        expect(base.charge).toStrictEqual({ kind: 'flat', amount: '1000000' });
        expect(share).toMatchObject({
            type: 'FEE',
            charge: { kind: 'percentage', percent: '12.5', bases: [{ kind: 'lineItem', name: 'base' }, { kind: 'charges' }] },
            filters: [{ kind: 'service', match: 'EQUAL', services: ['AmazonEC2', 'AmazonRDS'] }],
            computation: 'ITEMIZED',
            presentationService: 'AmazonEC2',
            periods: {},
        });
        expect(share.accountId).toBeUndefined();
        expect(rebate).toMatchObject({
            type: 'CREDIT',
            filters: [{ kind: 'service', match: 'NOT_EQUAL', services: ['AWSMarketplace'] }],
            accountId: '222222222222',
            computation: 'CONSOLIDATED',
            periods: { from: '2026-01', until: '2027-01' },
        });
        expect(rebate.presentationService).toBeUndefined();
    });

    it('keeps decimal strings exactly as written', async () => {
        const model = await compileText(`
group g {
  fee a "A" flat 500.00
  fee b "B" flat 0.000000000000000001
  fee c "C" flat 123456789012345678901234567890.10
  fee d "D" 0.10% of charges
}
rule r { markup 7.50% }`);
        expect(model.groups[0].lineItems.map(item => item.charge)).toEqual([
            { kind: 'flat', amount: '500.00' },
            { kind: 'flat', amount: '0.000000000000000001' },
            { kind: 'flat', amount: '123456789012345678901234567890.10' },
            { kind: 'percentage', percent: '0.10', bases: [{ kind: 'charges' }] },
        ]);
        expect(model.rules[0].modifierPercent).toBe('7.50');
    });
});

describe('multi-file policies', () => {
    it('merges the entry and its imports, resolving names declared in imported files', async () => {
        const folder = await folderWith({
            'shared/accounts.billing': 'payer 999999999999 "org"\naccount 111111111111 "web-prod"\n',
            'shared/rates.billing': 'rule r { markup 2% }\nplan p { rules r }\n',
            'main.billing': `import "shared/accounts.billing"
import "shared/rates.billing"
data "cur/2026-01.csv", "../focus"
group web {
  primary web-prod
  accounts web-prod
  plan p
  fee f "F" flat 10 account web-prod
}
`,
            'shared/more-data.billing': '',
        });
        const loaded = await loadPolicyFiles([path.join(folder, 'main.billing')]);
        const result = compileLoadedPolicy(loaded);
        expect(result.errors).toBeUndefined();
        const model = result.model!;
        expect(model.payer?.id).toBe('999999999999');
        expect(model.accounts.map(a => a.id)).toEqual(['999999999999', '111111111111']);
        expect(model.rules.map(r => r.name)).toEqual(['r']);
        expect(model.plans.map(p => p.name)).toEqual(['p']);
        expect(model.groups[0]).toMatchObject({ primaryAccountId: '111111111111', plan: 'p' });
        expect(model.groups[0].lineItems[0].accountId).toBe('111111111111');
        expect(model.dataPaths).toEqual([path.join(folder, 'cur/2026-01.csv'), path.resolve(folder, '../focus')]);
        expect(model.accounts[1].origin?.uri).toBe(loaded.documents[1].uri.toString());
    });

    it('resolves data paths against the folder of the file that declares them', async () => {
        const folder = await folderWith({
            'shared/data.billing': 'data "exports/cur.parquet"\n',
            'main.billing': 'import "shared/data.billing"\ndata "local.csv"\n',
        });
        const loaded = await loadPolicyFiles([path.join(folder, 'main.billing')]);
        expect(compilePolicy(loaded.documents).dataPaths).toEqual([
            path.join(folder, 'local.csv'), path.join(folder, 'shared/exports/cur.parquet'),
        ]);
    });

    it('compileEntries merges several entries and their imports, each document once', async () => {
        const folder = await folderWith({
            'common.billing': 'rule c { markup 1% }\n',
            'a.billing': 'import "common.billing"\nplan a { rules c }\n',
            'b.billing': 'import "common.billing"\nplan b { rules c }\n',
        });
        const loaded = await loadPolicyFiles([path.join(folder, 'a.billing'), path.join(folder, 'b.billing')]);
        const model = compileEntries(loaded.entries, loaded.services);
        expect(model.rules.map(r => r.name)).toEqual(['c']);
        expect(model.plans.map(p => p.name)).toEqual(['a', 'b']);
    });
});

describe('compileLoadedPolicy', () => {
    it('returns the errors, not a model, when the policy has errors', async () => {
        const folder = await folderWith({ 'main.billing': 'import "missing.billing"\ngroup g { plan nowhere }\n' });
        const loaded = await loadPolicyFiles([path.join(folder, 'main.billing')]);
        const result = compileLoadedPolicy(loaded);
        expect(result.model).toBeUndefined();
        expect(result.errors!.length).toBeGreaterThan(0);
        expect(result.errors!.every(e => e.diagnostic.severity === 1)).toBe(true);
        expect(result.errors!.map(e => e.diagnostic.code)).toContain('BIL007');
    });

    it('compiles a policy that only has warnings', async () => {
        const folder = await folderWith({
            'a.billing': 'import "b.billing"\nrule r { markup 1% }\n',
            'b.billing': 'import "a.billing"\nplan p { rules r }\n',
        });
        const loaded = await loadPolicyFiles([path.join(folder, 'a.billing')]);
        expect(loaded.diagnostics.some(d => d.diagnostic.code === 'BIL008')).toBe(true);
        const result = compileLoadedPolicy(loaded);
        expect(result.errors).toBeUndefined();
        expect(result.model!.plans[0].rules).toEqual(['r']);
    });
});

describe('robustness', () => {
    it('never throws on documents with syntax or linking errors', async () => {
        const inputs = [
            'group g { primary nobody plan missing fee x "d" 5% of ghost }',
            'rule { markup }',
            'group',
            'plan p { rules }',
            'account 12 "x" group g { accounts x, y from 2026-13 }',
            '',
        ];
        for (const input of inputs) {
            const document: LangiumDocument<Policy> = await parseHelper<Policy>(services)(input);
            expect(() => compilePolicy([document])).not.toThrow();
        }
    });
});
