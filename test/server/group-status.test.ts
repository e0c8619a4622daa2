import { afterAll, describe, expect, it } from 'vitest';
import { createKit, hoverAt, lensTitles } from './server-kit.js';

/*
 * ABC's built-in plans, a billing-transfer group and group status in the editor, on tiny-cur.csv. By hand:
 *   2026-03: web (web-prod 100 + 20, web-dev 10) on BasicPricingPlan: public 130.00 = pro forma, margin 0;
 *            customer (data-prod 50), Passthrough from 2026-03: 50.00 as billed, margin 0.
 *   2026-02: web: only web-prod has line items (80.00), its primary web-dev none → PRIMARY_ACCOUNT_MISSING;
 *            customer: the transfer starts in 2026-03 → PENDING, no account, no usage.
 */
const TEXT = `account 111111111111 "web-prod"
account 222222222222 "web-dev"
account 333333333333 "data-prod"

group web {
  primary web-dev
  accounts web-prod, web-dev
  plan BasicPricingPlan
}

group customer {
  transfer "arn:aws:organizations::999999999999:transfer/o-abcdefghij/billing/inbound/rt-12345678" from 2026-03
  accounts data-prod
  plan Passthrough
}
`;

describe('group status, built-in plans and billing transfers in the editor', () => {
    const march = createKit();
    const february = createKit({ period: '2026-02' });
    afterAll(async () => {
        await march.reset();
        await february.reset();
    });

    it('code lenses: figures of ACTIVE groups as usual; a status that is not ACTIVE first', async () => {
        expect(await lensTitles(march, await march.open(TEXT))).toEqual([
            '5: Pro forma $130.00 · AWS $130.00 · margin 0.00% · 2026-03',
            '5: $(info) explain',
            '11: Pro forma $50.00 · AWS $50.00 · margin 0.00% · 2026-03',
            '11: $(info) explain',
        ]);
        expect(await lensTitles(february, await february.open(TEXT))).toEqual([
            '5: PRIMARY_ACCOUNT_MISSING · Pro forma $80.00 · AWS $80.00 · margin 0.00% · 2026-02',
            '5: $(info) explain',
            '11: PENDING · no usage in 2026-02',
        ]);
    });

    it('hover of a group: its status and why, its billing transfer, no empty primary', async () => {
        const document = await february.open(TEXT);
        const customer = await hoverAt(february, document, 'group customer', 'group '.length);
        expect(customer).toContain('Status in 2026-02: **PENDING** — the billing transfer starts in 2026-03');
        expect(customer).toContain('Billing transfer (TRANSFER_BILLING) `arn:aws:organizations::999999999999:transfer/o-abcdefghij/billing/inbound/rt-12345678` from 2026-03');
        expect(customer).toContain('Plan `Passthrough` · 0 accounts in 2026-02');
        const web = await hoverAt(february, document, 'group web', 'group '.length);
        expect(web).toContain('Status in 2026-02: **PRIMARY_ACCOUNT_MISSING** — the primary account 222222222222 has no line item in 2026-02');
    });

    it('hover of a built-in plan: what ABC\'s plan does and the groups of this policy on it', async () => {
        const document = await march.open(TEXT);
        const hover = await hoverAt(march, document, 'BasicPricingPlan', 1);
        expect(hover).toContain('**plan BasicPricingPlan** — AWS-managed: public on-demand rates, no rules');
        expect(hover).toContain('| web | $130.00 | $130.00 | 0.00% |');
    });

    it('validates clean: the built-in plans need no declaration, a transfer group no primary', async () => {
        const document = await march.open(TEXT);
        expect((document.diagnostics ?? []).map((diagnostic) => diagnostic.message)).toEqual([]);
    });
});
