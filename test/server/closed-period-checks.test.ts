/**
 * A change to a closed billing period as an editor diagnostic (BIL110), once data is loaded, against the lock
 * file next to the policy. budget-cur.csv: in 2026-03, account 111111111111 has 200.00 of usage (public on-demand
 * and billed). By hand, with a 7% markup: charges = pro forma 214, AWS 200, margin 14, 14/214 = 6.54 %. The lock
 * file below records exactly that; a flat fee of 5 makes it pro forma 219, margin 19, 19/219 = 8.68 %.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entityDigests } from '../../engine/close/index.js';
import { compilePolicy, policyDocuments } from '../../language/index.js';
import { Issues } from '../../language/validation/issue-codes.js';
import { createKit, FIXTURES } from './server-kit.js';

const BUDGET_CUR = path.join(FIXTURES, 'budget-cur.csv');
const folder = mkdtempSync(path.join(tmpdir(), 'billing-closed-'));
const kit = createKit({ dataPaths: [BUDGET_CUR] });
afterAll(async () => {
    await kit.reset();
    rmSync(folder, { recursive: true, force: true });
});

const POLICY = (closed: string, fee: string) => `account 111111111111 "web-prod"
${closed}
rule markup-7 { markup 7% }
plan standard { rules markup-7 }
group web {
  primary web-prod
  accounts web-prod
  plan standard
${fee}}
`;
const LOCK = {
    schemaVersion: 1,
    periods: [{
        period: '2026-03', closedAt: '2026-04-02T08:00:00.000Z', currency: 'USD', policyDigest: 'sha256:closed', dataDigest: 'sha256:data',
        groups: [{ name: 'web', awsCost: '200', charges: '214', proformaCost: '214', margin: '14', marginPercent: '6.54' }],
        unassignedAwsCost: '0',
    }],
};

async function closedDiagnostics(dir: string, text: string): Promise<string[]> {
    const document = await kit.open(text, path.join(dir, 'policy.billing'));
    return (await kit.validateWithData(document))
        .filter((d) => d.code === Issues.closedPeriodChanged.code)
        .map((d) => `${d.range.start.line + 1}:${document.textDocument.getText(d.range)} ${d.message}`);
}

function project(name: string, lock: object | undefined): string {
    const made = mkdtempSync(path.join(folder, `${name}-`));
    if (lock) writeFileSync(path.join(made, 'billing.lock.json'), JSON.stringify(lock));
    return made;
}

describe('closed-period diagnostics (BIL110)', () => {
    it('nothing while the closed period bills what the lock file records', async () => {
        expect(await closedDiagnostics(project('same', LOCK), POLICY('closed through 2026-03', ''))).toEqual([]);
    });

    it('an undated fee that reaches back into the closed period: at the group, with the figures', async () => {
        expect(await closedDiagnostics(project('fee', LOCK), POLICY('closed through 2026-03', '  fee desk flat 5\n'))).toEqual([
            '5:web closed period 2026-03 would change for group "web": pro forma cost 214 → 219, margin 14 → 19, margin % 6.54 → 8.68 ' +
            '(the policy changed since it was closed); a closed period stays as billed (docs/closing-a-month.md)',
        ]);
        // Dated from the first open period, the fee leaves March alone.
        expect(await closedDiagnostics(project('dated', LOCK), POLICY('closed through 2026-03', '  fee desk flat 5 from 2026-04\n'))).toEqual([]);
    });

    it('a closed period the lock file does not record: at closed through; an open period: nothing', async () => {
        expect(await closedDiagnostics(project('unlocked', undefined), POLICY('closed through 2026-03', ''))).toEqual([
            '2:2026-03 period 2026-03 is closed by the policy but not recorded in billing.lock.json: run `billing close 2026-03`; a closed period stays as billed (docs/closing-a-month.md)',
        ]);
        expect(await closedDiagnostics(project('open', undefined), POLICY('closed through 2026-02', '  fee desk flat 5\n'))).toEqual([]);
    });

    it('with the lock\'s digest of each statement: at the rule that was edited, not at the group', async () => {
        // The lock as billing close writes it now: a digest of each rule, plan and group of the policy as closed.
        const closed = await kit.open(POLICY('closed through 2026-03', ''), path.join(project('digests', undefined), 'policy.billing'));
        const entities = entityDigests(compilePolicy(policyDocuments(closed, kit.services)));
        const lock = { ...LOCK, periods: [{ ...LOCK.periods[0]!, entityDigests: entities }] };
        // markup 7 % → 8 %: 200 × 1.08 = 216, margin 16, 16/216 = 7.41 %.
        expect(await closedDiagnostics(project('rule', lock), POLICY('closed through 2026-03', '').replace('markup 7%', 'markup 8%'))).toEqual([
            '3:markup-7 closed period 2026-03 would change for group "web": charges 214 → 216, pro forma cost 214 → 216, margin 14 → 16, margin % 6.54 → 7.41 ' +
            '(the policy changed since it was closed); a closed period stays as billed (docs/closing-a-month.md)',
        ]);
        // A fee in the group: at the group, its rule and plan being as closed.
        expect((await closedDiagnostics(project('group', lock), POLICY('closed through 2026-03', '  fee desk flat 5\n'))).map((d) => d.split(' ')[0])).toEqual(['5:web']);
    });

    it('not while typing', async () => {
        const document = await kit.open(POLICY('closed through 2026-03', '  fee desk flat 5\n'), path.join(project('typing', LOCK), 'policy.billing'));
        expect((document.diagnostics ?? []).map((d) => d.code)).not.toContain(Issues.closedPeriodChanged.code);
    });
});
