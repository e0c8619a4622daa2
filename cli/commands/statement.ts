import * as path from 'node:path';
import { renderStatementHtml, renderStatementMarkdown, StatementError } from '../../engine/report/index.js';
import { corrected, correctionOptions, correctionsOption } from '../close/corrections.js';
import type { Command } from '../command.js';
import { printIssues } from '../data/issues.js';
import { isMonth } from '../data/periods.js';
import { withDataRead } from '../data/early-read.js';
import { priceForCli } from '../data/price-data.js';
import { CliError, UsageError } from '../errors.js';
import { writeFileAtomically } from '../output/write-output.js';
import { repeatedOption } from '../parse-args.js';
import { loadCompiledPolicy } from '../policy/load-policy.js';
import { printPdf } from '../statement/print-pdf.js';

const formats = ['html', 'md', 'pdf'] as const;

export const statementCommand: Command = {
    name: 'statement',
    summary: 'Write the statement a business unit receives: one billing group\'s pro forma bill for one period',
    description: [
        'A statement of one billing group and period, as the business unit receives it: header (group, description, period,',
        'primary account), totals (charges, each custom line item, the pro forma total; the AWS cost only with',
        '--show-aws-cost), charges by service and by account, custom line items with their computation, the trend of',
        'the pro forma over the last months of the data (up to 12, ending with PERIOD) as a chart, and notes on',
        'approximations and fallback pricing. Figures as in every view: each exact value rounded once, half-even.',
        'html: one self-contained page (no remote loads) that prints well; md: markdown; pdf: the HTML printed by headless',
        'Chromium (found at $BILLING_CHROMIUM or the usual paths; a clear error when absent).',
        'With --corrections, as `billing bill --corrections`: a closed period as locked, the first open one with its',
        'correction lines (docs/closing-a-month.md "Corrections").',
    ].join('\n'),
    arguments: 'POLICY…',
    argumentHelp: [['POLICY', 'the .billing file(s) of the policy (imports are followed)']],
    options: [
        { name: 'group', short: 'g', type: 'string', valueName: 'NAME', description: 'The billing group (required)' },
        { name: 'period', short: 'p', type: 'string', valueName: 'YYYY-MM', description: 'The billing period (required)' },
        { name: 'format', short: 'f', type: 'string', choices: formats, default: 'html', description: 'html (default), md or pdf' },
        { name: 'output', short: 'o', type: 'string', valueName: 'FILE', description: 'Write to FILE (atomically); required for pdf, else stdout' },
        { name: 'data', short: 'd', type: 'string', valueName: 'PATH', repeatable: true, description: 'CUR/FOCUS data: file, folder, glob or manifest' },
        { name: 'show-aws-cost', type: 'boolean', description: 'Also show the AWS cost and the margin (an internal view)' },
        { name: 'months', type: 'string', valueName: 'N', default: '12', description: 'Months in the trend, 1–13, ending with PERIOD' },
        ...correctionOptions,
    ],
    exitCodes: [
        [0, 'the statement was written'],
        [1, 'the policy has errors (printed as by validate); with --corrections, a closed period not recorded or not correctable (nothing written)'],
        [2, 'usage error (missing --group/--period, unknown group, period not in the data), bad data, no Chromium for pdf, an output that cannot be written'],
    ],
    examples: [
        ['billing statement acme.billing -g web -p 2026-03 -o web-2026-03.html', 'the web business unit\'s statement for March'],
        ['billing statement acme.billing -g data -p 2026-03 -f pdf -o data-2026-03.pdf', 'the same as PDF (needs Chromium)'],
        ['billing statement acme.billing -g web -p 2026-03 -f md --show-aws-cost', 'markdown with AWS cost and margin'],
    ],

    async run(args, context) {
        const group = args.options.group as string | undefined;
        const period = (args.options.period as string | undefined)?.trim();
        const format = args.options.format as (typeof formats)[number];
        const output = args.options.output as string | undefined;
        if (!group) throw new UsageError("missing '--group NAME' (the billing group of the statement)", 'statement');
        if (!period) throw new UsageError("missing '--period YYYY-MM' (the billing period of the statement)", 'statement');
        if (!isMonth(period)) throw new UsageError(`'--period ${period}': expected YYYY-MM, e.g. 2026-03`, 'statement');
        if (format === 'pdf' && !output) throw new UsageError("--format pdf needs '--output FILE'", 'statement');
        const corrections = correctionsOption(args.options, 'statement');
        const months = Number(args.options.months);
        if (!Number.isInteger(months) || months < 1 || months > 13) throw new UsageError(`'--months ${String(args.options.months)}': expected a whole number from 1 to 13`, 'statement');

        const loaded = await withDataRead(repeatedOption(args.options.data), context, {}, async (data) => {
            const policy = await loadCompiledPolicy(args.positionals, context, 'statement');
            if (!policy) return undefined;
            if (!policy.model.groups.some((g) => g.name === group)) {
                throw new CliError(`unknown group '${group}'; the policy's groups: ${policy.model.groups.map((g) => g.name).join(', ') || 'none'}`);
            }
            // Every period of the data: the trend needs the months before PERIOD.
            return { policy, prepared: await data.prepare(policy.model, undefined) };
        });
        if (!loaded) return 1;
        const { policy, prepared } = loaded;
        let report = priceForCli(prepared, policy.model, undefined, context, !corrections);
        if (corrections) {
            report = await corrected(report, prepared, policy.model, policy.files, args.options, context, 'statement');
            printIssues(report.issues, context.stderr);
            // A statement is sent: never one whose closed periods could not be kept as billed.
            if (report.issues.some((issue) => issue.severity === 'error')) return 1;
        }
        const options = { group, period, showAwsCost: args.options['show-aws-cost'] === true, trendMonths: months };
        let rendered: string;
        try {
            rendered = format === 'md' ? renderStatementMarkdown(report, options) : renderStatementHtml(report, options);
        } catch (error) {
            if (error instanceof StatementError) throw new CliError(error.message);
            throw error;
        }
        if (format === 'pdf') await printPdf(rendered, path.resolve(context.cwd, output!), context.env);
        else if (output) await writeFileAtomically(path.resolve(context.cwd, output), rendered);
        else context.stdout.write(rendered);
        if (output) context.stderr.write(`wrote ${output}: statement of group ${group}, ${period} (${format})\n`);
        return 0;
    },
};
