import { readFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { expectFoldings, expectSymbols, parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import { type DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { createBillingServices } from '../../language/billing-module.js';
import type { Policy } from '../../language/generated/ast.js';

const services = createBillingServices(EmptyFileSystem).Billing;

const kindName = (kind: SymbolKind): string => Object.entries(SymbolKind).find(([, value]) => value === kind)?.[0] ?? String(kind);

/** `name [kind] detail` with children indented below, one symbol per line. */
function outline(symbols: readonly DocumentSymbol[], depth = 0): string[] {
    return symbols.flatMap(symbol => [
        `${'  '.repeat(depth)}${symbol.name} [${kindName(symbol.kind)}]${symbol.detail ? ` ${symbol.detail}` : ''}`,
        ...outline(symbol.children ?? [], depth + 1),
    ]);
}

describe('document symbols', () => {
    it('outlines the reference example: accounts with id and name, rules, plans, groups with their line items', async () => {
        await expectSymbols(services)({
            text: readFileSync('examples/acme.billing', 'utf8'),
            disposeAfterCheck: true,
            assert: symbols => {
                expect(outline(symbols)).toEqual([
                    'acme-management (999999999999) [Constant] payer',
                    'web-prod (111111111111) [Variable] account',
                    'web-dev (222222222222) [Variable] account',
                    'data-prod (333333333333) [Variable] account',
                    'shared-services (444444444444) [Variable] account',
                    'standard-markup [Function] markup 7% · GLOBAL',
                    'ec2-discount [Function] discount 10% · SERVICE AmazonEC2',
                    'marketplace-at-cost [Function] markup 0% · BILLING_ENTITY AWS Marketplace',
                    'm5-large-rate [Function] discount 12% · SKU AmazonEC2 USE1-BoxUsage:m5.large RunInstances',
                    'no-free-tier [Function] tiering · GLOBAL',
                    'standard [Class] standard-markup, ec2-discount, marketplace-at-cost, m5-large-rate, no-free-tier',
                    'web [Namespace] Web business unit',
                    '  platform [Field] fee · flat 500.00',
                    '  security [Field] fee · 2% of charges, platform',
                    '  migration [Field] credit · 5% of charges',
                    '  support [Field] fee · flat 250',
                    'data [Namespace] Data platform',
                ]);
            },
        });
    });

    it('names an unnamed account by its id and lists imports and data sources', async () => {
        await expectSymbols(services)({
            text: 'import "shared/accounts.billing"\ndata "cur/jan.csv", "cur/feb.csv"\naccount 555555555555\n',
            disposeAfterCheck: true,
            assert: symbols => {
                expect(outline(symbols)).toEqual([
                    'shared/accounts.billing [File] import',
                    'cur/jan.csv, cur/feb.csv [File] data',
                    '555555555555 [Variable] account',
                ]);
            },
        });
    });

    it('selects the name (or id) and spans the whole statement', async () => {
        const document = await parseHelper<Policy>(services)('account 111111111111 "web-prod"\ngroup web {\n  fee platform "P" flat 5\n}\n');
        const symbols = await services.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
        expect(symbols[0].selectionRange).toEqual({ start: { line: 0, character: 8 }, end: { line: 0, character: 20 } });
        expect(symbols[1].range).toEqual({ start: { line: 1, character: 0 }, end: { line: 3, character: 1 } });
        expect(symbols[1].selectionRange).toEqual({ start: { line: 1, character: 6 }, end: { line: 1, character: 9 } });
        expect(symbols[1].children![0].selectionRange).toEqual({ start: { line: 2, character: 6 }, end: { line: 2, character: 14 } });
    });

    it('still outlines a document with syntax errors', async () => {
        const document = await parseHelper<Policy>(services)('rule r { markup 7% }\ngroup g {\n  primary\n');
        const symbols = await services.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
        expect(symbols.map(s => s.name)).toEqual(['r', 'g']);
    });
});

describe('folding ranges', () => {
    it('folds multi-line blocks and block comments, not single-line rules or wrapped line items', async () => {
        await expectFoldings(services)({
            // Like Langium's default, a fold ends on the line before its closing `}` or `*/`.
            text: `<|/* A long
   header comment|>
*/
rule one-line { markup 7% }
<|rule tiers {
  service AmazonS3
  tiering free-tier off
  tier 0 to 10 at 1|>
}
<|plan p {
  rules one-line,
    tiers|>
}
<|group g {
  primary 111111111111
  fee wrapped "A line item
    written over"
    flat 5|>
}
`,
            disposeAfterCheck: true,
        });
    });
});
