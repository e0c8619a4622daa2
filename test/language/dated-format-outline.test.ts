/** Effective-dated pricing (issue 16) in the formatter and the outline. */
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import { createBillingServices } from '../../language/billing-module.js';
import type { Policy } from '../../language/generated/ast.js';
import { formatPolicyText } from '../../language/lsp/format-text.js';

const services = createBillingServices(EmptyFileSystem).Billing;

const MESSY = `rule std {   markup 7%   until   2026-04 markup 6% from 2026-04 }
plan standard { rules std   until 2026-04 rules std , other from 2026-04   min-margin 5%   from 2026-01 }
rule other { discount 1% service AmazonEC2 }
group web { primary 111111111111 accounts 111111111111 plan standard until 2026-02 plan BasicPricingPlan from 2026-02
budget 10 until 2026-03 budget 20 from 2026-03 }
`;
const FORMATTED = `rule std {
  markup 7% until 2026-04
  markup 6% from 2026-04
}
plan standard {
  rules std until 2026-04
  rules std, other from 2026-04
  min-margin 5% from 2026-01
}
rule other { discount 1% service AmazonEC2 }
group web {
  primary 111111111111
  accounts 111111111111
  plan standard until 2026-02
  plan BasicPricingPlan from 2026-02
  budget 10 until 2026-03
  budget 20 from 2026-03
}
`;

describe('dated versions, formatted and outlined', () => {
    it('the formatter puts each version on its line, and formatting again changes nothing', async () => {
        const once = await formatPolicyText(MESSY, services, undefined);
        expect(once).toBe(FORMATTED);
        expect(await formatPolicyText(once!, services)).toBe(FORMATTED);
    });

    it('the outline says a dated rule\'s versions and a plan\'s dated rules lines', async () => {
        const document = await parseHelper<Policy>(services)(FORMATTED);
        const symbols = await services.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
        expect(symbols.slice(0, 2).map(symbol => `${symbol.name}: ${symbol.detail}`)).toEqual([
            'std: markup 7% until 2026-04, markup 6% from 2026-04 · GLOBAL',
            'standard: std until 2026-04; std, other from 2026-04',
        ]);
    });
});
