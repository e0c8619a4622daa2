/**
 * The engine's re-application of RIs and Savings Plans (engine/commitments, engine/price/commitment-pricing.ts)
 * held against what it was built to reproduce, both written apart from it:
 * - the hand-worked hourly fixtures (test/fixtures/commitments, figures and arithmetic in commitments-fixtures.ts):
 *   each group's pro forma, AWS cost, eligible and covered on-demand cost, exactly;
 * - the DuckDB oracle (commitments-oracle-sql.ts) over the generator's hourly month (RIs and Savings Plans of
 *   data-prod whose benefit AWS gave to web's accounts): every group's pro forma and coverage, to 1e-6.
 * And the "done means": Σ groups + unassigned = the input total, exactly.
 */
import { Decimal as DecimalJs } from 'decimal.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeFileSystem } from 'langium/node';
import { explainGroup } from '../../engine/explain/index.js';
import { generateHourlyCommitmentsCur } from '../../engine/generate/index.js';
import { ingest } from '../../engine/ingest/index.js';
import { buildReport, prepareCube, pricePolicy } from '../../engine/price/index.js';
import { createBillingServices } from '../../language/billing-module.js';
import { compileLoadedPolicy, loadPolicyFiles } from '../../language/index.js';
import type { CostReport } from '../../engine/index.js';
import { billing } from '../cli/cli-harness.js';
import { commitmentsOracle } from './commitments-oracle-sql.js';
import { COMMITMENTS_FIXTURES, FIXTURE_DIR } from './commitments-fixtures.js';
import { normalizeDecimal, type OraclePolicy } from './report-oracle-sql.js';

