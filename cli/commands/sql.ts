import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingest } from '../../engine/ingest/index.js';
import { datedClauses } from '../../engine/policy/versions.js';
import { reappliedPeriods } from '../../engine/price/index.js';
import { DEFAULT_INPUT_SCALE, generateSql, SQL_DIALECTS, SQL_SCHEMAS, SqlGenerationError, type SqlDialectName, type SqlSchemaName } from '../../engine/sql/index.js';
import type { Command } from '../command.js';
import { periodOption } from '../data/periods.js';
import { UsageError } from '../errors.js';
import { displayPath } from '../output/validation-report.js';
import { writeFileAtomically } from '../output/write-output.js';
import { loadCompiledPolicy } from '../policy/load-policy.js';
import { productPackage } from '../version.js';

export const sqlCommand: Command = {
    name: 'sql',
    summary: 'Write ONE SQL query that computes the cost report over a CUR / FOCUS table (Athena, Trino, DuckDB, PostgreSQL, Redshift)',
    description: [
        'For data too big for one machine: the query computes, directly over the billing table, what `billing bill`',
        'reports — per group × period the AWS cost, charges, pro forma cost, margin and margin %, the unassigned cost',
        'and the total — with the same semantics (rule precedence, exclusions, free tier, commitments in and out of the',
        'group, custom line items, memberships with periods, auto-associate) and exact DECIMAL(38, s) arithmetic: an',
        'input with more decimals than --input-scale, mixed currencies or a malformed period fail the query rather',
        'than differ from the engine. A policy one query cannot bill exactly (custom tiers next to rules keyed by',
        'operation or billing entity) is refused, naming the rule; so is an effective-dated policy (exit 2). Result shape, schemas, Athena and Redshift setup:',
        'docs/warehouse.md.',
    ].join('\n'),
    arguments: 'POLICY…',
    argumentHelp: [['POLICY', 'the .billing file(s) of the policy (imports are followed)']],
    options: [
        { name: 'dialect', type: 'string', choices: SQL_DIALECTS, valueName: 'NAME', description: 'athena, trino, duckdb, postgres or redshift (required; postgres and redshift get the same query)' },
        { name: 'schema', type: 'string', choices: SQL_SCHEMAS, default: 'cur2', description: 'cur1 (DuckDB: CSV headers lineItem/…; Athena/Trino: the legacy CUR table; PostgreSQL/Redshift: the CUR Redshift integration\'s table), cur2, focus' },
        { name: 'table', type: 'string', valueName: 'NAME', default: 'cur', description: 'The table (DuckDB: any relation, e.g. "read_csv(\'cur.csv\', all_varchar = true)")' },
        { name: 'period', short: 'p', type: 'string', valueName: 'YYYY-MM', repeatable: true, description: 'Only these billing periods (comma-separated allowed)' },
        { name: 'input-scale', type: 'string', valueName: 'N', default: String(DEFAULT_INPUT_SCALE), description: 'Decimal places of input amounts (an input with more fails the query)' },
        { name: 'output', short: 'o', type: 'string', valueName: 'FILE', description: 'Write the query to FILE (atomically) instead of stdout' },
    ],
    exitCodes: [
        [0, 'the query was written'],
        [1, 'the policy has errors (printed as by validate), or one query cannot bill it exactly (the message names the rule)'],
        [2, 'usage error (missing --dialect, bad --period or --input-scale), an effective-dated policy (`from`/`until` on a modifier, plan rules, plan, budget or min-margin: the message names the first clause; billing bill prices it), or an --output that cannot be written'],
    ],
    examples: [
        ['billing sql acme.billing --dialect athena --table cur_db.cur2 > bill.sql', 'the query for an Athena CUR 2.0 table'],
        ["billing sql acme.billing --dialect duckdb --schema cur1 --table \"read_csv('cur.csv', all_varchar = true)\"", 'a local CSV in DuckDB'],
        ['billing sql acme.billing --dialect trino --schema focus --period 2026-03 -o march.sql', 'one month of a FOCUS table'],
        ['billing sql acme.billing --dialect redshift --schema cur1 --table awsbilling202603 > bill.sql', 'a table of the CUR Redshift integration'],
    ],

    async run(args, context) {
        const dialect = args.options.dialect as SqlDialectName | undefined;
        if (!dialect) throw new UsageError(`missing '--dialect NAME' (${SQL_DIALECTS.join(', ')})`, 'sql');
        const schema = args.options.schema as SqlSchemaName;
        const table = String(args.options.table);
        if (table.trim() === '') throw new UsageError("'--table' is empty", 'sql');
        const scaleText = String(args.options['input-scale']);
        if (!/^\d+$/.test(scaleText) || Number(scaleText) < 2 || Number(scaleText) > 24) {
            throw new UsageError(`invalid value '${scaleText}' for '--input-scale' (expected an integer from 2 to 24)`, 'sql');
        }
        const periods = periodOption(args.options.period, 'sql');
        const output = args.options.output as string | undefined;

        const policy = await loadCompiledPolicy(args.positionals, context, 'sql');
        if (!policy) return 1;
        // One query prices every period with one version of each value: a dated policy would be wrong before its last change.
        const dated = datedClauses(policy.model)[0];
        if (dated) {
            const where = dated.origin ? `${displayPath(dated.origin.uri.startsWith('file:') ? fileURLToPath(dated.origin.uri) : dated.origin.uri, context.cwd)}:${dated.origin.line}: ` : '';
            context.stderr.write(`billing: ${where}${dated.construct}: billing sql does not price effective-dated policies (one query, one version per value); billing bill handles it\n`);
            return 2;
        }
        const hourly = await hourlyCommitmentPeriods(policy.model.dataPaths, periods);
        const warning = hourly.length === 0 ? undefined
            : `the policy's data is hourly with Reserved Instances or Savings Plans in ${hourly.join(', ')}: billing bill re-applies them inside each group hour by hour, this query does not, so its figures for ${hourly.length === 1 ? 'that period' : 'those periods'} differ from the bill's (docs/warehouse.md, "Commitments")`;
        let sql: string;
        try {
            sql = generateSql(policy.model, {
                dialect, schema, table, inputScale: Number(scaleText), ...(periods && { periods }),
                header: [
                    `Generated by billing ${productPackage().manifest.version} from ${policy.files.map((file) => displayPath(file, context.cwd)).join(', ')}; regenerate it, do not edit it.`,
                    ...(warning ? [`WARNING: ${warning}.`] : []),
                ],
            });
        } catch (error) {
            if (error instanceof SqlGenerationError) {
                context.stderr.write(`billing: ${error.message}\n`);
                return 1;
            }
            throw error;
        }
        if (warning) context.stderr.write(`billing: warning: ${warning}\n`);
        if (output) await writeFileAtomically(path.resolve(context.cwd, output), sql, policy.files);
        else context.stdout.write(sql);
        return 0;
    },
};


/**
 * The periods of the policy's own data (its `data` paths; none: nothing to check) whose commitments `billing bill`
 * re-applies hour by hour, which the query does not. Data that cannot be read is not this command's concern
 * (it writes SQL for a warehouse table): then nothing is said.
 */
async function hourlyCommitmentPeriods(dataPaths: readonly string[], periods: readonly string[] | undefined): Promise<string[]> {
    if (dataPaths.length === 0) return [];
    try {
        const cube = await ingest(dataPaths, {});
        const all = [...new Set(cube.cells.map((cell) => cell.period))].sort();
        return reappliedPeriods(cube, periods ?? all).map((ledger) => ledger.period);
    } catch {
        return [];
    }
}
