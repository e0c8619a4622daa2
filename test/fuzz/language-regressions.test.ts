import * as path from 'node:path';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBillingServices } from '../../language/billing-module.js';
import { compilePolicy } from '../../language/compile/index.js';
import type { Policy } from '../../language/generated/ast.js';
import { Issues } from '../../language/validation/issue-codes.js';
import { LanguageFuzzHarness } from './language-harness.js';

/** Texts the fuzzer broke the product with, each kept as a regression (the fix is named next to it). */
const FOUND: ReadonlyArray<{ readonly text: string; readonly probes: readonly number[]; readonly fixed: string }> = [
    {
        text: 'group rules plan \t primary ',
        probes: [0, 0.5, 1],
        fixed: 'compile-group.ts and breach-checks.ts read `planUse.plan.ref` of a PlanUse the parser recovered without its reference (TypeError in compile and in the BIL107/BIL108 check)',
    },
    {
        text: 'group g { plan }',
        probes: [1],
        fixed: 'completion after a recovered `plan`: Langium looked the reference up on the Group ("Property plan of type Group is not a reference"); billing-completion-provider.ts names the PlanUse type',
    },
    {
        text: 'group g { fee a 5% of }\ngroup h { accounts 111111111111 plan',
        probes: [0.3, 1],
        fixed: 'as the first: a recovered plan clause after a broken percentage line item',
    },
    {
        text: 'data\n" 007 \udd37ata/sampp222\r\nle-cur.c2026-03sv"\npayer 222222222',
        probes: [0.5],
        fixed: 'document links: a data path holding a lone UTF-16 surrogate cannot be a URI (URIError from encodeURIComponent); such paths are no links (isWellFormedPath)',
    },
    {
        text: 'import "a\udd37.billing"\naccount 111111111111',
        probes: [0.1, 0.6],
        fixed: 'the same in an import: every function walking the import graph threw (policyDocuments, the import validator, links); the import is now reported as not found',
    },
    {
        text: "account\n111111111111 \"web-prod\"\naccount 222222222222\n\"web-dev\" account\n333333333333 \"data-prod\"\nrule base\n{ markup\n0% }\nrule ec2\n{ discount\n20% service\nAmazonEC2 }\nplan standard\n{ rules\nbase, ec2\n} group\nweb {\nprimary web-prod\naccounts web-prod,\nweb-dev plan\nstandard fee\nplatform flat\n0 fee\nsecurity 2%\nof charges,\nplatform }\ngroup web\n{ accounts\n222222222222 from\n2026-01 }\n",
        probes: [0, 0],
        fixed: 'quick fixes: the dated-membership fix for BIL065 assumed the account could be cut out of its list (a list broken over lines cannot): no fix is offered then, instead of a TypeError',
    },
];

describe('fuzz findings stay fixed', () => {
    const repoRoot = path.resolve('.');
    const harness = new LanguageFuzzHarness({ repoRoot, dataPaths: [path.join(repoRoot, 'test/server/fixtures/tiny-cur.csv')] });
    beforeAll(() => harness.ready());

    for (const { text, probes, fixed } of FOUND) {
        it(`${JSON.stringify(text.slice(0, 40))}: ${fixed.split(':')[0]}`, async () => {
            const findings = await harness.exercise({ text, probes });
            expect(findings.map(f => `${f.stage}: ${f.message.split('\n')[0]}`)).toEqual([]);
        });
    }

    it('a `plan` clause without a plan name compiles to a group without a plan', async () => {
        const services = createBillingServices(EmptyFileSystem).Billing;
        const document = await parseHelper<Policy>(services)('group g { primary 111111111111 accounts 111111111111 plan }', { validation: true });
        expect(document.parseResult.parserErrors.length).toBeGreaterThan(0);
        const model = compilePolicy([document]);
        expect(model.groups.map(g => [g.name, g.plan])).toEqual([['g', '']]);
        expect((document.diagnostics ?? []).filter(d => /An error occurred/.test(d.message))).toEqual([]);
    });

    it('an import path with a lone surrogate is reported as an import that names no file (BIL007)', async () => {
        const services = createBillingServices(EmptyFileSystem).Billing;
        const document = await parseHelper<Policy>(services)('import "x\ud800.billing"\naccount 111111111111 "a"', { validation: true });
        expect((document.diagnostics ?? []).map(d => d.code)).toContain(Issues.importNotFound.code);
        expect((document.diagnostics ?? []).filter(d => /An error occurred/.test(d.message))).toEqual([]);
    });
});
