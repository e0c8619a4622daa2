import { fileURLToPath } from 'node:url';
import { closedPeriodChanges, describeClosedChange, entityDigests, lockPeriod, policyDigest, withPeriod } from '../../engine/close/index.js';
import { dataDigest, lockPath, readLock } from '../close/lock-file.js';
import type { Command } from '../command.js';
import { isMonth } from '../data/periods.js';
import { withDataRead } from '../data/early-read.js';
import { priceForCli } from '../data/price-data.js';
import { UsageError } from '../errors.js';
import { displayPath } from '../output/validation-report.js';
import { writeFileAtomically } from '../output/write-output.js';
import { repeatedOption } from '../parse-args.js';
import { loadCompiledPolicy } from '../policy/load-policy.js';

export const closeCommand: Command = {
    name: 'close',
    summary: 'Close a billing period: record what was billed for it in the lock file, so that it stays as billed',
    description: [
        'Bills PERIOD (as `billing bill --period PERIOD` does) and records each group\'s exact figures, the unassigned',
        'cost and digests of the data files and the policy in the lock file (billing.lock.json next to the policy, or',
        '--lock). The policy must already say the period is closed (`closed through PERIOD` or later). From then on',
        '`billing check` fails when the policy or the data would change what was billed. A period already in the lock',
        'file is never rewritten: closing it again succeeds only when its figures are unchanged.',
        'How-to: docs/closing-a-month.md.',
    ].join('\n'),
    arguments: 'PERIOD POLICY…',
    argumentHelp: [['PERIOD', 'the billing period to close, YYYY-MM'], ['POLICY', 'the .billing file(s) of the policy (imports are followed)']],
    options: [
        { name: 'data', short: 'd', type: 'string', valueName: 'PATH', repeatable: true, description: 'CUR/FOCUS data: file, folder, glob or manifest' },
        { name: 'lock', type: 'string', valueName: 'FILE', description: 'The lock file (default: billing.lock.json next to the first policy file)' },
    ],
    exitCodes: [
        [0, 'the period was recorded (or was already, with the same figures)'],
        [1, 'the policy has errors or does not close the period, the period was closed with other figures, or the bill has an error-level issue'],
        [2, 'usage error (no or bad PERIOD), missing or malformed data or lock file, the period not in the data'],
    ],
    examples: [
        ['billing close 2026-03 acme.billing --data cur/', 'record March as billed (the policy says `closed through 2026-03`)'],
        ['billing close 2026-03 acme.billing -d cur/ --lock ledger/acme.lock.json', 'a lock file elsewhere'],
    ],

    async run(args, context) {
        const [period, ...policyInputs] = args.positionals;
        if (period === undefined || !isMonth(period)) {
            throw new UsageError(period === undefined ? 'missing PERIOD (YYYY-MM)' : `invalid period '${period}' (expected YYYY-MM, e.g. 2026-03)`, 'close');
        }
        if (policyInputs.length === 0) throw new UsageError('missing POLICY', 'close');
        const loaded = await withDataRead(repeatedOption(args.options.data), context, {}, async (data) => {
            const policy = await loadCompiledPolicy(policyInputs, context, 'close');
            if (!policy) return undefined;
            const through = policy.model.closedThrough;
            if (!through || period > through.period) {
                const where = through?.origin ? `${displayPath(fileURLToPath(through.origin.uri), context.cwd)}:${through.origin.line}: ` : '';
                const says = through ? `it says \`closed through ${through.period}\`` : 'it has no `closed through` statement';
                context.stderr.write(`billing: ${where}the policy does not close ${period} (${says}): write \`closed through ${period}\` first\n`);
                return undefined;
            }
            const file = lockPath(args.options.lock, policy.files, context.cwd);
            const lock = await readLock(file, context.cwd);
            return { model: policy.model, file, lock, prepared: await data.prepare(policy.model, [period]) };
        });
        if (!loaded) return 1;
        const { model, file, lock, prepared } = loaded;
        const lockName = displayPath(file, context.cwd);
        const report = priceForCli(prepared, model, [period], context);
        if (report.issues.some((issue) => issue.severity === 'error')) return 1;
        const digests = { policy: policyDigest(model), data: await dataDigest(report, context.cwd) };

        if (lock.periods.some((entry) => entry.period === period)) {
            const changes = closedPeriodChanges(model, report, lock, digests);
            if (changes.length === 0) {
                context.stdout.write(`${period} is already closed in ${lockName}, with the same figures\n`);
                return 0;
            }
            for (const change of changes) context.stderr.write(`error closed-period: ${describeClosedChange(change, lockName)}\n`);
            context.stderr.write(`billing: ${period} was closed with other figures; a closed period is not rewritten (bill the difference in the first open period: \`billing bill --corrections\`)\n`);
            return 1;
        }
        const entry = lockPeriod(report, period, { ...digests, entities: entityDigests(model) }, new Date());
        await writeFileAtomically(file, `${JSON.stringify(withPeriod(lock, entry), null, 2)}\n`);
        const groups = entry.groups.length;
        context.stdout.write(`closed ${period} in ${lockName}: ${groups} group${groups === 1 ? '' : 's'}, ` +
            `pro forma cost ${report.total.proformaCost} ${report.currency}, unassigned AWS cost ${entry.unassignedAwsCost}\n`);
        return 0;
    },
};

