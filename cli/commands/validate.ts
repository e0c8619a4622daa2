import * as path from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { billTogether, createBillingServices, loadPolicyFiles, type BillingServices, type FileDiagnostic } from '../../language/index.js';
import { issueByCode } from '../../language/validation/index.js';
import type { Command } from '../command.js';
import type { CliContext } from '../context.js';
import { runDataChecks, type DataCheckOptions } from '../data/data-validation.js';
import { periodOption } from '../data/periods.js';
import { UsageError } from '../errors.js';
import { withManifestEntries } from '../files/billing-manifests.js';
import { expandPolicyInputs } from '../files/expand-inputs.js';
import { formatGithub } from '../output/github-format.js';
import { formatJson } from '../output/json-format.js';
import { formatSarif, type CodeDescription } from '../output/sarif-format.js';
import { formatText } from '../output/text-format.js';
import { buildValidationReport, summaryLine, type ValidationReport } from '../output/validation-report.js';
import { writeFileAtomically } from '../output/write-output.js';
import { nonNegativeInteger, repeatedOption } from '../parse-args.js';
import { productVersion } from '../version.js';

const formats = ['text', 'json', 'sarif', 'github'] as const;
type Format = (typeof formats)[number];

/** What validate needs from the language; tests of the CLI logic alone pass a stub. */
export interface PolicyValidator {
    /**
     * Loads the files and their imports, runs the data-aware checks when there is data; returns every loaded file
     * (absolute) and every diagnostic.
     */
    (files: readonly string[], data: DataCheckOptions, context: CliContext, billedTogether?: boolean): Promise<{ readonly files: readonly string[]; readonly diagnostics: readonly FileDiagnostic[] }>;
}

const validateWithLanguage: PolicyValidator = async (files, data, context, billedTogether = false) => {
    let services: BillingServices | undefined;
    if (billedTogether) {
        services = createBillingServices(NodeFileSystem).Billing;
        billTogether(files.map((file) => URI.file(file)), services);
    }
    const loaded = await loadPolicyFiles(billedTogether ? files : await withManifestEntries(files, context.cwd), services);
    // The data checks add to the documents' diagnostics, so they are read after them.
    await runDataChecks(loaded, data, context);
    const diagnostics = loaded.documents.flatMap((document) => (document.diagnostics ?? []).map((diagnostic) => ({ file: document.uri.fsPath, diagnostic })));
    return { files: loaded.documents.map((document) => document.uri.fsPath), diagnostics };
};

