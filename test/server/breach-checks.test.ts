/**
 * Budget and margin-floor breaches as editor diagnostics (BIL107, BIL108), once data is loaded.
 *
 * budget-cur.csv: in 2026-03, account 111111111111 has 200.00 of usage (public on-demand and billed). By hand:
 * with a 7% markup the pro forma cost is 214.00 (margin 14.00 = 6.54%); with a 0% markup it is 200.00 (0.00%).
 */
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { BREACH_CHECK_ISSUES } from '../../language/validation/breach-checks.js';
import { Issues } from '../../language/validation/issue-codes.js';
import { setDiagnosticMoney } from '../../language/validation/index.js';
import { formatMoney } from '../../server/pricing/money-format.js';
import { createKit, FIXTURES, lensTitles } from './server-kit.js';

const BUDGET_CUR = path.join(FIXTURES, 'budget-cur.csv');
const codes = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map(d => String(d.code));

describe('breach diagnostics: the catalogue examples', () => {
    const kit = createKit({ dataPaths: [BUDGET_CUR] });
    afterAll(() => kit.reset());

    for (const issue of BREACH_CHECK_ISSUES) {
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

describe('breach diagnostics', () => {
    const kit = createKit({ dataPaths: [BUDGET_CUR] });
    afterAll(() => kit.reset());

    const POLICY = (groupLines: string, planFloor = '') => `account 111111111111 "web-prod"
rule markup-7 { markup 7% }
plan standard { rules markup-7${planFloor} }
group web {
  primary web-prod
  accounts web-prod
  plan standard
${groupLines}}
`;

    async function breaches(text: string): Promise<string[]> {
        const document = await kit.open(text);
        return (await kit.validateWithData(document))
            .filter(d => d.code === Issues.budgetExceeded.code || d.code === Issues.marginBelowFloor.code)
            .map(d => `${d.code} ${d.range.start.line + 1}:${document.textDocument.getText(d.range)} ${d.message}`);
    }

    it('point at the budget and at the group\'s own floor, with the figures', async () => {
        expect(await breaches(POLICY('  budget 213.99\n  min-margin 7%\n'))).toEqual([
            `${Issues.budgetExceeded.code} 8:213.99 group 'web' is over budget in 2026-03: pro forma cost 214.00 USD exceeds the budget of 213.99 USD by 0.01 USD`,
            `${Issues.marginBelowFloor.code} 9:min-margin 7% group 'web' is below its margin floor in 2026-03: margin 6.54% is under the floor of 7%`,
        ]);
    });

    it('point at the `plan` clause when the floor is the plan\'s; nothing when within limits', async () => {
        expect(await breaches(POLICY('', ' min-margin 6.55%'))).toEqual([
            `${Issues.marginBelowFloor.code} 7:plan standard group 'web' is below its margin floor in 2026-03: margin 6.54% is under the floor of 6.55% set by plan 'standard'`,
        ]);
        expect(await breaches(POLICY('  budget 214\n', ' min-margin 6.54%'))).toEqual([]);
    });

    it('in the editor, write money as its lenses do ($, the same rounding): the language server sets it at start', async () => {
        setDiagnosticMoney((exact, currency) => formatMoney(exact, currency));
        try {
            const [budget] = await breaches(POLICY('  budget 213.99\n'));
            expect(budget).toBe(`${Issues.budgetExceeded.code} 8:213.99 group 'web' is over budget in 2026-03: pro forma cost $214.00 exceeds the budget of $213.99 by $0.01`);
            const lens = (await lensTitles(kit, await kit.open(POLICY('  budget 213.99\n')))).find(title => title.startsWith('4: '));
            expect(lens).toContain('$214.00');
        } finally {
            setDiagnosticMoney(undefined);
        }
    });

    it('are not reported against the bundled sample', async () => {
        const sample = createKit({ dataPaths: null });
        const document = await sample.open(POLICY('  budget 0\n'));
        expect(sample.services.server.Data.entryFor(document)?.spec.origin).toBe('sample');
        expect(codes(await sample.validateWithData(document))).not.toContain(Issues.budgetExceeded.code);
        await sample.reset();
    });
});
