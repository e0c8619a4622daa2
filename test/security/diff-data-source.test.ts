/**
 * Issue 18, item 1: `billing diff BASE HEAD` must not let HEAD (the side under review) choose the data both sides are
 * priced on. A pull request that raises a markup and points `data` at a file where the change shows nothing must
 * still show the change, list the `data` change as a policy change, and never say "no changes".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDiffReport } from '../../engine/diff/index.js';
import { billing, tempProject } from '../cli/cli-harness.js';

const HEADER = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount';
const row = (account: string, cost: string): string => `2026-01-01T00:00:00Z,${account},Usage,AmazonEC2,USE1-Usage,Run,USD,${cost},${cost},1`;
// The real data: the group's account spends 100.
const REAL = `${HEADER}\n${row('111111111111', '100')}\n`;
// HEAD's decoy: three rows of an account no group holds, the group's account absent.
const DECOY = `${HEADER}\n${row('999999999999', '1')}\n${row('999999999999', '2')}\n${row('999999999999', '3')}\n`;
const policy = (markup: string, data: string) => `data "${data}"
account 111111111111 "web"
rule m { markup ${markup}% }
plan p { rules m }
group web { primary web accounts web plan p }
`;

let project: ReturnType<typeof tempProject>;
beforeAll(() => {
    project = tempProject({
        'base.billing': policy('7', 'real.csv'), 'head.billing': policy('25', 'decoy.csv'),
        'head-same-figures.billing': policy('7', 'decoy.csv'), 'real.csv': REAL, 'decoy.csv': DECOY,
    });
});
afterAll(() => project.dispose());

describe('billing diff: data comes from BASE or --data, never from HEAD', () => {
    it('prices both sides on BASE\'s data and reports the changed data statement', () => {
        const result = billing(['diff', 'base.billing', 'head.billing', '-f', 'json'], project.dir);
        expect(result.status, result.stderr).toBe(0);
        const diff = JSON.parse(result.stdout) as PolicyDiffReport;
        expect(diff.data.sources).toEqual(['real.csv']);
        // By hand: 100 × 1.07 = 107 before, 100 × 1.25 = 125 after, +18.
        expect(diff.total.base.proformaCost).toBe('107');
        expect(diff.total.head.proformaCost).toBe('125');
        expect(diff.total.change.proformaCost).toBe('18');
        const data = diff.policyChanges.find((change) => change.element === 'data');
        expect(data).toMatchObject({ change: 'changed', field: 'paths', before: 'real.csv', after: 'decoy.csv' });
    });

    it('an explicit --data wins over both sides', () => {
        const result = billing(['diff', 'base.billing', 'head.billing', '-d', 'decoy.csv', '-f', 'json'], project.dir);
        const diff = JSON.parse(result.stdout) as PolicyDiffReport;
        expect(diff.data.sources).toEqual(['decoy.csv']);
        expect(diff.total.change.proformaCost).toBe('0'); // the decoy holds no account of the group: 0 before and after
    });

    it('markdown and table never say "no changes" when the policy changed', () => {
        // Same markup, data moved to the decoy: no figure moves on BASE's data, yet the policy changed.
        for (const format of ['markdown', 'table']) {
            const result = billing(['diff', 'base.billing', 'head-same-figures.billing', '-f', format], project.dir);
            expect(result.status, result.stderr).toBe(0);
            expect(result.stdout).not.toContain('No group or period changes');
            expect(result.stdout).not.toMatch(/Policy changes: none|- none \(same compiled policy\)/);
            expect(result.stdout).toContain('data real.csv → decoy.csv');
        }
        const md = billing(['diff', 'base.billing', 'head-same-figures.billing', '-f', 'markdown'], project.dir).stdout;
        expect(md).toContain('but the policy changed');
    });
});
