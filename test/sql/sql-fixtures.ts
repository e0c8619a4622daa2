/** Data and policies the SQL equivalence tests share (DuckDB: sql-equivalence.test.ts; PostgreSQL: sql-postgres.test.ts). */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CUR1_COLUMNS, generateCur } from '../../engine/generate/index.js';

export const PERIODS = ['2026-01', '2026-02', '2026-03', '2026-04'];
export const A = Array.from({ length: 12 }, (_, i) => `2000000000${String(i + 1).padStart(2, '0')}`);
/** Owns a Savings Plan, has no line item of its own; a member of web from 2026-03. */
export const OWNER = '200000000099';

/** Line items the generator does not make: an unknown type, usage without a public price, usage of a plan owned by OWNER, an 11-decimal amount, exponent notation. */
export function craftedRows(): string {
    const row = (period: string, fields: Record<string, string>): string => {
        const next = `2026-${String(Number(period.slice(5)) + 1).padStart(2, '0')}`;
        const values: Record<string, string> = {
            'bill/BillingEntity': 'AWS', 'bill/BillType': 'Anniversary', 'bill/PayerAccountId': '999999999999',
            'bill/BillingPeriodStartDate': `${period}-01T00:00:00Z`, 'bill/BillingPeriodEndDate': `${next}-01T00:00:00Z`,
            'lineItem/CurrencyCode': 'USD', 'lineItem/UsageAmount': '1', ...fields,
        };
        return CUR1_COLUMNS.map((column) => values[column] ?? '').join(',') + '\n';
    };
    const sp = `arn:aws:savingsplans::${OWNER}:savingsplan/11111111-2222-3333-4444-555555555555`;
    const covered = (period: string, type: string, cost: string, publicCost: string, account: string): string => row(period, {
        'lineItem/UsageAccountId': account, 'lineItem/LineItemType': type, 'lineItem/ProductCode': 'AmazonEC2',
        'lineItem/UsageType': 'USE1-BoxUsage:c5.xlarge', 'lineItem/Operation': 'RunInstances',
        'lineItem/UnblendedCost': cost, 'pricing/publicOnDemandCost': publicCost, 'savingsPlan/SavingsPlanARN': sp,
    });
    return [
        row('2026-02', {
            'lineItem/UsageAccountId': A[0]!, 'lineItem/LineItemType': 'BrandNewLineItemType', 'lineItem/ProductCode': 'AmazonEC2',
            'lineItem/UsageType': 'USE1-Mystery', 'lineItem/Operation': 'Mystery', 'lineItem/UnblendedCost': '7.25', 'pricing/publicOnDemandCost': '9',
        }),
        row('2026-03', {
            'lineItem/UsageAccountId': A[2]!, 'lineItem/LineItemType': 'Usage', 'lineItem/ProductCode': 'AmazonS3',
            'lineItem/UsageType': 'USE1-TimedStorage-ByteHrs', 'lineItem/Operation': 'StandardStorage', 'lineItem/UnblendedCost': '3.30000000001',
        }),
        row('2026-01', {
            'lineItem/UsageAccountId': A[1]!, 'lineItem/LineItemType': 'Usage', 'lineItem/ProductCode': 'AmazonS3',
            'lineItem/UsageType': 'USE1-Requests-Tier1', 'lineItem/Operation': 'PutObject', 'lineItem/UnblendedCost': '1.5E-7',
            'pricing/publicOnDemandCost': '2.5e-7', 'lineItem/UsageAmount': '3E+2',
        }),
        covered('2026-02', 'SavingsPlanCoveredUsage', '4.17', '4.17', A[0]!),
        covered('2026-02', 'SavingsPlanNegation', '-4.17', '', A[0]!),
        covered('2026-03', 'SavingsPlanCoveredUsage', '6.31', '6.31', A[0]!),
        covered('2026-03', 'SavingsPlanNegation', '-6.31', '', A[0]!),
        // An unlisted (auto-associated) account using OWNER's plan: OWNER, absent from the data, is not auto-associated.
        covered('2026-02', 'SavingsPlanCoveredUsage', '2.25', '2.25', A[9]!),
        covered('2026-02', 'SavingsPlanNegation', '-2.25', '', A[9]!),
    ].join('');
}

export const ACCOUNTS = `payer 999999999999 "management"
account ${A[0]} "web-prod"
account ${A[1]} "web-dev"
account ${A[2]} "data-prod"
account ${A[3]} "mover"
account ${A[4]} "data-lake"
account ${OWNER} "sp-owner"
`;

