import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { EmptyFileSystem } from 'langium';
import { expectFormatting, parseHelper } from 'langium/test';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { PolicyModel } from '../../engine/policy/model.js';
import { createBillingServices } from '../../language/billing-module.js';
import { compilePolicy } from '../../language/compile/index.js';
import type { Policy } from '../../language/generated/ast.js';
import { formatPolicyText } from '../../language/lsp/format-text.js';
import { loadPolicyFiles } from '../../language/workspace/policy-loader.js';
import { removeFolder, writePolicyFiles } from './policy-files.js';

const services = createBillingServices(EmptyFileSystem).Billing;

async function format(text: string): Promise<string> {
    const formatted = await formatPolicyText(text, services);
    if (formatted === undefined) throw new Error('text has syntax errors');
    return formatted;
}

/** The model without origins (formatting moves text, so lines and columns may change). */
function withoutOrigins(model: PolicyModel): unknown {
    return JSON.parse(JSON.stringify(model, (key, value) => (key === 'origin' ? undefined : value)));
}

let counter = 0;
async function meaning(text: string): Promise<unknown> {
    const document = await parseHelper<Policy>(services)(text, { documentUri: `file:///fmt/doc-${counter++}.billing` });
    expect(document.parseResult.parserErrors).toEqual([]);
    return withoutOrigins(compilePolicy([document]));
}

async function exampleFiles(): Promise<string[]> {
    const entries = await fs.readdir('examples', { recursive: true });
    return entries.filter(entry => entry.endsWith('.billing')).map(entry => path.join('examples', entry)).sort();
}

