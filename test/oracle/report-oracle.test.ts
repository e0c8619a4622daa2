/**
 * The whole cost report against an independent oracle: the real CLI (`node bin/billing.cjs bill … --format json`)
 * on generated CUR 1.0 data versus DuckDB SQL over the same CSV (report-oracle-sql.ts), with the policy written
 * twice by hand — once as `.billing` text for the CLI, once as the oracle's plain tables. Every group × period:
 * AWS cost, charges, each custom line item, pro forma cost, margin, by service, by account; unassigned and totals.
 * Compared as exact decimals (trailing zeros normalised).
 *
 * Then a real CUR 2.0 export (/work/shared/data/ola-raji-cur2-csv) against its published totals.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUR1_COLUMNS, generateCur } from '../../engine/generate/index.js';
import type { CostReport } from '../../engine/report/types.js';
import { billing, repoRoot } from '../cli/cli-harness.js';
import { normalizeDecimal as n, oracleReport, type OracleLineItem, type OraclePolicy } from './report-oracle-sql.js';

const PERIODS = ['2026-01', '2026-02', '2026-03', '2026-04'];
/** A0 and A2 own the generator's RIs and Savings Plans (its accounts[0] and accounts[2]). */
const A = Array.from({ length: 14 }, (_, i) => `1000000000${String(i + 1).padStart(2, '0')}`);
/** Owns a Savings Plan but has no line item of its own; a member of web from 2026-04. */
const GHOST = '100000000099';

/**
 * Line items the generator does not make, appended to its file: an unknown line item type, usage without a
 * public price, and Savings Plans usage whose owner has no line item (outside any group in 2026-03, a listed
 * member of web in 2026-04; docs/semantics.md: auto-association takes only accounts present in the data).
 */
function craftedRows(): string {
    const row = (period: string, fields: Record<string, string>): string => {
        const next = `2026-${String(Number(period.slice(5)) + 1).padStart(2, '0')}`;
        const values: Record<string, string> = {
            'bill/BillingEntity': 'AWS', 'bill/BillType': 'Anniversary', 'bill/PayerAccountId': '999999999999',
            'bill/BillingPeriodStartDate': `${period}-01T00:00:00Z`, 'bill/BillingPeriodEndDate': `${next}-01T00:00:00Z`,
            'lineItem/CurrencyCode': 'USD', 'lineItem/UsageAmount': '1', ...fields,
        };
        return CUR1_COLUMNS.map((column) => values[column] ?? '').join(',') + '\n';
    };
    const sp = `arn:aws:savingsplans::${GHOST}:savingsplan/0d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6`;
    const covered = (period: string, type: string, cost: string, publicCost: string, account = A[0]!): string => row(period, {
        'lineItem/UsageAccountId': account, 'lineItem/LineItemType': type, 'lineItem/ProductCode': 'AmazonEC2',
        'lineItem/UsageType': 'USE1-BoxUsage:c5.xlarge', 'lineItem/Operation': 'RunInstances',
        'lineItem/UnblendedCost': cost, 'pricing/publicOnDemandCost': publicCost, 'savingsPlan/SavingsPlanARN': sp,
    });
    return [
        row('2026-02', {
            'lineItem/UsageAccountId': A[0]!, 'lineItem/LineItemType': 'NewLineItemType', 'lineItem/ProductCode': 'AmazonEC2',
            'lineItem/UsageType': 'USE1-Mystery', 'lineItem/Operation': 'Mystery', 'lineItem/UnblendedCost': '12.5', 'pricing/publicOnDemandCost': '20',
        }),
        row('2026-03', {
            'lineItem/UsageAccountId': A[2]!, 'lineItem/LineItemType': 'Usage', 'lineItem/ProductCode': 'AmazonS3',
            'lineItem/UsageType': 'USE1-TimedStorage-ByteHrs', 'lineItem/Operation': 'StandardStorage', 'lineItem/UnblendedCost': '3.3',
        }),
        covered('2026-03', 'SavingsPlanCoveredUsage', '5.17', '5.17'),
        covered('2026-03', 'SavingsPlanNegation', '-5.17', ''),
        covered('2026-04', 'SavingsPlanCoveredUsage', '7.31', '7.31'),
        covered('2026-04', 'SavingsPlanNegation', '-7.31', ''),
        // An auto-associated account using the plan: the owner, absent from the data, is not auto-associated with it.
        covered('2026-03', 'SavingsPlanCoveredUsage', '2.25', '2.25', A[9]),
        covered('2026-03', 'SavingsPlanNegation', '-2.25', '', A[9]),
    ].join('');
}

