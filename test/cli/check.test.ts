/**
 * `billing check` and `billing bill --fail-on`: budgets and margin floors against a small hand-made CUR whose
 * figures are worked out by hand below, exit codes (output first, then the exit code), every format.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billing, tempProject } from './cli-harness.js';

const HEADER = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount';
const row = (period: string, account: string, type: string, service: string, cost: string, publicCost: string): string =>
    `${period}-01T00:00:00Z,${account},${type},${service},USE1-Usage,Run,USD,${cost},${publicCost},1`;

/*
 * By hand, with rule markup-10 (× 1.1) for both groups:
 * - web 2026-01: public 100 → pro forma 110, AWS 80, margin 30 = 27.27 %: within budget 150 and floor 20 %.
 * - web 2026-02: public 200 → pro forma 220 > budget 150 (over by 70); margin 60 = 27.27 % ≥ 20 %.
 * - data 2026-01: public 50 → pro forma 55, AWS 50, margin 5 = 9.09 % < 25 % (the plan's floor).
 * - data 2026-02: a Tax line of 5 only: pro forma 0 (tax excluded), AWS 5, margin −5, margin % undefined → breach.
 */
const CUR = [
    HEADER,
    row('2026-01', '111111111111', 'Usage', 'AmazonEC2', '80', '100'),
    row('2026-02', '111111111111', 'Usage', 'AmazonEC2', '160', '200'),
    row('2026-01', '222222222222', 'Usage', 'AmazonS3', '50', '50'),
    row('2026-02', '222222222222', 'Tax', 'AmazonS3', '5', ''),
].join('\n') + '\n';

const POLICY = `account 111111111111 "web-prod"
account 222222222222 "data-prod"
rule markup-10 { markup 10% }
plan standard {
  rules markup-10
  min-margin 25%
}
group web {
  primary web-prod
  accounts web-prod
  plan standard
  budget 150
  min-margin 20%
}
group data {
  primary data-prod
  accounts data-prod
  plan standard
}
`;

const BUDGET_LINE = 'group web, 2026-02: over budget — pro forma cost 220.00 USD exceeds the budget of 150.00 USD by 70.00 USD';
const MARGIN_LINE = 'group data, 2026-01: below the margin floor — margin 9.09% (5.00 USD on a pro forma cost of 55.00 USD) is under the floor of 25% (the floor of plan standard)';
const ZERO_LINE = 'group data, 2026-02: below the margin floor — no pro forma cost and a margin of -5.00 USD is under the floor of 25% (the floor of plan standard)';

let project: ReturnType<typeof tempProject>;
beforeAll(() => {
    project = tempProject({ 'policy.billing': POLICY, 'cur.csv': CUR, 'clean.billing': POLICY.replace('  budget 150\n  min-margin 20%\n', '').replace('  min-margin 25%\n', '') });
});
afterAll(() => project.dispose());

const run = (...args: string[]) => billing(args, project.dir);

