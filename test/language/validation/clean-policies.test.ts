import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_GROUP, HEADER, reset, validate, validateAll, webGroup } from './helpers.js';

describe('clean policies produce no diagnostics at all', () => {
    afterEach(reset);

    it('the reference example examples/acme.billing', async () => {
        expect(await validate(readFileSync('examples/acme.billing', 'utf8'))).toEqual([]);
    });

    it('the test header with every account in a group', async () => {
        expect(await validate(`${HEADER}\n${webGroup()}\n${DATA_GROUP}`)).toEqual([]);
    });

    it('a policy using every construct of the language', async () => {
        const text = `// Every construct, valid.
payer 999999999999 "acme-management"
account 111111111111 "web-prod"
account 222222222222 "web-dev"
account 333333333333 'data-prod'
account 012345678901 "legacy"
data "cur/*.csv", "focus/2026-01.csv"

rule standard-markup "Internal rate card" { markup 7.25% }
rule ec2-discount { discount 10% service AmazonEC2 }
rule ec2-tiers { tiering free-tier off service AmazonEC2 tier 0 to 1000 at 0.02 tier 1000 to 5000 at 0.015 tier 5000 at 0.01 }
rule marketplace-at-cost { markup 0% billing-entity "AWS Marketplace" }
rule m5-large { discount 12% service AmazonEC2 usage-type "USE1-BoxUsage:m5.large" }
rule m5-large-linux { discount 13% service AmazonEC2 usage-type "USE1-BoxUsage:m5.large" operation "RunInstances" }
rule no-free-tier { tiering free-tier off }

plan standard "Standard" {
  rules standard-markup, ec2-discount, ec2-tiers
  rules marketplace-at-cost, m5-large, m5-large-linux, no-free-tier
}
plan at-cost { }

group web "Web" {
  primary web-prod
  accounts web-prod, web-dev, acme-management
  accounts legacy until 2026-04
  plan standard
  fee platform "Platform operations" flat 500.00
  fee tooling flat 0
  fee security "Security tooling" 2% of charges, platform, tooling itemized presented-as AWSSecurityHub
  credit migration 5% of charges exclude savings-plan-negation from 2026-01 until 2026-07
  fee ec2-ops 1.5% of charges service = AmazonEC2, AmazonEBS account web-dev
  fee no-ec2 1% of charges service != AmazonEC2
}

group data {
  primary data-prod
  accounts data-prod
  accounts legacy from 2026-04
  plan at-cost
  auto-associate
}`;
        expect(await validate(text)).toEqual([]);
    });

    it('a policy split over files with imports', async () => {
        const result = await validateAll({
            'accounts.billing': 'payer 999999999999 "acme-management"\naccount 111111111111 "web-prod"\naccount 222222222222 "web-dev"',
            'rates.billing': 'rule standard-markup { markup 7% }\nplan standard { rules standard-markup }',
            'main.billing': 'import "accounts.billing"\nimport "rates.billing"\ngroup web {\n  primary web-prod\n  accounts web-prod, web-dev\n  plan standard\n}',
        });
        expect(result).toEqual({ 'accounts.billing': [], 'rates.billing': [], 'main.billing': [] });
    });
});
