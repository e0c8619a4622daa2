import { EmptyFileSystem } from 'langium';
import { highlightHelper } from 'langium/test';
import { describe, expect, it } from 'vitest';
import { createBillingServices } from '../../../language/billing-module.js';

const services = createBillingServices(EmptyFileSystem).Billing;
const highlight = highlightHelper(services);

/** `text:type` of every semantic token, in document order. */
async function tokens(text: string): Promise<string[]> {
    const { tokens: decoded } = await highlight(text);
    return decoded.map(token => `${token.text}:${token.tokenType}`);
}

describe('semantic highlighting', () => {
    it('classifies keywords, names, account ids, codes, numbers, percentages, periods and strings', async () => {
        const text = [
            'account 111111111111 "web-prod"',
            'rule ec2 "EC2 rate" { discount 10% service AmazonEC2 usage-type "USE1-BoxUsage:m5.large" }',
            'plan standard { rules ec2 }',
            'group web {',
            '  primary web-prod',
            '  accounts 111111111111 from 2026-01 until 2026-07',
            '  plan standard',
            '  fee platform flat 500.00 from 2026-02',
            '  credit promo 5% of charges, platform',
            '}',
        ].join('\n');
        expect(await tokens(text)).toEqual([
            'account:keyword', '111111111111:variable', '"web-prod":variable',
            'rule:keyword', 'ec2:function', '"EC2 rate":string', 'discount:keyword', '10:number', '%:number',
            'service:keyword', 'AmazonEC2:type', 'usage-type:keyword', '"USE1-BoxUsage:m5.large":type',
            'plan:keyword', 'standard:class', 'rules:keyword', 'ec2:function',
            'group:keyword', 'web:namespace',
            'primary:keyword', 'web-prod:variable',
            'accounts:keyword', '111111111111:variable', 'from:keyword', '2026-01:enumMember', 'until:keyword', '2026-07:enumMember',
            'plan:keyword', 'standard:class',
            'fee:keyword', 'platform:property', 'flat:keyword', '500.00:number', 'from:keyword', '2026-02:enumMember',
            'credit:keyword', 'promo:property', '5:number', '%:number', 'of:keyword', 'charges:keyword', 'platform:property',
        ]);
    });

    it('colours a keyword used as a name as that name', async () => {
        expect(await tokens('rule data { markup 1% }\nplan tier { rules data }')).toEqual([
            'rule:keyword', 'data:function', 'markup:keyword', '1:number', '%:number',
            'plan:keyword', 'tier:class', 'rules:keyword', 'data:function',
        ]);
    });
});