describe('billing check', () => {
    it('names every breach with its figures and exits 1 (default --fail-on budget,margin)', () => {
        const result = run('check', 'policy.billing', '--data', 'cur.csv');
        expect(result.status, result.stderr).toBe(1);
        expect(result.stdout).toBe([
            `error margin: ${MARGIN_LINE}`,
            `error budget: ${BUDGET_LINE}`,
            `error margin: ${ZERO_LINE}`,
            '3 breaches (2 groups with a budget or margin floor, 2026-01..2026-02)',
            '',
        ].join('\n'));
    });

    it('--fail-on budget: margin breaches are warnings; --period narrows; --fail-on none never fails', () => {
        const january = run('check', 'policy.billing', '-d', 'cur.csv', '--period', '2026-01', '--fail-on', 'budget');
        expect(january.status).toBe(0);
        expect(january.stdout).toBe(`warning margin: ${MARGIN_LINE}\n1 breach (2 groups with a budget or margin floor, 2026-01)\n`);
        const february = run('check', 'policy.billing', '-d', 'cur.csv', '-p', '2026-02', '--fail-on', 'budget');
        expect(february.status).toBe(1);
        expect(run('check', 'policy.billing', '-d', 'cur.csv', '--fail-on', 'none').status).toBe(0);
        expect(run('check', 'policy.billing', '-d', 'cur.csv', '--fail-on', 'margin', '-p', '2026-02').status).toBe(1);
    });

    it('reports no breach (exit 0) for a policy without budgets or floors', () => {
        const result = run('check', 'clean.billing', '-d', 'cur.csv');
        expect(result.status).toBe(0);
        expect(result.stdout).toBe('no breach: 0 groups with a budget or margin floor, 2026-01..2026-02\n');
    });

    it('--format json: the public shape, exact figures', () => {
        const result = run('check', 'policy.billing', '-d', 'cur.csv', '-f', 'json', '--fail-on', 'budget');
        expect(result.status).toBe(1);
        expect(JSON.parse(result.stdout)).toEqual({
            schemaVersion: 1,
            periods: ['2026-01', '2026-02'],
            checked: [
                { group: 'web', budget: '150', minMarginPercent: '20', floorFrom: 'group' },
                { group: 'data', minMarginPercent: '25', floorFrom: 'plan' },
            ],
            failOn: ['budget'],
            breaches: [
                { kind: 'margin', group: 'data', period: '2026-01', currency: 'USD', minMarginPercent: '25', floorFrom: 'plan', plan: 'standard', marginPercent: '9.09', margin: '5', proformaCost: '55' },
                { kind: 'budget', group: 'web', period: '2026-02', currency: 'USD', budget: '150', proformaCost: '220', over: '70' },
                { kind: 'margin', group: 'data', period: '2026-02', currency: 'USD', minMarginPercent: '25', floorFrom: 'plan', plan: 'standard', marginPercent: null, margin: '-5', proformaCost: '0' },
            ],
            failed: true,
        });
    });

    it('--format markdown and github', () => {
        const markdown = run('check', 'policy.billing', '-d', 'cur.csv', '-f', 'markdown', '--fail-on', 'budget');
        expect(markdown.stdout).toContain('| ❌ | web | 2026-02 | over budget by 70.00 USD | pro forma 220.00 USD | budget 150.00 USD |');
        expect(markdown.stdout).toContain('| ⚠️ | data | 2026-01 | below margin floor | margin 9.09% | floor 25% (plan standard) |');
        const github = run('check', 'policy.billing', '-d', 'cur.csv', '-f', 'github', '--fail-on', 'budget');
        const lines = github.stdout.trimEnd().split('\n');
        expect(lines[0]).toBe(`::warning file=policy.billing,line=15,col=7,title=margin-below-floor::${MARGIN_LINE.replace(/%/g, '%25')}`);
        expect(lines[1]).toBe(`::error file=policy.billing,line=8,col=7,title=budget-exceeded::${BUDGET_LINE}`);
    });

    it('names the data\'s currency in every breach line (EUR and CHF data)', () => {
        // The same figures as above; only the currency differs, so the lines differ only in their symbol.
        const euro = tempProject({ 'policy.billing': POLICY, 'cur.csv': CUR.replace(/,USD,/g, ',EUR,') });
        const swiss = tempProject({ 'policy.billing': POLICY, 'cur.csv': CUR.replace(/,USD,/g, ',CHF,') });
        try {
            const inEuro = billing(['check', 'policy.billing', '-d', 'cur.csv', '--fail-on', 'budget', '-p', '2026-02'], euro.dir);
            expect(inEuro.stdout).toContain('error budget: group web, 2026-02: over budget — pro forma cost 220.00 EUR exceeds the budget of 150.00 EUR by 70.00 EUR');
            expect(inEuro.stdout).toContain('no pro forma cost and a margin of -5.00 EUR');
            const inFrancs = billing(['check', 'policy.billing', '-d', 'cur.csv', '--fail-on', 'budget', '-p', '2026-02', '-f', 'json'], swiss.dir);
            expect(JSON.parse(inFrancs.stdout).breaches[0]).toMatchObject({ kind: 'budget', currency: 'CHF', over: '70' });
            const text = billing(['check', 'policy.billing', '-d', 'cur.csv', '--fail-on', 'budget', '-p', '2026-02'], swiss.dir);
            expect(text.stdout).toContain('pro forma cost 220.00 CHF exceeds the budget of 150.00 CHF by 70.00 CHF');
        } finally {
            euro.dispose();
            swiss.dispose();
        }
    });

    it('writes --output first, then exits 1; rejects an unknown --fail-on kind (exit 2)', () => {
        const result = run('check', 'policy.billing', '-d', 'cur.csv', '-o', 'check.txt');
        expect(result.status).toBe(1);
        expect(result.stdout).toBe('');
        expect(readFileSync(path.join(project.dir, 'check.txt'), 'utf8')).toContain(BUDGET_LINE);
        const bad = run('check', 'policy.billing', '-d', 'cur.csv', '--fail-on', 'budgets');
        expect(bad.status).toBe(2);
        expect(bad.stderr).toMatch(/invalid value 'budgets' for '--fail-on' \(expected budget, margin, none/);
    });
});

describe('billing bill --fail-on', () => {
    it('writes the bill, then names the breaches of the listed kinds on stderr and exits 1', () => {
        const result = run('bill', 'policy.billing', '-d', 'cur.csv', '--fail-on', 'budget');
        expect(result.status).toBe(1);
        expect(result.stdout).toContain('Pro forma bill');
        expect(result.stderr).toContain(`error budget: ${BUDGET_LINE}\n`);
        expect(result.stderr).not.toContain('margin:');
        const both = run('bill', 'policy.billing', '-d', 'cur.csv', '--fail-on', 'budget,margin', '-f', 'json', '-o', 'bill.json');
        expect(both.status).toBe(1);
        expect(JSON.parse(readFileSync(path.join(project.dir, 'bill.json'), 'utf8')).groups).toHaveLength(4);
        expect(both.stderr.split('\n').filter((line) => line.startsWith('error '))).toEqual([
            `error margin: ${MARGIN_LINE}`, `error budget: ${BUDGET_LINE}`, `error margin: ${ZERO_LINE}`,
        ]);
    });

    it('without --fail-on (or without breaches) exits 0', () => {
        expect(run('bill', 'policy.billing', '-d', 'cur.csv').status).toBe(0);
        expect(run('bill', 'policy.billing', '-d', 'cur.csv', '--fail-on', 'budget', '-p', '2026-01').status).toBe(0);
    });
});
