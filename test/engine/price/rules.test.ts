import { describe, expect, it } from 'vitest';
import { prepareCube, priceReport } from '../../../engine/price/index.js';
import type { GroupReport } from '../../../engine/report/types.js';
import { A1, cells, cube, discount, group, markup, policy } from './fixtures.js';

const onlyGroup = (groups: readonly GroupReport[]): GroupReport => {
    expect(groups).toHaveLength(1);
    return groups[0]!;
};

describe('pricing rules (abc-semantics §9.3)', () => {
    it('GLOBAL MARKUP 10 on $100.00 public on-demand gives $110.00', () => {
        // 100.00 × (1 + 10/100) = 110.00. The billed (unblended) cost 80 is the AWS-cost side only.
        const data = cube(cells(`2026-01 ${A1} AmazonS3 Usage cost=80 pub=100`));
        const report = priceReport(prepareCube(data), policy([markup('global', '10')], [group('g', { primary: A1 })]));
        const g = onlyGroup(report.groups);
        expect(g.charges).toBe('110');
        expect(g.proformaCost).toBe('110');
        expect(g.awsCost).toBe('80');
        expect(g.margin).toBe('30'); // 110 − 80
        expect(g.marginPercent).toBe('27.27'); // 30 / 110 × 100 = 27.2727… → 27.27
        expect(g.rules).toEqual([{ rule: 'global', publicCost: '100', proformaCost: '110', effect: '10', cells: 1 }]);
    });

    it('BILLING_ENTITY "AWS Marketplace" 0% keeps a $50.00 Marketplace line at $50.00: total $160.00', () => {
        // AWS line: 100 × 1.10 = 110; Marketplace line: BILLING_ENTITY beats GLOBAL, 50 × 1.00 = 50; 110 + 50 = 160.
        const data = cube(
            cells(`
                2026-01 ${A1} AmazonS3 Usage cost=100 pub=100
                2026-01 ${A1} prod-abc Usage cost=50 pub=50 entity="AWS Marketplace"
            `),
        );
        const rules = [markup('global', '10'), markup('marketplace-at-cost', '0', { billingEntity: 'AWS Marketplace' })];
        const g = onlyGroup(priceReport(prepareCube(data), policy(rules, [group('g', { primary: A1 })])).groups);
        expect(g.proformaCost).toBe('160');
        expect(g.byService).toEqual([
            { service: 'AmazonS3', awsCost: '100', proformaCost: '110', margin: '10' },
            { service: 'prod-abc', awsCost: '50', proformaCost: '50', margin: '0' },
        ]);
    });

    it('SERVICE AmazonEC2 DISCOUNT 5 on $200.00 gives $190.00 (SERVICE beats GLOBAL, no compounding)', () => {
        // EC2: 200 × (1 − 5/100) = 190 — not 200 × 0.95 × 1.10 = 209. S3 still gets the global markup: 100 × 1.10 = 110.
        const data = cube(
            cells(`
                2026-01 ${A1} AmazonEC2 Usage cost=150 pub=200
                2026-01 ${A1} AmazonS3 Usage cost=100 pub=100
            `),
        );
        const rules = [markup('global', '10'), discount('ec2', '5', { service: 'AmazonEC2' })];
        const g = onlyGroup(priceReport(prepareCube(data), policy(rules, [group('g', { primary: A1 })])).groups);
        expect(g.byService.map((line) => [line.service, line.proformaCost])).toEqual([
            ['AmazonEC2', '190'],
            ['AmazonS3', '110'],
        ]);
        expect(g.proformaCost).toBe('300'); // 190 + 110
        expect(g.rules.map((rule) => [rule.rule, rule.publicCost, rule.proformaCost, rule.effect])).toEqual([
            ['global', '100', '110', '10'],
            ['ec2', '200', '190', '-10'],
        ]);
    });

    it('SKU beats SERVICE beats BILLING_ENTITY beats GLOBAL', () => {
        // Four EC2 lines of $100.00 public cost each, sold by AWS unless noted:
        //  m5.large RunInstances        → SKU discount 12%:            100 × 0.88 = 88
        //  t3.micro                     → SERVICE discount 10%:        100 × 0.90 = 90
        //  Marketplace (other service)  → BILLING_ENTITY markup 0%:    100 × 1.00 = 100
        //  S3                           → GLOBAL markup 7%:            100 × 1.07 = 107
        //  EC2 c5 sold via Marketplace  → SERVICE beats BILLING_ENTITY: 100 × 0.90 = 90
        // Σ = 88 + 90 + 100 + 107 + 90 = 475
        const data = cube(
            cells(`
                2026-01 ${A1} AmazonEC2 Usage cost=100 pub=100 ut=USE1-BoxUsage:m5.large op=RunInstances
                2026-01 ${A1} AmazonEC2 Usage cost=100 pub=100 ut=USE1-BoxUsage:t3.micro op=RunInstances
                2026-01 ${A1} prod-abc Usage cost=100 pub=100 entity="AWS Marketplace"
                2026-01 ${A1} AmazonS3 Usage cost=100 pub=100
                2026-01 ${A1} AmazonEC2 Usage cost=100 pub=100 ut=USE1-BoxUsage:c5.large entity="AWS Marketplace"
            `),
        );
        const rules = [
            markup('standard', '7'),
            discount('ec2', '10', { service: 'AmazonEC2' }),
            markup('marketplace', '0', { billingEntity: 'AWS Marketplace' }),
            discount('m5', '12', { service: 'AmazonEC2', usageType: 'USE1-BoxUsage:m5.large', operation: 'RunInstances' }),
        ];
        const g = onlyGroup(priceReport(prepareCube(data), policy(rules, [group('g', { primary: A1 })])).groups);
        expect(g.proformaCost).toBe('475');
        expect(Object.fromEntries(g.rules.map((rule) => [rule.rule, [rule.proformaCost, rule.cells]]))).toEqual({
            standard: ['107', 1],
            ec2: ['180', 2],
            marketplace: ['100', 1],
            m5: ['88', 1],
        });
    });

    it('among SKU rules, usage type + operation beats usage type beats operation', () => {
        // Public cost 100 each.
        //  ut=A op=X: matches all three SKU rules → the usage type + operation rule, discount 30 → 70
        //  ut=A op=Y: matches the usage-type rule (20) and not the operation rule (op X) → 80
        //  ut=B op=X: matches only the operation rule (10) → 90
        //  ut=B op=Y: no SKU rule → SERVICE markup 50 → 150
        // Σ = 70 + 80 + 90 + 150 = 390
        const data = cube(
            cells(`
                2026-01 ${A1} AmazonEC2 Usage pub=100 ut=A op=X
                2026-01 ${A1} AmazonEC2 Usage pub=100 ut=A op=Y
                2026-01 ${A1} AmazonEC2 Usage pub=100 ut=B op=X
                2026-01 ${A1} AmazonEC2 Usage pub=100 ut=B op=Y
            `),
        );
        const rules = [
            discount('by-operation', '10', { service: 'AmazonEC2', operation: 'X' }),
            discount('by-usage-type', '20', { service: 'AmazonEC2', usageType: 'A' }),
            discount('by-both', '30', { service: 'AmazonEC2', usageType: 'A', operation: 'X' }),
            markup('service', '50', { service: 'AmazonEC2' }),
        ];
        const g = onlyGroup(priceReport(prepareCube(data), policy(rules, [group('g', { primary: A1 })])).groups);
        expect(g.proformaCost).toBe('390');
        expect(g.rules.map((rule) => [rule.rule, rule.proformaCost, rule.cells])).toEqual([
            ['by-operation', '90', 1],
            ['by-usage-type', '80', 1],
            ['by-both', '70', 1],
            ['service', '150', 1],
        ]);
    });

    it('no rule prices usage at public on-demand; a 2-decimal modifier is exact', () => {
        // No rule: 123.45 stays 123.45. Markup 12.35% on 0.01: 0.01 × 1.1235 = 0.011235 (exact, unrounded).
        const data = cube(
            cells(`
                2026-01 ${A1} AmazonS3 Usage cost=1 pub=123.45
                2026-01 ${A1} AmazonEC2 Usage cost=0.01 pub=0.01
            `),
        );
        const g = onlyGroup(priceReport(prepareCube(data), policy([markup('ec2', '12.35', { service: 'AmazonEC2' })], [group('g', { primary: A1 })])).groups);
        expect(g.byService.map((line) => [line.service, line.proformaCost])).toEqual([
            ['AmazonEC2', '0.011235'],
            ['AmazonS3', '123.45'],
        ]);
        expect(g.proformaCost).toBe('123.461235');
    });
});

