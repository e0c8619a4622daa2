/**
 * `billing diff`: two versions of a policy billed on the same small CUR, figures worked out by hand below; BASE and
 * HEAD as files and as git revisions (a temporary repository; imports read at the revision; the working tree untouched).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDiffReport } from '../../engine/diff/index.js';
import { billing, tempProject } from './cli-harness.js';

const HEADER = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount';
const row = (period: string, account: string, service: string, cost: string, publicCost: string): string =>
    `${period}-01T00:00:00Z,${account},Usage,${service},USE1-Usage,Run,USD,${cost},${publicCost},1`;
const CUR = [
    HEADER,
    row('2026-01', '111111111111', 'AmazonEC2', '80', '100'),
    row('2026-01', '222222222222', 'AmazonS3', '50', '50'),
    row('2026-01', '333333333333', 'AmazonEC2', '20', '20'),
    row('2026-02', '111111111111', 'AmazonEC2', '160', '200'),
    row('2026-02', '222222222222', 'AmazonS3', '50', '50'),
    row('2026-02', '333333333333', 'AmazonEC2', '20', '20'),
].join('\n') + '\n';

const ACCOUNTS = 'account 111111111111 "web-prod"\naccount 222222222222 "data-prod"\naccount 333333333333 "sandbox"\n';
const BASE = `${ACCOUNTS}rule markup-10 { markup 10% }
rule ec2-discount { discount 5% service AmazonEC2 }
plan standard { rules markup-10 }
group web {
  primary web-prod
  accounts web-prod
  plan standard
  fee platform flat 10
}
group data {
  primary data-prod
  accounts data-prod
  plan standard
}
group legacy {
  primary sandbox
  accounts sandbox
  plan standard
}
`;
const HEAD = `${ACCOUNTS}rule markup-10 { markup 12% }
rule ec2-discount { discount 5% service AmazonEC2 }
plan standard { rules markup-10, ec2-discount }
group web {
  primary web-prod
  accounts web-prod
  accounts sandbox from 2026-02
  plan standard
  fee platform flat 15
}
group data {
  primary data-prod
  accounts data-prod
  plan standard
}
group sandbox {
  primary sandbox
  accounts sandbox until 2026-02
  plan standard
}
`;

/*
 * By hand. BASE: markup 10% everywhere. web 2026-01: 100 × 1.1 + fee 10 = 120 (AWS 80); 2026-02: 200 × 1.1 + 10 = 230
 * (AWS 160). data: 50 × 1.1 = 55 (AWS 50) each month. legacy: 20 × 1.1 = 22 (AWS 20). Total 504, AWS 380, margin 124.
 * HEAD: EC2 at the 5% discount (SERVICE beats GLOBAL), S3 at markup 12%. web 2026-01: 95 + 15 = 110; 2026-02: 190 + 19
 * (sandbox joins) + 15 = 224, AWS 180. data: 56. sandbox: 2026-01 19 (AWS 20), 2026-02 no member: 0. Total 465, margin 85.
 * Changes: web −10 (−8.33%), −6 (−2.61%); data +1 (+1.82%); total −39 (−7.74%).
 */
const FIGURES = {
    web: [['2026-01', '120', '110', '-10', '-8.33'], ['2026-02', '230', '224', '-6', '-2.61']],
    data: [['2026-01', '55', '56', '1', '1.82'], ['2026-02', '55', '56', '1', '1.82']],
    sandbox: [['2026-01', null, '19', '19', null], ['2026-02', null, '0', '0', null]],
    legacy: [['2026-01', '22', null, '-22', '-100.00'], ['2026-02', '22', null, '-22', '-100.00']],
} as const;

let project: ReturnType<typeof tempProject>;
beforeAll(() => {
    project = tempProject({ 'base.billing': BASE, 'head.billing': HEAD, 'cur.csv': CUR, 'broken.billing': 'rule r { markup }\n' });
});
afterAll(() => project.dispose());

