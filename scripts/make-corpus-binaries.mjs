// Writes the binary inputs of the malformed-data corpus (test/corpus/data/): the Parquet files (DuckDB
// `COPY … TO 'x.parquet'`, @duckdb/node-api, dev only) and the gzip files (node:zlib). The outputs are
// committed; run this again only to change them:  node scripts/make-corpus-binaries.mjs
import { DuckDBInstance } from '@duckdb/node-api';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'corpus', 'data');
const target = (name, file) => {
    fs.mkdirSync(path.join(corpus, name), { recursive: true });
    return path.join(corpus, name, file);
};

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const copy = (select, file) => db.run(`COPY (${select}) TO '${file.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION snappy)`);

// A CUR 2.0 Parquet export without line_item_operation and line_item_usage_amount.
await copy(`SELECT * FROM (VALUES
    (TIMESTAMP '2026-01-01 00:00:00', '111111111111', 'web-prod', 'AmazonEC2', 'USE1-BoxUsage:m5.large', 'Usage', 'USD', 12.5::DOUBLE, 12.5::DOUBLE),
    (TIMESTAMP '2026-01-01 00:00:00', '222222222222', 'web-dev', 'AmazonS3', 'USE1-TimedStorage-ByteHrs', 'Usage', 'USD', 0.75::DOUBLE, 0.75::DOUBLE)
) AS t(bill_billing_period_start_date, line_item_usage_account_id, line_item_usage_account_name, line_item_product_code,
       line_item_usage_type, line_item_line_item_type, line_item_currency_code, line_item_unblended_cost, pricing_public_on_demand_cost)`,
target('parquet-missing-columns', 'cur2.parquet'));

// A CUR 2.0 Parquet export whose cost column is text, with a value that is no number in row 3.
await copy(`SELECT * FROM (VALUES
    (TIMESTAMP '2026-01-01 00:00:00', '111111111111', 'AmazonEC2', 'BoxUsage', 'RunInstances', 'Usage', 'USD', '1.25', '1.25', 1.0::DOUBLE),
    (TIMESTAMP '2026-01-01 00:00:00', '111111111111', 'AmazonEC2', 'BoxUsage', 'RunInstances', 'Usage', 'USD', '2.50', '2.50', 1.0::DOUBLE),
    (TIMESTAMP '2026-01-01 00:00:00', '111111111111', 'AmazonEC2', 'BoxUsage', 'RunInstances', 'Usage', 'USD', 'twelve', '3.00', 1.0::DOUBLE)
) AS t(bill_billing_period_start_date, line_item_usage_account_id, line_item_product_code, line_item_usage_type, line_item_operation,
       line_item_line_item_type, line_item_currency_code, line_item_unblended_cost, pricing_public_on_demand_cost, line_item_usage_amount)`,
target('parquet-cost-not-a-number', 'cur2.parquet'));

// A CUR 2.0 Parquet export, complete: costs DECIMAL(18,10) read exactly (1.2500000001 + 2.5 = 3.7500000001).
await copy(`SELECT * FROM (VALUES
    (TIMESTAMP '2026-01-01 00:00:00', '111111111111', 'AmazonEC2', 'BoxUsage', 'RunInstances', 'Usage', 'USD', 1.2500000001::DECIMAL(18,10), 1.2500000001::DECIMAL(18,10), 1.0::DOUBLE),
    (TIMESTAMP '2026-01-01 00:00:00', '222222222222', 'AmazonS3', 'TimedStorage', 'PutObject', 'Usage', 'USD', 2.5::DECIMAL(18,10), 2.5::DECIMAL(18,10), 3.0::DOUBLE)
) AS t(bill_billing_period_start_date, line_item_usage_account_id, line_item_product_code, line_item_usage_type, line_item_operation,
       line_item_line_item_type, line_item_currency_code, line_item_unblended_cost, pricing_public_on_demand_cost, line_item_usage_amount)`,
target('parquet-complete', 'cur2.parquet'));
db.closeSync?.();
instance.closeSync?.();

// Gzip: a complete CUR 1.0 file of 200 line items, cut after 60% of its compressed bytes.
const header = 'identity/LineItemId,bill/BillingPeriodStartDate,lineItem/UsageAccountId,lineItem/ProductCode,lineItem/UsageType,lineItem/Operation,lineItem/LineItemType,lineItem/CurrencyCode,lineItem/UnblendedCost,pricing/publicOnDemandCost,lineItem/UsageAmount';
const rows = Array.from({ length: 200 }, (_x, i) => `line-${i}-${'x'.repeat(i % 17)},2026-01-01T00:00:00Z,111111111111,AmazonEC2,BoxUsage:m${i % 7}.large,RunInstances,Usage,USD,${(i * 0.37).toFixed(2)},${(i * 0.37).toFixed(2)},${i}`);
const whole = gzipSync(Buffer.from([header, ...rows].join('\n') + '\n'), { level: 9 });
fs.writeFileSync(target('gzip-truncated', 'cur.csv.gz'), whole.subarray(0, Math.floor(whole.length * 0.6)));
// A plain CSV named .csv.gz.
fs.writeFileSync(target('gzip-not-gzip', 'cur.csv.gz'), [header, rows[1]].join('\n') + '\n');
// A valid gzip stream of nothing.
fs.writeFileSync(target('gzip-empty', 'cur.csv.gz'), gzipSync(Buffer.alloc(0)));
console.log(`corpus binaries written under ${path.relative(process.cwd(), corpus)}`);
