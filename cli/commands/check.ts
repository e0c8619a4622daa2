import * as path from 'node:path';
import { BREACH_KINDS, findBreaches } from '../../engine/check/index.js';
import { buildCheckReport, checkFormats, renderCheckReport, type CheckFormat } from '../check/breach-report.js';
import { failOnOption } from '../check/fail-on.js';
import type { Command } from '../command.js';
import { overlapOption, overlapOptionSpec } from '../data/overlap-option.js';
import { periodOption } from '../data/periods.js';
import { withDataRead } from '../data/early-read.js';
import { priceForCli } from '../data/price-data.js';
import { writeFileAtomically } from '../output/write-output.js';
import { repeatedOption } from '../parse-args.js';
import { loadCompiledPolicy } from '../policy/load-policy.js';
import { closedPeriodChanges, policyDigest } from '../../engine/close/index.js';
import { closedPeriodsSection } from '../check/closed-report.js';
import { dataDigest, lockPath, readLock } from '../close/lock-file.js';
import { displayPath } from '../output/validation-report.js';

export const checkCommand: Command = {
    name: 'check',
    summary: 'Check budgets and margin floors: every group × period over its budget or below its margin floor',
    description: [
        'Bills the data with the policy (as `billing bill` does) and compares every group and billing period with the',
        "group's `budget` (pro forma cost above it is a breach) and margin floor (`min-margin` of the group, else of its",
        "plan: a margin % below it is a breach; the margin % is the report's, rounded to 2 decimals). Each breach is",
        'named with its figures. The output is written first; then the exit code is 1 if a breach of a --fail-on kind',
        'was found, so a CI step fails after printing why.',
        'A policy that closes periods (`closed through YYYY-MM`) is also compared with its lock file (billing close):',
        'a closed period whose figures the policy or the data would change, or one never recorded, fails the check',
        '(exit 1), located at the group (docs/closing-a-month.md).',
    ].join('\n'),
    arguments: 'POLICY…',
    argumentHelp: [['POLICY', 'the .billing file(s) of the policy (imports are followed)']],
    options: [
        { name: 'data', short: 'd', type: 'string', valueName: 'PATH', repeatable: true, description: 'CUR/FOCUS data: file, folder, glob or manifest' },
        overlapOptionSpec,
        { name: 'period', short: 'p', type: 'string', valueName: 'YYYY-MM', repeatable: true, description: 'Only these billing periods (comma-separated allowed)' },
        { name: 'fail-on', type: 'string', valueName: 'KINDS', repeatable: true, description: 'Breaches that set exit code 1: budget, margin (comma-separated), or none (default: budget,margin)' },
        { name: 'format', short: 'f', type: 'string', choices: checkFormats, default: 'text', description: 'text, json (public contract, docs/cli.md), markdown (a PR comment or job summary), github (annotations)' },
        { name: 'output', short: 'o', type: 'string', valueName: 'FILE', description: 'Write the result to FILE (atomically) instead of stdout' },
        { name: 'lock', type: 'string', valueName: 'FILE', description: 'The lock file of closed periods (default: billing.lock.json next to the first policy file)' },
    ],
    exitCodes: [
        [0, 'no breach of a --fail-on kind (other breaches are reported as warnings)'],
        [1, 'a breach of a --fail-on kind or a change to a closed period (after the output is written), or the policy has errors'],
        [2, 'usage error, missing or malformed data, or an --output that cannot be written'],
    ],
    examples: [
        ['billing check acme.billing --data cur/', 'every breach; exit 1 if any'],
        ['billing check acme.billing --data cur/ --period 2026-03 --fail-on budget', 'March only; margin breaches are warnings'],
        ['billing check acme.billing -d cur/ -f github', 'breaches as GitHub annotations on the groups'],
    ],

    async run(args, context) {
        const format = args.options.format as CheckFormat;
        const output = args.options.output as string | undefined;
        const periods = periodOption(args.options.period, 'check');
        const failOn = failOnOption(args.options['fail-on'], 'check', BREACH_KINDS);

        const loaded = await withDataRead(repeatedOption(args.options.data), context, { onOverlap: overlapOption(args.options['on-overlap']) }, async (data) => {
            const policy = await loadCompiledPolicy(args.positionals, context, 'check');
            return policy && { policy, prepared: await data.prepare(policy.model, periods) };
        });
        if (!loaded) return 1;
        const { policy, prepared } = loaded;
        const report = priceForCli(prepared, policy.model, periods, context);
        let closed;
        if (policy.model.closedThrough) {
            const file = lockPath(args.options.lock, policy.files, context.cwd);
            const lock = await readLock(file, context.cwd);
            const digests = { policy: policyDigest(policy.model), data: await dataDigest(report, context.cwd) };
            closed = closedPeriodsSection(policy.model, closedPeriodChanges(policy.model, report, lock, digests), displayPath(file, context.cwd), context.cwd, repeatedOption(args.options.data).length === 0);
        }
        const check = buildCheckReport(policy.model, report, findBreaches(policy.model, report), failOn, closed);

        const rendered = renderCheckReport(check, format, policy.model, context.cwd);
        if (output) await writeFileAtomically(path.resolve(context.cwd, output), rendered, [...policy.files, ...prepared.cube.sources]);
        else context.stdout.write(rendered);
        return check.failed ? 1 : 0;
    },
};