/** The policy as the user writes it. `auto`: the sandbox group auto-associates; otherwise leftovers stay unassigned. */
function policyText(auto: boolean): string {
    return `// Oracle policy: every kind of rule, membership and custom line item.
payer 999999999999 "management"
account ${A[0]} "web-prod"
account ${A[1]} "web-dev"
account ${A[2]} "data-prod"
account ${A[3]} "mover"
account ${A[4]} "data-lake"
account ${GHOST} "ghost"

rule markup-7 { markup 7% }
rule ec2-minus-10 { discount 10% service AmazonEC2 }
rule m5-large { discount 12% service AmazonEC2 usage-type "USE1-BoxUsage:m5.large" operation "RunInstances" }
rule marketplace-at-cost { markup 0% billing-entity "AWS Marketplace" }
rule no-free-tier { tiering free-tier off }
rule nat-operation { markup 20% service AmazonEC2 operation NatGateway }
rule nat-bytes { discount 2% service AmazonEC2 usage-type "USE1-NatGateway-Bytes" }
plan standard "Standard rate card" {
  rules markup-7, ec2-minus-10, m5-large, marketplace-at-cost, no-free-tier, nat-operation, nat-bytes
}

rule minus-3.5 { discount 3.5% }
rule s3-plus-15 { markup 15% service AmazonS3 }
rule rds-m5 { discount 5.25% service AmazonRDS usage-type "USE1-InstanceUsage:db.m5.large" }
rule cw-no-free-tier { tiering free-tier off service AmazonCloudWatch }
plan lean { rules minus-3.5, s3-plus-15, rds-m5, cw-no-free-tier }

plan at-cost { }

group web "Web" {
  primary web-prod
  accounts web-prod, web-dev
  accounts mover from 2026-02 until 2026-04
  accounts ${A[8]}, ghost from 2026-04
  plan standard
  fee platform "Platform operations" flat 500.00
  fee security "Security tooling" 2% of charges, platform
  credit migration "Migration credit" 5% of charges exclude savings-plan-negation
  fee support "Support allocation" flat 250 account web-dev from 2026-01 until 2026-03
  fee compute-ops "Compute operations" 3.5% of charges service = AmazonEC2, AWSLambda presented-as AmazonEC2
  credit rebate "Non-compute rebate" 1.25% of charges service != AmazonEC2 from 2026-03
}

group data "Data" {
  primary data-prod
  accounts data-prod, data-lake, ${A[5]}
  accounts mover until 2026-02
  accounts ${A[6]} from 2026-03
  plan lean
  fee tax "Sales tax model" 8.25% of charges account data-lake itemized
  credit launch "Launch credit" flat 100 until 2026-03
  fee onboarding "Onboarding" flat 42.42 from 2026-02 until 2026-03
}

group sandbox "Sandbox" {
  primary ${A[7]}
  accounts ${A[7]}
  plan at-cost
  ${auto ? 'auto-associate' : '// no auto-associate: the other accounts stay unassigned'}
  fee base "Base fee" flat 20
  credit rebate "Flat rebate" flat 15 from 2026-02
  fee mgmt "Management fee" 10% of charges, base, rebate
}
`;
}