/** Strings, comments and whitespace runs, matched the way the lexer reads them (leftmost first). */
const LEXICAL = /("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|(\/\/[^\n\r]*|\/\*[\s\S]*?\*\/)|(\s+)/g;

/** The comments of a text; a block comment's lines are compared without their indentation (the formatter re-indents them). */
function comments(text: string): string[] {
    return [...text.matchAll(LEXICAL)].filter(m => m[2]).map(m => m[2].split(/\r?\n/).map(line => line.trim()).join('\n'));
}

/** The text with comments removed and every whitespace run outside strings turned into two spaces. */
function scramble(text: string): string {
    return text.replace(LEXICAL, (_match, literal: string | undefined) => literal ?? '  ');
}

const ACME_ON_ONE_LINE = `payer 999999999999 "acme-management" account 111111111111 "web-prod" account 222222222222 "web-dev" account 333333333333 "data-prod" account 444444444444 "shared-services" rule standard-markup { markup 7% } rule ec2-discount { discount 10% service AmazonEC2 } rule marketplace-at-cost { markup 0% billing-entity "AWS Marketplace" } rule m5-large-rate { discount 12% service AmazonEC2 usage-type "USE1-BoxUsage:m5.large" operation "RunInstances" } rule no-free-tier { tiering free-tier off } plan standard "Standard internal rate card" { rules standard-markup, ec2-discount, marketplace-at-cost, m5-large-rate, no-free-tier } group web "Web business unit" { primary 111111111111 accounts 111111111111, 222222222222 plan standard fee platform "Platform operations" flat 500.00 fee security "Security tooling" 2% of charges, platform credit migration "Migration credit" 5% of charges exclude savings-plan-negation fee support "Support allocation" flat 250 account 222222222222 from 2026-01 until 2026-07 } group data "Data platform" { primary 333333333333 accounts 333333333333, 444444444444 plan standard auto-associate }`;

const MESSY_INPUTS: Record<string, string> = {
    'everything on one line': ACME_ON_ONE_LINE,
    'extra spaces': `payer   999999999999    "m"
account    111111111111   "a"
rule   r   "d"   {   markup    7 %    service     AmazonEC2   }
plan   p   {   rules   r  ,r2   }
rule r2 { discount 1   %  }
group   g   {   primary   111111111111   accounts   111111111111 ,   222222222222   from   2026-01
plan p   fee   x   "d"   flat   5   fee y "e" 2 % of charges ,  x   service !=   AmazonEC2 }
`,
    'odd indentation and blank lines': `


        account 111111111111 "a"



    rule r { markup 7% }
            plan p {
rules r
                    }
  group g {
primary 111111111111

\t\taccounts 111111111111



        plan p
            auto-associate
      }


`,
    'comments everywhere': `// header comment
   /* block
      comment */
account 111111111111 "a" // trailing after a statement
rule r { // why this rule
  markup 7% /* inline */
  service AmazonEC2
}
rule t { tiering free-tier off tier 0 to 10 at 0.5 tier 10 at 0.4 }
plan p {
        // the only rule
  rules r, t
}
group g {
// members
  primary 111111111111
  accounts 111111111111 // the only account
      plan p
  fee x "d" flat 5
  /* a credit */ credit y "e" 1% of charges, x
}
// footer`,
    'windows line endings and tabs': 'account 111111111111 "a"\r\n\r\nrule r {\tmarkup 7%\t}\r\nplan p {\r\n\trules r\r\n}\r\ngroup g {\r\n\tprimary 111111111111\r\n\taccounts 111111111111\r\n\tplan p\r\n}\r\n',
    'imports and data': `import   "shared/a.billing"    import 'shared/b.billing'
data   "cur/*.csv" ,   "focus.csv"`,
};

describe('formatter on the examples', () => {
    it('leaves the reference example exactly as it is', async () => {
        const acme = await fs.readFile('examples/acme.billing', 'utf8');
        expect(await format(acme)).toBe(acme);
    });

    it('finds every example already in canonical layout', async () => {
        const files = await exampleFiles();
        expect(files.length).toBeGreaterThanOrEqual(6);
        for (const file of files) {
            const text = await fs.readFile(file, 'utf8');
            expect(await format(text), file).toBe(text);
        }
    });

    describe('multi-file meaning', () => {
        let folder: string | undefined;
        afterEach(async () => {
            if (folder) await removeFolder(folder);
        });

        it('compiles every example to the same model after formatting a scrambled copy', async () => {
            const files = await exampleFiles();
            const scrambled: Record<string, string> = {};
            for (const file of files) {
                const text = await fs.readFile(file, 'utf8');
                // Scramble the layout (comments removed so that tokens can be joined on one line).
                scrambled[path.relative('examples', file)] = scramble(text);
            }
            folder = await writePolicyFiles(scrambled);
            for (const file of files) {
                const relative = path.relative('examples', file);
                const target = path.join(folder, relative);
                await fs.writeFile(target, await format(scrambled[relative]), 'utf8');
            }
            for (const file of files) {
                const original = await loadPolicyFiles([file]);
                const formatted = await loadPolicyFiles([path.join(folder, path.relative('examples', file))]);
                const errors = formatted.diagnostics.filter(d => d.diagnostic.severity === 1);
                expect(errors, file).toEqual([]);
                const originalModel = withoutOrigins(compilePolicy(original.documents)) as PolicyModel;
                const formattedModel = withoutOrigins(compilePolicy(formatted.documents)) as PolicyModel;
                // Data paths are absolute, so they differ by folder only.
                expect({ ...formattedModel, dataPaths: [] }, file).toStrictEqual({ ...originalModel, dataPaths: [] });
            }
        });
    });
});

describe('formatter on messy input', () => {
    for (const [name, input] of Object.entries(MESSY_INPUTS)) {
        it(`${name}: idempotent, meaning and comments preserved`, async () => {
            const once = await format(input);
            const twice = await format(once);
            expect(twice).toBe(once);
            expect(await meaning(once)).toStrictEqual(await meaning(input));
            expect(comments(once)).toEqual(comments(input));
            expect(once.endsWith('\n') && !once.endsWith('\n\n')).toBe(true);
            expect(once).not.toContain('\r');
            for (const line of once.split('\n')) {
                if (line.trimStart().startsWith('/*') || line.trimStart().startsWith('*') || line.trimEnd().endsWith('*/')) continue;
                expect(line, `indentation of ${JSON.stringify(line)}`).toMatch(/^(|  )?\S|^$/);
            }
        });
    }

    it('lays the one-line reference example out exactly like the reference (minus comment and blank lines)', async () => {
        const acme = await fs.readFile('examples/acme.billing', 'utf8');
        const expected = acme.split('\n').filter(line => line.trim() !== '' && !line.startsWith('//')).join('\n') + '\n';
        expect(await format(ACME_ON_ONE_LINE)).toBe(expected);
    });

    it('produces the canonical layout of a messy policy', async () => {
        const input = MESSY_INPUTS['comments everywhere'];
        expect(await format(input)).toBe(`// header comment
/* block
   comment */
account 111111111111 "a" // trailing after a statement
rule r { // why this rule
  markup 7% /* inline */
  service AmazonEC2
}
rule t {
  tiering free-tier off
  tier 0 to 10 at 0.5
  tier 10 at 0.4
}
plan p {
  // the only rule
  rules r, t
}
group g {
  // members
  primary 111111111111
  accounts 111111111111 // the only account
  plan p
  fee x "d" flat 5
  /* a credit */
  credit y "e" 1% of charges, x
}
// footer
`);
    });

    it('continues a statement after a line comment one level deeper, and spaces tokens after block comments', async () => {
        expect(await format(`group g {
  fee x "d" flat 5 // pay weekly

        account 111111111111
  fee y "e" /* odd */     flat 6
}
account 222222222222 // the name follows
"named"`)).toBe(`group g {
  fee x "d" flat 5 // pay weekly
    account 111111111111
  fee y "e" /* odd */ flat 6
}
account 222222222222 // the name follows
  "named"
`);
    });

    it('keeps at most one blank line between statements and members', async () => {
        expect(await format(MESSY_INPUTS['odd indentation and blank lines'])).toBe(`account 111111111111 "a"

rule r { markup 7% }
plan p {
  rules r
}
group g {
  primary 111111111111

  accounts 111111111111

  plan p
  auto-associate
}
`);
    });

    it('spaces tokens: one space between words, none before % and commas, one after commas', async () => {
        expect(await format(MESSY_INPUTS['extra spaces'])).toBe(`payer 999999999999 "m"
account 111111111111 "a"
rule r "d" { markup 7% service AmazonEC2 }
plan p {
  rules r, r2
}
rule r2 { discount 1% }
group g {
  primary 111111111111
  accounts 111111111111, 222222222222 from 2026-01
  plan p
  fee x "d" flat 5
  fee y "e" 2% of charges, x service != AmazonEC2
}
`);
        expect(await format(MESSY_INPUTS['imports and data'])).toBe(`import "shared/a.billing"
import 'shared/b.billing'
data "cur/*.csv", "focus.csv"
`);
    });

    it('writes empty blocks as {}', async () => {
        expect(await format('group   g   {  }\nplan p{\n\n}\nrule r {}')).toBe('group g {}\nplan p {}\nrule r {}\n');
    });
});

describe('formatter on generated layouts', () => {
    // Every whitespace run of an example replaced by a random mix of spaces, tabs and line breaks
    // (a line break is kept after a line comment, which would otherwise swallow the next tokens).
    const WHITESPACE = fc.constantFrom(' ', '   ', '\t', '\n', '\n\n\n', ' \n\t ', '\r\n');
    const WHITESPACE_OR_COMMENT = fc.oneof(
        { weight: 6, arbitrary: WHITESPACE },
        { weight: 1, arbitrary: fc.constantFrom(' /* note */ ', '\n  /* two\n\t lines */\n', ' // note\n', '\n\t// own line\n\n') },
    );

    it('is idempotent and keeps the meaning for any layout of the examples', async () => {
        for (const file of await exampleFiles()) {
            const text = await fs.readFile(file, 'utf8');
            const pieces = [...text.matchAll(LEXICAL)];
            const runs = pieces.filter(m => m[3]).length;
            const expected = await meaning(text);
            await fc.assert(fc.asyncProperty(fc.array(WHITESPACE, { minLength: runs, maxLength: runs }), async replacements => {
                let index = 0;
                const relaid = text.replace(LEXICAL, (match, _literal, _comment, whitespace: string | undefined) => {
                    if (!whitespace) return match;
                    const replacement = replacements[index++];
                    return whitespace.includes('\n') && !replacement.includes('\n') ? `${replacement}\n` : replacement;
                });
                const once = await format(relaid);
                expect(await format(once)).toBe(once);
                expect(await meaning(once)).toStrictEqual(expected);
                expect(comments(once)).toEqual(comments(text));
            }), { numRuns: 15, seed: 20260101 });
        }
    });

    it('is idempotent and keeps the meaning with comments anywhere between tokens', async () => {
        for (const file of await exampleFiles()) {
            const text = await fs.readFile(file, 'utf8');
            const runs = [...text.matchAll(LEXICAL)].filter(m => m[3]).length;
            const expected = await meaning(text);
            await fc.assert(fc.asyncProperty(fc.array(WHITESPACE_OR_COMMENT, { minLength: runs, maxLength: runs }), async replacements => {
                let index = 0;
                const relaid = text.replace(LEXICAL, (match, _literal, _comment, whitespace: string | undefined) => {
                    if (!whitespace) return match;
                    const replacement = replacements[index++];
                    return whitespace.includes('\n') && !replacement.endsWith('\n') ? `${replacement}\n` : replacement;
                });
                const once = await format(relaid);
                expect(await format(once)).toBe(once);
                expect(await meaning(once)).toStrictEqual(expected);
                expect(comments(once)).toEqual(comments(relaid));
            }), { numRuns: 15, seed: 20260102 });
        }
    });
});

describe('formatter through the language server API', () => {
    it('uses two-space indentation whatever the editor asks for', async () => {
        await expectFormatting(services)({
            before: 'plan p {\nrules a\n}',
            after: 'plan p {\n  rules a\n}\n',
            options: { tabSize: 4, insertSpaces: false },
            disposeAfterCheck: true,
        });
    });

    it('does not touch a document with syntax errors', async () => {
        const broken = 'group g {\n      primary\n   plan p';
        expect(await formatPolicyText(broken, services)).toBeUndefined();
        const document = await parseHelper<Policy>(services)(broken);
        const edits = await services.lsp.Formatter!.formatDocument(document, {
            textDocument: { uri: document.uri.toString() }, options: { tabSize: 2, insertSpaces: true },
        });
        expect(edits).toEqual([]);
    });
});