describe('policy problems validation normally catches', () => {
    const data = cube(cells(`2026-01 ${A1} AmazonEC2 Usage cost=100 pub=100`));

    it('two rules with the same key: the first listed applies, with a warning', () => {
        // markup 10 listed first → 110 (not 120)
        const report = priceReport(prepareCube(data), policy([markup('first', '10'), markup('second', '20')], [group('g', { primary: A1 })]));
        expect(onlyGroup(report.groups).proformaCost).toBe('110');
        expect(report.issues.map((issue) => issue.code)).toContain('rule-conflict');
    });

    it('an unknown plan prices at public on-demand; an unknown rule name is skipped', () => {
        const unknownPlan = priceReport(prepareCube(data), policy([markup('global', '10')], [group('g', { primary: A1, plan: 'missing' })]));
        expect(onlyGroup(unknownPlan.groups).proformaCost).toBe('100');
        expect(unknownPlan.issues.map((issue) => issue.code)).toContain('unknown-plan');
        const unknownRule = priceReport(prepareCube(data), {
            ...policy([markup('global', '10')], [group('g', { primary: A1 })]),
            plans: [{ name: 'plan', rules: ['global', 'nope'] }],
        });
        expect(onlyGroup(unknownRule.groups).proformaCost).toBe('110');
        expect(unknownRule.issues.map((issue) => issue.code)).toContain('unknown-rule');
    });
});
