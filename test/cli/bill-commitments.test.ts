import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostReport } from '../../engine/report/types.js';
import { A, B, C, hourlyCsv, RI, SP } from '../engine/commitments/hourly-fixture.js';
import { billing, tempProject } from './cli-harness.js';

/** `billing bill` on the hourly fixture of test/engine/commitments (figures hand-worked there). */
describe('billing bill: RIs and Savings Plans re-applied inside groups (hourly data)', () => {
    let project: ReturnType<typeof tempProject>;
    beforeAll(() => {
        project = tempProject({
            'hourly.csv': hourlyCsv(),
            'policy.billing': [
                `account ${A} "a"`, `account ${B} "b"`, `account ${C} "c"`, 'rule standard { markup 10% }', 'plan standard { rules standard }',
                'group alpha {\n  primary a\n  accounts a, b\n  plan standard\n}', 'group beta {\n  primary c\n  accounts c\n  plan standard\n}', '',
            ].join('\n'),
        });
    });
    afterAll(() => project.dispose());

    it('--format json carries groups[].commitments next to the re-applied pro forma', () => {
        const result = billing(['bill', 'policy.billing', '--data', 'hourly.csv', '-f', 'json'], project.dir);
        expect(result.status).toBe(0);
        const report = JSON.parse(result.stdout) as CostReport;
        const alpha = report.groups.find(g => g.name === 'alpha')!;
        expect(alpha.proformaCost).toBe('111.6935');
        expect(alpha.commitments).toEqual({
            eligibleCost: '0.532', coveredCost: '0.447', coveragePercent: '84.02',
            commitments: [
                { arn: RI, kind: 'reservation', ownerAccountId: A, unit: 'normalized-units', used: '8', capacity: '2976', utilizationPercent: '0.27' },
                { arn: SP, kind: 'savingsPlan', ownerAccountId: A, unit: 'commitment', used: '0.15', capacity: '74.4', utilizationPercent: '0.20' },
            ],
        });
        expect(report.groups.find(g => g.name === 'beta')!.proformaCost).toBe('0.3047');
        // Σ groups 111.951 + 0.181 + unassigned 0 = input 112.132.
        expect(report.reconciliation).toEqual({ groupsAwsCost: '112.132', unassignedAwsCost: '0', inputAwsCost: '112.132', difference: '0' });
    });

    it('--detail shows the coverage line', () => {
        const result = billing(['bill', 'policy.billing', '--data', 'hourly.csv', '--detail'], project.dir);
        expect(result.stdout).toContain('Commitment coverage: 0.45 of 0.53 eligible on-demand (84.02 %)');
    });

    it('export writes the re-applied period: the rows of alpha add up to its pro forma 111.6935 (exit 0)', () => {
        const result = billing(['export', 'policy.billing', '--data', 'hourly.csv', '-g', 'alpha', '-o', 'alpha.csv'], project.dir);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stderr).toContain('pro forma cost 2026-01 111.69');
        expect(existsSync(path.join(project.dir, 'alpha.csv'))).toBe(true);
    });
});
