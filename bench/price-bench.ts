/**
 * Re-pricing benchmark: a synthetic cube of many cells and groups, priced repeatedly as an editor would
 * on every policy edit (a policy with 50 plans of 4 rules and 2 custom line items per group, each run
 * on a freshly built policy object so that no memo carries over). Prints figures; asserts nothing.
 * Wall-clock figures: run it on an idle machine.
 *
 *   npx esbuild bench/price-bench.ts --bundle --platform=node --format=esm --outfile=/tmp/price-bench.mjs \
 *     && node /tmp/price-bench.mjs [cells=50000] [groups=5000]
 */
import type { Cube, CubeCell } from '../engine/cube/types.js';
import { Decimal } from '../engine/money/decimal.js';
import type { BillingGroup, PolicyModel, PricingRule } from '../engine/policy/model.js';
import { prepareCube, priceReport, pricePolicy, buildReport } from '../engine/price/index.js';

const cellCount = Number(process.argv[2] ?? 50_000);
const groupCount = Number(process.argv[3] ?? 5_000);
const accountsPerGroup = 2;

// mulberry32: a small deterministic generator (32-bit integer arithmetic only).
let seed = 42;
const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const money = (max: number): Decimal => new Decimal((random() * max).toFixed(10));
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

const services = Array.from({ length: 40 }, (_, i) => (i === 0 ? 'AmazonEC2' : i === 1 ? 'AmazonS3' : `Service${i}`));
const types = [...Array(80).fill('Usage'), ...Array(5).fill('DiscountedUsage'), ...Array(5).fill('SavingsPlanCoveredUsage'), ...Array(3).fill('SavingsPlanNegation'), ...Array(3).fill('RIFee'), 'Tax', 'Tax', 'Credit', 'Credit'];
const accountId = (n: number): string => String(100000000000 + n);
const accountCount = groupCount * accountsPerGroup;

