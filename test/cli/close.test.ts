/**
 * Closed periods: `closed through` in the policy, `billing close PERIOD` writing the lock file, and `billing check`
 * failing when the policy (a rate change, a new group) or the data (late line items) would change a closed period.
 * Every figure is worked out by hand below over three periods.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { billing, tempProject } from './cli-harness.js';

const HEADER = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount';
const row = (period: string, account: string, service: string, cost: string, publicCost: string): string =>
    `${period}-01T00:00:00Z,${account},Usage,${service},USE1-Usage,Run,USD,${cost},${publicCost},1`;
const WEB = '111111111111';
const DATA = '222222222222';

/*
 * By hand, rule markup-10 (public × 1.1) for both groups, web's platform fee flat 20:
 *   web  2026-01: public 100 → charges 110, pro forma 130, AWS 80, margin 50, 50/130 = 38.46 %
 *   web  2026-02: public 200 → charges 220, pro forma 240, AWS 160, margin 80, 80/240 = 33.33 %
 *   web  2026-03: public 300 → charges 330, pro forma 350, AWS 240, margin 110, 110/350 = 31.43 %
 *   data 2026-01: public 50 → charges 55 = pro forma, AWS 50, margin 5, 5/55 = 9.09 %
 *   data 2026-02: public 40 → 44, AWS 40, margin 4, 9.09 %
 *   data 2026-03: public 60 → 66, AWS 60, margin 6, 9.09 %
 */
const CUR = [
    HEADER,
    row('2026-01', WEB, 'AmazonEC2', '80', '100'), row('2026-02', WEB, 'AmazonEC2', '160', '200'), row('2026-03', WEB, 'AmazonEC2', '240', '300'),
    row('2026-01', DATA, 'AmazonS3', '50', '50'), row('2026-02', DATA, 'AmazonS3', '40', '40'), row('2026-03', DATA, 'AmazonS3', '60', '60'),
].join('\n') + '\n';

const POLICY = `account ${WEB} "web-prod"
account ${DATA} "data-prod"
closed through 2026-02
rule markup-10 { markup 10% }
plan standard { rules markup-10 }
group web {
  primary web-prod
  accounts web-prod
  plan standard
  fee platform flat 20
}
group data {
  primary data-prod
  accounts data-prod
  plan standard
}
`;

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
    project = tempProject({ 'policy.billing': POLICY, 'cur.csv': CUR });
});
afterEach(() => project.dispose());

const run = (...args: string[]) => billing(args, project.dir);
const write = (file: string, text: string) => writeFileSync(path.join(project.dir, file), text);
const lockText = () => readFileSync(path.join(project.dir, 'billing.lock.json'), 'utf8');
const closeBoth = () => {
    expect(run('close', '2026-01', 'policy.billing', '-d', 'cur.csv').status).toBe(0);
    expect(run('close', '2026-02', 'policy.billing', '-d', 'cur.csv').status).toBe(0);
};

