import { afterEach, describe, expect, it } from 'vitest';
import { Issues } from '../../../language/validation/issue-codes.js';
import { codes, DATA_GROUP, HEADER, locations, reset, validate, validateAll, webGroup, withCode } from './helpers.js';

describe('account ids', () => {
    afterEach(reset);

    it('reports a malformed id wherever an id is written, at the id', async () => {
        const text = [
            'payer 99999999999 "acme-management"',
            'account 1234 "web-prod"',
            'account 222222222222 "web-dev"',
            'plan standard { }',
            'group web {',
            '  primary 0111111111111',
            '  accounts 0111111111111, web-dev, 22222222222.5',
            '  plan standard',
            '  fee support flat 250 account -222222222222',
            '}',
        ].join('\n');
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.invalidAccountId.code)).toEqual([
            [1, '99999999999'],
            [2, '1234'],
            [6, '0111111111111'],
            [7, '0111111111111'],
            [7, '22222222222.5'],
            [9, '-222222222222'],
        ]);
        const [first] = withCode(diagnostics, Issues.invalidAccountId.code);
        expect(first.message).toBe("account id must be exactly 12 digits, got '99999999999' (11 digits)");
    });

    it('accepts ids with leading zeros', async () => {
        const diagnostics = await validate('account 000000000001 "first"\nplan p { }\ngroup g { primary first accounts first plan p }');
        expect(diagnostics).toEqual([]);
    });
});

describe('account declarations', () => {
    afterEach(reset);

    it('reports an id declared twice at both declarations, each pointing at the other', async () => {
        const text = `${HEADER}\naccount 111111111111 "web"\n${webGroup()}\n${DATA_GROUP}`;
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.duplicateAccountId.code)).toEqual([[2, '111111111111'], [7, '111111111111']]);
        const [first, second] = withCode(diagnostics, Issues.duplicateAccountId.code);
        expect(first.relatedInformation?.[0].location.range.start.line).toBe(6);
        expect(second.relatedInformation?.[0].location.range.start.line).toBe(1);
    });

    it('reports the payer declared again as an account', async () => {
        const text = `${HEADER}\naccount 999999999999 "payer-again"\n${webGroup()}\n${DATA_GROUP}`;
        expect(codes(await validate(text))).toEqual([Issues.duplicateAccountId.code, Issues.duplicateAccountId.code]);
    });

    it('reports a name given to two accounts at both', async () => {
        const text = `${HEADER}\naccount 444444444444 "web-dev"\n${webGroup()}\n${DATA_GROUP}`;
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.duplicateAccountName.code)).toEqual([[3, '"web-dev"'], [7, '"web-dev"']]);
    });

    it('reports an id declared again in an imported file, in the importing file only', async () => {
        const result = await validateAll({
            'accounts.billing': 'account 111111111111 "web-prod"',
            'main.billing': `import "accounts.billing"\naccount 111111111111 "web"\nplan p { }\ngroup g { primary web accounts web plan p }`,
        });
        expect(codes(result['accounts.billing'])).toEqual([]);
        const [duplicate] = result['main.billing'];
        expect(duplicate.code).toBe(Issues.duplicateAccountId.code);
        expect(duplicate.range.start.line).toBe(1);
        expect(duplicate.relatedInformation?.[0].location.uri).toMatch(/accounts\.billing$/);
    });

    it('reports two different payers at both', async () => {
        const text = `${HEADER}\npayer 888888888888 "other-org"\n${webGroup()}\n${DATA_GROUP}`;
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.multiplePayers.code)).toEqual([[1, 'payer'], [7, 'payer']]);
    });
});

describe('unassigned accounts', () => {
    afterEach(reset);

    it('warns about a declared account that no group names, at its id', async () => {
        const text = `${HEADER}\n${webGroup()}`;
        const diagnostics = await validate(text);
        expect(codes(diagnostics)).toEqual([Issues.unassignedAccount.code]);
        expect(locations(text, diagnostics, Issues.unassignedAccount.code)).toEqual([[4, '333333333333']]);
        expect(diagnostics[0].severity).toBe(2);
        expect(diagnostics[0].message).toContain('333333333333 ("data-prod")');
    });

    it('never warns about the payer', async () => {
        const text = `${HEADER}\n${webGroup()}\n${DATA_GROUP}`;
        expect(await validate(text)).toEqual([]);
    });

    it('does not warn when an auto-associate group receives the unnamed accounts', async () => {
        const text = `${HEADER}\n${webGroup('auto-associate')}`;
        expect(await validate(text)).toEqual([]);
    });

    it('counts an account named only as a line item allocation as unassigned', async () => {
        const text = `${HEADER}\n${webGroup('fee support flat 10 account data-prod')}`;
        expect(codes(await validate(text)).sort()).toEqual([Issues.unassignedAccount.code, Issues.allocatedAccountNotMember.code]);
    });

    it('does not warn about a shared accounts file whose accounts an importing file assigns', async () => {
        const result = await validateAll({
            'accounts.billing': 'account 111111111111 "web-prod"\naccount 222222222222 "web-dev"',
            'main.billing': 'import "accounts.billing"\nplan p { }\ngroup g { primary web-prod accounts web-prod plan p }',
        });
        expect(locations('account 111111111111 "web-prod"\naccount 222222222222 "web-dev"', result['accounts.billing'], Issues.unassignedAccount.code))
            .toEqual([[2, '222222222222']]);
        expect(result['main.billing']).toEqual([]);
    });
});

describe('payer as primary', () => {
    afterEach(reset);

    it('reports the payer as primary, by name or by id, at the primary', async () => {
        const text = `${HEADER}
group web {
  primary acme-management
  accounts acme-management, web-prod, web-dev
  plan standard
}
group data {
  primary 999999999999
  accounts 999999999999, data-prod
  plan standard
}`;
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.payerAsPrimary.code)).toEqual([[8, 'acme-management'], [13, '999999999999']]);
    });

    it('allows the payer as an ordinary member', async () => {
        const text = `${HEADER}\ngroup web {\n  primary web-prod\n  accounts web-prod, web-dev, acme-management\n  plan standard\n}\n${DATA_GROUP}`;
        expect(await validate(text)).toEqual([]);
    });
});
