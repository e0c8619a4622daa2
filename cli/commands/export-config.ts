import * as path from 'node:path';
import { checkAbcQuotas, policyToAbc, renderCloudFormation, toAbcApiRequests, toCloudFormation, toTerraform, type AbcFinding } from '../../engine/abc-config/index.js';
import type { Command } from '../command.js';
import { printFindings } from '../abc-config/print-findings.js';
import { UsageError } from '../errors.js';
import { writeFileAtomically } from '../output/write-output.js';
import { loadCompiledPolicy } from '../policy/load-policy.js';

const FORMATS = ['cloudformation', 'cloudformation-json', 'terraform', 'abc-json'] as const;

export const exportConfigCommand: Command = {
    name: 'export-config',
    summary: 'Write what deploys the policy to AWS Billing Conductor: CloudFormation, Terraform (awscc) or ABC API requests',
    description: [
        'Writes the policy as AWS Billing Conductor resources: pricing rules, pricing plans (naming their rules),',
        'billing groups (primary account, accounts, plan, auto-associate) and custom line items (flat or percentage,',
        'of the group and/or flat items, filters, allocated account, itemized, presented-as, billing period range).',
        'cloudformation: a YAML template (!GetAtt references); cloudformation-json: the same template as JSON;',
        'terraform: resources of the awscc provider; abc-json: the Create*/Associate* request bodies of the ABC API',
        'in dependency order ({{Kind:name}} stands for the Arn an earlier request returns).',
        'What ABC cannot express (membership ranges, budgets, margin floors, filters beyond one, line item ranges',
        'other than one month or recurring) and what ABC would refuse (its quotas, name patterns and lengths) is',
        'printed on stderr per construct with its file:line, and nothing is written (exit 1) unless --allow-lossy.',
        'Notes (payer, account names, data paths, closed periods: not ABC resources) never fail.',
    ].join('\n'),
    arguments: 'POLICY…',
    argumentHelp: [['POLICY', 'the .billing file(s) of the policy (imports are followed)']],
    options: [
        { name: 'format', short: 'f', type: 'string', valueName: 'FORMAT', choices: FORMATS, default: 'cloudformation', description: 'cloudformation (YAML; JSON when --output ends in .json), cloudformation-json, terraform or abc-json' },
        { name: 'output', short: 'o', type: 'string', valueName: 'FILE', description: 'Write to FILE (atomically) instead of stdout' },
        { name: 'allow-lossy', type: 'boolean', description: 'Write even when ABC cannot express part of the policy (the findings are still printed; exit 0)' },
    ],
    exitCodes: [
        [0, 'written (with --allow-lossy, also when something was lost)'],
        [1, 'the policy has errors, or ABC cannot express part of it or would refuse it (nothing written)'],
        [2, 'usage error, unreadable policy, or the output cannot be written'],
    ],
    examples: [
        ['billing export-config acme.billing -o abc.yaml', 'a CloudFormation template (aws cloudformation deploy --template-file abc.yaml)'],
        ['billing export-config acme.billing -f terraform -o billing-conductor.tf', 'the same for Terraform (awscc provider)'],
        ['billing export-config acme.billing -f abc-json --allow-lossy', 'the API requests, even if budgets are lost'],
    ],

    async run(args, context) {
        const output = args.options.output as string | undefined;
        // A template named *.json is the JSON form unless a format was asked for.
        const asked = args.options.format as (typeof FORMATS)[number];
        const format = asked === 'cloudformation' && output !== undefined && /\.json$/i.test(output) ? 'cloudformation-json' : asked;
        if (output === '') throw new UsageError("'--output' needs a file name", 'export-config');
        const policy = await loadCompiledPolicy(args.positionals, context, 'export-config');
        if (!policy) return 1;
        const { config, findings } = policyToAbc(policy.model);
        const all: AbcFinding[] = [...findings, ...checkAbcQuotas(config)];
        const source = args.positionals.map((file) => path.basename(file)).join(', ');
        const header = `AWS Billing Conductor configuration of ${source}, written by billing export-config`;
        let text: string;
        if (format === 'terraform') text = toTerraform(config, header);
        else if (format === 'abc-json') {
            const api = toAbcApiRequests(config);
            all.push(...api.findings);
            text = `${JSON.stringify(api.requests, null, 2)}\n`;
        } else text = renderCloudFormation(toCloudFormation(config, header), format === 'cloudformation' ? 'yaml' : 'json');
        const blocking = printFindings(all, context.stderr, context.cwd);
        if (blocking > 0 && args.options['allow-lossy'] !== true) {
            context.stderr.write(`billing: ${blocking} construct${blocking === 1 ? '' : 's'} ABC cannot take as written; nothing written (--allow-lossy writes anyway)\n`);
            return 1;
        }
        if (output) {
            await writeFileAtomically(path.resolve(context.cwd, output), text, policy.files);
            context.stderr.write(`wrote ${output}: ${config.rules.length} pricing rules, ${config.plans.length} plans, ${config.groups.length} billing groups, ${config.lineItems.length} custom line items\n`);
        } else context.stdout.write(text);
        return 0;
    },
};