/** Every rule scope, free tier off globally and on for one service, memberships with periods, every line item form. */
export const FULL_POLICY = (auto: boolean) => `${ACCOUNTS}
rule markup-7 { markup 7% }
rule ec2-minus-10 { discount 10% service AmazonEC2 }
rule m5-large { discount 12% service AmazonEC2 usage-type "USE1-BoxUsage:m5.large" operation "RunInstances" }
rule t3-micro { discount 4.5% service AmazonEC2 usage-type "USE1-BoxUsage:t3.micro" }
rule nat-operation { markup 20% service AmazonEC2 operation NatGateway }
rule marketplace-at-cost { markup 0% billing-entity "AWS Marketplace" }
rule no-free-tier { tiering free-tier off }
rule lambda-free-tier { tiering free-tier on service AWSLambda }
plan standard { rules markup-7, ec2-minus-10, m5-large, t3-micro, nat-operation, marketplace-at-cost, no-free-tier, lambda-free-tier }

rule minus-3.25 { discount 3.25% }
rule s3-plus-15 { markup 15% service AmazonS3 }
plan lean { rules minus-3.25, s3-plus-15 }
plan at-cost { }

group web {
  primary web-prod
  accounts web-prod, web-dev
  accounts mover from 2026-02 until 2026-04
  accounts sp-owner from 2026-03
  plan standard
  fee platform flat 500.00
  fee security 2% of charges, platform
  credit migration 5% of charges exclude savings-plan-negation
  fee support flat 250 account web-dev from 2026-01 until 2026-03
  fee compute-ops 3.5% of charges service = AmazonEC2, AWSLambda presented-as AmazonEC2
  credit rebate 1.25% of charges service != AmazonEC2 from 2026-03
}

group data {
  primary data-prod
  accounts data-prod, data-lake, ${A[5]}
  accounts mover until 2026-02
  accounts ${A[6]} from 2026-03
  plan lean
  fee tax 8.25% of charges account data-lake itemized
  credit launch flat 100 until 2026-03
  fee onboarding flat 42.42 from 2026-02 until 2026-03
}

group sandbox {
  primary ${A[7]}
  accounts ${A[7]}
  plan at-cost
  ${auto ? 'auto-associate' : ''}
  fee base flat 20
  credit refund flat 15 from 2026-02
  fee mgmt 10% of charges, base, refund
}

group idle {
  primary 200000000050
  accounts 200000000050
  plan lean
  fee standing flat 9.99
}
`;

/** Custom tiers (per service, and GLOBAL for the rest) under SERVICE and GLOBAL rates; leftovers unassigned. */
export const TIER_POLICY = `${ACCOUNTS}
rule s3-tiers { tiering service AmazonS3 tier 0 to 1000 at 0.023 tier 1000 to 50000 at 0.022 tier 50000 at 0.0205 }
rule lambda-tiers { tiering service AWSLambda tier 0 to 400000 at 0 tier 400000 at 0.0000166667 }
rule s3-markup { markup 9% service AmazonS3 }
rule base-markup { markup 2.5% }
plan tiered { rules s3-tiers, lambda-tiers, s3-markup, base-markup }
rule everything-tiered { tiering tier 0 to 10 at 1.5 tier 10 at 0.75 }
plan flat-tiers { rules everything-tiered, base-markup }

group web {
  primary web-prod
  accounts web-prod, web-dev, mover
  plan tiered
  fee ops 3% of charges service = AmazonS3
}
group data {
  primary data-prod
  accounts data-prod
  plan flat-tiers
}
`;

/** ../shared/data: required in CI; elsewhere its absence ends these tests early (they never skip). */
export const SHARED = path.resolve('..', 'shared', 'data');
export const CUR2 = path.join(SHARED, 'ola-raji-cur2-csv', 'ha-project-CUR-daily-1-00001.csv');
export const FOCUS = path.join(SHARED, 'focus-1.0-sample', 'focus_sample.csv');

export function sharedDataPresent(): boolean {
    if (existsSync(CUR2) && existsSync(FOCUS)) return true;
    if (process.env.CI) throw new Error(`the shared sample data is missing (${SHARED}); CI needs it for the SQL equivalence tests`);
    return false;
}

/** The real CUR 2.0 export's policy, free tier on or off globally. */
export const CUR2_POLICY = (freeTier: string) => `account 147303435917 "ha-project"
rule markup-5 { markup 5% }
rule ec2-minus-8 { discount 8% service AmazonEC2 }
rule nat-hours { markup 11% service AmazonEC2 usage-type "CAN1-NatGateway-Hours" }
rule aws-free-tier { tiering free-tier ${freeTier} }
rule cw-free-tier { tiering free-tier on service AmazonCloudWatch }
plan standard { rules markup-5, ec2-minus-8, nat-hours, aws-free-tier, cw-free-tier }
group project {
  primary ha-project
  accounts ha-project
  plan standard
  fee support flat 29
  fee ops 4% of charges, support service != AmazonRDS
  credit startup 12.5% of charges
}
`;

/** The FOCUS sample's policy (its anonymised 11-digit accounts are auto-associated, or unassigned). */
export const FOCUS_POLICY = (auto: boolean) => `rule markup-6 { markup 6% }
rule microsoft-at-cost { markup 0% billing-entity Microsoft }
rule marketplace { discount 2% billing-entity "AWS Marketplace" }
rule no-free-tier { tiering free-tier off }
plan standard { rules markup-6, microsoft-at-cost, marketplace, no-free-tier }
group named {
  primary 000000000001
  accounts 000000000001
  plan standard
  fee platform flat 1.5
  fee margin 3% of charges, platform
}
group rest {
  primary 000000000002
  accounts 000000000002
  plan standard
  ${auto ? 'auto-associate' : ''}
  credit goodwill 1% of charges
}
`;

/** Writes into `dir` the generated CUR 1.0 data (5,000 rows and the crafted ones) and the policies of the generated-data tests; returns the CSV's path. */
export async function writeGeneratedFixtures(dir: string): Promise<string> {
    const csv = path.join(dir, 'cur.csv');
    await generateCur({ output: csv, rows: 5000, seed: 20261122, accounts: A, periods: PERIODS, payerAccountId: '999999999999' });
    appendFileSync(csv, craftedRows());
    writeFileSync(path.join(dir, 'full-auto.billing'), FULL_POLICY(true));
    writeFileSync(path.join(dir, 'full.billing'), FULL_POLICY(false));
    writeFileSync(path.join(dir, 'tiers.billing'), TIER_POLICY);
    return csv;
}