function bill(policy: string, data: string): CostReport {
    const result = billing(['bill', policy, '--data', data, '--format', 'json']);
    expect(result.status, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as CostReport;
}

const exact = (value: string | undefined): string => normalizeDecimal(value ?? 'missing');

describe('engine re-application = the hand-worked hourly fixtures', () => {
    for (const [file, expected] of Object.entries(COMMITMENTS_FIXTURES)) {
        it(file, () => {
            const report = bill(path.join(FIXTURE_DIR, 'policy.billing'), path.join(FIXTURE_DIR, file));
            for (const name of ['alpha', 'beta'] as const) {
                const group = report.groups.find((line) => line.name === name)!;
                const want = expected.groups[name];
                expect({ group: name, awsCost: exact(group.awsCost), proformaCost: exact(group.proformaCost) })
                    .toEqual({ group: name, awsCost: exact(want.awsCost), proformaCost: exact(want.proformaCost) });
                expect(exact(group.commitments?.eligibleCost)).toBe(exact(want.eligibleOnDemandCost));
                expect(exact(group.commitments?.coveredCost)).toBe(exact(want.coveredOnDemandCost));
                // Utilization, one unit per kind (RIs normalized unit-hours, Savings Plans currency), exactly.
                for (const [kind, figures] of [['reservation', want.reservations], ['savingsPlan', want.savingsPlans]] as const) {
                    const owned = group.commitments!.commitments.filter((c) => c.kind === kind);
                    expect(owned.every((c) => c.unit === (kind === 'reservation' ? 'normalized-units' : 'commitment'))).toBe(true);
                    const total = (field: 'used' | 'capacity') => normalizeDecimal(owned.reduce((sum, c) => sum.plus(c[field]), new DecimalJs(0)).toFixed());
                    expect({ kind, used: total('used'), capacity: total('capacity') }).toEqual({ kind, used: exact(figures.used), capacity: exact(figures.purchased) });
                }
            }
            // Σ groups + unassigned = input total, exactly.
            const inGroups = report.groups.reduce((sum, line) => sum.plus(line.awsCost), new DecimalJs(report.unassigned.awsCost));
            expect(normalizeDecimal(inGroups.toFixed())).toBe(exact(expected.total));
        });
    }
});

/** examples/acme.billing's groups and rules without its custom line items, as the oracle tables below. */
const ACME_TEXT = `account 111111111111 "web-prod"
account 222222222222 "web-dev"
account 333333333333 "data-prod"
account 444444444444 "shared-services"
rule standard-markup { markup 7% }
rule ec2-discount { discount 10% service AmazonEC2 }
plan standard { rules standard-markup, ec2-discount }
group web {
  primary 111111111111
  accounts 111111111111, 222222222222
  plan standard
}
group data {
  primary 333333333333
  accounts 333333333333, 444444444444
  plan standard
  auto-associate
}
`;
const ACME: OraclePolicy = {
    groups: [{ name: 'web', plan: 'standard', primary: '111111111111' }, { name: 'data', plan: 'standard', primary: '333333333333', autoAssociate: true }],
    memberships: [
        { group: 'web', account: '111111111111' }, { group: 'web', account: '222222222222' },
        { group: 'data', account: '333333333333' }, { group: 'data', account: '444444444444' },
    ],
    rules: [{ plan: 'standard', type: 'MARKUP', modifier: '7' }, { plan: 'standard', type: 'DISCOUNT', modifier: '10', service: 'AmazonEC2' }],
    lineItems: [],
};

describe('engine re-application = the DuckDB oracle on the generator\'s hourly month', () => {
    let dir: string;
    let csv: string;
    let policy: string;
    beforeAll(async () => {
        dir = mkdtempSync(path.join(tmpdir(), 'commitments-engine-'));
        csv = path.join(dir, 'hourly.csv');
        policy = path.join(dir, 'acme.billing');
        writeFileSync(policy, ACME_TEXT);
        await generateHourlyCommitmentsCur({ output: csv, periods: ['2026-02'], seed: 11 });
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('every group\'s AWS cost exactly, pro forma and coverage to 1e-6; the owner\'s group covers its own usage', async () => {
        const report = bill(policy, csv);
        const oracle = await commitmentsOracle(csv, ACME);
        expect(oracle.hourlyPeriods).toEqual(['2026-02']);
        const close = (a: string, b: string) => new DecimalJs(a).minus(b).abs().lte('0.000001');
        for (const want of oracle.report.groups) {
            const got = report.groups.find((line) => line.name === want.group && line.period === want.period)!;
            expect(exact(got.awsCost), `${want.group} AWS cost`).toBe(exact(want.awsCost));
            expect(close(got.proformaCost, want.proformaCost), `${want.group} pro forma ${got.proformaCost} vs oracle ${want.proformaCost}`).toBe(true);
        }
        for (const want of oracle.groups) {
            const got = report.groups.find((line) => line.name === want.group && line.period === want.period)!;
            expect(close(got.commitments?.eligibleCost ?? '0', want.eligibleOnDemandCost), `${want.group} eligible`).toBe(true);
            expect(close(got.commitments?.coveredCost ?? '0', want.coveredOnDemandCost), `${want.group} covered`).toBe(true);
        }
        // Utilization per commitment and coverage per group, in the same units (normalized unit-hours, currency): to 1e-9.
        const tight = (a: string, b: string) => new DecimalJs(a).minus(b).abs().lte('1e-9');
        for (const want of oracle.commitments) {
            if (want.group === null) continue;
            const got = report.groups.find((line) => line.name === want.group && line.period === want.period)!.commitments!.commitments.find((c) => c.arn === want.arn)!;
            expect(got.unit, want.arn).toBe(want.unit === 'normalizedUnits' ? 'normalized-units' : 'commitment');
            expect(tight(got.capacity, want.purchased), `${want.arn} capacity ${got.capacity} vs oracle ${want.purchased}`).toBe(true);
            expect(tight(got.used, want.used), `${want.arn} used ${got.used} vs oracle ${want.used}`).toBe(true);
        }
        for (const want of oracle.groups) {
            if (want.coverage === null) continue;
            const got = report.groups.find((line) => line.name === want.group && line.period === want.period)!.commitments!;
            const coverage = new DecimalJs(got.coveredCost).div(got.eligibleCost);
            expect(coverage.minus(want.coverage).abs().lte('1e-9'), `${want.group} coverage ${coverage.toFixed()} vs oracle ${want.coverage}`).toBe(true);
        }
        const data = report.groups.find((line) => line.name === 'data')!;
        expect(new DecimalJs(data.commitments!.coveredCost).gt(0)).toBe(true);
    }, 180_000);
});

/**
 * The same month under custom tiers on EC2 (docs/semantics.md "Custom tiers": covered usage is not tiered, and
 * does not count toward the thresholds): the oracle tiers each line's uncovered quantity (commitments-oracle-sql.ts
 * `tieredLines`), on its own SQL. The first threshold (10 h) lies inside the on-demand part of a partly covered
 * usage type, the last (200 h) below its whole usage, so tiering the covered quantity would move the price.
 */
const TIERS_TEXT = ACME_TEXT.replace('plan standard { rules standard-markup, ec2-discount }',
    'rule ec2-tiers { tiering service AmazonEC2 tier 0 to 10 at 0.05 tier 10 to 200 at 0.03 tier 200 at 0.01 }\nplan standard { rules ec2-tiers, standard-markup, ec2-discount }');
const TIERS: OraclePolicy = {
    ...ACME,
    rules: [{ plan: 'standard', type: 'TIERING', service: 'AmazonEC2', tiers: [{ begin: '0', end: '10', rate: '0.05' }, { begin: '10', end: '200', rate: '0.03' }, { begin: '200', rate: '0.01' }] }, ...ACME.rules],
};

describe('engine re-application under custom tiers = the DuckDB oracle on the generator\'s hourly month', () => {
    let dir: string;
    let csv: string;
    let policy: string;
    beforeAll(async () => {
        dir = mkdtempSync(path.join(tmpdir(), 'commitments-engine-tiers-'));
        csv = path.join(dir, 'hourly.csv');
        policy = path.join(dir, 'tiers.billing');
        writeFileSync(policy, TIERS_TEXT);
        await generateHourlyCommitmentsCur({ output: csv, periods: ['2026-02'], seed: 11 });
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('every group\'s pro forma to 1e-6, with on-demand usage past a threshold beside covered usage', async () => {
        const tiered = bill(policy, csv);
        const oracle = await commitmentsOracle(csv, TIERS);
        // The data reaches the case: a usage type of a group partly covered whose on-demand part alone crosses 10 (data's
        // m5.xlarge: 634 h, 16.83… on demand), and fully covered ones (priced 0 by the tiers).
        expect(oracle.tierBuckets.some((b) => new DecimalJs(b.onDemand).lt(b.usage) && new DecimalJs(b.onDemand).gt(10)), JSON.stringify(oracle.tierBuckets)).toBe(true);
        expect(oracle.tierBuckets.some((b) => new DecimalJs(b.onDemand).isZero() && new DecimalJs(b.usage).gt(0))).toBe(true);
        expect(oracle.hourlyPeriods).toEqual(['2026-02']);
        const close = (a: string, b: string) => new DecimalJs(a).minus(b).abs().lte('0.000001');
        for (const want of oracle.report.groups) {
            const got = tiered.groups.find((line) => line.name === want.group && line.period === want.period)!;
            expect(exact(got.awsCost), `${want.group} AWS cost`).toBe(exact(want.awsCost));
            expect(close(got.proformaCost, want.proformaCost), `${want.group} pro forma ${got.proformaCost} vs oracle ${want.proformaCost}`).toBe(true);
        }
    }, 180_000);
});

describe('explaining a group whose hourly commitments were re-applied', () => {
    it('lands on the bill\'s figures for every group of the hand-worked fixtures (the explanation reads the re-applied cells)', async () => {
        const loaded = await loadPolicyFiles([path.join(FIXTURE_DIR, 'policy.billing')], createBillingServices(NodeFileSystem).Billing);
        const model = compileLoadedPolicy(loaded).model!;
        for (const [file, expected] of Object.entries(COMMITMENTS_FIXTURES)) {
            const priced = pricePolicy(prepareCube(await ingest([path.join(FIXTURE_DIR, file)], { workers: 0 })), model);
            const report = buildReport(priced);
            report.groups.forEach((line) => {
                const explanation = explainGroup(priced, model.groups.findIndex((group) => group.name === line.name), line, report.currency);
                expect(explanation.proformaCost, `${file} ${line.name}`).toBe(line.proformaCost);
                expect(new DecimalJs(line.proformaCost).eq(expected.groups[line.name as 'alpha' | 'beta'].proformaCost)).toBe(true);
            });
        }
    });
});
