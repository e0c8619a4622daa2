import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { diffReports, type PolicyDiffReport } from '../../engine/diff/index.js';
import type { CostReport } from '../../engine/index.js';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { overlapOption, overlapOptionSpec } from '../data/overlap-option.js';
import { periodOption } from '../data/periods.js';
import { withDataRead } from '../data/early-read.js';
import { prepareData, priceForCli } from '../data/price-data.js';
import { loadDiffSide } from '../diff/load-side.js';
import { readBaselineReport } from '../diff/baseline-report.js';
import { changesOverThresholds, changeThresholds, type ChangeThreshold } from '../diff/change-threshold.js';
import { DIFF_COMMENT_MARKER, diffFormats, renderDiff, type DiffFormat } from '../diff/render-diff.js';
import { CliError, UsageError } from '../errors.js';
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
        'Data: --data, else BASE\'s `data` paths, else the bundled sample; never HEAD\'s (the side under review): a',
        'changed `data` statement is listed as a policy change. markdown is ready to paste as a PR comment',
        `(its first line is the marker ${DIFF_COMMENT_MARKER}, so a CI step can update its previous comment).`,
        'With --compare-to REPORT.json (a saved `billing bill -f json`), BASE is that report and only HEAD is named;',
        'HEAD is priced on the periods of the report unless --period says otherwise.',
        '--fail-on-change ABS|PCT% exits 1, after the output, when a group\'s (or the total) pro forma cost moves more.',
    ].join('\n'),
    arguments: 'BASE HEAD | --compare-to REPORT.json HEAD',
    argumentHelp: [
        ['BASE', 'the policy before: a .billing file, or REV:PATH (e.g. origin/main:policies/acme.billing)'],
        ['HEAD', 'the policy after, in the same forms'],
    ],
    options: [
        { name: 'data', short: 'd', type: 'string', valueName: 'PATH', repeatable: true, description: 'CUR/FOCUS data: file, folder, glob or manifest' },
        overlapOptionSpec,
        { name: 'period', short: 'p', type: 'string', valueName: 'YYYY-MM', repeatable: true, description: 'Only these billing periods (comma-separated allowed)' },
        { name: 'format', short: 'f', type: 'string', choices: diffFormats, default: 'table', description: 'table, json (public contract, docs/cli.md) or markdown (a PR comment)' },
        { name: 'output', short: 'o', type: 'string', valueName: 'FILE', description: 'Write the diff to FILE (atomically) instead of stdout' },
        { name: 'compare-to', type: 'string', valueName: 'REPORT', description: 'BASE is a saved JSON report of `billing bill -f json` (then name HEAD only)' },
        { name: 'fail-on-change', type: 'string', valueName: 'ABS|PCT%', repeatable: true, description: 'Exit 1 (after the output) when a group\'s or the total pro forma cost changes by more than ABS (money) or PCT% of BASE' },
    ],
    exitCodes: [
        [0, 'the diff was written (whether or not anything changed)'],
        [1, 'BASE or HEAD has policy errors (printed as by validate), or a change over --fail-on-change (after the output)'],
        [2, 'usage error, a BASE/HEAD that is neither a file nor REV:PATH in a git repository, missing or malformed data'],
    ],
    examples: [
        ['billing diff origin/main:policies/acme.billing policies/acme.billing --data cur/', 'the working copy against main'],
        ['billing diff HEAD~1:acme.billing HEAD:acme.billing -f markdown > comment.md', 'the last commit, as a PR comment'],
        ['billing diff old.billing new.billing -f json -p 2026-03', 'two files, one month, the JSON contract'],
        ['billing diff --compare-to last-month.json acme.billing -d cur/ --fail-on-change 5%', 'against a saved bill; exit 1 on a change over 5%'],
    ],

    async run(args, context) {
        const compareTo = args.options['compare-to'] as string | undefined;
        const expected = compareTo === undefined ? 2 : 1;
        if (args.positionals.length !== expected) {
            const what = compareTo === undefined ? 'BASE and HEAD (two policies)' : 'HEAD only (BASE is the --compare-to report)';
            throw new UsageError(`expected ${what}, got ${args.positionals.length} argument${args.positionals.length === 1 ? '' : 's'}`, 'diff');
        }
        const format = args.options.format as DiffFormat;
        const output = args.options.output as string | undefined;
        const thresholds = changeThresholds(repeatedOption(args.options['fail-on-change']));
        if (compareTo !== undefined) return await diffAgainstReport(compareTo, args.positionals[0]!, { format, output, thresholds, data: repeatedOption(args.options.data), period: args.options.period, onOverlap: overlapOption(args.options['on-overlap']) }, context);
        const [baseSpec, headSpec] = args.positionals as [string, string];
        const periods = periodOption(args.options.period, 'diff');

        const loaded = await withDataRead(repeatedOption(args.options.data), context, { onOverlap: overlapOption(args.options['on-overlap']) }, async (data) => {
            const base = await loadDiffSide(baseSpec, 'BASE', context);
            const head = await loadDiffSide(headSpec, 'HEAD', context);
            if (!base || !head) return undefined;
            // HEAD is the side under review: its `data` paths never choose the data (a PR could point them at a file that
            // hides its price change). BASE's do, or --data; a changed `data` statement is reported as a policy change.
            return { base, head, prepared: await data.prepare(base.model, periods) };
        });
        if (!loaded) return 1;
        const { base, head, prepared } = loaded;
        // Warnings of the data are the same for both sides: printed once, with HEAD's pricing warnings.
        const baseReport = priceForCli(prepared, base.model, periods, context, false);
        const headReport = priceForCli(prepared, head.model, periods, context);
        const diff = diffReports({
            base: { side: { source: base.source, files: base.files }, model: base.model, report: baseReport },
            head: { side: { source: head.source, files: head.files }, model: head.model, report: headReport },
        });

        return await writeDiff(diff, { format, output, thresholds }, context, [...base.files, ...head.files].map((file) => path.resolve(context.cwd, file)).concat(prepared.cube.sources));
    },
};

