import { EmptyFileSystem } from 'langium';
import { clearDocuments, parseHelper, testCodeAction } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { createBillingServices } from '../../../language/billing-module.js';
import type { Policy } from '../../../language/generated/ast.js';
import { Issues } from '../../../language/validation/issue-codes.js';

const services = createBillingServices(EmptyFileSystem).Billing;
const fix = testCodeAction(services);
const parse = parseHelper<Policy>(services);

afterEach(() => clearDocuments(services));

const ACCOUNTS = 'account 111111111111 "web-prod"\naccount 222222222222 "web-dev"\n';
const PLAN = 'rule standard-markup { markup 7% }\nplan standard { rules standard-markup }\n';
const lines = (...text: string[]): string => text.join('\n');

/** Every quick fix offered for the diagnostics with `code`, applied one at a time: [title, text after]. */
async function fixesFor(text: string, code: string): Promise<Array<[string, string]>> {
    const document = await parse(text, { validation: true });
    const diagnostics = (document.diagnostics ?? []).filter((d: Diagnostic) => d.code === code);
    expect(diagnostics.length, `diagnostics ${code}`).toBeGreaterThan(0);
    const result: Array<[string, string]> = [];
    for (const diagnostic of diagnostics) {
        const actions = (await services.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.textDocument.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
        })) as CodeAction[];
        for (const action of actions ?? []) {
            const edits = action.edit!.changes![document.textDocument.uri]!;
            result.push([action.title, TextDocument.applyEdits(document.textDocument, edits)]);
        }
    }
    return result;
}

