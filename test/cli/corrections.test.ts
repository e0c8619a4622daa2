/**
 * Corrections instead of rewrites (issue 16 item 3): `billing bill --corrections` keeps closed periods at the figures
 * of the lock file and posts what changed in them as `correction` lines in the first open period. Every figure is
 * worked out by hand below, over three periods.
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
const STRAY = '999999999999';

/*
 * By hand, rule markup-7 (public × 1.07) for both groups, web's platform fee flat 20:
 *   web  2026-01: public 100 → charges 107, pro forma 127, AWS 80, margin 47, 47/127 = 37.01 %
 *   web  2026-02: public 200 → charges 214, pro forma 234, AWS 160, margin 74, 74/234 = 31.62 %
 *   web  2026-03: public 300 → charges 321, pro forma 341, AWS 240, margin 101
 *   data 2026-01: public 50 → 53.5, AWS 50;  2026-02: public 40 → 42.8, AWS 40;  2026-03: public 60 → 64.2, AWS 60
 * Input AWS cost: 2026-01 130, 2026-02 200, 2026-03 300; range 630.
 */
const CUR = [
    HEADER,
    row('2026-01', WEB, 'AmazonEC2', '80', '100'), row('2026-02', WEB, 'AmazonEC2', '160', '200'), row('2026-03', WEB, 'AmazonEC2', '240', '300'),
    row('2026-01', DATA, 'AmazonS3', '50', '50'), row('2026-02', DATA, 'AmazonS3', '40', '40'), row('2026-03', DATA, 'AmazonS3', '60', '60'),
].join('\n') + '\n';
/* The late row: 2026-02 usage of web delivered after February was closed, AWS cost 10, public 10 → 10 × 1.07 = 10.70. */
const LATE = CUR + row('2026-02', WEB, 'AmazonEC2', '10', '10') + '\n';

