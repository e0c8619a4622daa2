import { afterAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DATA_CHECK_ISSUES } from '../../language/validation/data-checks.js';
import { Issues } from '../../language/validation/issue-codes.js';
import { CATALOGUE_CUR, createKit, TINY_POLICY_TEXT } from './server-kit.js';

const codes = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map(d => String(d.code));

/*
 * catalogue-cur.csv holds exactly what the catalogue's "Data:" lines of BIL100–BIL106 describe: in 2026-03,
 * account 111111111111 uses AmazonEC2 USE1-BoxUsage:m5.large RunInstances, account 222222222222 uses AmazonS3
 * USE1-TimedStorage-ByteHrs StandardStorage; everything is sold by AWS.
 */
describe('data-aware diagnostics: the catalogue examples', () => {
    const kit = createKit({ dataPaths: [CATALOGUE_CUR] });
    afterAll(() => kit.reset());

    for (const issue of DATA_CHECK_ISSUES) {
        it(`${issue.code} ${issue.name}: the wrong example produces it once data is loaded`, async () => {
            const document = await kit.open(issue.wrong);
            expect(codes(document.diagnostics ?? []), 'not while typing').not.toContain(issue.code);
            expect(codes(await kit.validateWithData(document))).toContain(issue.code);
        });
        it(`${issue.code} ${issue.name}: the right example has no error and not this code`, async () => {
            const document = await kit.open(issue.right);
            const diagnostics = await kit.validateWithData(document);
            expect(codes(diagnostics)).not.toContain(issue.code);
            expect(diagnostics.filter(d => d.severity === 1).map(d => `${d.code} ${d.message}`)).toEqual([]);
        });
    }
});

describe('data-aware diagnostics', () => {
    const kit = createKit();
    afterAll(() => kit.reset());

    it('point at the value and suggest the closest code of the data', async () => {
        const text = 'rule m5 { discount 12% service AmazonEc2 }\nrule ut { discount 1% service AmazonEC2 usage-type "USE1-BoxUsage:m5.larg" }\nplan p { rules m5, ut }';
        const document = await kit.open(text);
        const diagnostics = (await kit.validateWithData(document)).filter(d => String(d.code).startsWith('BIL1'));
        expect(diagnostics.map(d => [d.code, document.textDocument.getText(d.range), d.severity])).toEqual([
            [Issues.serviceNotInData.code, 'AmazonEc2', 2],
            [Issues.usageTypeNotInData.code, '"USE1-BoxUsage:m5.larg"', 2],
        ]);
        expect(diagnostics[0]!.message).toContain("did you mean 'AmazonEC2'?");
        expect(diagnostics[0]!.message).toContain('tiny-cur.csv');
    });

    it('report a group without usage in the period shown, and accounts written by id that the data never saw', async () => {
        const text = TINY_POLICY_TEXT + '\ngroup spare {\n  primary 999999999990\n  accounts 999999999990\n  plan standard\n}\n';
        const document = await kit.open(text);
        const diagnostics = await kit.validateWithData(document);
        const at = (code: string): string[] => diagnostics.filter(d => d.code === code).map(d => `${d.range.start.line + 1}:${document.textDocument.getText(d.range)}`);
        expect(at(Issues.groupWithoutUsage.code)).toEqual(['28:spare']);
        expect(at(Issues.accountNotInData.code)).toEqual(['29:999999999990', '30:999999999990']);
    });

    it('are not reported against the bundled sample, nor without data', async () => {
        const sample = createKit({ dataPaths: null });
        const document = await sample.open('rule r { markup 1% service NoSuchService }\nplan p { rules r }');
        expect(sample.services.server.Data.entryFor(document)?.spec.origin).toBe('sample');
        expect(codes(await sample.validateWithData(document))).not.toContain(Issues.serviceNotInData.code);
        await sample.reset();

        const none = createKit({ dataPaths: [`${process.cwd()}/test/server/fixtures/none.csv`] });
        const other = await none.open('rule r { markup 1% service NoSuchService }\nplan p { rules r }');
        expect(codes(await none.validateWithData(other))).not.toContain(Issues.serviceNotInData.code);
        await none.reset();
    });
});

describe('data quick fixes', () => {
    const kit = createKit();
    afterAll(() => kit.reset());

    async function fixes(text: string, code: string): Promise<Array<[string, string]>> {
        const document = await kit.open(text);
        const diagnostics = (await kit.validateWithData(document)).filter(d => d.code === code);
        expect(diagnostics.length).toBeGreaterThan(0);
        const result: Array<[string, string]> = [];
        for (const diagnostic of diagnostics) {
            const actions = await kit.services.lsp.CodeActionProvider!.getCodeActions(document, {
                textDocument: { uri: document.textDocument.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
            }) as CodeAction[];
            for (const action of actions) result.push([action.title, TextDocument.applyEdits(document.textDocument, action.edit!.changes![document.textDocument.uri]!)]);
        }
        return result;
    }

    it('BIL101 → the closest service of the data', async () => {
        expect(await fixes('rule r { discount 5% service AmazonEc2 }\nplan p { rules r }', Issues.serviceNotInData.code)).toEqual([
            ["Change to 'AmazonEC2'", 'rule r { discount 5% service AmazonEC2 }\nplan p { rules r }'],
        ]);
    });

    it('BIL102 → the closest usage type of the rule\'s service, quoted', async () => {
        expect(await fixes('rule r { discount 5% service AmazonEC2 usage-type USE1-BoxUsage.t3.micro }\nplan p { rules r }', Issues.usageTypeNotInData.code)).toEqual([
            ["Change to 'USE1-BoxUsage:t3.micro'", 'rule r { discount 5% service AmazonEC2 usage-type "USE1-BoxUsage:t3.micro" }\nplan p { rules r }'],
        ]);
    });

    it('BIL103 → the closest operation', async () => {
        expect(await fixes('rule r { discount 5% service AmazonEC2 operation RunInstance }\nplan p { rules r }', Issues.operationNotInData.code)).toEqual([
            ["Change to 'RunInstances'", 'rule r { discount 5% service AmazonEC2 operation RunInstances }\nplan p { rules r }'],
        ]);
    });

    it('BIL003 unknown account the data knows by name → declare it with its id', async () => {
        const text = 'account 111111111111 "web-prod"\nrule b { markup 1% }\nplan p { rules b }\ngroup g {\n  primary web-prod\n  accounts web-prod, sandbox\n  plan p\n}';
        expect(await fixes(text, Issues.unknownAccount.code)).toEqual([
            ['Declare account 555555555555 "sandbox" (from the data)', 'account 111111111111 "web-prod"\naccount 555555555555 "sandbox"\nrule b { markup 1% }\nplan p { rules b }\ngroup g {\n  primary web-prod\n  accounts web-prod, sandbox\n  plan p\n}'],
        ]);
    });
});
