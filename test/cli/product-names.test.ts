import { afterAll, describe, expect, it } from 'vitest';
import { billing, tempProject } from './cli-harness.js';

/**
 * Issue 11: a Marketplace product reads as "Name (code)" in `--detail` tables and Markdown, and the JSON report adds
 * `byService[].serviceName`. The name is hostile (HTML, Markdown syntax, a terminal escape): every view escapes it.
 */
const HOSTILE = 'Acme <b>Scan</b> | *fast*\u001b[2J';
const CODE = 'prod-4dx5bqf7ab2ek';
const CUR = [
    'bill/BillingPeriodStartDate,bill/BillingEntity,lineItem/UsageAccountId,lineItem/ProductCode,product/ProductName,lineItem/UsageType,lineItem/Operation,lineItem/LineItemType,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount',
    '2026-03-01T00:00:00Z,AWS,111111111111,AmazonEC2,Amazon Elastic Compute Cloud,BoxUsage:t3.micro,RunInstances,Usage,USD,10.00,10.00,1',
    `2026-03-01T00:00:00Z,AWS Marketplace,111111111111,${CODE},"${HOSTILE}",MP:Software,Subscribe,Usage,USD,5.00,,1`,
].join('\n') + '\n';
const POLICY = 'account 111111111111 "web-prod"\nrule base { markup 10% }\nplan standard { rules base }\ngroup web {\n  primary 111111111111\n  accounts 111111111111\n  plan standard\n}\n';

describe('Marketplace product names in the CLI reports', () => {
    const project = tempProject({ 'policy.billing': POLICY, 'cur.csv': CUR });
    afterAll(() => project.dispose());
    const run = (...args: string[]) => billing(['bill', 'policy.billing', '-d', 'cur.csv', ...args], project.dir);

    it('--detail table: "Name (code)", the escape shown, never sent to the terminal', () => {
        const result = run('--detail');
        expect(result.status).toBe(0);
        // AWS cost 5.00 (unblended); no public price: priced from it, +10% = 5.50.
        expect(result.stdout).toContain('  Acme <b>Scan</b> | *fast*\\x1b[2J (prod-4dx5bqf7ab2ek)      5.00       5.50    0.50\n');
        expect(result.stdout).toContain('  AmazonEC2                                                 10.00      11.00    1.00\n');
        expect(result.stdout).not.toContain('\u001b');
    });

    it('--detail markdown: HTML as entities, Markdown punctuation escaped, no extra table cell', () => {
        const result = run('--detail', '-f', 'markdown');
        expect(result.status).toBe(0);
        expect(result.stdout).toContain('| Acme &lt;b&gt;Scan&lt;/b&gt; \\| \\*fast\\*\\\\x1b\\[2J (prod-4dx5bqf7ab2ek) | 5.00 | 5.50 | 0.50 |\n');
        expect(result.stdout).not.toContain('<b>Scan');
    });

    it('JSON: byService[].serviceName as written in the data, only where the data names a Marketplace product', () => {
        const result = run('-f', 'json');
        expect(result.status).toBe(0);
        const report = JSON.parse(result.stdout) as { groups: { byService: unknown[] }[] };
        expect(report.groups[0]!.byService).toEqual([
            { service: 'AmazonEC2', awsCost: '10', proformaCost: '11', margin: '1' },
            { service: CODE, serviceName: HOSTILE, awsCost: '5', proformaCost: '5.5', margin: '0.5' },
        ]);
    });

    it('--detail csv: a service_name column last, filled on the Marketplace service record; other CSVs keep their columns', () => {
        const detail = run('--detail', '-f', 'csv', '--raw-csv');
        expect(detail.status).toBe(0);
        const lines = detail.stdout.trimEnd().split('\n');
        expect(lines[0]).toBe('record,period,group,account,account_name,service,item,item_type,aws_cost,proforma_cost,margin,margin_percent,base,effect,has_usage,aws_cost_shown,proforma_cost_shown,margin_shown,service_name');
        // AWS cost 5.00, +10% = 5.50, margin 0.50; EC2 10.00 → 11.00, margin 1.00 (as the table above).
        expect(lines).toContain(`service,2026-03,web,,,${CODE},,,5,5.5,0.5,,,,,5.00,5.50,0.50,${HOSTILE}`);
        expect(lines).toContain('service,2026-03,web,,,AmazonEC2,,,10,11,1,,,,,10.00,11.00,1.00,');
        const plain = run('-f', 'csv');
        expect(plain.status).toBe(0);
        expect(plain.stdout.split('\n')[0]).toBe('record,period,group,account,account_name,service,item,item_type,aws_cost,proforma_cost,margin,margin_percent,base,effect,has_usage,aws_cost_shown,proforma_cost_shown,margin_shown');
    });
});