const POLICY = `account ${WEB} "web-prod"
account ${DATA} "data-prod"
closed through 2026-02
rule markup-7 { markup 7% }
plan standard { rules markup-7 }
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

interface Line { name: string; type: string; amount: string; description?: string; accountId: string; correction?: { sourcePeriod: string; postedIn: string; awsCost: string; reason: string } }
interface Group { name: string; period: string; awsCost: string; charges: string; proformaCost: string; margin: string; marginPercent: string | null; customLineItems: Line[]; byService: { service: string; awsCost: string; proformaCost: string }[]; byAccount: { accountId: string; awsCost: string; proformaCost: string }[] }

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
    project = tempProject({ 'policy.billing': POLICY, 'cur.csv': CUR });
    expect(run('close', '2026-01', 'policy.billing', '-d', 'cur.csv').status).toBe(0);
    expect(run('close', '2026-02', 'policy.billing', '-d', 'cur.csv').status).toBe(0);
});
afterEach(() => project.dispose());

const run = (...args: string[]) => billing(args, project.dir);
const write = (file: string, text: string) => writeFileSync(path.join(project.dir, file), text);
const json = (...args: string[]) => {
    const result = run('bill', 'policy.billing', '-d', 'cur.csv', '--corrections', '-f', 'json', ...args);
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout);
};
const group = (report: { groups: Group[] }, name: string, period: string): Group => report.groups.find((g) => g.name === name && g.period === period)!;
const sum = (values: string[]) => values.reduce((total, value) => total + Math.round(Number(value) * 100), 0) / 100;

describe('billing bill --corrections: late data for a closed period', () => {
    it('keeps 2026-02 as locked and posts 10.70 in 2026-03, with the source period and the reason', () => {
        write('cur.csv', LATE);
        const report = json();
        // 2026-02 stays as billed: AWS 160, pro forma 234, margin 74, 31.62 % (the lock's figures).
        const feb = group(report, 'web', '2026-02');
        expect([feb.awsCost, feb.proformaCost, feb.margin, feb.marginPercent]).toEqual(['160', '234', '74', '31.62']);
        // Its current bill (charges 214 + 10.70 = 224.70, + fee 20 = 244.70) is taken back by the reversal −10.70.
        expect(feb.charges).toBe('224.7');
        expect(feb.customLineItems.map((line) => [line.name, line.type, line.amount])).toEqual([
            ['platform', 'FEE', '20'], ['correction 2026-02 (posted in 2026-03)', 'CREDIT', '-10.7'],
        ]);
        expect(feb.customLineItems[1]!.correction).toEqual({ sourcePeriod: '2026-02', postedIn: '2026-03', awsCost: '-10', reason: 'the data changed since 2026-02 was closed' });
        // 2026-03 carries the difference: AWS 240 + 10 = 250; pro forma 341 + 10.70 = 351.70; margin 101.70;
        // 101.70 / 351.70 = 0.289166… → 28.92 %.
        const mar = group(report, 'web', '2026-03');
        expect([mar.awsCost, mar.charges, mar.proformaCost, mar.margin, mar.marginPercent]).toEqual(['250', '321', '351.7', '101.7', '28.92']);
        const posted = mar.customLineItems.find((line) => line.correction)!;
        expect(posted).toMatchObject({ name: 'correction 2026-02', type: 'FEE', amount: '10.7', accountId: WEB, description: 'the data changed since 2026-02 was closed' });
        expect(posted.correction).toEqual({ sourcePeriod: '2026-02', postedIn: '2026-03', awsCost: '10', reason: 'the data changed since 2026-02 was closed' });
        // Detail adds up: AWSBillingConductor (fee 20 + correction 10.70 = 30.70, AWS 10); EC2 321, AWS 240.
        expect(mar.byService).toEqual([
            { service: 'AWSBillingConductor', awsCost: '10', proformaCost: '30.7', margin: '20.7' },
            { service: 'AmazonEC2', awsCost: '240', proformaCost: '321', margin: '81' },
        ]);
        expect(mar.byAccount.map((line) => [line.accountId, line.awsCost, line.proformaCost])).toEqual([[WEB, '250', '351.7']]);
        // The other groups and 2026-01 are untouched.
        expect(group(report, 'data', '2026-02').proformaCost).toBe('42.8');
        expect(group(report, 'web', '2026-01').customLineItems).toHaveLength(1);
    });

    it('reconciles over the range: Σ groups + unassigned = input (630 + the late 10 = 640), corrections cancelling', () => {
        write('cur.csv', LATE);
        const report = json();
        // Groups: 2026-01 80 + 50, 2026-02 160 + 40 (locked), 2026-03 250 + 60 = 640 = input 130 + 210 + 300.
        expect(report.reconciliation).toEqual({ groupsAwsCost: '640', unassignedAwsCost: '0', inputAwsCost: '640', correctionsAwsCost: '0', difference: '0' });
        expect(report.total.awsCost).toBe('640');
        // Pro forma over the range is the same with and without corrections: 127 + 53.5 + 234 + 42.8 + 351.7 + 64.2 = 873.2
        // (uncorrected: 127 + 53.5 + 244.7 + 42.8 + 341 + 64.2 = 873.2): the 10.70 moved from February to March.
        expect(report.total.proformaCost).toBe('873.2');
        expect(sum(report.groups.map((g: Group) => g.proformaCost))).toBe(873.2);
        const plain = JSON.parse(run('bill', 'policy.billing', '-d', 'cur.csv', '-f', 'json').stdout);
        expect(plain.total.proformaCost).toBe('873.2');
        expect(group(plain, 'web', '2026-02').proformaCost).toBe('244.7');
    });

    it('--period 2026-03 alone: the correction is there, and correctionsAwsCost closes the reconciliation', () => {
        write('cur.csv', LATE);
        const report = json('--period', '2026-03');
        expect(report.periods).toEqual(['2026-03']);
        expect(group(report, 'web', '2026-03').proformaCost).toBe('351.7');
        // Groups 250 + 60 = 310 = input 300 + corrections 10.
        expect(report.reconciliation).toEqual({ groupsAwsCost: '310', unassignedAwsCost: '0', inputAwsCost: '300', correctionsAwsCost: '10', difference: '0' });
        expect(report.total.awsCost).toBe('310');
        // 341 + 10.70 + 64.2 = 415.9.
        expect(report.total.proformaCost).toBe('415.9');
        // --period 2026-02 alone: February as locked (AWS 200 shown against input 210: corrections −10).
        const feb = json('--period', '2026-02');
        expect(feb.reconciliation).toEqual({ groupsAwsCost: '200', unassignedAwsCost: '0', inputAwsCost: '210', correctionsAwsCost: '-10', difference: '0' });
        expect(feb.total.proformaCost).toBe('276.8'); // 234 + 42.8, as locked
    });

    it('--reason is the reason of every correction line', () => {
        write('cur.csv', LATE);
        const report = json('--reason', 'late EC2 usage of February (ticket FIN-311)');
        const reasons = report.groups.flatMap((g: Group) => g.customLineItems.filter((line) => line.correction).map((line) => line.correction!.reason));
        expect(reasons).toEqual(['late EC2 usage of February (ticket FIN-311)', 'late EC2 usage of February (ticket FIN-311)']);
    });

    it('unchanged closed periods: no correction line, the report is the plain bill', () => {
        const corrected = run('bill', 'policy.billing', '-d', 'cur.csv', '--corrections', '-f', 'json');
        const plain = run('bill', 'policy.billing', '-d', 'cur.csv', '-f', 'json');
        expect(corrected.status).toBe(0);
        expect(corrected.stdout).toBe(plain.stdout);
    });
});

describe('billing bill --corrections: a policy change reaching two closed periods, and the unassigned cost', () => {
    it('an undated fee raised 20 → 25 posts +5 for 2026-01 and +5 for 2026-02 in 2026-03', () => {
        write('policy.billing', POLICY.replace('fee platform flat 20', 'fee platform flat 25'));
        const report = json();
        // Closed months as locked: 127 and 234 (their current bills 132 and 239 less the reversals of 5).
        expect(group(report, 'web', '2026-01').proformaCost).toBe('127');
        expect(group(report, 'web', '2026-02').proformaCost).toBe('234');
        // March: 321 + 25 + 5 + 5 = 356; AWS 240 (a policy change moves no AWS cost); margin 116; 116/356 = 32.58 %.
        const mar = group(report, 'web', '2026-03');
        expect([mar.awsCost, mar.proformaCost, mar.margin, mar.marginPercent]).toEqual(['240', '356', '116', '32.58']);
        expect(mar.customLineItems.filter((line) => line.correction).map((line) => [line.name, line.amount, line.correction!.sourcePeriod, line.correction!.reason])).toEqual([
            ['correction 2026-01', '5', '2026-01', 'the policy changed since 2026-01 was closed'],
            ['correction 2026-02', '5', '2026-02', 'the policy changed since 2026-02 was closed'],
        ]);
        // Range: 127 + 53.5 + 234 + 42.8 + 356 + 64.2 = 877.5 = uncorrected 132 + 53.5 + 239 + 42.8 + 346 + 64.2.
        expect(report.total.proformaCost).toBe('877.5');
        expect(report.reconciliation.difference).toBe('0');
    });

    it('a late row of an account in no group moves the unassigned AWS cost of 2026-02 to 2026-03', () => {
        write('cur.csv', CUR + row('2026-02', STRAY, 'AmazonS3', '4', '4') + '\n');
        const result = run('bill', 'policy.billing', '-d', 'cur.csv', '--corrections', '-f', 'json');
        expect(result.status, result.stderr).toBe(0);
        const report = JSON.parse(result.stdout);
        expect(report.unassigned.byPeriod.map((line: { period: string; awsCost: string; correction?: string }) => [line.period, line.awsCost, line.correction])).toEqual([
            ['2026-01', '0', undefined], ['2026-02', '0', '-4'], ['2026-03', '4', '4'],
        ]);
        // Groups 130 + 200 + 300 + unassigned 4 = 634 = input 634.
        expect(report.reconciliation).toEqual({ groupsAwsCost: '630', unassignedAwsCost: '4', inputAwsCost: '634', correctionsAwsCost: '0', difference: '0' });
    });
});

describe('every view shows the correction lines', () => {
    beforeEach(() => write('cur.csv', LATE));

    it('table: a note without --detail; the line in the custom line items with --detail', () => {
        const table = run('bill', 'policy.billing', '-d', 'cur.csv', '--corrections');
        expect(table.status, table.stderr).toBe(0);
        expect(table.stdout).toMatch(/web\s+2026-02\s+1\s+160\.00\s+234\.00\s+74\.00\s+31\.62%/);
        // 250 + 60 = 310 and 351.70 + 64.20 = 415.90 in March; total AWS 640 (= input), pro forma 873.20.
        expect(table.stdout).toMatch(/web\s+2026-03\s+1\s+250\.00\s+351\.70\s+101\.70\s+28\.92%/);
        expect(table.stdout).toMatch(/Total\s+640\.00\s+873\.20/);
        expect(table.stdout).toContain('Note: Correction: web 2026-03 includes 10.70 pro forma (AWS cost 10.00) correcting closed 2026-02 — the data changed since 2026-02 was closed.');
        expect(table.stdout).toContain('Note: Correction: web 2026-02 is closed and shows what was billed; its change since (pro forma 10.70, AWS cost 10.00) is posted in 2026-03');
        const detail = run('bill', 'policy.billing', '-d', 'cur.csv', '--corrections', '--detail').stdout;
        expect(detail).toMatch(/correction 2026-02\s+FEE\s+correction of closed 2026-02\s+CONSOLIDATED\s+10\.70/);
        expect(detail).toMatch(/correction 2026-02 \(posted in 2026-03\)\s+CREDIT\s+change since closed, posted in 2026-03\s+CONSOLIDATED\s+-10\.70/);
        // February's detail adds up to the locked 234: AWSBillingConductor 20 − 10.70 = 9.30, EC2 224.70.
        expect(detail).toMatch(/AWSBillingConductor\s+-10\.00\s+9\.30\s+19\.30/);
    });

    it('markdown carries the note; csv has correction records with source period and reason', () => {
        const markdown = run('bill', 'policy.billing', '-d', 'cur.csv', '--corrections', '-f', 'markdown').stdout;
        expect(markdown).toContain('correcting closed 2026-02');
        const csv = run('bill', 'policy.billing', '-d', 'cur.csv', '--corrections', '-f', 'csv').stdout.trim().split('\n');
        expect(csv[0]!.endsWith(',margin_shown,source_period,reason')).toBe(true);
        const corrections = csv.filter((line) => line.startsWith('correction,'));
        // record,period,group,account,account_name,service,item,item_type,aws_cost,proforma_cost,margin,…,source_period,reason
        expect(corrections).toEqual([
            `correction,2026-02,web,${WEB},,AWSBillingConductor,correction 2026-02 (posted in 2026-03),CREDIT,-10,-10.7,-0.7,,,,,-10.00,-10.70,-0.70,2026-02,the data changed since 2026-02 was closed`,
            `correction,2026-03,web,${WEB},,AWSBillingConductor,correction 2026-02,FEE,10,10.7,0.7,,,,,10.00,10.70,0.70,2026-02,the data changed since 2026-02 was closed`,
        ]);
    });

    it('statement: March shows the correction line; February shows what was billed', () => {
        const march = run('statement', 'policy.billing', '-d', 'cur.csv', '-g', 'web', '-p', '2026-03', '-f', 'md', '--corrections', '--reason', 'late EC2 usage');
        expect(march.status, march.stderr).toBe(0);
        expect(march.stdout).toContain('| Correction of 2026-02 | 10.70 |');
        expect(march.stdout).toContain('| **Pro forma total** | **351.70** |');
        expect(march.stdout).toContain('Correction: web 2026-03 includes 10.70 pro forma correcting closed 2026-02 — late EC2 usage.');
        expect(march.stdout).not.toContain('AWS cost');
        const february = run('statement', 'policy.billing', '-d', 'cur.csv', '-g', 'web', '-p', '2026-02', '-f', 'md', '--corrections');
        expect(february.stdout).toContain('| **Pro forma total** | **234.00** |');
        expect(february.stdout).toContain('| Change since closed, posted in 2026-03 | -10.70 |');
    });
});

describe('what cannot be corrected is said, never silently billed', () => {
    it('no closed through: usage error; --reason without --corrections: usage error', () => {
        write('open.billing', POLICY.replace('closed through 2026-02\n', ''));
        const open = run('bill', 'open.billing', '-d', 'cur.csv', '--corrections');
        expect(open.status).toBe(2);
        expect(open.stderr).toContain("'--corrections' needs a policy that closes periods");
        const reason = run('bill', 'policy.billing', '-d', 'cur.csv', '--reason', 'x');
        expect(reason.status).toBe(2);
        expect(reason.stderr).toContain("'--reason' needs '--corrections'");
    });

    it('a closed period never recorded, and no first open period in the data: error issues, exit 1', () => {
        write('policy.billing', POLICY.replace('closed through 2026-02', 'closed through 2026-03'));
        const unlocked = run('bill', 'policy.billing', '-d', 'cur.csv', '--corrections', '-f', 'json');
        expect(unlocked.status).toBe(1);
        expect(unlocked.stderr).toContain('error closed-period-not-locked: period 2026-03 is closed by the policy but not recorded in billing.lock.json');
        write('cur.csv', LATE.split('\n').filter((line) => !line.startsWith('2026-03')).join('\n'));
        write('policy.billing', POLICY);
        const noOpen = run('bill', 'policy.billing', '-d', 'cur.csv', '--corrections');
        expect(noOpen.status).toBe(1);
        expect(noOpen.stderr).toContain('error correction-no-open-period: closed period 2026-02 would change, but the data has no first open period 2026-03');
    });

    it('a group billed in a closed period that the policy no longer has', () => {
        const lock = JSON.parse(readFileSync(path.join(project.dir, 'billing.lock.json'), 'utf8'));
        expect(lock.periods).toHaveLength(2);
        write('policy.billing', POLICY.replace(/group data \{[^}]*\}\n/, ''));
        const result = run('bill', 'policy.billing', '-d', 'cur.csv', '--corrections');
        expect(result.status).toBe(1);
        expect(result.stderr).toContain('error correction-group-missing: closed period 2026-01 billed group "data", which the policy no longer has');
    });
});
