import { describe, expect, it } from 'vitest';
import { prepareCube, priceReport } from '../../../engine/price/index.js';
import { renderCsv, renderJson, renderMarkdown, renderTable } from '../../../engine/report/index.js';
import { A1, A2, cells, cube, flatFee, group, markup, policy } from '../price/fixtures.js';
import { groupLine, reportOf } from './report-fixture.js';

/**
 * Worked report (all figures by hand):
 *   a: AWS 0.333, pro forma 1.115 → margin 0.782, 70.13% (0.782 / 1.115 = 70.134…%)
 *   b: AWS 0.333, pro forma 2.225 → margin 1.892, 85.03% (1.892 / 2.225 = 85.033…%)
 *   idle: no usage, nothing charged
 *   fees-only: no usage, flat fee 10 → pro forma 10, margin 10, 100.00%
 *   unassigned 2026-01: 0.334 (one account)
 *   total AWS 0.333 + 0.333 + 0.334 = 1.000; total pro forma 1.115 + 2.225 + 10 = 13.34;
 *   total margin 0.782 + 1.892 + 10 = 12.674 → 12.674 / 13.34 = 95.007…% → 95.01%
 * Shown (each figure its exact value rounded once, half-even): AWS 0.33, 0.33, unassigned 0.33 (0.334);
 * total 1.000 → 1.00, so a Rounding line of 1.00 − 0.99 = 0.01. Pro forma 1.12 (1.115 half-even) + 2.22
 * (2.225 half-even) + 10.00 = 13.34 = total ✓ (rounding 0.00). Margins 0.78 (0.782), 1.89 (1.892), 10.00:
 * Σ 12.67 = total 12.674 → 12.67 ✓ (rounding 0.00).
 */
const worked = reportOf(
    [
        groupLine('a', { awsCost: '0.333', proformaCost: '1.115', margin: '0.782', marginPercent: '70.13' }),
        groupLine('b', { awsCost: '0.333', proformaCost: '2.225', margin: '1.892', marginPercent: '85.03' }),
        groupLine('idle', { awsCost: '0', proformaCost: '0', margin: '0', marginPercent: null, hasUsage: false }),
        groupLine('fees-only', {
            awsCost: '0',
            proformaCost: '10',
            margin: '10',
            marginPercent: '100.00',
            hasUsage: false,
            customLineItems: [{ name: 'base', type: 'FEE', amount: '10', accountId: A1, presentationService: 'AWSBillingConductor', computation: 'CONSOLIDATED' }],
        }),
    ],
    { awsCost: '1.000', proformaCost: '13.34', margin: '12.674' },
    [{ period: '2026-01', awsCost: '0.334', accountIds: ['555555555555'] }],
);

const columns = (line: string) => line.trim().split(/\s{2,}/);

describe('table renderer', () => {
    it('aligns columns, rounds each figure once, and shows a Rounding line where the column would not add up', () => {
        const text = renderTable(worked);
        const lines = text.split('\n');
        expect(lines[0]).toBe('Pro forma bill — 2026-01 (USD)');
        expect(columns(lines[2]!)).toEqual(['Group', 'Period', 'Accounts', 'AWS cost', 'Pro forma', 'Margin', 'Margin %']);
        expect(columns(lines[3]!)).toEqual(['a', '2026-01', '1', '0.33', '1.12', '0.78', '70.13%']);
        expect(columns(lines[4]!)).toEqual(['b', '2026-01', '1', '0.33', '2.22', '1.89', '85.03%']);
        expect(columns(lines[5]!)).toEqual(['idle', '2026-01', '1', 'no usage', 'no usage', 'no usage', '—']);
        expect(columns(lines[6]!)).toEqual(['fees-only', '2026-01', '1', 'no usage', '10.00', '10.00', '100.00%']);
        expect(columns(lines[7]!)).toEqual(['Unassigned', '2026-01', '1', '0.33', '—', '—', '—']);
        expect(columns(lines[8]!)).toEqual(['Rounding', '0.01', '0.00', '0.00']);
        expect(lines[9]).toMatch(/^-+$/);
        expect(columns(lines[10]!)).toEqual(['Total', '1.00', '13.34', '12.67', '95.01%']);
        // Right-aligned money: every amount column ends at the same position.
        const header = lines[2]!;
        for (const row of lines.slice(3, 8)) expect(row.length).toBe(header.length);
        expect(text).toContain('the Rounding line is that total minus the sum of the lines shown above it');
        expect(lines.slice(3, 8).join('\n')).not.toMatch(/\b0\.00\b/);
    });

    it('shows "no usage" for a group without data in the detail sections too', () => {
        const text = renderTable(worked, { detail: true });
        expect(text).toContain('idle — 2026-01\n  no usage\n');
        expect(renderMarkdown(worked, { detail: true })).toContain('<details><summary><b>idle</b> — 2026-01</summary>\n\n_no usage_\n');
    });

    it('prints no footnote when rows add up by themselves', () => {
        const simple = reportOf([groupLine('a', { awsCost: '1.10', proformaCost: '2', margin: '0.9', marginPercent: '45.00' })], { awsCost: '1.1', proformaCost: '2', margin: '0.9' });
        expect(renderTable(simple)).not.toContain('Rounding');
    });

    it('lists issues unless asked not to', () => {
        const withIssue = { ...worked, issues: [{ severity: 'warning' as const, code: 'public-cost-missing', message: 'Group a, 2026-01: 1 line item has no public on-demand cost.' }] };
        expect(renderTable(withIssue)).toContain('warning public-cost-missing: Group a');
        expect(renderTable(withIssue, { issues: false })).not.toContain('public-cost-missing');
    });
});