describe('billing close', () => {
    it('records each group of the period with its exact figures, the unassigned cost and digests', () => {
        const closed = run('close', '2026-01', 'policy.billing', '-d', 'cur.csv');
        expect(closed.status, closed.stderr).toBe(0);
        // 130 + 55 = 185.
        expect(closed.stdout).toBe('closed 2026-01 in billing.lock.json: 2 groups, pro forma cost 185 USD, unassigned AWS cost 0\n');
        expect(run('close', '2026-02', 'policy.billing', '-d', 'cur.csv').status).toBe(0);
        const lock = JSON.parse(lockText());
        expect(lock.schemaVersion).toBe(1);
        expect(lock.periods.map((entry: { period: string }) => entry.period)).toEqual(['2026-01', '2026-02']);
        const figures = lock.periods.map((entry: { groups: Record<string, unknown>[] }) => entry.groups.map((group) =>
            [group.name, group.awsCost, group.charges, group.proformaCost, group.margin, group.marginPercent]));
        expect(figures).toEqual([
            [['web', '80', '110', '130', '50', '38.46'], ['data', '50', '55', '55', '5', '9.09']],
            [['web', '160', '220', '240', '80', '33.33'], ['data', '40', '44', '44', '4', '9.09']],
        ]);
        for (const entry of lock.periods) {
            expect(entry.unassignedAwsCost).toBe('0');
            expect(entry.currency).toBe('USD');
            expect(entry.policyDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
            expect(entry.dataDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
            expect(Number.isNaN(Date.parse(entry.closedAt))).toBe(false);
        }
    });

    it('refuses a period the policy does not close, naming the statement', () => {
        const result = run('close', '2026-03', 'policy.billing', '-d', 'cur.csv');
        expect(result.status).toBe(1);
        expect(result.stderr).toContain('policy.billing:3: the policy does not close 2026-03 (it says `closed through 2026-02`): write `closed through 2026-03` first');
        write('open.billing', POLICY.replace('closed through 2026-02\n', ''));
        expect(run('close', '2026-01', 'open.billing', '-d', 'cur.csv').stderr).toContain('it has no `closed through` statement');
    });

    it('never rewrites a closed period: the same figures succeed, other figures fail and leave the lock as it was', () => {
        closeBoth();
        const before = lockText();
        const again = run('close', '2026-02', 'policy.billing', '-d', 'cur.csv');
        expect(again.status).toBe(0);
        expect(again.stdout).toBe('2026-02 is already closed in billing.lock.json, with the same figures\n');
        write('cur.csv', CUR + row('2026-02', WEB, 'AmazonEC2', '8', '10') + '\n');
        const changed = run('close', '2026-02', 'policy.billing', '-d', 'cur.csv');
        expect(changed.status).toBe(1);
        expect(changed.stderr).toContain('2026-02 was closed with other figures; a closed period is not rewritten');
        expect(lockText()).toBe(before);
    });

    it('usage errors: no period, a malformed one, no policy', () => {
        expect(run('close').status).toBe(2);
        expect(run('close', '2026-13', 'policy.billing').stderr).toContain("invalid period '2026-13'");
        expect(run('close', '2026-01').stderr).toContain('missing POLICY');
        expect(run('close', '--help').stdout).toContain('billing close [options] PERIOD POLICY…');
    });

    it('a malformed lock file is an error naming it (exit 2)', () => {
        write('billing.lock.json', '{"periods": 3}');
        const result = run('close', '2026-01', 'policy.billing', '-d', 'cur.csv');
        expect(result.status).toBe(2);
        expect(result.stderr).toContain('billing.lock.json: not a lock file');
    });
});

describe('billing validate --data keeps closed periods as billed (BIL110, as the editor reports it)', () => {
    it('passes on unchanged closed periods; a rate change fails at each group with the figures before and after', () => {
        closeBoth();
        const clean = run('validate', 'policy.billing', '-d', 'cur.csv');
        expect(clean.status, clean.stdout).toBe(0);
        expect(clean.stdout).not.toContain('BIL110');
        write('policy.billing', POLICY.replace('markup 10%', 'markup 12%'));
        const result = run('validate', 'policy.billing', '-d', 'cur.csv');
        expect(result.status).toBe(1);
        // The same hand-worked figures as `check` below (× 1.12): web 2026-01 130 → 132; data 2026-02 44 → 44.8.
        // At the edit: the rule (line 4), since the lock records each rule's, plan's and group's digest.
        expect(result.stdout).toContain('policy.billing:4:6 error BIL110 closed period 2026-01 would change for group "web": charges 110 → 112, pro forma cost 130 → 132, margin 50 → 52, margin % 38.46 → 39.39 (the policy changed since it was closed)');
        expect(result.stdout).toContain('policy.billing:4:6 error BIL110 closed period 2026-02 would change for group "data": charges 44 → 44.8, pro forma cost 44 → 44.8, margin 4 → 4.8, margin % 9.09 → 10.71');
        // Every closed period is judged, not only the latest one the budget checks look at (2026-03 is open).
        expect(result.stdout.match(/BIL110/g)).toHaveLength(4);
    });

    it('late data for a closed period fails, naming the data; a period never closed fails at the statement; --lock picks the file', () => {
        expect(run('validate', 'policy.billing', '-d', 'cur.csv').stdout).toContain('policy.billing:3:16 error BIL110 period 2026-01 is closed by the policy but not recorded in billing.lock.json');
        closeBoth();
        write('cur.csv', CUR + row('2026-02', WEB, 'AmazonEC2', '8', '10') + '\n');
        const late = run('validate', 'policy.billing', '-d', 'cur.csv');
        expect(late.status).toBe(1);
        // By hand: AWS 160 + 8 = 168; public 210 × 1.1 = 231; + 20 = 251.
        expect(late.stdout).toContain('closed period 2026-02 would change for group "web": AWS cost 160 → 168, charges 220 → 231, pro forma cost 240 → 251, margin 80 → 83, margin % 33.33 → 33.07 (the data changed since it was closed)');
        write('other.lock.json', '{ "schemaVersion": 1, "periods": [] }');
        expect(run('validate', 'policy.billing', '-d', 'cur.csv', '--lock', 'other.lock.json').stdout).toContain('not recorded in other.lock.json');
        write('bad.lock.json', '{ nope');
        const bad = run('validate', 'policy.billing', '-d', 'cur.csv', '--lock', 'bad.lock.json');
        expect(bad.status).toBe(2);
        expect(bad.stderr).toContain('bad.lock.json');
    });
});

describe('billing check keeps closed periods as billed', () => {
    it('a closed period never recorded fails the check, at the closed through statement', () => {
        const result = run('check', 'policy.billing', '-d', 'cur.csv');
        expect(result.status).toBe(1);
        expect(result.stdout).toContain('error closed-period: policy.billing:3:16: period 2026-01 is closed by the policy but not recorded in billing.lock.json: run `billing close 2026-01`');
        expect(result.stdout).toContain('period 2026-02 is closed by the policy but not recorded');
    });

    it('unchanged closed periods pass; an open period may change freely', () => {
        closeBoth();
        expect(run('check', 'policy.billing', '-d', 'cur.csv').status).toBe(0);
        // March is open: more March usage changes nothing closed.
        write('cur.csv', CUR + row('2026-03', WEB, 'AmazonEC2', '8', '10') + '\n');
        expect(run('check', 'policy.billing', '-d', 'cur.csv').status).toBe(0);
    });

    it('a rate change that rewrites history fails, located at each group, with the figures before and after', () => {
        closeBoth();
        write('policy.billing', POLICY.replace('markup 10%', 'markup 12%'));
        const result = run('check', 'policy.billing', '-d', 'cur.csv');
        expect(result.status).toBe(1);
        // By hand, × 1.12: web 2026-01 112, 132, margin 52, 52/132 = 39.39 %; data 2026-01 56, margin 6, 6/56 = 10.71 %;
        // web 2026-02 224, 244, margin 84, 84/244 = 34.43 %; data 2026-02 44.8, margin 4.8, 4.8/44.8 = 10.71 %.
        expect(result.stdout).toContain('error closed-period: policy.billing:4:6: closed period 2026-01 would change for group "web": charges 110 → 112, pro forma cost 130 → 132, margin 50 → 52, margin % 38.46 → 39.39 (the policy changed since it was closed)');
        expect(result.stdout).toContain('policy.billing:4:6: closed period 2026-01 would change for group "data": charges 55 → 56, pro forma cost 55 → 56, margin 5 → 6, margin % 9.09 → 10.71');
        expect(result.stdout).toContain('closed period 2026-02 would change for group "web": charges 220 → 224, pro forma cost 240 → 244, margin 80 → 84, margin % 33.33 → 34.43');
        expect(result.stdout).toContain('closed period 2026-02 would change for group "data": charges 44 → 44.8, pro forma cost 44 → 44.8, margin 4 → 4.8, margin % 9.09 → 10.71');
        expect(result.stdout).toContain('4 changes to closed periods (closed through 2026-02; lock file billing.lock.json)');
        expect(result.stdout).not.toContain('closed period 2026-03');
    });

    it('late data for a closed period fails, naming the data as the cause', () => {
        closeBoth();
        write('cur.csv', CUR + row('2026-02', WEB, 'AmazonEC2', '8', '10') + '\n');
        const result = run('check', 'policy.billing', '-d', 'cur.csv', '-f', 'json');
        expect(result.status).toBe(1);
        const check = JSON.parse(result.stdout);
        expect(check.failed).toBe(true);
        expect(check.closedPeriods.through).toBe('2026-02');
        expect(check.closedPeriods.lockFile).toBe('billing.lock.json');
        // By hand: AWS 160 + 8 = 168; public 210 × 1.1 = 231; + 20 = 251; margin 83; 83/251 = 33.07 %.
        expect(check.closedPeriods.changes).toEqual([{
            kind: 'group-changed', period: '2026-02', group: 'web',
            figures: [
                { figure: 'awsCost', locked: '160', now: '168' },
                { figure: 'charges', locked: '220', now: '231' },
                { figure: 'proformaCost', locked: '240', now: '251' },
                { figure: 'margin', locked: '80', now: '83' },
                { figure: 'marginPercent', locked: '33.33', now: '33.07' },
            ],
            causes: { policy: false, data: true },
            message: 'closed period 2026-02 would change for group "web": AWS cost 160 → 168, charges 220 → 231, pro forma cost 240 → 251, margin 80 → 83, margin % 33.33 → 33.07 (the data changed since it was closed)',
            location: { file: 'policy.billing', line: 6, column: 7 },
        }]);
    });

    it('a new group with a flat fee would bill closed periods; the same fee from the first open period does not', () => {
        closeBoth();
        const withOps = (fee: string) => `${POLICY}account 333333333333 "ops"\ngroup ops {\n  primary ops\n  accounts ops\n  plan standard\n  ${fee}\n}\n`;
        write('ops.billing', withOps('fee desk flat 5'));
        const result = run('check', 'ops.billing', '-d', 'cur.csv', '--lock', 'billing.lock.json', '-f', 'github');
        expect(result.status).toBe(1);
        expect(result.stdout).toContain('::error file=ops.billing,line=18,col=7,title=closed-period-changed::closed period 2026-01 would bill group "ops", which it did not: pro forma cost 5 (the policy changed since it was closed)');
        expect(result.stdout).toContain('closed period 2026-02 would bill group "ops"');
        write('ops.billing', withOps('fee desk flat 5 from 2026-03'));
        expect(run('check', 'ops.billing', '-d', 'cur.csv', '--lock', 'billing.lock.json').status).toBe(0);
    });

    it('moving closed through forward asks for the next close; a repeated statement is an error (BIL109)', () => {
        closeBoth();
        write('policy.billing', POLICY.replace('closed through 2026-02', 'closed through 2026-03'));
        expect(run('check', 'policy.billing', '-d', 'cur.csv').stdout).toContain('period 2026-03 is closed by the policy but not recorded');
        expect(run('close', '2026-03', 'policy.billing', '-d', 'cur.csv').status).toBe(0);
        expect(run('check', 'policy.billing', '-d', 'cur.csv').status).toBe(0);
        write('twice.billing', POLICY.replace('closed through 2026-02', 'closed through 2026-02\nclosed through 2026-03'));
        const twice = run('validate', 'twice.billing');
        expect(twice.status).toBe(1);
        expect(twice.stdout + twice.stderr).toContain('BIL109');
    });

    it('billing diff names a moved closed through (it changes no figure)', () => {
        write('next.billing', POLICY.replace('closed through 2026-02', 'closed through 2026-03'));
        const result = run('diff', 'policy.billing', 'next.billing', '-d', 'cur.csv', '-f', 'json');
        expect(result.status, result.stderr).toBe(0);
        const diff = JSON.parse(result.stdout);
        expect(diff.policyChanges).toEqual([{
            element: 'closedThrough', change: 'changed', name: 'closed through', before: '2026-02', after: '2026-03',
            description: 'closed through 2026-02 → 2026-03', groups: [],
        }]);
        expect(diff.total.change.proformaCost).toBe('0');
    });
});

describe('BIL110 at the edit that changes a closed period', () => {
    it('a lock file written before entity digests: still at the group', () => {
        closeBoth();
        const lock = JSON.parse(lockText());
        for (const entry of lock.periods) delete entry.entityDigests;
        write('billing.lock.json', JSON.stringify(lock));
        write('policy.billing', POLICY.replace('markup 10%', 'markup 12%'));
        const result = run('check', 'policy.billing', '-d', 'cur.csv');
        expect(result.status).toBe(1);
        expect(result.stdout).toContain('error closed-period: policy.billing:6:7: closed period 2026-01 would change for group "web": charges 110 → 112');
        expect(result.stdout).toContain('error closed-period: policy.billing:12:7: closed period 2026-01 would change for group "data"');
    });

    it('an undated fee raised in one group: at that group (its rule and plan are as closed)', () => {
        closeBoth();
        expect(JSON.parse(lockText()).periods[0].entityDigests).toEqual(expect.objectContaining({ 'rule:markup-10': expect.stringMatching(/^sha256:/), 'plan:standard': expect.any(String), 'group:web': expect.any(String) }));
        write('policy.billing', POLICY.replace('fee platform flat 20', 'fee platform flat 25'));
        const result = run('validate', 'policy.billing', '-d', 'cur.csv');
        expect(result.status).toBe(1);
        // 130 + 5 = 135 in January, 240 + 5 = 245 in February; only web moves.
        expect(result.stdout).toContain('policy.billing:6:7 error BIL110 closed period 2026-01 would change for group "web": pro forma cost 130 → 135');
        expect(result.stdout).toContain('policy.billing:6:7 error BIL110 closed period 2026-02 would change for group "web": pro forma cost 240 → 245');
        expect(result.stdout.match(/BIL110/g)).toHaveLength(2);
    });

    it('late data with the policy as closed: at the data statement that reads it (with --data: the data is named, at the group)', () => {
        // Line 17: data "cur.csv" (the string at column 6).
        write('policy.billing', `${POLICY}data "cur.csv"\n`);
        expect(run('close', '2026-01', 'policy.billing').status).toBe(0);
        expect(run('close', '2026-02', 'policy.billing').status).toBe(0);
        write('cur.csv', CUR + row('2026-02', WEB, 'AmazonEC2', '8', '10') + '\n');
        const check = run('check', 'policy.billing');
        expect(check.status).toBe(1);
        // By hand: AWS 160 + 8 = 168; public 210 × 1.1 = 231; + 20 = 251.
        expect(check.stdout).toContain('error closed-period: policy.billing:17:6: closed period 2026-02 would change for group "web": AWS cost 160 → 168, charges 220 → 231, pro forma cost 240 → 251, margin 80 → 83, margin % 33.33 → 33.07 (the data changed since it was closed)');
        const validate = run('validate', 'policy.billing');
        expect(validate.status).toBe(1);
        expect(validate.stdout).toContain('policy.billing:17:6 error BIL110 closed period 2026-02 would change for group "web": AWS cost 160 → 168');
        expect(run('check', 'policy.billing', '-d', 'cur.csv').stdout).toContain('error closed-period: policy.billing:6:7: closed period 2026-02 would change for group "web": AWS cost 160 → 168');
    });
});