/** The same policy, by hand, as the oracle's tables (never derived from the compiled model). */
function oraclePolicy(auto: boolean): OraclePolicy {
    const item = (group: string, name: string, fields: Omit<OracleLineItem, 'group' | 'name' | 'type'> & { type?: 'FEE' | 'CREDIT' }): OracleLineItem =>
        ({ group, name, type: fields.type ?? 'FEE', ...fields });
    return {
        groups: [
            { name: 'web', plan: 'standard', primary: A[0]! },
            { name: 'data', plan: 'lean', primary: A[2]! },
            { name: 'sandbox', plan: 'at-cost', primary: A[7]!, autoAssociate: auto },
        ],
        memberships: [
            { group: 'web', account: A[0]! }, { group: 'web', account: A[1]! },
            { group: 'web', account: A[3]!, from: '2026-02', until: '2026-04' },
            { group: 'web', account: A[8]!, from: '2026-04' },
            { group: 'web', account: GHOST, from: '2026-04' },
            { group: 'data', account: A[2]! }, { group: 'data', account: A[4]! }, { group: 'data', account: A[5]! },
            { group: 'data', account: A[3]!, until: '2026-02' },
            { group: 'data', account: A[6]!, from: '2026-03' },
            { group: 'sandbox', account: A[7]! },
        ],
        rules: [
            { plan: 'standard', type: 'MARKUP', modifier: '7' },
            { plan: 'standard', type: 'DISCOUNT', modifier: '10', service: 'AmazonEC2' },
            { plan: 'standard', type: 'DISCOUNT', modifier: '12', service: 'AmazonEC2', usageType: 'USE1-BoxUsage:m5.large', operation: 'RunInstances' },
            { plan: 'standard', type: 'MARKUP', modifier: '0', billingEntity: 'AWS Marketplace' },
            { plan: 'standard', type: 'TIERING', freeTier: false },
            { plan: 'standard', type: 'MARKUP', modifier: '20', service: 'AmazonEC2', operation: 'NatGateway' },
            { plan: 'standard', type: 'DISCOUNT', modifier: '2', service: 'AmazonEC2', usageType: 'USE1-NatGateway-Bytes' },
            { plan: 'lean', type: 'DISCOUNT', modifier: '3.5' },
            { plan: 'lean', type: 'MARKUP', modifier: '15', service: 'AmazonS3' },
            { plan: 'lean', type: 'DISCOUNT', modifier: '5.25', service: 'AmazonRDS', usageType: 'USE1-InstanceUsage:db.m5.large' },
            { plan: 'lean', type: 'TIERING', freeTier: false, service: 'AmazonCloudWatch' },
        ],
        lineItems: [
            item('web', 'platform', { flat: '500' }),
            item('web', 'security', { percent: '2', bases: ['charges', 'platform'] }),
            item('web', 'migration', { type: 'CREDIT', percent: '5', bases: ['charges'], excludeSpNegation: true }),
            item('web', 'support', { flat: '250', account: A[1], from: '2026-01', until: '2026-03' }),
            item('web', 'compute-ops', { percent: '3.5', bases: ['charges'], serviceEq: ['AmazonEC2', 'AWSLambda'], presentedAs: 'AmazonEC2' }),
            item('web', 'rebate', { type: 'CREDIT', percent: '1.25', bases: ['charges'], serviceNe: ['AmazonEC2'], from: '2026-03' }),
            item('data', 'tax', { percent: '8.25', bases: ['charges'], account: A[4] }),
            item('data', 'launch', { type: 'CREDIT', flat: '100', until: '2026-03' }),
            item('data', 'onboarding', { flat: '42.42', from: '2026-02', until: '2026-03' }),
            item('sandbox', 'base', { flat: '20' }),
            item('sandbox', 'rebate', { type: 'CREDIT', flat: '15', from: '2026-02' }),
            // a flat credit in the base counts with its unsigned amount, and only in the periods it is active
            item('sandbox', 'mgmt', { percent: '10', bases: ['charges', 'base', 'rebate'] }),
        ],
    };
}

let dir: string;
let csv: string;

beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'billing-oracle-'));
    csv = path.join(dir, 'cur.csv');
    await generateCur({ output: csv, rows: 6000, seed: 20260417, accounts: A, periods: PERIODS, payerAccountId: '999999999999' });
    appendFileSync(csv, craftedRows());
});

afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
});

function billJson(policy: string, data: string, extra: readonly string[] = []): CostReport {
    const result = billing(['bill', policy, '--data', data, '--format', 'json', ...extra], dir);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as CostReport;
}