describe('markdown renderer', () => {
    it('writes a GitHub table with a bold total, "no usage", footnote and escaped cells', () => {
        const named = { ...worked, groups: worked.groups.map((g) => (g.name === 'a' ? { ...g, name: 'a|b' } : g)) };
        const text = renderMarkdown(named);
        const lines = text.split('\n');
        expect(lines[0]).toBe('### Pro forma bill — 2026-01');
        expect(lines[2]).toBe('| Group | Period | Accounts | AWS cost (USD) | Pro forma (USD) | Margin (USD) | Margin % |');
        expect(lines[3]).toBe('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
        expect(lines[4]).toBe('| a\\|b | 2026-01 | 1 | 0.33 | 1.12 | 0.78 | 70.13% |');
        expect(lines).toContain('| idle | 2026-01 | 1 | no usage | no usage | no usage | — |');
        expect(lines).toContain('| Unassigned | 2026-01 | 1 | 0.33 | — | — | — |');
        expect(lines).toContain('| Rounding |  |  | 0.01 | 0.00 | 0.00 |  |');
        expect(lines).toContain('| **Total** |  |  | **1.00** | **13.34** | **12.67** | **95.01%** |');
        expect(text).toContain('the Rounding line is that total minus the sum of the lines shown above it');
    });
});

describe('csv renderer', () => {
    it('writes one row per group × period plus unassigned and total, exact values', () => {
        const lines = renderCsv(worked).trimEnd().split('\n');
        expect(lines[0]).toBe('record,period,group,account,account_name,service,item,item_type,aws_cost,proforma_cost,margin,margin_percent,base,effect,has_usage,aws_cost_shown,proforma_cost_shown,margin_shown');
        expect(lines[1]).toBe('group,2026-01,a,,,,,,0.333,1.115,0.782,70.13,,,true,0.33,1.12,0.78');
        expect(lines[3]).toBe('group,2026-01,idle,,,,,,0,0,0,,,,false,0.00,0.00,0.00');
        expect(lines[5]).toBe('unassigned,2026-01,,,,,,,0.334,,,,,,,0.33,,');
        // Shown AWS 0.33 + 0.33 + 0 + 0 + 0.33 = 0.99; total 1.00 → rounding 0.01 (see the worked report).
        expect(lines[6]).toBe(`rounding${','.repeat(15)}0.01,0.00,0.00`);
        expect(lines[7]).toBe('total,,,,,,,,1.000,13.34,12.674,,,,,1.00,13.34,12.67');
        expect(lines).toHaveLength(8);
    });
});

describe('renderers on a priced report', () => {
    // A1 (named "Acme, Inc.") EC2 public 100 × 1.1 = 110, billed 100; S3 public 0.333 × 1.1 = 0.3663, billed 0.333.
    // A2 S3 public 0.333 → 0.3663, billed 0.333. Flat fee 10 on A1.
    // Group: AWS 100.666, pro forma 110 + 0.3663 + 0.3663 + 10 = 120.7326, margin 20.0666.
    const report = priceReport(
        prepareCube(
            cube(
                cells(`
                    2026-01 ${A1} AmazonEC2 Usage cost=100 pub=100
                    2026-01 ${A1} AmazonS3 Usage cost=0.333 pub=0.333
                    2026-01 ${A2} AmazonS3 Usage cost=0.333 pub=0.333
                `),
                { [A1]: 'Acme, Inc.' },
            ),
        ),
        policy([markup('global', '10')], [group('web', { primary: A1, members: [A1, A2], lineItems: [flatFee('platform', '10')] })]),
    );

    it('detail sections add up to the group figures', () => {
        const text = renderTable(report, { detail: true });
        // Group row: AWS 100.666 → 100.67, pro forma 120.7326 → 120.73, margin 20.0666 → 20.07
        expect(text).toMatch(/web\s+2026-01\s+2\s+100\.67\s+120\.73\s+20\.07/);
        // By service: AWSBillingConductor 0 / 10.00; AmazonEC2 100.00 / 110.00; AmazonS3 0.666 → 0.67 / 0.7326 → 0.73
        expect(text).toMatch(/AWSBillingConductor\s+0\.00\s+10\.00\s+10\.00/);
        expect(text).toMatch(/AmazonEC2\s+100\.00\s+110\.00\s+10\.00/);
        // S3 margin 0.0666 → 0.07; services add up (0 + 100 + 0.67 = 100.67, 10 + 110 + 0.73 = 120.73, 10 + 10 + 0.07 = 20.07).
        expect(text).toMatch(/AmazonS3\s+0\.67\s+0\.73\s+0\.07/);
        // By account: A1 100.333 → 100.33 / 110.3663 + 10 = 120.3663 → 120.37 / 20.0333 → 20.03;
        // A2 0.333 → 0.33 / 0.3663 → 0.37 / 0.0333 → 0.03. Σ 100.66, 120.74, 20.06 against the group's
        // 100.67, 120.73, 20.07: a Rounding line 0.01, −0.01, 0.01 (nothing moved between accounts).
        expect(text).toMatch(/111111111111 \(Acme, Inc\.\)\s+100\.33\s+120\.37\s+20\.03/);
        expect(text).toMatch(/222222222222\s+0\.33\s+0\.37\s+0\.03/);
        expect(text).toMatch(/ {2}Rounding\s+0\.01\s+-0\.01\s+0\.01\n/);
        expect(text.match(/^ +Rounding /gm)).toHaveLength(1);
    });

    it('csv detail quotes fields with commas; json round-trips', () => {
        const csv = renderCsv(report, { detail: true });
        expect(csv).toContain('\naccount,2026-01,web,111111111111,"Acme, Inc.",,,,100.333,120.3663,20.0333,,,,,100.33,120.37,20.03\n');
        expect(csv).toContain('\nline_item,2026-01,web,111111111111,,AWSBillingConductor,platform,FEE,,10,,,,,,,10.00,\n');
        expect(csv).toContain('\nrule,2026-01,web,,,,global,,,110.7326,,,100.666,10.0666,,,110.73,\n');
        // JSON: the exact figures unchanged, plus the presented ones (100.666 → 100.67, 120.7326 → 120.73, 20.0666 → 20.07).
        const json = JSON.parse(renderJson(report));
        const { presented, ...exact } = json.groups[0];
        expect(exact).toEqual(JSON.parse(JSON.stringify(report.groups[0])));
        expect(presented).toEqual({ awsCost: '100.67', proformaCost: '120.73', margin: '20.07' });
        expect(json.total).toEqual({ ...report.total, presented: { awsCost: '100.67', proformaCost: '120.73', margin: '20.07' }, rounding: { awsCost: '0.00', proformaCost: '0.00', margin: '0.00' } });
        expect(renderJson(report).endsWith('}\n')).toBe(true);
    });
});

describe('several periods', () => {
    it('lists each period with its unassigned row, then one total', () => {
        // g: 2026-01 AWS 10 → 11 (markup 10%), 2026-02 AWS 20 → 22. A2 unassigned: 2026-01 1, 2026-02 2.
        // Total AWS 10 + 20 + 1 + 2 = 33; pro forma 33; margin 1 + 2 = 3 → 3 / 33 = 9.09%.
        const report = priceReport(
            prepareCube(
                cube(
                    cells(`
                        2026-01 ${A1} AmazonEC2 Usage cost=10 pub=10
                        2026-02 ${A1} AmazonEC2 Usage cost=20 pub=20
                        2026-01 ${A2} AmazonEC2 Usage cost=1 pub=1
                        2026-02 ${A2} AmazonEC2 Usage cost=2 pub=2
                    `),
                ),
            ),
            policy([markup('global', '10')], [group('g', { primary: A1 })]),
        );
        const lines = renderTable(report, { issues: false }).split('\n');
        expect(lines[0]).toBe('Pro forma bill — 2026-01 to 2026-02 (USD)');
        expect(lines.slice(3, 7).map(columns)).toEqual([
            ['g', '2026-01', '1', '10.00', '11.00', '1.00', '9.09%'],
            ['Unassigned', '2026-01', '1', '1.00', '—', '—', '—'],
            ['g', '2026-02', '1', '20.00', '22.00', '2.00', '9.09%'],
            ['Unassigned', '2026-02', '1', '2.00', '—', '—', '—'],
        ]);
        expect(columns(lines[8]!)).toEqual(['Total', '33.00', '33.00', '3.00', '9.09%']);
    });
});

describe('currency minor units', () => {
    it('shows yen without decimals, rounded half-even to whole yen', () => {
        // AWS 1234.5 → 1,234 (.5 after an even 4); pro forma 1300.5 → 1,300 (.5 after an even 0); margin 66 → 66.
        const yen = { ...reportOf([groupLine('tokyo', { awsCost: '1234.5', proformaCost: '1300.5', margin: '66', marginPercent: '5.07' })], { awsCost: '1234.5', proformaCost: '1300.5', margin: '66' }), currency: 'JPY' };
        const lines = renderTable(yen).split('\n');
        expect(lines[0]).toBe('Pro forma bill — 2026-01 (JPY)');
        expect(columns(lines[3]!)).toEqual(['tokyo', '2026-01', '1', '1,234', '1,300', '66', '5.07%']);
        expect(renderCsv(yen).split('\n')[1]!.split(',').slice(-3)).toEqual(['1234', '1300', '66']);
        expect(JSON.parse(renderJson(yen)).groups[0].presented).toEqual({ awsCost: '1234', proformaCost: '1300', margin: '66' });
    });
});
