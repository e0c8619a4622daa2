import { afterEach, describe, expect, it } from 'vitest';
import { Issues } from '../../../language/validation/issue-codes.js';
import { codes, DATA_GROUP, HEADER, locations, reset, validate, webGroup, withCode } from './helpers.js';

/** A policy whose group `web` has these line item lines (from line 11 on). */
const policy = (...lines: string[]) => `${HEADER}\n${DATA_GROUP}\n${webGroup(...lines)}`;
const FIRST_LINE = 16;

describe('line item bases', () => {
    afterEach(reset);

    it('reports a percentage of a percentage line item, at the base', async () => {
        const text = policy('fee tax 8% of charges', 'fee handling 1% of charges, tax');
        expect(locations(text, await validate(text), Issues.percentageOfPercentage.code)).toEqual([[FIRST_LINE + 1, 'tax']]);
    });

    it('reports a line item that is its own base', async () => {
        const text = policy('fee security 2% of security');
        const diagnostics = await validate(text);
        expect(codes(diagnostics)).toEqual([Issues.selfReferencingLineItem.code]);
        expect(locations(text, diagnostics, Issues.selfReferencingLineItem.code)).toEqual([[FIRST_LINE, 'security']]);
    });

    it('reports a base named twice, at the repetition', async () => {
        const text = policy('fee platform flat 100', 'fee security 2% of charges, platform, charges, platform');
        expect(locations(text, await validate(text), Issues.duplicateBase.code)).toEqual([[FIRST_LINE + 1, 'charges'], [FIRST_LINE + 1, 'platform']]);
    });

    it('allows 100 bases and reports the 101st', async () => {
        const flats = (count: number) => Array.from({ length: count }, (_, i) => `fee f${i} flat 1`);
        const percentage = (count: number) => `fee overhead 1% of ${Array.from({ length: count }, (_, i) => `f${i}`).join(', ')}`;
        expect(await validate(policy(...flats(100), percentage(100)))).toEqual([]);
        const text = policy(...flats(101), percentage(101));
        expect(locations(text, await validate(text), Issues.tooManyBases.code)).toEqual([[FIRST_LINE + 101, 'f100']]);
    });
});

describe('line item amounts', () => {
    afterEach(reset);

    it('accepts flat amounts from 0 to 1,000,000 and percentages from 0% to 10,000%', async () => {
        const text = policy('fee a flat 0', 'fee b flat 1000000', 'fee c flat 1000000.00', 'fee d 0% of charges', 'credit e 10000% of charges');
        expect(await validate(text)).toEqual([]);
    });

    it('reports amounts out of range at the amount', async () => {
        const text = policy('fee a flat -1', 'fee b flat 1000000.01', 'credit c -5% of charges', 'fee d 10000.5% of charges');
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.flatAmountOutOfRange.code)).toEqual([[FIRST_LINE, '-1'], [FIRST_LINE + 1, '1000000.01']]);
        expect(locations(text, diagnostics, Issues.percentageOutOfRange.code)).toEqual([[FIRST_LINE + 2, '-5'], [FIRST_LINE + 3, '10000.5']]);
        expect(withCode(diagnostics, Issues.flatAmountOutOfRange.code)[0].message).toContain('use `credit` to subtract');
    });
});

