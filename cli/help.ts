import type { Command, OptionSpec } from './command.js';
import { helpOption } from './parse-args.js';

/** Top-level exit codes: the contract every command follows. */
export const exitCodeHelp: readonly (readonly [number, string])[] = [
    [0, 'success'],
    [1, 'findings: validation errors (also in a policy given to bill or export), or a threshold such as --max-warnings exceeded'],
    [2, 'usage error (unknown command or option, bad value) or I/O error (missing or unreadable path, malformed data)'],
];

export function renderGlobalHelp(commands: readonly Command[], version: string): string {
    const width = Math.max(...commands.map((command) => command.name.length));
    return [
        `billing ${version}: chargeback policies as code (an offline AWS Billing Conductor).`,
        '',
        'Usage: billing <command> [options] [arguments]',
        '       billing <command> --help',
        '',
        'Commands:',
        ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
        '',
        'Options:',
        ...renderOptions([
            { name: 'help', short: 'h', type: 'boolean', description: 'Show this help and exit' },
            { name: 'version', short: 'v', type: 'boolean', description: 'Print the version and exit' },
        ]),
        '',
        'Exit codes:',
        ...renderPairs(exitCodeHelp.map(([code, meaning]) => [String(code), meaning])),
        '',
        "Run 'billing <command> --help' for a command's options and examples. Documentation: docs/cli.md.",
        '',
    ].join('\n');
}

export function renderCommandHelp(command: Command): string {
    const lines = [
        `Usage: billing ${command.name} [options]${command.arguments ? ` ${command.arguments}` : ''}`,
        '',
        command.description,
    ];
    if (command.argumentHelp?.length) lines.push('', 'Arguments:', ...renderPairs(command.argumentHelp));
    lines.push('', 'Options:', ...renderOptions([...command.options, helpOption]));
    lines.push('', 'Exit codes:', ...renderPairs(command.exitCodes.map(([code, meaning]) => [String(code), meaning])));
    if (command.examples.length > 0) {
        lines.push('', 'Examples:');
        for (const [example, explanation] of command.examples) lines.push(`  ${example}`, `      ${explanation}`);
    }
    lines.push('');
    return lines.join('\n');
}

function renderOptions(options: readonly OptionSpec[]): string[] {
    return renderPairs(options.map((option) => {
        const flag = `${option.short ? `-${option.short}, ` : '    '}--${option.name}`;
        const value = option.type === 'string' ? ` <${option.choices ? option.choices.join('|') : option.valueName ?? 'value'}>` : '';
        const fallback = option.default !== undefined ? ` (default: ${option.default})` : '';
        const repeat = option.repeatable ? ' (repeatable)' : '';
        return [`${flag}${value}`, `${option.description}${fallback}${repeat}`];
    }));
}

function renderPairs(pairs: readonly (readonly [string, string])[]): string[] {
    const width = Math.max(...pairs.map(([left]) => left.length));
    return pairs.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