describe.each([
    { variant: 'auto-associate', auto: true },
    { variant: 'unassigned accounts', auto: false },
])('cost report = DuckDB oracle ($variant)', ({ auto }) => {
    it('matches every group × period figure to the last decimal', async () => {
        const policyFile = path.join(dir, `policy-${auto ? 'auto' : 'unassigned'}.billing`);
        writeFileSync(policyFile, policyText(auto));
        const report = billJson(policyFile, csv);
        const oracle = await oracleReport(csv, oraclePolicy(auto));

        // The data exercises every line item type the semantics distinguish.
        expect(oracle.lineItemTypes).toEqual(expect.arrayContaining([
            'Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation', 'SavingsPlanRecurringFee',
            'RIFee', 'Fee', 'Credit', 'Tax', 'Refund', 'EdpDiscount',
        ]));
        expect(report.periods).toEqual(PERIODS);
        expect(oracle.periods).toEqual(PERIODS);

        const mismatches: string[] = [];
        const same = (what: string, engine: string | undefined, expected: string | undefined): void => {
            const left = engine === undefined ? undefined : n(engine);
            const right = expected === undefined ? undefined : n(expected);
            if (left !== right) mismatches.push(`${what}: engine ${engine} ≠ oracle ${expected}`);
        };

        expect(report.groups.map((g) => `${g.period} ${g.name}`)).toEqual(oracle.groups.map((g) => `${g.period} ${g.group}`));
        report.groups.forEach((group, index) => {
            const expected = oracle.groups[index]!;
            const at = `${group.period} ${group.name}`;
            same(`${at} awsCost`, group.awsCost, expected.awsCost);
            same(`${at} charges`, group.charges, expected.charges);
            same(`${at} proformaCost`, group.proformaCost, expected.proformaCost);
            same(`${at} margin`, group.margin, expected.margin);
            if (group.accountIds.join() !== expected.accountIds.join()) mismatches.push(`${at} accountIds: ${group.accountIds.join()} ≠ ${expected.accountIds.join()}`);
            const items = Object.fromEntries(group.customLineItems.map((line) => [line.name, line.amount]));
            for (const name of new Set([...Object.keys(items), ...Object.keys(expected.lineItems)])) same(`${at} line item ${name}`, items[name], expected.lineItems[name]);
            for (const [dimension, lines, key] of [
                ['service', group.byService, 'service'],
                ['account', group.byAccount, 'accountId'],
            ] as const) {
                const oracleLines = dimension === 'service' ? expected.byService : expected.byAccount;
                const engineLines = Object.fromEntries(lines.map((line) => [(line as unknown as Record<string, string>)[key]!, line]));
                for (const name of new Set([...Object.keys(engineLines), ...Object.keys(oracleLines)])) {
                    same(`${at} by ${dimension} ${name} awsCost`, engineLines[name]?.awsCost, oracleLines[name]?.awsCost);
                    same(`${at} by ${dimension} ${name} proformaCost`, engineLines[name]?.proformaCost, oracleLines[name]?.proformaCost);
                }
            }
        });
        same('unassigned awsCost', report.unassigned.awsCost, oracle.unassigned.awsCost);
        for (const line of report.unassigned.byPeriod) same(`unassigned ${line.period}`, line.awsCost, oracle.unassigned.byPeriod[line.period]);
        const unassignedAccounts = Object.fromEntries(report.unassigned.accounts.map((line) => [line.accountId, line.awsCost]));
        for (const account of new Set([...Object.keys(unassignedAccounts), ...Object.keys(oracle.unassigned.accounts)])) {
            same(`unassigned account ${account}`, unassignedAccounts[account], oracle.unassigned.accounts[account]);
        }
        same('total awsCost', report.total.awsCost, oracle.total.awsCost);
        same('total proformaCost', report.total.proformaCost, oracle.total.proformaCost);
        same('total margin', report.total.margin, oracle.total.margin);
        expect(mismatches).toEqual([]);

        // The comparison is not vacuous: money moved in every group, and the variant decides who is unassigned.
        for (const group of oracle.groups) expect(n(group.charges), `${group.period} ${group.group}`).not.toBe('0');
        const rulesUsed = new Set(report.groups.flatMap((group) => group.rules.filter((rule) => rule.cells > 0).map((rule) => rule.rule)));
        expect([...rulesUsed]).toEqual(expect.arrayContaining(['markup-7', 'ec2-minus-10', 'm5-large', 'marketplace-at-cost', 'minus-3.5', 's3-plus-15', 'rds-m5', 'nat-operation', 'nat-bytes']));
        expect(report.issues.map((issue) => issue.code)).toEqual(expect.arrayContaining(['unknown-line-item-type', 'public-cost-missing']));
        expect(report.groups.find((group) => group.name === 'web' && group.period === '2026-04')!.accountIds).toContain(GHOST);
        if (auto) expect(n(report.unassigned.awsCost)).toBe('0');
        else expect(Object.keys(oracle.unassigned.accounts).length).toBeGreaterThanOrEqual(5);
    });
});

