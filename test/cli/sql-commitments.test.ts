/**
 * `billing sql` does not re-apply RIs and Savings Plans hour by hour (docs/warehouse.md, "Commitments"): every query
 * says so in its header, and when the policy's own data is hourly with commitments the command warns on stderr and
 * the query carries the warning too.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_DIR } from '../oracle/commitments-fixtures.js';
import { billing, tempProject } from './cli-harness.js';

describe('billing sql: commitments are not re-applied, and it says so', () => {
    let project: ReturnType<typeof tempProject>;
    beforeAll(() => {
        const policy = readFileSync(path.join(FIXTURE_DIR, 'policy.billing'), 'utf8');
        project = tempProject({
            'hourly.billing': `data "${path.join(FIXTURE_DIR, 'a-regional-ri-cross-group.csv')}"\n${policy}`,
            'no-data.billing': policy,
        });
    });
    afterAll(() => project.dispose());

    it('hourly data with commitments: a warning on stderr naming the period, and in the query', () => {
        const result = billing(['sql', 'hourly.billing', '--dialect', 'duckdb', '--schema', 'cur1'], project.dir);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stderr).toContain("billing: warning: the policy's data is hourly with Reserved Instances or Savings Plans in 2026-02: billing bill re-applies them");
        expect(result.stdout).toContain("-- WARNING: the policy's data is hourly with Reserved Instances or Savings Plans in 2026-02");
        expect(result.stdout).toContain('-- Commitments are NOT re-applied');
    });

    it('a policy without data: no warning, the query still says commitments are not re-applied', () => {
        const result = billing(['sql', 'no-data.billing', '--dialect', 'duckdb', '--schema', 'cur1'], project.dir);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stderr).toBe('');
        expect(result.stdout).toContain('-- Commitments are NOT re-applied');
        expect(result.stdout).not.toContain('WARNING');
    });
});
