import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport, ingest, prepareCube, pricePolicy, type PolicyModel } from '../../../engine/index.js';
import { explainGroup } from '../../../engine/explain/index.js';
import { exportProformaCur } from '../../../engine/export/index.js';
import { readLineItems, referenceBill } from '../../../engine/reference/index.js';
import type { CustomTier, PricingRule } from '../../../engine/policy/model.js';
import { commitmentCsv, type CommitmentData } from '../../reference/random-commitments.js';

/**
 * Custom tiers on hourly data whose RIs and Savings Plans are re-applied inside the group (issue 12,
 * docs/semantics.md "Custom tiers": "Covered usage is not tiered"): usage the group's own commitments covered keeps
 * its commitment-priced cost (0, the fee pays for it) and does not count toward the tiers' thresholds; the tiers
 * price the on-demand usage only. Figures worked by hand below; the engine (prepared cube), the row pricer the
 * export and `explain` use, and the independent reference pricer must all give them.
 *
 * Data (test/reference/random-commitments.ts): m5.large public on-demand 0.2 an hour, Compute Savings Plan rate 0.1;
 * a plan's fee line is its hourly commitment, one line per hour in force; covered usage is SavingsPlanCoveredUsage
 * (billed at on-demand) with its SavingsPlanNegation (−on-demand).
 */
const A = '111111111111';
const B = '222222222222';

function model(rules: PricingRule[]): PolicyModel {
    return {
        accounts: [{ id: A }, { id: B }], rules, plans: [{ name: 'tiered', rules: rules.map((rule) => rule.name) }],
        groups: [{ name: 'g', primaryAccountId: A, members: [{ accountId: A }, { accountId: B }], plan: 'tiered', autoAssociate: false, lineItems: [] }],
        dataPaths: [],
    } as PolicyModel;
}
const tiering = (customTiers: CustomTier[]): PricingRule => ({ name: 'tiers', scope: 'GLOBAL', type: 'TIERING', modifierPercent: '0', customTiers });

