/**
 * The bundled sample (examples/data/sample-cur.csv) priced with examples/acme.billing, against the independent DuckDB
 * oracle (report-oracle-sql.ts) over the same CSV, with acme's policy written by hand as the oracle's tables. The
 * sample carries the cases of real exports (issue 10): Spot hours and idle Elastic IP addresses billed with a public
 * on-demand cost of 0, AWS Marketplace usage with a public cost of 0, and 12-month and Always Free usage in the same
 * month, besides the RIs and the Savings Plan. Every figure of every group × period is the oracle's, to the last
 * decimal; the fallback warnings count what DuckDB counts; and the figures docs/cli.md prints from the sample are the
 * oracle's (so the docs were not pasted from the engine).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { Decimal } from 'decimal.js';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../../engine/report/types.js';
import { billing, repoRoot } from '../cli/cli-harness.js';
import { normalizeDecimal as n, oracleReport, type OraclePolicy, type OracleReport } from './report-oracle-sql.js';

const SAMPLE = path.join(repoRoot, 'examples', 'data', 'sample-cur.csv');
const POLICY = 'examples/acme.billing';
const WEB = ['111111111111', '222222222222'];

/** examples/acme.billing, by hand (not compiled by the language). */
const ACME: OraclePolicy = {
    groups: [
        { name: 'web', plan: 'standard', primary: '111111111111' },
        { name: 'data', plan: 'standard', primary: '333333333333', autoAssociate: true },
    ],
    memberships: [
        { group: 'web', account: '111111111111' }, { group: 'web', account: '222222222222' },
        { group: 'data', account: '333333333333' }, { group: 'data', account: '444444444444' },
    ],
    rules: [
        { plan: 'standard', type: 'MARKUP', modifier: '7' },
        { plan: 'standard', type: 'DISCOUNT', modifier: '10', service: 'AmazonEC2' },
        { plan: 'standard', type: 'MARKUP', modifier: '0', billingEntity: 'AWS Marketplace' },
        { plan: 'standard', type: 'DISCOUNT', modifier: '12', service: 'AmazonEC2', usageType: 'USE1-BoxUsage:m5.large', operation: 'RunInstances' },
        { plan: 'standard', type: 'TIERING', freeTier: false },
    ],
    lineItems: [
        { group: 'web', name: 'platform', type: 'FEE', flat: '500' },
        { group: 'web', name: 'security', type: 'FEE', percent: '2', bases: ['charges', 'platform'] },
        { group: 'web', name: 'migration', type: 'CREDIT', percent: '5', bases: ['charges'], excludeSpNegation: true },
        { group: 'web', name: 'support', type: 'FEE', flat: '250', account: '222222222222', from: '2026-01', until: '2026-07' },
    ],
};

