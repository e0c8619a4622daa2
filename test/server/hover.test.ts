import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { A, B, C, hourlyCsv } from '../engine/commitments/hourly-fixture.js';
import { createKit, hoverAt, TINY_POLICY_TEXT } from './server-kit.js';

/*
 * tiny-policy.billing on tiny-cur.csv, 2026-03, by hand:
 *   web-prod (111111111111): AWS 100.00 (EC2) + 20.00 (S3) = 120.00 → pro forma 80.00 + 22.00 = 102.00, plus the
 *   group's custom line items posted to its primary account: platform 50.00 + security 2.20 → 154.20
 *   web-dev (222222222222): AWS 10.00 → 8.00; data-prod (333333333333): 50.00 → 55.00
 *   sandbox (555555555555): unassigned, AWS 5.00
 */
describe('hover', () => {
    const kit = createKit();
    afterAll(() => kit.reset());
    const text = TINY_POLICY_TEXT.replace('  accounts web-prod, web-dev\n', '  accounts web-prod, 222222222222\n')
        + '\naccount 555555555555 "sandbox"\n';

    it('on an account name: its id, group and AWS cost', async () => {
        const document = await kit.open(text);
        const hover = await hoverAt(kit, document, 'primary web-prod', 'primary '.length);
        expect(hover).toContain('**web-prod** `111111111111`');
        expect(hover).toContain('primary account of group **web** · 2026-03: AWS $120.00 → pro forma $154.20 (custom line items included)');
    });

    it('on an account id: the declared name, group and cost', async () => {
        const document = await kit.open(text);
        const hover = await hoverAt(kit, document, '222222222222\n', 1);
        expect(hover).toContain('**web-dev** `222222222222`');
        expect(hover).toContain('member of group **web** · 2026-03: AWS $10.00 → pro forma $8.00');
    });

    it('on an unassigned account declaration', async () => {
        const document = await kit.open(text);
        expect(await hoverAt(kit, document, '555555555555', 2)).toContain('in no billing group · 2026-03: AWS $5.00 (unassigned)');
    });

    it('on a rule: scope, modifier, matched services and effect per group', async () => {
        const document = await kit.open(text);
        const hover = await hoverAt(kit, document, 'ec2-discount {', 1);
        expect(hover).toContain('discount 20% · SERVICE scope · service `AmazonEC2`');
        expect(hover).toContain('Matches in the data: `AmazonEC2`');
        expect(hover).toContain('| web | $110.00 | $88.00 | \u2212$22.00 |');
        expect(hover).toContain('| data | — | — | no matching usage |');
        const reference = await hoverAt(kit, document, 'base-markup,', 1);
        expect(reference).toContain('markup 10% · GLOBAL scope');
        expect(reference).toContain('| web | $20.00 | $22.00 | +$2.00 |');
        expect(reference).toContain('| data | $50.00 | $55.00 | +$5.00 |');
    });

    it('on a line item: its base and amount', async () => {
        const document = await kit.open(text);
        const hover = await hoverAt(kit, document, 'security', 1);
        expect(hover).toContain('Group **web**, 2026-03: = $2.20 (2% of $110.00)');
        expect(hover).toContain('Base $110.00 × 2% = $2.20');
    });

    it('on a group: its headline figures', async () => {
        const document = await kit.open(text);
        const hover = await hoverAt(kit, document, 'group web', 'group '.length);
        expect(hover).toContain('| AWS cost | $130.00 |');
        expect(hover).toContain('| Charges (repriced) | $110.00 |');
        expect(hover).toContain('| **Pro forma** | **$162.20** |');
        expect(hover).toContain('| Margin | $32.20 (19.85%) |');
        expect(hover).toContain('| AmazonEC2 | $110.00 | $88.00 |');
    });

    it('on a keyword: its entry of the keyword docs table (server/lsp/keyword-docs.ts)', async () => {
        const document = await kit.open(text);
        expect(await hoverAt(kit, document, 'plan standard {', 1)).toContain('a pricing plan: a named set of rules');
        expect(await hoverAt(kit, document, 'markup 10%', 1)).toContain('public on-demand rate × (1 + N/100)');
    });

    it('without data: says so', async () => {
        const noData = createKit({ dataPaths: [`${process.cwd()}/test/server/fixtures/none.csv`] });
        const document = await noData.open(text);
        expect(await hoverAt(noData, document, 'group web', 'group '.length)).toMatch(/_no data loaded: .*none\.csv/);
        await noData.reset();
    });

    it('on a group with hourly data holding commitments: coverage and utilization of its re-applied commitments', async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'billing-hover-commitments-'));
        const file = path.join(dir, 'hourly.csv');
        writeFileSync(file, hourlyCsv());
        const hourly = createKit({ dataPaths: [file] });
        const document = await hourly.open([
            `account ${A} "a"`, `account ${B} "b"`, `account ${C} "c"`, 'rule standard { markup 10% }', 'plan standard { rules standard }',
            'group alpha {\n  primary a\n  accounts a, b\n  plan standard\n}', 'group beta {\n  primary c\n  accounts c\n  plan standard\n}', '',
        ].join('\n'));
        const hover = await hoverAt(hourly, document, 'group alpha', 'group '.length);
        // Hand-worked in test/engine/commitments/hourly-reapplication.test.ts: covered 0.447 of 0.532 (84.02 %), RI 0.27 %, SP 0.20 %.
        expect(hover).toContain('Commitments re-applied in the group: coverage 84.02 % ($0.45 of $0.53 eligible on-demand)');
        expect(hover).toContain('| RI `ri-1` | 0.27 % |');
        expect(hover).toContain('| Savings Plan `sp-1` | 0.20 % |');
        expect(hover).toContain('| **Pro forma** | **$111.69** |');
        await hourly.reset();
    });
});
