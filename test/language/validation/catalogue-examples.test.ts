import { afterEach, describe, expect, it } from 'vitest';
import { allIssues } from '../../../language/validation/issue-codes.js';
import { codes, reset, validate } from './helpers.js';

/*
 * The documentation of every code is executable: its "wrong" example produces the code, its "right"
 * example produces no error and not the code. Sketches (abbreviated with "…") are covered by
 * dedicated tests in the other files of this folder. Data-aware codes (`dataContext`) need billing data:
 * test/server/data-checks.test.ts runs their examples against a matching CUR fixture.
 */
describe('catalogue examples', () => {
    afterEach(reset);

    for (const issue of allIssues.filter(entry => !entry.sketch && !entry.dataContext)) {
        it(`${issue.code} ${issue.name}: the wrong example produces it`, async () => {
            expect(codes(await validate(issue.wrong))).toContain(issue.code);
        });
        it(`${issue.code} ${issue.name}: the right example has no error and not this code`, async () => {
            const diagnostics = await validate(issue.right);
            expect(codes(diagnostics)).not.toContain(issue.code);
            expect(diagnostics.filter(d => d.severity === 1).map(d => `${d.code} ${d.message}`)).toEqual([]);
        });
    }
});
