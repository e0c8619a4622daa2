import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import {
    abcToPolicyText, AbcConfigError, isCloudFormation, isListOutput, readCloudFormation, readListOutputs, readSourceFile, type AbcFinding, type SourceFile,
} from '../../engine/abc-config/index.js';
import { compileLoadedPolicy, createBillingServices, formatPolicyText, loadPolicyTexts } from '../../language/index.js';
import type { Command } from '../command.js';
import { printFindings } from '../abc-config/print-findings.js';
import { CliError, isNodeIoError, UsageError } from '../errors.js';
import { formatText } from '../output/text-format.js';
import { buildValidationReport } from '../output/validation-report.js';
import { writeFileAtomically } from '../output/write-output.js';

export const importConfigCommand: Command = {
    name: 'import-config',
    summary: 'Write a .billing policy from an AWS Billing Conductor configuration (CloudFormation, or aws billingconductor list-* JSON)',
    description: [
        'Reads a CloudFormation template (JSON or YAML, with !Ref/!GetAtt/Fn:: forms; parameters stand for their',
        'Default) of AWS::BillingConductor::PricingRule, PricingPlan, BillingGroup and CustomLineItem resources, or',
        'the JSON that `aws billingconductor` prints for list-billing-groups, list-pricing-plans, list-pricing-rules,',
        'list-custom-line-items and list-account-associations (one file or several; a plan\'s rules come from',
        'list-pricing-rules-associated-to-pricing-plan, what a percentage item is of from',
        'list-resources-associated-to-custom-line-item), and writes the equivalent policy, formatted.',
        'Other resource types are ignored with a note. What the files leave unknown (a plan\'s rules, a group\'s',
        'accounts, an item\'s base) is reported and nothing is written (exit 1) unless --allow-lossy.',
        'Anything unexpected is an error naming the file, the line and the JSON path (exit 2).',
    ].join('\n'),
    arguments: 'FILE…',
    argumentHelp: [['FILE', 'a CloudFormation template (.yaml, .yml, .json, .template), or list-* outputs (.json)']],
    options: [
        { name: 'output', short: 'o', type: 'string', valueName: 'FILE.billing', description: 'Write the policy to FILE (atomically) instead of stdout' },
        { name: 'allow-lossy', type: 'boolean', description: 'Write even when the input leaves part of the configuration unknown' },
    ],
    exitCodes: [
        [0, 'written'],
        [1, 'part of the configuration is unknown or the result does not validate (nothing written)'],
        [2, 'usage error, unreadable or malformed input (file, line and JSON path), or the output cannot be written'],
    ],
    examples: [
        ['billing import-config abc.yaml -o policy.billing', 'a CloudFormation template'],
        ['billing import-config groups.json plans.json rules.json items.json accounts.json -o policy.billing', 'what the AWS CLI lists'],
    ],

    async run(args, context) {
        if (args.positionals.length === 0) throw new UsageError('missing FILE: a CloudFormation template or aws billingconductor list-* output', 'import-config');
        const output = args.options.output as string | undefined;
        if (output !== undefined && !output.endsWith('.billing')) throw new UsageError(`'--output ${output}': the file name must end in .billing`, 'import-config');
        const files = args.positionals.map((file) => path.resolve(context.cwd, file));
        const sources: SourceFile[] = [];
        try {
            for (const [i, file] of files.entries()) {
                const text = await readFile(file, 'utf8').catch((error: unknown) => {
                    if (isNodeIoError(error)) throw new CliError(`${args.positionals[i]}: cannot read (${error.code === 'ENOENT' ? 'no such file' : error.code})`);
                    throw error;
                });
                sources.push(readSourceFile(args.positionals[i]!, text));
            }
            const templates = sources.filter((source) => isCloudFormation(source.value));
            const lists = sources.filter((source) => isListOutput(source.value));
            const other = sources.find((source) => !templates.includes(source) && !lists.includes(source));
            if (other) other.fail([], 'expected a CloudFormation template (Resources) or the JSON of aws billingconductor list-* (BillingGroups, PricingPlans, PricingRules, CustomLineItems, LinkedAccounts…)');
            if (templates.length > 1 || (templates.length === 1 && lists.length > 0)) throw new UsageError('give one CloudFormation template, or list-* outputs, not both', 'import-config');
            const { config, findings } = templates.length === 1 ? readCloudFormation(templates[0]!) : readListOutputs(lists);
            const { text, findings: textFindings } = abcToPolicyText(config, [`Imported by billing import-config from ${args.positionals.map((file) => path.basename(file)).join(', ')}.`]);
            const all: AbcFinding[] = [...findings, ...textFindings];
            const services = createBillingServices(NodeFileSystem).Billing;
            const target = output ? path.resolve(context.cwd, output) : path.resolve(context.cwd, 'imported.billing');
            const formatted = await formatPolicyText(text, services, URI.file(target));
            if (formatted === undefined) throw new CliError('internal error: the imported policy does not parse (please report it with the input)');
            const blocking = printFindings(all, context.stderr, context.cwd);
            const compiled = compileLoadedPolicy(await loadPolicyTexts([{ uri: URI.file(target), text: formatted }], services));
            if (compiled.errors) {
                context.stderr.write(formatText(buildValidationReport([target], compiled.errors, context.cwd)));
                context.stderr.write('billing: the imported configuration is not a valid policy as it stands (see the errors above); nothing written\n');
                return 1;
            }
            if (blocking > 0 && args.options['allow-lossy'] !== true) {
                context.stderr.write(`billing: ${blocking} part${blocking === 1 ? '' : 's'} of the configuration unknown; nothing written (--allow-lossy writes anyway)\n`);
                return 1;
            }
            if (output) {
                await writeFileAtomically(target, formatted, files);
                context.stderr.write(`wrote ${output}: ${config.rules.length} rules, ${config.plans.length} plans, ${config.groups.length} groups, ${config.lineItems.length} custom line items\n`);
            } else context.stdout.write(formatted);
            return 0;
        } catch (error) {
            if (error instanceof AbcConfigError) throw new CliError(error.message);
            throw error;
        }
    },
};
