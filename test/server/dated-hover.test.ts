import { afterAll, describe, expect, it } from 'vitest';
import { createKit, hoverAt, TINY_POLICY_TEXT } from './server-kit.js';

/*
 * Effective-dated pricing in the editor (issue 16): tiny-policy.billing on tiny-cur.csv, shown period 2026-03 (the data's
 * latest), with ec2-discount dated: 20 % until 2026-03, 30 % from 2026-03. web's EC2 public cost is 110.00, so in
 * 2026-03 the rule prices it 110.00 × (1 − 0.30) = 77.00, an effect of −33.00 (it was 88.00, −22.00, at 20 %).
 */
describe('hover on an effective-dated rule', () => {
    const kit = createKit();
    afterAll(() => kit.reset());
    const text = TINY_POLICY_TEXT.replace('rule ec2-discount { discount 20% service AmazonEC2 }',
        'rule ec2-discount {\n  discount 20% until 2026-03\n  discount 30% from 2026-03\n  service AmazonEC2\n}');

    it('lists its versions, the one in force in the period shown in bold, and the effect of that version', async () => {
        expect(text).toContain('discount 30% from 2026-03');
        const document = await kit.open(text);
        const hover = await hoverAt(kit, document, 'ec2-discount {', 1);
        expect(hover).toContain('Versions: `discount 20% until 2026-03` · **`discount 30% from 2026-03`** (in force in 2026-03)');
        expect(hover).toContain('| web | $110.00 | $77.00 | \u2212$33.00 |');
    });
});
