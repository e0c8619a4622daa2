import { afterEach, describe, expect, it } from 'vitest';
import { Issues } from '../../../language/validation/issue-codes.js';
import { codes, locations, reset, validate, validateAll } from './helpers.js';

// The import checks live with the scoping (language/scoping/import-validator.ts); their codes are in
// the catalogue, so the catalogue's tests check that each one is produced with its code.
describe('import diagnostics', () => {
    afterEach(reset);

    it('BIL007: reports an import of a missing file at its path', async () => {
        const text = 'import "acounts.billing"';
        const diagnostics = await validate(text);
        expect(codes(diagnostics)).toEqual([Issues.importNotFound.code]);
        expect(locations(text, diagnostics, Issues.importNotFound.code)).toEqual([[1, '"acounts.billing"']]);
        expect(diagnostics[0].data).toEqual({ code: Issues.importNotFound.code });
    });

    it('BIL008: warns about files that import each other', async () => {
        const result = await validateAll({
            'a.billing': 'import "b.billing"',
            'b.billing': 'import "a.billing"',
        });
        expect(codes(result['a.billing'])).toEqual([Issues.importCycle.code]);
        expect(codes(result['b.billing'])).toEqual([Issues.importCycle.code]);
        expect(result['a.billing'][0].severity).toBe(2);
    });
});