describe('quick fixes', () => {
    it('BIL003 unknown account name → the closest declared name', async () => {
        await fix(
            lines(ACCOUNTS + PLAN + 'group web {', '  primary web-prd', '  accounts web-prod, web-dev', '  plan standard', '}'),
            Issues.unknownAccount.code,
            lines(ACCOUNTS + PLAN + 'group web {', '  primary web-prod', '  accounts web-prod, web-dev', '  plan standard', '}'),
        );
    });

    it('BIL004 unknown rule → the closest declared rule', async () => {
        await fix(
            'rule standard-markup { markup 7% }\nplan standard { rules standard-markp }',
            Issues.unknownRule.code,
            'rule standard-markup { markup 7% }\nplan standard { rules standard-markup }',
        );
    });

    it('BIL005 unknown plan → the closest declared plan', async () => {
        await fix(
            lines(ACCOUNTS + PLAN + 'group web {', '  primary web-prod', '  accounts web-prod, web-dev', '  plan standrad', '}'),
            Issues.unknownPlan.code,
            lines(ACCOUNTS + PLAN + 'group web {', '  primary web-prod', '  accounts web-prod, web-dev', '  plan standard', '}'),
        );
    });

    it('offers no rename when no declared name is close', async () => {
        expect(await fixesFor('rule standard-markup { markup 7% }\nplan standard { rules completely-different }', Issues.unknownRule.code)).toEqual([]);
    });

    it('BIL024 unknown billing entity → the closest known entity, quoted', async () => {
        await fix(
            'rule mp { markup 0% billing-entity "AWS Marketplce" }\nplan p { rules mp }',
            Issues.unknownBillingEntity.code,
            'rule mp { markup 0% billing-entity "AWS Marketplace" }\nplan p { rules mp }',
        );
    });

    it('BIL039 unused rule → removes the rule and its line', async () => {
        await fix(
            'rule standard-markup { markup 7% }\nrule ec2-discount { discount 10% service AmazonEC2 }\nplan standard { rules standard-markup }\n',
            Issues.unusedRule.code,
            'rule standard-markup { markup 7% }\nplan standard { rules standard-markup }\n',
        );
    });

    it('BIL053 unused plan → removes the plan', async () => {
        await fix(
            lines(ACCOUNTS + PLAN + 'plan spare {', '  rules standard-markup', '}', 'group web {', '  primary web-prod', '  accounts web-prod, web-dev', '  plan standard', '}'),
            Issues.unusedPlan.code,
            lines(ACCOUNTS + PLAN + 'group web {', '  primary web-prod', '  accounts web-prod, web-dev', '  plan standard', '}'),
        );
    });

    it('BIL051 rule listed twice → removes the repetition (same clause and its own `rules` clause)', async () => {
        await fix(
            'rule a { markup 7% }\nrule b { discount 5% service AmazonEC2 }\nplan p { rules a, b, a }',
            Issues.duplicateRuleInPlan.code,
            'rule a { markup 7% }\nrule b { discount 5% service AmazonEC2 }\nplan p { rules a, b }',
        );
        await fix(
            'rule a { markup 7% }\nrule b { discount 5% service AmazonEC2 }\nplan p {\n  rules a, b\n  rules a\n}',
            Issues.duplicateRuleInPlan.code,
            'rule a { markup 7% }\nrule b { discount 5% service AmazonEC2 }\nplan p {\n  rules a, b\n}',
        );
    });

    it('BIL082 base listed twice → removes the repeated base', async () => {
        await fix(
            lines(ACCOUNTS + PLAN + 'group web {', '  primary web-prod', '  accounts web-prod, web-dev', '  plan standard', '  fee ops flat 10', '  fee sec 2% of charges, ops, charges', '}'),
            Issues.duplicateBase.code,
            lines(ACCOUNTS + PLAN + 'group web {', '  primary web-prod', '  accounts web-prod, web-dev', '  plan standard', '  fee ops flat 10', '  fee sec 2% of charges, ops', '}'),
        );
    });

    it('BIL061 primary not a member → appended to the unrestricted accounts line', async () => {
        await fix(
            lines(ACCOUNTS + PLAN + 'group web {', '  primary web-prod', '  accounts web-dev', '  plan standard', '}'),
            Issues.primaryNotMember.code,
            lines(ACCOUNTS + PLAN + 'group web {', '  primary web-prod', '  accounts web-dev, web-prod', '  plan standard', '}'),
        );
    });

    it('BIL061 with only period-limited memberships → a new accounts line after the primary', async () => {
        await fix(
            lines(ACCOUNTS + PLAN + 'group web {', '  primary web-prod', '  accounts web-dev from 2026-01', '  plan standard', '}'),
            Issues.primaryNotMember.code,
            lines(ACCOUNTS + PLAN + 'group web {', '  primary web-prod', '  accounts web-prod', '  accounts web-dev from 2026-01', '  plan standard', '}'),
        );
    });

    it('BIL061 whose primary is in another group → moved here, so the fix makes no BIL065', async () => {
        const text = lines(ACCOUNTS + 'account 333333333333 "ops"\n' + PLAN,
            'group web {', '  primary web-prod', '  accounts web-prod', '  plan standard', '}',
            'group ops {', '  primary ops', '  accounts ops, web-dev', '  plan standard', '}',
            'group dev {', '  primary web-dev', '  plan standard', '}');
        const fixes = await fixesFor(text, Issues.primaryNotMember.code);
        expect(fixes.map(([title]) => title)).toEqual(["Move web-dev to group 'dev' (remove it from 'ops')"]);
        expect(fixes[0]![1]).toContain('  accounts ops\n');
        expect(fixes[0]![1]).toContain('  primary web-dev\n  accounts web-dev\n');
        const document = await parse(fixes[0]![1], { validation: true });
        expect((document.diagnostics ?? []).filter(d => d.severity === 1)).toEqual([]);
    });

    it('BIL065 duplicate membership in one group → each occurrence offers its removal', async () => {
        const text = lines(ACCOUNTS + PLAN + 'group web {', '  primary web-prod', '  accounts web-prod, web-dev', '  accounts web-dev', '  plan standard', '}');
        expect(await fixesFor(text, Issues.overlappingMembership.code)).toEqual([
            ['Remove the duplicate membership of web-dev', lines(ACCOUNTS + PLAN + 'group web {', '  primary web-prod', '  accounts web-prod', '  accounts web-dev', '  plan standard', '}')],
            ['Remove the duplicate membership of web-dev', lines(ACCOUNTS + PLAN + 'group web {', '  primary web-prod', '  accounts web-prod, web-dev', '  plan standard', '}')],
        ]);
    });

    it('BIL065 account in two groups → remove it from this group (not from the group it is primary of) or move it here', async () => {
        const text = lines(ACCOUNTS + PLAN,
            'group web {', '  primary web-prod', '  accounts web-prod, web-dev', '  plan standard', '}',
            'group dev {', '  primary web-dev', '  accounts 222222222222', '  plan standard', '}');
        const fixes = await fixesFor(text, Issues.overlappingMembership.code);
        // Removing 222222222222 from dev would leave dev's primary outside it (BIL061, whose fix brought BIL065 back).
        expect(fixes.map(([title]) => title)).toEqual(["Remove web-dev from group 'web'", "Move 222222222222 to group 'dev' (remove it from 'web')"]);
        for (const [, fixed] of fixes) expect(fixed).toContain('  accounts web-prod\n');
    });

    it('BIL065 with a dated membership → limit this one with until, or move the account', async () => {
        const text = lines(ACCOUNTS + 'account 333333333333 "ops"\n' + PLAN,
            'group web {', '  primary web-prod', '  accounts web-prod, web-dev', '  plan standard', '}',
            'group ops {', '  primary ops', '  accounts ops', '  accounts web-dev from 2026-04', '  plan standard', '}');
        const fixes = await fixesFor(text, Issues.overlappingMembership.code);
        expect(fixes.map(([title]) => title)).toEqual([
            "Remove web-dev from group 'web'",
            "Move web-dev to group 'web' (remove it from 'ops')",
            "Make web-dev a member of 'web' until 2026-04 only",
            "Remove web-dev from group 'ops'",
            "Move web-dev to group 'ops' (remove it from 'web')",
        ]);
        expect(fixes[2]![1]).toContain('  accounts web-prod\n  accounts web-dev until 2026-04\n  plan standard');
    });

    it('BIL065: every fix, applied and re-validated, leaves no error at all', async () => {
        const cases = [
            lines(ACCOUNTS + PLAN,
                'group web {', '  primary web-prod', '  accounts web-prod, web-dev', '  plan standard', '}',
                'group dev {', '  primary web-dev', '  accounts 222222222222', '  plan standard', '}'),
            lines(ACCOUNTS + 'account 333333333333 "ops"\n' + PLAN,
                'group web {', '  primary web-prod', '  accounts web-prod, web-dev', '  plan standard', '}',
                'group ops {', '  primary ops', '  accounts ops', '  accounts web-dev from 2026-04 until 2026-08', '  plan standard', '}'),
            lines(ACCOUNTS + PLAN, 'group web {', '  primary web-prod', '  accounts web-prod, web-dev', '  accounts web-dev', '  plan standard', '}'),
            lines(ACCOUNTS + 'account 333333333333 "ops"\n' + PLAN,
                'group web {', '  primary web-prod', '  accounts web-prod', '  accounts web-dev until 2026-06', '  plan standard', '}',
                'group ops {', '  primary ops', '  accounts ops, web-dev from 2026-03', '  plan standard', '}'),
        ];
        for (const text of cases) {
            const fixes = await fixesFor(text, Issues.overlappingMembership.code);
            expect(fixes.length, text).toBeGreaterThan(0);
            for (const [title, fixed] of fixes) {
                const document = await parse(fixed, { validation: true });
                const errors = (document.diagnostics ?? []).filter(d => d.severity === 1).map(d => `${String(d.code)} ${d.message}`);
                expect(errors, `${title}\n${fixed}`).toEqual([]);
            }
        }
    });
});
