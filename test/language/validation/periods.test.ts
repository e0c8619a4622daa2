import { afterEach, describe, expect, it } from 'vitest';
import { Issues } from '../../../language/validation/issue-codes.js';
import { DATA_GROUP, HEADER, locations, reset, validate, webGroup } from './helpers.js';

const policy = (...lines: string[]) => `${HEADER}\n${DATA_GROUP}\n${webGroup(...lines)}`;
const FIRST_LINE = 16;

describe('billing periods', () => {
    afterEach(reset);

    it('reports months outside 01–12 on memberships and line items, at the period', async () => {
        const text = policy('accounts 444444444444 from 2026-00 until 2026-13', 'fee a flat 1 from 2025-13', 'fee b flat 1 until 2026-99');
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.invalidPeriod.code)).toEqual([
            [FIRST_LINE, '2026-00'], [FIRST_LINE, '2026-13'], [FIRST_LINE + 1, '2025-13'], [FIRST_LINE + 2, '2026-99'],
        ]);
        expect(diagnostics.find(d => d.code === Issues.invalidPeriod.code)?.message)
            .toBe("invalid billing period '2026-00': expected YYYY-MM with a month from 01 to 12");
    });

    it('reports empty and reversed ranges at their until, on memberships and line items', async () => {
        const text = policy(
            'accounts 444444444444 from 2026-05 until 2026-05',
            'accounts 555555555555 from 2026-06 until 2025-06',
            'fee a flat 1 from 2026-07 until 2026-01',
            'fee b flat 1 until 2026-03 from 2026-03',
        );
        const diagnostics = await validate(text);
        expect(locations(text, diagnostics, Issues.emptyPeriodRange.code)).toEqual([
            [FIRST_LINE, '2026-05'], [FIRST_LINE + 1, '2025-06'], [FIRST_LINE + 2, '2026-01'], [FIRST_LINE + 3, '2026-03'],
        ]);
    });

    it('accepts one-month and open ranges', async () => {
        const text = policy('fee a flat 1 from 2026-01 until 2026-02', 'fee b flat 1 from 2026-12', 'fee c flat 1 until 2027-01');
        expect(await validate(text)).toEqual([]);
    });
});
