import { afterAll, describe, expect, it } from 'vitest';
import { createKit, hintLabels, TINY_POLICY_TEXT } from './server-kit.js';

/*
 * tiny-policy.billing on tiny-cur.csv, 2026-03, by hand (see code-lens.test.ts for the group figures):
 *   web: charges 110.00 → platform = 50.00; security = 2% × 110.00 = 2.20; promo starts 2026-06
 *   base-markup: web S3 public 20.00 → 22.00 (+2.00); data RDS public 50.00 → 55.00 (+5.00)
 *   ec2-discount: web EC2 public 110.00 → 88.00 (−22.00); data has no EC2
 */
describe('inlay hints', () => {
    const kit = createKit();
    afterAll(() => kit.reset());

    it('show each custom line item\'s amount and each rule\'s effect per group', async () => {
        const document = await kit.open(TINY_POLICY_TEXT);
        expect(await hintLabels(kit, document)).toEqual([
            '17: = $50.00',
            '18: = $2.20 (2% of $110.00)',
            '19: not billed in 2026-03',
            '6: web +$2.00 · data +$5.00',
            '7: web \u2212$22.00',
        ]);
    });

    it('show a credit as a negative amount and a rule without matching usage as such', async () => {
        const text = TINY_POLICY_TEXT
            .replace('credit promo 10% of charges from 2026-06', 'credit promo 10% of charges, platform')
            .replace('rule ec2-discount { discount 20% service AmazonEC2 }', 'rule ec2-discount { discount 20% service AmazonEC2 }\nrule lambda { markup 5% service AWSLambda }')
            .replace('rules base-markup, ec2-discount', 'rules base-markup, ec2-discount, lambda');
        const document = await kit.open(text);
        const labels = await hintLabels(kit, document);
        // promo = 10% × (charges 110.00 + platform 50.00) = 16.00, a credit
        expect(labels).toContain('20: = \u2212$16.00 (10% of $160.00)');
        expect(labels).toContain('8: no matching usage in 2026-03');
    });

    it('fit a rule used by three groups in one short hint (VS Code cuts long ones) and name every group in its tooltip', async () => {
        const text = TINY_POLICY_TEXT + '\naccount 555555555555 "sandbox"\ngroup sandbox {\n  primary sandbox\n  accounts sandbox\n  plan standard\n}\n';
        const document = await kit.open(text);
        // base-markup: web +2.00, data +5.00, sandbox S3 public 5.00 → 5.50 (+0.50): 3 groups +7.50
        expect(await hintLabels(kit, document)).toContain('6: 3 groups +$7.50');
        const hints = await kit.services.lsp.InlayHintProvider!.getInlayHints(document, {
            textDocument: { uri: document.textDocument.uri }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
        }) ?? [];
        const rule = hints.find(hint => hint.position.line === 5)!;
        const tooltip = typeof rule.tooltip === 'object' ? rule.tooltip.value : String(rule.tooltip);
        for (const group of ['web', 'data', 'sandbox']) expect(tooltip).toContain(`**${group}**`);
        // Tagged, so the extension can leave rule hints to the rule's CodeLens (billing.inlayHints.rules).
        expect(rule.data).toEqual({ kind: 'rule' });
        expect(hints.find(hint => hint.position.line === 16)!.data).toBeUndefined();
    });

    it('show each group\'s figures at the end of its header line, tagged for where CodeLens is off', async () => {
        // By hand (code-lens.test.ts): web pro forma 162.20, margin 32.20 / 162.20 = 19.85%; data 55.00, 5 / 55 = 9.09%.
        const document = await kit.open(TINY_POLICY_TEXT);
        const labels = await hintLabels(kit, document, { groups: true });
        expect(labels.filter(label => /^(13|22): /.test(label))).toEqual(['13: Pro forma $162.20 · margin 19.85%', '22: Pro forma $55.00 · margin 9.09%']);
        const hints = await kit.services.lsp.InlayHintProvider!.getInlayHints(document, {
            textDocument: { uri: document.textDocument.uri }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
        }) ?? [];
        const web = hints.find(hint => hint.position.line === 12)!;
        // After `group web "Web business unit" {`, the whole lens title in the tooltip.
        expect(web.position.character).toBe('group web "Web business unit" {'.length);
        expect(web.data).toEqual({ kind: 'group' });
        const tooltip = typeof web.tooltip === 'object' ? web.tooltip.value : String(web.tooltip);
        expect(tooltip).toContain('Pro forma $162.20 · AWS $130.00 · margin 19.85% · 2026-03');
        // Without usage (web's members only from 2027-01): its custom line items' total.
        const idle = await kit.open(TINY_POLICY_TEXT.replace('accounts web-prod, web-dev', 'accounts web-prod, web-dev from 2027-01'));
        expect((await hintLabels(kit, idle, { groups: true })).find(label => label.startsWith('13: '))).toBe('13: no usage · Pro forma $50.00'); // the flat platform fee; 2% of no charges is 0
        // A policy with errors: the group says why, never $0.00.
        const broken = await kit.open(TINY_POLICY_TEXT.replace('plan standard\n  fee', 'plan nope\n  fee'));
        expect((await hintLabels(kit, broken, { groups: true })).filter(label => /^(13|22): /.test(label))).toEqual(['13: policy has errors', '22: policy has errors']);
    });

    it('say why there is no amount instead of $0.00', async () => {
        const broken = await kit.open(TINY_POLICY_TEXT.replace('plan standard\n  fee', 'plan nope\n  fee'));
        expect(await hintLabels(kit, broken)).toEqual(['17: policy has errors', '18: policy has errors', '19: policy has errors']);

        const noData = createKit({ dataPaths: [`${process.cwd()}/test/server/fixtures/none.csv`] });
        const document = await noData.open(TINY_POLICY_TEXT);
        expect(await hintLabels(noData, document)).toEqual(['17: no data loaded', '18: no data loaded', '19: no data loaded']);

        const idle = await kit.open(TINY_POLICY_TEXT.replace('accounts web-prod, web-dev', 'accounts web-prod, web-dev from 2027-01').replace('primary web-prod', 'primary web-prod'));
        // web has no member in 2026-03: its percentage fee has no base, its flat fee stays
        const labels = await hintLabels(kit, idle);
        expect(labels).toContain('18: no usage in 2026-03');
    });
});