const cells: CubeCell[] = [];
const seen = new Set<string>();
while (cells.length < cellCount) {
    const account = accountId(Math.floor(random() * accountCount));
    const service = pick(services);
    const usageType = `USE1-Usage${Math.floor(random() * 50)}`;
    const operation = `Op${Math.floor(random() * 4)}`;
    const lineItemType = pick(types);
    const owner = lineItemType.includes('Covered') || lineItemType === 'DiscountedUsage' || lineItemType === 'SavingsPlanNegation' ? accountId(Math.floor(random() * accountCount)) : '';
    const key = `${account}|${service}|${usageType}|${operation}|${lineItemType}|${owner}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const cost = money(500);
    cells.push({
        period: '2026-01',
        accountId: account,
        service,
        usageType,
        operation,
        lineItemType,
        billingEntity: random() < 0.05 ? 'AWS Marketplace' : 'AWS',
        currency: 'USD',
        commitmentOwnerId: owner,
        unblendedCost: lineItemType === 'SavingsPlanNegation' || lineItemType === 'Credit' ? cost.negated() : cost,
        publicOnDemandCost: lineItemType.endsWith('Usage') ? cost.times('1.2').toDecimalPlaces(10) : new Decimal(0),
        freeTierPublicCost: random() < 0.02 ? money(1) : new Decimal(0),
        unblendedWithoutPublicCost: new Decimal(0),
        usageAmount: money(1000),
        rows: 24,
        rowsWithoutPublicCost: 0,
    });
}
const cube: Cube = { cells, format: 'cur2', sources: ['synthetic'], rows: cells.length * 24, accountNames: new Map(), issues: [] };

const planCount = 50;
const rules: PricingRule[] = [];
const plans = Array.from({ length: planCount }, (_, p) => {
    const names = [`global-${p}`, `ec2-${p}`, `mkt-${p}`, `sku-${p}`];
    rules.push({ name: names[0]!, scope: 'GLOBAL', type: 'MARKUP', modifierPercent: String(p % 20) });
    rules.push({ name: names[1]!, scope: 'SERVICE', type: 'DISCOUNT', modifierPercent: '5.25', service: 'AmazonEC2' });
    rules.push({ name: names[2]!, scope: 'BILLING_ENTITY', type: 'MARKUP', modifierPercent: '0', billingEntity: 'AWS Marketplace' });
    rules.push({ name: names[3]!, scope: 'SKU', type: 'DISCOUNT', modifierPercent: '12', service: 'AmazonS3', usageType: 'USE1-Usage3' });
    return { name: `plan-${p}`, rules: names };
});

function makePolicy(variant: number): PolicyModel {
    const groups: BillingGroup[] = Array.from({ length: groupCount }, (_, g) => ({
        name: `group-${g}`,
        primaryAccountId: accountId(g * accountsPerGroup),
        members: Array.from({ length: accountsPerGroup }, (_, m) => ({ accountId: accountId(g * accountsPerGroup + m) })),
        plan: `plan-${(g + variant) % planCount}`,
        autoAssociate: false,
        lineItems: [
            { name: 'platform', type: 'FEE', charge: { kind: 'flat', amount: '25' }, filters: [], computation: 'CONSOLIDATED', periods: {} },
            { name: 'ops', type: 'FEE', charge: { kind: 'percentage', percent: '2', bases: [{ kind: 'charges' }, { kind: 'lineItem', name: 'platform' }] }, filters: [], computation: 'CONSOLIDATED', periods: {} },
        ],
    }));
    return { accounts: [], rules, plans, groups, dataPaths: [] };
}

const time = (run: () => void): number => {
    const start = performance.now();
    run();
    return performance.now() - start;
};
/** CPU time (user + system, ms) of a run: less sensitive than wall time to other processes on the machine. */
const cpuTime = (run: () => void): number => {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
};
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const prepareMs = time(() => prepareCube(cube));
const prepared = prepareCube(cube);
for (let i = 0; i < 5; i++) priceReport(prepared, makePolicy(i));
const policies = Array.from({ length: 21 }, (_, i) => makePolicy(i));
// Back to back: each run pays the garbage of the previous ones.
const priceTimes = policies.map((policy) => time(() => pricePolicy(prepared, policy)));
const priceCpuTimes = policies.map((policy) => cpuTime(() => pricePolicy(prepared, policy)));
const reportTimes = policies.map((policy) => time(() => priceReport(prepared, policy)));
const headlineTimes = policies.map((policy) => time(() => priceReport(prepared, policy, { detail: false })));
const buildTimes = policies.map((policy) => {
    const priced = pricePolicy(prepared, policy);
    return time(() => buildReport(priced));
});

console.log(`cells ${cells.length}, groups ${groupCount}, accounts ${accountCount}, scale ${prepared.scale}; load average ${(await import('node:os')).loadavg()[0]!.toFixed(2)} on ${(await import('node:os')).cpus().length} cores`);
console.log(`prepareCube (once per cube):        ${prepareMs.toFixed(1)} ms`);
console.log(`pricePolicy, back to back:          median ${median(priceTimes).toFixed(1)} ms, min ${Math.min(...priceTimes).toFixed(1)} ms   <- the per-edit step`);
console.log(`pricePolicy, CPU time:               median ${median(priceCpuTimes).toFixed(1)} ms, min ${Math.min(...priceCpuTimes).toFixed(1)} ms`);
console.log(`buildReport (full JSON-ready report): median ${median(buildTimes).toFixed(1)} ms`);
console.log(`priceReport = both:                 median ${median(reportTimes).toFixed(1)} ms, min ${Math.min(...reportTimes).toFixed(1)} ms`);
console.log(`priceReport, detail: false:         median ${median(headlineTimes).toFixed(1)} ms, min ${Math.min(...headlineTimes).toFixed(1)} ms   <- per edit, headline figures`);