const quoted = SAMPLE.replace(/'/g, "''");
const PERIOD = `substr("bill/BillingPeriodStartDate", 1, 7)`;
const GROUP = `CASE WHEN "lineItem/UsageAccountId" IN (${WEB.map((id) => `'${id}'`).join(', ')}) THEN 'web' ELSE 'data' END`;
const COST = (column: string): string => `CAST(NULLIF("${column}", '') AS DECIMAL(38, 18))`;

async function query(sql: string): Promise<string[][]> {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    try {
        const reader = await connection.runAndReadAll(sql.replaceAll('SAMPLE', `read_csv('${quoted}', all_varchar = true)`));
        return reader.getRowsJson().map((row) => (row as unknown[]).map((value) => (value === null ? '' : String(value))));
    } finally {
        connection.closeSync();
    }
}

let report: CostReport;
let oracle: OracleReport;

beforeAll(async () => {
    const result = billing(['bill', POLICY, '--format', 'json']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('data: bundled sample examples/data/sample-cur.csv (CUR 1.0, 1,800 rows)');
    report = JSON.parse(result.stdout) as CostReport;
    oracle = await oracleReport(SAMPLE, ACME);
}, 120_000);

describe('the bundled sample carries the cases of real exports', () => {
    it('Spot and idle Elastic IP usage, and Marketplace usage, billed with a public cost of 0 in every month', async () => {
        const rows = await query(`
            SELECT ${PERIOD} AS period,
                CASE WHEN "bill/BillingEntity" = 'AWS Marketplace' THEN 'marketplace'
                     WHEN "lineItem/UsageType" LIKE '%SpotUsage%' THEN 'spot'
                     WHEN "lineItem/UsageType" LIKE '%ElasticIP:IdleAddress' THEN 'idle-eip' ELSE 'other' END AS kind,
                count(*)::VARCHAR
            FROM SAMPLE
            WHERE "lineItem/LineItemType" = 'Usage' AND ${COST('pricing/publicOnDemandCost')} = 0 AND ${COST('lineItem/UnblendedCost')} <> 0
            GROUP BY ALL ORDER BY ALL`);
        for (const period of ['2026-01', '2026-02', '2026-03']) {
            const kinds = rows.filter(([p]) => p === period).map(([, kind]) => kind);
            expect(kinds, period).toEqual(['idle-eip', 'marketplace', 'spot']);
        }
    });

    it('12-month (EC2 t3.micro, RDS db.t3.micro, ELB, public IPv4) and Always Free (Lambda, DynamoDB, CloudWatch, data transfer) usage billed 0 in the same month', async () => {
        const rows = await query(`
            SELECT DISTINCT ${PERIOD}, "lineItem/ProductCode", "lineItem/UsageType"
            FROM SAMPLE
            WHERE "lineItem/LineItemType" = 'Usage' AND ${COST('lineItem/UnblendedCost')} = 0 AND ${COST('pricing/publicOnDemandCost')} > 0
            ORDER BY ALL`);
        for (const period of ['2026-01', '2026-02', '2026-03']) {
            const free = rows.filter(([p]) => p === period).map(([, service, usageType]) => `${service} ${usageType}`);
            expect(free, period).toEqual(expect.arrayContaining([
                'AmazonEC2 USE1-BoxUsage:t3.micro', 'AmazonRDS USE1-InstanceUsage:db.t3.micro', 'AWSELB USE1-LoadBalancerUsage', 'AmazonVPC USE1-PublicIPv4:InUseAddress',
                'AWSLambda USE1-Lambda-GB-Second', 'AmazonDynamoDB USE1-TimedStorage-ByteHrs', 'AmazonCloudWatch USE1-CW:MetricMonitorUsage', 'AmazonEC2 USE1-DataTransfer-Out-Bytes',
            ]));
        }
    });

    it('keeps the Reserved Instances and the Savings Plan, used across accounts', async () => {
        const rows = await query(`SELECT DISTINCT "lineItem/LineItemType" FROM SAMPLE ORDER BY 1`);
        expect(rows.map(([type]) => type)).toEqual(expect.arrayContaining(['DiscountedUsage', 'RIFee', 'SavingsPlanCoveredUsage', 'SavingsPlanNegation', 'SavingsPlanRecurringFee']));
    });
});

describe('examples/acme.billing on the bundled sample = the DuckDB oracle', () => {
    it('every group × period figure, to the last decimal', () => {
        const mismatches: string[] = [];
        const same = (what: string, engine: string | undefined, expected: string | undefined): void => {
            if ((engine === undefined ? undefined : n(engine)) !== (expected === undefined ? undefined : n(expected))) mismatches.push(`${what}: engine ${engine} ≠ oracle ${expected}`);
        };
        expect(report.groups.map((g) => `${g.period} ${g.name}`)).toEqual(oracle.groups.map((g) => `${g.period} ${g.group}`));
        report.groups.forEach((group, index) => {
            const expected = oracle.groups[index]!;
            const at = `${group.period} ${group.name}`;
            same(`${at} awsCost`, group.awsCost, expected.awsCost);
            same(`${at} charges`, group.charges, expected.charges);
            same(`${at} proformaCost`, group.proformaCost, expected.proformaCost);
            same(`${at} margin`, group.margin, expected.margin);
            const items = Object.fromEntries(group.customLineItems.map((line) => [line.name, line.amount]));
            for (const name of new Set([...Object.keys(items), ...Object.keys(expected.lineItems)])) same(`${at} line item ${name}`, items[name], expected.lineItems[name]);
            const byService = Object.fromEntries(group.byService.map((line) => [line.service, line]));
            for (const name of new Set([...Object.keys(byService), ...Object.keys(expected.byService)])) {
                same(`${at} service ${name} awsCost`, byService[name]?.awsCost, expected.byService[name]?.awsCost);
                same(`${at} service ${name} proformaCost`, byService[name]?.proformaCost, expected.byService[name]?.proformaCost);
            }
            const byAccount = Object.fromEntries(group.byAccount.map((line) => [line.accountId, line]));
            for (const name of new Set([...Object.keys(byAccount), ...Object.keys(expected.byAccount)])) {
                same(`${at} account ${name} awsCost`, byAccount[name]?.awsCost, expected.byAccount[name]?.awsCost);
                same(`${at} account ${name} proformaCost`, byAccount[name]?.proformaCost, expected.byAccount[name]?.proformaCost);
            }
        });
        same('total awsCost', report.total.awsCost, oracle.total.awsCost);
        same('total proformaCost', report.total.proformaCost, oracle.total.proformaCost);
        same('total margin', report.total.margin, oracle.total.margin);
        same('unassigned', report.unassigned.awsCost, oracle.unassigned.awsCost);
        expect(mismatches).toEqual([]);
    });

    it('one public-cost-missing warning per group and period, with the rows and billed cost DuckDB counts', async () => {
        // Repriced rows (Usage; covered usage whose commitment owner is in the other group) with no public price:
        // public cost empty, or 0 on a billed row. Support is excluded from the pro forma, so never repriced.
        const owner = `regexp_extract(COALESCE(NULLIF("reservation/ReservationARN", ''), NULLIF("savingsPlan/SavingsPlanARN", ''), ''), ':([0-9]{12}):', 1)`;
        const ownerGroup = `CASE WHEN ${owner} IN (${WEB.map((id) => `'${id}'`).join(', ')}) THEN 'web' ELSE 'data' END`;
        const rows = await query(`
            SELECT ${PERIOD}, ${GROUP} AS grp, count(*)::VARCHAR, sum(${COST('lineItem/UnblendedCost')})::VARCHAR
            FROM SAMPLE
            WHERE ("lineItem/LineItemType" = 'Usage'
                   OR ("lineItem/LineItemType" IN ('DiscountedUsage', 'SavingsPlanCoveredUsage') AND ${ownerGroup} <> ${GROUP}))
              AND "lineItem/ProductCode" NOT LIKE 'AWSSupport%'
              AND (${COST('pricing/publicOnDemandCost')} IS NULL OR (${COST('pricing/publicOnDemandCost')} = 0 AND ${COST('lineItem/UnblendedCost')} <> 0))
            GROUP BY ALL ORDER BY ALL`);
        const warnings = report.issues.filter((issue) => issue.code === 'public-cost-missing')
            .map((issue) => [issue.period, issue.group, String(issue.rows), n(issue.cost!)]).sort();
        expect(warnings).toEqual(rows.map(([period, group, count, cost]) => [period, group, count, n(cost!)]).sort());
        expect(warnings).toHaveLength(6);
    });
});

describe('docs/cli.md prints the oracle\'s figures of the sample', () => {
    const doc = readFileSync(path.join(repoRoot, 'docs', 'cli.md'), 'utf8');

    it('the abridged JSON example (`billing bill examples/acme.billing -f json -p 2026-01`) and the export line', async () => {
        const web = oracle.groups.find((g) => g.group === 'web' && g.period === '2026-01')!;
        const data = oracle.groups.find((g) => g.group === 'data' && g.period === '2026-01')!;
        const total = new Decimal(web.awsCost).plus(data.awsCost);
        const proforma = new Decimal(web.proformaCost).plus(data.proformaCost);
        const margin = new Decimal(web.margin).plus(data.margin);
        for (const figure of [
            `"awsCost": "${web.awsCost}"`, `"charges": "${web.charges}"`, `"proformaCost": "${web.proformaCost}"`, `"margin": "${web.margin}"`,
            `"marginPercent": "${new Decimal(web.margin).div(web.proformaCost).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2)}"`,
            `{ "service": "AWSBillingConductor", "awsCost": "0", "proformaCost": "${web.byService.AWSBillingConductor!.proformaCost}"`,
            `{ "accountId": "111111111111", "accountName": "web-prod", "awsCost": "${web.byAccount['111111111111']!.awsCost}", "proformaCost": "${web.byAccount['111111111111']!.proformaCost}", "margin": "${n(new Decimal(web.byAccount['111111111111']!.proformaCost).minus(web.byAccount['111111111111']!.awsCost).toFixed())}" }`,
            `"amount": "${web.lineItems.security}"`,
            `"total": { "awsCost": "${n(total.toFixed())}", "proformaCost": "${n(proforma.toFixed())}", "margin": "${n(margin.toFixed())}" }`,
        ]) expect(doc, figure).toContain(figure);
        // The export's stderr line: the report's pro forma per period as shown (half-even to cents), and the rows
        // written: web's line items but those the pro forma leaves out (credits, taxes, refunds, discounts, support,
        // and Savings Plans negations of a plan owned outside the group, here every one: the plan is data's).
        const shown = (value: string): string => new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
        const perPeriod = ['2026-01', '2026-02', '2026-03'].map((period) => `${period} ${shown(oracle.groups.find((g) => g.group === 'web' && g.period === period)!.proformaCost)}`);
        const [[written]] = await query(`
            SELECT count(*)::VARCHAR FROM SAMPLE WHERE ${GROUP} = 'web'
              AND NOT ("lineItem/LineItemType" IN ('Credit', 'Tax', 'Refund', 'SavingsPlanNegation') OR "lineItem/LineItemType" LIKE '%Discount' OR "lineItem/ProductCode" LIKE 'AWSSupport%')`) as [[string]];
        expect(doc).toContain(`group web, ${written} line items + 12 custom line item rows, 58 columns; pro\nforma cost ${perPeriod.join(', ')}\``);
        // The cube's cells: one per distinct key (period, account, service, usage type, operation, line item type,
        // billing entity, currency, commitment owner) over the whole file.
        const [[cells]] = await query(`
            SELECT count(DISTINCT (${PERIOD}, "lineItem/UsageAccountId", "lineItem/ProductCode", "lineItem/UsageType", "lineItem/Operation", "lineItem/LineItemType",
                "bill/BillingEntity", "lineItem/CurrencyCode", regexp_extract(COALESCE(NULLIF("reservation/ReservationARN", ''), NULLIF("savingsPlan/SavingsPlanARN", ''), ''), ':([0-9]{12}):', 1)))::VARCHAR
            FROM SAMPLE`) as [[string]];
        expect(doc).toContain(`"data": { "sources": ["examples/data/sample-cur.csv"], "format": "cur1", "rows": 1800, "cells": ${cells} }`);
        expect(report.data.cells).toBe(Number(cells));
        // The security fee's base: charges + the platform fee.
        expect(doc).toContain(`"base": "${n(new Decimal(web.charges).plus(500).toFixed())}"`);
    });

    it('the standard-markup rule line and the cells: the GLOBAL rule prices what no other rule matches', async () => {
        // web, 2026-01: the rows whose most specific rule is standard-markup (not EC2, not Marketplace), repriced:
        // Usage rows (public cost, else billed cost; free tier off) and covered usage of an owner in the data group.
        const rows = await query(`
            SELECT count(DISTINCT ("lineItem/UsageAccountId", "lineItem/ProductCode", "lineItem/UsageType", "lineItem/Operation", "lineItem/LineItemType", "bill/BillingEntity",
                       regexp_extract(COALESCE(NULLIF("reservation/ReservationARN", ''), NULLIF("savingsPlan/SavingsPlanARN", ''), ''), ':([0-9]{12}):', 1)))::VARCHAR,
                sum(CASE WHEN ${COST('pricing/publicOnDemandCost')} IS NULL OR (${COST('pricing/publicOnDemandCost')} = 0 AND ${COST('lineItem/UnblendedCost')} <> 0)
                         THEN ${COST('lineItem/UnblendedCost')} ELSE ${COST('pricing/publicOnDemandCost')} END)::VARCHAR
            FROM SAMPLE
            WHERE ${PERIOD} = '2026-01' AND ${GROUP} = 'web'
              AND "lineItem/LineItemType" IN ('Usage', 'DiscountedUsage', 'SavingsPlanCoveredUsage')
              AND "lineItem/ProductCode" <> 'AmazonEC2' AND "bill/BillingEntity" <> 'AWS Marketplace' AND "lineItem/ProductCode" NOT LIKE 'AWSSupport%'`);
        const [cells, publicCost] = rows[0]!;
        const proforma = new Decimal(publicCost!).times('1.07');
        expect(doc).toContain(`{ "rule": "standard-markup", "publicCost": "${n(publicCost!)}", "proformaCost": "${n(proforma.toFixed())}", "effect": "${n(proforma.minus(publicCost!).toFixed())}", "cells": ${cells} }`);
        const rule = report.groups.find((g) => g.name === 'web' && g.period === '2026-01')!.rules.find((r) => r.rule === 'standard-markup')!;
        expect([n(rule.publicCost), rule.cells]).toEqual([n(publicCost!), Number(cells)]);
    });
});

describe('README and docs/cli.md examples from the sample are the oracle\'s', () => {
    const shown = (value: Decimal.Value): string => new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

    it('README: the ec2-discount rule lens in 2026-03 (the editor\'s default period, both groups): public → after (effect)', async () => {
        // EC2 line items the SKU rule (USE1-BoxUsage:m5.large RunInstances) does not take, repriced (Usage; covered
        // usage of an owner in the other group), at public cost or, without a public price, billed cost; × 0.9.
        const owner = `regexp_extract(COALESCE(NULLIF("reservation/ReservationARN", ''), NULLIF("savingsPlan/SavingsPlanARN", ''), ''), ':([0-9]{12}):', 1)`;
        const ownerGroup = `CASE WHEN ${owner} IN (${WEB.map((id) => `'${id}'`).join(', ')}) THEN 'web' ELSE 'data' END`;
        const [[base]] = await query(`
            SELECT sum(CASE WHEN ${COST('pricing/publicOnDemandCost')} IS NULL OR (${COST('pricing/publicOnDemandCost')} = 0 AND ${COST('lineItem/UnblendedCost')} <> 0)
                            THEN ${COST('lineItem/UnblendedCost')} ELSE ${COST('pricing/publicOnDemandCost')} END)::VARCHAR
            FROM SAMPLE
            WHERE ${PERIOD} = '2026-03' AND "lineItem/ProductCode" = 'AmazonEC2'
              AND NOT ("lineItem/UsageType" = 'USE1-BoxUsage:m5.large' AND "lineItem/Operation" = 'RunInstances')
              AND ("lineItem/LineItemType" = 'Usage' OR ("lineItem/LineItemType" IN ('DiscountedUsage', 'SavingsPlanCoveredUsage') AND ${ownerGroup} <> ${GROUP}))`) as [[string]];
        const after = new Decimal(base).times('0.9');
        const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
        expect(readme).toContain(`(\`$${shown(base)} → $${shown(after)} (−$${shown(new Decimal(base).minus(after))})\``);
    });

    it('docs/cli.md statement: the security fee of web in 2026-03 is 2% of its charges + the platform fee', () => {
        const web = oracle.groups.find((g) => g.group === 'web' && g.period === '2026-03')!;
        const doc = readFileSync(path.join(repoRoot, 'docs', 'cli.md'), 'utf8');
        expect(doc).toContain(`(\`2% of ${shown(new Decimal(web.charges).plus(500))}\``);
    });
});
