/**
 * What `billing sql` refuses and what its query refuses: never a result that differs from the engine.
 * - inputs with more decimals than the input scale, mixed currencies and malformed periods fail the query (DuckDB);
 * - custom tiers next to rules that can price one usage type differently are refused at generation, naming the rule;
 * - margin % is half-even at exact ties (the double quotient alone would round them away from zero);
 * - overlapping memberships resolve to the group defined first, as in the engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyModel } from '../../engine/policy/model.js';
import { generateSql, membershipSegments, SqlGenerationError } from '../../engine/sql/index.js';
import { billing, tempProject } from '../cli/cli-harness.js';
import { duckDbError, engineReport, readCsv, runDuckDb, sqlFor } from './sql-harness.js';

const HEADER = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,bill/BillingEntity,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount,reservation/ReservationARN,savingsPlan/SavingsPlanARN';
const row = (period: string, account: string, cost: string, publicCost: string, currency = 'USD'): string =>
    `${period}-01T00:00:00Z,${account},Usage,AmazonEC2,USE1-BoxUsage:m5.large,RunInstances,AWS,${currency},${cost},${publicCost},1,,`;

const AT_COST = `account 111111111111 "a"
account 222222222222 "b"
account 333333333333 "c"
rule at-cost { markup 0% }
plan p { rules at-cost }
group a {
  primary a
  accounts a
  plan p
}
group b {
  primary b
  accounts b
  plan p
}
group c {
  primary c
  accounts c
  plan p
}
`;

let project: ReturnType<typeof tempProject>;
beforeAll(() => {
    project = tempProject({
        'policy.billing': AT_COST,
        // Margin = pro forma − AWS: a: 1 on 20000 = 0.005% (a tie: half-even 0.00); b: 3 on 20000 = 0.015% (→ 0.02);
        // c: −1 on 20000 = −0.005% (→ 0.00).
        'ties.csv': [HEADER, row('2026-01', '111111111111', '19999', '20000'), row('2026-01', '222222222222', '19997', '20000'), row('2026-01', '333333333333', '20001', '20000')].join('\n') + '\n',
        'fine.csv': [HEADER, row('2026-01', '111111111111', '0.123456789012345678', '1')].join('\n') + '\n',
        'too-fine.csv': [HEADER, row('2026-01', '111111111111', '0.1234567890123456789', '1')].join('\n') + '\n',
        'mixed.csv': [HEADER, row('2026-01', '111111111111', '1', '1'), row('2026-01', '222222222222', '1', '1', 'EUR')].join('\n') + '\n',
        'bad-period.csv': [HEADER, row('2026-01', '111111111111', '1', '1').replace('2026-01-01T', '2026-1-01T')].join('\n') + '\n',
        'tiers-by-operation.billing': `rule s3 { tiering service AmazonS3 tier 0 at 0.02 }
rule puts { markup 5% service AmazonS3 operation PutObject }
plan p { rules s3, puts }
group g {
  primary 111111111111
  accounts 111111111111
  plan p
}
`,
        'tiers-by-entity.billing': `rule all { tiering tier 0 at 0.02 }
rule marketplace { markup 5% billing-entity "AWS Marketplace" }
plan p { rules all, marketplace }
group g {
  primary 111111111111
  accounts 111111111111
  plan p
}
`,
    });
});
afterAll(() => project.dispose());

const sql = (file: string, policy = 'policy.billing') => sqlFor(project.dir, policy, 'cur1', readCsv(`${project.dir}/${file}`));

describe('the query fails rather than differ from the engine', () => {
    it('reads 18 decimal places exactly and fails on a 19th, naming the value', async () => {
        const rows = await runDuckDb(sql('fine.csv'));
        expect(rows.find((line) => line.record === 'total')!.aws_cost).toBe('0.123456789012345678');
        expect(engineReport(project.dir, 'policy.billing', 'fine.csv').total.awsCost).toBe('0.123456789012345678');
        expect(await duckDbError(sql('too-fine.csv'))).toContain('billing sql: unblended cost 0.1234567890123456789 has more than 18 decimal places');
        // A larger --input-scale reads it.
        const wider = sqlFor(project.dir, 'policy.billing', 'cur1', readCsv(`${project.dir}/too-fine.csv`), ['--input-scale', '20']);
        expect((await runDuckDb(wider)).find((line) => line.record === 'total')!.aws_cost).toBe('0.12345678901234567890');
    });

    it('fails on mixed currencies and on a malformed billing period', async () => {
        expect(await duckDbError(sql('mixed.csv'))).toContain('billing sql: the data mixes currencies (EUR, USD)');
        expect(await duckDbError(sql('bad-period.csv'))).toContain('billing sql: billing period start 2026-1-01T00:00:00Z is not an ISO date');
    });

    it('rounds margin % half-even at exact ties, as the engine', async () => {
        const report = engineReport(project.dir, 'policy.billing', 'ties.csv');
        expect(report.groups.map((group) => group.marginPercent)).toEqual(['0.00', '0.02', '0.00']);
        const rows = await runDuckDb(sql('ties.csv'));
        expect(rows.filter((line) => line.record === 'group').map((line) => line.margin_percent)).toEqual(['0.00', '0.02', '0.00']);
    });
});

describe('billing sql refuses what one query cannot bill exactly', () => {
    it('custom tiers next to a rule keyed by operation, or a BILLING_ENTITY rule, naming both (exit 1)', () => {
        const byOperation = billing(['sql', 'tiers-by-operation.billing', '--dialect', 'athena'], project.dir);
        expect(byOperation.status).toBe(1);
        expect(byOperation.stdout).toBe('');
        expect(byOperation.stderr).toContain('billing: rule s3 (custom tiers) cannot be written as one SQL query: a rule keyed by operation (service AmazonS3, operation PutObject)');
        const byEntity = billing(['sql', 'tiers-by-entity.billing', '--dialect', 'trino'], project.dir);
        expect(byEntity.status).toBe(1);
        expect(byEntity.stderr).toContain('billing: rule all (custom tiers) cannot be written as one SQL query: a BILLING_ENTITY rule (billing entity AWS Marketplace)');
    });

    it('usage errors: no --dialect, an unknown schema, a bad --input-scale', () => {
        expect(billing(['sql', 'policy.billing'], project.dir).stderr).toContain("missing '--dialect NAME'");
        expect(billing(['sql', 'policy.billing', '--dialect', 'duckdb', '--schema', 'cur3'], project.dir).status).toBe(2);
        expect(billing(['sql', 'policy.billing', '--dialect', 'duckdb', '--input-scale', '40'], project.dir).status).toBe(2);
    });

    it('a pro forma scale beyond DECIMAL(38) with 10 integer digits is refused', () => {
        const model: PolicyModel = {
            accounts: [], rules: [{ name: 'r', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: '7.25' }], plans: [{ name: 'p', rules: ['r'] }], dataPaths: [],
            groups: [{
                name: 'g', primaryAccountId: '111111111111', members: [], plan: 'p', autoAssociate: false,
                lineItems: [{ name: 'i', type: 'FEE', charge: { kind: 'percentage', percent: '1.2345', bases: [{ kind: 'charges' }] }, filters: [], computation: 'CONSOLIDATED', periods: {} }],
            }],
        };
        // 18 (input) + 4 (factor 1.0725) + 6 (0.012345) = 28 fits; an input scale of 20 does not.
        expect(() => generateSql(model, { dialect: 'trino', schema: 'cur2' })).not.toThrow();
        expect(() => generateSql(model, { dialect: 'trino', schema: 'cur2', inputScale: 20 })).toThrow(SqlGenerationError);
    });
});

describe('membership segments', () => {
    it('resolve overlaps to the group defined first, keep primaries, drop empty ranges', () => {
        const group = (name: string, primary: string, members: { accountId: string; from?: string; until?: string }[]) =>
            ({ name, primaryAccountId: primary, members, plan: 'p', autoAssociate: false, lineItems: [] });
        const segments = membershipSegments([
            group('first', '111111111111', [{ accountId: '111111111111' }, { accountId: '222222222222', from: '2026-03', until: '2026-06' }]),
            group('second', '333333333333', [{ accountId: '222222222222', from: '2026-01' }, { accountId: '444444444444', from: '2026-07', until: '2026-01' }]),
        ]);
        expect(segments).toEqual([
            { accountId: '111111111111', groupOrder: 0 },
            { accountId: '222222222222', groupOrder: 1, from: '2026-01', until: '2026-03' },
            { accountId: '222222222222', groupOrder: 0, from: '2026-03', until: '2026-06' },
            { accountId: '222222222222', groupOrder: 1, from: '2026-06' },
            // 333333333333: a primary the members do not list belongs to its group in every period.
            { accountId: '333333333333', groupOrder: 1 },
        ]);
    });
});
