import { describe, expect, it } from 'vitest';
import { explainGroup } from '../../../engine/explain/index.js';
import { buildReport, prepareCube, pricePolicy } from '../../../engine/price/index.js';
import { A1, A2, cells, cube, flatFee, group, markup, policy, tiering } from '../price/fixtures.js';

// One group, one period, every kind of step. Hand-worked:
//   EC2 usage billed 80, public 100; Spot (no public price) billed 3; S3 billed 20, public 25;
//   Lambda billed 6, public 10 of which 4 Always Free; Tax 7; Business Support 30; an RI fee 50 (kept).
//   AWS cost = 80 + 3 + 20 + 6 + 7 + 30 + 50 = 196
//   excluded: Support −30, Tax −7
//   public rates: (100 − 80) + (3 − 3) + (25 − 20) + (10 − 6) = +29
//   free tier: −4
//   rule ec2 (markup 10 %, service AmazonEC2): base 100 + 3 = 103 → 113.3, +10.3
//   rule global (markup 2 %): base 25 + 6 = 31 → 31.62, +0.62
//   charges = 50 + 113.3 + 31.62 = 194.92 = 196 − 37 + 29 − 4 + 10.3 + 0.62
//   fee platform +12 → pro forma 206.92
const data = cube(cells(`
    2026-01 ${A1} AmazonEC2 Usage cost=80 pub=100 ut=BoxUsage
    2026-01 ${A1} AmazonEC2 Usage cost=3 nopub=3 ut=SpotUsage
    2026-01 ${A1} AmazonS3 Usage cost=20 pub=25
    2026-01 ${A1} AWSLambda Usage cost=6 pub=10 free=4
    2026-01 ${A1} AmazonEC2 Tax cost=7
    2026-01 ${A1} AWSSupportBusiness Fee cost=30
    2026-01 ${A1} AmazonEC2 RIFee cost=50
    2026-01 ${A2} AmazonEC2 Usage cost=1000 pub=1000
`));
const model = policy(
    [markup('ec2', '10', { service: 'AmazonEC2' }), markup('global', '2')],
    [group('web', { primary: A1, lineItems: [flatFee('platform', '12')] }), group('other', { primary: A2 })],
);

function explain(period = '2026-01') {
    const priced = pricePolicy(prepareCube(data), model, { periods: [period] });
    const report = buildReport(priced);
    const web = report.groups.find((g) => g.name === 'web')!;
    return { explanation: explainGroup(priced, 0, web, report.currency), web };
}

describe('explainGroup', () => {
    it('walks from the AWS cost to the pro forma cost, each step hand-worked', () => {
        const { explanation } = explain();
        expect(explanation.awsCost).toBe('196');
        expect(explanation.charges).toBe('194.92');
        expect(explanation.proformaCost).toBe('206.92');
        expect(explanation.steps.map((step) => [step.kind, step.label, step.amount, step.included ?? null])).toEqual([
            ['kept', 'Kept at billed cost', '0', '50'],
            ['excluded', 'Support', '-30', null],
            ['excluded', 'Tax', '-7', null],
            ['public-rate', 'Public on-demand rates', '29', null],
            ['fallback', 'No public price (billed cost kept)', '0', '3'],
            ['free-tier', 'Always Free tier', '-4', null],
            ['rule', 'rule ec2', '10.3', null],
            ['rule', 'rule global', '0.62', null],
            ['line-item', 'Fee: platform', '12', null],
        ]);
    });

    it('says which rule priced what, with its scope, factor and services', () => {
        const ec2 = explain().explanation.steps.find((step) => step.label === 'rule ec2')!;
        expect(ec2).toMatchObject({ base: '103', after: '113.3', factor: '1.1', cells: 2 });
        expect(ec2.why).toContain('markup 10% on AmazonEC2');
        expect(ec2.why).toContain('service scope');
        expect(ec2.top).toEqual([{ label: 'AmazonEC2', base: '103', after: '113.3' }]);
        const global = explain().explanation.steps.find((step) => step.label === 'rule global')!;
        // S3 25 × 1.02 = 25.5; Lambda 6 × 1.02 = 6.12; largest base first
        expect(global.top).toEqual([{ label: 'AmazonS3', base: '25', after: '25.5' }, { label: 'AWSLambda', base: '6', after: '6.12' }]);
        expect(global.why).toContain('global scope');
    });

    it('usage no rule matches stays at the public rate, said as such', () => {
        const priced = pricePolicy(prepareCube(data), policy([markup('ec2', '10', { service: 'AmazonEC2' })], [group('web', { primary: A1 })]), { periods: ['2026-01'] });
        const report = buildReport(priced);
        const steps = explainGroup(priced, 0, report.groups[0]!, 'USD').steps;
        // S3 25 + Lambda 6 at factor 1: no effect
        expect(steps.find((step) => step.kind === 'no-rule')).toMatchObject({ label: 'No matching rule', amount: '0', base: '31', after: '31' });
    });

    it('free-tier off shows no free-tier step', () => {
        const priced = pricePolicy(prepareCube(data), policy([tiering('no-free', { freeTier: false })], [group('web', { primary: A1 })]), { periods: ['2026-01'] });
        const report = buildReport(priced);
        const explanation = explainGroup(priced, 0, report.groups[0]!, 'USD');
        expect(explanation.steps.some((step) => step.kind === 'free-tier')).toBe(false);
        // 50 + 103 + 25 + 10 = 188
        expect(explanation.charges).toBe('188');
    });
});
