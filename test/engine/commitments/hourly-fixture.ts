/**
 * An hourly CUR 1.0 where the benefit of a Reserved Instance and of a Savings Plan owned by account A
 * was given by AWS, in the billable domain, to account C, which the policy puts in another group
 * (Beta) than A (Alpha = A, B). Every figure below is worked out by hand from the rows.
 *
 * Commitments (owner A, 111111111111), fee lines spanning January (744 hours):
 *   RI  ri-1: regional m5.large Linux (RunInstances), 1 instance (normalization factor 4 → 4 units/hour); RIFee 744 × 0.05 = 37.20
 *   SP  sp-1: Compute Savings Plan, 0.10/hour; SavingsPlanRecurringFee 744 × 0.10 = 74.40
 *   Plan rate of sp-1 for c5.large (USE1-BoxUsage:c5.large, RunInstances, us-east-1): 0.05 per hour (seen on A's covered line).
 * On-demand: m5.large 0.096/hour, c5.large 0.085/hour.
 *
 * What AWS billed (unblended):
 *   hour 0  A c5.large 1 h SavingsPlanCoveredUsage 0.085, its SavingsPlanNegation −0.085
 *           B m5.large 1 h Usage 0.096
 *           C m5.large 1 h DiscountedUsage 0 (AWS gave the RI to C)   C c5.large 1 h Usage 0.085
 *   hour 1  A m5.large 1 h DiscountedUsage 0   B c5.large 3 h Usage 0.255   C m5.large 1 h Usage 0.096
 *   A: 37.20 + 74.40 + 0.085 − 0.085 + 0 = 111.60;  B: 0.096 + 0.255 = 0.351;  C: 0 + 0.085 + 0.096 = 0.181
 *   input total 111.60 + 0.351 + 0.181 = 112.132
 */
export const A = '111111111111';
export const B = '222222222222';
export const C = '333333333333';
export const RI = `arn:aws:ec2:us-east-1:${A}:reserved-instances/ri-1`;
export const SP = `arn:aws:savingsplans::${A}:savingsplan/sp-1`;
export const HEADER = [
    'bill/BillingPeriodStartDate', 'lineItem/UsageAccountId', 'lineItem/LineItemType', 'lineItem/UsageStartDate', 'lineItem/UsageEndDate',
    'lineItem/ProductCode', 'lineItem/UsageType', 'lineItem/Operation', 'lineItem/CurrencyCode', 'lineItem/UsageAmount',
    'lineItem/UnblendedCost', 'pricing/publicOnDemandCost', 'product/instanceType', 'product/region', 'reservation/ReservationARN',
    'reservation/NumberOfReservations', 'savingsPlan/SavingsPlanARN', 'savingsPlan/SavingsPlanRate', 'savingsPlan/TotalCommitmentToDate',
    'savingsPlan/OfferingType',
].join(',');
export const MONTH = ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'] as const;
const H0 = ['2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z'] as const;
const H1 = ['2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z'] as const;

export interface Line {
    account: string; type: string; when: readonly [string, string]; service?: string; usageType?: string; operation?: string;
    amount: string; cost: string; pub?: string; instance?: string; ri?: string; count?: string; sp?: string; rate?: string; commitment?: string; offering?: string;
}
export const row = (l: Line): string => [
    '2026-01-01T00:00:00Z', l.account, l.type, l.when[0], l.when[1], l.service ?? 'AmazonEC2', l.usageType ?? `USE1-BoxUsage:${l.instance}`,
    l.operation ?? 'RunInstances', 'USD', l.amount, l.cost, l.pub ?? '', l.instance ?? '', 'us-east-1', l.ri ?? '', l.count ?? '', l.sp ?? '',
    l.rate ?? '', l.commitment ?? '', l.offering ?? '',
].join(',');

export const LINES: Line[] = [
    { account: A, type: 'RIFee', when: MONTH, usageType: 'USE1-HeavyUsage:m5.large', instance: 'm5.large', amount: '744', cost: '37.20', ri: RI, count: '1' },
    { account: A, type: 'SavingsPlanRecurringFee', when: MONTH, service: 'ComputeSavingsPlans', usageType: 'ComputeSP:1yrNoUpfront', operation: '', amount: '744', cost: '74.40', sp: SP, commitment: '74.40', offering: 'ComputeSavingsPlans' },
    { account: A, type: 'SavingsPlanCoveredUsage', when: H0, instance: 'c5.large', amount: '1', cost: '0.085', pub: '0.085', sp: SP, rate: '0.05' },
    { account: A, type: 'SavingsPlanNegation', when: H0, instance: 'c5.large', amount: '0', cost: '-0.085', sp: SP },
    { account: B, type: 'Usage', when: H0, instance: 'm5.large', amount: '1', cost: '0.096', pub: '0.096' },
    { account: C, type: 'DiscountedUsage', when: H0, instance: 'm5.large', amount: '1', cost: '0', pub: '0.096', ri: RI },
    { account: C, type: 'Usage', when: H0, instance: 'c5.large', amount: '1', cost: '0.085', pub: '0.085' },
    { account: A, type: 'DiscountedUsage', when: H1, instance: 'm5.large', amount: '1', cost: '0', pub: '0.096', ri: RI },
    { account: B, type: 'Usage', when: H1, instance: 'c5.large', amount: '3', cost: '0.255', pub: '0.255' },
    { account: C, type: 'Usage', when: H1, instance: 'm5.large', amount: '1', cost: '0.096', pub: '0.096' },
];

/** The fixture as CUR 1.0 CSV text. */
export const hourlyCsv = (): string => [HEADER, ...LINES.map(row)].join('\n') + '\n';