export function createValidateCommand(validate: PolicyValidator): Command {
    return {
        name: 'validate',
        summary: 'Check .billing policies: syntax, references and semantic rules (CI gate)',
        description: [
            'Parses, links and validates .billing files and everything they import, and reports every diagnostic.',
            'Without arguments, validates every .billing file under the current directory (recursively, skipping',
            'node_modules and dot-folders). Diagnostics go to stdout; the text summary goes to stderr.',
            'With billing data (--data, else each policy\'s `data` statements), also runs the data-aware checks (BIL100 and',
            'up: accounts, services, usage types and operations not in the data, rules matching nothing, groups without',
            'usage, budgets exceeded, margins below their floor) with the editor\'s codes and messages, on the latest',
            'period of the data or --period. Without data (the bundled sample is never used here) they are skipped.',
            'Files billed together (a billing.json {"entries": [...]} above them lists them, or --billed-together) are',
            'checked as one policy: an account in groups of two of them, or a name declared in two, is an error.',
        ].join('\n'),
        arguments: '[file|dir|glob…]',
        argumentHelp: [
            ['file', 'a .billing policy file'],
            ['dir', 'every .billing file under it, recursively'],
            ['glob', "a pattern such as 'policies/**/*.billing' (quote it so the shell does not expand it)"],
        ],
        options: [
            { name: 'format', short: 'f', type: 'string', choices: formats, default: 'text', description: 'Output format (see docs/cli.md)' },
            { name: 'data', short: 'd', type: 'string', valueName: 'PATH', repeatable: true, description: 'CUR/FOCUS data for the data-aware checks (BIL100+): file, folder, glob or manifest' },
            { name: 'period', short: 'p', type: 'string', valueName: 'YYYY-MM', description: 'The period budgets, margins and usage are checked in (default: the latest in the data)' },
            { name: 'lock', type: 'string', valueName: 'FILE', description: 'With data: the lock file closed periods are compared with (BIL110; default: billing.lock.json next to the file saying `closed through`)' },
            { name: 'billed-together', type: 'boolean', description: 'The files named are one bill (as `billing bill` bills them): accounts, names and ids checked across them' },
            { name: 'max-warnings', type: 'string', valueName: 'N', description: 'Exit 1 when there are more than N warnings' },
            { name: 'output', short: 'o', type: 'string', valueName: 'FILE', description: 'Write the report to FILE (atomically) instead of stdout' },
        ],
        exitCodes: [
            [0, 'no errors (warnings allowed, up to --max-warnings)'],
            [1, 'errors found, or more warnings than --max-warnings'],
            [2, 'usage error, missing or unreadable path, no .billing file found, or missing, unreadable or malformed data'],
        ],
        examples: [
            ['billing validate', 'every .billing file under the current directory'],
            ['billing validate policies/ --max-warnings 0', 'fail on any error or warning'],
            ["billing validate 'policies/**/*.billing' --format json", 'machine-readable report (shape in docs/cli.md)'],
            ['billing validate --format sarif -o billing.sarif', 'SARIF 2.1.0 for GitHub code scanning'],
            ['billing validate --format github', 'annotations on the pull request when run in GitHub Actions'],
            ['billing validate policies/ --data cur/ --format sarif -o billing.sarif', 'with the data-aware checks (BIL100+) on last month\'s CUR'],
        ],

        async run(args, context) {
            const format = args.options.format as Format;
            const maxWarningsText = args.options['max-warnings'] as string | undefined;
            const maxWarnings = maxWarningsText === undefined ? undefined : nonNegativeInteger(maxWarningsText, 'max-warnings', 'validate');
            const output = args.options.output as string | undefined;

            const periods = periodOption(args.options.period, 'validate');
            if (periods && periods.length > 1) throw new UsageError('--period takes one period for validate (the one budgets and margins are checked in)', 'validate');
            const inputs = await expandPolicyInputs(args.positionals, context.cwd);
            // json and sarif on stdout are complete documents: the `data:` line is kept off stderr for them too.
            const quiet = (format === 'json' || format === 'sarif') && !output;
            const dataContext: CliContext = quiet ? { ...context, stderr: { write: () => undefined } } : context;
            const result = await validate(inputs, { dataOption: repeatedOption(args.options.data), period: periods?.[0], lock: args.options.lock as string | undefined }, dataContext, args.options['billed-together'] === true);
            const report = buildValidationReport(result.files, result.diagnostics, context.cwd);

            const rendered = render(report, format, context.cwd);
            if (output) await writeFileAtomically(path.resolve(context.cwd, output), rendered, result.files);
            else context.stdout.write(rendered);

            // json and sarif on stdout are complete documents: keep stderr quiet for them unless something is wrong.
            if (format === 'text' || format === 'github' || output) context.stderr.write(`${summaryLine(report.summary)}\n`);
            const tooManyWarnings = maxWarnings !== undefined && report.summary.warnings > maxWarnings;
            if (tooManyWarnings) {
                const count = report.summary.warnings;
                context.stderr.write(`billing: ${count} warning${count === 1 ? ' exceeds' : 's exceed'} --max-warnings ${maxWarnings}\n`);
            }
            return report.summary.errors > 0 || tooManyWarnings ? 1 : 0;
        },
    };
}

export const validateCommand: Command = createValidateCommand(validateWithLanguage);

function render(report: ValidationReport, format: Format, cwd: string): string {
    switch (format) {
        case 'text': return formatText(report);
        case 'json': return formatJson(report);
        case 'sarif': return formatSarif(report, { toolVersion: productVersion(), cwd, describeCode });
        case 'github': return formatGithub(report);
    }
}

/** The catalogue's summary and explanation of a code (docs/diagnostics.md is rendered from the same entries). */
function describeCode(code: string): CodeDescription | undefined {
    const issue = issueByCode(code);
    return issue && { name: issue.name, summary: issue.summary, explanation: issue.explanation };
}
