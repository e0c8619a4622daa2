import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { issueByCode, Issues } from '../../../language/validation/issue-codes.js';
import { codes, coveredText, reset, validate, validateDocument, withCode } from './helpers.js';

const ACME = readFileSync('examples/acme.billing', 'utf8');

/** Every diagnostic carries a catalogue code, the same in `code` and `data.code`, and a sane range. */
function expectCatalogued(diagnostics: readonly Diagnostic[]): void {
    for (const diagnostic of diagnostics) {
        const code = String(diagnostic.code);
        expect(issueByCode(code), `uncatalogued diagnostic: ${code} ${diagnostic.message}`).toBeDefined();
        expect((diagnostic.data as { code?: string } | undefined)?.code).toBe(code);
        expect(diagnostic.severity).toBe(issueByCode(code)!.severity === 'error' ? 1 : 2);
        expect(diagnostic.range.start.line).toBeGreaterThanOrEqual(0);
        expect(Number.isNaN(diagnostic.range.start.character)).toBe(false);
    }
}

describe('lexer and parser errors', () => {
    afterEach(reset);

    it('gives an unexpected character BIL001 at the character, in plain words', async () => {
        const text = 'rule standard-markup { markup 7# }';
        const diagnostics = await validate(text);
        const [lexing] = withCode(diagnostics, Issues.lexingError.code);
        expect(coveredText(text, lexing)).toBe('#');
        expect(lexing.message).toContain("'#'");
        expectCatalogued(diagnostics);
    });

    it('gives a syntax error BIL002 that says what was expected and found', async () => {
        const diagnostics = await validate('rule standard-markup { markup }');
        const [parsing] = withCode(diagnostics, Issues.parsingError.code);
        expect(parsing.message).toBe("expected a number, found '}'");
    });

    it('describes alternatives in words, not as token sequences', async () => {
        const [diagnostic] = withCode(await validate('group web { primary }'), Issues.parsingError.code);
        expect(diagnostic.message).toBe("expected an account (its 12-digit id or its declared name), found '}'");
        const [statement] = await validate('rule web { markup 5% }\naccounts 111111111111');
        expect(statement.message).toMatch(/^unexpected 'accounts': a statement starts with/);
        const [name] = await validate('rule { markup 5% }');
        expect(name.message).toBe("expected a name, found '{'");
    });

    it('reports a missing closing brace at the end of the file', async () => {
        const [diagnostic] = await validate('rule standard-markup { markup 7% ');
        expect(diagnostic.code).toBe(Issues.parsingError.code);
        expect(diagnostic.message).toBe("expected '}', found end of file");
    });
});

describe('linker errors', () => {
    afterEach(reset);

    it('gives each kind of unknown reference its own code, at the reference', async () => {
        const text = [
            'account 111111111111 "web-prod"',
            'rule standard-markup { markup 7% }',
            'plan standard { rules standard-markp }',
            'group web {',
            '  primary web-prd',
            '  accounts web-prod',
            '  plan standrd',
            '  fee platform flat 500',
            '  fee security 2% of platfrom',
            '}',
        ].join('\n');
        const diagnostics = await validate(text);
        expectCatalogued(diagnostics);
        const find = (code: string) => withCode(diagnostics, code).map(d => [d.range.start.line + 1, coveredText(text, d)]);
        expect(find(Issues.unknownRule.code)).toEqual([[3, 'standard-markp']]);
        expect(find(Issues.unknownAccount.code)).toEqual([[5, 'web-prd']]);
        expect(find(Issues.unknownPlan.code)).toEqual([[7, 'standrd']]);
        expect(find(Issues.unknownLineItem.code)).toEqual([[9, 'platfrom']]);
        const account = withCode(diagnostics, Issues.unknownAccount.code)[0];
        expect(account.data).toMatchObject({ code: Issues.unknownAccount.code, containerType: 'AccountRef', refText: 'web-prd' });
        expect(account.message).toContain('web-prd');
    });

    it('does not let a line item base name a line item of another group', async () => {
        const text = `account 111111111111 "a"
account 222222222222 "b"
plan p { }
group one { primary a accounts a plan p fee platform flat 500 }
group two { primary b accounts b plan p fee security 2% of platform }`;
        expect(codes(await validate(text))).toEqual([Issues.unknownLineItem.code]);
    });
});

describe('parsing never throws', () => {
    let consoleError: MockInstance;
    beforeAll(() => { consoleError = vi.spyOn(console, 'error'); });
    afterAll(() => consoleError.mockRestore());
    afterEach(reset);

    it('validates every prefix of the reference example without an exception', async () => {
        for (let end = 0; end <= ACME.length; end += 3) {
            const document = await validateDocument(ACME.substring(0, end));
            expect(document.parseResult.value).toBeDefined();
            expectCatalogued(document.diagnostics ?? []);
            if (end % 90 === 0) await reset();
        }
        expect(consoleError).not.toHaveBeenCalled();
    });

    it('validates every suffix and every line-deleted variant of the reference example', async () => {
        const lines = ACME.split('\n');
        for (let i = 0; i < lines.length; i++) {
            const without = [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
            expectCatalogued((await validateDocument(without)).diagnostics ?? []);
            expectCatalogued((await validateDocument(lines.slice(i).join('\n'))).diagnostics ?? []);
            await reset();
        }
        expect(consoleError).not.toHaveBeenCalled();
    });

    it('validates random mutations of the reference example and random text', async () => {
        const mutation = fc.tuple(fc.nat(ACME.length), fc.nat(12), fc.string({ maxLength: 8 }));
        await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async edits => {
            let text = ACME;
            for (const [at, remove, insert] of edits) {
                const position = at % (text.length + 1);
                text = text.substring(0, position) + insert + text.substring(position + remove);
            }
            expectCatalogued((await validateDocument(text)).diagnostics ?? []);
            await reset();
        }), { numRuns: 150, seed: 20260101 });
        await fc.assert(fc.asyncProperty(fc.string({ maxLength: 200, unit: 'binary' }), async text => {
            expectCatalogued((await validateDocument(text)).diagnostics ?? []);
            await reset();
        }), { numRuns: 150, seed: 20260102 });
        expect(consoleError).not.toHaveBeenCalled();
    });

    it('keeps validating the statements that parse after a syntax error', async () => {
        const diagnostics = await validate('rule broken { markup }\nrule negative { discount -5% }');
        expect(codes(diagnostics)).toContain(Issues.parsingError.code);
        expect(codes(diagnostics)).toContain(Issues.negativeModifier.code);
    });
});