describe('billing diff of two files', () => {
    it('--format json: per group and period before → after and the change, status, accounts, policy changes', () => {
        const result = billing(['diff', 'base.billing', 'head.billing', '--data', 'cur.csv', '-f', 'json'], project.dir);
        expect(result.status, result.stderr).toBe(0);
        const diff = JSON.parse(result.stdout) as PolicyDiffReport;
        expect(diff.schemaVersion).toBe(1);
        expect([diff.base.source, diff.head.source, diff.periods]).toEqual(['base.billing', 'head.billing', ['2026-01', '2026-02']]);
        expect(diff.groups.map((group) => [group.group, group.status])).toEqual([['web', 'changed'], ['data', 'changed'], ['sandbox', 'added'], ['legacy', 'removed']]);
        for (const group of diff.groups) {
            expect(group.periods.map((p) => [p.period, p.base?.proformaCost ?? null, p.head?.proformaCost ?? null, p.change.proformaCost, p.change.proformaCostPercent]), group.group)
                .toEqual(FIGURES[group.group as keyof typeof FIGURES]);
        }
        const web = diff.groups[0]!;
        expect(web.periods[1]!.change.awsCost).toBe('20');
        expect([web.accountsAdded, web.periods[1]!.accountsAdded, web.periods[0]!.accountsAdded]).toEqual([['333333333333'], ['333333333333'], []]);
        expect(web.periods[0]!.change.marginPercentPoints).toBe('-6.06'); // 33.33% → 27.27%
        expect(diff.total.base).toEqual({ awsCost: '380', proformaCost: '504', margin: '124' });
        expect(diff.total.head).toEqual({ awsCost: '380', proformaCost: '465', margin: '85' });
        expect(diff.total.change).toMatchObject({ proformaCost: '-39', proformaCostPercent: '-7.74', margin: '-39' });
        expect(diff.policyChanges.map((change) => [change.element, change.change, change.name, change.group ?? null, change.before ?? null, change.after ?? null, change.groups])).toEqual([
            ['rule', 'changed', 'markup-10', null, 'markup 10%', 'markup 12%', ['web', 'data', 'sandbox', 'legacy']],
            ['plan', 'changed', 'standard', null, 'markup-10', 'markup-10, ec2-discount', ['web', 'data', 'sandbox', 'legacy']],
            ['membership', 'added', '333333333333', 'web', null, '333333333333 from 2026-02', ['web']],
            ['lineItem', 'changed', 'platform', 'web', 'fee flat 10', 'fee flat 15', ['web']],
            ['group', 'removed', 'legacy', null, 'plan standard, primary 333333333333, accounts 333333333333', null, ['legacy']],
            ['group', 'added', 'sandbox', null, null, 'plan standard, primary 333333333333, accounts 333333333333 until 2026-02', ['sandbox']],
        ]);
        expect(web.changes.map((change) => change.name)).toEqual(['markup-10', 'standard', '333333333333', 'platform']);
    });

    it('--format markdown: a PR comment with the changed rows, the groups called out and the policy changes', () => {
        const result = billing(['diff', 'base.billing', 'head.billing', '-d', 'cur.csv', '-f', 'markdown'], project.dir);
        expect(result.status).toBe(0);
        const md = result.stdout;
        expect(md).toContain('### Pricing change: `base.billing` → `head.billing`');
        expect(md).toContain('Pro forma total 504.00 → 465.00 (-39.00, -7.74%); margin 124.00 → 85.00 (-39.00)');
        expect(md).toContain('| web | 2026-02 | 160.00 → 180.00 | 230.00 | 224.00 | -6.00 (-2.61%) | 70.00 (30.43%) | 44.00 (19.64%) | -26.00 |');
        expect(md).toContain('| sandbox (new) | 2026-01 | — → 20.00 | — | 19.00 | +19.00 (—) | — (—) | -1.00 (-5.26%) | -1.00 |');
        expect(md).toContain('- group web receives account 333333333333 in 2026-02');
        expect(md).toContain('- group legacy is removed (its accounts 333333333333 go elsewhere or are unassigned)');
        expect(md).toContain('- rule markup-10: markup 10% → markup 12% (affects web, data, sandbox, legacy)');
        expect(md).toContain('- group web: platform: fee flat 10 → fee flat 15');
    });

    it('--format table (default) and a policy compared with itself', () => {
        const table = billing(['diff', 'base.billing', 'head.billing', '-d', 'cur.csv'], project.dir);
        expect(table.stdout).toMatch(/^Total\s+380\.00\s+504\.00\s+465\.00\s+-39\.00\s+-7\.74%\s+124\.00\s+85\.00$/m);
        const same = billing(['diff', 'head.billing', 'head.billing', '-d', 'cur.csv', '-f', 'json'], project.dir);
        const diff = JSON.parse(same.stdout) as PolicyDiffReport;
        expect(diff.policyChanges).toEqual([]);
        expect(diff.groups.every((group) => group.status === 'unchanged')).toBe(true);
        expect(billing(['diff', 'head.billing', 'head.billing', '-d', 'cur.csv', '-f', 'markdown'], project.dir).stdout).toContain('- none (same compiled policy)');
    });

    it('exit 1 when a side has errors; exit 2 for a missing side or a wrong argument count', () => {
        const broken = billing(['diff', 'broken.billing', 'head.billing', '-d', 'cur.csv'], project.dir);
        expect(broken.status).toBe(1);
        expect(broken.stderr).toMatch(/^broken\.billing:1:\d+ error BIL002 /m);
        expect(broken.stderr).toContain('billing: BASE broken.billing has errors, no diff computed');
        const missing = billing(['diff', 'nope.billing', 'head.billing'], project.dir);
        expect(missing.status).toBe(2);
        expect(missing.stderr).toContain('BASE nope.billing: no such file');
        expect(billing(['diff', 'head.billing'], project.dir).status).toBe(2);
    });
});

