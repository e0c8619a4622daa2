/**
 * Effective-dated pricing (issue 16 item 1) end to end: a rule's markup, a group's plan and a group's budget that
 * change at a billing period, billed over four periods; a dated change that touches only open periods leaves the
 * closed ones as billed (`billing check` and `billing validate --data` pass), one that reaches back into a closed
 * period fails them (BIL110). Every figure is worked out by hand below.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { billing, tempProject } from './cli-harness.js';

const HEADER = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount';
const row = (period: string, account: string, service: string, cost: string, publicCost: string): string =>
    `${period}-01T00:00:00Z,${account},Usage,${service},USE1-Usage,Run,USD,${cost},${publicCost},1`;
const WEB = '111111111111';
const DATA = '222222222222';
const PERIODS = ['2026-01', '2026-02', '2026-03', '2026-04'];
// web: public 100, 200, 300, 400 (AWS 80, 160, 240, 320); data: public 50 (AWS 50) every period.
const CUR = [
    HEADER,
    ...PERIODS.map((period, i) => row(period, WEB, 'AmazonEC2', String(80 * (i + 1)), String(100 * (i + 1)))),
    ...PERIODS.map((period) => row(period, DATA, 'AmazonS3', '50', '50')),
].join('\n') + '\n';

const policy = (markup: string, dataPlan = 'plan standard', budget = '') => `account ${WEB} "web-prod"
account ${DATA} "data-prod"
closed through 2026-02
rule std {
${markup}
}
plan standard { rules std }
group web {
  primary web-prod
  accounts web-prod
  plan standard
${budget}
}
group data {
  primary data-prod
  accounts data-prod
${dataPlan}
}
`;
const UNDATED = policy('  markup 10%');
/** The markup changes from 10 % to 5 % in 2026-03, an open period (closed through 2026-02). */
const FROM_MARCH = policy('  markup 10% until 2026-03\n  markup 5% from 2026-03');
/** The same change dated one period earlier: it reaches into the closed 2026-02. */
const FROM_FEBRUARY = policy('  markup 10% until 2026-02\n  markup 5% from 2026-02');

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
    project = tempProject({ 'policy.billing': UNDATED, 'cur.csv': CUR });
});
afterEach(() => project.dispose());

const run = (...args: string[]) => billing(args, project.dir);
const write = (text: string) => writeFileSync(path.join(project.dir, 'policy.billing'), text);
const figures = (stdout: string) => (JSON.parse(stdout) as { groups: { name: string; period: string; plan: string; charges: string; proformaCost: string }[] }).groups
    .map((group) => `${group.name} ${group.period} ${group.plan} ${group.proformaCost}`);

describe('effective-dated pricing, billed', () => {
    it('prices each period with the version in force: markup, plan', () => {
        write(FROM_MARCH.replace('plan standard\n}\n', 'plan standard until 2026-02\n  plan BasicPricingPlan from 2026-02\n}\n'));
        const result = run('bill', 'policy.billing', '-d', 'cur.csv', '-f', 'json');
        expect(result.status, result.stderr).toBe(0);
        expect(figures(result.stdout)).toEqual([
            'web 2026-01 standard 110', //  100 × 1.10 = 110   (markup 10% until 2026-03)
            'data 2026-01 standard 55', //   50 × 1.10 = 55    (plan standard until 2026-02)
            'web 2026-02 standard 220', //  200 × 1.10 = 220
            'data 2026-02 BasicPricingPlan 50', // 50 × 1 = 50 (plan BasicPricingPlan from 2026-02: public rates)
            'web 2026-03 standard 315', //  300 × 1.05 = 315   (markup 5% from 2026-03)
            'data 2026-03 BasicPricingPlan 50',
            'web 2026-04 standard 420', //  400 × 1.05 = 420
            'data 2026-04 BasicPricingPlan 50',
        ]);
    });

    it('checks each period against the budget in force', () => {
        // Budget 300 until 2026-04, 400 from 2026-04: 2026-03 315 > 300 (over by 15); 2026-04 420 > 400 (over by 20);
        // 2026-01 110 and 2026-02 220 are within 300.
        write(FROM_MARCH.replace('closed through 2026-02\n', '').replace('plan standard\n\n}', 'plan standard\n  budget 300 until 2026-04\n  budget 400 from 2026-04\n}'));
        const result = run('check', 'policy.billing', '-d', 'cur.csv', '-f', 'json');
        expect(result.status, result.stderr).toBe(1);
        const breaches = (JSON.parse(result.stdout) as { breaches: { group: string; period: string; budget: string; over: string }[] }).breaches;
        expect(breaches.map((b) => `${b.group} ${b.period} ${b.budget} ${b.over}`)).toEqual(['web 2026-03 300 15', 'web 2026-04 400 20']);
    });
});

describe('effective-dated pricing and closed periods', () => {
    const closeJanuaryAndFebruary = () => {
        expect(run('close', '2026-01', 'policy.billing', '-d', 'cur.csv').status).toBe(0);
        expect(run('close', '2026-02', 'policy.billing', '-d', 'cur.csv').status).toBe(0);
    };

    it('a dated change from the first open period leaves the closed ones as billed: check and validate --data pass', () => {
        closeJanuaryAndFebruary();
        write(FROM_MARCH);
        const check = run('check', 'policy.billing', '-d', 'cur.csv');
        expect(check.status, check.stdout + check.stderr).toBe(0);
        const validate = run('validate', 'policy.billing', '-d', 'cur.csv');
        expect(validate.status, validate.stdout).toBe(0);
        expect(validate.stdout).not.toContain('BIL110');
        // …while the open periods do change: 2026-03 300 × 1.05 = 315 (was 330), 2026-04 400 × 1.05 = 420 (was 440).
        const bill = run('bill', 'policy.billing', '-d', 'cur.csv', '-f', 'json', '--period', '2026-03', '--period', '2026-04');
        expect(figures(bill.stdout).filter((line) => line.startsWith('web'))).toEqual(['web 2026-03 standard 315', 'web 2026-04 standard 420']);
    });

    it('a dated change that reaches into a closed period fails check and validate --data (BIL110)', () => {
        closeJanuaryAndFebruary();
        write(FROM_FEBRUARY);
        const check = run('check', 'policy.billing', '-d', 'cur.csv');
        expect(check.status).toBe(1);
        // web 2026-02: 200 × 1.05 = 210 instead of the 220 billed; data 2026-02: 50 × 1.05 = 52.5 instead of 55.
        expect(check.stdout).toContain('2026-02');
        expect(check.stdout).not.toMatch(/2026-01[^\n]*would change/);
        const validate = run('validate', 'policy.billing', '-d', 'cur.csv');
        expect(validate.status).toBe(1);
        expect(validate.stdout).toContain('BIL110 closed period 2026-02 would change for group "web": charges 220 → 210, pro forma cost 220 → 210');
        expect(validate.stdout).toContain('BIL110 closed period 2026-02 would change for group "data": charges 55 → 52.5');
        expect(validate.stdout).not.toContain('closed period 2026-01 would change');
    });
});
