import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exportProformaCur, exportSpoolSpec, fileStamps, spoolCovers } from '../../engine/export/index.js';
import { WriteFileError } from '../../engine/files/index.js';
import { IngestError, resolveDataPaths } from '../../engine/index.js';
import { prepareCube, pricePolicy } from '../../engine/price/index.js';
import { formatMoney } from '../../engine/report/index.js';
import type { Command } from '../command.js';
import { overlapOption, overlapOptionSpec } from '../data/overlap-option.js';
import { checkPeriods, periodsOf, readData, selectData } from '../data/read-data.js';
import { printIssues } from '../data/issues.js';
import { periodOption } from '../data/periods.js';
import { CliError, UsageError } from '../errors.js';
import { refuseInputAsOutput } from '../output/write-output.js';
import { repeatedOption } from '../parse-args.js';
import { loadCompiledPolicy } from '../policy/load-policy.js';
import { closest } from '../suggest.js';

export const exportCommand: Command = {
    name: 'export',
    summary: 'Write the pro forma CUR of one billing group (its line items at pro forma cost, plus its custom line items)',
    description: [
        "Writes what AWS Billing Conductor delivers as a billing group's pro forma Cost and Usage Report: the input",
        "rows of the group's accounts, in the input's own format and columns, with their cost replaced by the pro forma",
        'cost; rows the pro forma bill leaves out (credits, taxes, refunds, non-public discounts, support, Savings Plans',
        "negation of plans owned outside the group) are dropped, and the group's custom line items are added as rows",
        '(Fee/Credit, or Proforma_Fee/Proforma_Credit when presented under another service or itemized).',
        'Ingesting the file gives, per period, the pro forma cost that `billing bill` reports for the group.',
        'Data: --data, else the policy\'s `data` paths, else the bundled sample. The file is streamed (inputs are never',
        'loaded whole) and appears atomically. A name ending in .gz is gzip-compressed.',
    ].join('\n'),
    arguments: 'POLICY…',
    argumentHelp: [['POLICY', 'the .billing file(s) of the policy (imports are followed)']],
    options: [
        { name: 'group', short: 'g', type: 'string', valueName: 'NAME', description: 'The billing group to export (required)' },
        { name: 'out', short: 'o', type: 'string', valueName: 'FILE', description: 'Output file, .csv or .csv.gz (required)' },
        { name: 'data', short: 'd', type: 'string', valueName: 'PATH', repeatable: true, description: 'CUR/FOCUS data: file, folder, glob or manifest' },
        overlapOptionSpec,
        { name: 'period', short: 'p', type: 'string', valueName: 'YYYY-MM', repeatable: true, description: 'Only these billing periods; a comma-separated list also works' },
        { name: 'raw-csv', type: 'boolean', description: 'Fields exactly as in the input, for machine pipelines (by default text a spreadsheet would run as a formula gets a leading \')' },
    ],
    exitCodes: [
        [0, 'the file was written'],
        [1, 'the policy has errors (printed as by validate)'],
        [2, 'usage error (unknown group, bad period…), unreadable or malformed data, or the file cannot be written'],
    ],
    examples: [
        ['billing export acme.billing --group web --out web-proforma.csv', 'the web group, every period of the data'],
        ['billing export acme.billing -g data -o data-2026-03.csv.gz --data cur/ --period 2026-03', 'one month, compressed'],
    ],

    async run(args, context) {
        const groupName = args.options.group as string | undefined;
        const out = args.options.out as string | undefined;
        if (!groupName) throw new UsageError("missing '--group NAME' (the billing group to export)", 'export');
        if (!out) throw new UsageError("missing '--out FILE' (a .csv or .csv.gz file)", 'export');
        if (!/\.csv(\.gz)?$/i.test(out)) throw new UsageError(`'--out ${out}': the file name must end in .csv or .csv.gz`, 'export');
        const periods = periodOption(args.options.period, 'export');

        const policy = await loadCompiledPolicy(args.positionals, context, 'export');
        if (!policy) return 1;
        const groups = policy.model.groups;
        const groupIndex = groups.findIndex((group) => group.name === groupName);
        if (groupIndex < 0) {
            const names = groups.map((group) => group.name);
            const hint = closest(groupName, names);
            throw new CliError(`unknown group '${groupName}'${hint ? ` (did you mean '${hint}'?)` : ''}; the policy's groups: ${names.length > 0 ? names.join(', ') : 'none'}`);
        }

        const selection = selectData(repeatedOption(args.options.data), policy.model, context.cwd);
        // The group's rows of the CSV inputs are spooled while the ingest reads them for pricing (engine/ingest/row-spool.ts):
        // the export then streams the spool, not the whole input again. The folder goes on every exit path.
        const spoolDir = makeSpoolDir();
        let result;
        try {
            // The rows are streamed after pricing (CSV from the spool, Parquet from the file): the files are stamped first, checked before the file is committed.
            const stamps = await fileStamps(await resolveDataPaths(selection.paths).catch(() => []));
            let spools: ReadonlyMap<string, readonly string[]> | undefined;
            const spool = spoolDir && exportSpoolSpec(groups, groupIndex, spoolDir.dir);
            const cube = await readData(selection, context, {
                onOverlap: overlapOption(args.options['on-overlap']),
                ...(spool && { spool, onSpools: (found) => { spools = found; } }),
            });
            const target = path.resolve(context.cwd, out);
            await refuseInputAsOutput(target, [...policy.files, ...cube.sources], 'the pro forma CUR to');
            checkPeriods(periods, periodsOf(cube));
            const priced = pricePolicy(prepareCube(cube), policy.model, periods ? { periods } : {});
            printIssues([...cube.issues, ...priced.issues], context.stderr);
            if (spool && !spoolCovers(spool, priced, groupIndex)) spools = undefined;
            try {
                result = { priced, value: await exportProformaCur({ priced, groupIndex, files: cube.sources, output: target, raw: args.options['raw-csv'] === true, stamps, spools }) };
            } catch (error) {
                if (error instanceof IngestError || error instanceof WriteFileError) throw new CliError(error.message);
                throw error;
            }
        } finally {
            spoolDir?.remove();
        }
        const { priced } = result;
        // The same figures as the bill shows (rounded once, half-even, to the currency's minor units).
        const currency = priced.prepared.currencies[0] ?? 'USD';
        const totals = [...result.value.totals].map(([period, total]) => `${period} ${formatMoney(total, { currency })}`).join(', ');
        context.stderr.write(
            `wrote ${out}: group ${groupName}, ${result.value.rows.toLocaleString('en-US')} line items + ${result.value.lineItemRows.toLocaleString('en-US')} custom line item rows, ` +
            `${result.value.columns.length} columns; pro forma cost ${totals}\n`,
        );
        return 0;
    },
};

/**
 * A private temporary folder for the export's row spool, removed by `remove()` and, should the process end first
 * (process.exit, SIGINT, SIGTERM), by handlers that then let the signal take its default course. Undefined when no
 * folder can be made: the export then streams the input files (as before the spool).
 */
function makeSpoolDir(): { readonly dir: string; remove(): void } | undefined {
    let dir: string;
    try {
        dir = mkdtempSync(path.join(tmpdir(), 'billing-export-'));
    } catch {
        return undefined;
    }
    const removeDir = (): void => { rmSync(dir, { recursive: true, force: true }); };
    const onSignal = (signal: NodeJS.Signals): void => {
        removeDir();
        detach();
        process.kill(process.pid, signal);
    };
    const detach = (): void => {
        process.off('exit', removeDir);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
    };
    process.on('exit', removeDir);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    return {
        dir,
        remove(): void {
            detach();
            removeDir();
        },
    };
}
