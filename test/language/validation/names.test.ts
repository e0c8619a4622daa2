import { afterEach, describe, expect, it } from 'vitest';
import { Issues } from '../../../language/validation/issue-codes.js';
import { codes, DATA_GROUP, HEADER, locations, reset, validate, validateAll, webGroup, withCode } from './helpers.js';

describe('duplicate names', () => {
    afterEach(reset);

    it('reports rules, plans and groups with the same name at each, pointing at the others', async () => {
        const text = [
            HEADER,
            'rule standard-markup { markup 8% }',
            'plan standard { rules standard-markup }',
            webGroup(),
            DATA_GROUP.replace('group data', 'group web'),
        ].join('\n');
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.duplicateName.code)).toEqual([
            [5, 'standard-markup'], [7, 'standard-markup'], [6, 'standard'], [8, 'standard'], [9, 'web'], [14, 'web'],
        ]);
        const messages = withCode(diagnostics, Issues.duplicateName.code).map(d => d.message);
        expect(messages[0]).toBe("duplicate rule name 'standard-markup': rule names must be unique");
        expect(messages[2]).toContain('plan');
        expect(messages[4]).toContain('group');
        expect(withCode(diagnostics, Issues.duplicateName.code)[0].relatedInformation?.[0].location.range.start.line).toBe(6);
    });

    it('lets a rule, a plan and a group share a name', async () => {
        const text = `${HEADER}\nrule web { markup 1% }\nplan web { rules web }\n${webGroup().replace('plan standard', 'plan web')}\n${DATA_GROUP}`;
        expect(await validate(text)).toEqual([]);
    });

    it('reports line items with the same name within a group only', async () => {
        const text = `${HEADER}\n${webGroup('fee platform flat 1', 'credit platform flat 2')}\n${DATA_GROUP.replace('plan standard', 'plan standard\n  fee platform flat 3')}`;
        const diagnostics = await validate(text);
        expect(codes(diagnostics)).toEqual([Issues.duplicateName.code, Issues.duplicateName.code]);
        expect(locations(text, diagnostics, Issues.duplicateName.code)).toEqual([[11, 'platform'], [12, 'platform']]);
        expect(diagnostics[0].message).toContain('line item');
    });

    it('reports a name declared again in an imported file, in the importing file', async () => {
        const result = await validateAll({
            'rates.billing': 'rule standard-markup { markup 7% }\nplan standard { rules standard-markup }',
            'main.billing': 'import "rates.billing"\nrule standard-markup { markup 9% }\naccount 111111111111 "web-prod"\ngroup web { primary web-prod accounts web-prod plan standard }',
        });
        const mainCodes = codes(result['main.billing']);
        expect(mainCodes).toContain(Issues.duplicateName.code);
        expect(withCode(result['main.billing'], Issues.duplicateName.code)[0].relatedInformation?.[0].location.uri).toMatch(/rates\.billing$/);
        expect(codes(result['rates.billing'])).not.toContain(Issues.duplicateName.code);
    });
});

describe('lengths', () => {
    afterEach(reset);

    it('allows names of 128 characters and reports longer ones', async () => {
        const ok = `rule ${'r'.repeat(128)} { markup 1% }`;
        expect(codes(await validate(ok))).not.toContain(Issues.nameTooLong.code);
        const text = `${HEADER}\n${webGroup(`fee ${'f'.repeat(129)} flat 1`)}\n${DATA_GROUP}`;
        const diagnostics = await validate(text);
        expect(codes(diagnostics)).toEqual([Issues.nameTooLong.code]);
        expect(diagnostics[0].message).toBe('line item name is 129 characters long; ABC allows at most 128');
    });

    it('allows descriptions of 1,024 characters (255 for line items) and reports longer ones', async () => {
        const rule = (length: number) => `rule r "${'d'.repeat(length)}" { markup 1% }`;
        expect(codes(await validate(rule(1024)))).not.toContain(Issues.descriptionTooLong.code);
        expect(codes(await validate(rule(1025)))).toContain(Issues.descriptionTooLong.code);
        const item = (length: number) => `${HEADER}\n${webGroup(`fee f "${'d'.repeat(length)}" flat 1`)}\n${DATA_GROUP}`;
        expect(await validate(item(255))).toEqual([]);
        const diagnostics = await validate(item(256));
        expect(codes(diagnostics)).toEqual([Issues.descriptionTooLong.code]);
        expect(diagnostics[0].message).toBe('line item description is 256 characters long; ABC allows at most 255');
    });
});
