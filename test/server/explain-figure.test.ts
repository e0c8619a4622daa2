import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explainFigure } from '../../server/lsp/explain-figure.js';
import { createKit, hoverAt, TINY_POLICY_TEXT } from './server-kit.js';

/*
 * "Explain this figure" for tiny-policy.billing on tiny-cur.csv, 2026-03, by hand:
 *   web (111111111111, 222222222222): AWS 100.00 + 20.00 + 10.00 = 130.00; public cost = billed cost (adjustment 0.00)
 *   base-markup (global, +10%): S3 20.00 → 22.00, +2.00; ec2-discount (service AmazonEC2, −20%): EC2 110.00 → 88.00, −22.00
 *   charges 130.00 + 2.00 − 22.00 = 110.00; fee platform 50.00; fee security 2% × 110.00 = 2.20 → pro forma 162.20
 */
describe('explain this figure', () => {
    const kit = createKit();
    afterAll(() => kit.reset());

    it('walks web from its AWS cost to its pro forma cost, in the period shown', async () => {
        const document = await kit.open(TINY_POLICY_TEXT);
        const result = explainFigure(kit.services.server.Pricing.pricingFor(document), 'web', undefined);
        const explanation = result.explanation!;
        expect(explanation).toMatchObject({ group: 'web', period: '2026-03', awsCost: '130', charges: '110', proformaCost: '162.2', plan: 'standard' });
        expect(explanation.steps.map(step => [step.label, step.amount])).toEqual([
            ['Public on-demand rates', '0'],
            ['rule base-markup', '2'],
            ['rule ec2-discount', '-22'],
            ['Fee: platform', '50'],
            ['Fee: security', '2.2'],
        ]);
        const discount = explanation.steps.find(step => step.label === 'rule ec2-discount')!;
        expect(discount).toMatchObject({ base: '110', after: '88', factor: '0.8', cells: 2 });
        expect(discount.why).toContain('discount 20% on AmazonEC2');
        expect(result.sources?.[0]).toMatch(/tiny-cur\.csv$/);
    });

    it('explains another period on request, and says why when it cannot', async () => {
        const document = await kit.open(TINY_POLICY_TEXT);
        // 2026-02: web EC2 80.00 → 64.00 (−16.00); fee 50.00; security 2% × 64.00 = 1.28 → 115.28
        const february = explainFigure(kit.services.server.Pricing.pricingFor(document, 'all'), 'web', '2026-02').explanation!;
        expect(february.proformaCost).toBe('115.28');
        expect(february.steps.map(step => [step.label, step.amount])).toContainEqual(['rule ec2-discount', '-16']);
        expect(explainFigure(kit.services.server.Pricing.pricingFor(document), 'nope', undefined)).toEqual({ explanation: null, reason: "the policy has no group 'nope'" });
        const broken = await kit.open(TINY_POLICY_TEXT.replace('plan standard\n  fee', 'plan nope\n  fee'));
        expect(explainFigure(kit.services.server.Pricing.pricingFor(broken), 'web', undefined)).toMatchObject({ explanation: null, reason: 'policy has errors' });
    });

    it('the group hover links to it (the one link a hover carries)', async () => {
        const document = await kit.open(TINY_POLICY_TEXT);
        const hover = await hoverAt(kit, document, 'group web', 7);
        const args = encodeURIComponent(JSON.stringify([document.textDocument.uri, 'web', '2026-03']));
        expect(hover).toContain(`[$(info) Explain this figure](command:billing.explainFigure?${args} `);
    });

    it('explains every group of every example policy in every period of the bundled sample (each reconciles to its report)', async () => {
        const sample = createKit({ dataPaths: [path.resolve('examples/data/sample-cur.csv')] });
        for (const example of ['acme.billing', 'prod-nonprod.billing', 'platform-teams.billing', 'enterprise-business-units.billing', 'msp-customers.billing']) {
            const text = readFileSync(path.resolve('examples', example), 'utf8');
            if (/^import /m.test(text)) continue;
            const document = await sample.open(text);
            const pricing = sample.services.server.Pricing.pricingFor(document, 'all');
            expect(pricing.kind, example).toBe('priced');
            if (pricing.kind !== 'priced') continue;
            for (const group of pricing.report.groups) {
                const { explanation, reason } = explainFigure(pricing, group.name, group.period);
                expect(reason, `${example} ${group.name} ${group.period}`).toBeUndefined();
                // explainGroup throws unless its steps end exactly on the report's figures; here they are the same strings
                expect(explanation).toMatchObject({ awsCost: group.awsCost, charges: group.charges, proformaCost: group.proformaCost });
            }
        }
        await sample.reset();
    });
});