describe('real CUR 2.0 export (ola-raji-cur2-csv) against its published totals', () => {
    const sample = path.resolve(repoRoot, '..', 'shared', 'data', 'ola-raji-cur2-csv');
    const file = path.join(sample, 'ha-project-CUR-daily-1-00001.csv');

    it('free tier off at 0%: pro forma = public on-demand Usage 49.5587, AWS cost = net 0', async () => {
        if (!existsSync(file)) {
            // The shared data sits outside the repository: required in CI, optional on a contributor's machine.
            if (process.env.CI) throw new Error(`${file} is missing (CI must provide ../shared/data)`);
            return;
        }
        const policy = (freeTier: boolean): string => `account 147303435917 "ha-project"
rule public-rates { tiering free-tier ${freeTier ? 'on' : 'off'} }
plan public { rules public-rates }
group solo { primary 147303435917 accounts 147303435917 plan public }
`;
        const offFile = path.join(dir, 'cur2-free-tier-off.billing');
        writeFileSync(offFile, policy(false));
        const report = billJson(offFile, file);
        expect(report.periods).toEqual(['2026-04']);
        expect(report.groups).toHaveLength(1);
        const [group] = report.groups;
        // Published (SOURCE.md, rounded to 4 decimals): public on-demand 49.5587; Usage 47.6817 + Credit −47.6817 + Tax 0 ≈ 0.
        expect(round4(group!.proformaCost)).toBe('49.5587');
        expect(round4(group!.awsCost)).toBe('0');
        expect(n(report.unassigned.awsCost)).toBe('0');

        // Exactly, against DuckDB's sums of the same file.
        const sums = await duckSums(file);
        expect(n(group!.proformaCost)).toBe(n(sums.usagePublic));
        expect(n(group!.charges)).toBe(n(sums.usagePublic));
        expect(n(group!.awsCost)).toBe(n(sums.unblended));
        expect(n(report.total.awsCost)).toBe(n(sums.unblended));

        // With the free tier on, usage billed 0 at a positive public cost (CloudWatch here) leaves the bill.
        const onFile = path.join(dir, 'cur2-free-tier-on.billing');
        writeFileSync(onFile, policy(true));
        const on = billJson(onFile, file).groups[0]!;
        expect(n(on.proformaCost)).toBe(n(sums.usagePublicAfterFreeTier));
        expect(n(sums.usagePublicAfterFreeTier)).not.toBe(n(sums.usagePublic));
    });
});

/** Half-even to 4 decimals, without the engine's Decimal: enough for the published figures. */
function round4(value: string): string {
    const [whole = '0', fraction = ''] = n(value).replace('-', '').split('.');
    const negative = value.trim().startsWith('-');
    const digits = BigInt(whole + (fraction + '0000').slice(0, 4));
    const rest = fraction.slice(4);
    const half = rest === '' ? -1 : rest[0]! > '5' || (rest[0] === '5' && /[1-9]/.test(rest.slice(1))) ? 1 : rest[0] === '5' ? 0 : -1;
    const rounded = half > 0 || (half === 0 && digits % 2n === 1n) ? digits + 1n : digits;
    const text = rounded.toString().padStart(5, '0');
    return n(`${negative ? '-' : ''}${text.slice(0, -4)}.${text.slice(-4)}`);
}

async function duckSums(file: string): Promise<{ unblended: string; usagePublic: string; usagePublicAfterFreeTier: string }> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
        const money = (column: string): string => `CAST(COALESCE(NULLIF(${column}, ''), '0') AS DECIMAL(38,18))`;
        const reader = await connection.runAndReadAll(`
            SELECT sum(${money('line_item_unblended_cost')})::VARCHAR,
                   sum(CASE WHEN line_item_line_item_type = 'Usage' THEN ${money('pricing_public_on_demand_cost')} ELSE 0 END)::VARCHAR,
                   sum(CASE WHEN line_item_line_item_type = 'Usage'
                             AND NOT (${money('line_item_unblended_cost')} = 0 AND ${money('pricing_public_on_demand_cost')} > 0)
                            THEN ${money('pricing_public_on_demand_cost')} ELSE 0 END)::VARCHAR
            FROM read_csv('${file.replace(/'/g, "''")}', header = true, all_varchar = true)`);
        const [row] = reader.getRowsJson() as string[][];
        return { unblended: row![0]!, usagePublic: row![1]!, usagePublicAfterFreeTier: row![2]! };
    } finally {
        connection.closeSync();
    }
}
