import * as path from 'node:path';
import { diffReports } from '../../engine/diff/index.js';
import type { Command } from '../command.js';
import { periodOption } from '../data/periods.js';
import { prepareData, priceForCli } from '../data/price-data.js';
import { loadDiffSide } from '../diff/load-side.js';
import { diffFormats, renderDiff, type DiffFormat } from '../diff/render-diff.js';
import { UsageError } from '../errors.js';
import { writeFileAtomically } from '../output/write-output.js';
import { repeatedOption } from '../parse-args.js';

export const diffCommand: Command = {
    name: 'diff',
    summary: 'Review a pricing change: two versions of a policy billed on the same data, group by group',
    description: [
        'Bills the same data with BASE and HEAD and shows, per billing group and period, the AWS cost, the pro forma',
        'cost and margin before → after and the change in money and percent; groups that appear or disappear, or',
        'receive or lose accounts, are called out; and the structural changes of the policy (rules, plans,',
        'memberships, custom line items, budgets) are listed with the groups they affect.',
        'BASE and HEAD are each a policy file or REV:PATH, the policy as committed at a git revision',
        '(`origin/main:policies/acme.billing`; PATH relative to the repository root, or to the current folder when it',
        'starts with ./ or ../). Its imports are read at the same revision; the working tree is not touched.',
        'Data: --data, else HEAD\'s `data` paths, else the bundled sample. markdown is ready to paste as a PR comment.',
    ].join('\n'),
    arguments: 'BASE HEAD',
    argumentHelp: [
        ['BASE', 'the policy before: a .billing file, or REV:PATH (e.g. origin/main:policies/acme.billing)'],
        ['HEAD', 'the policy after, in the same forms'],
    ],
    options: [
        { name: 'data', short: 'd', type: 'string', valueName: 'PATH', repeatable: true, description: 'CUR/FOCUS data: file, folder, glob or manifest' },
        { name: 'period', short: 'p', type: 'string', valueName: 'YYYY-MM', repeatable: true, description: 'Only these billing periods (comma-separated allowed)' },
        { name: 'format', short: 'f', type: 'string', choices: diffFormats, default: 'table', description: 'table, json (public contract, docs/cli.md) or markdown (a PR comment)' },
        { name: 'output', short: 'o', type: 'string', valueName: 'FILE', description: 'Write the diff to FILE (atomically) instead of stdout' },
    ],
    exitCodes: [
        [0, 'the diff was written (whether or not anything changed)'],
        [1, 'BASE or HEAD has policy errors (printed as by validate)'],
        [2, 'usage error, a BASE/HEAD that is neither a file nor REV:PATH in a git repository, missing or malformed data'],
    ],
    examples: [
        ['billing diff origin/main:policies/acme.billing policies/acme.billing --data cur/', 'the working copy against main'],
        ['billing diff HEAD~1:acme.billing HEAD:acme.billing -f markdown > comment.md', 'the last commit, as a PR comment'],
        ['billing diff old.billing new.billing -f json -p 2026-03', 'two files, one month, the JSON contract'],
    ],

    async run(args, context) {
        if (args.positionals.length !== 2) {
            throw new UsageError(`expected BASE and HEAD (two policies), got ${args.positionals.length} argument${args.positionals.length === 1 ? '' : 's'}`, 'diff');
        }
        const [baseSpec, headSpec] = args.positionals as [string, string];
        const format = args.options.format as DiffFormat;
        const output = args.options.output as string | undefined;
        const periods = periodOption(args.options.period, 'diff');

        const base = await loadDiffSide(baseSpec, 'BASE', context);
        const head = await loadDiffSide(headSpec, 'HEAD', context);
        if (!base || !head) return 1;
        const prepared = await prepareData(repeatedOption(args.options.data), head.model.dataPaths.length > 0 ? head.model : base.model, periods, context);
        // Warnings of the data are the same for both sides: printed once, with HEAD's pricing warnings.
        const baseReport = priceForCli(prepared, base.model, periods, context, false);
        const headReport = priceForCli(prepared, head.model, periods, context);
        const diff = diffReports({
            base: { side: { source: base.source, files: base.files }, model: base.model, report: baseReport },
            head: { side: { source: head.source, files: head.files }, model: head.model, report: headReport },
        });

        const rendered = renderDiff(diff, format);
        if (output) await writeFileAtomically(path.resolve(context.cwd, output), rendered);
        else context.stdout.write(rendered);
        return 0;
    },
};
