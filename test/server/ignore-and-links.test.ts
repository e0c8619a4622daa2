import { afterAll, describe, expect, it } from 'vitest';
import { createKit, TINY_POLICY_TEXT } from './server-kit.js';

/**
 * `// billing-ignore` for the data-aware codes (BIL100 on), judged in the `data` category, and the links of every
 * catalogue diagnostic to its section of docs/diagnostics.md (LSP `codeDescription`).
 * tiny-cur.csv has accounts 111111111111, 222222222222, 333333333333 and 555555555555: 444444444444 is BIL100.
 */
const NEW_ACCOUNT = 'account 444444444444 "analytics"';
const policy = (before = ''): string => TINY_POLICY_TEXT
    .replace('account 333333333333 "data-prod"', `account 333333333333 "data-prod"\n${before}${NEW_ACCOUNT}`)
    .replace('  accounts data-prod\n', '  accounts data-prod, analytics\n');

describe('billing-ignore of data-aware codes and diagnostic links', () => {
    const kit = createKit();
    const sample = createKit({ dataPaths: null });
    afterAll(async () => {
        await kit.reset();
        await sample.reset();
    });

    it('the new account is BIL100 on the data, with a link to its section of docs/diagnostics.md', async () => {
        const diagnostics = await kit.validateWithData(await kit.open(policy()));
        const bil100 = diagnostics.filter(d => d.code === 'BIL100');
        expect(bil100.map(d => d.range.start.line + 1)).toEqual([5]);
        expect(bil100[0]!.codeDescription?.href).toMatch(/docs\/diagnostics\.md#bil100-account-not-in-data$/);
    });

    it('a typing-time diagnostic links too (BIL014 unassigned-account)', async () => {
        const document = await kit.open(`${TINY_POLICY_TEXT}\naccount 666666666666 "spare"\n`);
        const bil014 = (document.diagnostics ?? []).find(d => d.code === 'BIL014');
        expect(bil014?.codeDescription?.href).toMatch(/docs\/diagnostics\.md#bil014-unassigned-account$/);
    });

    it('an ignore with a reason silences BIL100 once data is checked, and is not unused', async () => {
        const diagnostics = await kit.validateWithData(await kit.open(policy('// billing-ignore BIL100 joins the organization in April\n')));
        expect(diagnostics.map(d => d.code)).not.toContain('BIL100');
        expect(diagnostics.map(d => d.code)).not.toContain('BIL127');
    });

    it('an ignore of BIL100 where the data has the account is BIL127, but only where data was checked', async () => {
        const text = TINY_POLICY_TEXT.replace('account 333333333333 "data-prod"', '// billing-ignore BIL100 not in every delivery\naccount 333333333333 "data-prod"');
        const withData = await kit.validateWithData(await kit.open(text));
        expect(withData.filter(d => d.code === 'BIL127').map(d => d.message)).toEqual([
            'billing-ignore BIL100 silences nothing: no BIL100 diagnostic on this line or the next',
        ]);
        // The bundled sample is never used by the data checks: nothing is judged, nothing is reported.
        const onSample = await sample.validateWithData(await sample.open(text));
        expect(onSample.map(d => d.code)).not.toContain('BIL127');
    });
});