describe('billing diff of git revisions', () => {
    let repo: ReturnType<typeof tempProject>;
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo.dir, encoding: 'utf8' });
    const RATES = (markup: string) => `rule markup { markup ${markup}% }\nplan standard { rules markup }\n`;
    const POLICY = (fee: string) => `import "../shared/rates.billing"\n${ACCOUNTS}group web {\n  primary web-prod\n  accounts web-prod\n  plan standard\n  fee platform flat ${fee}\n}\ngroup data {\n  primary data-prod\n  accounts data-prod, sandbox\n  plan standard\n}\n`;
    let cur: string;

    beforeAll(() => {
        repo = tempProject({});
        cur = path.join(project.dir, 'cur.csv');
        git('init', '-q');
        git('config', 'user.email', 'test@example.com');
        git('config', 'user.name', 'test');
        mkdirSync(path.join(repo.dir, 'policies'));
        mkdirSync(path.join(repo.dir, 'shared'));
        // Commit 1: a policy with an error. Commit 2: markup 10%. Commit 3: markup 20% (in the imported file only).
        writeFileSync(path.join(repo.dir, 'shared/rates.billing'), RATES('10'));
        writeFileSync(path.join(repo.dir, 'policies/acme.billing'), POLICY('10').replace('plan standard\n  fee', 'plan nope\n  fee'));
        git('add', '.');
        git('commit', '-qm', 'broken');
        writeFileSync(path.join(repo.dir, 'policies/acme.billing'), POLICY('10'));
        git('commit', '-qam', 'v1');
        writeFileSync(path.join(repo.dir, 'shared/rates.billing'), RATES('20'));
        git('commit', '-qam', 'v2');
        // Working tree: the fee changes, uncommitted.
        writeFileSync(path.join(repo.dir, 'policies/acme.billing'), POLICY('25'));
    });
    afterAll(() => repo.dispose());

    const json = (args: string[], cwd = repo.dir) => {
        const result = billing(['diff', ...args, '--data', cur, '-f', 'json'], cwd);
        expect(result.status, result.stderr).toBe(0);
        return JSON.parse(result.stdout) as PolicyDiffReport;
    };

    it('reads the policy and its imports at each revision', () => {
        const diff = json(['HEAD~1:policies/acme.billing', 'HEAD:policies/acme.billing']);
        expect(diff.policyChanges.map((change) => change.description)).toEqual(['rule markup: markup 10% → markup 20%']);
        expect(diff.base.files).toEqual(['HEAD~1:policies/acme.billing', 'HEAD~1:shared/rates.billing']);
        // web 2026-01: 100 × 1.1 + 10 = 120 → 100 × 1.2 + 10 = 130.
        expect(diff.groups[0]!.periods[0]!.base!.proformaCost).toBe('120');
        expect(diff.groups[0]!.periods[0]!.head!.proformaCost).toBe('130');
    });

    it('compares a revision with the working tree, also with ./ paths from a subfolder; the working tree is untouched', () => {
        const working = json(['HEAD:policies/acme.billing', 'policies/acme.billing']);
        expect(working.policyChanges.map((change) => change.description)).toEqual(['group web: platform: fee flat 10 → fee flat 25']);
        const fromSubfolder = json(['HEAD~1:./acme.billing', 'acme.billing'], path.join(repo.dir, 'policies'));
        expect(fromSubfolder.policyChanges.map((change) => change.description)).toEqual([
            'rule markup: markup 10% → markup 20%', 'group web: platform: fee flat 10 → fee flat 25',
        ]);
        expect(fromSubfolder.head.files).toEqual(['acme.billing', '../shared/rates.billing']);
        expect(git('status', '--porcelain')).toBe(' M policies/acme.billing\n');
    });

    it('names errors at a revision by REV:PATH (exit 1); unknown revisions and absent files are exit 2', () => {
        const broken = billing(['diff', 'HEAD~2:policies/acme.billing', 'policies/acme.billing', '--data', cur], repo.dir);
        expect(broken.status).toBe(1);
        expect(broken.stderr).toMatch(/^HEAD~2:policies\/acme\.billing:\d+:\d+ error BIL005 /m);
        const unknown = billing(['diff', 'nope:policies/acme.billing', 'policies/acme.billing'], repo.dir);
        expect(unknown.status).toBe(2);
        expect(unknown.stderr).toContain("unknown git revision 'nope'");
        const absent = billing(['diff', 'HEAD:policies/other.billing', 'policies/acme.billing'], repo.dir);
        expect(absent.status).toBe(2);
        expect(absent.stderr).toContain('no file policies/other.billing at HEAD');
    });
});
