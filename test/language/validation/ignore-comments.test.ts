import { afterEach, describe, expect, it } from 'vitest';
import { codes, DATA_GROUP, HEADER, locations, reset, validate, webGroup } from './helpers.js';

/** HEADER + web group + data group, with `sandbox` declared but in no group: one BIL014 at line 7. */
const SANDBOX = 'account 444444444444 "sandbox"';
const policy = (...before: string[]): string => [HEADER, ...before, SANDBOX, webGroup(), DATA_GROUP].join('\n');

describe('// billing-ignore', () => {
    afterEach(reset);

    it('without the comment, the sandbox account is BIL014', async () => {
        const text = policy();
        expect(locations(text, await validate(text), 'BIL014')).toEqual([[7, '444444444444']]);
    });

    it('silences the code on the next line when a reason is given', async () => {
        const diagnostics = await validate(policy('// billing-ignore BIL014 sandbox is paid by the platform team'));
        expect(codes(diagnostics)).toEqual([]);
    });

    it('silences the code on its own line (a trailing comment), and several codes at once', async () => {
        const text = [HEADER, `${SANDBOX} // billing-ignore BIL014, BIL100 -- sandbox is paid by the platform team`, webGroup(), DATA_GROUP].join('\n');
        // BIL100 is data-aware: without data it is not judged, so it is not reported as unused either.
        expect(codes(await validate(text))).toEqual([]);
    });

    it('without a reason it silences nothing and is BIL126', async () => {
        const text = policy('// billing-ignore BIL014');
        const diagnostics = await validate(text);
        expect(codes(diagnostics).sort()).toEqual(['BIL014', 'BIL126']);
        expect(locations(text, diagnostics, 'BIL126')).toEqual([[7, '// billing-ignore BIL014']]);
        expect(diagnostics.find(d => d.code === 'BIL126')!.message).toContain('needs a reason');
    });

    it('an ignore that matches nothing is BIL127 at its code', async () => {
        const text = [HEADER, '// billing-ignore BIL039 kept for next quarter', webGroup(), DATA_GROUP].join('\n');
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, 'BIL127')).toEqual([[7, 'BIL039']]);
        expect(diagnostics.find(d => d.code === 'BIL127')!.message).toBe('billing-ignore BIL039 silences nothing: no BIL039 diagnostic on this line or the next');
    });

    it('never silences an error (BIL127 says so), nor an unknown code', async () => {
        const text = [HEADER, '// billing-ignore BIL005 will be declared later', webGroup('plan missing').replace('  plan standard\n', ''), DATA_GROUP].join('\n');
        const diagnostics = await validate(text);
        expect(codes(diagnostics)).toContain('BIL005');
        const unknown = await validate([HEADER, '// billing-ignore BIL999 because', webGroup(), DATA_GROUP].join('\n'));
        expect(unknown.find(d => d.code === 'BIL127')!.message).toContain('BIL999 is no diagnostic code');
    });

    it('an error code on the next line: BIL127 says errors cannot be silenced', async () => {
        const text = [HEADER, webGroup().replace('  plan standard', '  // billing-ignore BIL005 declared later\n  plan missing'), DATA_GROUP].join('\n');
        const diagnostics = await validate(text);
        expect(codes(diagnostics)).toContain('BIL005');
        expect(diagnostics.find(d => d.code === 'BIL127')!.message).toBe('billing-ignore BIL005 silences nothing: BIL005 is an error, and errors cannot be silenced');
    });

    it('in a string or a block comment it is no ignore', async () => {
        const inString = [HEADER, 'account 444444444444 "// billing-ignore BIL014 not a comment"', webGroup(), DATA_GROUP].join('\n');
        expect(codes(await validate(inString))).toEqual(['BIL014']);
        const inBlock = policy('/* billing-ignore BIL014 not a line comment */');
        expect(codes(await validate(inBlock))).toEqual(['BIL014']);
    });

    it('only reaches the next line, not further', async () => {
        expect(codes(await validate(policy('// billing-ignore BIL014 the platform team pays', '')))).toEqual(['BIL014', 'BIL127']);
    });
});
