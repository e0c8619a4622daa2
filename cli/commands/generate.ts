import * as path from 'node:path';
import { WriteFileError } from '../../engine/files/index.js';
import { readdir } from 'node:fs/promises';
import { generateCur, generateHourlyCommitmentsCur, writeRealisticCases } from '../../engine/index.js';
import type { Command } from '../command.js';
import { isMonth } from '../data/periods.js';
import { CliError, UsageError } from '../errors.js';
import { listOption, nonNegativeInteger } from '../parse-args.js';

const MAX_ACCOUNTS = 100_000;

export const generateCommand: Command = {
    name: 'generate',
    summary: 'Write deterministic synthetic CUR 1.0 data (.csv or .csv.gz) for trials, demos and benchmarks',
    description: [
        'Writes a realistic CUR 1.0 CSV file: 57 columns, every line item type (on-demand usage with free-tier rows,',
        'RI-covered usage, Savings Plans covered usage and negation, RI and Savings Plans fees, credits, taxes, refunds,',
        'EDP discounts, support, AWS Marketplace). The same options and seed give the same bytes on every machine.',
        'A name ending in .gz is gzip-compressed. The file appears atomically (temporary file + rename).',
        'With --realistic, --out is a new (or empty) folder that receives a small delivery tree with every case of real',
        'exports: public cost 0 (Spot, idle Elastic IP, Marketplace), 12-month and Always Free usage, a CUR 1.0 period folder',
        'with two assemblies and its manifest, an overlapping second delivery, and AWS\'s FOCUS export of the same month.',
        '',
        '--hourly writes instead every hour of each period (default 2026-01) for the example policies\' accounts, with',
        'Reserved Instances (regional size-flexible and zonal), an EC2 Instance and a Compute Savings Plan owned by',
        '333333333333 and used, in the billable bill, by accounts of other billing groups while the owner\'s own usage',
        'stays on-demand: the data for re-applying commitments inside billing groups. --rows and --accounts do not',
        'apply to it; --format cur2 writes CUR 2.0 (Data Exports) columns.',
    ].join('\n'),
    arguments: '',
    options: [
        { name: 'out', short: 'o', type: 'string', valueName: 'FILE', description: 'Output file, .csv or .csv.gz (required)' },
        { name: 'rows', short: 'n', type: 'string', valueName: 'N', default: '10000', description: 'Number of line items' },
        { name: 'accounts', type: 'string', valueName: 'N', default: '24', description: 'Number of usage accounts (made-up 12-digit ids)' },
        { name: 'periods', type: 'string', valueName: 'YYYY-MM,…', repeatable: true, description: 'Billing periods, comma-separated (default: 2026-01,2026-02,2026-03)' },
        { name: 'seed', type: 'string', valueName: 'N', default: '1', description: 'Seed of the pseudo-random generator' },
        { name: 'realistic', type: 'boolean', description: 'Write the realistic cases tree into the folder --out (other options do not apply)' },
        { name: 'hourly', type: 'boolean', description: 'Hourly data with RIs and Savings Plans shared across billing groups (see above)' },
        { name: 'format', type: 'string', valueName: 'cur1|cur2', choices: ['cur1', 'cur2'], default: 'cur1', description: 'Columns of --hourly data: CUR 1.0 or CUR 2.0' },
    ],
    exitCodes: [
        [0, 'the file was written'],
        [2, 'usage error (missing --out, bad number or period), or the file cannot be written'],
    ],
    examples: [
        ['billing generate --out cur.csv', '10,000 rows, 24 accounts, 2026-01..2026-03'],
        ['billing generate --out big.csv.gz --rows 1000000 --seed 7', 'one million rows, gzip-compressed'],
        ['billing generate -o q1.csv --accounts 12 --periods 2026-01,2026-02,2026-03', 'twelve accounts, three months'],
        ['billing generate --realistic --out cases', 'the realistic cases tree (cases/cur1, cases/redelivered, cases/focus)'],
        ['billing generate -o hourly.csv --hourly --periods 2026-02', 'every hour of February, RIs and Savings Plans used across groups'],
        ['billing generate -o hourly-cur2.csv --hourly --format cur2', 'the same in CUR 2.0 columns'],
    ],

    async run(args, context) {
        if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}' (generate takes options only)`, 'generate');
        const out = args.options.out as string | undefined;
        if (!out) throw new UsageError("missing '--out FILE' (a .csv or .csv.gz file)", 'generate');
        if (args.options.realistic && args.options.hourly) throw new UsageError("'--realistic' and '--hourly' are two different outputs: give one", 'generate');
        if (args.options.realistic) return realistic(out, path.resolve(context.cwd, out), context.stderr);
        if (!/\.csv(\.gz)?$/i.test(out)) throw new UsageError(`'--out ${out}': the file name must end in .csv or .csv.gz`, 'generate');
        const rows = positive(args.options.rows as string, 'rows');
        const accounts = positive(args.options.accounts as string, 'accounts');
        if (accounts > MAX_ACCOUNTS) throw new UsageError(`option '--accounts' is at most ${MAX_ACCOUNTS.toLocaleString('en-US')}, got ${accounts}`, 'generate');
        const seed = nonNegativeInteger(args.options.seed as string, 'seed', 'generate');
        const periodList = listOption(args.options.periods);
        for (const period of periodList) {
            if (!isMonth(period)) throw new UsageError(`invalid period '${period}' for '--periods' (expected YYYY-MM, e.g. 2026-01)`, 'generate');
        }
        const given = periodList.length > 0 ? [...new Set(periodList)].sort() : undefined;

        const output = path.resolve(context.cwd, out);
        const format = args.options.format as 'cur1' | 'cur2';
        if (format === 'cur2' && !args.options.hourly) throw new UsageError("'--format cur2' applies to '--hourly' data only", 'generate');
        let result;
        try {
            result = args.options.hourly
                ? await generateHourlyCommitmentsCur({ output, format, seed, periods: given })
                : await generateCur({ output, rows, accounts, periods: given ?? 3, seed, startPeriod: '2026-01' });
        } catch (error) {
            if (error instanceof WriteFileError) throw new CliError(error.message.replace(output, out));
            throw error;
        }
        context.stderr.write(
            `wrote ${out}: ${result.rows.toLocaleString('en-US')} rows, ${result.columns} columns, ` +
            `${result.accounts.length} accounts, periods ${result.periods.join(', ')} (seed ${seed}${args.options.hourly ? `, hourly ${format === 'cur2' ? 'CUR 2.0' : 'CUR 1.0'}` : ''})\n`,
        );
        return 0;
    },
};

