/**
 * The Trino / Athena text of `billing sql`, which cannot run here: (1) it parses with a parser built from Trino's
 * own grammar (dt-sql-parser's TrinoSQL, generated from Trino's SqlBase.g4; Athena engine v3 runs Trino's SQL), for
 * every example policy and every schema; (2) golden files reviewed by hand (test/sql/golden/*.sql) are regenerated
 * and compared — `BILLING_UPDATE_GOLDEN=1 npx vitest run test/sql/sql-golden.test.ts` rewrites them after a
 * deliberate change, to be reviewed again in the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TrinoSQL } from 'dt-sql-parser';
import { afterAll, describe, expect, it } from 'vitest';
import type { PolicyModel } from '../../engine/policy/model.js';
import { generateSql, SQL_SCHEMAS, type SqlDialectName, type SqlSchemaName } from '../../engine/sql/index.js';
import { compileLoadedPolicy, loadPolicyFiles } from '../../language/index.js';

const GOLDEN = path.resolve('test/sql/golden');
const HEADER = ['Golden file of test/sql/sql-golden.test.ts (reviewed by hand; BILLING_UPDATE_GOLDEN=1 rewrites it).'];

const TIERS = `account 111111111111 "web-prod"
account 222222222222 "data-prod"
rule s3-tiers { tiering service AmazonS3 tier 0 to 51200 at 0.023 tier 51200 to 512000 at 0.022 tier 512000 at 0.021 }
rule s3-markup { markup 4% service AmazonS3 }
rule no-free-tier { tiering free-tier off }
rule ec2-m5 { discount 12.5% service AmazonEC2 usage-type "USE1-BoxUsage:m5.large" }
plan tiered { rules s3-tiers, s3-markup, no-free-tier, ec2-m5 }
group web {
  primary web-prod
  accounts web-prod
  accounts data-prod until 2026-03
  plan tiered
  fee storage-ops 1.5% of charges service = AmazonS3 from 2026-02
  credit launch flat 250.00 until 2026-04
}
group data {
  primary data-prod
  accounts data-prod from 2026-03
  plan tiered
}
`;

const folder = mkdtempSync(path.join(tmpdir(), 'billing-golden-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function compile(file: string): Promise<PolicyModel> {
    const result = compileLoadedPolicy(await loadPolicyFiles([file]));
    if (!result.model) throw new Error(`${file} has errors`);
    return result.model;
}

async function tiersPolicy(): Promise<PolicyModel> {
    const file = path.join(folder, 'tiers.billing');
    writeFileSync(file, TIERS);
    return compile(file);
}

const CASES: readonly { file: string; policy: () => Promise<PolicyModel>; dialect: SqlDialectName; schema: SqlSchemaName; table?: string; periods?: string[] }[] = [
    { file: 'acme-athena-cur2.sql', policy: () => compile('examples/acme.billing'), dialect: 'athena', schema: 'cur2', table: 'cur_db.cur2' },
    { file: 'acme-duckdb-cur1.sql', policy: () => compile('examples/acme.billing'), dialect: 'duckdb', schema: 'cur1', table: "read_csv('examples/data/sample-cur.csv', all_varchar = true)" },
    { file: 'acme-redshift-cur1.sql', policy: () => compile('examples/acme.billing'), dialect: 'redshift', schema: 'cur1', table: 'cur_db.awsbilling202603' },
    { file: 'tiers-trino-focus.sql', policy: tiersPolicy, dialect: 'trino', schema: 'focus', table: 'billing.focus_1_0_aws', periods: ['2026-02', '2026-03'] },
];

describe('golden queries', () => {
    for (const entry of CASES) {
        it(`${entry.file} is what billing sql writes`, async () => {
            const sql = generateSql(await entry.policy(), {
                dialect: entry.dialect, schema: entry.schema, header: HEADER,
                ...(entry.table && { table: entry.table }), ...(entry.periods && { periods: entry.periods }),
            });
            const file = path.join(GOLDEN, entry.file);
            if (process.env.BILLING_UPDATE_GOLDEN) writeFileSync(file, sql);
            expect(existsSync(file), `${entry.file} is missing: run with BILLING_UPDATE_GOLDEN=1`).toBe(true);
            expect(sql).toBe(readFileSync(file, 'utf8'));
        });
    }
});

describe('the Trino / Athena text parses with Trino\'s grammar', () => {
    const parser = new TrinoSQL();
    const errors = (sql: string): string[] => parser.validate(sql.replace(/;\s*$/, '')).map((error) => `${error.startLine}:${error.startColumn} ${error.message}`);

    it('the parser rejects what Trino rejects (a sanity check of the check)', () => {
        expect(errors('SELECT a FROM t WHERE')).not.toEqual([]);
        expect(errors('WITH t AS MATERIALIZED (SELECT 1) SELECT * FROM t')).not.toEqual([]);
        expect(errors("WITH t (a) AS (VALUES (1)) SELECT CAST(fail('x') AS DECIMAL(38, 2)), a FROM t GROUP BY GROUPING SETS ((a), ())")).toEqual([]);
    });

    it('the golden Trino and Athena queries', () => {
        for (const file of readdirSync(GOLDEN).filter((name) => /-(athena|trino)-/.test(name))) {
            expect(errors(readFileSync(path.join(GOLDEN, file), 'utf8')), file).toEqual([]);
        }
    });

    it('every example policy, every schema, both dialects', async () => {
        const examples = readdirSync('examples').filter((name) => name.endsWith('.billing')).map((name) => path.join('examples', name));
        const models = [...await Promise.all(examples.map(compile)), await tiersPolicy()];
        let checked = 0;
        for (const model of models) {
            for (const schema of SQL_SCHEMAS) {
                for (const dialect of ['athena', 'trino'] as const) {
                    expect(errors(generateSql(model, { dialect, schema, periods: ['2026-01'] })), `${dialect} ${schema}`).toEqual([]);
                    checked++;
                }
            }
        }
        expect(checked).toBe(models.length * SQL_SCHEMAS.length * 2);
    });

    it('a partition-pruning subquery as the table (docs/warehouse.md)', async () => {
        const model = await compile('examples/acme.billing');
        const table = "(SELECT * FROM cur_db.cur2 WHERE billing_period = '2026-03')";
        expect(errors(generateSql(model, { dialect: 'athena', schema: 'cur2', table, periods: ['2026-03'] }))).toEqual([]);
    });
});
