import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMarketplaceProductCode, productNameApplies } from '../../../engine/cube/product-names.js';
import { isMarketplaceCodeBytes } from '../../../engine/ingest/cube-row-sink.js';
import { Decimal } from '../../../engine/money/decimal.js';
import { ingest } from '../../../engine/ingest/index.js';
import { readLineItems, referenceBill } from '../../../engine/reference/index.js';
import { buildReport, prepareCube, pricePolicy, type PolicyModel } from '../../../engine/index.js';
import { craftParquet, cur2Columns } from './parquet-craft.js';
import { tempDir } from './helpers.js';

/**
 * Issue 11: readable names of AWS Marketplace products. Each file has a Marketplace row (opaque product code + name);
 * expected names, labels and escapes are written by hand.
 */

/** A name someone else wrote: HTML, Markdown table and emphasis syntax and a terminal escape (ESC [2J clears the screen). */
const HOSTILE = 'Acme <b>Scan</b> | *fast*\u001b[2J';
const CODE = 'prod-4dx5bqf7ab2ek';
const norm = (money: string): string => new Decimal(money).toFixed();
const LONG_CODE = '6njw5ctwxzvz4rp2ypwz2tpnx';

const CUR1 = [
    'bill/BillingPeriodStartDate,bill/BillingEntity,lineItem/UsageAccountId,lineItem/ProductCode,product/ProductName,lineItem/UsageType,lineItem/Operation,lineItem/LineItemType,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount',
    // An AWS service: its name is not kept (AWS seller, an AWS code).
    '2026-03-01T00:00:00Z,AWS,111111111111,AmazonEC2,Amazon Elastic Compute Cloud,BoxUsage:t3.micro,RunInstances,Usage,USD,10.00,10.00,1',
    // The Marketplace product: two rows name it HOSTILE, one an older name (most rows win).
    `2026-03-01T00:00:00Z,AWS Marketplace,111111111111,${CODE},"${HOSTILE}",MP:Software,Subscribe,Usage,USD,5.00,,1`,
    `2026-03-01T00:00:00Z,AWS Marketplace,111111111111,${CODE},"${HOSTILE}",MP:Software,Subscribe,Usage,USD,5.00,,1`,
    `2026-03-01T00:00:00Z,AWS Marketplace,111111111111,${CODE},Acme Scanner (old),MP:Software,Subscribe,Usage,USD,2.00,,1`,
    // A Marketplace-shaped code sold by AWS (the code alone qualifies it).
    `2026-03-01T00:00:00Z,AWS,111111111111,${LONG_CODE},Widget Pro,MP:Hours,Run,Usage,USD,3.00,,1`,
    // A Marketplace row whose name is its code: nothing to add.
    '2026-03-01T00:00:00Z,AWS Marketplace,111111111111,prod-samename1,prod-samename1,MP:Software,Subscribe,Usage,USD,1.00,,1',
].join('\n') + '\n';

const CUR2_CSV = [
    'bill_billing_period_start_date,bill_billing_entity,line_item_usage_account_id,line_item_product_code,line_item_usage_type,line_item_operation,line_item_line_item_type,line_item_currency_code,line_item_unblended_cost,pricing_public_on_demand_cost,line_item_usage_amount,product',
    '2026-03-01T00:00:00Z,AWS,111111111111,AmazonS3,TimedStorage-ByteHrs,PutObject,Usage,USD,4.00,4.00,1,"{""product_name"":""Amazon Simple Storage Service"",""region"":""us-east-1""}"',
    `2026-03-01T00:00:00Z,AWS Marketplace,111111111111,${CODE},MP:Software,Subscribe,Usage,USD,7.50,,1,"{""product_name"":""Acme Scanner"",""region"":""us-east-1""}"`,
].join('\n') + '\n';

const FOCUS = [
    'BillingPeriodStart,SubAccountId,x_ServiceCode,ServiceName,x_UsageType,x_Operation,ChargeCategory,ProviderName,PublisherName,BillingCurrency,BilledCost,ListCost,ConsumedQuantity',
    '2026-03-01T00:00:00Z,111111111111,AmazonEC2,Amazon Elastic Compute Cloud,BoxUsage:t3.micro,RunInstances,Usage,AWS,AWS,USD,10.00,10.00,1',
    `2026-03-01T00:00:00Z,111111111111,${CODE},Acme Scanner,MP:Software,Subscribe,Usage,AWS,Acme Inc.,USD,6.00,,1`,
    // No x_ServiceCode: the ServiceName is the service itself, no name to add.
    '2026-03-01T00:00:00Z,111111111111,,Other Product,MP:Software,Subscribe,Usage,AWS,Other Corp,USD,1.00,,1',
].join('\n') + '\n';