describe('line item options', () => {
    afterEach(reset);

    it('reports a second filter, of another kind, at the second', async () => {
        const text = policy('fee a 2% of charges exclude savings-plan-negation service = AmazonEC2', 'fee b 2% of charges service != AmazonEC2 exclude savings-plan-negation');
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.multipleFilters.code)).toEqual([
            [FIRST_LINE, 'service = AmazonEC2'], [FIRST_LINE + 1, 'exclude savings-plan-negation'],
        ]);
        expect(codes(diagnostics)).toEqual([Issues.multipleFilters.code, Issues.multipleFilters.code]);
    });

    it('reports every option given twice at the repetition', async () => {
        const text = policy(
            'fee a 2% of charges account web-dev itemized presented-as AmazonEC2 from 2026-01 until 2026-05 exclude savings-plan-negation',
            'fee b 2% of charges account web-prod itemized presented-as AmazonRDS from 2026-02 until 2026-06 exclude savings-plan-negation',
            'fee c 2% of charges service = AmazonEC2 service = AmazonRDS',
        ).replace('fee b 2% of charges ', 'fee b 2% of charges account web-dev itemized presented-as AmazonEC2 from 2026-01 until 2026-05 exclude savings-plan-negation ');
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.repeatedLineItemOption.code).map(([line, covered]) => `${line} ${covered}`)).toEqual([
            `${FIRST_LINE + 1} account web-prod`,
            `${FIRST_LINE + 1} itemized`,
            `${FIRST_LINE + 1} presented-as AmazonRDS`,
            `${FIRST_LINE + 1} from 2026-02`,
            `${FIRST_LINE + 1} until 2026-06`,
            `${FIRST_LINE + 1} exclude savings-plan-negation`,
            `${FIRST_LINE + 2} service = AmazonRDS`,
        ]);
        expect(codes(diagnostics)).not.toContain(Issues.multipleFilters.code);
    });

    it('reports itemized and filters on a flat line item', async () => {
        const text = policy('fee a flat 10 itemized', 'fee b flat 10 exclude savings-plan-negation', 'fee c flat 10 service = AmazonEC2');
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.percentageOnlyOption.code)).toEqual([
            [FIRST_LINE, 'itemized'], [FIRST_LINE + 1, 'exclude savings-plan-negation'], [FIRST_LINE + 2, 'service = AmazonEC2'],
        ]);
    });

    it('reports a service filter excluding several services or repeating one', async () => {
        const text = policy('fee a 2% of charges service != AmazonEC2, AmazonRDS', 'fee b 2% of charges service = AmazonEC2, AmazonRDS, AmazonEC2');
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.invalidServiceFilter.code)).toEqual([[FIRST_LINE, 'AmazonRDS'], [FIRST_LINE + 1, 'AmazonEC2']]);
    });

    it('reports a presented-as or filtered service that is not a service code', async () => {
        const text = policy('fee a 2% of charges service = "Amazon EC2" presented-as "AWS Support"');
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.invalidFieldValue.code)).toEqual([[FIRST_LINE, '"Amazon EC2"'], [FIRST_LINE, '"AWS Support"']]);
    });

    it('reports a line item allocated to an account outside the group, at the account', async () => {
        const text = policy('fee a flat 10 account data-prod', 'fee b flat 10 account 222222222222', 'fee c flat 10 account 444444444444');
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.allocatedAccountNotMember.code)).toEqual([[FIRST_LINE, 'data-prod'], [FIRST_LINE + 2, '444444444444']]);
        expect(diagnostics[0].message).toBe('line item is allocated to account 333333333333 ("data-prod"), which is not a member of group \'web\'');
    });
});

describe('line item quotas per group', () => {
    afterEach(reset);

    const items = (count: number, option: string) => Array.from({ length: count }, (_, i) => `fee f${i} 1% of charges ${option}`);

    it('allows 10 line items with a filter and reports 11 at the group name', async () => {
        expect(await validate(policy(...items(10, 'exclude savings-plan-negation')))).toEqual([]);
        const text = policy(...items(6, 'exclude savings-plan-negation'), ...items(5, 'service = AmazonEC2').map(l => l.replace('fee f', 'fee s')));
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.tooManyFilteredLineItems.code)).toEqual([[12, 'web']]);
        expect(diagnostics[0].message).toContain('11 line items with a filter');
    });

    it('allows 5 itemized line items and reports 6 at the group name', async () => {
        expect(await validate(policy(...items(5, 'itemized')))).toEqual([]);
        const text = policy(...items(6, 'itemized'));
        expect(locations(text, await validate(text), Issues.tooManyItemizedLineItems.code)).toEqual([[12, 'web']]);
    });
});
