import type { CostReport } from '../../engine/report/types.js';
import type { DataStatus } from '../../server/protocol.js';

/**
 * A hand-built one-period report (2026-03) with figures worked by hand, chosen to exercise half-even rounding:
 *   web: EC2 aws 1000.125 → 1000.12 (2 even, stays); S3 aws 200.335 → 200.34 (3 odd, up); Σ 1200.46 (exact).
 *        EC2 pro forma 1000.125 × 0.90 = 900.1125; S3 200.335 × 1.07 = 214.35845; charges 1114.47095.
 *        fees: platform flat 500; security 2% of (charges + platform) = 2% × 1614.47095 = 32.289419;
 *        credit migration 5% of charges = −55.7235475.
 *        pro forma = 1114.47095 + 500 + 32.289419 − 55.7235475 = 1591.0368215 → $1,591.04
 *        margin = 1591.0368215 − 1200.46 = 390.5768215 → $390.58; margin % = 390.5768215 / 1591.0368215 = 24.55 %.
 *        by service (as the engine reports it) adds AWSBillingConductor: aws 0, pro forma = Σ line items =
 *        500 + 32.289419 − 55.7235475 = 476.5658715; Σ by service pro forma = 1591.0368215.
 *        by account: 111… aws 1100.455 → 1100.46 (5 odd, up); 222… 100.005 → 100.00 (0 even, stays); Σ 1200.46;
 *        the line items are posted to 111…: its pro forma 1010.10 + 476.5658715 = 1486.6658715.
 *   data: no usage in 2026-03 (hasUsage false, no line items): the preview must say so, never "$0.00".
 *   unassigned: 555555555555 aws 12.345 → $12.34 (4 even, stays).
 *   input total = 1200.46 + 12.345 = 1212.805 → $1,212.80 (0 even, stays).
 */
export const handReport: CostReport = {
    schemaVersion: 1,
    currency: 'USD',
    periods: ['2026-03'],
    groups: [
        {
            name: 'web',
            description: 'Web business unit',
            period: '2026-03',
            plan: 'standard',
            primaryAccountId: '111111111111',
            accountIds: ['111111111111', '222222222222'],
            awsCost: '1200.46',
            charges: '1114.47095',
            proformaCost: '1591.0368215',
            margin: '390.5768215',
            marginPercent: '24.55',
            byService: [
                { service: 'AmazonS3', awsCost: '200.335', proformaCost: '214.35845', margin: '14.02345' },
                { service: 'AmazonEC2', awsCost: '1000.125', proformaCost: '900.1125', margin: '-100.0125' },
                { service: 'AWSBillingConductor', awsCost: '0', proformaCost: '476.5658715', margin: '476.5658715' },
            ],
            byAccount: [
                { accountId: '111111111111', accountName: 'web-prod', awsCost: '1100.455', proformaCost: '1486.6658715', margin: '386.2108715' },
                { accountId: '222222222222', accountName: 'web-dev', awsCost: '100.005', proformaCost: '104.37095', margin: '4.36595' },
            ],
            customLineItems: [
                { name: 'platform', description: 'Platform operations', type: 'FEE', amount: '500', accountId: '111111111111', presentationService: 'AWSBillingConductor', computation: 'CONSOLIDATED' },
                { name: 'security', description: 'Security tooling', type: 'FEE', amount: '32.289419', base: '1614.47095', percent: '2', accountId: '111111111111', presentationService: 'AWSBillingConductor', computation: 'CONSOLIDATED' },
                { name: 'migration', description: 'Migration credit', type: 'CREDIT', amount: '-55.7235475', base: '1114.47095', percent: '5', accountId: '111111111111', presentationService: 'AWSBillingConductor', computation: 'CONSOLIDATED' },
            ],
            rules: [
                { rule: 'ec2-discount', publicCost: '1000.125', proformaCost: '900.1125', effect: '-100.0125', cells: 3 },
                { rule: 'standard-markup', publicCost: '200.335', proformaCost: '214.35845', effect: '14.02345', cells: 2 },
            ],
            hasUsage: true,
        },
        {
            name: 'data',
            description: 'Data platform',
            period: '2026-03',
            plan: 'standard',
            primaryAccountId: '333333333333',
            accountIds: ['333333333333', '444444444444'],
            awsCost: '0',
            charges: '0',
            proformaCost: '0',
            margin: '0',
            marginPercent: null,
            byService: [],
            byAccount: [],
            customLineItems: [],
            rules: [],
            hasUsage: false,
        },
    ],
    unassigned: {
        awsCost: '12.345',
        byPeriod: [{ period: '2026-03', awsCost: '12.345' }],
        accounts: [{ accountId: '555555555555', accountName: 'sandbox', awsCost: '12.345' }],
    },
    total: { awsCost: '1212.805', proformaCost: '1591.0368215', margin: '390.5768215' },
    reconciliation: { groupsAwsCost: '1200.46', unassignedAwsCost: '12.345', inputAwsCost: '1212.805', difference: '0' },
    data: { sources: ['examples/data/sample-cur.csv'], format: 'CUR 1.0', rows: 1800, cells: 240 },
    issues: [],
};

export const readyStatus: DataStatus = {
    state: 'ready',
    source: 'examples/data/sample-cur.csv',
    periods: ['2026-01', '2026-02', '2026-03'],
    period: '2026-03',
    rows: 1800,
};
