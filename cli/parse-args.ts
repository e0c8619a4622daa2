import { parseArgs } from 'node:util';
import type { OptionSpec, OptionValues, ParsedArgs } from './command.js';
import { UsageError } from './errors.js';
import { closest } from './suggest.js';

/** `--help` / `-h`, accepted by every command. */
export const helpOption: OptionSpec = { name: 'help', short: 'h', type: 'boolean', description: 'Show this help and exit' };

/**
 * Parses a command's arguments against its option specs. Unlike parseArgs' strict mode, every mistake
 * becomes a UsageError whose message names the option and the command (for the `--help` pointer).
 */
export function parseCommandArgs(args: readonly string[], specs: readonly OptionSpec[], command: string): ParsedArgs {
    const all = [...specs, helpOption];
    const config: Record<string, { type: 'boolean' | 'string'; short?: string }> = {};
    for (const spec of all) config[spec.name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
    const { tokens } = parseArgs({ args: [...args], options: config, strict: false, allowPositionals: true, tokens: true });

    const options: Record<string, string | string[] | boolean | undefined> = {};
    const positionals: string[] = [];
    for (const token of tokens) {
        if (token.kind === 'positional') {
            positionals.push(token.value);
            continue;
        }
        if (token.kind !== 'option') continue;
        const spec = all.find((candidate) => candidate.name === token.name);
        if (!spec) {
            const hint = closest(token.rawName.replace(/^-+/, ''), all.map((candidate) => candidate.name));
            throw new UsageError(`unknown option '${token.rawName}'${hint ? ` (did you mean '--${hint}'?)` : ''}`, command);
        }
        if (spec.type === 'boolean') {
            if (token.value !== undefined) throw new UsageError(`option '--${spec.name}' takes no value`, command);
            options[spec.name] = true;
            continue;
        }
        const value = token.value;
        if (value === undefined || (!token.inlineValue && value.startsWith('-') && value !== '-')) {
            throw new UsageError(`option '${token.rawName}' needs a value (${describeValue(spec)})`, command);
        }
        if (spec.choices && !spec.choices.includes(value)) {
            throw new UsageError(`invalid value '${value}' for '--${spec.name}' (expected one of: ${spec.choices.join(', ')})`, command);
        }
        if (spec.repeatable) options[spec.name] = [...((options[spec.name] as string[] | undefined) ?? []), value];
        else options[spec.name] = value;
    }
    for (const spec of specs) {
        if (options[spec.name] === undefined && spec.default !== undefined) options[spec.name] = spec.default;
    }
    return { options: options as OptionValues, positionals };
}

function describeValue(spec: OptionSpec): string {
    if (spec.choices) return `one of: ${spec.choices.join(', ')}`;
    return `e.g. --${spec.name}=${spec.valueName ?? 'VALUE'}`;
}

/** The values of a repeatable option, each also split at commas (`--period 2026-01,2026-02 --period 2026-03`). */
export function listOption(value: string | readonly string[] | boolean | undefined): string[] {
    if (value === undefined || typeof value === 'boolean') return [];
    const values = typeof value === 'string' ? [value] : value;
    return values.flatMap((entry) => entry.split(',')).map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** The values of a repeatable option as given (paths may hold commas, so they are not split). */
export function repeatedOption(value: string | readonly string[] | boolean | undefined): string[] {
    if (value === undefined || typeof value === 'boolean') return [];
    return typeof value === 'string' ? [value] : [...value];
}

/** A non-negative integer option value, or a UsageError naming the option. */
export function nonNegativeInteger(value: string, option: string, command: string): number {
    if (!/^\d+$/.test(value)) throw new UsageError(`option '--${option}' expects a non-negative integer, got '${value}'`, command);
    return Number(value);
}
