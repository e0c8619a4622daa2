import { BREACH_KINDS, type BreachKind } from '../../engine/check/index.js';
import { UsageError } from '../errors.js';
import { listOption } from '../parse-args.js';

/**
 * The `--fail-on` kinds (`budget`, `margin`, comma-separated or repeated; `none` for none). `fallback` when the
 * option is absent. An unknown kind is a usage error naming the known ones.
 */
export function failOnOption(value: string | readonly string[] | boolean | undefined, command: string, fallback: readonly BreachKind[]): Set<BreachKind> {
    const given = listOption(value);
    if (given.length === 0) return new Set(fallback);
    const kinds = new Set<BreachKind>();
    for (const kind of given) {
        if (kind === 'none') continue;
        if (!(BREACH_KINDS as readonly string[]).includes(kind)) {
            throw new UsageError(`invalid value '${kind}' for '--fail-on' (expected ${[...BREACH_KINDS, 'none'].join(', ')}, comma-separated)`, command);
        }
        kinds.add(kind as BreachKind);
    }
    return kinds;
}