interface DiffOutput {
    readonly format: DiffFormat;
    readonly output: string | undefined;
    readonly thresholds: readonly ChangeThreshold[];
}

/** The diff out first; then the changes over --fail-on-change on stderr decide the exit code. */
async function writeDiff(diff: PolicyDiffReport, options: DiffOutput, context: CliContext, inputs: readonly string[]): Promise<number> {
    const rendered = renderDiff(diff, options.format);
    if (options.output) await writeFileAtomically(path.resolve(context.cwd, options.output), rendered, inputs);
    else context.stdout.write(rendered);
    const over = changesOverThresholds(diff, options.thresholds);
    for (const line of over) context.stderr.write(`error change: ${line}\n`);
    return over.length > 0 ? 1 : 0;
}

/**
 * The data HEAD is priced on: --data, else the files the saved report was billed from (its `data.sources`, relative
 * to the working directory as `bill` wrote them). Never HEAD's own `data` statements: HEAD is the side under review,
 * and a pull request could point them at a file that hides its price change (as in the two-policy diff).
 */
function baselineData(dataOption: readonly string[], baseline: CostReport, reportPath: string, context: CliContext): readonly string[] {
    if (dataOption.length > 0) return dataOption;
    const named: unknown = baseline.data?.sources;
    const sources = Array.isArray(named) && named.every((source) => typeof source === 'string') ? named as string[] : [];
    const missing = sources.filter((source) => !existsSync(path.resolve(context.cwd, source)));
    if (sources.length === 0 || missing.length > 0) {
        const which = sources.length === 0 ? 'names no data files' : `was billed from ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not here`;
        throw new CliError(`--compare-to ${reportPath}: the report ${which}: pass the data with --data`);
    }
    return sources;
}

/** BASE is a saved report: HEAD is priced on the same periods (unless --period) and compared with it. */
async function diffAgainstReport(
    reportPath: string, headSpec: string,
    options: DiffOutput & { readonly data: string[]; readonly period: unknown; readonly onOverlap: ReturnType<typeof overlapOption> },
    context: CliContext,
): Promise<number> {
    const loaded = await withDataRead(options.data, context, { onOverlap: options.onOverlap }, async (data) => {
        const baseline = await readBaselineReport(path.resolve(context.cwd, reportPath), reportPath);
        const head = await loadDiffSide(headSpec, 'HEAD', context);
        if (!head) return undefined;
        const periods = periodOption(options.period as string | string[] | undefined, 'diff') ?? [...baseline.periods];
        // Without --data, the files the report was billed from (never HEAD's `data` statements, which data.prepare would read).
        const prepared = options.data.length > 0
            ? await data.prepare(head.model, periods)
            : await prepareData(baselineData(options.data, baseline, reportPath, context), head.model, periods, context, { onOverlap: options.onOverlap });
        return { baseline, head, periods, prepared };
    });
    if (!loaded) return 1;
    const { baseline, head, periods, prepared } = loaded;
    const headReport = priceForCli(prepared, head.model, periods, context);
    if (baseline.currency !== headReport.currency) {
        throw new CliError(`--compare-to ${reportPath}: the report is in ${baseline.currency}, the data in ${headReport.currency}`);
    }
    // Only the periods both cover are compared; the report's other periods are left out of BASE.
    const base: CostReport = { ...baseline, groups: baseline.groups.filter((line) => periods.includes(line.period)) };
    if (baseline.data && (baseline.data.rows !== headReport.data.rows || baseline.data.format !== headReport.data.format)) {
        context.stderr.write(`warning: --compare-to ${reportPath} was computed on other data (${baseline.data.rows} rows of ${baseline.data.format}; now ${headReport.data.rows} of ${headReport.data.format}): the AWS cost may differ as well\n`);
    }
    const diff = diffReports({
        base: { side: { source: reportPath, files: [reportPath] }, report: base },
        head: { side: { source: head.source, files: head.files }, model: head.model, report: headReport },
    });
    return await writeDiff(diff, options, context, [path.resolve(context.cwd, reportPath), ...head.files.map((file) => path.resolve(context.cwd, file)), ...prepared.cube.sources]);
}