/** The realistic cases tree, into a folder that does not exist yet or is empty (nothing of the user's is overwritten). */
async function realistic(out: string, folder: string, stderr: { write(text: string): unknown }): Promise<number> {
    let entries: string[] = [];
    try {
        entries = await readdir(folder);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTDIR') throw new UsageError(`'--out ${out}': with --realistic, --out is a folder, and ${out} is a file`, 'generate');
        if (code !== 'ENOENT') throw new CliError(`cannot write the realistic cases into ${out}: ${(error as Error).message.replace(folder, out)}`);
    }
    if (entries.length > 0) throw new UsageError(`'--out ${out}': with --realistic, --out is a folder that does not exist yet or is empty`, 'generate');
    let files: string[];
    try {
        files = await writeRealisticCases(folder);
    } catch (error) {
        throw new CliError(`cannot write the realistic cases into ${out}: ${(error as Error).message.replace(folder, out)}`);
    }
    stderr.write(`wrote ${out}: ${files.length} files of realistic cases (a CUR 1.0 bucket with two assemblies, a redelivery, a FOCUS export)\n`);
    return 0;
}

function positive(text: string, option: string): number {
    const value = nonNegativeInteger(text, option, 'generate');
    if (value === 0) throw new UsageError(`option '--${option}' must be at least 1`, 'generate');
    return value;
}
