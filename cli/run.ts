import { WriteFileError } from '../engine/files/index.js';
import { PolicyLoadError } from '../language/index.js';
import type { Command } from './command.js';
import { commands as registeredCommands } from './commands/index.js';
import type { CliContext } from './context.js';
import { CliError, UsageError, isNodeIoError } from './errors.js';
import { renderCommandHelp, renderGlobalHelp } from './help.js';
import { parseCommandArgs } from './parse-args.js';
import { closest } from './suggest.js';
import { productVersion } from './version.js';

/**
 * Runs `billing ARGS…` and returns the exit code: 0 success, 1 findings, 2 usage or I/O error.
 * Never throws for user mistakes: they are printed as one line on stderr.
 */
export async function runCli(argv: readonly string[], context: CliContext, commands: readonly Command[] = registeredCommands): Promise<number> {
    try {
        return await dispatch(argv, context, commands);
    } catch (error) {
        return reportFailure(error, context);
    }
}

async function dispatch(argv: readonly string[], context: CliContext, commands: readonly Command[]): Promise<number> {
    const [first, ...rest] = argv;
    if (first === undefined) {
        context.stderr.write(renderGlobalHelp(commands, productVersion()));
        throw new UsageError('missing command');
    }
    if (first === '--help' || first === '-h') {
        context.stdout.write(renderGlobalHelp(commands, productVersion()));
        return 0;
    }
    if (first === '--version' || first === '-v') {
        context.stdout.write(`${productVersion()}\n`);
        return 0;
    }
    if (first === 'help') {
        if (rest.length === 0) {
            context.stdout.write(renderGlobalHelp(commands, productVersion()));
            return 0;
        }
        context.stdout.write(renderCommandHelp(findCommand(rest[0]!, commands)));
        return 0;
    }
    if (first.startsWith('-')) throw new UsageError(`unknown option '${first}' (options go after the command)`);

    const command = findCommand(first, commands);
    const args = parseCommandArgs(rest, command.options, command.name);
    if (args.options.help) {
        context.stdout.write(renderCommandHelp(command));
        return 0;
    }
    return await command.run(args, context);
}

function findCommand(name: string, commands: readonly Command[]): Command {
    const command = commands.find((candidate) => candidate.name === name);
    if (command) return command;
    const hint = closest(name, commands.map((candidate) => candidate.name));
    throw new UsageError(`unknown command '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
}

function reportFailure(error: unknown, context: CliContext): number {
    if (error instanceof UsageError) {
        const help = error.command ? `billing ${error.command} --help` : 'billing --help';
        context.stderr.write(`billing: ${error.message}\nSee '${help}'.\n`);
        return 2;
    }
    if (error instanceof CliError || error instanceof PolicyLoadError || error instanceof WriteFileError) {
        context.stderr.write(`billing: ${error.message}\n`);
        return 2;
    }
    if (isNodeIoError(error)) {
        context.stderr.write(`billing: ${error.message}\n`);
        return 2;
    }
    // Anything else is a bug in billing itself: show the stack so it can be reported.
    const detail = error instanceof Error ? error.stack ?? error.message : String(error);
    context.stderr.write(`billing: internal error, please report it with the command you ran:\n${detail}\n`);
    return 2;
}