async function priceAll(data: CommitmentData, policy: PolicyModel) {
    const dir = mkdtempSync(path.join(tmpdir(), 'billing-tiers-commitments-'));
    try {
        const file = path.join(dir, 'cur.csv');
        writeFileSync(file, commitmentCsv(data));
        const priced = pricePolicy(prepareCube(await ingest([file], { workers: 0 })), policy, {});
        const report = buildReport(priced);
        const reference = referenceBill(await readLineItems([file]), policy);
        // `billing explain`: the re-applied cube's cells priced one by one (row pricer).
        const explained = explainGroup(priced, 0, report.groups[0]!, 'USD');
        // `billing export`: the data's rows, in file order, through the re-application and the row pricer.
        const output = path.join(dir, 'g.csv');
        await exportProformaCur({ priced, groupIndex: 0, files: [file], output });
        const [header, ...records] = parse(readFileSync(output, 'utf8')) as string[][];
        const column = (name: string): number => header!.indexOf(name);
        const exported = records.map((r) => ({ account: r[column('lineItem/UsageAccountId')]!, type: r[column('lineItem/LineItemType')]!, hour: r[column('lineItem/UsageStartDate')]!.slice(11, 13), cost: r[column('lineItem/UnblendedCost')]! }));
        return { report, reference, explained, exported };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

describe('custom tiers with re-applied commitments: covered usage keeps its commitment price, tiers take the on-demand usage', () => {
    it('1 h of m5.large fully covered by the group\'s Savings Plan under a custom tier: 0.5, not 1.5', async () => {
        // A's Savings Plan, 0.5 an hour in hour 0; A runs 1 h of m5.large in hour 0, which AWS billed under the plan.
        const data: CommitmentData = {
            hours: 1, ris: [], sps: [{ owner: A, commitment: '0.5', hours: [true] }],
            usage: [{ hour: 0, account: A, instanceType: 'm5.large', zone: 'us-east-1a', amount: '1', billedAs: { kind: 'sp', index: 0 } }],
        };
        const { report, reference, explained, exported } = await priceAll(data, model([tiering([{ beginInclusive: '0', rate: '1' }])]));
        // Re-application: the plan covers the hour at 0.1 × 1 = 0.1 of its 0.5: covered quantity 1 of 1, on-demand 0.
        // AWS cost: fee 0.5 + covered usage 0.2 + negation −0.2 = 0.5.
        // Pro forma: fee 0.5 (billed) + covered usage 0 (not tiered: 0 on-demand hours × rate 1) + negation dropped = 0.5.
        // (Tiering the covered hour, the old approximation, gave 0.5 + 1 × 1 = 1.5.)
        for (const g of [report.groups[0]!, reference.groups[0]!]) {
            expect([g.awsCost, g.proformaCost, g.margin]).toEqual(['0.5', '0.5', '0']);
            expect([g.commitments?.eligibleCost, g.commitments?.coveredCost, g.commitments?.coveragePercent]).toEqual(['0.2', '0.2', '100.00']);
            // The tiering rule priced the usage cell from its uncovered public cost 0 to 0.
            expect(g.rules).toEqual([{ rule: 'tiers', publicCost: '0', proformaCost: '0', effect: '0', cells: 1 }]);
        }
        expect(explained.proformaCost).toBe('0.5');
        // The export (rows keep their line item type; only costs are rewritten): the fee at its billed 0.5, the covered
        // hour at 0, no negation.
        expect(exported.map((r) => [r.type, r.cost]).sort()).toEqual([['SavingsPlanCoveredUsage', '0'], ['SavingsPlanRecurringFee', '0.5']]);
    });

    it('a tier threshold crossed by the on-demand usage alone: covered hours neither priced by the tiers nor counted toward the threshold', async () => {
        // A's Savings Plan, 0.1 an hour, in force in hour 0 only. m5.large, 1 h per row: A in hours 0, 1, 2 (hour 0 billed
        // under the plan), B in hours 1, 2. Tiers [0, 2) at 1, [2, ∞) at 0.5; a 10 % GLOBAL markup on top.
        const data: CommitmentData = {
            hours: 3, ris: [], sps: [{ owner: A, commitment: '0.1', hours: [true, false, false] }],
            usage: [
                { hour: 0, account: A, instanceType: 'm5.large', zone: 'us-east-1a', amount: '1', billedAs: { kind: 'sp', index: 0 } },
                { hour: 1, account: A, instanceType: 'm5.large', zone: 'us-east-1a', amount: '1', billedAs: { kind: 'usage' } },
                { hour: 2, account: A, instanceType: 'm5.large', zone: 'us-east-1a', amount: '1', billedAs: { kind: 'usage' } },
                { hour: 1, account: B, instanceType: 'm5.large', zone: 'us-east-1a', amount: '1', billedAs: { kind: 'usage' } },
                { hour: 2, account: B, instanceType: 'm5.large', zone: 'us-east-1a', amount: '1', billedAs: { kind: 'usage' } },
            ],
        };
        const policy = model([
            tiering([{ beginInclusive: '0', endExclusive: '2', rate: '1' }, { beginInclusive: '2', rate: '0.5' }]),
            { name: 'markup', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: '10' },
        ]);
        const { report, reference, explained, exported } = await priceAll(data, policy);
        // Re-application: hour 0, the plan (0.1) covers A's hour at rate 0.1: 1 h for 0.1, fully. Hours 1 and 2: no plan.
        // On-demand usage of m5.large in the group: A 2 h + B 2 h = 4 h (A's covered hour is left out).
        // Tiered: 2 h × 1 + 2 h × 0.5 = 3; allocated by on-demand hours: A 2/4 × 3 = 1.5, B 1.5; × 1.10 = 1.65 each.
        // AWS cost: fee 0.1 + A (0.2 covered − 0.2 negation + 0.2 + 0.2) + B (0.2 + 0.2) = 0.9.
        // Pro forma: fee 0.1 + 1.65 + 1.65 = 3.4; margin 3.4 − 0.9 = 2.5.
        // (Tiering all 5 h, the old approximation: (2 × 1 + 3 × 0.5) × 1.1 + 0.1 = 3.95; counting the covered hour toward
        // the threshold without pricing it: (1 × 1 + 3 × 0.5) × 1.1 + 0.1 = 2.85.)
        for (const g of [report.groups[0]!, reference.groups[0]!]) {
            expect([g.awsCost, g.proformaCost, g.margin]).toEqual(['0.9', '3.4', '2.5']);
            expect(g.byAccount.map((line) => [line.accountId, line.proformaCost])).toEqual([[A, '1.75'], [B, '1.65']]);
            // Tiering: from the uncovered public cost, A 0.4 + B 0.4 = 0.8, to the tiered 3 (2 cells); markup: 3 → 3.3.
            expect(g.rules).toEqual([
                { rule: 'tiers', publicCost: '0.8', proformaCost: '3', effect: '2.2', cells: 2 },
                { rule: 'markup', publicCost: '3', proformaCost: '3.3', effect: '0.3', cells: 2 },
            ]);
        }
        // Cell by cell (explain) and row by row (export): on-demand hours × the average tier rate 3 ÷ 4 = 0.75, × 1.1 = 0.825
        // an hour; A's covered hour 0; the fee 0.1: 0.1 + 4 × 0.825 = 3.4.
        expect(explained.proformaCost).toBe('3.4');
        expect(exported.map((r) => [r.account, r.type, r.hour, r.cost]).sort()).toEqual([
            [A, 'SavingsPlanCoveredUsage', '00', '0'],
            [A, 'SavingsPlanRecurringFee', '00', '0.1'],
            [A, 'Usage', '01', '0.825'],
            [A, 'Usage', '02', '0.825'],
            [B, 'Usage', '01', '0.825'],
            [B, 'Usage', '02', '0.825'],
        ]);
    });
});
