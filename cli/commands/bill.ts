import * as path from 'node:path';
import type { CostReport } from '../../engine/index.js';
import { prepareCube, priceReport } from '../../engine/price/index.js';
import type { Command } from '../command.js';
import { printIssues } from '../data/issues.js';
import { periodOption } from '../data/periods.js';
import { checkPeriods, periodsOf, readData, selectData } from '../data/read-data.js';
import { renderCostReport, reportFormats, type ReportFormat } from '../output/report-formats.js';
import { displayPath } from '../output/validation-report.js';
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
    ].join('\n'),
    arguments: 'POLICY…',
    argumentHelp: [['POLICY', 'the .billing file(s) of the policy (imports are followed); folders and globs as for validate']],
    options: [
        { name: 'data', short: 'd', type: 'string', valueName: 'PATH', repeatable: true, description: 'CUR/FOCUS data: file, folder, glob or manifest' },
        { name: 'period', short: 'p', type: 'string', valueName: 'YYYY-MM', repeatable: true, description: 'Only these billing periods; a comma-separated list also works' },
        { name: 'format', short: 'f', type: 'string', choices: reportFormats, default: 'table', description: 'Output format (see docs/cli.md)' },
        { name: 'detail', type: 'boolean', description: 'Add per-group detail to table, markdown and csv: services, accounts, custom line items, rules' },
        { name: 'output', short: 'o', type: 'string', valueName: 'FILE', description: 'Write the report to FILE (atomically) instead of stdout' },
    ],
    exitCodes: [
        [0, 'the bill was computed (warnings, if any, are on stderr)'],
        [1, 'the policy has errors (printed as by validate), or the report has an error-level issue (mixed currencies)'],
        [2, 'usage error (bad or absent --period…), missing, unreadable or malformed data, or an --output that cannot be written'],
    ],
    examples: [
        ['billing bill examples/acme.billing', 'the bill of the example policy on the bundled sample data'],
        ['billing bill acme.billing --data cur/2026-03/ --period 2026-03', 'one month of a CUR export folder'],
        ['billing bill acme.billing -d cur.csv.gz -f json -o bill.json', 'the exact JSON report, written atomically'],
        ['billing bill acme.billing -f markdown >> "$GITHUB_STEP_SUMMARY"', 'a job summary in GitHub Actions'],
    ],

    async run(args, context) {
        const format = args.options.format as ReportFormat;
        const output = args.options.output as string | undefined;
        const periods = periodOption(args.options.period, 'bill');

        const policy = await loadCompiledPolicy(args.positionals, context, 'bill');
        if (!policy) return 1;
        const cube = await readData(selectData(repeatedOption(args.options.data), policy.model, context.cwd), context);
        checkPeriods(periods, periodsOf(cube));
        const report = relativePaths(priceReport(prepareCube(cube), policy.model, periods ? { periods } : {}), context.cwd);
        printIssues(report.issues, context.stderr);

        const rendered = renderCostReport(report, format, { detail: args.options.detail === true });
        if (output) await writeFileAtomically(path.resolve(context.cwd, output), rendered);
        else context.stdout.write(rendered);
        return report.issues.some((issue) => issue.severity === 'error') ? 1 : 0;
    },
};

/** File paths in the report as the user sees them: relative to the working directory, `/`-separated (as validate's). */
function relativePaths(report: CostReport, cwd: string): CostReport {
    return {
        ...report,
        data: { ...report.data, sources: report.data.sources.map((source) => displayPath(source, cwd)) },
        issues: report.issues.map((issue) => (issue.file ? { ...issue, file: displayPath(issue.file, cwd) } : issue)),
    };
}
