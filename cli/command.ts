import type { CliContext } from './context.js';

/** One option of a command, described once for both argument parsing and `--help`. */
export interface OptionSpec {
    /** Long name without dashes: `max-warnings` for `--max-warnings`. */
    readonly name: string;
    /** One-letter alias without dash. */
    readonly short?: string;
    readonly type: 'boolean' | 'string';
    /** Placeholder shown in help for a string option: `N`, `FILE`. */
    readonly valueName?: string;
    /** Accepted values of a string option; anything else is a usage error. */
    readonly choices?: readonly string[];
    readonly default?: string;
    /** A string option that may be given several times: its value is then the list of values, in order. */
    readonly repeatable?: boolean;
    readonly description: string;
}

export type OptionValues = Readonly<Record<string, string | readonly string[] | boolean | undefined>>;

export interface ParsedArgs {
    readonly options: OptionValues;
    readonly positionals: readonly string[];
}

/**
 * A `billing` sub-command. Adding a command = one file in cli/commands/ exporting a Command,
 * plus one line in cli/commands/index.ts.
 */
export interface Command {
    readonly name: string;
    /** One line, shown in `billing --help`. */
    readonly summary: string;
    /** Paragraph(s) shown under the usage line of `billing <command> --help`. */
    readonly description: string;
    /** Positional arguments as shown in the usage line, e.g. `[file|dir|glob…]`. */
    readonly arguments: string;
    /** Explanation of each positional argument for `--help`: [name, description]. */
    readonly argumentHelp?: readonly (readonly [string, string])[];
    /** The command's own options (`--help` is added to every command). */
    readonly options: readonly OptionSpec[];
    /** Exit code → meaning, shown in `--help`. */
    readonly exitCodes: readonly (readonly [number, string])[];
    /** Command line → what it does, shown in `--help`. */
    readonly examples: readonly (readonly [string, string])[];
    /** Runs the command and returns the process exit code. Throw UsageError/CliError for user mistakes. */
    run(args: ParsedArgs, context: CliContext): Promise<number>;
}