describe('Marketplace product names at ingest', () => {
    const dir = tempDir('product-names');
    const file = (name: string, content: string | Buffer): string => {
        const at = path.join(dir, name);
        writeFileSync(at, content);
        return at;
    };

    it('the Marketplace shape of a code, on strings and on bytes alike', () => {
        const samples = [CODE, LONG_CODE, 'prod-', 'prod-ABC', 'AmazonEC2', 'awskms', 'abcdefghijklmnopqrstu', 'abcdefghijklmnopqrst1', 'AWSMarketplace', 'prod-a1', ''];
        expect(samples.filter(isMarketplaceProductCode)).toEqual([CODE, LONG_CODE, 'abcdefghijklmnopqrst1', 'prod-a1']);
        for (const code of samples) expect(isMarketplaceCodeBytes(Buffer.from(code), 0, code.length)).toBe(isMarketplaceProductCode(code));
        expect(productNameApplies('AmazonEC2', 'AWS Marketplace', 'Some listing')).toBe(true);
        expect(productNameApplies('AmazonEC2', 'AWS', 'Amazon Elastic Compute Cloud')).toBe(false);
        expect(productNameApplies(CODE, 'AWS Marketplace', CODE)).toBe(false);
    });

    it('CUR 1.0: product/ProductName of Marketplace codes only, the name on most rows', async () => {
        const cube = await ingest([file('cur1.csv', CUR1)], { workers: 0 });
        expect([...cube.productNames!]).toEqual([[LONG_CODE, 'Widget Pro'], [CODE, HOSTILE]]);
        // The name is not part of the key: one cell for the three rows of the product.
        expect(cube.cells.filter(cell => cell.service === CODE).map(cell => [cell.rows, cell.unblendedCost.toFixed()])).toEqual([[3, '12']]);
    });

    it('CUR 2.0 CSV: the product map\'s product_name', async () => {
        const cube = await ingest([file('cur2.csv', CUR2_CSV)], { workers: 0 });
        expect([...cube.productNames!]).toEqual([[CODE, 'Acme Scanner']]);
    });

    it('CUR 2.0 Parquet: the flat product_product_name column', async () => {
        const columns = cur2Columns(2);
        columns.line_item_product_code = ['AmazonEC2', CODE];
        columns.bill_billing_entity = ['AWS', 'AWS Marketplace'];
        columns.product_product_name = ['Amazon Elastic Compute Cloud', 'Acme Scanner'];
        const cube = await ingest([file('cur2.parquet', craftParquet({ columns }))], { workers: 0 });
        expect([...cube.productNames!]).toEqual([[CODE, 'Acme Scanner']]);
    });

    it('FOCUS: ServiceName when x_ServiceCode is the service', async () => {
        const cube = await ingest([file('focus.csv', FOCUS)], { workers: 0 });
        expect([...cube.productNames!]).toEqual([[CODE, 'Acme Scanner']]);
        expect(cube.cells.map(cell => cell.service).sort()).toEqual(['AmazonEC2', 'Other Product', CODE]);
    });

    it('the report\'s byService[].serviceName, and the reference pricer reads the same names from its own row parsing', async () => {
        const policy = {
            accounts: [{ id: '111111111111' }], rules: [{ name: 'base', scope: 'GLOBAL', type: 'MARKUP', modifierPercent: '10' }],
            plans: [{ name: 'standard', rules: ['base'] }],
            groups: [{ name: 'web', primaryAccountId: '111111111111', members: [{ accountId: '111111111111' }], plan: 'standard', autoAssociate: false, lineItems: [] }],
            dataPaths: [],
        } as unknown as PolicyModel;
        // Hand-worked: every row +10% (the Marketplace rows have no public cost: priced from their unblended cost).
        const expected = [
            // Sorted by code: a digit sorts before capitals.
            { service: LONG_CODE, serviceName: 'Widget Pro', awsCost: '3', proformaCost: '3.3', margin: '0.3' },
            { service: 'AmazonEC2', awsCost: '10', proformaCost: '11', margin: '1' },
            { service: CODE, serviceName: HOSTILE, awsCost: '12', proformaCost: '13.2', margin: '1.2' },
            { service: 'prod-samename1', awsCost: '1', proformaCost: '1.1', margin: '0.1' },
        ];
        for (const [name, content] of [['cur1-ref.csv', CUR1], ['focus-ref.csv', FOCUS], ['cur2-ref.csv', CUR2_CSV]] as const) {
            const at = file(name, content);
            const report = buildReport(pricePolicy(prepareCube(await ingest([at], { workers: 0 })), policy, {}));
            const reference = referenceBill(await readLineItems([at]), policy);
            const figures = (lines: readonly { service: string; serviceName?: string; awsCost: string; proformaCost: string; margin: string }[]) =>
                lines.map(({ service, serviceName, awsCost, proformaCost, margin }) => ({
                    service, ...(serviceName !== undefined && { serviceName }), awsCost: norm(awsCost), proformaCost: norm(proformaCost), margin: norm(margin),
                }));
            expect(figures(report.groups[0]!.byService), name).toEqual(figures(reference.groups[0]!.byService));
            if (name === 'cur1-ref.csv') expect(figures(report.groups[0]!.byService)).toEqual(expected);
            else expect(report.groups[0]!.byService.find(line => line.service === CODE)?.serviceName, name).toBe('Acme Scanner');
        }
    });
});
