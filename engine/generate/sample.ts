import type { GenerateCurOptions } from './cur-generator.js';

/**
 * The bundled sample `examples/data/sample-cur.csv`: accounts, services and periods chosen so that the
 * example policies (examples/*.billing) line up with the data. Regenerate and check it with
 * `UPDATE_SAMPLE=1 npx vitest run test/engine/generate/sample.test.ts` (the test fails when the
 * committed file differs from what the generator makes).
 */
export const SAMPLE_CUR_PATH = 'examples/data/sample-cur.csv';

export const SAMPLE_CUR_OPTIONS: Omit<GenerateCurOptions, 'output'> = {
    rows: 1800,
    seed: 20260101,
    payerAccountId: '999999999999',
    accounts: [
        '111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666',
        '777777777777', '888888888888', '123456789012', '210987654321', '135791357913', '246802468024',
    ],
    periods: ['2026-01', '2026-02', '2026-03'],
    services: ['AmazonEC2', 'AmazonS3', 'AmazonRDS', 'AWSLambda', 'AmazonCloudFront', 'AmazonDynamoDB', 'AmazonCloudWatch', 'AmazonVPC', 'AWSELB', 'awskms'],
    // shared-services buys the organisation's Compute Savings Plan, data-prod its Reserved Instances.
    commitmentOwners: ['444444444444', '333333333333'],
    // 1,800 rows hold a quarter of a 12-account organisation: one line per resource and month.
    granularity: 'monthly',
    // What real exports carry (issue 10): Spot hours and idle Elastic IPs in web-dev (222222222222) and load-test
    // (210987654321), and the Marketplace subscriptions, all billed with a public on-demand cost of 0.
    realExportCases: true,
};
