import * as path from 'node:path';
import { describeBreach, findBreaches } from '../../engine/check/index.js';
import { failOnOption } from '../check/fail-on.js';
import { corrected, correctionOptions, correctionsOption } from '../close/corrections.js';
import { printIssues } from '../data/issues.js';
import type { Command } from '../command.js';
import { overlapOption, overlapOptionSpec } from '../data/overlap-option.js';
import { periodOption } from '../data/periods.js';
import { withDataRead } from '../data/early-read.js';
import { priceForCli } from '../data/price-data.js';
import { renderCostReport, reportFormats, type ReportFormat } from '../output/report-formats.js';
import { writeFileAtomically } from '../output/write-output.js';
import { repeatedOption } from '../parse-args.js';
import { loadCompiledPolicy } from '../policy/load-policy.js';

export const billCommand: Command = {
    name: 'bill',
    summary: 'Compute the pro forma bill: per billing group and period, AWS cost, pro forma cost and margin',
    description: [
        'Prices CUR 1.0 / CUR 2.0 / FOCUS data with the policy, as AWS Billing Conductor would: per billing group and',
        'billing period, the AWS cost, the repriced charges, each custom line item, the pro forma cost and the margin,',
        'with the detail by service, account and pricing rule, plus the cost of accounts in no group.',
        'Data: --data paths (file, folder, glob or manifest; repeatable), else the policy\'s `data` statements, else the',
        'sample bundled with billing (examples/data/sample-cur.csv). stderr names the data read and lists warnings.',
        'JSON carries exact decimal strings (a public contract, docs/cli.md); table, markdown and csv round half-even',
        'to cents once, at presentation.',
        'With --corrections (a policy with `closed through`), closed periods keep the figures of the lock file',
        '(billing close) and what the policy and data would change in them is posted as `correction` lines in the first',
        'open period (docs/closing-a-month.md "Corrections").',
    ].join('\n'),
    arguments: 'POLICY…',
    argumentHelp: [['POLICY', 'the .billing file(s) of the policy (imports are followed); folders and globs as for validate']],
    options: [
        { name: 'data', short: 'd', type: 'string', valueName: 'PATH', repeatable: true, description: 'CUR/FOCUS data: file, folder, glob or manifest' },
        overlapOptionSpec,
        { name: 'period', short: 'p', type: 'string', valueName: 'YYYY-MM', repeatable: true, description: 'Only these billing periods; a comma-separated list also works' },
        { name: 'format', short: 'f', type: 'string', choices: reportFormats, default: 'table', description: 'Output format (see docs/cli.md)' },
        { name: 'detail', type: 'boolean', description: 'Add per-group detail to table, markdown and csv: services, accounts, custom line items, rules' },
        { name: 'output', short: 'o', type: 'string', valueName: 'FILE', description: 'Write the report to FILE (atomically) instead of stdout' },
        { name: 'raw-csv', type: 'boolean', description: 'csv: fields exactly as in the report, for machine pipelines (by default text a spreadsheet would run as a formula gets a leading \')' },
        ...correctionOptions,
        { name: 'fail-on', type: 'string', valueName: 'KINDS', repeatable: true, description: 'Exit 1 when a group breaches its budget and/or margin floor: budget, margin (comma-separated); the breaches go to stderr after the report' },
    ],
    exitCodes: [
        [0, 'the bill was computed (warnings, if any, are on stderr)'],
        [1, 'the policy has errors (printed as by validate), the report has an error-level issue (mixed currencies; with --corrections a closed period not recorded or not correctable), or a breach of a --fail-on kind (after the report is written)'],
        [2, 'usage error (bad or absent --period…), missing, unreadable or malformed data, or an --output that cannot be written'],
    ],
    examples: [
        ['billing bill examples/acme.billing', 'the bill of the example policy on the bundled sample data'],
        ['billing bill acme.billing --data cur/2026-03/ --period 2026-03', 'one month of a CUR export folder'],
        ['billing bill acme.billing -d cur.csv.gz -f json -o bill.json', 'the exact JSON report, written atomically'],
        ['billing bill acme.billing -f markdown >> "$GITHUB_STEP_SUMMARY"', 'a job summary in GitHub Actions'],
        ['billing bill acme.billing -d cur/ --corrections --reason "late EC2 usage (FIN-311)"', 'closed months as billed, their late changes posted in the first open month'],
        ['billing bill acme.billing --fail-on budget,margin', 'the bill, then exit 1 if a group is over budget or below its margin floor'],
    ],

    async run(args, context) {
        const format = args.options.format as ReportFormat;
        const output = args.options.output as string | undefined;
        const periods = periodOption(args.options.period, 'bill');
        const failOn = failOnOption(args.options['fail-on'], 'bill', []);
        const corrections = correctionsOption(args.options, 'bill');

        const loaded = await withDataRead(repeatedOption(args.options.data), context, { onOverlap: overlapOption(args.options['on-overlap']) }, async (data) => {
            const policy = await loadCompiledPolicy(args.positionals, context, 'bill');
            return policy && { policy, prepared: await data.prepare(policy.model, periods) };
        });
        if (!loaded) return 1;
        const { policy, prepared } = loaded;
        let report = priceForCli(prepared, policy.model, periods, context, !corrections);
        if (corrections) {
            report = await corrected(report, prepared, policy.model, policy.files, args.options, context, 'bill');
            printIssues(report.issues, context.stderr);
        }

        const rendered = renderCostReport(report, format, { detail: args.options.detail === true, rawCsv: args.options['raw-csv'] === true });
        if (output) await writeFileAtomically(path.resolve(context.cwd, output), rendered, [...policy.files, ...prepared.cube.sources]);
        else context.stdout.write(rendered);
        // The report is out first; breaches of the --fail-on kinds then decide the exit code.
        const breaches = failOn.size > 0 ? findBreaches(policy.model, report).filter((breach) => failOn.has(breach.kind)) : [];
        for (const breach of breaches) context.stderr.write(`error ${breach.kind}: ${describeBreach(breach)}\n`);
        if (breaches.length > 0) return 1;
        return report.issues.some((issue) => issue.severity === 'error') ? 1 : 0;
    },
};

