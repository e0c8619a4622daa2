/** Small hand-made CUR 1.0 files and policies whose figures the tests work out by hand. */
export const CUR1_HEADER = 'bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount';

/** One usage line item of `period` (YYYY-MM): what AWS billed (`cost`) and the public on-demand cost repricing starts from. */
export const usageRow = (period: string, account: string, service: string, cost: string, publicCost: string): string =>
    `${period}-01T00:00:00Z,${account},Usage,${service},USE1-Usage,Run,USD,${cost},${publicCost},1`;

export const cur = (...rows: string[]): string => [CUR1_HEADER, ...rows].join('\n') + '\n';

/** A policy where every group uses plan `standard` of one rule `standard { markup N% }`; groups are name → account. */
export const markupPolicy = (markup: number, groups: Readonly<Record<string, string>>, groupExtra = ''): string => [
    ...Object.entries(groups).map(([name, account]) => `account ${account} "${name}-prod"`),
    `rule standard { markup ${markup}% }`,
    'plan standard { rules standard }',
    ...Object.keys(groups).map((name) => `group ${name} {\n  primary ${name}-prod\n  accounts ${name}-prod\n  plan standard\n${groupExtra}}`),
    '',
].join('\n');
